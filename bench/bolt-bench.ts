// `npm run bench:bolt` — the Bolt server as its own process (`quiver serve`), driven through the
// real neo4j-driver from this process, beside a raw TCP echo between the same kind of two processes
// measured in the same run (issue 5):
//   RETURN 1 round trips/s on 1 connection and on 16   vs raw echo, 100-byte messages (target: >= 50% on 1)
//   rows/s streaming UNWIND range(1, 1000000)          vs the same query in-process (target: >= 300,000 rows/s)
//   idle memory per connection                          (server RSS before/after 1,000 idle connections)
// plus the same driver loop against a canned Bolt server with no engine (bench/canned-bolt-server.ts):
// the cost of the driver and the network alone, the ceiling for any server.
// Writes bench/results/bolt-<date>.json and prints a markdown table.
//
//   node dist/bench/bolt-bench.js [--seconds 5] [--warmup-ms 3000] [--rows 1000000] [--idle 1000] [--cpu-prof DIR]
// --cpu-prof DIR runs the server under `node --cpu-prof` and leaves the .cpuprofile in DIR.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { open } from '../src/index.js';
import { beginMessage, Dechunker, endMessage } from '../src/server/bolt/chunking.js';
import { Packer } from '../src/server/bolt/packstream.js';
import { args, fmt, machine } from './lib.js';
import { freePort } from './suite/server-process.js';

const a = args();
const SECONDS = Number(a.get('seconds') ?? 5);
const ROWS = Number(a.get('rows') ?? 1_000_000);
const IDLE = Number(a.get('idle') ?? 1000);
const PROFILE_DIR = a.get('cpu-prof');
const ECHO_BYTES = 100;
const WARMUP_MS = Number(a.get('warmup-ms') ?? 3000);

const here = fileURLToPath(new URL('.', import.meta.url)); // dist/bench/
const root = resolve(here, '../..');

interface Result {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly reference?: { readonly name: string; readonly value: number };
  readonly target?: string;
  readonly met?: boolean;
}


function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m === null) throw new Error('no VmRSS');
  return Number(m[1]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(dataDir: string): Promise<{ child: ChildProcess; boltPort: number }> {
  const boltPort = await freePort();
  const httpPort = await freePort();
  const nodeArgs = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', resolve(PROFILE_DIR)] : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(root, 'bin/quiver.js'), 'serve', '--data-dir', dataDir, '--auth', 'none', '--bolt-port', String(boltPort), '--http-port', String(httpPort), '--grpc-port', '0'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${httpPort}/health/ready`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready');
    await sleep(100);
  }
  return { child, boltPort };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Starts bench/<script>.js, which prints `{"port": n}` on its first line. */
async function startChild(script: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(here, script)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) resolve((JSON.parse(text.slice(0, nl)) as { port: number }).port);
    });
    child.once('exit', (c) => reject(new Error(`${script} exited with ${c}`)));
  });
  return { child, port };
}

/** Round trips per second of `ECHO_BYTES`-byte messages on `conns` connections, one in flight each. */
async function echoRate(port: number, conns: number, seconds: number): Promise<number> {
  const msg = Buffer.alloc(ECHO_BYTES, 0x61);
  const sockets: Socket[] = await Promise.all(
    Array.from({ length: conns }, () => new Promise<Socket>((r) => {
      const s = connect(port, '127.0.0.1', () => r(s));
      s.setNoDelay(true);
    })),
  );
  const loop = (s: Socket, until: number): Promise<number> =>
    new Promise((done) => {
      let got = 0;
      let n = 0;
      const onData = (d: Buffer): void => {
        got += d.length;
        while (got >= ECHO_BYTES) {
          got -= ECHO_BYTES;
          n++;
          if (performance.now() >= until) {
            s.off('data', onData);
            done(n);
            return;
          }
          s.write(msg);
        }
      };
      s.on('data', onData);
      s.write(msg);
    });
  await Promise.all(sockets.map((s) => loop(s, performance.now() + 300))); // warm-up
  const t0 = performance.now();
  const counts = await Promise.all(sockets.map((s) => loop(s, t0 + seconds * 1000)));
  const elapsed = (performance.now() - t0) / 1000;
  for (const s of sockets) s.destroy();
  return counts.reduce((x, y) => x + y, 0) / elapsed;
}

