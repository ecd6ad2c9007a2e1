// Shared helpers of the temporal functions: zones (fixed offsets vs named IANA zones), errors,
// argument coercion, and conversions between our value classes and Temporal objects.
//
// Neo4j models a zone as either a ZoneOffset (printed `+01:00`, no brackets) or a named region
// (printed `+01:00[Europe/Stockholm]`); `Zone` keeps the same distinction.
import { cypherError, type QuiverError } from '../../../errors.js';
import { offsetZoneId } from '../../../values/temporal-keys.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  Temporal,
  TimeValue,
  typeName,
  type CypherMap,
  type TemporalValue,
  type Value,
} from '../../../values/types.js';

export type Zone = { readonly kind: 'offset'; readonly seconds: number } | { readonly kind: 'named'; readonly id: string };

export const UTC_ZONE: Zone = { kind: 'offset', seconds: 0 };
export const MAX_OFFSET_SECONDS = 18 * 3600;
export const NANOS_PER_SECOND_N = 1_000_000_000n;
export const NANOS_PER_DAY_N = 86_400n * NANOS_PER_SECOND_N;

/** `ArgumentError` with openCypher detail `InvalidArgumentValue`. */
export function invalidValue(message: string): QuiverError {
  return cypherError('ArgumentError', 'InvalidArgumentValue', message);
}

/** `TypeError` with openCypher detail `InvalidArgumentType`. */
export function invalidType(message: string): QuiverError {
  return cypherError('TypeError', 'InvalidArgumentType', message);
}

/** Runs `f`, turning Temporal's RangeErrors (out-of-range dates, bad fields) into ArgumentErrors. */
export function guardRange<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) throw invalidValue(`${what}: ${e.message}`);
    throw e;
  }
}

export function isTemporal(v: Value): v is TemporalValue {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Map || v instanceof Uint8Array) return false;
  const k = (v as { kind?: string }).kind;
  return k === 'Date' || k === 'LocalTime' || k === 'Time' || k === 'LocalDateTime' || k === 'DateTime' || k === 'Duration';
}

export function isMap(v: Value): v is CypherMap {
  return v instanceof Map;
}

/** An integer argument (INTEGER, or a FLOAT with an integral value), else a TypeError. */
export function toInteger(name: string, v: Value): number {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw invalidValue(`Invalid value for ${name}: ${v}`);
    }
    return Number(v);
  }
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw invalidType(`${name} should be an integer, got ${describe(v)}`);
}

/** A numeric argument as a JS number (duration components may be fractional). */
export function toNumber(name: string, v: Value): number | bigint {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  throw invalidType(`${name} should be a number, got ${describe(v)}`);
}

export function describe(v: Value): string {
  return typeof v === 'string' ? `'${v}'` : typeName(v);
}

