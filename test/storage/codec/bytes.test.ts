import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuiverError } from '../../../src/errors.js';
import { ByteReader, ByteWriter, decodeWtf8 } from '../../../src/storage/codec/bytes.js';
import { INT64_MAX, INT64_MIN } from '../../../src/values/types.js';
import { arbFloat, arbInt64, arbString, NUM_RUNS } from '../../support/arbitraries.js';

const runs = { numRuns: NUM_RUNS };

function expectCorrupt(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(isQuiverError(e, 'CorruptRecord'), String(e)).toBe(true);
    return;
  }
  throw new Error('expected CorruptRecord');
}

describe('ByteWriter / ByteReader', () => {
  it('round-trips every primitive in sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.oneof(fc.integer({ min: 0 }), fc.constantFrom(0, 127, 128, Number.MAX_SAFE_INTEGER)),
        arbInt64,
        fc.maxSafeInteger(),
        arbFloat,
        arbString,
        fc.uint8Array({ maxLength: 40 }),
        (u8, u32, u64, varint, zz, zzn, f, s, bytes) => {
          const w = new ByteWriter(1); // tiny, so growth is exercised
          w.u8(u8).u32(u32).u64(u64).varint(varint).zigzag(zz).zigzagNumber(zzn).f64(f).string(s).lenBytes(bytes);
          const buf = w.finish();
          const r = new ByteReader(buf);
          expect(r.u8()).toBe(u8);
          expect(r.u32()).toBe(u32);
          expect(r.u64()).toBe(u64);
          expect(r.varint()).toBe(varint);
          expect(r.zigzag()).toBe(zz);
          expect(r.zigzagNumber()).toBe(zzn);
          expect(Object.is(r.f64(), f)).toBe(true);
          expect(r.string()).toBe(s);
          expect(Buffer.from(r.lenBytes()).equals(Buffer.from(bytes))).toBe(true);
          r.expectEnd();
        },
      ),
      runs,
    );
  });

  it('zigzag keeps small integers small and covers int64 exactly', () => {
    const size = (v: bigint): number => new ByteWriter().zigzag(v).finish().length;
    expect(size(0n)).toBe(1);
    expect(size(-64n)).toBe(1);
    expect(size(63n)).toBe(1);
    expect(size(64n)).toBe(2);
    expect(size(8191n)).toBe(2);
    expect(size(INT64_MAX)).toBe(10);
    expect(size(INT64_MIN)).toBe(10);
    for (const v of [INT64_MIN, INT64_MAX, 0n, -1n, 2n ** 52n, -(2n ** 52n), 2n ** 53n + 1n]) {
      expect(new ByteReader(new ByteWriter().zigzag(v).finish()).zigzag()).toBe(v);
    }
  });

  it('refuses values it cannot encode', () => {
    const w = new ByteWriter();
    expect(() => w.zigzag(INT64_MAX + 1n)).toThrow();
    expect(() => w.varint(-1)).toThrow();
    expect(() => w.varint(2 ** 53)).toThrow();
    expect(() => w.u64(-1n)).toThrow();
  });

  it('keeps lone surrogates and NUL in strings (WTF-8), and uses plain UTF-8 otherwise', () => {
    for (const s of ['', '\u0000', 'a\u0000b', '\ud800', '\udc00x', '\ud83d\ude00', 'x\ud83d', '\udbff\udfff', 'é€😀']) {
      const buf = new ByteWriter().string(s).finish();
      expect(new ByteReader(buf).string()).toBe(s);
    }
    expect(new ByteWriter().wtf8('é😀').finish().equals(Buffer.from('é😀', 'utf8'))).toBe(true);
    expect([...new ByteWriter().wtf8('\ud800').finish()]).toEqual([0xed, 0xa0, 0x80]);
  });

  it('finish() hands out an independent buffer and resets the writer', () => {
    const w = new ByteWriter();
    const a = w.u8(1).u8(2).finish();
    const b = w.u8(3).finish();
    expect([...a]).toEqual([1, 2]);
    expect([...b]).toEqual([3]);
  });

  it('reports truncation of every prefix as CorruptRecord', () => {
    fc.assert(
      fc.property(arbInt64, arbString, arbFloat, (i, s, f) => {
        const buf = new ByteWriter().zigzag(i).string(s).f64(f).u64(5n).finish();
        for (let n = 0; n < buf.length; n++) {
          const r = new ByteReader(buf.subarray(0, n));
          expectCorrupt(() => {
            r.zigzag();
            r.string();
            r.f64();
            r.u64();
          });
        }
      }),
      runs,
    );
  });

  it('throws only CorruptRecord on random bytes', () => {
    const ops: ((r: ByteReader) => unknown)[] = [
      (r) => r.u8(),
      (r) => r.u32(),
      (r) => r.u64(),
      (r) => r.varint(),
      (r) => r.zigzag(),
      (r) => r.zigzagNumber(),
      (r) => r.f64(),
      (r) => r.string(),
      (r) => r.lenBytes(),
      (r) => r.expectEnd(),
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.array(fc.integer({ min: 0, max: ops.length - 1 }), { maxLength: 8 }), (bytes, seq) => {
        const r = new ByteReader(bytes);
        try {
          for (const k of seq) ops[k]!(r);
        } catch (e) {
          expect(isQuiverError(e, 'CorruptRecord'), String(e)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('rejects malformed UTF-8 rather than inventing U+FFFD', () => {
    const bad = [
      [0xff],
      [0xc0, 0x80], // overlong NUL
      [0xe0, 0x80, 0x80], // overlong
      [0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80], // a surrogate pair spelt as two halves
      [0xf4, 0x90, 0x80, 0x80], // > U+10FFFF
      [0xe2, 0x82], // truncated
      [0x80],
    ];
    for (const b of bad) expectCorrupt(() => decodeWtf8(Uint8Array.from(b)));
    expect(decodeWtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe('\ud800');
    expect(decodeWtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa'); // BOM kept
  });

  it('escapedBytes keeps order and prefix order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ maxLength: 8 }), (a, b) => {
        const ea = new ByteWriter().escapedBytes(a).finish();
        const eb = new ByteWriter().escapedBytes(b).finish();
        expect(Math.sign(Buffer.compare(ea, eb))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      runs,
    );
  });
});
