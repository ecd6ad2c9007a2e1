// Temporal arithmetic for the expression evaluator: instant ± duration, duration ± duration,
// duration * number, duration / number, with Neo4j's rules (DurationValue.addTo/subtractFrom):
// months first (day of month clamped), then days, then seconds and nanoseconds as exact time.
// A DATE takes only the whole days of the seconds part (truncated toward zero); a time of day
// ignores months and days and wraps around midnight. Multiplying by a FLOAT or dividing spreads
// fractions downwards (a fraction of a month becomes days at 30.436875 days, and so on).
import { cypherError } from '../../../errors.js';
import type { TemporalValue, Value } from '../../../values/types.js';
import {
  DateTimeValue,
  DateValue,
  describe,
  DurationValue,
  guardRange,
  isTemporal,
  LocalDateTimeValue,
  LocalTimeValue,
  nanosOfDayN,
  NANOS_PER_SECOND_N,
  timeFromNanosOfDay,
  TimeValue,
  zonedFromInstant,
  zonedFromLocal,
  zonePart,
} from './common.js';
import { approximate, checked } from './duration-build.js';

/**
 * Applies `op` when an operand is temporal; `undefined` when neither is (so the caller falls back
 * to numeric/string/list semantics). Null with a temporal operand gives null; unsupported mixes
 * (date + date, duration - date, duration * duration, ...) raise a TypeError.
 *
 * @example temporalArithmetic('+', date('1984-10-11'), duration('P1M')) // date('1984-11-11')
 */
export function temporalArithmetic(op: '+' | '-' | '*' | '/', a: Value, b: Value): Value | undefined {
  const ta = isTemporal(a);
  const tb = isTemporal(b);
  if (!ta && !tb) return undefined;
  if (a === null || b === null) return null;
  const da = ta && (a as TemporalValue).kind === 'Duration' ? (a as DurationValue) : undefined;
  const db = tb && (b as TemporalValue).kind === 'Duration' ? (b as DurationValue) : undefined;
  switch (op) {
    case '+':
      if (da && db) return checked(da.months + db.months, da.days + db.days, da.seconds + db.seconds, BigInt(da.nanoseconds + db.nanoseconds));
      if (ta && db) return addDuration(a as TemporalValue, db, 1n);
      if (da && tb) return addDuration(b as TemporalValue, da, 1n);
      break;
    case '-':
      if (da && db) return checked(da.months - db.months, da.days - db.days, da.seconds - db.seconds, BigInt(da.nanoseconds - db.nanoseconds));
      if (ta && !da && db) return addDuration(a as TemporalValue, db, -1n);
      break;
    case '*':
      if (da && isNumber(b)) return multiply(da, b);
      if (db && isNumber(a)) return multiply(db, a);
      break;
    case '/':
      if (da && isNumber(b)) return divide(da, b);
      break;
  }
  throw cypherError('TypeError', 'InvalidArgumentType', `Type mismatch: cannot compute ${describe(a)} ${op} ${describe(b)}`);
}

function isNumber(v: Value): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

function multiply(d: DurationValue, factor: number | bigint): DurationValue {
  if (typeof factor === 'bigint') {
    return checked(d.months * factor, d.days * factor, d.seconds * factor, BigInt(d.nanoseconds) * factor);
  }
  return approximate(Number(d.months) * factor, Number(d.days) * factor, Number(d.seconds) * factor, d.nanoseconds * factor);
}

function divide(d: DurationValue, divisor: number | bigint): DurationValue {
  const x = Number(divisor);
  if (x === 0) throw cypherError('ArithmeticError', 'DivisionByZero', '/ by zero');
  return approximate(Number(d.months) / x, Number(d.days) / x, Number(d.seconds) / x, d.nanoseconds / x);
}

/** `v + sign * d`, component by component as Neo4j's DurationValue.addTo/subtractFrom. */
export function addDuration(v: TemporalValue, d: DurationValue, sign: 1n | -1n): TemporalValue {
  const months = Number(d.months * sign);
  const days = Number(d.days * sign);
  const exactNs = (d.seconds * NANOS_PER_SECOND_N + BigInt(d.nanoseconds)) * sign;
  return guardRange('Temporal arithmetic out of range', () => {
    switch (v.kind) {
      case 'Date': {
        // Only whole days of the seconds part, truncated toward zero; nanoseconds are ignored.
        const extraDays = Number((d.seconds * sign) / 86_400n);
        return new DateValue(v.date.add({ months }).add({ days }).add({ days: extraDays }));
      }
      case 'LocalTime':
        return new LocalTimeValue(timeFromNanosOfDay(nanosOfDayN(v.time) + exactNs));
      case 'Time':
        return new TimeValue(timeFromNanosOfDay(nanosOfDayN(v.time) + exactNs), v.offsetSeconds);
      case 'LocalDateTime':
        return new LocalDateTimeValue(v.dateTime.add({ months }).add({ days }).add({ nanoseconds: Number(exactNs) }));
      case 'DateTime': {
        const zone = zonePart(v)!;
        let z: DateTimeValue = v;
        if (months !== 0) z = zonedFromLocal(z.zoned.toPlainDateTime().add({ months }), zone, z.zoned.offsetNanoseconds);
        if (days !== 0) z = zonedFromLocal(z.zoned.toPlainDateTime().add({ days }), zone, z.zoned.offsetNanoseconds);
        return exactNs === 0n ? z : zonedFromInstant(z.zoned.epochNanoseconds + exactNs, zone);
      }
      case 'Duration':
        throw cypherError('TypeError', 'InvalidArgumentType', 'Cannot add a duration to a duration here');
    }
  });
}
