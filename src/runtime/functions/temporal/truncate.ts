// date.truncate / localtime.truncate / time.truncate / localdatetime.truncate / datetime.truncate:
// cut a temporal value down to the start of a unit, then apply field overrides the way Neo4j does
// (TemporalValue.truncate and updateFieldMapWithConflictingSubseconds): a `timezone` override keeps
// the truncated wall-clock time, and sub-second overrides finer than the unit are added to it
// (`datetime.truncate('millisecond', x, {nanosecond: 2})` keeps the milliseconds).
import type { FunctionContext } from '../registry.js';
import type { CypherMap, TemporalValue, Value } from '../../../values/types.js';
import {
  combine,
  datePart,
  DateValue,
  defaultZone,
  describe,
  invalidType,
  invalidValue,
  isMap,
  isTemporal,
  LocalDateTimeValue,
  LocalTimeValue,
  nanoOfSecond,
  offsetAt,
  parseZone,
  plainTime,
  Temporal,
  timePart,
  TimeValue,
  zonedFromLocal,
  zonePart,
  type Zone,
} from './common.js';
import { checkRange, quarterStart, weekYearStart } from './date-forms.js';
import { fromMap, type TemporalKind } from './construct.js';

const UNITS = [
  'millennium', 'century', 'decade', 'year', 'weekYear', 'quarter', 'month', 'week', 'day',
  'hour', 'minute', 'second', 'millisecond', 'microsecond',
] as const;
type Unit = (typeof UNITS)[number];
const DAY_INDEX = UNITS.indexOf('day');

function parseUnit(v: Value): Unit {
  if (typeof v !== 'string') throw invalidType(`Truncation unit should be a string, got ${describe(v)}`);
  const u = UNITS.find((x) => x.toLowerCase() === v.toLowerCase());
  if (u === undefined) throw invalidValue(`Unsupported unit for truncation: '${v}'`);
  return u;
}

/** The first day of the unit holding `d` (units of a day or longer). */
export function truncateDate(unit: Unit, d: Temporal.PlainDate): Temporal.PlainDate {
  const jan1 = (y: number): Temporal.PlainDate => new Temporal.PlainDate(y, 1, 1);
  switch (unit) {
    case 'millennium':
      return jan1(Math.floor(d.year / 1000) * 1000);
    case 'century':
      return jan1(Math.floor(d.year / 100) * 100);
    case 'decade':
      return jan1(Math.floor(d.year / 10) * 10);
    case 'year':
      return jan1(d.year);
    case 'weekYear':
      return weekYearStart(d.yearOfWeek!);
    case 'quarter':
      return quarterStart(d.year, Math.floor((d.month - 1) / 3) + 1);
    case 'month':
      return d.with({ day: 1 });
    case 'week':
      return d.subtract({ days: d.dayOfWeek - 1 });
    default:
      return d;
  }
}

/** The start of the unit holding `t` (units of a day or shorter; `day` is midnight). */
export function truncateTime(unit: Unit, t: Temporal.PlainTime): Temporal.PlainTime {
  switch (unit) {
    case 'hour':
      return plainTime(t.hour, 0, 0, 0);
    case 'minute':
      return plainTime(t.hour, t.minute, 0, 0);
    case 'second':
      return plainTime(t.hour, t.minute, t.second, 0);
    case 'millisecond':
      return plainTime(t.hour, t.minute, t.second, t.millisecond * 1_000_000);
    case 'microsecond':
      return plainTime(t.hour, t.minute, t.second, t.millisecond * 1_000_000 + t.microsecond * 1_000);
    default:
      return new Temporal.PlainTime();
  }
}

const BASE_KEY: Record<TemporalKind, string> = {
  date: 'date',
  localtime: 'time',
  time: 'time',
  localdatetime: 'datetime',
  datetime: 'datetime',
};

