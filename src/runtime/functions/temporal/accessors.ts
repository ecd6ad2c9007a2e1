// Component access on temporal values and points (`d.year`, `dur.minutesOfHour`, `p.latitude`),
// with Neo4j's component lists. Keys match case-insensitively; a key the value does not have is an
// ArgumentError (Neo4j's "No such field").
import { formatOffset, PointValue, SRID, type DurationValue, type TemporalValue, type Value } from '../../../values/types.js';
import { datePart, invalidValue, isTemporal, nanoOfSecond, timePart, type Temporal } from './common.js';
import { dayOfQuarter, quarterOf } from './date-forms.js';

type Getter<T> = (v: T) => Value;

const DATE_FIELDS: Record<string, Getter<Temporal.PlainDate>> = {
  year: (d) => BigInt(d.year),
  quarter: (d) => BigInt(quarterOf(d)),
  month: (d) => BigInt(d.month),
  week: (d) => BigInt(d.weekOfYear!),
  weekyear: (d) => BigInt(d.yearOfWeek!),
  dayofquarter: (d) => BigInt(dayOfQuarter(d)),
  quarterday: (d) => BigInt(dayOfQuarter(d)),
  day: (d) => BigInt(d.day),
  ordinalday: (d) => BigInt(d.dayOfYear),
  dayofweek: (d) => BigInt(d.dayOfWeek),
  weekday: (d) => BigInt(d.dayOfWeek),
};

const TIME_FIELDS: Record<string, Getter<Temporal.PlainTime>> = {
  hour: (t) => BigInt(t.hour),
  minute: (t) => BigInt(t.minute),
  second: (t) => BigInt(t.second),
  millisecond: (t) => BigInt(Math.floor(nanoOfSecond(t) / 1_000_000)),
  microsecond: (t) => BigInt(Math.floor(nanoOfSecond(t) / 1_000)),
  nanosecond: (t) => BigInt(nanoOfSecond(t)),
};

const NS = 1_000_000_000n;
const DURATION_FIELDS: Record<string, Getter<DurationValue>> = {
  years: (d) => d.months / 12n,
  quarters: (d) => d.months / 3n,
  months: (d) => d.months,
  weeks: (d) => d.days / 7n,
  days: (d) => d.days,
  hours: (d) => d.seconds / 3600n,
  minutes: (d) => d.seconds / 60n,
  seconds: (d) => d.seconds,
  milliseconds: (d) => d.seconds * 1000n + BigInt(d.nanoseconds) / 1_000_000n,
  microseconds: (d) => d.seconds * 1_000_000n + BigInt(d.nanoseconds) / 1000n,
  nanoseconds: (d) => d.seconds * NS + BigInt(d.nanoseconds),
  quartersofyear: (d) => (d.months / 3n) % 4n,
  monthsofquarter: (d) => d.months % 3n,
  monthsofyear: (d) => d.months % 12n,
  daysofweek: (d) => d.days % 7n,
  minutesofhour: (d) => (d.seconds / 60n) % 60n,
  secondsofminute: (d) => d.seconds % 60n,
  millisecondsofsecond: (d) => BigInt(d.nanoseconds) / 1_000_000n,
  microsecondsofsecond: (d) => BigInt(d.nanoseconds) / 1000n,
  nanosecondsofsecond: (d) => BigInt(d.nanoseconds),
};

function offsetSecondsOf(v: TemporalValue): number | undefined {
  if (v.kind === 'Time') return v.offsetSeconds;
  if (v.kind === 'DateTime') return Math.round(v.zoned.offsetNanoseconds / 1e9);
  return undefined;
}

function zoneField(v: TemporalValue, key: string): Value | undefined {
  const offset = offsetSecondsOf(v);
  if (offset === undefined) return undefined;
  switch (key) {
    case 'timezone':
      return v.kind === 'DateTime' && v.namedZone ? v.zoned.timeZoneId : formatOffset(offset);
    case 'offset':
      return formatOffset(offset);
    case 'offsetminutes':
      return BigInt(Math.trunc(offset / 60));
    case 'offsetseconds':
      return BigInt(offset);
  }
  if (v.kind !== 'DateTime') return undefined;
  const ns = v.zoned.epochNanoseconds;
  const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  if (key === 'epochseconds') return floorDiv(ns, NS);
  if (key === 'epochmillis') return floorDiv(ns, 1_000_000n);
  return undefined;
}

const CRS_NAMES: Record<number, string> = {
  [SRID.cartesian]: 'cartesian',
  [SRID.cartesian3d]: 'cartesian-3d',
  [SRID.wgs84]: 'wgs-84',
  [SRID.wgs843d]: 'wgs-84-3d',
};

function pointField(p: PointValue, key: string): Value | undefined {
  const geographic = p.srid === SRID.wgs84 || p.srid === SRID.wgs843d;
  switch (key) {
    case 'x':
      return p.x;
    case 'y':
      return p.y;
    case 'z':
      return p.z;
    case 'longitude':
      return geographic ? p.x : undefined;
    case 'latitude':
      return geographic ? p.y : undefined;
    case 'height':
      return geographic ? p.z : undefined;
    case 'srid':
      return BigInt(p.srid);
    case 'crs':
      return CRS_NAMES[p.srid] ?? null;
  }
  return undefined;
}

/**
 * The component `key` of a temporal value or point; `undefined` when `v` is neither (the caller
 * then reports its own type error). Throws when the value has no such component.
 *
 * @example temporalProperty(date('1984-10-11'), 'week') // 41n
 */
export function temporalProperty(v: Value, key: string): Value | undefined {
  if (v instanceof PointValue) {
    const r = pointField(v, key.toLowerCase());
    if (r === undefined) throw invalidValue(`No such field: ${key} on point with srid ${v.srid}`);
    return r;
  }
  if (!isTemporal(v)) return undefined;
  const k = key.toLowerCase();
  let r: Value | undefined;
  if (v.kind === 'Duration') {
    r = DURATION_FIELDS[k]?.(v);
  } else {
    const d = datePart(v);
    const t = timePart(v);
    if (d && DATE_FIELDS[k]) r = DATE_FIELDS[k]!(d);
    else if (t && TIME_FIELDS[k]) r = TIME_FIELDS[k]!(t);
    else r = zoneField(v, k);
  }
  if (r === undefined) throw invalidValue(`No such field: ${key}`);
  return r;
}
