// Behaviour beyond the kit's value tables: errors, null handling, clocks and zones, point
// construction and distances. Data-driven where the case is an expression and its printed value.
import { describe, expect, it } from 'vitest';
import { isQuiverError } from '../../../src/errors.js';
import { lookupScalar } from '../../../src/runtime/functions/registry.js';
import { displayString, evaluate, KIT_CONTEXT } from './kit-literals.js';
import type { Value } from '../../../src/values/types.js';

const show = (v: Value): string => (v === null ? 'null' : displayString(v));

describe('printed values', () => {
  const cases: [string, string][] = [
    // Clocks: statement instant 2024-05-06T07:08:09.123456789Z, session zone UTC.
    ['date()', '2024-05-06'],
    ['datetime()', '2024-05-06T07:08:09.123456789Z'],
    ["datetime({timezone: 'Europe/Stockholm'})", '2024-05-06T09:08:09.123456789+02:00[Europe/Stockholm]'],
    ["time.statement('+05:00')", '12:08:09.123456789+05:00'],
    ["localtime.transaction({timezone: '-01:00'})", '06:08:09.123456789'],
    ['datetime.statement()', '2024-05-06T07:08:09.123456789Z'],
    // Zones: a named UTC keeps its name; years outside 0000..9999 carry a sign.
    ["datetime({year: 2020, timezone: 'UTC'})", '2020-01-01T00:00Z[UTC]'],
    ["datetime('2015-01-21T21:40:32.142[Europe/London]')", '2015-01-21T21:40:32.142Z[Europe/London]'],
    ["date('+12345-01-02')", '+12345-01-02'],
    ["date('-0001-01-01')", '-0001-01-01'],
    ["date('2015-Q2-45')", '2015-05-15'],
    ["datetime('2015-07-21')", '2015-07-21T00:00Z'],
    ["localtime('12:00:00.5')", '12:00:00.500'],
    ["localtime('12:00:00,25')", '12:00:00.250'],
    // Epoch forms.
    ['datetime({epochSeconds: 1, nanosecond: 5})', '1970-01-01T00:00:01.000000005Z'],
    ["datetime({epochMillis: 1500, timezone: '+01:00'})", '1970-01-01T01:00:01.500+01:00'],
    ['datetime.fromepochmillis(-1)', '1969-12-31T23:59:59.999Z'],
    // DST: gaps move forward, overlaps take the earlier offset.
    ["datetime({year: 2021, month: 3, day: 28, hour: 2, minute: 30, timezone: 'Europe/Stockholm'})", '2021-03-28T03:30+02:00[Europe/Stockholm]'],
    ["datetime({year: 2021, month: 10, day: 31, hour: 2, minute: 30, timezone: 'Europe/Stockholm'})", '2021-10-31T02:30+02:00[Europe/Stockholm]'],
    ["datetime('2021-10-31T02:30+01:00[Europe/Stockholm]')", '2021-10-31T02:30+01:00[Europe/Stockholm]'],
    // Month arithmetic clamps the day; a date ignores sub-day parts.
    ["date('2020-01-31') + duration('P1M')", '2020-02-29'],
    ["date('2020-03-01') - duration('PT23H')", '2020-03-01'],
    ["date('2020-03-01') - duration('PT25H')", '2020-02-29'],
    ["localtime('23:00') + duration('PT2H')", '01:00'],
    ["datetime('2021-03-27T12:00[Europe/Stockholm]') + duration('P1D')", '2021-03-28T12:00+02:00[Europe/Stockholm]'],
    ["datetime('2021-03-27T12:00[Europe/Stockholm]') + duration('PT24H')", '2021-03-28T13:00+02:00[Europe/Stockholm]'],
    ["-duration('P1M2DT3.5S')", 'P-1M-2DT-3.500000000S'.replace('.500000000', '.5')],
    ["duration('-P1Y2M')", 'P-1Y-2M'],
    ["duration('PT-0.5S')", 'PT-0.5S'],
    ["duration({quarters: 1, weeks: 1})", 'P3M7D'],
    ["duration('P1Y') * 1.5", 'P1Y6M'],
    ["duration('P1D') / 3", 'PT8H'],
    ["duration.between(date('2020-01-31'), date('2020-02-29'))", 'P29D'],
    ["duration.between(datetime('2021-03-28T00:00[Europe/Stockholm]'), datetime('2021-03-29T00:00[Europe/Stockholm]'))", 'P1D'],
    ["duration.inSeconds(datetime('2021-03-28T00:00[Europe/Stockholm]'), datetime('2021-03-29T00:00[Europe/Stockholm]'))", 'PT23H'],
    // Accessors beyond the kit.
    ["datetime('2015-07-21T21:40:32.142+01:00').epochMillis", '1437511232142'],
    ["time('12:00-05:30').offsetMinutes", '-330'],
    ["time('12:00Z').timezone", 'Z'],
    ["date('2015-07-21').dayOfWeek", '2'],
    // Points.
    ['point({x: 1, y: 2})', "point({x: 1.0, y: 2.0, crs: 'cartesian'})"],
    ['point({x: 1, y: 2, z: 3})', "point({x: 1.0, y: 2.0, z: 3.0, crs: 'cartesian-3d'})"],
    ['point({longitude: 12.5, latitude: 56})', "point({x: 12.5, y: 56.0, crs: 'wgs-84'})"],
    ["point({x: 12.5, y: 56, crs: 'WGS-84'})", "point({x: 12.5, y: 56.0, crs: 'wgs-84'})"],
    ['point({x: 1, y: 2, srid: 4979, z: 7})', "point({x: 1.0, y: 2.0, z: 7.0, crs: 'wgs-84-3d'})"],
    ['point({x: 1, y: null})', 'null'],
    ['point(null)', 'null'],
    ['point({longitude: 12.5, latitude: 56}).latitude', '56'],
    ['point({longitude: 12.5, latitude: 56, height: 3}).height', '3'],
    ["point({x: 1, y: 2}).crs", 'cartesian'],
    ['point({x: 1, y: 2}).srid', '7203'],
    ['point.distance(point({x: 0, y: 0}), point({x: 3, y: 4}))', '5'],
    ['distance(point({x: 0, y: 0, z: 0}), point({x: 2, y: 3, z: 6}))', '7'],
    ['point.distance(point({x: 0, y: 0}), point({longitude: 0, latitude: 0}))', 'null'],
    ['point.distance(null, point({x: 0, y: 0}))', 'null'],
    ['point.withinBBox(point({x: 1, y: 1}), point({x: 0, y: 0}), point({x: 2, y: 2}))', 'true'],
    ['point.withinBBox(point({x: 3, y: 1}), point({x: 0, y: 0}), point({x: 2, y: 2}))', 'false'],
    ['point.withinBBox(point({longitude: 179, latitude: 1}), point({longitude: 170, latitude: 0}), point({longitude: -170, latitude: 2}))', 'true'],
    ['point.withinBBox(point({x: 1, y: 1}), point({longitude: 0, latitude: 0}), point({x: 2, y: 2}))', 'null'],
  ];
  for (const [expr, want] of cases) it(expr, () => expect(show(evaluate(expr))).toBe(want));
});

