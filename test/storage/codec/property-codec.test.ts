import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuiverError } from '../../../src/errors.js';
import { ByteReader, ByteWriter } from '../../../src/storage/codec/bytes.js';
import {
  decodeProperty,
  encodeProperty,
  readProperty,
  writeProperty,
} from '../../../src/storage/codec/property-codec.js';
import {
  DateTimeValue,
  DurationValue,
  INT64_MAX,
  INT64_MIN,
  LocalTimeValue,
  PointValue,
  SRID,
  Temporal,
  type PropertyValue,
  type Value,
} from '../../../src/values/types.js';
import { arbPropertyValue, arbStorableScalar, INT_EDGES, FLOAT_EDGES, NUM_RUNS } from '../../support/arbitraries.js';
import { sameValue, show } from '../../support/same-value.js';

const runs = { numRuns: NUM_RUNS };

function roundTrip(v: PropertyValue): PropertyValue {
  return decodeProperty(encodeProperty(v));
}

describe('property codec', () => {
  it('round-trips every property value exactly', () => {
    fc.assert(
      fc.property(arbPropertyValue, (v) => {
        const back = roundTrip(v);
        expect(sameValue(back as Value, v as Value), `${show(v as Value)} -> ${show(back as Value)}`).toBe(true);
      }),
      runs,
    );
  });

  it('reads values back to back from one buffer', () => {
    fc.assert(
      fc.property(fc.array(arbPropertyValue, { maxLength: 6 }), (vs) => {
        const w = new ByteWriter();
        for (const v of vs) writeProperty(w, v);
        const r = new ByteReader(w.finish());
        for (const v of vs) expect(sameValue(readProperty(r) as Value, v as Value)).toBe(true);
        r.expectEnd();
      }),
      runs,
    );
  });

  it('keeps integers exact over the whole int64 range and floats bit-exact', () => {
    for (const i of INT_EDGES) expect(roundTrip(i)).toBe(i);
    for (const f of FLOAT_EDGES) expect(Object.is(roundTrip(f), f)).toBe(true);
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(typeof roundTrip(1)).toBe('number'); // 1.0 stays a FLOAT
    expect(typeof roundTrip(1n)).toBe('bigint');
  });

  it('encodes small integers in one or two bytes', () => {
    for (let i = -64n; i <= 63n; i++) expect(encodeProperty(i).length).toBe(1);
    expect(encodeProperty(64n).length).toBe(2);
    expect(encodeProperty(-65n).length).toBe(2);
    expect(encodeProperty(8191n).length).toBe(2);
    expect(encodeProperty(-8192n).length).toBe(2);
    expect(encodeProperty(8192n).length).toBe(4);
    for (let i = -8200n; i <= 8200n; i++) expect(roundTrip(i)).toBe(i);
    expect(encodeProperty(INT64_MAX).length).toBe(11);
    expect(encodeProperty(INT64_MIN).length).toBe(11);
    expect(encodeProperty(true).length).toBe(1);
    expect(encodeProperty([1n, 2n, 3n]).length).toBe(6);
  });

  it('keeps the zone of datetimes: named vs offset, id spelling, historical offsets', () => {
    const cases = [
      new DateTimeValue(new Temporal.ZonedDateTime(0n, 'UTC'), false),
      new DateTimeValue(new Temporal.ZonedDateTime(0n, 'UTC'), true),
      new DateTimeValue(new Temporal.ZonedDateTime(0n, '+00:00'), false),
      new DateTimeValue(new Temporal.ZonedDateTime(1n, '-18:00'), false),
      new DateTimeValue(new Temporal.ZonedDateTime(-5_000_000_000_000_000_000n, 'Europe/Amsterdam'), true),
      new DateTimeValue(new Temporal.ZonedDateTime(123_456_789n, 'Etc/UTC'), true),
    ];
    for (const v of cases) {
      const back = roundTrip(v) as DateTimeValue;
      expect(sameValue(back, v), `${show(v)} -> ${show(back)}`).toBe(true);
    }
  });

  it('normalises duration nanos and keeps durations component-wise', () => {
    const d = roundTrip(new DurationValue(14n, -3n, 7n, -1)) as DurationValue;
    expect([d.months, d.days, d.seconds, d.nanoseconds]).toEqual([14n, -3n, 6n, 999_999_999]);
  });

  it('keeps 2D and 3D points with NaN and -0.0 coordinates', () => {
    const p = roundTrip(new PointValue(SRID.cartesian3d, -0, Number.NaN, Infinity)) as PointValue;
    expect(Object.is(p.x, -0) && Number.isNaN(p.y) && p.z === Infinity).toBe(true);
    expect((roundTrip(new PointValue(SRID.wgs84, 1, 2)) as PointValue).z).toBeUndefined();
  });

  it('decodes truncated encodings to CorruptRecord only', () => {
    fc.assert(
      fc.property(arbPropertyValue, (v) => {
        const buf = encodeProperty(v);
        for (let n = 0; n < buf.length; n++) {
          try {
            decodeProperty(buf.subarray(0, n));
            throw new Error(`prefix ${n} of ${show(v as Value)} decoded`);
          } catch (e) {
            expect(isQuiverError(e, 'CorruptRecord'), String(e)).toBe(true);
          }
        }
      }),
      runs,
    );
  });

  it('decodes random bytes to a value or CorruptRecord, never another error', () => {
    const arbTagged = fc.tuple(fc.integer({ min: 0, max: 0x10 }), fc.uint8Array({ maxLength: 30 })).map(([t, rest]) =>
      Uint8Array.from([t, ...rest]),
    );
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 30 }), arbTagged), (bytes) => {
        try {
          decodeProperty(bytes);
        } catch (e) {
          expect(isQuiverError(e, 'CorruptRecord'), String(e)).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS * 10 },
    );
  });

  it('rejects trailing bytes and overlong lists', () => {
    const buf = encodeProperty('x');
    expect(() => decodeProperty(Buffer.concat([buf, Buffer.from([0])]))).toThrow(/trailing/);
    // list of booleans claiming 1000 elements in 2 bytes
    expect(() => decodeProperty(Uint8Array.from([0x0e, 0x01, 0xe8, 0x07, 0, 1]))).toThrow(/Corrupt record/);
  });

  it('refuses to write heterogeneous lists it is handed directly', () => {
    expect(() => encodeProperty([1n, 'a'] as unknown as PropertyValue)).toThrow(/mixed types/);
    expect(() => encodeProperty([1n, 2.5] as unknown as PropertyValue)).toThrow(/mixed types/);
  });

  it('encodes a scalar in the same bytes whether alone or not', () => {
    fc.assert(
      fc.property(arbStorableScalar, (v) => {
        expect(encodeProperty(v).equals(encodeProperty(v))).toBe(true);
      }),
      { numRuns: 50 },
    );
    expect(sameValue(roundTrip(new LocalTimeValue(new Temporal.PlainTime(23, 59, 59, 999, 999, 999))) as Value, new LocalTimeValue(new Temporal.PlainTime(23, 59, 59, 999, 999, 999)))).toBe(true);
  });
});
