// Properties of the temporal functions over the shared value arbitraries: string forms parse back
// to the same value, adding then subtracting a duration returns where Neo4j guarantees it, and
// truncation is idempotent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDate, arbDateTime, arbDuration, arbLocalDateTime, arbLocalTime, arbTime, NUM_RUNS } from '../../support/arbitraries.js';
import { temporalArithmetic } from '../../../src/runtime/functions/temporal/arithmetic.js';
import { temporalToString } from '../../../src/runtime/functions/temporal/format.js';
import { UTC_ZONE } from '../../../src/runtime/functions/temporal/common.js';
import { parseDate, parseDateTime, parseDuration, parseLocalDateTime, parseLocalTime, parseTime } from '../../../src/runtime/functions/temporal/parse.js';
import { truncate } from '../../../src/runtime/functions/temporal/truncate.js';
import { compareValues } from '../../../src/values/compare.js';
import { DurationValue, Temporal, type TemporalValue, type Value } from '../../../src/values/types.js';
import { KIT_CONTEXT } from './kit-literals.js';

const same = (a: Value, b: Value): boolean => compareValues(a, b) === 0;
const now = Temporal.Instant.from('2024-01-01T00:00Z');
const opts = { numRuns: NUM_RUNS };

describe('parse(toString(x)) is x', () => {
  const cases: [string, fc.Arbitrary<TemporalValue>, (s: string) => TemporalValue][] = [
    ['date', arbDate, parseDate],
    ['localtime', arbLocalTime, parseLocalTime],
    ['time', arbTime, (s) => parseTime(s, UTC_ZONE, now)],
    ['localdatetime', arbLocalDateTime, parseLocalDateTime],
    ['datetime', arbDateTime, (s) => parseDateTime(s, UTC_ZONE)],
    ['duration', arbDuration, parseDuration],
  ];
  for (const [name, arb, parse] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const s = temporalToString(v);
          const back = parse(s);
          expect(same(back, v), `${s} -> ${temporalToString(back)}`).toBe(true);
          expect(temporalToString(back)).toBe(s);
        }),
        opts,
      );
    });
  }
});

// Within Temporal's range: keep dates and durations modest so sums never overflow.
const smallDuration = fc
  .tuple(fc.bigInt({ min: -2400n, max: 2400n }), fc.bigInt({ min: -100_000n, max: 100_000n }), fc.bigInt({ min: -1_000_000_000n, max: 1_000_000_000n }), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([m, d, s, n]) => new DurationValue(m, d, s, n));
const timeOnly = smallDuration.map((d) => new DurationValue(0n, 0n, d.seconds, d.nanoseconds));
const daysAndTime = smallDuration.map((d) => new DurationValue(0n, d.days, d.seconds, d.nanoseconds));
const midDate = arbDate.filter((d) => Math.abs(d.date.year) < 200_000);
const midLocalDateTime = arbLocalDateTime.filter((d) => Math.abs(d.dateTime.year) < 200_000);

describe('x + d - d', () => {
  it('returns x for times of day and any duration (months and days are ignored)', () => {
    fc.assert(
      fc.property(fc.oneof(arbLocalTime, arbTime), smallDuration, (x, d) => {
        expect(same(temporalArithmetic('-', temporalArithmetic('+', x, d)!, d)!, x)).toBe(true);
      }),
      opts,
    );
  });
  it('returns x for local datetimes and durations without months', () => {
    fc.assert(
      fc.property(midLocalDateTime, daysAndTime, (x, d) => {
        expect(same(temporalArithmetic('-', temporalArithmetic('+', x, d)!, d)!, x)).toBe(true);
      }),
      opts,
    );
  });
  it('returns x for dates and whole-day durations', () => {
    fc.assert(
      fc.property(midDate, fc.bigInt({ min: -100_000n, max: 100_000n }), (x, days) => {
        const d = new DurationValue(0n, days, 0n, 0);
        expect(same(temporalArithmetic('-', temporalArithmetic('+', x, d)!, d)!, x)).toBe(true);
      }),
      opts,
    );
  });
  it('returns x for zoned datetimes and pure elapsed time', () => {
    fc.assert(
      fc.property(arbDateTime.filter((x) => Math.abs(x.zoned.year) < 200_000), timeOnly, (x, d) => {
        expect(same(temporalArithmetic('-', temporalArithmetic('+', x, d)!, d)!, x)).toBe(true);
      }),
      opts,
    );
  });
  it('returns d for durations: (a + d) - d = a', () => {
    fc.assert(
      fc.property(smallDuration, smallDuration, (a, d) => {
        expect(same(temporalArithmetic('-', temporalArithmetic('+', a, d)!, d)!, a)).toBe(true);
      }),
      opts,
    );
  });
});

describe('truncate is idempotent', () => {
  const dateUnits = ['millennium', 'century', 'decade', 'year', 'weekYear', 'quarter', 'month', 'week', 'day'];
  const timeUnits = ['day', 'hour', 'minute', 'second', 'millisecond', 'microsecond'];
  const midDateTime = arbDateTime.filter((x) => Math.abs(x.zoned.year) < 200_000);
  const cases: [string, string[], fc.Arbitrary<TemporalValue>][] = [
    ['date', dateUnits, midDate],
    ['localdatetime', [...dateUnits, ...timeUnits], midLocalDateTime],
    ['datetime', [...dateUnits, ...timeUnits], midDateTime],
    ['localtime', timeUnits, arbLocalTime],
    ['time', timeUnits, arbTime],
  ];
  for (const [kind, units, arb] of cases) {
    it(kind, () => {
      fc.assert(
        fc.property(arb, fc.constantFrom(...units), (x, unit) => {
          const once = truncate(kind as 'date', [unit, x], KIT_CONTEXT);
          const twice = truncate(kind as 'date', [unit, once], KIT_CONTEXT);
          expect(temporalToString(twice as TemporalValue)).toBe(temporalToString(once as TemporalValue));
        }),
        opts,
      );
    });
  }
});
