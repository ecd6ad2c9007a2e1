// ISO-8601 parsing of every string form Cypher accepts (Neo4j's DateValue/TimeValue/DurationValue
// patterns): calendar `2015-07-21`/`20150721`/`2015-07`/`2015`, week `2015-W30-2`/`2015W302`,
// ordinal `2015-202`/`2015202`, quarter `2015-Q2-45`; times `21:40:32.142`/`214032.142`/`21`
// with up to nine fraction digits; offsets `Z`, `+01`, `+0100`, `+01:00`, `+01:00:30`; named zones
// `[Europe/Stockholm]`; durations `P1Y2M3W4DT5H6M7.8S` with signed and fractional components and
// the alternative form `P2012-02-02T14:37:21.545`.
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  invalidValue,
  LocalDateTimeValue,
  LocalTimeValue,
  offsetSeconds,
  parseZone,
  plainTime,
  combine,
  Temporal,
  TimeValue,
  zonedFromLocal,
  offsetAt,
  type Zone,
} from './common.js';
import { calendarDate, checkTimeFields, checkYear, ordinalDate, quarterDate, weekDate } from './date-forms.js';
import { durationFromComponents, negate } from './duration-build.js';

const DATE =
  '(?:(?<sy>\\d{4})(?:(?<sm>\\d{2})(?<sd>\\d{2})?|W(?<sw>\\d{2})(?<swd>\\d)?|Q(?<sq>\\d)(?<sqd>\\d{2})?|(?<so>\\d{3}))' +
  '|(?<ly>\\d{4}|[+-]\\d{1,9})(?:-(?<lm>\\d{1,2})(?:-(?<ld>\\d{1,2}))?|-?W(?<lw>\\d{1,2})(?:-(?<lwd>\\d))?' +
  '|-?Q(?<lq>\\d)(?:-(?<lqd>\\d{1,2}))?|-(?<lo>\\d{3}))?)';
const TIME =
  '(?:(?<lh>\\d{1,2}):(?<lmi>\\d{2})(?::(?<ls>\\d{2})(?:[.,](?<lf>\\d{1,9}))?)?' +
  '|(?<sh>\\d{2})(?:(?<smi>\\d{2})(?:(?<ss>\\d{2})(?:[.,](?<sf>\\d{1,9}))?)?)?)';
const OFFSET = '(?<zone>Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)';
const NAME = '(?:\\[(?<zname>[^\\]]+)\\])';

const DATE_RE = new RegExp(`^${DATE}$`, 'i');
const LOCAL_TIME_RE = new RegExp(`^${TIME}$`, 'i');
const TIME_RE = new RegExp(`^${TIME}${OFFSET}?$`, 'i');
const LOCAL_DATETIME_RE = new RegExp(`^${DATE}(?:T${TIME})?$`, 'i');
const DATETIME_RE = new RegExp(`^${DATE}(?:T${TIME}${OFFSET}?${NAME}?)?$`, 'i');

type Groups = Record<string, string | undefined>;

function fail(kind: string, text: string): never {
  throw invalidValue(`Text cannot be parsed to a ${kind}\n"${text}"`);
}

function n(s: string | undefined, dflt: number): number {
  return s === undefined ? dflt : Number(s);
}

function dateFromGroups(g: Groups): Temporal.PlainDate {
  if (g.sy !== undefined) {
    const y = Number(g.sy);
    if (g.sm !== undefined) return calendarDate(y, Number(g.sm), n(g.sd, 1));
    if (g.sw !== undefined) return weekDate(y, Number(g.sw), n(g.swd, 1));
    if (g.sq !== undefined) return quarterDate(y, Number(g.sq), n(g.sqd, 1));
    return ordinalDate(y, Number(g.so));
  }
  const y = Number(g.ly);
  checkYear(y);
  if (g.lm !== undefined) return calendarDate(y, Number(g.lm), n(g.ld, 1));
  if (g.lw !== undefined) return weekDate(y, Number(g.lw), n(g.lwd, 1));
  if (g.lq !== undefined) return quarterDate(y, Number(g.lq), n(g.lqd, 1));
  if (g.lo !== undefined) return ordinalDate(y, Number(g.lo));
  return calendarDate(y, 1, 1);
}

function timeFromGroups(g: Groups): Temporal.PlainTime {
  const long = g.lh !== undefined;
  const hour = Number(long ? g.lh : g.sh);
  const minute = n(long ? g.lmi : g.smi, 0);
  const second = n(long ? g.ls : g.ss, 0);
  const frac = long ? g.lf : g.sf;
  checkTimeFields(hour, minute, second);
  const nanos = frac === undefined ? 0 : Number(frac.padEnd(9, '0'));
  return plainTime(hour, minute, second, nanos);
}

