import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNumbers, compareStrings, compareValues, equivalent } from '../../src/values/compare.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  INT64_MAX,
  INT64_MIN,
  LocalDateTimeValue,
  LocalTimeValue,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  SRID,
  Temporal,
  TimeValue,
  type Value,
} from '../../src/values/types.js';
import { arbFloat, arbInt64, arbString, arbValue, NUM_RUNS } from '../support/arbitraries.js';
import { show } from '../support/same-value.js';

const runs = { numRuns: NUM_RUNS };
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const neg = (n: number): number => (n === 0 ? 0 : -n);

function sorted(vs: readonly Value[]): Value[] {
  return [...vs].sort(compareValues);
}

function expectOrder(vs: readonly Value[]): void {
  for (let i = 0; i + 1 < vs.length; i++) {
    expect(compareValues(vs[i]!, vs[i + 1]!), `${show(vs[i]!)} < ${show(vs[i + 1]!)}`).toBeLessThan(0);
    expect(compareValues(vs[i + 1]!, vs[i]!), `${show(vs[i + 1]!)} > ${show(vs[i]!)}`).toBeGreaterThan(0);
  }
  // Shuffled input sorts back to the expected order.
  expect(sorted([...vs].reverse()).map(show)).toEqual(vs.map(show));
}

/** Exact reference: is bigint i less than / equal to / greater than double f? */
function referenceIntFloat(i: bigint, f: number): number {
  if (Number.isNaN(f) || f === Infinity) return -1;
  if (f === -Infinity) return 1;
  if (f === 0) return sign(Number(i));
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e: number;
  if (expBits === 0) {
    e = -1074;
  } else {
    mant |= 1n << 52n;
    e = expBits - 1075;
  }
  const m = neg ? -mant : mant; // f = m * 2^e exactly
  const [l, r] = e >= 0 ? [i, m << BigInt(e)] : [i << BigInt(-e), m];
  return l < r ? -1 : l > r ? 1 : 0;
}

const node = (id: bigint): NodeValue => new NodeValue(id, `4:x:${id}`, ['N'], new Map());
const rel = (id: bigint): RelationshipValue => new RelationshipValue(id, `5:x:${id}`, 'R', 0n, '', 1n, '', new Map());
const time = (h: number, m: number, s: number, ns: number, offset: string): TimeValue => {
  const sign = offset[0] === '-' ? -1 : 1;
  const [oh, om] = offset.slice(1).split(':').map(Number) as [number, number];
  return new TimeValue(Temporal.PlainTime.from({ hour: h, minute: m, second: s, millisecond: Math.floor(ns / 1e6), microsecond: Math.floor(ns / 1e3) % 1000, nanosecond: ns % 1000 }), sign * (oh * 3600 + om * 60));
};
const dt = (iso: string, named: boolean): DateTimeValue => new DateTimeValue(Temporal.ZonedDateTime.from(iso), named);

describe('compareValues laws', () => {
  it('is antisymmetric and reflexive, and equivalent() agrees', () => {
    fc.assert(
      fc.property(arbValue, arbValue, (a, b) => {
        expect(sign(compareValues(a, b))).toBe(neg(sign(compareValues(b, a))));
        expect(compareValues(a, a)).toBe(0);
        expect(equivalent(a, b)).toBe(compareValues(a, b) === 0);
      }),
      runs,
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(arbValue, arbValue, arbValue, (a, b, c) => {
        const [x, y, z] = sorted([a, b, c]);
        expect(compareValues(x!, y!)).toBeLessThanOrEqual(0);
        expect(compareValues(y!, z!)).toBeLessThanOrEqual(0);
        expect(compareValues(x!, z!)).toBeLessThanOrEqual(0);
        if (compareValues(x!, y!) === 0 && compareValues(y!, z!) === 0) expect(compareValues(x!, z!)).toBe(0);
      }),
      runs,
    );
  });
});

describe('cross-type order', () => {
  it('follows the TCK (ReturnOrderBy1 [11]) and the Neo4j manual', () => {
    const n = node(1n);
    const r = rel(1n);
    const p = new PathValue([n, node(2n)], [r]);
    expectOrder([new Map([['a', 'map']]), n, r, ['list'], p, 'text', false, 1.5, Number.NaN, null]);
    expectOrder([
      new Map([['name', 'Alice']]),
      [1n, 2n, 3n],
      new DateValue(Temporal.PlainDate.from('2024-02-10')),
      'hello',
      true,
      42n,
      null,
    ]);
  });

  it('puts BYTES after LIST, POINT before the temporal types, temporal types in Neo4j order', () => {
    expectOrder([
      [999n],
      Uint8Array.of(0),
      new PathValue([node(0n)], []),
      new PointValue(SRID.cartesian3d, 9, 9, 9),
      dt('2000-01-01T00:00:00+00:00[+00:00]', false),
      new LocalDateTimeValue(Temporal.PlainDateTime.from('2000-01-01T00:00')),
      new DateValue(Temporal.PlainDate.from('2000-01-01')),
      time(0, 0, 0, 0, '+00:00'),
      new LocalTimeValue(Temporal.PlainTime.from('00:00')),
      new DurationValue(0n, 0n, 0n, 0),
      '',
    ]);
  });
});

