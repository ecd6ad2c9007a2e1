// The merge of a cross-database query: a hash join of two independent inputs (a nested loop when
// there are no equality keys), and a UNION whose parts run at once.
//
// Both sides of a join are pulled at the same time — their storage reads are async LevelDB calls,
// so one side's I/O overlaps the other's (concurrency on one thread, no worker threads). With
// `build: 'adaptive'` the side that ends first is held in the hash table: when both produce rows at
// a similar rate that is the smaller one, and the rows the other side produced meanwhile (about as
// many) are probed first. With `build: 'right'` the right side is held and the left side probes in
// its own order (prefetching a few batches meanwhile), which keeps CALL { } row order and OPTIONAL.
import type { Join, Union } from '../../planner/index.js';
import type { Value } from '../../values/types.js';
import { BATCH, type ExecContext, type Row } from '../context.js';
import { compile, type Compiled, isTrue } from '../expressions.js';
import { equals } from '../operators.js';
import { groupKey, keepNew } from './keys.js';
import { keySize, rowSize } from './memory.js';
import { type Factory, fromGenerator, type Operator } from './operator.js';

/** Batches of the probe side read ahead while a 'right' build side is still being read. */
const PREFETCH = 8;

interface Entry {
  readonly row: Row;
  readonly keys: readonly Value[];
}

type Pulled = { readonly side: 'left' | 'right'; readonly batch: Row[] | null };

export function join(p: Join, left: Factory, right: Factory): Factory {
  const leftKeys = p.leftKeys.map((e) => compile(e, p.left.columns));
  const rightKeys = p.rightKeys.map((e) => compile(e, p.right.columns));
  const residual = p.residual === null ? null : compile(p.residual, p.columns);
  if (p.optional && p.build !== 'right') throw new Error('internal: an optional join holds its right side');
  const width = p.left.columns.length;
  // Output rows: the left row, then the right side's columns that the left side lacks.
  const rightSlots = p.columns.slice(width).map((c) => p.right.columns.indexOf(c));
  const combine = (l: Row, r: Row | null): Row => {
    const out = l.length === width ? l.slice() : l.slice(0, width);
    for (const s of rightSlots) out.push(r === null ? null : (r[s] ?? null));
    return out;
  };

  return (ctx, arg) => {
    async function* run(): AsyncGenerator<Row[]> {
      const L = left(ctx, arg);
      const R = right(ctx, [[]]);
      let held = 0;
      const hold = (rows: readonly Row[]): void => {
        let n = 0;
        for (const r of rows) n += rowSize(r);
        ctx.memory.allocate(n);
        held += n;
      };
      try {
        const buffered = { left: [] as Row[], right: [] as Row[] };
        const done = { left: false, right: false };
        let inflight: { left: Promise<Pulled> | null; right: Promise<Pulled> | null } = { left: null, right: null };
        const pull = (side: 'left' | 'right'): Promise<Pulled> => {
          const pr = (side === 'left' ? L : R).next().then((batch) => ({ side, batch }));
          // Settled later or never (a failing side ends the join): never an unhandled rejection.
          pr.catch(() => {});
          inflight = { ...inflight, [side]: pr };
          return pr;
        };
        let build: 'left' | 'right';
        if (p.sequential) {
          // The left side writes: it finishes before the right side reads anything.
          for (let b = await L.next(); b !== null; b = await L.next()) {
            hold(b);
            buffered.left.push(...b);
            await ctx.tick();
          }
          done.left = true;
          build = p.build === 'right' ? 'right' : 'left';
        } else {
          pull('left');
          pull('right');
          let chosen: 'left' | 'right' | null = null;
          while (chosen === null) {
            const waiting = [inflight.left, inflight.right].filter((x): x is Promise<Pulled> => x !== null);
            const { side, batch } = await Promise.race(waiting);
            inflight = { ...inflight, [side]: null };
            if (batch === null) {
              done[side] = true;
              if (p.build === 'adaptive' || side === 'right') chosen = side;
            } else {
              hold(batch);
              buffered[side].push(...batch);
              if (!(p.build === 'right' && side === 'left' && buffered.left.length >= PREFETCH * BATCH)) pull(side);
            }
            await ctx.tick();
          }
          build = chosen;
        }
        const probe: 'left' | 'right' = build === 'left' ? 'right' : 'left';
        // The held side, read to its end.
        const buildOp = build === 'left' ? L : R;
        if (!done[build]) {
          const pending = inflight[build];
          inflight = { ...inflight, [build]: null };
          for (let b = pending === null ? await buildOp.next() : (await pending).batch; b !== null; b = await buildOp.next()) {
            hold(b);
            buffered[build].push(...b);
            await ctx.tick();
          }
          done[build] = true;
        }
        const buildKeys = build === 'left' ? leftKeys : rightKeys;
        const probeKeys = build === 'left' ? rightKeys : leftKeys;
        const table = new Map<string, Entry[]>();
        for (const row of buffered[build]) {
          const keys = keyValues(row, buildKeys, ctx);
          if (keys === null) continue;
          const k = buildKeys.length === 0 ? '' : groupKey(keys);
          let bucket = table.get(k);
          if (bucket === undefined) {
            table.set(k, (bucket = []));
            ctx.memory.allocate(keySize(k));
            held += keySize(k);
          }
          bucket.push({ row, keys });
        }
        buffered[build] = [];

        let out: Row[] = [];
        const probeRow = (row: Row): void => {
          const keys = keyValues(row, probeKeys, ctx);
          const bucket = keys === null ? undefined : table.get(probeKeys.length === 0 ? '' : groupKey(keys));
          let matched = false;
          if (bucket !== undefined) {
            for (const e of bucket) {
              if (!sameKeys(keys!, e.keys)) continue;
              const joined = build === 'left' ? combine(e.row, row) : combine(row, e.row);
              if (residual !== null && !isTrue(residual(joined, ctx))) continue;
              matched = true;
              out.push(joined);
            }
          }
          if (!matched && p.optional) out.push(combine(row, null));
        };
        // Rows the probe side produced while the build side was read, then the rest of it.
        const early = buffered[probe];
        buffered[probe] = [];
        for (const row of early) {
          probeRow(row);
          if (out.length >= BATCH) {
            yield out;
            out = [];
          }
        }
        if (!done[probe]) {
          const probeOp: Operator = probe === 'left' ? L : R;
          const pending = inflight[probe];
          inflight = { ...inflight, [probe]: null };
          for (let b = pending === null ? await probeOp.next() : (await pending).batch; b !== null; b = await probeOp.next()) {
            await ctx.tick();
            for (const row of b) probeRow(row);
            if (out.length >= BATCH) {
              yield out;
              out = [];
            }
          }
        }
        if (out.length > 0) yield out;
      } finally {
        ctx.memory.release(held);
      }
    }
    return fromGenerator(run());
  };
}

