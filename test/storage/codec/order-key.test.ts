import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeOrderKey,
  encodeOrderKeyTuple,
  ORDER_TAG,
  orderKeyKind,
  prefixEnd,
  rangeBounds,
  typeRangeBounds,
  type OrderKeyKind,
  type RangeOp,
} from '../../../src/storage/codec/order-key.js';
import { compareValues } from '../../../src/values/compare.js';
import type { PropertyValue, StorableScalar, Value } from '../../../src/values/types.js';
import {
  arbFloat,
  arbInt64,
  arbPropertyValue,
  arbString,
  FLOAT_EDGES,
  INT_EDGES,
  NUM_RUNS,
  scalarArbitraries,
} from '../../support/arbitraries.js';
import { show } from '../../support/same-value.js';

const runs = { numRuns: NUM_RUNS };
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
type Key = PropertyValue | null;

function expectAgreement(a: Key, b: Key): void {
  const byKey = sign(Buffer.compare(encodeOrderKey(a), encodeOrderKey(b)));
  const byValue = sign(compareValues(a as Value, b as Value));
  expect(byKey, `${show(a as Value)} vs ${show(b as Value)}: keys ${encodeOrderKey(a).toString('hex')} / ${encodeOrderKey(b).toString('hex')}`).toBe(byValue);
}

const arbNumber = fc.oneof(arbInt64, arbFloat) as fc.Arbitrary<PropertyValue>;
const arbKey: fc.Arbitrary<Key> = fc.oneof({ weight: 8, arbitrary: arbPropertyValue }, { weight: 1, arbitrary: fc.constant(null) });

/** Pairs of one kind, where ordering is decided inside the encoding rather than by the tag. */
const arbSameKindPair: fc.Arbitrary<[PropertyValue, PropertyValue]> = fc.oneof(
  fc.tuple(arbNumber, arbNumber),
  ...Object.values(scalarArbitraries as Record<string, fc.Arbitrary<StorableScalar>>).map((a) => fc.tuple(a, a)),
  ...Object.values(scalarArbitraries as Record<string, fc.Arbitrary<StorableScalar>>).map((a) =>
    fc.tuple(fc.array(a, { maxLength: 3 }), fc.array(a, { maxLength: 3 })),
  ),
  fc.tuple(fc.array(arbNumber, { maxLength: 3 }), fc.array(arbNumber, { maxLength: 3 })) as fc.Arbitrary<[PropertyValue, PropertyValue]>,
);

describe('order keys agree with compareValues', () => {
  it('for pairs of one kind', () => {
    fc.assert(fc.property(arbSameKindPair, ([a, b]) => expectAgreement(a, b)), { numRuns: NUM_RUNS * 3 });
  });

  it('for pairs of any kinds, null included', () => {
    fc.assert(fc.property(arbKey, arbKey, expectAgreement), runs);
  });

  it('on every int64/float edge pair', () => {
    const edges: PropertyValue[] = [...INT_EDGES, ...FLOAT_EDGES];
    for (const a of edges) for (const b of edges) expectAgreement(a, b);
  });

  it('sorting by key bytes equals sorting by the comparator', () => {
    fc.assert(
      fc.property(fc.array(arbKey, { maxLength: 12 }), (vs) => {
        const byKey = vs.map((v) => ({ v, k: encodeOrderKey(v) })).sort((x, y) => Buffer.compare(x.k, y.k));
        for (let i = 0; i + 1 < byKey.length; i++) {
          const c = compareValues(byKey[i]!.v as Value, byKey[i + 1]!.v as Value);
          expect(c).toBeLessThanOrEqual(0);
          expect(c === 0).toBe(byKey[i]!.k.equals(byKey[i + 1]!.k));
        }
      }),
      runs,
    );
  });

  it('gives equivalent values the same key: 1 ~ 1.0, -0.0 ~ 0.0, every NaN', () => {
    expect(encodeOrderKey(1n).equals(encodeOrderKey(1))).toBe(true);
    expect(encodeOrderKey(2n ** 53n).equals(encodeOrderKey(2 ** 53))).toBe(true);
    expect(encodeOrderKey(-(2n ** 63n)).equals(encodeOrderKey(-(2 ** 63)))).toBe(true);
    expect(encodeOrderKey(-0).equals(encodeOrderKey(0))).toBe(true);
    const otherNaN = new Float64Array(new BigUint64Array([0xfff8_0000_0000_0001n]).buffer)[0]!;
    expect(Number.isNaN(otherNaN)).toBe(true);
    expect(encodeOrderKey(otherNaN).equals(encodeOrderKey(Number.NaN))).toBe(true);
    expect(Buffer.compare(encodeOrderKey(Number.NaN), encodeOrderKey(Infinity))).toBeGreaterThan(0);
    expect(Buffer.compare(encodeOrderKey(2n ** 53n + 1n), encodeOrderKey(2 ** 53))).toBeGreaterThan(0);
    expect(Buffer.compare(encodeOrderKey(2n ** 63n - 1n), encodeOrderKey(2 ** 63))).toBeLessThan(0);
  });
});

