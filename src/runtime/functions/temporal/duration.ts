// duration.between / duration.inMonths / duration.inDays / duration.inSeconds with Neo4j's
// semantics (DurationValue.between over TemporalValue.until, itself java.time's `until`):
// - mixed operands borrow what they lack from the other side: a date gets midnight, a time gets
//   the other side's date, a local value gets the other side's zone;
// - months and days are counted on the wall clock of the first operand's zone (the second is
//   first moved to that zone), the way LocalDateTime.until counts whole months and days (a partial
//   day at the end does not count);
// - the remainder is exact elapsed time (instants when zoned, so DST days have 23 or 25 hours).
import type { TemporalValue, Value } from '../../../values/types.js';
import {
  combine,
  datePart,
  DateValue,
  describe,
  DurationValue,
  guardRange,
  invalidType,
  invalidValue,
  isTemporal,
  localAt,
  LocalDateTimeValue,
  nanosOfDayN,
  NANOS_PER_DAY_N,
  NANOS_PER_SECOND_N,
  Temporal,
  timePart,
  zonedFromLocal,
  zonePart,
  type Zone,
} from './common.js';
import { checked } from './duration-build.js';

/** A temporal operand after attachment: the parts it has, plus its exact instant when zoned. */
interface Operand {
  date?: Temporal.PlainDate;
  time?: Temporal.PlainTime;
  zone?: Zone;
  epochNs?: bigint;
}

function operand(v: TemporalValue): Operand {
  const o: Operand = {};
  const d = datePart(v);
  const t = timePart(v);
  const z = zonePart(v);
  if (d) o.date = d;
  if (t) o.time = t;
  if (z) o.zone = z;
  if (v.kind === 'DateTime') o.epochNs = v.zoned.epochNanoseconds;
  return o;
}

const MIDNIGHT = new Temporal.PlainTime();

/** TemporalValue.until's attachments: each side borrows missing time, date and zone. */
function attach(a: Operand, b: Operand, timeBased: boolean): [Operand, Operand] {
  const f = { ...a };
  const t = { ...b };
  if (timeBased) {
    f.time ??= MIDNIGHT;
    t.time ??= MIDNIGHT;
  } else if (f.time && !t.time) {
    t.time = MIDNIGHT;
  } else if (t.time && !f.time) {
    f.time = MIDNIGHT;
  }
  if (f.date && !t.date) t.date = f.date;
  else if (t.date && !f.date) f.date = t.date;
  if (f.zone && !t.zone) t.zone = f.zone;
  else if (t.zone && !f.zone) f.zone = t.zone;
  return [f, t];
}

function localOf(o: Operand): Temporal.PlainDateTime {
  return combine(o.date!, o.time ?? MIDNIGHT);
}

function epochNsOf(o: Operand): bigint {
  if (o.epochNs !== undefined) return o.epochNs;
  const local = localOf(o);
  const zone = o.zone!;
  if (zone.kind === 'offset') {
    return local.toZonedDateTime('UTC').epochNanoseconds - BigInt(zone.seconds) * NANOS_PER_SECOND_N;
  }
  return zonedFromLocal(local, zone).zoned.epochNanoseconds;
}

function prolepticMonth(d: Temporal.PlainDate): bigint {
  return BigInt(d.year) * 12n + BigInt(d.month - 1);
}

function dateUntil(a: Temporal.PlainDate, b: Temporal.PlainDate, unit: 'months' | 'days'): bigint {
  if (unit === 'days') return BigInt(a.until(b, { largestUnit: 'days' }).days);
  const packed1 = prolepticMonth(a) * 32n + BigInt(a.day);
  const packed2 = prolepticMonth(b) * 32n + BigInt(b.day);
  return (packed2 - packed1) / 32n;
}

