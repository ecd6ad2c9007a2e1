// The temporal constructors date(), localtime(), time(), localdatetime(), datetime() and
// duration(): from strings, from maps (calendar, week, ordinal and quarter forms; other temporal
// values as bases with field overrides; epoch forms), by selecting from another temporal value,
// and without arguments (the statement clock in the session zone).
//
// Zone rules, as in Neo4j: a `timezone` key with a zoned base converts the instant
// (`time({time: 12:00+01:00, timezone: '+05:00'})` is 16:00+05:00); with an unzoned base or none
// it attaches to the local value.
import type { FunctionContext } from '../registry.js';
import {
  combine,
  datePart,
  DateTimeValue,
  DateValue,
  defaultZone,
  describe,
  invalidType,
  invalidValue,
  isMap,
  isTemporal,
  localAt,
  LocalDateTimeValue,
  LocalTimeValue,
  nanoOfSecond,
  nanosOfDayN,
  NANOS_PER_SECOND_N,
  offsetAt,
  parseZone,
  plainTime,
  Temporal,
  timeFromNanosOfDay,
  timePart,
  TimeValue,
  toInteger,
  toNumber,
  zonedFromInstant,
  zonedFromLocal,
  zonePart,
  type Zone,
} from './common.js';
import {
  calendarDate,
  checkRange,
  checkTimeFields,
  ordinalDate,
  quarterDate,
  weekDate,
  withDay,
  withDayOfQuarter,
  withDayOfWeek,
  withMonth,
  withOrdinalDay,
  withQuarter,
  withWeek,
  withWeekYear,
  withYear,
} from './date-forms.js';
import { durationFromComponents, type DurationComponents } from './duration-build.js';
import { parseDate, parseDateTime, parseDuration, parseLocalDateTime, parseLocalTime, parseTime } from './parse.js';
import type { CypherMap, DurationValue, TemporalValue, Value } from '../../../values/types.js';

export type TemporalKind = 'date' | 'localtime' | 'time' | 'localdatetime' | 'datetime';

const DATE_KEYS = ['year', 'month', 'day', 'week', 'dayOfWeek', 'quarter', 'dayOfQuarter', 'ordinalDay'] as const;
const TIME_KEYS = ['hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond'] as const;
const ALLOWED: Record<TemporalKind, readonly string[]> = {
  date: [...DATE_KEYS, 'date', 'timezone'],
  localtime: [...TIME_KEYS, 'time', 'timezone'],
  time: [...TIME_KEYS, 'time', 'timezone'],
  localdatetime: [...DATE_KEYS, ...TIME_KEYS, 'date', 'time', 'datetime', 'timezone'],
  datetime: [...DATE_KEYS, ...TIME_KEYS, 'date', 'time', 'datetime', 'timezone', 'epochSeconds', 'epochMillis'],
};
const CANONICAL = new Map<string, string>(
  [...ALLOWED.datetime].map((k) => [k.toLowerCase(), k]),
);

/** A constructor map, read and checked: integer fields, base values, timezone. */
export interface Fields {
  readonly ints: ReadonlyMap<string, number>;
  readonly values: ReadonlyMap<string, Value>;
}

export function readFields(map: CypherMap, kind: TemporalKind): Fields {
  const allowed = ALLOWED[kind];
  const ints = new Map<string, number>();
  const values = new Map<string, Value>();
  for (const [rawKey, v] of map) {
    const key = CANONICAL.get(rawKey.toLowerCase());
    if (key === undefined || !allowed.includes(key)) {
      throw invalidValue(`${kind}: unknown or unsupported key '${rawKey}'`);
    }
    if (v === null) throw invalidValue(`${kind}: ${key} cannot be null`);
    if ((DATE_KEYS as readonly string[]).includes(key) || (TIME_KEYS as readonly string[]).includes(key)) {
      ints.set(key, toInteger(key, v));
    } else {
      values.set(key, v);
    }
  }
  return { ints, values };
}

function baseValue(f: Fields, key: string): TemporalValue | undefined {
  const v = f.values.get(key);
  if (v === undefined) return undefined;
  if (!isTemporal(v) || v.kind === 'Duration') throw invalidType(`Cannot construct from ${key}: ${describe(v)}`);
  return v;
}

function timezoneOf(f: Fields): Zone | undefined {
  const tz = f.values.get('timezone');
  if (tz === undefined) return undefined;
  if (typeof tz !== 'string') throw invalidType(`timezone should be a string, got ${describe(tz)}`);
  return parseZone(tz);
}

