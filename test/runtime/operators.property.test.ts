// Properties of the operators and conversions over generated values (FC_RUNS raises the runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuiverError } from '../../src/errors.js';
import '../../src/runtime/functions/index.js';
import { toFloat, toInteger, toStringValue } from '../../src/runtime/functions/conversion.js';
import { formatFloat } from '../../src/runtime/functions/support.js';
import {
  add,
  divide,
  equals,
  greaterThan,
  greaterThanOrEqual,
  lessThan,
  lessThanOrEqual,
  modulo,
  multiply,
  negate,
  notEquals,
  subtract,
} from '../../src/runtime/operators.js';
import { compareValues, equivalent } from '../../src/values/compare.js';
import { INT64_MAX, INT64_MIN, type Value } from '../../src/values/types.js';
import {
  arbDate,
  arbDateTime,
  arbFloat,
  arbInt64,
  arbLocalDateTime,
  arbLocalTime,
  arbString,
  arbTime,
  arbValue,
  NUM_RUNS,
} from '../support/arbitraries.js';

const runs = { numRuns: NUM_RUNS };
const inRange = (n: bigint): boolean => n >= INT64_MIN && n <= INT64_MAX;

function outcome(f: () => Value): { value: Value } | { error: string } {
  try {
    return { value: f() };
  } catch (e) {
    if (!isQuiverError(e)) throw e;
    return { error: `${e.kind}/${e.detail}` };
  }
}

describe('integer arithmetic agrees with exact bigint arithmetic', () => {
  const cases: readonly [string, (a: Value, b: Value) => Value, (a: bigint, b: bigint) => bigint][] = [
    ['+', add, (a, b) => a + b],
    ['-', subtract, (a, b) => a - b],
    ['*', multiply, (a, b) => a * b],
    ['/', divide, (a, b) => a / b],
    ['%', modulo, (a, b) => a % b],
  ];
  it.each(cases)('%s: the exact result, or IntegerOverflow exactly when it leaves int64', (_op, f, exact) => {
    fc.assert(
      fc.property(arbInt64, arbInt64, (a, b) => {
        const got = outcome(() => f(a, b));
        if (b === 0n && (_op === '/' || _op === '%')) {
          expect(got).toEqual({ error: 'ArithmeticError/DivisionByZero' });
          return;
        }
        const want = exact(a, b);
        expect(got).toEqual(inRange(want) ? { value: want } : { error: 'ArithmeticError/IntegerOverflow' });
      }),
      runs,
    );
  });

  it('negation overflows only for the minimum', () => {
    fc.assert(
      fc.property(arbInt64, (a) => {
        expect(outcome(() => negate(a))).toEqual(a === INT64_MIN ? { error: 'ArithmeticError/IntegerOverflow' } : { value: -a });
      }),
      runs,
    );
  });

  it('any FLOAT operand gives the IEEE result', () => {
    fc.assert(
      fc.property(arbInt64, arbFloat, (i, f) => {
        expect(Object.is(add(i, f), Number(i) + f)).toBe(true);
        expect(Object.is(multiply(f, i), f * Number(i))).toBe(true);
        expect(Object.is(divide(i, f), Number(i) / f)).toBe(true);
      }),
      runs,
    );
  });
});

describe('equality and comparison', () => {
  it('= and <> are symmetric, and <> is the negation of =', () => {
    fc.assert(
      fc.property(arbValue, arbValue, (a, b) => {
        expect(equals(a, b)).toBe(equals(b, a));
        const e = equals(a, b);
        expect(notEquals(a, b)).toBe(e === null ? null : !e);
      }),
      runs,
    );
  });

  it('= is reflexive except for null and NaN inside; true implies equivalence', () => {
    fc.assert(
      fc.property(arbValue, arbValue, (a, b) => {
        const self = equals(a, a);
        if (self === true || self === false) expect(self || containsNaN(a)).toBe(true);
        if (equals(a, b) === true) expect(equivalent(a, b)).toBe(true);
      }),
      runs,
    );
  });

  it('< > <= >= mirror each other and are null exactly when = cannot decide ordering', () => {
    fc.assert(
      fc.property(arbValue, arbValue, (a, b) => {
        expect(lessThan(a, b)).toBe(greaterThan(b, a));
        expect(lessThanOrEqual(a, b)).toBe(greaterThanOrEqual(b, a));
      }),
      runs,
    );
  });

  const comparable = fc.oneof(
    fc.tuple(fc.oneof(arbInt64, arbFloat.filter((f) => f === f)), fc.oneof(arbInt64, arbFloat.filter((f) => f === f))),
    fc.tuple(arbString, arbString),
    fc.tuple(fc.boolean(), fc.boolean()),
    fc.tuple(arbDate, arbDate),
    fc.tuple(arbLocalTime, arbLocalTime),
    fc.tuple(arbTime, arbTime),
    fc.tuple(arbLocalDateTime, arbLocalDateTime),
    fc.tuple(arbDateTime, arbDateTime),
    fc.tuple(fc.array(arbInt64, { maxLength: 3 }), fc.array(arbInt64, { maxLength: 3 })),
    fc.tuple(fc.array(arbString, { maxLength: 3 }), fc.array(arbString, { maxLength: 3 })),
  ) as fc.Arbitrary<[Value, Value]>;

  it('on comparable pairs, < agrees with the total order compareValues', () => {
    fc.assert(
      fc.property(comparable, ([a, b]) => {
        const c = compareValues(a, b);
        expect(lessThan(a, b)).toBe(c < 0);
        expect(lessThanOrEqual(a, b)).toBe(c <= 0);
        expect(greaterThan(a, b)).toBe(c > 0);
      }),
      runs,
    );
  });
});

describe('conversions round-trip', () => {
  it('toInteger(toString(i)) = i', () => {
    fc.assert(
      fc.property(arbInt64, (i) => {
        expect(toInteger(toStringValue(i))).toBe(i);
      }),
      runs,
    );
  });

  it('toFloat(toString(f)) = f (Java Double.toString form)', () => {
    fc.assert(
      fc.property(arbFloat, (f) => {
        const s = toStringValue(f) as string;
        expect(s).toBe(formatFloat(f));
        expect(s).toMatch(/^(-?\d+\.\d+(E-?\d+)?|NaN|-?Infinity)$/);
        expect(Object.is(toFloat(s), f)).toBe(true);
      }),
      runs,
    );
  });

  it('toInteger of a float truncates toward zero within int64', () => {
    fc.assert(
      fc.property(arbFloat, (f) => {
        const i = toInteger(f) as bigint;
        expect(inRange(i)).toBe(true);
        if (Number.isFinite(f) && Math.abs(f) < 2 ** 63) expect(i).toBe(BigInt(Math.trunc(f)));
      }),
      runs,
    );
  });
});

function containsNaN(v: Value): boolean {
  if (typeof v === 'number') return v !== v;
  if (v === null) return true; // a null inside makes = unknown, never false
  if (Array.isArray(v)) return v.some(containsNaN);
  if (v instanceof Map) return [...v.values()].some(containsNaN);
  return false;
}
