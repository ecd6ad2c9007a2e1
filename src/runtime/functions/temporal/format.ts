// String forms of temporal values, exactly as Neo4j prints them (java.time's toString forms, which
// are also what the openCypher TCK compares): `1984-10-11`, `12:31` (seconds only when non-zero),
// fractions in groups of 3/6/9 digits, `Z` for the zero offset, `+00:53:28[Europe/Stockholm]` for
// sub-minute historical offsets, years outside 0000..9999 with a sign, and durations as
// `P1Y2M3DT4H5M6.7S` with each component signed on its own and trailing zeros trimmed.
import { formatOffset, type Temporal, type TemporalValue } from '../../../values/types.js';
import { nanoOfSecond, NANOS_PER_SECOND_N } from './common.js';
import type { DurationValue } from '../../../values/types.js';

/** Neo4j's string form of a temporal value, e.g. `2015-07-21T21:40:32.142+01:00[Europe/London]`. */
export function temporalToString(v: TemporalValue): string {
  switch (v.kind) {
    case 'Date':
      return formatDate(v.date);
    case 'LocalTime':
      return formatTime(v.time);
    case 'Time':
      return formatTime(v.time) + formatOffset(v.offsetSeconds);
    case 'LocalDateTime':
      return `${formatDate(v.dateTime)}T${formatTime(v.dateTime)}`;
    case 'DateTime': {
      const z = v.zoned;
      const offset = formatOffset(Math.round(z.offsetNanoseconds / 1e9));
      const base = `${formatDate(z)}T${formatTime(z)}${offset}`;
      return v.namedZone ? `${base}[${z.timeZoneId}]` : base;
    }
    case 'Duration':
      return formatDuration(v);
  }
}

/** `2015-07-21`, `0028-11-11`, `-0001-01-01`, `+10000-01-01` (java.time.LocalDate#toString). */
export function formatDate(d: { year: number; month: number; day: number }): string {
  const y = d.year;
  const abs = Math.abs(y);
  const year = abs < 1000 ? (y < 0 ? '-' : '') + String(abs).padStart(4, '0') : (y > 9999 ? '+' : '') + String(y);
  return `${year}-${pad2(d.month)}-${pad2(d.day)}`;
}

/** `21:40`, `21:40:32`, `21:40:32.142`, `21:40:32.142500`, `00:00:00.000000002` (LocalTime#toString). */
export function formatTime(t: Temporal.PlainTime | Temporal.PlainDateTime | Temporal.ZonedDateTime): string {
  const nanos = nanoOfSecond(t);
  let s = `${pad2(t.hour)}:${pad2(t.minute)}`;
  if (t.second === 0 && nanos === 0) return s;
  s += `:${pad2(t.second)}`;
  if (nanos === 0) return s;
  if (nanos % 1_000_000 === 0) return `${s}.${String(nanos / 1_000_000).padStart(3, '0')}`;
  if (nanos % 1_000 === 0) return `${s}.${String(nanos / 1_000).padStart(6, '0')}`;
  return `${s}.${String(nanos).padStart(9, '0')}`;
}

/** `P14DT16H12M`, `PT0S`, `P12Y5M-14DT16H`, `PT-1M-0.001S` (Neo4j DurationValue#prettyPrint). */
export function formatDuration(d: DurationValue): string {
  let s = 'P';
  const years = d.months / 12n;
  const months = d.months % 12n;
  if (years !== 0n) s += `${years}Y`;
  if (months !== 0n) s += `${months}M`;
  if (d.days !== 0n) s += `${d.days}D`;
  const total = d.seconds * NANOS_PER_SECOND_N + BigInt(d.nanoseconds);
  if (total !== 0n) {
    const neg = total < 0n;
    const sign = neg ? '-' : '';
    const abs = neg ? -total : total;
    const secs = abs / NANOS_PER_SECOND_N;
    const frac = abs % NANOS_PER_SECOND_N;
    const h = secs / 3600n;
    const m = (secs % 3600n) / 60n;
    const sec = secs % 60n;
    s += 'T';
    if (h !== 0n) s += `${sign}${h}H`;
    if (m !== 0n) s += `${sign}${m}M`;
    if (sec !== 0n || frac !== 0n) {
      s += `${sign}${sec}`;
      if (frac !== 0n) s += '.' + frac.toString().padStart(9, '0').replace(/0+$/, '');
      s += 'S';
    }
  }
  return s === 'P' ? 'PT0S' : s;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