describe('geographic distance', () => {
  it('uses the haversine formula on a sphere of radius 6378140 m', () => {
    const pole = evaluate('point.distance(point({longitude: 0, latitude: 90}), point({longitude: 0, latitude: -90}))') as number;
    expect(pole).toBeCloseTo(Math.PI * 6_378_140, 3);
    const up = evaluate('point.distance(point({longitude: 0, latitude: 0, height: 0}), point({longitude: 0, latitude: 0, height: 100}))');
    expect(up).toBeCloseTo(100, 9);
    const quarter = evaluate('point.distance(point({longitude: 0, latitude: 0}), point({longitude: 90, latitude: 0}))') as number;
    expect(quarter).toBeCloseTo((Math.PI / 2) * 6_378_140, 3);
  });
});

describe('errors', () => {
  const cases: [string, 'ArgumentError' | 'TypeError' | 'ArithmeticError'][] = [
    ["date('2015-13-01')", 'ArgumentError'],
    ["date('2015-02-30')", 'ArgumentError'],
    ["date('not a date')", 'ArgumentError'],
    ["date('2015-W54')", 'ArgumentError'],
    ["localtime('24:00')", 'ArgumentError'],
    ["localtime('12:00+01:00')", 'ArgumentError'],
    ["time('12:00+19:00')", 'ArgumentError'],
    ["datetime('2015-07-21T12:00[Mars/Olympus]')", 'ArgumentError'],
    ["duration('P')", 'ArgumentError'],
    ["duration('PT1.0000000001S')", 'ArgumentError'],
    ['date({year: 2015, month: 2, day: 30})', 'ArgumentError'],
    ['date({year: 2015, mnth: 2})', 'ArgumentError'],
    ['date({month: 2})', 'ArgumentError'],
    ['date({year: 2015, month: 2, week: 3})', 'ArgumentError'],
    ['localtime({minute: 3})', 'ArgumentError'],
    ['localtime({hour: 3, second: 4})', 'ArgumentError'],
    ['localtime({hour: 3, minute: 4, second: 5, millisecond: 1000})', 'ArgumentError'],
    ["date({year: 'x'})", 'TypeError'],
    ['date(1)', 'TypeError'],
    ["date(localtime('12:00'))", 'TypeError'],
    ["duration({years: 'x'})", 'TypeError'],
    ["date.truncate('hour', date('2015-01-01'))", 'ArgumentError'],
    ["date.truncate('fortnight', date('2015-01-01'))", 'ArgumentError'],
    ["localtime.truncate('year', localtime('12:00'))", 'ArgumentError'],
    ["duration.inMonths(localtime('12:00'), localtime('13:00'))", 'ArgumentError'],
    ["duration.between(date('2015-01-01'), 1)", 'TypeError'],
    ["date('2015-01-01') + date('2015-01-01')", 'TypeError'],
    ["duration('P1D') - date('2015-01-01')", 'TypeError'],
    ["duration('P1D') / 0", 'ArithmeticError'],
    ["date('2015-01-01').hour", 'ArgumentError'],
    ['point({x: 1})', 'ArgumentError'],
    ['point({x: 1, latitude: 2})', 'ArgumentError'],
    ['point({longitude: 1, latitude: 91})', 'ArgumentError'],
    ["point({x: 1, y: 2, crs: 'cartesian-3d'})", 'ArgumentError'],
    ["point({x: 1, y: 2, crs: 'mars'})", 'ArgumentError'],
    ["point({x: 1, y: 2, w: 3})", 'ArgumentError'],
    ["point({x: 'a', y: 2})", 'TypeError'],
    ['point({x: 1, y: 2}).latitude', 'ArgumentError'],
  ];
  for (const [expr, kind] of cases) {
    it(`${expr} -> ${kind}`, () => {
      let err: unknown;
      try {
        evaluate(expr);
      } catch (e) {
        err = e;
      }
      expect(isQuiverError(err), String(err)).toBe(true);
      expect((err as { kind: string }).kind).toBe(kind);
    });
  }
});

describe('registry', () => {
  it('registers every function under its lower-case name', () => {
    for (const name of [
      'date', 'date.transaction', 'date.statement', 'date.realtime', 'date.truncate',
      'localtime', 'localtime.truncate', 'time', 'time.realtime', 'localdatetime', 'localdatetime.statement',
      'datetime', 'datetime.truncate', 'datetime.fromepoch', 'datetime.fromepochmillis',
      'duration', 'duration.between', 'duration.inMonths', 'duration.inDays', 'duration.inSeconds',
      'point', 'point.distance', 'distance', 'point.withinBBox',
    ]) {
      expect(lookupScalar(name), name).toBeDefined();
    }
  });
  it('realtime reads the wall clock, not the statement clock', () => {
    const v = lookupScalar('datetime.realtime')!.call([], KIT_CONTEXT);
    expect(show(v).startsWith('2024-05-06T07:08:09.123456789')).toBe(false);
  });
});
