// Operators that run another plan per input row (Apply: OPTIONAL MATCH, CALL subqueries;
// Foreach) or combine plans (Union).
import type { Apply, Foreach, SubqueryValue, Union } from '../../planner/index.js';
import type { Value } from '../../values/types.js';
import type { Row } from '../context.js';
import { compile, describe } from '../expressions.js';
import { cypherError } from '../../errors.js';
import { keepNew } from './keys.js';
import { keySize, scoped } from './memory.js';
import { drain, type Factory, mapBatches, type Operator } from './operator.js';

export function apply(p: Apply, input: Factory, inner: Factory): Factory {
  const outCols = p.columns;
  const innerCols = p.inner.columns;
  // Where each output column comes from: the inner row (by name) or the input row.
  const fromInner = outCols.map((c) => innerCols.indexOf(c));
  const fromInput = outCols.map((c) => p.input.columns.indexOf(c));
  const argCols = innerArgumentColumns(p.inner);
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        const innerArg = [argumentRow(row, p.input.columns, argCols)];
        const results = await scoped(ctx, () => drain(inner(ctx, innerArg)));
        if (p.unit) {
          out.push(row);
          continue;
        }
        if (results.length === 0 && p.optional) {
          out.push(outCols.map((_c, i) => (fromInput[i]! >= 0 ? (row[fromInput[i]!] ?? null) : null)));
          continue;
        }
        for (const r of results) {
          out.push(outCols.map((_c, i) => (fromInner[i]! >= 0 ? (r[fromInner[i]!] ?? null) : (row[fromInput[i]!] ?? null))));
        }
      }
      return out;
    });
}

function argumentRow(row: Row, from: readonly string[], to: readonly string[]): Row {
  return to.map((c) => row[from.indexOf(c)] ?? null);
}

export function union(p: Union, parts: readonly Factory[]): Factory {
  return (ctx, arg) => {
    let i = 0;
    let cur: Operator | null = null;
    const seen = p.distinct ? new Set<string>() : null;
    return {
      async next() {
        for (;;) {
          if (cur === null) {
            if (i >= parts.length) return null;
            cur = parts[i++]!(ctx, arg);
          }
          const b = await cur.next();
          if (b === null) {
            cur = null;
            continue;
          }
          if (seen === null) return b;
          const { fresh, bytes } = keepNew(b, seen, keySize);
          ctx.memory.allocate(bytes);
          if (fresh.length > 0) return fresh;
        }
      },
    };
  };
}

export function foreach(p: Foreach, input: Factory, body: Factory): Factory {
  const list = compile(p.list, p.input.columns);
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), async (rows) => {
      for (const row of rows) {
        const l: Value = list(row, ctx);
        if (l === null) continue;
        if (!Array.isArray(l)) throw cypherError('TypeError', 'InvalidArgumentType', `FOREACH needs a list, got ${describe(l)}`);
        for (const x of l) await drain(body(ctx, [[...row, x]]));
      }
      return rows;
    });
}

/** Computes a subquery expression per row (EXISTS, COUNT, COLLECT, pattern predicates). */
export function subqueryValue(p: SubqueryValue, input: Factory, inner: Factory): Factory {
  const argCols = innerArgumentColumns(p.inner);
  const collectSlot = p.collectColumn === null ? -1 : p.inner.columns.indexOf(p.collectColumn);
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        const v = await scoped(ctx, async (): Promise<Value> => {
          const op = inner(ctx, [argumentRow(row, p.input.columns, argCols)]);
          if (p.mode === 'exists') return (await op.next()) !== null;
          const all = await drain(op);
          return p.mode === 'count' ? BigInt(all.length) : all.map((r) => r[collectSlot] ?? null);
        });
        out.push([...row, v]);
      }
      return out;
    });
}

/** The columns the inner plan's Argument expects (its leaf's layout). */
function innerArgumentColumns(q0: import('../../planner/index.js').Plan): readonly string[] {
  let q = q0;
  for (;;) {
    if (q.kind === 'Argument') return q.columns;
    if (q.kind === 'Union') q = q.parts[0]!;
    else if ('input' in q) q = q.input;
    else return [];
  }
}
