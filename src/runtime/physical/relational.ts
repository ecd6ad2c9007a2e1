// Row operators that do not touch storage: filters, projections, distinct, sort, skip/limit,
// unwind, eager, paths, and the ends of a plan.
import { cypherError } from '../../errors.js';
import type { BuildPath, Distinct, Eager, Filter, Limit, PatternFilter, Project, Skip, Sort, Unwind } from '../../planner/index.js';
import { compareValues } from '../../values/compare.js';
import { NodeValue, PathValue, RelationshipValue, type Value } from '../../values/types.js';
import type { ExecContext, Row } from '../context.js';
import { compile, describe, isTrue, labelTest } from '../expressions.js';
import * as op from '../operators.js';
import { keepNew } from './keys.js';
import { BATCH } from '../context.js';
import { drainHeld, fromHeldRows, keySize } from './memory.js';
import { type Factory, fromGenerator, fromRows, mapBatches, type Operator } from './operator.js';

export function argument(): Factory {
  return (_ctx, arg) => fromRows(arg);
}

export function filter(p: Filter, input: Factory): Factory {
  const pred = compile(p.predicate, p.input.columns);
  return (ctx, arg) => mapBatches(input(ctx, arg), (rows) => rows.filter((r) => isTrue(pred(r, ctx))));
}

export function patternFilter(p: PatternFilter, input: Factory): Factory {
  const slot = p.input.columns.indexOf(p.variable);
  const labels = p.labels ? labelTest(p.labels) : null;
  const types = p.types ? labelTest(p.types) : null;
  let props: ((r: Row, ctx: ExecContext) => Value) | null = null;
  if (p.properties !== null) props = compile(p.properties, p.input.columns);
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), (rows) =>
      rows.filter((r) => {
        const v = r[slot] ?? null;
        if (v === null) return false;
        // A variable-length relationship binds a list: every relationship in it must match.
        const each = Array.isArray(v) ? (v as Value[]) : [v];
        let m: Value = null;
        if (props) {
          m = props(r, ctx);
          if (m === null) return false;
          if (!(m instanceof Map)) throw cypherError('TypeError', 'InvalidParameterUse', `Pattern properties must be a map, got ${describe(m)}`);
        }
        for (const x of each) {
          if (labels && !(x instanceof NodeValue && labels(x.labels))) return false;
          if (types && !(x instanceof RelationshipValue && types([x.type]))) return false;
          if (m instanceof Map) {
            const own = (x as NodeValue).properties;
            for (const [k, want] of m) if (op.equals((own.get(k) as Value | undefined) ?? null, want) !== true) return false;
          }
        }
        return true;
      }),
    );
}

export function project(p: Project, input: Factory): Factory {
  const inCols = p.input.columns;
  const items = new Map(p.items.map((i) => [i.name, compile(i.expression, inCols)]));
  const plan = p.columns.map((c) => {
    const f = items.get(c);
    if (f) return f;
    const slot = inCols.indexOf(c);
    return (r: Row) => r[slot] ?? null;
  });
  return (ctx, arg) => mapBatches(input(ctx, arg), (rows) => rows.map((r) => plan.map((f) => f(r, ctx))));
}

export function distinct(_p: Distinct, input: Factory): Factory {
  return (ctx, arg) => {
    const seen = new Set<string>();
    let held = 0;
    const src = mapBatches(input(ctx, arg), (rows) => {
      const { fresh, bytes } = keepNew(rows, seen, keySize);
      ctx.memory.allocate(bytes);
      held += bytes;
      return fresh;
    });
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
  };
}

export function sort(p: Sort, input: Factory): Factory {
  const keys = p.keys.map((k) => ({ f: compile(k.expression, p.input.columns), desc: k.descending }));
  return (ctx, arg) => {
    let done = false;
    let out: Operator | null = null;
    return {
      async next() {
        if (!done) {
          const { rows, bytes } = await drainHeld(input(ctx, arg), ctx);
          const decorated = rows.map((r) => ({ r, k: keys.map((k) => k.f(r, ctx)) }));
          decorated.sort((a, b) => {
            for (let i = 0; i < keys.length; i++) {
              const c = compareValues(a.k[i]!, b.k[i]!);
              if (c !== 0) return keys[i]!.desc ? -c : c;
            }
            return 0;
          });
          out = fromHeldRows(
            decorated.map((d) => d.r),
            bytes,
            ctx,
          );
          done = true;
        }
        return out!.next();
      },
    };
  };
}

