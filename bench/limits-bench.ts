// `npm run bench:limits` — per-database limits (issue 8), against the server as its own process
// (`quiver serve`), driven through the real neo4j-driver from this process:
//
//   noisy neighbour   tenant B's point-lookup p99 alone, then while tenant A floods writes against
//                     its max_writes_per_second from 16 connections with the driver's managed
//                     transactions (executeWrite: a RateLimited rejection is retried after a
//                     back-off, as drivers do for transient errors). Target: B's p99 under load
//                     at most 1.5 x its solo p99. Also reported, without a target: the same with
//                     a flood that ignores the rejections and retries at once (session.run loop).
//   enforcement cost  write throughput (16 sessions, one CREATE per auto-commit transaction) on a
//                     database with all ten limits set but never reached vs one with none,
//                     interleaved runs. Target: at least 90%.
//
// Writes bench/results/limits-<date>.json and prints a markdown table.
//
//   node dist/bench/limits-bench.js [--seconds 8] [--wps 100] [--reps 3] [--skip-raw]
//
// Tenant A's flood runs in a child process of its own (this script with --flood managed|raw
// --bolt PORT), as another tenant's application would: its driver's work does not share an event
// loop with the client measuring tenant B.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { args, latency, publish, Table, type Latency } from './lib.js';
import { freePort } from './suite/server-process.js';

const a = args();
const SECONDS = Number(a.get('seconds') ?? 8);
const WPS = Number(a.get('wps') ?? 100);
const REPS = Number(a.get('reps') ?? 3);
const FLOODERS = 16;
const USERS = 10_000;

const here = fileURLToPath(new URL('.', import.meta.url)); // dist/bench/
const root = resolve(here, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { logging: { level: 'error' as const, logger: () => {} } };


async function startQuiver(dataDir: string): Promise<{ child: ChildProcess; boltPort: number; httpPort: number }> {
  const boltPort = await freePort();
  const httpPort = await freePort();
  const child = spawn(
    process.execPath,
    [join(root, 'bin/quiver.js'), 'serve', '--data-dir', dataDir, '--auth', 'none', '--bolt-port', String(boltPort), '--http-port', String(httpPort)],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${httpPort}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready');
    await sleep(100);
  }
  return { child, boltPort, httpPort };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function run(driver: Driver, db: string, query: string, params: Record<string, unknown> = {}): Promise<void> {
  const s = driver.session({ database: db });
  try {
    await s.run(query, params);
  } finally {
    await s.close();
  }
}

/** Tenant B's point lookups, one at a time from one session. */
async function lookups(driver: Driver, seconds: number): Promise<Latency> {
  const s = driver.session({ database: 'tenant_b' });
  try {
    return await latency(async (i) => {
      const r = await s.run('MATCH (u:User {id: $id}) RETURN u.name AS name', { id: neo4j.int(1 + ((i * 7919) % USERS)) });
      if (r.records.length !== 1) throw new Error('lookup missed');
    }, seconds, 500);
  } finally {
    await s.close();
  }
}

/**
 * Tenant A's flood: 16 sessions writing as fast as they can until `stop`. `retry` uses
 * executeWrite (the driver backs off on RateLimited); otherwise session.run and straight again.
 */
function flood(driver: Driver, retry: boolean): { stop: () => Promise<{ admitted: number; rejected: number; seconds: number }> } {
  let running = true;
  let admitted = 0;
  let rejected = 0;
  const t0 = performance.now();
  const loops = Array.from({ length: FLOODERS }, async () => {
    const s = driver.session({ database: 'tenant_a' });
    try {
      while (running) {
        try {
          if (retry) await s.executeWrite((tx) => tx.run('CREATE (:Event {at: timestamp()})'));
          else await s.run('CREATE (:Event {at: timestamp()})');
          admitted++;
        } catch (e) {
          if ((e as { code?: string }).code !== 'Neo.TransientError.Request.RateLimited' && running) throw e;
          rejected++;
        }
      }
    } finally {
      await s.close().catch(() => {});
    }
  });
  return {
    async stop() {
      running = false;
      const seconds = (performance.now() - t0) / 1000;
      // Let every loop finish its call (a back-off sleep included) before closing the driver:
      // closing it under a call in flight can leave that call unsettled.
      await Promise.race([Promise.all(loops), sleep(35_000)]);
      await driver.close();
      return { admitted, rejected, seconds };
    },
  };
}

/** Starts the flood in a child process; `stop` ends it and returns its counts. */
async function floodProcess(boltPort: number, mode: 'managed' | 'raw'): Promise<{ stop: () => Promise<{ admitted: number; rejected: number; seconds: number }> }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--flood', mode, '--bolt', String(boltPort)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  const lines: string[] = [];
  let wake: (() => void) | null = null;
  child.stdout!.on('data', (d: Buffer) => {
    text += d.toString();
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      lines.push(text.slice(0, nl));
      text = text.slice(nl + 1);
      wake?.();
    }
  });
  const line = async (): Promise<string> => {
    while (lines.length === 0) {
      if (child.exitCode !== null) throw new Error(`the flood process exited with ${child.exitCode}`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 200);
      });
    }
    return lines.shift()!;
  };
  if ((await line()) !== 'ready') throw new Error('the flood process did not start');
  return {
    async stop() {
      child.stdin!.end();
      const result = JSON.parse(await line()) as { admitted: number; rejected: number; seconds: number };
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      return result;
    },
  };
}

