// The server under test as its own process: `quiver serve` on a fresh data directory, auth off,
// free ports, optionally under `node --cpu-prof`. Callers drive it with the real neo4j-driver.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly boltPort: number;
  readonly httpPort: number;
  /** A driver with a pool of `poolSize` connections to this server; integers come back as numbers. */
  driver(poolSize?: number): Driver;
  /** Resident memory of the server process, MiB. */
  rssMiB(): number;
  /** SIGTERM and wait: the server shuts down gracefully (and writes its CPU profile, if any). */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const address = s.address();
  await new Promise((r) => s.close(r));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

export interface StartOptions {
  readonly root: string;
  readonly dataDir: string;
  /** Directory for `--cpu-prof` output; absent = no profiler. */
  readonly cpuProfDir?: string;
}

export async function startQuiver(o: StartOptions): Promise<ServerProcess> {
  const [boltPort, httpPort] = [await freePort(), await freePort()];
  const profiler = o.cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', o.cpuProfDir];
  const serve = ['serve', '--data-dir', o.dataDir, '--auth', 'none', '--bolt-port', String(boltPort), '--http-port', String(httpPort), '--grpc-port', '0'];
  const child = spawn(process.execPath, [...profiler, join(o.root, 'bin/quiver.js'), ...serve], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitReady(child, httpPort);
  const drivers: Driver[] = [];
  return {
    child,
    boltPort,
    httpPort,
    driver(poolSize = 16) {
      const d = neo4j.driver(`bolt://127.0.0.1:${boltPort}`, neo4j.auth.basic('bench', 'unused'), {
        maxConnectionPoolSize: poolSize,
        disableLosslessIntegers: true,
        logging: { level: 'error', logger: () => {} },
      });
      drivers.push(d);
      return d;
    },
    rssMiB() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m === null ? Number.NaN : Number(m[1]) / 1024;
    },
    async stop() {
      await Promise.all(drivers.map((d) => d.close().catch(() => {})));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitReady(child: ChildProcess, httpPort: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`quiver serve exited with code ${child.exitCode}`);
    const ready = await fetch(`http://127.0.0.1:${httpPort}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  throw new Error('quiver serve did not become ready within 60 s');
}
