// Many databases in one server process (issue 7), through the driver: CREATE DATABASE from 64
// concurrent sessions, the server's resident memory once they exist, then each loaded with the
// same tenant data and an index, and a point lookup on a random one of them against the same
// lookup when the server holds a single database.
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { rng, runIn as run } from '../lib.js';
import { Tenants } from './generator.js';
import { forEachConcurrent, repeatedLatency } from './measure.js';
import type { SuiteContext, Workload } from './model.js';
import { fmtUs } from './read-workloads.js';
import { startQuiver } from './server-process.js';

const ITEMS = 100;
const WORKERS = 64;
const LOAD = 'UNWIND $rows AS r CREATE (:Item {id: r.id, name: r.name, price: r.price})';
const INDEX = 'CREATE INDEX item_id FOR (n:Item) ON (n.id)';
const LOOKUP = 'MATCH (n:Item {id: $id}) RETURN n.name AS name';
const VIA = 'Bolt (neo4j-driver → server process)';

async function loadTenant(driver: Driver, i: number, database: string): Promise<void> {
  const rows = Tenants.items(i, ITEMS).map((r) => ({ ...r, id: BigInt(r.id) }));
  await run(driver, database, LOAD, { rows });
  await run(driver, database, INDEX);
}

export const multidbWorkload: Workload = {
  id: 'multidb',
  describe: 'CREATE DATABASE rate, server memory with all databases, point lookup on a random database vs one',
  produces: ['multidb.create_rate', 'multidb.rss_10k_mb', 'multidb.lookup_ratio'],
  unavailable: () => null,
  async run(ctx: SuiteContext) {
    const n = ctx.scale.databases;
    const server = await startQuiver({ root: ctx.root, dataDir: join(ctx.scratch, 'multidb-quiver') });
    try {
      const driver = server.driver(WORKERS + 8);
      const lookup = (database: () => string) => (i: number) => run(driver, database(), LOOKUP, { id: BigInt(i % ITEMS) });
      await run(driver, 'system', 'CREATE DATABASE single');
      await loadTenant(driver, -1, 'single');
      ctx.progress('multidb: point lookup with one database');
      const one = await repeatedLatency(lookup(() => 'single'), ctx.scale);
      const rssBefore = server.rssMiB();

      ctx.progress(`multidb: CREATE DATABASE x ${n.toLocaleString('en-US')} from ${WORKERS} sessions`);
      const createSeconds = await forEachConcurrent(n, WORKERS, (i) => run(driver, 'system', 'CREATE DATABASE $name', { name: Tenants.name(i) }));
      const rss = server.rssMiB();
      ctx.record('multidb.create_rate', n / createSeconds, 'databases/s', 'higher', {}, { label: `CREATE DATABASE through Cypher, ${WORKERS} sessions`, via: VIA });
      ctx.record('multidb.rss_10k_mb', rss, 'MB', 'lower', {}, {
        label: `server resident memory with ${n.toLocaleString('en-US')} databases created`,
        via: 'server process (/proc VmRSS)',
        note: `${rssBefore.toFixed(0)} MB with one database${n === 10_000 ? '' : `; measured at ${n.toLocaleString('en-US')} databases (scale ${ctx.scale.name}), not 10,000`}`,
      });

      ctx.progress(`multidb: loading ${ITEMS} items and an index into each database`);
      const loadSeconds = await forEachConcurrent(n, WORKERS, (i) => loadTenant(driver, i, Tenants.name(i)));
      ctx.progress('multidb: point lookup on a random database');
      const rand = rng(11);
      const many = await repeatedLatency(lookup(() => Tenants.name(Math.floor(rand() * n))), ctx.scale);
      ctx.record('multidb.lookup_ratio', many.medianUs / one.medianUs, 'x', 'lower', { 'one database': 1 }, {
        label: `point lookup median on a random one of ${n.toLocaleString('en-US')} databases ÷ the same with one database`,
        via: VIA,
        note: `${fmtUs(many.medianUs)} vs ${fmtUs(one.medianUs)} (p99 ${fmtUs(many.p99Us)} vs ${fmtUs(one.p99Us)}); all loaded in ${loadSeconds.toFixed(1)} s, server then ${server.rssMiB().toFixed(0)} MB`,
      });
    } finally {
      await server.stop();
    }
  },
};