/** The date named by the date fields, over an optional base date (fields override, java.time `with`). */
export function resolveDate(f: Fields, base: Temporal.PlainDate | undefined): Temporal.PlainDate | undefined {
  const g = f.ints;
  const cal = g.has('month') || g.has('day');
  const week = g.has('week') || g.has('dayOfWeek');
  const quarter = g.has('quarter') || g.has('dayOfQuarter');
  const ord = g.has('ordinalDay');
  if (Number(cal) + Number(week) + Number(quarter) + Number(ord) > 1) {
    throw invalidValue('Cannot mix calendar, week, quarter and ordinal date fields');
  }
  const year = g.get('year');
  if (base === undefined) {
    if (year === undefined) {
      if (cal || week || quarter || ord) throw invalidValue('year must be specified');
      return undefined;
    }
    if (week) {
      if (!g.has('week')) throw invalidValue('dayOfWeek cannot be specified without week');
      return weekDate(year, g.get('week')!, g.get('dayOfWeek') ?? 1);
    }
    if (quarter) {
      if (!g.has('quarter')) throw invalidValue('dayOfQuarter cannot be specified without quarter');
      return quarterDate(year, g.get('quarter')!, g.get('dayOfQuarter') ?? 1);
    }
    if (ord) return ordinalDate(year, g.get('ordinalDay')!);
    if (g.has('day') && !g.has('month')) throw invalidValue('day cannot be specified without month');
    return calendarDate(year, g.get('month') ?? 1, g.get('day') ?? 1);
  }
  let d = base;
  const set = (key: string, f2: (d: Temporal.PlainDate, n: number) => Temporal.PlainDate): void => {
    const n = g.get(key);
    if (n !== undefined) d = f2(d, n);
  };
  if (week) {
    set('year', withWeekYear);
    set('week', withWeek);
    set('dayOfWeek', withDayOfWeek);
  } else if (quarter) {
    set('year', withYear);
    set('quarter', withQuarter);
    set('dayOfQuarter', withDayOfQuarter);
  } else if (ord) {
    set('year', withYear);
    set('ordinalDay', withOrdinalDay);
  } else {
    set('year', withYear);
    set('month', withMonth);
    set('day', withDay);
  }
  return d;
}

/** ms/us/ns fields combined into one nanosecond of second, each within its own range. */
function subsecond(g: ReadonlyMap<string, number>): number | undefined {
  const ms = g.get('millisecond');
  const us = g.get('microsecond');
  const ns = g.get('nanosecond');
  if (ms === undefined && us === undefined && ns === undefined) return undefined;
  if (ms !== undefined) checkRange('MilliOfSecond', ms, 0, 999);
  if (us !== undefined) checkRange('MicroOfSecond', us, 0, ms === undefined ? 999_999 : 999);
  if (ns !== undefined) {
    checkRange('NanoOfSecond', ns, 0, ms === undefined && us === undefined ? 999_999_999 : us === undefined ? 999_999 : 999);
  }
  return (ms ?? 0) * 1_000_000 + (us ?? 0) * 1_000 + (ns ?? 0);
}

/** The time named by the time fields, over an optional base time. */
export function resolveTime(f: Fields, base: Temporal.PlainTime | undefined): Temporal.PlainTime | undefined {
  const g = f.ints;
  const sub = subsecond(g);
  if (base === undefined) {
    if (!TIME_KEYS.some((k) => g.has(k))) return undefined;
    if (!g.has('hour')) throw invalidValue('hour must be specified');
    if (g.has('second') && !g.has('minute')) throw invalidValue('second cannot be specified without minute');
    if (sub !== undefined && !g.has('second')) throw invalidValue('sub-second fields cannot be specified without second');
    const h = g.get('hour')!;
    const m = g.get('minute') ?? 0;
    const s = g.get('second') ?? 0;
    checkTimeFields(h, m, s);
    return plainTime(h, m, s, sub ?? 0);
  }
  const h = g.get('hour') ?? base.hour;
  const m = g.get('minute') ?? base.minute;
  const s = g.get('second') ?? base.second;
  checkTimeFields(h, m, s);
  return plainTime(h, m, s, sub ?? nanoOfSecond(base));
}

function onlyTimezone(f: Fields): boolean {
  return f.ints.size === 0 && f.values.size === 1 && f.values.has('timezone');
}

/** The current value of a kind at `instant` seen from `zone`. */
export function nowValue(kind: TemporalKind, instant: Temporal.Instant, zone: Zone): TemporalValue {
  const local = localAt(instant, zone);
  switch (kind) {
    case 'date':
      return new DateValue(local.toPlainDate());
    case 'localtime':
      return new LocalTimeValue(local.toPlainTime());
    case 'time':
      return new TimeValue(local.toPlainTime(), offsetAt(zone, instant));
    case 'localdatetime':
      return new LocalDateTimeValue(local);
    case 'datetime':
      return zonedFromInstant(instant.epochNanoseconds, zone);
  }
}