describe('numbers', () => {
  it('compare integers and floats by exact value', () => {
    fc.assert(
      fc.property(arbInt64, arbFloat, (i, f) => {
        expect(sign(compareNumbers(i, f))).toBe(referenceIntFloat(i, f));
        expect(sign(compareValues(f, i))).toBe(neg(referenceIntFloat(i, f)));
      }),
      runs,
    );
  });

  it('handles the 2^53 and int64 boundaries, NaN, -0.0', () => {
    expect(compareValues(2n ** 53n + 1n, 2 ** 53)).toBeGreaterThan(0);
    expect(compareValues(2n ** 53n, 2 ** 53)).toBe(0);
    expect(compareValues(INT64_MAX, 2 ** 63)).toBeLessThan(0);
    expect(compareValues(INT64_MIN, -(2 ** 63))).toBe(0);
    expect(compareValues(Number.NaN, Infinity)).toBeGreaterThan(0);
    expect(compareValues(Number.NaN, INT64_MAX)).toBeGreaterThan(0);
    expect(compareValues(Number.NaN, Number.NaN)).toBe(0);
    expect(compareValues(-0, 0)).toBe(0);
    expect(compareValues(-0, 0n)).toBe(0);
    expect(equivalent(1n, 1)).toBe(true);
    expect(equivalent([1n, Number.NaN], [1, Number.NaN])).toBe(true);
    expectOrder([-Infinity, INT64_MIN, -1.5, -1n, -0.5, 0n, 0.5, 1n, 2 ** 53, 2n ** 53n + 1n, INT64_MAX, 2 ** 63, Infinity, Number.NaN]);
  });
});