/** `<kind>.truncate(unit, value[, overrides])`. */
export function truncate(kind: TemporalKind, args: readonly Value[], ctx: FunctionContext): Value {
  const [unitArg, value, overrides] = args;
  if (value === null || value === undefined || unitArg === null) return null;
  const unit = parseUnit(unitArg!);
  if (!isTemporal(value) || value.kind === 'Duration') throw invalidType(`Cannot truncate ${describe(value)}`);
  const fields: CypherMap = overrides === undefined || overrides === null ? new Map() : asMap(overrides);
  const big = UNITS.indexOf(unit) <= DAY_INDEX;
  const wantsDate = kind === 'date' || kind === 'localdatetime' || kind === 'datetime';
  const wantsTime = kind !== 'date';
  if (kind === 'date' && !big) throw invalidValue(`Unit '${unit}' is too small to truncate a date`);
  if ((kind === 'localtime' || kind === 'time') && UNITS.indexOf(unit) < DAY_INDEX) {
    throw invalidValue(`Unit '${unit}' is too large to truncate a time`);
  }
  const d = datePart(value);
  const t = timePart(value);
  if (wantsDate && !d) throw invalidType(`Cannot truncate ${describe(value)} to a ${kind}`);
  if (!big && !t) throw invalidType(`Cannot truncate ${describe(value)} to unit '${unit}'`);
  const date = wantsDate ? truncateDate(unit, d!) : undefined;
  let time = !wantsTime ? undefined : big ? new Temporal.PlainTime() : truncateTime(unit, t!);

  // Sub-second overrides finer than the unit are added to the truncated value, not replacing it.
  const rest = new Map(fields);
  const sub = conflictingSubseconds(unit, rest);
  if (sub !== undefined && time) time = plainTime(time.hour, time.minute, time.second, sub(nanoOfSecond(time)));

  const dflt = defaultZone(ctx.defaultTimeZone);
  let zone: Zone = zonePart(value) ?? dflt;
  const tz = rest.get('timezone');
  if (tz !== undefined && tz !== null && (kind === 'time' || kind === 'datetime')) {
    if (typeof tz !== 'string') throw invalidType(`timezone should be a string, got ${describe(tz)}`);
    zone = parseZone(tz);
    rest.delete('timezone');
  }
  let result: TemporalValue;
  switch (kind) {
    case 'date':
      result = new DateValue(date!);
      break;
    case 'localtime':
      result = new LocalTimeValue(time!);
      break;
    case 'time':
      result = new TimeValue(time!, offsetAt(zone, value.kind === 'DateTime' ? value.zoned.toInstant() : ctx.statementInstant));
      break;
    case 'localdatetime':
      result = new LocalDateTimeValue(combine(date!, time!));
      break;
    case 'datetime':
      result = zonedFromLocal(combine(date!, time!), zone);
      break;
  }
  if (rest.size === 0) return result;
  return fromMap(kind, new Map<string, Value>([...rest, [BASE_KEY[kind], result]]), ctx);
}

function asMap(v: Value): CypherMap {
  if (!isMap(v)) throw invalidType(`Truncation overrides should be a map, got ${describe(v)}`);
  return v;
}

/**
 * For unit millisecond with microsecond/nanosecond overrides (or microsecond with nanosecond),
 * removes those keys and returns how to combine them with the truncated nanos.
 */
function conflictingSubseconds(unit: Unit, rest: Map<string, Value>): ((nanos: number) => number) | undefined {
  const intOf = (k: string, max: number): number => {
    const v = rest.get(k);
    if (v === undefined || v === null) return 0;
    const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : NaN;
    if (Number.isNaN(n)) throw invalidType(`${k} should be an integer, got ${describe(v)}`);
    checkRange(k, n, 0, max);
    return n;
  };
  if (unit === 'millisecond' && (rest.has('microsecond') || rest.has('nanosecond'))) {
    const us = intOf('microsecond', 999);
    const ns = intOf('nanosecond', rest.has('microsecond') ? 999 : 999_999);
    rest.delete('microsecond');
    rest.delete('nanosecond');
    return (nanos) => nanos + us * 1_000 + ns;
  }
  if (unit === 'microsecond' && rest.has('nanosecond')) {
    const ns = intOf('nanosecond', 999);
    rest.delete('nanosecond');
    return (nanos) => nanos + ns;
  }
  return undefined;
}