function offsetFromText(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(text)!;
  return offsetSeconds(m[1]!, m[2]!, m[3], m[4]);
}

export function parseDate(text: string): DateValue {
  const m = DATE_RE.exec(text.trim());
  if (!m) fail('date', text);
  return new DateValue(dateFromGroups(m.groups as Groups));
}

export function parseLocalTime(text: string): LocalTimeValue {
  const m = LOCAL_TIME_RE.exec(text.trim());
  if (!m) fail('local time', text);
  return new LocalTimeValue(timeFromGroups(m.groups as Groups));
}

/** A time; without an offset it takes the default zone's offset at `now`. */
export function parseTime(text: string, dflt: Zone, now: Temporal.Instant): TimeValue {
  const m = TIME_RE.exec(text.trim());
  if (!m) fail('time', text);
  const g = m.groups as Groups;
  const offset = g.zone !== undefined ? offsetFromText(g.zone) : offsetAt(dflt, now);
  return new TimeValue(timeFromGroups(g), offset);
}

export function parseLocalDateTime(text: string): LocalDateTimeValue {
  const m = LOCAL_DATETIME_RE.exec(text.trim());
  if (!m) fail('local datetime', text);
  const g = m.groups as Groups;
  const time = g.lh !== undefined || g.sh !== undefined ? timeFromGroups(g) : new Temporal.PlainTime();
  return new LocalDateTimeValue(combine(dateFromGroups(g), time));
}

/**
 * A datetime. With both an offset and a zone name, the offset picks between the two readings of an
 * ambiguous local time; without either, the default zone applies.
 */
export function parseDateTime(text: string, dflt: Zone): DateTimeValue {
  const m = DATETIME_RE.exec(text.trim());
  if (!m) fail('datetime', text);
  const g = m.groups as Groups;
  const time = g.lh !== undefined || g.sh !== undefined ? timeFromGroups(g) : new Temporal.PlainTime();
  const local = combine(dateFromGroups(g), time);
  if (g.zname !== undefined) {
    const zone = parseZone(g.zname);
    const prefer = g.zone !== undefined ? offsetFromText(g.zone) * 1e9 : undefined;
    return zonedFromLocal(local, zone, prefer);
  }
  return zonedFromLocal(local, g.zone !== undefined ? { kind: 'offset', seconds: offsetFromText(g.zone) } : dflt);
}

const NUM = '([-+]?\\d+(?:[.,]\\d+)?)';
const DURATION_RE = new RegExp(
  `^([-+]?)P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:([-+]?\\d+)(?:[.,](\\d{1,9}))?S)?)?$`,
  'i',
);
const DURATION_ALT_RE = /^([-+]?)P(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(?:[.,](\d{1,9}))?$/i;

function component(s: string | undefined): number | bigint | undefined {
  if (s === undefined) return undefined;
  return /[.,]/.test(s) ? Number(s.replace(',', '.')) : BigInt(s);
}

export function parseDuration(text: string): DurationValue {
  const t = text.trim();
  const alt = DURATION_ALT_RE.exec(t);
  if (alt) {
    const [, sign, y, mo, d, h, mi, s, f] = alt;
    const nanos = f === undefined ? 0n : BigInt(f.padEnd(9, '0'));
    const v = durationFromComponents({
      years: BigInt(y!),
      months: BigInt(mo!),
      days: BigInt(d!),
      hours: BigInt(h!),
      minutes: BigInt(mi!),
      seconds: BigInt(s!),
      nanoseconds: nanos,
    });
    return sign === '-' ? negate(v) : v;
  }
  const m = DURATION_RE.exec(t);
  if (!m || /^[-+]?PT?$/i.test(t) || /T$/i.test(t)) fail('duration', text);
  const [, sign, y, mo, w, d, h, mi, s, f] = m;
  let nanos: bigint | undefined;
  if (f !== undefined) {
    nanos = BigInt(f.padEnd(9, '0'));
    if (s!.startsWith('-')) nanos = -nanos;
  }
  const v = durationFromComponents({
    years: component(y),
    months: component(mo),
    weeks: component(w),
    days: component(d),
    hours: component(h),
    minutes: component(mi),
    seconds: s === undefined ? undefined : BigInt(s),
    nanoseconds: nanos,
  });
  return sign === '-' ? negate(v) : v;
}