describe('self-delimitation and tuples', () => {
  it('no key is a proper prefix of another', () => {
    fc.assert(
      fc.property(arbKey, arbKey, (a, b) => {
        const ka = encodeOrderKey(a);
        const kb = encodeOrderKey(b);
        if (ka.length < kb.length) expect(kb.subarray(0, ka.length).equals(ka)).toBe(false);
        if (kb.length < ka.length) expect(ka.subarray(0, kb.length).equals(kb)).toBe(false);
      }),
      runs,
    );
  });

  it('tuples order lexicographically by the comparator', () => {
    const arbTuple = fc.array(arbKey, { minLength: 0, maxLength: 3 });
    fc.assert(
      fc.property(arbTuple, arbTuple, (a, b) => {
        let expected = 0;
        for (let i = 0; i < Math.min(a.length, b.length) && expected === 0; i++) {
          expected = sign(compareValues(a[i] as Value, b[i] as Value));
        }
        if (expected === 0) expected = sign(a.length - b.length);
        expect(sign(Buffer.compare(encodeOrderKeyTuple(a), encodeOrderKeyTuple(b)))).toBe(expected);
      }),
      runs,
    );
  });

  it('a tuple prefix is a byte prefix that sorts first', () => {
    fc.assert(
      fc.property(arbString, arbKey, (s, x) => {
        const short = encodeOrderKeyTuple([s]);
        const long = encodeOrderKeyTuple([s, x]);
        expect(long.subarray(0, short.length).equals(short)).toBe(true);
        expect(Buffer.compare(short, long)).toBeLessThan(0);
        expect(Buffer.compare(long, prefixEnd(short))).toBeLessThan(0);
      }),
      runs,
    );
    expect(Buffer.compare(encodeOrderKeyTuple(['a']), encodeOrderKeyTuple(['a', null]))).toBeLessThan(0);
    expect(Buffer.compare(encodeOrderKeyTuple(['a', 'z']), encodeOrderKeyTuple(['a\u0000']))).toBeLessThan(0);
  });
});

describe('range helpers', () => {
  it('prefixEnd is the least key above every key with the prefix', () => {
    fc.assert(
      fc.property(arbKey, arbKey, fc.uint8Array({ maxLength: 8 }), (a, b, suffix) => {
        const ka = encodeOrderKey(a);
        const end = prefixEnd(ka);
        expect(Buffer.compare(Buffer.concat([ka, suffix]), end)).toBeLessThan(0);
        const kb = encodeOrderKey(b);
        if (Buffer.compare(kb, ka) > 0) expect(Buffer.compare(kb, end)).toBeGreaterThanOrEqual(0);
      }),
      runs,
    );
    expect([...prefixEnd(Uint8Array.of(1, 0xff, 0xff))]).toEqual([2]);
    expect(() => prefixEnd(Uint8Array.of(0xff))).toThrow();
  });

  it('each value lies in its own type region only; numbers share one region', () => {
    const kinds = Object.keys(ORDER_TAG).filter((k) => k !== 'listEnd') as OrderKeyKind[];
    const inRange = (k: Buffer, [gte, lt]: readonly [Buffer, Buffer]): boolean =>
      Buffer.compare(k, gte) >= 0 && Buffer.compare(k, lt) < 0;
    fc.assert(
      fc.property(arbKey, (v) => {
        const k = encodeOrderKey(v);
        for (const kind of kinds) expect(inRange(k, typeRangeBounds(kind))).toBe(kind === orderKeyKind(v));
      }),
      runs,
    );
    expect(orderKeyKind(3n)).toBe('number');
    expect(orderKeyKind(3.5)).toBe('number');
    const comparable = typeRangeBounds('number', { comparableOnly: true });
    expect(inRange(encodeOrderKey(Number.NaN), comparable)).toBe(false);
    expect(inRange(encodeOrderKey(Infinity), comparable)).toBe(true);
    expect(inRange(encodeOrderKey(Number.NaN), typeRangeBounds('number'))).toBe(true);
  });

  it('rangeBounds selects exactly the index entries satisfying the predicate', () => {
    const ops: RangeOp[] = ['<', '<=', '>', '>='];
    const holds = (op: RangeOp, c: number): boolean =>
      op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    const entityId = Buffer.from([0, 0, 0, 0, 0, 0, 0, 7]);
    fc.assert(
      fc.property(arbSameKindPair, fc.constantFrom(...ops), fc.option(arbString, { nil: undefined }), ([x, v], op, lead) => {
        const prefix = lead === undefined ? Buffer.alloc(0) : encodeOrderKeyTuple([lead]);
        const [gte, lt] = rangeBounds(op, v, prefix);
        const entry = Buffer.concat([prefix, encodeOrderKey(x), entityId]);
        const selected = Buffer.compare(entry, gte) >= 0 && Buffer.compare(entry, lt) < 0;
        const isNaN = (y: PropertyValue): boolean => typeof y === 'number' && Number.isNaN(y);
        const expected = !isNaN(x) && !isNaN(v) && holds(op, compareValues(x as Value, v as Value));
        expect(selected, `${show(x as Value)} ${op} ${show(v as Value)}`).toBe(expected);
      }),
      runs,
    );
  });
});
