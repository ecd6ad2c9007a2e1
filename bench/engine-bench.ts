// `npm run bench:engine` — the Cypher engine in-process (issue 4), on a generated social graph,
// each query beside the raw classic-level operation it rests on, measured in the same run:
//   point lookup by an indexed property   vs one raw get            (target: median <= 4x)
//   1-hop count                           vs one raw 10-entry range scan (target: <= 4x)
//   2-hop count of distinct friends-of-friends (reported with the raw 1-hop scan for scale)
//   grouped aggregation over all nodes    vs a raw scan of the same records (target: <= 1.5x)
//   filtered label scan                   vs the same raw scan
// Plan cache warm (parameterised queries). In-process figures: no network.
//
//   node dist/bench/engine-bench.js [--nodes 1000000] [--rels-per-node 5] [--seconds 3]
process.env.UV_THREADPOOL_SIZE ??= '16';

import type { ClassicLevel } from 'classic-level';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from '../src/index.js';
import { dbPrefix, Keys, prefixEnd, Tag } from '../src/storage/keyspace.js';
import { args, latency, publish, rng, Table } from './lib.js';

const a = args();
const NODES = Number(a.get('nodes') ?? 1_000_000);
const RELS_PER_NODE = Number(a.get('rels-per-node') ?? 5);
const SECONDS = Number(a.get('seconds') ?? 3);
const BATCH = 10_000;

type Raw = ClassicLevel<Buffer, Buffer>;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-engine-bench-'));
  const db = await open(dir, { sync: false });
  const dbRef = db.catalog.resolve('neo4j');
  const rand = rng(7);
  const names = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Anna', 'Adam', 'Zoe', 'Max', 'Ida'];
  const RELS = NODES * RELS_PER_NODE;
  console.log(`engine bench: ${NODES.toLocaleString()} Person nodes, ${RELS.toLocaleString()} KNOWS relationships`);

  // ---- load through the storage API (setup, not measured here; import speed is issue 10's)
  let t = performance.now();
  for (let i = 0; i < NODES; i += BATCH) {
    const tx = db.store.begin();
    const g = await db.store.graph(tx, dbRef.id);
    const n = Math.min(BATCH, NODES - i);
    await g.createNodes(
      Array.from({ length: n }, (_, j) => ({
        labels: ['Person'],
        properties: { id: BigInt(i + j), name: `${names[(i + j) % names.length]}${i + j}`, age: BigInt(18 + Math.floor(rand() * 70)) },
      })),
    );
    await tx.commit();
  }
  for (let i = 0; i < RELS; i += BATCH) {
    const tx = db.store.begin();
    const g = await db.store.graph(tx, dbRef.id);
    const n = Math.min(BATCH, RELS - i);
    // Power-law-ish degrees: start nodes skewed towards low ids, ends uniform.
    await g.createRels(
      Array.from({ length: n }, () => ({ type: 'KNOWS', start: Math.floor(NODES * rand() ** 2), end: Math.floor(NODES * rand()), properties: { since: BigInt(1990 + Math.floor(rand() * 35)) } })),
    );
    await tx.commit();
  }
  const session = db.session();
  await session.run('CREATE INDEX person_id FOR (p:Person) ON (p.id)');
  console.log(`  loaded and indexed in ${((performance.now() - t) / 1000).toFixed(0)} s`);

  // Raw peers read the very keys the engine wrote, through the same classic-level instance.
  const raw: Raw = (db.store.kv as unknown as { db: Raw }).db;
  const p = dbPrefix(dbRef.id);
  const ids = Array.from({ length: 8192 }, () => BigInt(Math.floor(rand() * NODES)));
  const table = new Table();

  console.log('point lookup and expansions (median latency, one at a time):');
  const q1 = 'MATCH (p:Person {id: $id}) RETURN p.name AS name';
  const point = await latency((i) => session.run(q1, { id: ids[i % ids.length]! }, { mode: 'read' }), SECONDS);
  const rawGet = await latency((i) => raw.get(Keys.node(p, Number(ids[i % ids.length]!))), SECONDS);
  table.add('point lookup by indexed property (median)', 'µs', point.medianUs, rawGet.medianUs, 'raw get', 'lower', '>= 0.25 (<= 4x raw)');

  const q2 = 'MATCH (p:Person {id: $id})-[:KNOWS]->(f) RETURN count(f) AS c';
  const hop1 = await latency((i) => session.run(q2, { id: ids[i % ids.length]! }, { mode: 'read' }), SECONDS);
  // The raw peer: one 10-entry range scan (a node with ten adjacency entries).
  const tenDeg = await findNodeWithDegree(session, 10);
  const knows = (await db.store.graph(db.store.begin({ readOnly: true }), dbRef.id)).typeId('KNOWS')!;
  const rawScan10 = await latency(async () => {
    const prefix = Keys.adjPrefix(p, tenDeg, 0, knows);
    const it = raw.keys({ gte: prefix, lt: prefixEnd(prefix) });
    const out = await it.nextv(100);
    await it.close();
    return out;
  }, SECONDS);
  table.add('1-hop count (median)', 'µs', hop1.medianUs, rawScan10.medianUs, 'raw 10-entry range scan', 'lower', '>= 0.25 (<= 4x raw)');

  const q3 = 'MATCH (p:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(f) RETURN count(DISTINCT f) AS c';
  const hop2 = await latency((i) => session.run(q3, { id: ids[i % ids.length]! }, { mode: 'read' }), SECONDS);
  table.add('2-hop count(DISTINCT) (median)', 'µs', hop2.medianUs, rawScan10.medianUs, 'raw 10-entry range scan', 'lower', 'reported (no target)');

  console.log('whole-graph queries (median of 3 runs after a warm-up):');
  const [ng, nl] = Keys.tagRange(p, Tag.Node);
  const rawFull = await wholeRun(async () => {
    const it = raw.iterator({ gte: ng, lt: nl, highWaterMarkBytes: 1 << 20 });
    let n = 0;
    for (let b = await it.nextv(1000); b.length > 0; b = await it.nextv(1000)) n += b.length;
    await it.close();
    return n;
  });
  const agg = await wholeRun(async () => (await session.run('MATCH (p:Person) RETURN p.age AS age, count(*) AS c', {}, { mode: 'read' })).rows.length);
  table.add('grouped aggregation over all nodes', 'ms', agg, rawFull, 'raw scan of the node records', 'lower', '>= 0.67 (<= 1.5x raw)');
  const filt = await wholeRun(async () => (await session.run("MATCH (p:Person) WHERE p.age > 60 AND p.name STARTS WITH 'A' RETURN count(p) AS c", {}, { mode: 'read' })).rows.length);
  table.add('filtered label scan', 'ms', filt, rawFull, 'raw scan of the node records', 'lower', 'reported (no target)');

  await db.close();
  rmSync(dir, { recursive: true, force: true });
  publish('engine', table, { scale: { nodes: NODES, relationships: RELS }, inProcess: true });
}

async function wholeRun(f: () => Promise<number>): Promise<number> {
  await f();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((x, y) => x - y)[1]!;
}

async function findNodeWithDegree(session: ReturnType<Awaited<ReturnType<typeof open>>['session']>, d: number): Promise<number> {
  for (let id = 0; id < 100_000; id += 97) {
    const r = await session.run('MATCH (p:Person {id: $id})-[:KNOWS]->(f) RETURN count(f) AS c', { id: BigInt(id) });
    if (r.rows[0]![0] === BigInt(d)) return id;
  }
  return 0;
}

await main();