function shiftTime(t: Temporal.PlainTime, fromOffset: number, toOffset: number): Temporal.PlainTime {
  return timeFromNanosOfDay(nanosOfDayN(t) + BigInt(toOffset - fromOffset) * NANOS_PER_SECOND_N);
}

/** Builds a temporal value of `kind` from a constructor map. */
export function fromMap(kind: TemporalKind, map: CypherMap, ctx: FunctionContext): TemporalValue {
  const f = readFields(map, kind);
  const dflt = defaultZone(ctx.defaultTimeZone);
  const tz = timezoneOf(f);
  if (onlyTimezone(f)) return nowValue(kind, ctx.statementInstant, tz!);
  if (tz !== undefined && (kind === 'date' || kind === 'localtime' || kind === 'localdatetime')) {
    throw invalidValue(`${kind}: timezone can only be given alone, to select the current ${kind}`);
  }
  switch (kind) {
    case 'date': {
      const base = baseValue(f, 'date');
      const bd = base && datePart(base);
      if (base && !bd) throw invalidType(`Cannot construct date from: ${describe(base)}`);
      const d = resolveDate(f, bd);
      if (!d) throw invalidValue('year must be specified');
      return new DateValue(d);
    }
    case 'localtime': {
      const base = baseValue(f, 'time');
      const t = resolveTime(f, base && requireTime(base));
      if (!t) throw invalidValue('hour must be specified');
      return new LocalTimeValue(t);
    }
    case 'time': {
      const base = baseValue(f, 'time');
      const t = resolveTime(f, base && requireTime(base));
      if (!t) throw invalidValue('hour must be specified');
      const bz = base && zonePart(base);
      if (base && bz) {
        const at = base.kind === 'DateTime' ? base.zoned.toInstant() : ctx.statementInstant;
        const from = offsetAt(bz, at);
        if (tz === undefined) return new TimeValue(t, from);
        const to = offsetAt(tz, at);
        return new TimeValue(shiftTime(t, from, to), to);
      }
      return new TimeValue(t, offsetAt(tz ?? dflt, ctx.statementInstant));
    }
    case 'localdatetime': {
      const { date, time } = dateAndTime(f);
      return new LocalDateTimeValue(combine(date, time));
    }
    case 'datetime':
      return buildDateTime(f, tz, dflt);
  }
}

function requireTime(v: TemporalValue): Temporal.PlainTime {
  const t = timePart(v);
  if (!t) throw invalidType(`Cannot construct time from: ${describe(v)}`);
  return t;
}

function dateAndTime(f: Fields): { date: Temporal.PlainDate; time: Temporal.PlainTime; zoneBase?: TemporalValue } {
  const dt = baseValue(f, 'datetime');
  if (dt && (f.values.has('date') || f.values.has('time'))) {
    throw invalidValue('datetime cannot be combined with date or time');
  }
  const db = dt ?? baseValue(f, 'date');
  const tb = dt ?? baseValue(f, 'time');
  const bd = db && datePart(db);
  if (db && !bd) throw invalidType(`Cannot construct date from: ${describe(db)}`);
  const bt = tb && requireTime(tb);
  const date = resolveDate(f, bd);
  if (!date) throw invalidValue('year must be specified');
  const time = resolveTime(f, bt) ?? new Temporal.PlainTime();
  return tb && zonePart(tb) ? { date, time, zoneBase: tb } : { date, time };
}

function buildDateTime(f: Fields, tz: Zone | undefined, dflt: Zone): DateTimeValue {
  const es = f.values.get('epochSeconds');
  const em = f.values.get('epochMillis');
  if (es !== undefined || em !== undefined) return fromEpochFields(f, es, em, tz ?? dflt);
  const { date, time, zoneBase } = dateAndTime(f);
  const local = combine(date, time);
  if (zoneBase) {
    const bz = zonePart(zoneBase)!;
    const prefer = zoneBase.kind === 'DateTime' ? zoneBase.zoned.offsetNanoseconds : undefined;
    const v = zonedFromLocal(local, bz, prefer);
    return tz === undefined ? v : zonedFromInstant(v.zoned.epochNanoseconds, tz);
  }
  return zonedFromLocal(local, tz ?? dflt);
}

