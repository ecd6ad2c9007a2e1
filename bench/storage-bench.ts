// `npm run bench:storage` — the storage engine next to raw classic-level doing the same key-value
// work on the same machine, in one run (issue 2). Not a test: it prints a table and writes
// bench/results/storage-<date>.json.
//
//   node dist/bench/storage-bench.js [--nodes N] [--rels-per-node R] [--seconds S]
//
// Raw peers: the exact keys and values the engine wrote are copied into a second classic-level
// store in chained batches of 10,000 (same key-value work), then read back with the same access
// patterns (point get, prefix range scan, key-only scan). Durable commits compare 16 concurrent
// single-write transactions against one durable put at a time (one fsync per commit).
process.env.UV_THREADPOOL_SIZE ??= '16';

import { ClassicLevel } from 'classic-level';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog } from '../src/dbms/index.js';
import { Store } from '../src/storage/index.js';
import { Keys } from '../src/storage/keyspace.js';
import type { DbPrefix } from '../src/storage/keyspace.js';
import { dbPrefix, prefixEnd, Tag } from '../src/storage/keyspace.js';
import { args, fmt, latency as measure, publish, rng, Table } from './lib.js';
import { rawDurableCommitRate } from './suite/floors.js';

async function latency(op: (i: number) => Promise<unknown>): Promise<{ medianUs: number; p99Us: number }> {
  return measure(op, SECONDS, 500);
}

const a = args();
const NODES = Number(a.get('nodes') ?? 200_000);
const RELS_PER_NODE = Number(a.get('rels-per-node') ?? 5);
const SECONDS = Number(a.get('seconds') ?? 3);
const BATCH = 10_000;

type Raw = ClassicLevel<Buffer, Buffer>;
const table = new Table();