describe('strings', () => {
  it('order by code point (= UTF-8 byte order), not UTF-16 units', () => {
    const codePoints = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0)!);
    const refCompare = (a: string, b: string): number => {
      const x = codePoints(a);
      const y = codePoints(b);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return sign(x[i]! - y[i]!);
      return sign(x.length - y.length);
    };
    fc.assert(
      fc.property(arbString, arbString, (a, b) => {
        expect(sign(compareStrings(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(refCompare(a, b));
      }),
      runs,
    );
    expectOrder(['', '\u0000', ' ', '.*', 'one', '\ud7ff', '\ud800', '\ud83d', '\ud83dx', '\ue000', '\uffff', '\u{10000}', '\u{1f600}']);
    expect(compareStrings('\uffff', '\u{1f600}')).toBeLessThan(0); // UTF-16 unit order would say the opposite
    expect(compareStrings('\ud83d\ude00', '\ud83d\ue000')).toBeGreaterThan(0); // U+1F600 vs lone U+D83D
    expect(compareStrings('\ud83d\ue000', '\ud83d\ude00')).toBeLessThan(0);
  });
});

describe('lists and maps', () => {
  it('order lists lexicographically, shorter first (TCK ReturnOrderBy1 [9], manual)', () => {
    expectOrder([[], ['a'], ['a', 1n], [1n], [1n, 'a'], [1n, null], [null, 1n], [null, 2n]]);
    expectOrder([[1n, 'foo', 3n], [1n, 2n, 'bar']]);
    expectOrder([[1n, 'foo'], [1n, 'foo', 3n]]);
    expectOrder([[1n], [1n, null]]);
  });

  it('order maps by size, then keys, then values (manual)', () => {
    const m = (...e: [string, Value][]): Value => new Map(e);
    expectOrder([m(['a', 1n]), m(['a', 0n], ['b', 'foo'])]);
    expectOrder([m(['b', 100n], ['a', 'foo']), m(['a', ''], ['c', null])]);
    expectOrder([m(['b', 100n], ['a', 'foo']), m(['a', 'foo'], ['b', null])]);
  });
});

describe('temporal and spatial', () => {
  it('orders zoned times by UTC instant, then offset (TCK WithOrderBy1 [45] times)', () => {
    expectOrder([
      time(12, 35, 15, 0, '+05:00'),
      time(12, 30, 14, 645876123, '+01:01'),
      time(12, 31, 14, 645876123, '+01:00'),
      time(12, 31, 14, 645876124, '+01:00'),
      time(12, 35, 15, 0, '+01:00'),
      time(10, 35, 0, 0, '-08:00'),
    ]);
    expectOrder([time(11, 0, 0, 0, '+00:00'), time(12, 0, 0, 0, '+01:00')]); // same instant: west first
  });

  it('orders datetimes by instant, then offset, then offset zones before named, then zone id', () => {
    expectOrder([
      dt('0001-01-01T01:01:01.000000001-11:59[-11:59]', false),
      dt('1980-12-11T12:31:14-11:59[-11:59]', false),
      dt('1984-10-11T12:31:14.645876123+00:17[+00:17]', false),
      dt('1984-10-11T12:30:14.000000012+00:15[+00:15]', false),
      dt('9999-09-09T09:59:59.999999999+11:59[+11:59]', false),
    ]);
    expectOrder([
      dt('2020-06-01T11:00:00+00:00[UTC]', false),
      dt('2020-06-01T12:00:00+01:00[+01:00]', false),
      dt('2020-06-01T13:00:00+02:00[+02:00]', false),
      dt('2020-06-01T13:00:00+02:00[Europe/Berlin]', true),
      dt('2020-06-01T13:00:00+02:00[Europe/Stockholm]', true),
    ]);
    expect(compareValues(dt('2020-01-01T00:00:00+00:00[UTC]', false), dt('2020-01-01T00:00:00+00:00[+00:00]', false))).toBe(0);
  });

  it('orders dates, local times and local datetimes chronologically', () => {
    expectOrder(['-271821-04-19', '0000-12-31', '1910-05-06', '1984-10-11', '+275760-09-13'].map((s) => new DateValue(Temporal.PlainDate.from(s))));
    expectOrder(['00:00', '10:35', '12:31:14.645876123', '12:31:14.645876124', '23:59:59.999999999'].map((s) => new LocalTimeValue(Temporal.PlainTime.from(s))));
    expectOrder(
      ['0001-01-01T01:01:01.000000001', '1980-12-11T12:31:14', '1984-10-11T12:30:14.000000012', '9999-09-09T09:59:59.999999999'].map(
        (s) => new LocalDateTimeValue(Temporal.PlainDateTime.from(s)),
      ),
    );
  });

  it('orders durations by average length, then nanos, months, days (Neo4j DurationValue)', () => {
    const d = (m: bigint, days: bigint, s: bigint, ns = 0): DurationValue => new DurationValue(m, days, s, ns);
    expectOrder([d(0n, 0n, -1n), d(0n, 0n, 0n), d(0n, 0n, 0n, 1), d(0n, 0n, 86_400n), d(0n, 1n, 0n), d(0n, 30n, 0n), d(1n, 0n, 0n), d(0n, 31n, 0n)]);
    expectOrder([d(0n, 0n, 2_629_746n), d(1n, 0n, 0n)]); // same length: fewer months first
    expect(equivalent(d(0n, 1n, 0n), d(0n, 0n, 86_400n))).toBe(false);
    expect(equivalent(d(1n, 2n, 3n, 4), d(1n, 2n, 3n, 4))).toBe(true);
  });

  it('orders points by SRID, dimension, then coordinates', () => {
    expectOrder([
      new PointValue(SRID.wgs84, 9, 9),
      new PointValue(SRID.wgs843d, 0, 0, 0),
      new PointValue(SRID.cartesian, -1, 5),
      new PointValue(SRID.cartesian, 0, -5),
      new PointValue(SRID.cartesian, 0, 5),
      new PointValue(SRID.cartesian, 0, Number.NaN),
      new PointValue(SRID.cartesian3d, 0, 0, 0),
    ]);
    expect(compareValues(new PointValue(SRID.cartesian, -0, 0), new PointValue(SRID.cartesian, 0, 0))).toBe(0);
  });

  it('orders bytes unsigned, shorter first', () => {
    expectOrder([Uint8Array.of(), Uint8Array.of(0), Uint8Array.of(0, 0), Uint8Array.of(1), Uint8Array.of(0x7f), Uint8Array.of(0x80), Uint8Array.of(0xff)]);
  });

  it('orders nodes, relationships and paths by id', () => {
    expectOrder([node(1n), node(2n), rel(0n), rel(5n)]);
    expectOrder([
      new PathValue([node(1n)], []),
      new PathValue([node(1n), node(0n)], [rel(1n)]),
      new PathValue([node(1n), node(0n)], [rel(2n)]),
      new PathValue([node(2n)], []),
    ]);
  });
});
