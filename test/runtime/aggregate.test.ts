// Aggregating functions over rows, from the openCypher kit (../shared/tck/features/expressions/
// aggregation) and Neo4j 5's documentation. Each row: [function, input rows (a list literal of
// argument lists), expected literal or `error: Kind/Detail`].
import { describe, expect, it } from 'vitest';
import '../../src/runtime/functions/index.js';
import { lookupAggregate } from '../../src/runtime/functions/index.js';
import { DurationValue, type Value } from '../../src/values/types.js';
import { ctx, expectOutcome, lit } from './literal.js';

type Row = readonly [fn: string, rows: string, expected: string];

function aggregate(name: string, rows: readonly (readonly Value[])[]): Value {
  const f = lookupAggregate(name);
  if (f === undefined) throw new Error(`no aggregate ${name}`);
  const acc = f.create(ctx);
  for (const r of rows) acc.add(r);
  return acc.result();
}

/** One row per element of a list literal, the element being the row's only argument. */
const single = (values: string): string => `{single: ${values}}`;

function inputRows(text: string): readonly (readonly Value[])[] {
  const v = lit(text);
  if (v instanceof Map) return (v.get('single') as readonly Value[]).map((x) => [x]);
  return v as readonly (readonly Value[])[];
}

const rows: Row[] = [
  // Aggregation2
  ['max', single('[1, 2, 0, null, -1]'), '2'],
  ['min', single('[1, 2, 0, null, -1]'), '-1'],
  ['max', single('[1.0, 2.0, 0.5, null]'), '2.0'],
  ['min', single('[1.0, 2.0, 0.5, null]'), '0.5'],
  ['max', single('[1, 2.0, 5, null, 3.2, 0.1]'), '5'],
  ['min', single('[1, 2.0, 5, null, 3.2, 0.1]'), '0.1'],
  ['max', single("['a', 'b', 'B', null, 'abc', 'abc1']"), "'b'"],
  ['min', single("['a', 'b', 'B', null, 'abc', 'abc1']"), "'B'"],
  ['max', single('[[1], [2], [2, 1]]'), '[2, 1]'],
  ['min', single('[[1], [2], [2, 1]]'), '[1]'],
  ['max', single("[1, 'a', null, [1, 2], 0.2, 'b']"), '1'],
  ['min', single("[1, 'a', null, [1, 2], 0.2, 'b']"), '[1, 2]'],
  ['max', '[]', 'null'],
  ['min', '[[null]]', 'null'],
  // Aggregation3
  ['sum', single('[33, null, 42]'), '75'],
  ['sum', '[]', '0'],
  ['sum', single('[1, 2.5]'), '3.5'],
  ['sum', single('[9223372036854775807, 1]'), 'error: ArithmeticError/IntegerOverflow'],
  ['sum', single('[9223372036854775807, 1, -1]'), '9223372036854775807'],
  ['sum', single("[1, 'a']"), 'error: TypeError/InvalidArgumentValue'],
  // Aggregation4 / avg
  ['avg', single('[1, 2, 3, null]'), '2.0'],
  ['avg', single('[1, 2]'), '1.5'],
  ['avg', single('[1, 2.0]'), '1.5'],
  ['avg', '[[null]]', 'null'],
  ['avg', '[]', 'null'],
  ['avg', single("['a']"), 'error: TypeError/InvalidArgumentValue'],
  // Aggregation5 / 8: collect and count skip nulls
  ['collect', single('[null, 1, null, 2]'), '[1, 2]'],
  ['collect', '[[null], [null]]', '[]'],
  ['collect', '[]', '[]'],
  ['count', single('[null, 1, null, 2]'), '2'],
  ['count', '[[null]]', '0'],
  ['count', '[]', '0'],
  // Aggregation7: standard deviation
  ['stDev', single('[2, 4, 4, 4, 5, 5, 7, 9]'), `${Math.sqrt(32 / 7)}`],
  ['stDevP', single('[2, 4, 4, 4, 5, 5, 7, 9]'), '2.0'],
  ['stDev', single('[1]'), '0.0'],
  ['stDevP', '[]', '0.0'],
  ['stDev', single("['a']"), 'error: TypeError/InvalidArgumentValue'],
  // Aggregation6: percentiles
  ['percentileDisc', '[[10.0, 0.0], [20.0, 0.0], [30.0, 0.0]]', '10.0'],
  ['percentileDisc', '[[10.0, 0.5], [20.0, 0.5], [30.0, 0.5]]', '20.0'],
  ['percentileDisc', '[[10.0, 1.0], [20.0, 1.0], [30.0, 1.0]]', '30.0'],
  ['percentileCont', '[[10.0, 0.0], [20.0, 0.0], [30.0, 0.0]]', '10.0'],
  ['percentileCont', '[[10.0, 0.5], [20.0, 0.5], [30.0, 0.5]]', '20.0'],
  ['percentileCont', '[[10.0, 1.0], [20.0, 1.0], [30.0, 1.0]]', '30.0'],
  ['percentileCont', '[[10, 0.25], [20, 0.25], [30, 0.25], [40, 0.25]]', '17.5'],
  ['percentileDisc', '[[30, 0.5], [10, 0.5], [20, 0.5], [40, 0.5]]', '20'],
  ['percentileDisc', '[[null, 0.5]]', 'null'],
  ...['1000', '-1', '1.1'].flatMap((p): Row[] => [
    ['percentileCont', `[[10.0, ${p}]]`, 'error: ArgumentError/NumberOutOfRange'],
    ['percentileDisc', `[[10.0, ${p}]]`, 'error: ArgumentError/NumberOutOfRange'],
  ]),
  // Aggregation6 [5]: percentileDisc(0.90, deg) with deg > 2
  ['percentileDisc', '[[0.9, 3], [0.9, 4]]', 'error: ArgumentError/NumberOutOfRange'],
];

describe('aggregating functions', () => {
  it.each(rows.map((r) => [`${r[0]} over ${r[1]} -> ${r[2]}`, r] as const))('%s', (_t, [fn, input, expected]) => {
    expectOutcome(() => aggregate(fn, inputRows(input)), expected);
  });

  it('sums and averages durations', () => {
    const d = (m: bigint, days: bigint, s: bigint, n: number): DurationValue => new DurationValue(m, days, s, n);
    const total = aggregate('sum', [[d(1n, 2n, 3n, 500_000_000)], [null], [d(1n, 1n, 1n, 600_000_000)]]) as DurationValue;
    expect([total.months, total.days, total.seconds, total.nanoseconds]).toEqual([2n, 3n, 5n, 100_000_000]);
    const avg = aggregate('avg', [[d(0n, 2n, 10n, 0)], [d(0n, 4n, 20n, 0)]]) as DurationValue;
    expect([avg.months, avg.days, avg.seconds, avg.nanoseconds]).toEqual([0n, 3n, 15n, 0]);
    expectOutcome(() => aggregate('sum', [[1n], [d(0n, 1n, 0n, 0)]]), 'error: TypeError/InvalidArgumentValue');
  });

  it('accounts memory for what it holds', () => {
    const acc = lookupAggregate('collect')!.create(ctx);
    const before = acc.memory ?? 0;
    for (let i = 0; i < 100; i++) acc.add(['some string value']);
    expect((acc.memory ?? 0) - before).toBeGreaterThan(100 * 34);
  });
});
