// `npm run bench:multidb` — databases are cheap (issue 7), measured over the real driver against a
// real server (fsync on, as shipped), all in one run:
//   1. point-lookup latency with one database (100 indexed :Item nodes)
//   2. CREATE DATABASE through Cypher, N times from concurrent sessions: rate   (target >= 500/s)
//   3. resident memory after                                                     (target < 500 MB)
//   4. the same point lookup on a random one of the N databases, each loaded with the same 100
//      nodes and index, vs the single-database figure                           (target <= 1.2x)
// The driver runs in the server's process, so the memory figure includes it.
//
//   node dist/bench/multidb-bench.js [--databases 10000] [--concurrency 64] [--seconds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { startServer } from '../src/server/index.js';
import { args, latency, publish, rng, runIn as run, Table } from './lib.js';

const a = args();
const DATABASES = Number(a.get('databases') ?? 10_000);
const CONCURRENCY = Number(a.get('concurrency') ?? 64);
const SECONDS = Number(a.get('seconds') ?? 5);
const ITEMS = 100;

const LOOKUP = 'MATCH (n:Item {id: $id}) RETURN n.name AS name';
const LOAD = 'UNWIND range(0, $n - 1) AS i CREATE (:Item {id: i, name: "item-" + toString(i)})';

/** Runs `op(i)` for i in [0, n) from `c` concurrent workers. */
async function pool(n: number, c: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: c }, async () => {
    for (let i = next++; i < n; i = next++) await op(i);
  }));
}

const mb = (bytes: number): number => bytes / 2 ** 20;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-multidb-bench-'));
  const server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' });
  const driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('bench', 'x'), { maxConnectionPoolSize: CONCURRENCY + 8, logging: { level: 'error', logger: () => {} } });
  const rand = rng(11);
  const name = (i: number): string => `tenant_${String(i).padStart(6, '0')}`;
  const table = new Table();
  console.log(`multi-database bench: ${DATABASES.toLocaleString()} databases, ${CONCURRENCY} concurrent sessions, ${ITEMS} indexed nodes each`);
  try {
    // ---- 1. one database
    await run(driver, 'system', 'CREATE DATABASE $name', { name: 'single' });
    await run(driver, 'single', LOAD, { n: neo4j.int(ITEMS) });
    await run(driver, 'single', 'CREATE INDEX item_id FOR (n:Item) ON (n.id)');
    // Warm the JIT and the plan cache first, so the baseline is not the slower one.
    await latency(() => run(driver, 'single', LOOKUP, { id: neo4j.int(Math.floor(rand() * ITEMS)) }), 2, 2000);
    global.gc?.();
    const rssStart = process.memoryUsage().rss;
    const one = await latency(() => run(driver, 'single', LOOKUP, { id: neo4j.int(Math.floor(rand() * ITEMS)) }), SECONDS);
    console.log(`  one database: point lookup median ${one.medianUs.toFixed(0)} µs, p99 ${one.p99Us.toFixed(0)} µs`);

    // ---- 2. create N databases through Cypher
    let t = performance.now();
    await pool(DATABASES, CONCURRENCY, (i) => run(driver, 'system', 'CREATE DATABASE $name', { name: name(i) }));
    const createSeconds = (performance.now() - t) / 1000;
    const rate = DATABASES / createSeconds;
    console.log(`  created ${DATABASES.toLocaleString()} databases in ${createSeconds.toFixed(1)} s: ${rate.toFixed(0)}/s`);
    global.gc?.();
    const rssCreated = process.memoryUsage().rss;
    console.log(`  resident memory after creating them: ${mb(rssCreated).toFixed(0)} MB (before: ${mb(rssStart).toFixed(0)} MB)`);

    // ---- 4. load each with the same data, then look up on random databases
    t = performance.now();
    await pool(DATABASES, CONCURRENCY, async (i) => {
      await run(driver, name(i), LOAD, { n: neo4j.int(ITEMS) });
      await run(driver, name(i), 'CREATE INDEX item_id FOR (n:Item) ON (n.id)');
    });
    console.log(`  loaded ${DATABASES.toLocaleString()} databases in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const many = await latency(() => run(driver, name(Math.floor(rand() * DATABASES)), LOOKUP, { id: neo4j.int(Math.floor(rand() * ITEMS)) }), SECONDS);
    console.log(`  ${DATABASES.toLocaleString()} databases: point lookup on a random one median ${many.medianUs.toFixed(0)} µs, p99 ${many.p99Us.toFixed(0)} µs`);
    global.gc?.();
    const rssLoaded = process.memoryUsage().rss;
    console.log(`  resident memory after loading and querying all: ${mb(rssLoaded).toFixed(0)} MB`);

    // ---- start-up: reading the catalog is all the per-database work
    await driver.close();
    await server.stop();
    t = performance.now();
    const again = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' });
    const startMs = performance.now() - t;
    await again.stop();
    console.log(`  restart with ${DATABASES.toLocaleString()} databases: ready in ${startMs.toFixed(0)} ms`);

    table.add(`CREATE DATABASE over Bolt, ${CONCURRENCY} sessions`, 'databases/s', rate, 500, 'target', 'higher', '>= 500/s');
    table.add(`resident memory after creating ${DATABASES.toLocaleString()} databases`, 'MB', mb(rssCreated), 500, 'target', 'lower', '< 500 MB');
    table.add(`resident memory after loading ${ITEMS} nodes + an index into each and querying`, 'MB', mb(rssLoaded), 500, 'target', 'lower', '(reported)');
    table.add(`point lookup on a random one of ${DATABASES.toLocaleString()} databases (median)`, 'µs', many.medianUs, one.medianUs, 'one database', 'lower', '>= 0.83 (<= 1.2x)');
    table.add(`point lookup on a random one of ${DATABASES.toLocaleString()} databases (p99)`, 'µs', many.p99Us, one.p99Us, 'one database', 'lower', '(reported)');
    table.add(`server start-up with ${DATABASES.toLocaleString()} databases`, 'ms', startMs, 1000, 'target', 'lower', '(reported)');
    publish('multidb', table, { databases: DATABASES, concurrency: CONCURRENCY, itemsPerDatabase: ITEMS, seconds: SECONDS, singleDatabase: one, randomDatabase: many });
  } finally {
    await driver.close().catch(() => {});
    await server.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