/** Child mode: floods until stdin closes, then prints its counts as one JSON line. */
async function floodChild(mode: 'managed' | 'raw', boltPort: number): Promise<void> {
  const driver = neo4j.driver(`bolt://127.0.0.1:${boltPort}`, neo4j.auth.basic('bench', 'unused'), { ...quiet, maxConnectionPoolSize: FLOODERS });
  await driver.verifyConnectivity();
  const f = flood(driver, mode === 'managed');
  process.stdout.write('ready\n');
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  process.stdout.write(JSON.stringify(await f.stop()) + '\n');
}

/** Auto-commit single-node writes per second from 16 sessions. */
async function writeRate(driver: Driver, db: string, seconds: number): Promise<number> {
  const sessions = Array.from({ length: 16 }, () => driver.session({ database: db }));
  try {
    const until = performance.now() + seconds * 1000;
    const t0 = performance.now();
    const counts = await Promise.all(
      sessions.map(async (s, w) => {
        let n = 0;
        while (performance.now() < until) {
          await s.run('CREATE (:N {w: $w, i: $i})', { w, i: n });
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

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

async function rejections(httpPort: number, database: string, limit: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const m = new RegExp(`quiver_limit_rejections_total\\{database="${database}",limit="${limit}"\\} (\\d+)`).exec(text);
  return m === null ? 0 : Number(m[1]);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quiver-limits-bench-'));
  const server = await startQuiver(dataDir);
  const url = `bolt://127.0.0.1:${server.boltPort}`;
  const b = neo4j.driver(url, neo4j.auth.basic('bench', 'unused'), quiet);
  const table = new Table();
  const extra: Record<string, unknown> = { seconds: SECONDS, tenantAWritesPerSecondLimit: WPS, flooders: FLOODERS, tenantBUsers: USERS };
  try {
    console.log(`limits bench: server pid ${server.child.pid}, ${SECONDS} s per measurement`);
    for (const db of ['tenant_a', 'tenant_b', 'w_free', 'w_limited']) await run(b, 'system', `CREATE DATABASE ${db}`);
    await run(b, 'tenant_b', 'CREATE INDEX user_id FOR (u:User) ON (u.id)');
    await run(b, 'tenant_b', "UNWIND range(1, $n) AS i CREATE (:User {id: i, name: 'user ' + i})", { n: neo4j.int(USERS) });
    await run(b, 'system', `ALTER DATABASE tenant_a SET LIMIT max_writes_per_second = ${WPS}`);
    await run(
      b,
      'system',
      "ALTER DATABASE w_limited SET LIMIT max_nodes = 1000000000, max_relationships = 1000000000, max_storage_bytes = '1TB', max_query_time = '60s', " +
        "max_results = 1000000, max_concurrent_queries = 1000, max_connections = 1000, max_queries_per_second = 1000000, max_writes_per_second = 1000000, max_transaction_memory = '1GiB'",
    );

    // ---- noisy neighbour
    const solo = await lookups(b, SECONDS);
    console.log(`  B alone: median ${solo.medianUs.toFixed(0)} µs, p99 ${solo.p99Us.toFixed(0)} µs (${solo.samples} lookups)`);
    const before = await rejections(server.httpPort, 'tenant_a', 'max_writes_per_second');
    const managed = await floodProcess(server.boltPort, 'managed');
    await sleep(1500); // let the flood reach its steady state (every flooder backing off)
    const loaded = await lookups(b, SECONDS);
    const m = await managed.stop();
    const refusedManaged = (await rejections(server.httpPort, 'tenant_a', 'max_writes_per_second')) - before;
    console.log(
      `  B while A floods (executeWrite): median ${loaded.medianUs.toFixed(0)} µs, p99 ${loaded.p99Us.toFixed(0)} µs; A admitted ${(m.admitted / m.seconds).toFixed(1)}/s (limit ${WPS}), server refused ${refusedManaged}`,
    );
    table.add('tenant B point-lookup p99 while A floods writes (16 connections, executeWrite)', 'µs', loaded.p99Us, solo.p99Us, 'B alone', 'lower', 'load p99 <= 1.5 x solo (ratio >= 0.67)');

    extra.noisyNeighbour = { solo, managedFlood: { lookups: loaded, admittedPerSecond: m.admitted / m.seconds, refusedByServer: refusedManaged } };
    // The worst case, a client retrying at once with no back-off (skipped by the suite's quick run).
    if (!a.has('skip-raw')) {
      await sleep(1000);
      const before2 = await rejections(server.httpPort, 'tenant_a', 'max_writes_per_second');
      const raw = await floodProcess(server.boltPort, 'raw');
      await sleep(1500);
      const loadedRaw = await lookups(b, SECONDS);
      const r = await raw.stop();
      const refusedRaw = (await rejections(server.httpPort, 'tenant_a', 'max_writes_per_second')) - before2;
      console.log(
        `  B while A floods (no back-off): median ${loadedRaw.medianUs.toFixed(0)} µs, p99 ${loadedRaw.p99Us.toFixed(0)} µs; A admitted ${(r.admitted / r.seconds).toFixed(1)}/s, refused ${(refusedRaw / r.seconds).toFixed(0)}/s`,
      );
      table.add('tenant B point-lookup p99 while A floods writes (16 connections, retrying at once, no back-off)', 'µs', loadedRaw.p99Us, solo.p99Us, 'B alone', 'lower', 'none (worst case: rejections cost the server a round trip each)');
      extra.rawFlood = { lookups: loadedRaw, admittedPerSecond: r.admitted / r.seconds, refusedPerSecond: refusedRaw / r.seconds };
    }

    // ---- enforcement cost
    await writeRate(b, 'w_free', 1);
    await writeRate(b, 'w_limited', 1);
    const free: number[] = [];
    const limited: number[] = [];
    for (let i = 0; i < REPS; i++) {
      free.push(await writeRate(b, 'w_free', SECONDS / 2));
      limited.push(await writeRate(b, 'w_limited', SECONDS / 2));
      console.log(`  writes/s, run ${i + 1}: no limits ${free.at(-1)!.toFixed(0)}, all limits set ${limited.at(-1)!.toFixed(0)}`);
    }
    table.add('write throughput with all ten limits set (not reached), 16 sessions', 'writes/s', median(limited), median(free), 'no limits', 'higher', '>= 0.90');
    extra.enforcementCost = { noLimits: free, allLimits: limited };
  } finally {
    await b.close();
    await stopChild(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  publish('limits', table, extra);
}

const floodMode = a.get('flood');
if (floodMode === 'managed' || floodMode === 'raw') await floodChild(floodMode, Number(a.get('bolt')));
else await main();
