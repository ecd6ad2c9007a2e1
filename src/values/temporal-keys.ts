// Plain-number views of temporal values, shared by the comparator (values/compare.ts) and the
// storage codecs so that both order temporal values by exactly the same quantities. Plain
// arithmetic on the ISO fields is much cheaper than Temporal's own methods on hot paths.
import { type DateTimeValue, type DurationValue, Temporal, type TimeValue } from './types.js';

export const NANOS_PER_SECOND = 1_000_000_000;
export const NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;

/** Neo4j's average month (30.436875 days = 1/12 of 365.2425 days), used to order durations. */
export const AVG_SECONDS_PER_MONTH = 2_629_746n;
export const SECONDS_PER_DAY = 86_400n;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of daysFromCivil: [year, month, day]. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

/** Inverse of epochDays: the date `days` days after 1970-01-01. */
export function dateOfEpochDays(days: number): Temporal.PlainDate {
  const [y, m, d] = civilFromDays(days);
  return new Temporal.PlainDate(y, m, d);
}

/**
 * Inverse of nanosOfDay. `nanos` must be in [0, 86_400e9): callers check it first, each with the
 * error of its own input (corrupt record, malformed Bolt message, bad gRPC parameter).
 */
export function timeOfNanosOfDay(nanos: number): Temporal.PlainTime {
  const totalSeconds = Math.floor(nanos / NANOS_PER_SECOND);
  return new Temporal.PlainTime(
    Math.floor(totalSeconds / 3600),
    Math.floor(totalSeconds / 60) % 60,
    totalSeconds % 60,
    Math.floor(nanos / 1e6) % 1000,
    Math.floor(nanos / 1e3) % 1000,
    nanos % 1000,
  );
}

/** Days since the epoch of a PlainDate (or the date part of a PlainDateTime). */
export function epochDays(d: Temporal.PlainDate | Temporal.PlainDateTime): number {
  return daysFromCivil(d.year, d.month, d.day);
}

/** Nanoseconds since midnight, in [0, 86_400e9). */
export function nanosOfDay(t: Temporal.PlainTime | Temporal.PlainDateTime): number {
  return (
    ((t.hour * 60 + t.minute) * 60 + t.second) * NANOS_PER_SECOND +
    t.millisecond * 1_000_000 +
    t.microsecond * 1_000 +
    t.nanosecond
  );
}

/**
 * ZONED TIME's position on the UTC time line, as Neo4j computes it: local nanos of day minus the
 * offset, NOT wrapped into one day (so 23:00-05:00 sorts after 01:00+00:00).
 */
export function timeUtcNanos(v: TimeValue): number {
  return nanosOfDay(v.time) - v.offsetSeconds * NANOS_PER_SECOND;
}

/** Instant of a ZONED DATETIME as [epoch seconds (floor), nanos in [0, 1e9)]. */
export function instantParts(v: DateTimeValue): [number, number] {
  const ns = v.zoned.epochNanoseconds;
  const s = ns / 1_000_000_000n;
  let sec = Number(s);
  let nanos = Number(ns - s * 1_000_000_000n);
  if (nanos < 0) {
    sec -= 1;
    nanos += NANOS_PER_SECOND;
  }
  return [sec, nanos];
}

/** The duration's length with months and days at their average length, in seconds. */
export function durationAverageSeconds(d: DurationValue): bigint {
  return d.months * AVG_SECONDS_PER_MONTH + d.days * SECONDS_PER_DAY + d.seconds;
}

/** `+HH:MM` as Temporal spells a whole-minute offset time zone id. */
export function offsetZoneId(offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
