// The four ways Cypher names a day (calendar, ISO week, ordinal, quarter), shared by string
// parsing, map construction and truncation. All arithmetic is Temporal's; this file only validates
// fields and picks the anchor day of each form.
import { guardRange, invalidValue, Temporal } from './common.js';

function checkRange(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw invalidValue(`Invalid value for ${name} (valid values ${min} - ${max}): ${v}`);
  }
}

/** Temporal's representable years; Neo4j's +-999,999,999 do not fit (see types.ts). */
export function checkYear(year: number): void {
  checkRange('Year', year, -271_821, 275_760);
}

export function calendarDate(year: number, month: number, day: number): Temporal.PlainDate {
  checkYear(year);
  checkRange('MonthOfYear', month, 1, 12);
  const ym = guardRange('Invalid date', () => new Temporal.PlainYearMonth(year, month));
  checkRange('DayOfMonth', day, 1, ym.daysInMonth);
  return guardRange('Invalid date', () => new Temporal.PlainDate(year, month, day));
}

/** Monday of ISO week 1 of a week-based year: the Monday of the week holding January 4th. */
export function weekYearStart(weekYear: number): Temporal.PlainDate {
  checkYear(weekYear);
  const jan4 = guardRange('Invalid date', () => new Temporal.PlainDate(weekYear, 1, 4));
  return jan4.subtract({ days: jan4.dayOfWeek - 1 });
}

export function weeksInWeekYear(weekYear: number): number {
  return guardRange('Invalid date', () => new Temporal.PlainDate(weekYear, 12, 28).weekOfYear!);
}

export function weekDate(weekYear: number, week: number, dayOfWeek: number): Temporal.PlainDate {
  checkYear(weekYear);
  checkRange('WeekOfWeekBasedYear', week, 1, weeksInWeekYear(weekYear));
  checkRange('DayOfWeek', dayOfWeek, 1, 7);
  return guardRange('Invalid date', () => weekYearStart(weekYear).add({ days: (week - 1) * 7 + dayOfWeek - 1 }));
}

export function ordinalDate(year: number, dayOfYear: number): Temporal.PlainDate {
  checkYear(year);
  const jan1 = guardRange('Invalid date', () => new Temporal.PlainDate(year, 1, 1));
  checkRange('DayOfYear', dayOfYear, 1, jan1.daysInYear);
  return guardRange('Invalid date', () => jan1.add({ days: dayOfYear - 1 }));
}

export function quarterStart(year: number, quarter: number): Temporal.PlainDate {
  checkYear(year);
  checkRange('QuarterOfYear', quarter, 1, 4);
  return guardRange('Invalid date', () => new Temporal.PlainDate(year, (quarter - 1) * 3 + 1, 1));
}

export function quarterDate(year: number, quarter: number, dayOfQuarter: number): Temporal.PlainDate {
  const start = quarterStart(year, quarter);
  const days = start.until(start.add({ months: 3 }), { largestUnit: 'days' }).days;
  checkRange('DayOfQuarter', dayOfQuarter, 1, days);
  return start.add({ days: dayOfQuarter - 1 });
}

export function quarterOf(d: Temporal.PlainDate): number {
  return Math.floor((d.month - 1) / 3) + 1;
}

export function dayOfQuarter(d: Temporal.PlainDate): number {
  return quarterStart(d.year, quarterOf(d)).until(d, { largestUnit: 'days' }).days + 1;
}

/** The same week and weekday in another week-based year (week clamped, as java.time does). */
export function withWeekYear(d: Temporal.PlainDate, weekYear: number): Temporal.PlainDate {
  const week = Math.min(d.weekOfYear!, weeksInWeekYear(weekYear));
  return weekDate(weekYear, week, d.dayOfWeek);
}

export function withWeek(d: Temporal.PlainDate, week: number): Temporal.PlainDate {
  return weekDate(d.yearOfWeek!, week, d.dayOfWeek);
}

export function withDayOfWeek(d: Temporal.PlainDate, dayOfWeek: number): Temporal.PlainDate {
  checkRange('DayOfWeek', dayOfWeek, 1, 7);
  return d.add({ days: dayOfWeek - d.dayOfWeek });
}

/** Shifts the month by whole quarters, keeping the day of month (clamped), as java.time does. */
export function withQuarter(d: Temporal.PlainDate, quarter: number): Temporal.PlainDate {
  checkRange('QuarterOfYear', quarter, 1, 4);
  return d.with({ month: d.month + (quarter - quarterOf(d)) * 3 }, { overflow: 'constrain' });
}

export function withYear(d: Temporal.PlainDate, year: number): Temporal.PlainDate {
  checkYear(year);
  return d.with({ year }, { overflow: 'constrain' });
}

export function withMonth(d: Temporal.PlainDate, month: number): Temporal.PlainDate {
  checkRange('MonthOfYear', month, 1, 12);
  return d.with({ month }, { overflow: 'constrain' });
}

export function withDay(d: Temporal.PlainDate, day: number): Temporal.PlainDate {
  checkRange('DayOfMonth', day, 1, d.daysInMonth);
  return d.with({ day });
}

export function withOrdinalDay(d: Temporal.PlainDate, dayOfYear: number): Temporal.PlainDate {
  return ordinalDate(d.year, dayOfYear);
}

export function withDayOfQuarter(d: Temporal.PlainDate, doq: number): Temporal.PlainDate {
  return quarterDate(d.year, quarterOf(d), doq);
}

export function checkTimeFields(hour: number, minute: number, second: number): void {
  checkRange('HourOfDay', hour, 0, 23);
  checkRange('MinuteOfHour', minute, 0, 59);
  checkRange('SecondOfMinute', second, 0, 59);
}

export { checkRange };
