// `npm run bench:crossdb` — cross-database queries (issue 9), in-process, measured in one run:
//   the same 8 per-tenant queries as ONE cross-database query (UNION ALL of USE parts, run at
//   once) vs run one after another, each in its own auto-commit transaction (target: >= 2x):
//     - a filtered count over each tenant's Person nodes (storage-bound)
//     - a point lookup by an indexed property in each tenant (per-query overhead-bound)
//   a hash join of 100,000 x 100,000 rows across two databases: time and peak memory, beside the
//   two scans it rests on (read one after the other, no join).
//
//   node --expose-gc dist/bench/crossdb-bench.js [--tenant-nodes 50000] [--join-rows 100000] [--seconds 3]
process.env.UV_THREADPOOL_SIZE ??= '16';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open, type QuiverDB } from '../src/index.js';
import { args, latency, publish, rng, Table } from './lib.js';

const a = args();
const TENANT_NODES = Number(a.get('tenant-nodes') ?? 50_000);
const JOIN_ROWS = Number(a.get('join-rows') ?? 100_000);
const SECONDS = Number(a.get('seconds') ?? 3);
const TENANTS = Array.from({ length: 8 }, (_, i) => `tenant_${i}`);
const BATCH = 10_000;

async function load(db: QuiverDB, name: string, n: number, label: string, props: (i: number) => Record<string, bigint | string>): Promise<void> {
  await db.createDatabase(name);
  const id = db.catalog.resolve(name).id;
  for (let i = 0; i < n; i += BATCH) {
    const tx = db.store.begin();
    const g = await db.store.graph(tx, id);
    await g.createNodes(Array.from({ length: Math.min(BATCH, n - i) }, (_, j) => ({ labels: [label], properties: props(i + j) })));
    await tx.commit();
  }
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `f` once, sampling the heap every millisecond: its time and the heap's peak above the start. */
async function peakHeap<T>(f: () => Promise<T>): Promise<{ ms: number; peakMiB: number; result: T }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 1);
  const t = performance.now();
  try {
    const result = await f();
    const ms = performance.now() - t;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { ms, peakMiB: (peak - base) / 2 ** 20, result };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-crossdb-bench-'));
  const db = await open(dir, { sync: false });
  const rand = rng(11);
  console.log(`crossdb bench: 8 tenants x ${TENANT_NODES.toLocaleString()} Person nodes; join ${JOIN_ROWS.toLocaleString()} x ${JOIN_ROWS.toLocaleString()}`);
  let t = performance.now();
  for (const name of TENANTS) {
    await load(db, name, TENANT_NODES, 'Person', (i) => ({ id: BigInt(i), email: `user${i}@example.com`, age: BigInt(18 + Math.floor(rand() * 70)) }));
    await db.session(name).run('CREATE INDEX person_email FOR (p:Person) ON (p.email)');
  }
  await load(db, 'join_a', JOIN_ROWS, 'R', (i) => ({ k: BigInt(i), v: BigInt(i % 97) }));
  await load(db, 'join_b', JOIN_ROWS, 'R', (i) => ({ k: BigInt(JOIN_ROWS - 1 - i), w: BigInt(i % 89) }));
  console.log(`  loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const home = db.session('neo4j');
  const table = new Table();
  const extra: Record<string, unknown> = { tenantNodes: TENANT_NODES, joinRows: JOIN_ROWS };

  // ---- 8 per-tenant queries: one after another vs one cross-database query
  const perTenant = [
    { name: 'filtered count', q: 'MATCH (n:Person) WHERE n.age > $age RETURN count(n) AS c', params: (i: number) => ({ age: BigInt(60 + (i % 10)) }) },
    { name: 'point lookup (index)', q: 'MATCH (n:Person {email: $email}) RETURN n.id AS id', params: (i: number) => ({ email: `user${(i * 7919) % TENANT_NODES}@example.com` }) },
  ];
  for (const w of perTenant) {
    const body = w.q.replace(' AS c', ' AS c').replace('RETURN ', 'RETURN $t AS tenant, ');
    const cross = TENANTS.map((tn) => `USE ${tn} ${body.replace('$t', `'${tn}'`)}`).join(' UNION ALL ');
    // Same answers both ways.
    const one = await home.run(cross, w.params(1));
    const each = [];
    for (const tn of TENANTS) each.push(...(await db.session(tn).run(w.q, w.params(1))).rows.map((r) => [tn, ...r]));
    if (JSON.stringify(one.rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) !== JSON.stringify(each, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) {
      throw new Error(`${w.name}: the cross-database query and the 8 queries disagree`);
    }
    const sequential = await latency(async (i) => {
      for (const tn of TENANTS) await db.session(tn).run(w.q, w.params(i));
    }, SECONDS, 2);
    const together = await latency((i) => home.run(cross, w.params(i)), SECONDS, 2);
    table.add(`8 tenants, ${w.name}: one cross-database query (median)`, 'µs', together.medianUs, sequential.medianUs, '8 queries one after another', 'lower', '>= 2x');
    extra[w.name] = { crossMedianUs: together.medianUs, crossP99Us: together.p99Us, sequentialMedianUs: sequential.medianUs, sequentialP99Us: sequential.p99Us };
  }

  // ---- hash join 100k x 100k across two databases
  const joinQ = 'MATCH (a:R) FROM DATABASE join_a MATCH (b:R) FROM DATABASE join_b WHERE a.k = b.k RETURN count(*) AS n, sum(a.v + b.w) AS s';
  await home.run(joinQ); // warm
  const scans = await peakHeap(async () => {
    await db.session('join_a').run('MATCH (a:R) RETURN sum(a.v) AS s');
    await db.session('join_b').run('MATCH (b:R) RETURN sum(b.w) AS s');
  });
  const hj = await peakHeap(() => home.run(joinQ));
  const [n] = hj.result.rows[0]!;
  if (n !== BigInt(JOIN_ROWS)) throw new Error(`hash join: expected ${JOIN_ROWS} rows, got ${String(n)}`);
  const plan = (await home.run('EXPLAIN ' + joinQ)).plan!;
  const ops = (p: typeof plan): string[] => [p.operatorType, ...p.children.flatMap(ops)];
  if (!ops(plan).includes('ValueHashJoin')) throw new Error('the join was not planned as a hash join');
  table.add(`hash join ${JOIN_ROWS.toLocaleString()} x ${JOIN_ROWS.toLocaleString()} across two databases (time)`, 'ms', hj.ms, scans.ms, 'the two scans alone', 'lower', 'report', `peak heap +${hj.peakMiB.toFixed(0)} MiB (scans alone +${scans.peakMiB.toFixed(0)} MiB)`);
  extra['hashJoin'] = { ms: hj.ms, peakHeapMiB: hj.peakMiB, scansMs: scans.ms, scansPeakHeapMiB: scans.peakMiB, rows: JOIN_ROWS };

  await db.close();
  rmSync(dir, { recursive: true, force: true });
  publish('crossdb', table, extra);
}

await main();