function countArg(v: Value, what: string): number {
  if (typeof v !== 'bigint') {
    if (typeof v === 'number' && Number.isInteger(v)) throw cypherError('SyntaxError', 'InvalidArgumentType', `${what}: expected an INTEGER, got a FLOAT`);
    throw cypherError('SyntaxError', 'InvalidArgumentType', `${what}: expected a non-negative INTEGER, got ${describe(v)}`);
  }
  if (v < 0n) throw cypherError('SyntaxError', 'NegativeIntegerArgument', `${what}: expected a non-negative INTEGER, got ${v}`);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

export function skip(p: Skip, input: Factory): Factory {
  const count = compile(p.count, []);
  return (ctx, arg) => {
    let left = countArg(count([], ctx), 'SKIP');
    return mapBatches(input(ctx, arg), (rows) => {
      if (left === 0) return rows;
      const n = Math.min(left, rows.length);
      left -= n;
      return rows.slice(n);
    });
  };
}

export function limit(p: Limit, input: Factory): Factory {
  const count = compile(p.count, []);
  return (ctx, arg) => {
    let left = countArg(count([], ctx), 'LIMIT');
    const src = left === 0 && !p.exhaust ? null : input(ctx, arg);
    return {
      async next() {
        if (src === null) return null;
        if (left <= 0) {
          // Updates below a LIMIT still happen in full: run the input out, keep no rows.
          if (p.exhaust) for (let b = await src.next(); b !== null; b = await src.next()) await ctx.tick();
          return null;
        }
        const b = await src.next();
        if (b === null) return null;
        const out = b.length > left ? b.slice(0, left) : b;
        left -= out.length;
        return out;
      },
    };
  };
}

/** UNWIND: yields at most BATCH rows at a time, however long the list. */
export function unwind(p: Unwind, input: Factory): Factory {
  const list = compile(p.expression, p.input.columns);
  return (ctx, arg) => {
    const src = input(ctx, arg);
    async function* run(): AsyncGenerator<Row[]> {
      let out: Row[] = [];
      for (let b = await src.next(); b !== null; b = await src.next()) {
        for (const r of b) {
          const v = list(r, ctx);
          if (v === null) continue;
          const items = Array.isArray(v) ? v : [v];
          for (const x of items) {
            out.push([...r, x]);
            if (out.length >= BATCH) {
              await ctx.tick();
              yield out;
              out = [];
            }
          }
        }
      }
      if (out.length > 0) yield out;
    }
    return fromGenerator(run());
  };
}

export function eager(_p: Eager, input: Factory): Factory {
  return (ctx, arg) => {
    let out: Operator | null = null;
    return {
      async next() {
        if (out === null) {
          const { rows, bytes } = await drainHeld(input(ctx, arg), ctx);
          out = fromHeldRows(rows, bytes, ctx);
        }
        return out.next();
      },
    };
  };
}

export function buildPath(p: BuildPath, input: Factory): Factory {
  const cols = p.input.columns;
  const nodeSlots = p.nodes.map((n) => cols.indexOf(n));
  const relSlots = p.rels.map((r) => cols.indexOf(r));
  const listSlots = p.nodeLists.map((l) => (l === null ? -1 : cols.indexOf(l)));
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), (rows) =>
      rows.map((r) => {
        const first = r[nodeSlots[0]!] ?? null;
        if (first === null) return [...r, null];
        const nodes: NodeValue[] = [first as NodeValue];
        const rels: RelationshipValue[] = [];
        for (let i = 0; i < relSlots.length; i++) {
          const rv = r[relSlots[i]!] ?? null;
          if (rv === null) return [...r, null];
          if (listSlots[i]! >= 0) {
            // Variable length: the hidden list holds every node along it, the first being the
            // current last node.
            const ns = (r[listSlots[i]!] as NodeValue[]).slice(1);
            const rs = rv as RelationshipValue[];
            const forward = nodes[nodes.length - 1]!.elementId === (r[listSlots[i]!] as NodeValue[])[0]?.elementId;
            if (!forward) {
              // Expanded from the other end: walk the lists backwards.
              const all = [...(r[listSlots[i]!] as NodeValue[])].reverse().slice(1);
              nodes.push(...all);
              rels.push(...[...rs].reverse());
            } else {
              nodes.push(...ns);
              rels.push(...rs);
            }
          } else {
            rels.push(rv as RelationshipValue);
            nodes.push(r[nodeSlots[i + 1]!] as NodeValue);
          }
        }
        return [...r, new PathValue(nodes, rels)];
      }),
    );
}
