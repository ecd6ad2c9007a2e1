// Memory estimates for operators that hold rows (sort, aggregation, DISTINCT, eager). Cheap and
// deliberately rough: a size per value kind, walking lists and maps, with nodes, relationships
// and temporal values at a flat size (their records are shared with what storage returned).
import { PathValue, type Value } from '../../values/types.js';
import type { ExecContext, Row } from '../context.js';
import { fromRows, type Operator } from './operator.js';

/** Estimated bytes of one value. */
export function valueSize(v: Value): number {
  if (v === null) return 8;
  switch (typeof v) {
    case 'boolean':
      return 8;
    case 'number':
      return 16;
    case 'bigint':
      return 24;
    case 'string':
      return 24 + 2 * v.length;
  }
  if (Array.isArray(v)) {
    let n = 32 + 8 * v.length;
    for (const x of v as readonly Value[]) n += valueSize(x);
    return n;
  }
  if (v instanceof Map) {
    let n = 64;
    for (const [k, x] of v) n += 48 + 2 * k.length + valueSize(x);
    return n;
  }
  if (v instanceof Uint8Array) return 32 + v.length;
  if (v instanceof PathValue) return 48 + 64 * (v.nodes.length + v.relationships.length);
  return 64;
}

/** Estimated bytes of a row held in a buffer. */
export function rowSize(r: Row): number {
  let n = 16 + 8 * r.length;
  for (const v of r) n += valueSize(v);
  return n;
}

/** Estimated bytes of a key string in a hash set or map. */
export function keySize(k: string): number {
  return 48 + 2 * k.length;
}

/** Reads an operator to the end, charging each row to the statement's memory. */
export async function drainHeld(op: Operator, ctx: ExecContext): Promise<{ rows: Row[]; bytes: number }> {
  const rows: Row[] = [];
  let bytes = 0;
  for (let b = await op.next(); b !== null; b = await op.next()) {
    let n = 0;
    for (const r of b) {
      rows.push(r);
      n += rowSize(r);
    }
    ctx.memory.allocate(n);
    bytes += n;
    await ctx.tick();
  }
  return { rows, bytes };
}

/** Hands out held rows in batches and gives their memory back once the last batch is out. */
export function fromHeldRows(rows: readonly Row[], bytes: number, ctx: ExecContext): Operator {
  const src = fromRows(rows);
  let held = bytes;
  return {
    async next() {
      const b = await src.next();
      if (b === null && held > 0) {
        ctx.memory.release(held);
        held = 0;
      }
      return b;
    },
  };
}

/**
 * Runs `f` (one run of an inner plan) and then releases whatever it still holds: buffers of a
 * plan cut short by a LIMIT are never read to the end, but die with the run.
 */
export async function scoped<T>(ctx: ExecContext, f: () => Promise<T>): Promise<T> {
  const mark = ctx.memory.used;
  try {
    return await f();
  } finally {
    const extra = ctx.memory.used - mark;
    if (extra > 0) ctx.memory.release(extra);
  }
}
