// The read workloads over the social graph: the same queries on QuiverDB (through the driver) and
// on Kùzu (in-process), one after the other, each warmed up and repeated.
import type { SocialGraph } from './generator.js';
import { concurrentRate, repeatedLatency, repeatedRuns, type Timing } from './measure.js';
import type { SuiteContext } from './model.js';
import { AGGREGATE_ALL, FILTER_SCAN, ONE_HOP, POINT_LOOKUP, TWO_HOP } from './queries.js';
import type { ReadClient, ReadEngine, Row } from './read-engines.js';

export interface ReadSpec {
  readonly name: string;
  readonly label: string;
  readonly query: string;
  /** Per-id (a latency per query) or whole-graph (a few timed runs). */
  readonly kind: 'point' | 'scan';
}

export const READS: readonly ReadSpec[] = [
  { name: 'read.point_lookup', label: 'point lookup by id', query: POINT_LOOKUP, kind: 'point' },
  { name: 'read.one_hop', label: '1-hop count', query: ONE_HOP, kind: 'point' },
  { name: 'read.two_hop', label: '2-hop count(DISTINCT)', query: TWO_HOP, kind: 'point' },
  { name: 'read.aggregate_all', label: '`p.age, count(*)` over all Person nodes', query: AGGREGATE_ALL, kind: 'scan' },
  { name: 'read.filter_scan', label: "`age > 60 AND name STARTS WITH 'A'` over all Person nodes", query: FILTER_SCAN, kind: 'scan' },
];
export const POINT_16 = 'read.point_lookup_16conn';
export const READ_NAMES = [...READS.map((r) => r.name), POINT_16];

const VIA = 'Bolt (neo4j-driver → server process)';

/** The operation a read workload repeats on one client: point queries walk the sampled ids. */
export function readOp(spec: ReadSpec, client: ReadClient, g: SocialGraph): (i: number) => Promise<Row[]> {
  return spec.kind === 'point' ? (i) => client.run(spec.query, g.sampleId(i)) : () => client.run(spec.query);
}

async function measure(spec: ReadSpec, engine: ReadEngine, g: SocialGraph, timing: Timing, scanRuns: number) {
  const [client] = engine.clients(1);
  const op = readOp(spec, client!, g);
  return spec.kind === 'point' ? repeatedLatency(op, timing) : repeatedRuns(() => op(0), scanRuns);
}

/** Runs the selected read workloads on QuiverDB and, when present, the peer; records them. */
export async function runReads(ctx: SuiteContext, g: SocialGraph, quiver: ReadEngine, peer: ReadEngine | null): Promise<void> {
  const timing: Timing = ctx.scale;
  if (peer !== null) ctx.remark(await compareAnswers(quiver, peer, g));
  // One warm-up pass over every per-id query on both engines before anything is timed, so the
  // first workload measured does not pay for the server's start (JIT, caches) alone.
  for (const engine of peer === null ? [quiver] : [quiver, peer]) {
    const [client] = engine.clients(1);
    for (const spec of READS.filter((r) => r.kind === 'point')) {
      const op = readOp(spec, client!, g);
      const end = performance.now() + timing.warmupMs;
      for (let i = 0; performance.now() < end; i++) await op(i);
    }
  }
  for (const spec of READS) {
    if (!ctx.wants(spec.name) && !ctx.wants(`${spec.name}_p99`)) continue;
    ctx.progress(`${spec.name}: QuiverDB`);
    const q = await measure(spec, quiver, g, timing, ctx.scale.scanRuns);
    ctx.progress(`${spec.name}: ${peer?.name ?? 'no peer'}`);
    const p = peer === null ? null : await measure(spec, peer, g, timing, ctx.scale.scanRuns);
    const peers = (v: number | undefined): Record<string, number> => (p === null || v === undefined ? {} : { [peer!.name]: v });
    const spread = `${spec.kind === 'point' ? 'repetition medians' : 'runs'} ${q.repMedians.map((m) => fmtUs(m)).join(', ')}`;
    if (spec.kind === 'point') {
      ctx.record(spec.name, q.medianUs, 'µs', 'lower', peers(p?.medianUs), { label: `${spec.label}, median`, via: VIA, latency: true, note: `${q.samples.toLocaleString('en-US')} queries; ${spread}` });
      ctx.record(`${spec.name}_p99`, q.p99Us, 'µs', 'lower', peers(p?.p99Us), { label: `${spec.label}, p99`, via: VIA });
    } else {
      ctx.record(spec.name, q.medianUs / 1000, 'ms', 'lower', peers(p === null ? undefined : p.medianUs / 1000), { label: `${spec.label}, median of ${q.samples} runs`, via: VIA, latency: true, note: spread });
    }
  }
  if (ctx.wants(POINT_16)) {
    ctx.progress(`${POINT_16}: QuiverDB`);
    const q = await concurrent(quiver, g, timing);
    ctx.progress(`${POINT_16}: ${peer?.name ?? 'no peer'}`);
    const p = peer === null ? null : await concurrent(peer, g, timing);
    ctx.record(POINT_16, q.perSecond, 'queries/s', 'higher', p === null ? {} : { [peer!.name]: p.perSecond }, { label: 'point lookups by id, 16 connections, one in flight each', via: VIA, note: `p99 ${fmtUs(q.p99Us)}${p === null ? '' : ` (peer ${fmtUs(p.p99Us)})`}` });
  }
}

async function concurrent(engine: ReadEngine, g: SocialGraph, timing: Timing) {
  const clients = engine.clients(16);
  return concurrentRate(16, (w, i) => clients[w]!.run(POINT_LOOKUP, g.sampleId(w * 1_000_003 + i)), timing);
}

/** Both engines answer the same for sampled ids and whole-graph queries: a sanity check, reported. */
async function compareAnswers(a: ReadEngine, b: ReadEngine, g: SocialGraph): Promise<string> {
  const [ca, cb] = [a.clients(1)[0]!, b.clients(1)[0]!];
  const canon = (rows: Row[]): string => JSON.stringify(rows.map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))).sort());
  const parts: string[] = [];
  for (const spec of READS) {
    const ids = spec.kind === 'point' ? Array.from({ length: 20 }, (_, i) => g.sampleId(i)) : [undefined];
    let same = 0;
    for (const id of ids) if (canon(await ca.run(spec.query, id)) === canon(await cb.run(spec.query, id))) same++;
    parts.push(`${spec.name} ${same}/${ids.length}`);
  }
  return `Answers compared between ${a.name} and ${b.name} before timing: ${parts.join(', ')} identical.`;
}

export const fmtUs = (us: number): string => (us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} µs`);