function fromEpochFields(f: Fields, es: Value | undefined, em: Value | undefined, zone: Zone): DateTimeValue {
  if (es !== undefined && em !== undefined) throw invalidValue('epochSeconds and epochMillis cannot be combined');
  for (const k of f.ints.keys()) {
    if (!['millisecond', 'microsecond', 'nanosecond'].includes(k)) throw invalidValue(`${k} cannot be combined with epoch fields`);
  }
  if (f.values.has('date') || f.values.has('time') || f.values.has('datetime')) {
    throw invalidValue('temporal bases cannot be combined with epoch fields');
  }
  const sub = BigInt(subsecond(f.ints) ?? 0);
  const ns =
    es !== undefined
      ? epochInteger('epochSeconds', es) * NANOS_PER_SECOND_N + sub
      : epochInteger('epochMillis', em!) * 1_000_000n + sub;
  return zonedFromInstant(ns, zone);
}

function epochInteger(name: string, v: Value): bigint {
  const n = toNumber(name, v);
  return typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
}

/** date(x), time(x), ...: a value of `kind` taken from another temporal value. */
export function select(kind: TemporalKind, v: TemporalValue, ctx: FunctionContext): TemporalValue {
  const cannot = (): never => {
    throw invalidType(`Cannot construct ${kind} from: ${describe(v)}`);
  };
  const dflt = defaultZone(ctx.defaultTimeZone);
  switch (kind) {
    case 'date':
      return new DateValue(datePart(v) ?? cannot());
    case 'localtime':
      return new LocalTimeValue(timePart(v) ?? cannot());
    case 'time': {
      if (v.kind === 'Time') return v;
      const t = timePart(v) ?? cannot();
      if (v.kind === 'DateTime') return new TimeValue(t, Math.round(v.zoned.offsetNanoseconds / 1e9));
      return new TimeValue(t, offsetAt(dflt, ctx.statementInstant));
    }
    case 'localdatetime':
      if (v.kind === 'LocalDateTime') return v;
      if (v.kind === 'DateTime') return new LocalDateTimeValue(v.zoned.toPlainDateTime());
      return cannot();
    case 'datetime':
      if (v.kind === 'DateTime') return v;
      if (v.kind === 'LocalDateTime') return zonedFromLocal(v.dateTime, dflt);
      return cannot();
  }
}

/** The one-argument form of a constructor: null, a string, a map, or another temporal value. */
export function construct(kind: TemporalKind, arg: Value, ctx: FunctionContext): Value {
  if (arg === null) return null;
  const dflt = defaultZone(ctx.defaultTimeZone);
  if (typeof arg === 'string') {
    switch (kind) {
      case 'date':
        return parseDate(arg);
      case 'localtime':
        return parseLocalTime(arg);
      case 'time':
        return parseTime(arg, dflt, ctx.statementInstant);
      case 'localdatetime':
        return parseLocalDateTime(arg);
      case 'datetime':
        return parseDateTime(arg, dflt);
    }
  }
  if (isMap(arg)) return fromMap(kind, arg, ctx);
  if (isTemporal(arg) && arg.kind !== 'Duration') return select(kind, arg, ctx);
  throw invalidType(`${kind}() expects a string, a map or a temporal value, got ${describe(arg)}`);
}

const DURATION_KEYS = [
  'years', 'quarters', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'microseconds', 'nanoseconds',
] as const;

/** duration(x): from an ISO string or a map of (possibly fractional) components. */
export function constructDuration(arg: Value): DurationValue | null {
  if (arg === null) return null;
  if (typeof arg === 'string') return parseDuration(arg);
  if (isMap(arg)) {
    const c: DurationComponents = {};
    for (const [rawKey, v] of arg) {
      const key = DURATION_KEYS.find((k) => k.toLowerCase() === rawKey.toLowerCase());
      if (key === undefined) throw invalidValue(`duration: unknown key '${rawKey}'`);
      if (v === null) throw invalidValue(`duration: ${key} cannot be null`);
      c[key] = toNumber(key, v);
    }
    return durationFromComponents(c);
  }
  if (isTemporal(arg) && arg.kind === 'Duration') return arg;
  throw invalidType(`duration() expects a string or a map, got ${describe(arg)}`);
}

/** datetime.fromepoch(seconds, nanoseconds) and datetime.fromepochmillis(ms), in UTC. */
export function fromEpoch(seconds: Value, nanos: Value): DateTimeValue | null {
  if (seconds === null || nanos === null) return null;
  const ns = epochInteger('nanoseconds', nanos);
  return zonedFromInstant(epochInteger('seconds', seconds) * NANOS_PER_SECOND_N + ns, { kind: 'offset', seconds: 0 });
}

export function fromEpochMillis(ms: Value): DateTimeValue | null {
  if (ms === null) return null;
  return zonedFromInstant(epochInteger('milliseconds', ms) * 1_000_000n, { kind: 'offset', seconds: 0 });
}