/** The key values of a row; null if one is null (null never equals anything). */
function keyValues(row: Row, keys: readonly Compiled[], ctx: ExecContext): Value[] | null {
  const out: Value[] = [];
  for (const k of keys) {
    const v = k(row, ctx);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** Cypher `=` on each key (the hash only groups candidates: NaN and lists holding null differ). */
function sameKeys(a: readonly Value[], b: readonly Value[]): boolean {
  for (let i = 0; i < a.length; i++) if (equals(a[i]!, b[i]!) !== true) return false;
  return true;
}

interface PartState {
  readonly op: Operator;
  readonly queue: Row[][];
  done: boolean;
  error: unknown;
  inflight: Promise<void> | null;
}

/**
 * UNION over parts on several databases: every part starts at once and reads up to a few batches
 * ahead, while the output still lists the parts in order (as the sequential UNION does).
 */
export function concurrentUnion(p: Union, parts: readonly Factory[]): Factory {
  return (ctx, arg) => {
    let states: PartState[] | null = null;
    let i = 0;
    const seen = p.distinct ? new Set<string>() : null;
    const pump = (s: PartState): void => {
      if (s.done || s.inflight !== null || s.queue.length >= 4) return;
      s.inflight = s.op.next().then(
        (b) => {
          s.inflight = null;
          if (b === null) s.done = true;
          else {
            s.queue.push(b);
            pump(s);
          }
        },
        (e: unknown) => {
          s.inflight = null;
          s.error = e;
          s.done = true;
        },
      );
    };
    return {
      async next() {
        states ??= parts.map((f) => ({ op: f(ctx, arg), queue: [], done: false, error: undefined, inflight: null }));
        for (;;) {
          if (i >= states.length) return null;
          for (const s of states) pump(s);
          const s = states[i]!;
          const b = s.queue.shift();
          if (b !== undefined) {
            pump(s);
            if (seen === null) return b;
            const { fresh, bytes } = keepNew(b, seen, keySize);
            ctx.memory.allocate(bytes);
            if (fresh.length > 0) return fresh;
            continue;
          }
          if (s.error !== undefined) throw s.error;
          if (s.done) {
            i++;
            continue;
          }
          await s.inflight;
          await ctx.tick();
        }
      },
    };
  };
}
