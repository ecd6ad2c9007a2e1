// `npm run bench:dump` — dump and load throughput (records/s = nodes + relationships) for the
// default-scale graph (issue 12). Not a test: it prints a table and writes
// bench/results/dump-<date>.json.
//
//   node dist/bench/dump-bench.js [--nodes N] [--rels R]
//
// Peers, same run, same records: for the dump, gzip alone over the uncompressed dump bytes (the
// compression stage's ceiling); for the load, reading and verifying the dump without writing
// (the decode stage's ceiling). The gap to each is what the storage side costs.
process.env.UV_THREADPOOL_SIZE ??= '16';

import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Catalog } from '../src/dbms/index.js';
import { dumpStream, loadDump, readDump } from '../src/dbms/dump/index.js';
import { Store } from '../src/storage/index.js';
import { args, fmt, publish, rng, Table } from './lib.js';

const a = args();
const NODES = Number(a.get('nodes') ?? 200_000);
const RELS = Number(a.get('rels') ?? 1_000_000);

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'quiver-dump-bench-'));
  const table = new Table();
  try {
    const store = await Store.open(join(base, 'data'));
    const catalog = await Catalog.open(store);
    const src = await catalog.create('source');
    const rand = rng(12);
    console.log(`dump bench: ${fmt(NODES)} nodes, ${fmt(RELS)} relationships`);
    let t = performance.now();
    const ids: number[] = [];
    for (let i = 0; i < NODES; i += 10_000) {
      const tx = store.begin();
      const g = await store.graph(tx, src.id);
      const n = Math.min(10_000, NODES - i);
      ids.push(...(await g.createNodes(Array.from({ length: n }, (_, j) => ({ labels: (i + j) % 3 === 0 ? ['Person', 'User'] : ['Person'], properties: { id: BigInt(i + j), name: `person-${i + j}`, score: rand() * 100 } })))));
      await tx.commit();
    }
    for (let i = 0; i < RELS; i += 20_000) {
      const tx = store.begin();
      const g = await store.graph(tx, src.id);
      const n = Math.min(20_000, RELS - i);
      await g.createRels(Array.from({ length: n }, () => ({ type: rand() < 0.5 ? 'KNOWS' : 'FOLLOWS', start: ids[Math.floor(rand() * ids.length)]!, end: ids[Math.floor(rand() * ids.length)]!, properties: { since: BigInt(2000 + Math.floor(rand() * 25)) } })));
      await tx.commit();
    }
    {
      const tx = store.begin();
      await (await store.graph(tx, src.id)).createIndex({ name: 'person_id', entity: 'node', token: 'Person', properties: ['id'], unique: true, constraintName: 'person_id' });
      await tx.commit();
    }
    console.log(`  built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const records = NODES + RELS;
    const file = join(base, 'source.dump');

    t = performance.now();
    await pipeline(await dumpStream(store, src.id, { database: 'source' }), createWriteStream(file));
    const dumpS = (performance.now() - t) / 1000;
    const bytes = statSync(file).size;
    const raw = gunzipSync(readFileSync(file));
    t = performance.now();
    gzipSync(raw, { level: 6 });
    const gzipS = (performance.now() - t) / 1000;
    table.add('dump (one snapshot, to a file)', 'records/s', records / dumpS, records / gzipS, 'gzip of the same bytes alone', 'higher', '>= 100,000 records/s', `${fmt(bytes / 1048576)} MB compressed, ${fmt(raw.length / 1048576)} MB raw, ${dumpS.toFixed(1)} s`);

    t = performance.now();
    for await (const _ of readDump(createReadStream(file))) {
      // decode and verify only
    }
    const readS = (performance.now() - t) / 1000;
    t = performance.now();
    const r = await loadDump(catalog, store, 'copy', createReadStream(file));
    const loadS = (performance.now() - t) / 1000;
    if (r.nodes !== NODES || r.relationships !== RELS) throw new Error(`loaded ${r.nodes} / ${r.relationships}`);
    table.add('load (verified, into a new database)', 'records/s', records / loadS, records / readS, 'read + verify alone (no writes)', 'higher', '>= 50,000 records/s', `${loadS.toFixed(1)} s; durable commits of 20,000 records`);
    catalog.close();
    await store.close();
    publish('dump', table, { nodes: NODES, relationships: RELS, dumpBytes: bytes, rawBytes: raw.length });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