/** `from.until(to, unit)` after attachments; months/days need a date on both sides. */
function until(from: TemporalValue, to: TemporalValue, unit: 'months' | 'days' | 'nanos'): bigint {
  const [f, t] = attach(operand(from), operand(to), unit === 'nanos');
  if (unit === 'nanos') {
    if (f.zone) {
      if (!f.date) {
        // Two offset times: compare their UTC-normalised nanos of day (OffsetTime.until).
        const fo = f.zone.kind === 'offset' ? f.zone.seconds : 0;
        const to2 = t.zone!.kind === 'offset' ? t.zone!.seconds : 0;
        return nanosOfDayN(t.time!) - BigInt(to2) * NANOS_PER_SECOND_N - (nanosOfDayN(f.time!) - BigInt(fo) * NANOS_PER_SECOND_N);
      }
      return epochNsOf(t) - epochNsOf(f);
    }
    if (!f.date) return nanosOfDayN(t.time!) - nanosOfDayN(f.time!);
    const days = BigInt(f.date.until(t.date!, { largestUnit: 'days' }).days);
    return days * NANOS_PER_DAY_N + nanosOfDayN(t.time!) - nanosOfDayN(f.time!);
  }
  if (!f.date || !t.date) throw invalidValue(`Unsupported unit: ${unit === 'months' ? 'Months' : 'Days'}`);
  const endLocal = f.zone ? localAt(Temporal.Instant.fromEpochNanoseconds(epochNsOf(t)), f.zone) : localOf(t);
  if (!f.time) return dateUntil(f.date, endLocal.toPlainDate(), unit);
  let endDate = endLocal.toPlainDate();
  const cmpDate = Temporal.PlainDate.compare(endDate, f.date);
  const cmpTime = Temporal.PlainTime.compare(endLocal.toPlainTime(), f.time);
  if (cmpDate > 0 && cmpTime < 0) endDate = endDate.subtract({ days: 1 });
  else if (cmpDate < 0 && cmpTime > 0) endDate = endDate.add({ days: 1 });
  return dateUntil(f.date, endDate, unit);
}

/** Adds whole months then days on the wall clock (java.time plus(MONTHS)/plus(DAYS)). */
function plusDateUnits(v: TemporalValue, months: bigint, days: bigint): TemporalValue {
  const add = { months: Number(months), days: Number(days) };
  return guardRange('Invalid date', () => {
    switch (v.kind) {
      case 'Date':
        return new DateValue(v.date.add({ months: add.months }).add({ days: add.days }));
      case 'LocalDateTime':
        return new LocalDateTimeValue(v.dateTime.add({ months: add.months }).add({ days: add.days }));
      case 'DateTime': {
        const zone = zonePart(v)!;
        const m = zonedFromLocal(v.zoned.toPlainDateTime().add({ months: add.months }), zone, v.zoned.offsetNanoseconds);
        return zonedFromLocal(m.zoned.toPlainDateTime().add({ days: add.days }), zone, m.zoned.offsetNanoseconds);
      }
      default:
        return v;
    }
  });
}

function operands(name: string, a: Value, b: Value): [TemporalValue, TemporalValue] | null {
  if (a === null || b === null) return null;
  for (const v of [a, b]) {
    if (!isTemporal(v) || v.kind === 'Duration') {
      throw invalidType(`${name} expects two temporal instants, got ${describe(v)}`);
    }
  }
  return [a as TemporalValue, b as TemporalValue];
}

/** duration.between(from, to): whole months, then whole days, then the exact rest. */
export function durationBetween(a: Value, b: Value): DurationValue | null {
  const ops = operands('duration.between', a, b);
  if (!ops) return null;
  let [from] = ops;
  const to = ops[1];
  let months = 0n;
  let days = 0n;
  if (datePart(from) && datePart(to)) {
    months = until(from, to, 'months');
    from = plusDateUnits(from, months, 0n);
    days = until(from, to, 'days');
    from = plusDateUnits(from, 0n, days);
  }
  return checked(months, days, 0n, until(from, to, 'nanos'));
}

export function durationInMonths(a: Value, b: Value): DurationValue | null {
  const ops = operands('duration.inMonths', a, b);
  return ops && checked(until(ops[0], ops[1], 'months'), 0n, 0n, 0n);
}

export function durationInDays(a: Value, b: Value): DurationValue | null {
  const ops = operands('duration.inDays', a, b);
  return ops && checked(0n, until(ops[0], ops[1], 'days'), 0n, 0n);
}

export function durationInSeconds(a: Value, b: Value): DurationValue | null {
  const ops = operands('duration.inSeconds', a, b);
  return ops && checked(0n, 0n, 0n, until(ops[0], ops[1], 'nanos'));
}

