// Building durations from (possibly fractional) components, shared by duration({...}),
// duration('P...'), and duration * / number. Integral components are summed exactly; fractional
// ones follow Neo4j's DurationValue.approximate: the fraction of a month becomes days at the
// average month length (30.436875 days), the fraction of a day becomes seconds, the fraction of a
// second nanoseconds, each step truncating toward zero in doubles as Java does.
import { cypherError } from '../../../errors.js';
import { INT64_MAX, INT64_MIN } from '../../../values/types.js';
import { DurationValue, invalidValue } from './common.js';

export interface DurationComponents {
  years?: number | bigint;
  quarters?: number | bigint;
  months?: number | bigint;
  weeks?: number | bigint;
  days?: number | bigint;
  hours?: number | bigint;
  minutes?: number | bigint;
  seconds?: number | bigint;
  milliseconds?: number | bigint;
  microseconds?: number | bigint;
  nanoseconds?: number | bigint;
}

const AVG_NANOS_PER_MONTH = 2_629_746e9;
const NANOS_PER_DAY = 86_400e9;
const NANOS_PER_SECOND = 1e9;

function isIntegral(v: number | bigint | undefined): boolean {
  return v === undefined || typeof v === 'bigint' || Number.isInteger(v);
}

function big(v: number | bigint | undefined): bigint {
  return v === undefined ? 0n : typeof v === 'bigint' ? v : BigInt(v);
}

function num(v: number | bigint | undefined): number {
  return v === undefined ? 0 : Number(v);
}

export function durationFromComponents(c: DurationComponents): DurationValue {
  const all = [c.years, c.quarters, c.months, c.weeks, c.days, c.hours, c.minutes, c.seconds, c.milliseconds, c.microseconds, c.nanoseconds];
  if (all.every(isIntegral)) {
    return checked(
      big(c.years) * 12n + big(c.quarters) * 3n + big(c.months),
      big(c.weeks) * 7n + big(c.days),
      big(c.hours) * 3600n + big(c.minutes) * 60n + big(c.seconds),
      big(c.milliseconds) * 1_000_000n + big(c.microseconds) * 1_000n + big(c.nanoseconds),
    );
  }
  return approximate(
    num(c.years) * 12 + num(c.quarters) * 3 + num(c.months),
    num(c.weeks) * 7 + num(c.days),
    num(c.hours) * 3600 + num(c.minutes) * 60 + num(c.seconds),
    num(c.milliseconds) * 1_000_000 + num(c.microseconds) * 1_000 + num(c.nanoseconds),
  );
}

/** Neo4j's DurationValue.approximate over doubles. */
export function approximate(months: number, days: number, seconds: number, nanos: number): DurationValue {
  const monthsL = toLong(months);
  days += (AVG_NANOS_PER_MONTH * months - AVG_NANOS_PER_MONTH * monthsL) / NANOS_PER_DAY;
  const daysL = toLong(days);
  seconds += (NANOS_PER_DAY * days - NANOS_PER_DAY * daysL) / NANOS_PER_SECOND;
  const secondsL = toLong(seconds);
  nanos += NANOS_PER_SECOND * seconds - NANOS_PER_SECOND * secondsL;
  const nanosL = toLong(nanos);
  return checked(BigInt(monthsL), BigInt(daysL), BigInt(secondsL), BigInt(nanosL));
}

function toLong(d: number): number {
  if (!Number.isFinite(d) || Math.abs(d) >= 9.223372036854776e18) {
    throw cypherError('ArithmeticError', 'NumberOutOfRange', `Duration component out of range: ${d}`);
  }
  return Math.trunc(d);
}

/** A duration whose components fit in 64 bits, as Neo4j's do. */
export function checked(months: bigint, days: bigint, seconds: bigint, nanos: bigint): DurationValue {
  const d = new DurationValue(months, days, seconds, nanos);
  for (const v of [d.months, d.days, d.seconds]) {
    if (v > INT64_MAX || v < INT64_MIN) {
      throw cypherError('ArithmeticError', 'IntegerOverflow', 'Duration component overflows a 64-bit integer');
    }
  }
  return d;
}

export function negate(d: DurationValue): DurationValue {
  return checked(-d.months, -d.days, -d.seconds, -BigInt(d.nanoseconds));
}

export { invalidValue };
