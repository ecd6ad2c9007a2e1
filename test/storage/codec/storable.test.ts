import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuiverError, type QuiverError } from '../../../src/errors.js';
import { toPropertyValue } from '../../../src/storage/codec/property-codec.js';
import {
  DurationValue,
  INT64_MAX,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  SRID,
  type Value,
} from '../../../src/values/types.js';
import { arbStorableProperty, NUM_RUNS } from '../../support/arbitraries.js';
import { sameValue } from '../../support/same-value.js';

function refusal(v: Value, key = 'prop'): QuiverError {
  try {
    toPropertyValue(v, key);
  } catch (e) {
    if (isQuiverError(e, 'PropertyValueNotStorable')) return e;
    throw e;
  }
  throw new Error('expected PropertyValueNotStorable');
}

const node = new NodeValue(1n, '4:x:1', ['A'], new Map());
const rel = new RelationshipValue(2n, '5:x:2', 'T', 1n, '4:x:1', 1n, '4:x:1', new Map());

describe('toPropertyValue', () => {
  it('accepts every storable value unchanged', () => {
    fc.assert(
      fc.property(arbStorableProperty, (v) => {
        expect(sameValue(toPropertyValue(v as Value, 'k') as Value, v as Value)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
    expect(toPropertyValue([], 'k')).toEqual([]);
  });

  const cases: [string, Value, RegExp, RegExp][] = [
    ['null', null, /NULL/, /null removes it/],
    ['a map', new Map([['a', 1n]]), /type MAP/, /primitive types or arrays thereof/],
    ['a node', node, /type NODE/, /primitive types or arrays thereof/],
    ['a relationship', rel, /type RELATIONSHIP/, /primitive types or arrays thereof/],
    ['a path', new PathValue([node], []), /type PATH/, /primitive types or arrays thereof/],
    ['a list containing null', [1n, null], /LIST containing NULL/, /null values can not be stored/],
    ['a nested list', [[1n], [2n]], /LIST containing LIST/, /collections can not be stored/],
    ['a list of byte arrays', [Uint8Array.of(1)], /LIST containing BYTES/, /collections can not be stored/],
    ['a list mixing types', [1n, 'a'], /LIST containing INTEGER and STRING/, /mixed types/],
    ['a list mixing booleans and strings', ['a', true], /LIST containing STRING and BOOLEAN/, /mixed types/],
    ['a list of maps', [new Map()], /LIST containing MAP/, /primitive types/],
    ['a list of nodes', [node], /LIST containing NODE/, /primitive types/],
    [
      'points of different CRS',
      [new PointValue(SRID.cartesian, 1, 2), new PointValue(SRID.wgs84, 1, 2)],
      /POINT values with SRIDs 7203 and 4326/,
      /different CRS/,
    ],
    [
      'points of different dimensions',
      [new PointValue(SRID.cartesian, 1, 2), new PointValue(SRID.cartesian, 1, 2, 3)],
      /2D and 3D POINT/,
      /different dimensions/,
    ],
    ['an integer beyond int64', INT64_MAX + 1n, /type INTEGER/, /64 bits/],
    ['a duration beyond int64', new DurationValue(INT64_MAX + 1n, 0n, 0n, 0), /type DURATION/, /64 bits/],
  ];

  for (const [what, value, typePattern, reasonPattern] of cases) {
    it(`refuses ${what}, naming the key and the type`, () => {
      const e = refusal(value, 'myKey');
      expect(e.code).toBe('Neo.ClientError.Statement.TypeError');
      expect(e.message).toMatch(/'myKey'/);
      expect(e.message).toMatch(typePattern);
      expect(e.message).toMatch(reasonPattern);
    });
  }

  it('coerces an INTEGER/FLOAT mix to FLOATs, as Neo4j 5 does', () => {
    const v = toPropertyValue([1n, 2.5, -3n], 'k');
    expect(v).toEqual([1, 2.5, -3]);
    expect((v as number[]).every((x) => typeof x === 'number')).toBe(true);
    expect(toPropertyValue([1n, 2n], 'k')).toEqual([1n, 2n]);
  });
});
