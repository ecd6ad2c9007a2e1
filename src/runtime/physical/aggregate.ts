// Hash aggregation: groups rows by the grouping keys' equivalence and feeds each group's
// accumulators. Without grouping keys an empty input still yields one row (count = 0, ...).
import type * as A from '../../cypher/index.js';
import { cypherError } from '../../errors.js';
import type { Aggregate } from '../../planner/index.js';
import type { Value } from '../../values/types.js';
import type { ExecContext, Row } from '../context.js';
import { compile, type Compiled } from '../expressions.js';
import { type Accumulator, lookupAggregate } from '../functions/registry.js';
import { groupKey, groupKey1 } from './keys.js';

const NO_ARGS: readonly Value[] = [];
import { fromHeldRows, keySize, valueSize } from './memory.js';
import { type Factory, type Operator } from './operator.js';

interface AggSpec {
  readonly args: readonly Compiled[];
  readonly distinct: boolean;
  readonly create: (ctx: ExecContext) => Accumulator;
  /** The accumulator keeps every value it is given (collect, percentiles): charge each to memory. */
  readonly retains: boolean;
}

const RETAINING = new Set(['collect', 'percentilecont', 'percentiledisc']);

class CountStar implements Accumulator {
  private n = 0n;
  add(): void {
    this.n++;
  }
  result(): Value {
    return this.n;
  }
}

function spec(call: A.Expression, columns: readonly string[]): AggSpec {
  if (call.kind === 'CountStar') return { args: [], distinct: false, create: () => new CountStar(), retains: false };
  if (call.kind !== 'FunctionCall') throw new Error('internal: not an aggregate call');
  const def = lookupAggregate(call.name);
  if (def === undefined) throw cypherError('SyntaxError', 'UnknownFunction', `Unknown function '${call.name}'`);
  if (call.args.length < def.minArgs || call.args.length > def.maxArgs) {
    throw cypherError('SyntaxError', 'InvalidNumberOfArguments', `Insufficient or too many parameters for function '${call.name}'`);
  }
  return { args: call.args.map((a) => compile(a, columns)), distinct: call.distinct, create: (ctx) => def.create(ctx.fn), retains: RETAINING.has(call.name.toLowerCase()) };
}

interface Group {
  readonly keys: Value[];
  readonly accs: Accumulator[];
  readonly seen: (Set<string> | null)[];
}

export function aggregate(p: Aggregate, input: Factory): Factory {
  const cols = p.input.columns;
  const groups = p.groups.map((g) => compile(g.expression, cols));
  const specs = p.aggregates.map((a) => spec(a.call, cols));
  return (ctx, arg) => {
    let out: Operator | null = null;
    let held = 0;
    return {
      async next() {
        if (out === null) {
          const src = input(ctx, arg);
          const table = new Map<string, Group>();
          const newGroup = (keys: Value[]): Group => ({
            keys,
            accs: specs.map((s) => s.create(ctx)),
            seen: specs.map((s) => (s.distinct ? new Set<string>() : null)),
          });
          const single = groups.length === 1 ? groups[0]! : null;
          const groupBytes = 64 + 48 * specs.length;
          for (let b = await src.next(); b !== null; b = await src.next()) {
            await ctx.tick();
            // Memory is charged once per batch: new groups, distinct keys, retained values.
            let bytes = 0;
            for (const r of b) {
              // This loop runs once per input row: no allocation beyond the group key string.
              let k = '';
              let keys: Value[] | null = null;
              if (single !== null) {
                const v = single(r, ctx);
                k = groupKey1(v);
                keys = [v];
              } else if (groups.length > 0) {
                keys = groups.map((g) => g(r, ctx));
                k = groupKey(keys);
              }
              let g = table.get(k);
              if (g === undefined) {
                g = newGroup(keys ?? []);
                table.set(k, g);
                bytes += groupBytes + keySize(k);
                if (keys !== null) for (const v of keys) bytes += valueSize(v);
              }
              for (let i = 0; i < specs.length; i++) {
                const s = specs[i]!;
                const vals = s.args.length === 0 ? NO_ARGS : s.args.map((f) => f(r, ctx));
                const seen = g.seen[i];
                if (seen) {
                  if (vals[0] === null) continue;
                  const key = groupKey(vals);
                  if (seen.has(key)) continue;
                  seen.add(key);
                  bytes += keySize(key);
                }
                if (s.retains && vals[0] !== null) bytes += valueSize(vals[0]!);
                g.accs[i]!.add(vals);
              }
            }
            ctx.memory.allocate(bytes);
            held += bytes;
          }
          if (table.size === 0 && groups.length === 0) table.set('', newGroup([]));
          const rows: Row[] = [];
          for (const g of table.values()) rows.push([...g.keys, ...g.accs.map((a) => a.result())]);
          out = fromHeldRows(rows, held, ctx);
        }
        return out.next();
      },
    };
  };
}