/** `RETURN 1` round trips per second: `conns` sessions, each a sequential session.run loop. */
async function driverRate(driver: Driver, conns: number, seconds: number): Promise<number> {
  const sessions = Array.from({ length: conns }, () => driver.session());
  try {
    // Warm-up by time: the server's query path takes a few seconds of traffic to be optimised.
    const warm = performance.now() + WARMUP_MS;
    await Promise.all(sessions.map(async (s) => {
      while (performance.now() < warm) await s.run('RETURN 1');
    }));
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    const counts = await Promise.all(
      sessions.map(async (s) => {
        let n = 0;
        while (performance.now() < until) {
          const r = await s.run('RETURN 1');
          if (r.records.length !== 1) throw new Error('wrong result');
          n++;
        }
        return n;
      }),
    );
    return counts.reduce((x, y) => x + y, 0) / ((performance.now() - t0) / 1000);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

/** Rows per second streaming `UNWIND range(1, rows)` through the driver (records counted, not kept). */
async function streamRate(driver: Driver, rows: number, fetchSize?: number): Promise<number> {
  const session = driver.session(fetchSize === undefined ? {} : { fetchSize });
  try {
    const t0 = performance.now();
    const n = await new Promise<number>((resolve, reject) => {
      let count = 0;
      session.run('UNWIND range(1, $n) AS i RETURN i', { n: neo4j.int(rows) }).subscribe({
        onNext: () => {
          count++;
        },
        onCompleted: () => resolve(count),
        onError: reject,
      });
    });
    if (n !== rows) throw new Error(`streamed ${n} rows, expected ${rows}`);
    return rows / ((performance.now() - t0) / 1000);
  } finally {
    await session.close();
  }
}

/** The same query in this process, straight on the engine (no Bolt): the ceiling for streaming. */
async function inProcessRate(rows: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-bolt-bench-inproc-'));
  const db = await open(dir, { sync: false });
  try {
    const run = async (): Promise<number> => {
      const t0 = performance.now();
      const stream = await db.session().stream('UNWIND range(1, $n) AS i RETURN i', { n: BigInt(rows) });
      let n = 0;
      for (;;) {
        const batch = await stream.next(1000);
        if (batch.length === 0) break; // a short batch is not the end; an empty one is
        n += batch.length;
      }
      await stream.summary();
      if (n !== rows) throw new Error(`in-process: ${n} rows`);
      return rows / ((performance.now() - t0) / 1000);
    };
    await run();
    return await run();
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens `n` raw Bolt connections (handshake, HELLO, LOGON) and leaves them idle in READY. */
async function openIdle(port: number, n: number): Promise<Socket[]> {
  const p = new Packer();
  for (const [sig, fields] of [
    [0x01, { user_agent: 'bolt-bench/idle' }],
    [0x6a, { scheme: 'none' }],
  ] as const) {
    const s = beginMessage(p);
    p.structHeader(1, sig);
    p.pack(fields);
    endMessage(p, s);
  }
  const hello = Buffer.from(p.view());
  const handshake = Buffer.from('6060b01700000805000004040000000000000000', 'hex');
  const one = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      let phase = 0;
      let replies = 0;
      const dechunker = new Dechunker(() => {
        if (++replies === 2) resolve(s);
      });
      s.on('connect', () => s.write(handshake));
      s.on('data', (d: Buffer) => {
        if (phase === 0) {
          phase = 1;
          s.write(hello);
          if (d.length > 4) dechunker.push(d.subarray(4));
          return;
        }
        dechunker.push(d);
      });
      s.on('error', reject);
    });
  const out: Socket[] = [];
  for (let i = 0; i < n; i += 100) out.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, one))));
  return out;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-bolt-bench-'));
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const results: Result[] = [];
  const add = (r: Result): void => {
    results.push(r);
    const ref = r.reference ? ` (${r.reference.name}: ${fmt(r.reference.value)})` : '';
    console.log(`  ${r.name}: ${fmt(r.value)} ${r.unit}${ref}${r.target ? ` target ${r.target}: ${r.met ? 'met' : 'MISSED'}` : ''}`);
  };
  const server = await startServer(dataDir);
  const echo = await startChild('echo-server.js');
  const canned = await startChild('canned-bolt-server.js');
  const url = `bolt://127.0.0.1:${server.boltPort}`;
  const driverOpts = { maxConnectionPoolSize: 16, logging: { level: 'error' as const, logger: () => {} } };
  const driver = neo4j.driver(url, neo4j.auth.basic('bench', 'unused'), driverOpts);
  const cannedDriver = neo4j.driver(`bolt://127.0.0.1:${canned.port}`, neo4j.auth.basic('bench', 'unused'), driverOpts);
  try {
    console.log(`bolt bench: server pid ${server.child.pid}, ${SECONDS} s per measurement`);
    await driver.verifyConnectivity();

    // Idle memory first, while the server's heap is quiet.
    await driverRate(driver, 1, 0.5);
    await sleep(1000);
    const before = rssKiB(server.child.pid!);
    const idle = await openIdle(server.boltPort, IDLE);
    await sleep(1500);
    const after = rssKiB(server.child.pid!);
    for (const s of idle) s.destroy();
    add({ name: `idle memory per connection (${IDLE} connections, server RSS ${fmt(before / 1024)} → ${fmt(after / 1024)} MiB)`, unit: 'KiB', value: (after - before) / IDLE });
    await sleep(500);

    for (const conns of [1, 16]) {
      const e = await echoRate(echo.port, conns, SECONDS);
      const c = await driverRate(cannedDriver, conns, SECONDS);
      const b = await driverRate(driver, conns, SECONDS);
      add({ name: `RETURN 1 round trips, ${conns} connection${conns === 1 ? '' : 's'}, canned Bolt server (driver + network only)`, unit: 'per s', value: c });
      const target = conns === 1 ? 0.5 : undefined;
      add({
        name: `RETURN 1 round trips, ${conns} connection${conns === 1 ? '' : 's'}`,
        unit: 'per s',
        value: b,
        reference: { name: `raw TCP echo, ${ECHO_BYTES}-byte messages, ${conns} connection${conns === 1 ? '' : 's'}`, value: e },
        ...(target !== undefined ? { target: `>= 50% of echo (${((100 * b) / e).toFixed(0)}%)`, met: b >= target * e } : {}),
      });
    }

    await streamRate(driver, 100_000); // warm-up
    const inproc = await inProcessRate(ROWS);
    const rows = await streamRate(driver, ROWS);
    add({
      name: `rows streamed, UNWIND range(1, ${fmt(ROWS)}) (fetch size 1000)`,
      unit: 'rows/s',
      value: rows,
      reference: { name: 'same query in-process, no Bolt', value: inproc },
      target: '>= 300,000 rows/s',
      met: rows >= 300_000,
    });
    const rowsAll = await streamRate(driver, ROWS, -1);
    add({ name: `rows streamed, UNWIND range(1, ${fmt(ROWS)}) (fetch size all)`, unit: 'rows/s', value: rowsAll, target: '>= 300,000 rows/s', met: rowsAll >= 300_000 });
  } finally {
    await driver.close();
    await cannedDriver.close();
    await stopChild(canned.child);
    await stopChild(echo.child);
    await stopChild(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }

  const date = new Date().toISOString().slice(0, 10);
  const lines = ['| measurement | QuiverDB | reference (same run) | target |', '|---|---|---|---|'];
  for (const r of results) {
    const ref = r.reference ? `${r.reference.name}: ${fmt(r.reference.value)} ${r.unit}` : '—';
    const target = r.target ? `${r.target}: ${r.met ? 'met' : '**missed**'}` : '—';
    lines.push(`| ${r.name} | ${fmt(r.value)} ${r.unit} | ${ref} | ${target} |`);
  }
  const table = lines.join('\n');
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/bolt-${date}.json`;
  writeFileSync(file, JSON.stringify({ bench: 'bolt', date, machine: machine(), seconds: SECONDS, rows: ROWS, idleConnections: IDLE, results }, null, 2) + '\n');
  console.log(`\n${table}\n\nwrote ${file}`);
  if (PROFILE_DIR) console.log(`server CPU profile in ${PROFILE_DIR}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