async function main(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'quiver-bench-'));
  console.log(`storage bench: ${NODES} nodes, ${NODES * RELS_PER_NODE} relationships, ${cpus().length} cores, node ${process.version}`);
  const store = await Store.open(join(base, 'quiver'), { sync: false });
  const catalog = await Catalog.open(store);
  const dbId = (await catalog.create('bench')).id;
  const p: DbPrefix = dbPrefix(dbId);
  const rand = rng(42);

  // ---- inserts: nodes then relationships, 10,000 per transaction
  let t = performance.now();
  for (let i = 0; i < NODES; i += BATCH) {
    const tx = store.begin();
    const g = await store.graph(tx, dbId);
    const n = Math.min(BATCH, NODES - i);
    await g.createNodes(Array.from({ length: n }, (_, j) => ({ labels: ['Person'], properties: { id: BigInt(i + j), name: `p${i + j}`, age: BigInt(18 + ((i + j) % 60)) } })));
    await tx.commit();
  }
  const nodeSecs = (performance.now() - t) / 1000;
  const RELS = NODES * RELS_PER_NODE;
  t = performance.now();
  for (let i = 0; i < RELS; i += BATCH) {
    const tx = store.begin();
    const g = await store.graph(tx, dbId);
    const n = Math.min(BATCH, RELS - i);
    await g.createRels(Array.from({ length: n }, () => ({ type: 'KNOWS', start: Math.floor(rand() * NODES), end: Math.floor(rand() * NODES), properties: { since: 2000n } })));
    await tx.commit();
  }
  const relSecs = (performance.now() - t) / 1000;
  let tx = store.begin();
  let g = await store.graph(tx, dbId);
  t = performance.now();
  await g.createIndex({ name: 'person_id', entity: 'node', token: 'Person', properties: ['id'] });
  await tx.commit();
  const indexSecs = (performance.now() - t) / 1000;

  // ---- copy the exact key-value data into a raw store, timing the same chained-batch writes
  const raw: Raw = new ClassicLevel<Buffer, Buffer>(join(base, 'raw'), { keyEncoding: 'buffer', valueEncoding: 'buffer', writeBufferSize: 64 * 1024 * 1024, cacheSize: 64 * 1024 * 1024 });
  await raw.open();
  const src: Raw = (store.kv as unknown as { db: Raw }).db;
  const [gte, lt] = [Buffer.from(p), prefixEnd(p)];
  const all: [Buffer, Buffer][] = [];
  for await (const e of src.iterator({ gte, lt })) all.push(e as [Buffer, Buffer]);
  const keysOf = (tag: Tag): number => all.filter(([k]) => k[4] === tag).length;
  const nodeKeys = keysOf(Tag.Node) + keysOf(Tag.Label);
  const relKeys = keysOf(Tag.Rel) + keysOf(Tag.Adj) + keysOf(Tag.RelType);
  t = performance.now();
  for (let i = 0; i < all.length; i += BATCH) {
    const b = raw.batch();
    for (const [k, v] of all.slice(i, i + BATCH)) b.put(k, v);
    await b.write();
  }
  const rawKeysPerSec = all.length / ((performance.now() - t) / 1000);
  console.log('inserts (batches of 10,000; per key written, against raw chained batch puts of the same keys):');
  table.add('node inserts (keys/s)', 'keys/s', nodeKeys / nodeSecs, rawKeysPerSec, 'raw classic-level', 'higher', '>= 0.5');
  table.add('relationship inserts (keys/s)', 'keys/s', relKeys / relSecs, rawKeysPerSec, 'raw classic-level', 'higher', '>= 0.5');
  console.log(`  = ${fmt(NODES / nodeSecs)} nodes/s, ${fmt(RELS / relSecs)} relationships/s; index build over ${NODES} nodes ${indexSecs.toFixed(2)} s`);

  // ---- reads, one at a time, median latency
  console.log('reads (median latency, one at a time; raw does the same key-value access):');
  tx = store.begin({ readOnly: true });
  g = await store.graph(tx, dbId);
  const ids = Array.from({ length: 4096 }, () => Math.floor(rand() * NODES));
  const rawSnap = raw.snapshot();
  const qGet = await latency((i) => g.getNode(ids[i % ids.length]!));
  // The engine reads a single record with getSync; the fair peer is the same call on raw.
  const rGetSync = await latency(async (i) => raw.getSync(Keys.node(p, ids[i % ids.length]!), { snapshot: rawSnap }));
  const rGet = await latency((i) => raw.get(Keys.node(p, ids[i % ids.length]!), { snapshot: rawSnap }));
  table.add('get node by id (median)', 'µs', qGet.medianUs, rGetSync.medianUs, 'raw getSync', 'lower', '>= 0.7', `raw awaited get: ${rGet.medianUs.toFixed(1)} µs`);

  const knowsId = g.typeId('KNOWS')!;
  const qExp = await latency((i) => g.expand([ids[i % ids.length]!], 'out', ['KNOWS']));
  const rExp = await latency(async (i) => {
    const prefix = Keys.adjPrefix(p, ids[i % ids.length]!, 0, knowsId);
    const it = raw.keys({ gte: prefix, lt: prefixEnd(prefix), snapshot: rawSnap });
    const out = await it.nextv(1000);
    await it.close();
    return out;
  });
  table.add('expand by type, 1 node (median)', 'µs', qExp.medianUs, rExp.medianUs, 'raw classic-level', 'lower', '>= 0.7');

  const qIdx = await latency((i) => g.indexSeek('person_id', [BigInt(ids[i % ids.length]!)]));
  const idxDefId = g.listIndexes()[0]!.id;
  const { encodeOrderKeyTuple } = await import('../src/storage/codec/order-key.js');
  const rIdx = await latency(async (i) => {
    const prefix = Keys.indexPrefix(p, Tag.PropIndex, idxDefId, encodeOrderKeyTuple([BigInt(ids[i % ids.length]!)]));
    const it = raw.keys({ gte: prefix, lt: prefixEnd(prefix), snapshot: rawSnap });
    const out = await it.nextv(16);
    await it.close();
    return out;
  });
  table.add('index lookup, equality (median)', 'µs', qIdx.medianUs, rIdx.medianUs, 'raw classic-level', 'lower', '>= 0.7');

  const scanRate = async (f: () => Promise<number>): Promise<number> => {
    await f();
    const t0 = performance.now();
    let n = 0;
    for (let r = 0; r < 3; r++) n += await f();
    return n / ((performance.now() - t0) / 1000);
  };
  const qScan = await scanRate(async () => {
    let n = 0;
    for await (const b of g.labelScan('Person')) n += b.length;
    return n;
  });
  const labelPrefix = Keys.labelPrefix(p, g.labelId('Person')!);
  const rScan = await scanRate(async () => {
    const it = raw.keys({ gte: labelPrefix, lt: prefixEnd(labelPrefix), snapshot: rawSnap, highWaterMarkBytes: 1 << 20 });
    let n = 0;
    for (let b = await it.nextv(1000); b.length > 0; b = await it.nextv(1000)) n += b.length;
    await it.close();
    return n;
  });
  table.add('label scan', 'nodes/s', qScan, rScan, 'raw classic-level', 'higher', '>= 0.7');

  const qRecScan = await scanRate(async () => {
    let n = 0;
    for await (const b of g.scanNodes()) n += b.length;
    return n;
  });
  const [ng, nl] = Keys.tagRange(p, Tag.Node);
  const rRecScan = await scanRate(async () => {
    const it = raw.iterator({ gte: ng, lt: nl, snapshot: rawSnap, highWaterMarkBytes: 1 << 20 });
    let n = 0;
    for (let b = await it.nextv(1000); b.length > 0; b = await it.nextv(1000)) n += b.length;
    await it.close();
    return n;
  });
  table.add('node record scan (decoded)', 'nodes/s', qRecScan, rRecScan, 'raw classic-level', 'higher', '>= 0.7');
  await rawSnap.close();
  await tx.rollback();
  await store.close();
  await raw.close();

  // ---- durable commits: 16 concurrent single-write transactions vs one fsync per commit
  console.log(`durable commits (${SECONDS} s each):`);
  const dstore = await Store.open(join(base, 'durable'), { sync: true });
  const dcat = await Catalog.open(dstore);
  const ddb = (await dcat.create('commits')).id;
  let commits = 0;
  const stop = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < stop) {
        const ctx = dstore.begin();
        await (await dstore.graph(ctx, ddb)).createNode(['W'], { v: 1n });
        await ctx.commit();
        commits++;
      }
    }),
  );
  const qCommits = commits / SECONDS;
  const fsyncs = dstore.kv.stats.writes;
  await dstore.close();
  const rawCommits = await rawDurableCommitRate(join(base, 'rawdurable'), SECONDS);
  table.add('durable commits, 16 concurrent single-write txs', 'commits/s', qCommits, rawCommits, 'raw classic-level', 'higher', '>= 2.0');
  console.log(`  (${commits} commits in ${fsyncs} durable writes: ${(commits / Math.max(1, fsyncs)).toFixed(1)} commits per fsync)`);

  rmSync(base, { recursive: true, force: true });

  publish('storage', table, { scale: { nodes: NODES, relationships: RELS, batch: BATCH }, cores: cpus().length });
}

await main();