/** Parses a zone as Cypher accepts it: `Z`, `+01`, `+0100`, `+01:00`, `+01:00:30`, or an IANA id. */
export function parseZone(text: string): Zone {
  if (text === 'Z' || text === 'z') return UTC_ZONE;
  const m = /^([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (m) return { kind: 'offset', seconds: offsetSeconds(m[1]!, m[2]!, m[3], m[4]) };
  try {
    return { kind: 'named', id: new Temporal.ZonedDateTime(0n, text).timeZoneId };
  } catch {
    throw invalidValue(`Invalid value for TimeZone: Text '${text}'`);
  }
}

export function offsetSeconds(sign: string, h: string, m: string | undefined, s: string | undefined): number {
  const hours = Number(h);
  const minutes = m === undefined ? 0 : Number(m);
  const seconds = s === undefined ? 0 : Number(s);
  if (minutes > 59 || seconds > 59) throw invalidValue(`Invalid zone offset: ${sign}${h}:${m ?? '00'}`);
  const total = (hours * 3600 + minutes * 60 + seconds) * (sign === '-' ? -1 : 1);
  if (Math.abs(total) > MAX_OFFSET_SECONDS) {
    throw invalidValue(`Zone offset hours not in valid range: value ${hours} is not in the range -18 to 18`);
  }
  return total;
}

/** The session default zone; `UTC`/`Z` mean the zero offset (Neo4j's default `Z`), not a region. */
export function defaultZone(id: string): Zone {
  return id === 'UTC' || id === 'Z' || id === 'Etc/UTC' ? UTC_ZONE : parseZone(id);
}

/** A zone argument: a string, or a map with a `timezone` key. */
export function zoneArgument(v: Value, fallback: string): Zone {
  if (v === undefined || v === null) return defaultZone(fallback);
  if (typeof v === 'string') return parseZone(v);
  if (isMap(v)) {
    for (const k of v.keys()) if (k !== 'timezone') throw invalidValue(`Unknown key '${k}': only 'timezone' is allowed here`);
    const tz = v.get('timezone');
    if (tz === undefined || tz === null) return defaultZone(fallback);
    if (typeof tz !== 'string') throw invalidType(`timezone should be a string, got ${describe(tz)}`);
    return parseZone(tz);
  }
  throw invalidType(`Expected a time zone, got ${describe(v)}`);
}

export function timeZoneId(zone: Zone): string {
  if (zone.kind === 'named') return zone.id;
  if (zone.seconds % 60 !== 0) {
    throw invalidValue(`Zone offsets with seconds (${zone.seconds}s) are not supported for datetime values`);
  }
  return offsetZoneId(zone.seconds);
}

export function zoneOfDateTime(v: DateTimeValue): Zone {
  return v.namedZone ? { kind: 'named', id: v.zoned.timeZoneId } : { kind: 'offset', seconds: Math.round(v.zoned.offsetNanoseconds / 1e9) };
}

/** The offset in seconds of `zone` at an instant. */
export function offsetAt(zone: Zone, instant: Temporal.Instant): number {
  if (zone.kind === 'offset') return zone.seconds;
  return Math.round(instant.toZonedDateTimeISO(zone.id).offsetNanoseconds / 1e9);
}

/**
 * A local date-time placed in a zone. In an overlap the earlier offset (or `preferOffset`, as Java's
 * ZonedDateTime.ofLocal does) wins; in a gap the time moves forward by the gap's length.
 */
export function zonedFromLocal(local: Temporal.PlainDateTime, zone: Zone, preferOffsetNs?: number): DateTimeValue {
  const id = timeZoneId(zone);
  return guardRange('Invalid datetime', () => {
    if (preferOffsetNs !== undefined && zone.kind === 'named') {
      const z = Temporal.ZonedDateTime.from(
        { ...isoFields(local), timeZone: id, offset: formatOffsetForTemporal(preferOffsetNs) },
        { offset: 'prefer', disambiguation: 'compatible' },
      );
      return new DateTimeValue(z, true);
    }
    return new DateTimeValue(local.toZonedDateTime(id, { disambiguation: 'compatible' }), zone.kind === 'named');
  });
}

export function zonedFromInstant(epochNs: bigint, zone: Zone): DateTimeValue {
  const id = timeZoneId(zone);
  return guardRange('Invalid datetime', () => new DateTimeValue(new Temporal.ZonedDateTime(epochNs, id), zone.kind === 'named'));
}

function formatOffsetForTemporal(ns: number): string {
  const total = Math.round(ns / 1e9);
  const sign = total < 0 ? '-' : '+';
  const a = Math.abs(total);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(a / 3600))}:${pad(Math.floor(a / 60) % 60)}:${pad(a % 60)}`;
}

function isoFields(d: Temporal.PlainDateTime) {
  return {
    year: d.year,
    month: d.month,
    day: d.day,
    hour: d.hour,
    minute: d.minute,
    second: d.second,
    millisecond: d.millisecond,
    microsecond: d.microsecond,
    nanosecond: d.nanosecond,
  };
}

/** Nanosecond of the second, 0..999_999_999. */
export function nanoOfSecond(t: { millisecond: number; microsecond: number; nanosecond: number }): number {
  return t.millisecond * 1_000_000 + t.microsecond * 1_000 + t.nanosecond;
}

/** A PlainTime from its fields with a combined nanosecond of second. */
export function plainTime(hour: number, minute: number, second: number, nanos: number): Temporal.PlainTime {
  return guardRange(
    'Invalid time',
    () =>
      new Temporal.PlainTime(hour, minute, second, Math.floor(nanos / 1e6), Math.floor(nanos / 1e3) % 1000, nanos % 1000),
  );
}

/** A PlainTime from nanoseconds since midnight (wrapped into one day). */
export function timeFromNanosOfDay(n: bigint): Temporal.PlainTime {
  let x = n % NANOS_PER_DAY_N;
  if (x < 0n) x += NANOS_PER_DAY_N;
  const secs = Number(x / NANOS_PER_SECOND_N);
  return plainTime(Math.floor(secs / 3600), Math.floor(secs / 60) % 60, secs % 60, Number(x % NANOS_PER_SECOND_N));
}

export function nanosOfDayN(t: Temporal.PlainTime | Temporal.PlainDateTime): bigint {
  return BigInt((t.hour * 60 + t.minute) * 60 + t.second) * NANOS_PER_SECOND_N + BigInt(nanoOfSecond(t));
}

export function combine(date: Temporal.PlainDate, time: Temporal.PlainTime): Temporal.PlainDateTime {
  return guardRange('Invalid local datetime', () => date.toPlainDateTime(time));
}

/** The date part of a temporal value, if it has one. */
export function datePart(v: TemporalValue): Temporal.PlainDate | undefined {
  switch (v.kind) {
    case 'Date':
      return v.date;
    case 'LocalDateTime':
      return v.dateTime.toPlainDate();
    case 'DateTime':
      return v.zoned.toPlainDate();
    default:
      return undefined;
  }
}

/** The local time part of a temporal value, if it has one. */
export function timePart(v: TemporalValue): Temporal.PlainTime | undefined {
  switch (v.kind) {
    case 'LocalTime':
    case 'Time':
      return v.time;
    case 'LocalDateTime':
      return v.dateTime.toPlainTime();
    case 'DateTime':
      return v.zoned.toPlainTime();
    default:
      return undefined;
  }
}

/** The zone of a value that has one (ZONED TIME: its fixed offset). */
export function zonePart(v: TemporalValue): Zone | undefined {
  if (v.kind === 'Time') return { kind: 'offset', seconds: v.offsetSeconds };
  if (v.kind === 'DateTime') return zoneOfDateTime(v);
  return undefined;
}

export { DateTimeValue, DateValue, DurationValue, LocalDateTimeValue, LocalTimeValue, Temporal, TimeValue };

/** Wall-clock date-time of an instant in a zone (works for second-precision offsets too). */
export function localAt(instant: Temporal.Instant, zone: Zone): Temporal.PlainDateTime {
  if (zone.kind === 'named') return instant.toZonedDateTimeISO(zone.id).toPlainDateTime();
  return Temporal.Instant.fromEpochNanoseconds(instant.epochNanoseconds + BigInt(zone.seconds) * NANOS_PER_SECOND_N)
    .toZonedDateTimeISO('UTC')
    .toPlainDateTime();
}
