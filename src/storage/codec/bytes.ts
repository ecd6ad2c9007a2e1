// Low-level byte writer and reader shared by the record, property and index-key codecs.
//
// Strings are written as WTF-8: UTF-8, except that a lone surrogate (which a JavaScript string may
// hold, e.g. after a UTF-16 based substring) is written as its 3-byte generalised UTF-8 form
// instead of being replaced by U+FFFD. Every JS string therefore round-trips exactly, and byte
// order still equals code point order (lone surrogates sort by their own value, as they do in
// `compareValues`).
//
// The reader never throws a RangeError or TypeError for bad input: truncated or malformed bytes
// become `CorruptRecord` QuiverErrors.
import { quiverError, type QuiverError } from '../../errors.js';
import { decodeWtf8, isAscii, writeWtf8Slow } from './wtf8.js';

export { decodeWtf8 };

const U64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

// Scratch space for float64 <-> bytes in the reader (the writer uses Buffer.writeDoubleBE).
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface WellFormedString {
  isWellFormed(): boolean;
}

/** A growable big-endian byte buffer. `finish()` copies out the result and resets it for reuse. */
export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialCapacity = 64) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Forget everything written (keeps the allocation). */
  reset(): void {
    this.pos = 0;
  }

  /** Drop bytes written after `length` (used to undo a partial write). */
  truncate(length: number): void {
    if (length < this.pos) this.pos = Math.max(0, length);
  }

  /** The bytes written so far, as a view (no copy) valid until the next write or reset. */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** The result as a fresh Buffer (safe to keep); the writer is reset and may be reused. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, need));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  /** Unsigned 32-bit big-endian. */
  u32(v: number): this {
    this.ensure(4);
    const b = this.buf;
    let p = this.pos;
    b[p++] = (v >>> 24) & 0xff;
    b[p++] = (v >>> 16) & 0xff;
    b[p++] = (v >>> 8) & 0xff;
    b[p++] = v & 0xff;
    this.pos = p;
    return this;
  }

  /** Unsigned 64-bit big-endian from a bigint in [0, 2^64). */
  u64(v: bigint): this {
    if (v < 0n || v > U64_MAX) throw badArgument(`u64 out of range: ${v}`);
    this.u32(Number(v >> 32n));
    return this.u32(Number(v & 0xffff_ffffn));
  }

  /** Unsigned LEB128 of a non-negative safe integer (at most 8 bytes). */
  varint(v: number): this {
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER) || !Number.isInteger(v)) {
      throw badArgument(`varint out of range: ${v}`);
    }
    this.ensure(8);
    const b = this.buf;
    let p = this.pos;
    while (v >= 0x80) {
      b[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[p++] = v;
    this.pos = p;
    return this;
  }

  /** Zigzag-encoded signed LEB128 of an int64 bigint: 0 -> 0, -1 -> 1, 1 -> 2, ... (1 byte for -64..63). */
  zigzag(v: bigint): this {
    // Fast path: small magnitudes fit a double exactly after zigzagging.
    if (v >= -0x8_0000_0000_0000n && v <= 0x8_0000_0000_0000n) {
      const n = Number(v);
      return this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
    }
    if (v < INT64_MIN || v > INT64_MAX) throw badArgument(`int64 out of range: ${v}`);
    let z = v >= 0n ? v << 1n : ((-v) << 1n) - 1n;
    this.ensure(10);
    const b = this.buf;
    let p = this.pos;
    while (z >= 0x80n) {
      b[p++] = Number(z & 0x7fn) | 0x80;
      z >>= 7n;
    }
    b[p++] = Number(z);
    this.pos = p;
    return this;
  }

  /** Zigzag varint of a signed safe integer (number). */
  zigzagNumber(n: number): this {
    if (!Number.isSafeInteger(n)) throw badArgument(`not a safe integer: ${n}`);
    // 2|n| may exceed 2^53 only for |n| >= 2^52; route those through bigint.
    if (Math.abs(n) >= 2 ** 52) return this.zigzag(BigInt(n));
    return this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  /** IEEE-754 float64, big-endian. */
  f64(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
    return this;
  }

  /** Raw bytes, no length prefix. */
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** Varint length prefix, then the bytes. */
  lenBytes(bytes: Uint8Array): this {
    this.varint(bytes.length);
    return this.raw(bytes);
  }

  /** Varint byte length, then the string as WTF-8 (see file comment). */
  string(s: string): this {
    // For a lone surrogate Buffer.byteLength counts U+FFFD, 3 bytes, which is also its WTF-8 size.
    const n = s.length < 32 && isAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
    this.varint(n);
    this.wtf8(s, n);
    return this;
  }

  /** The string's WTF-8 bytes without a prefix; `byteLength` if the caller already knows it. */
  wtf8(s: string, byteLength = Buffer.byteLength(s, 'utf8')): this {
    this.ensure(byteLength);
    if ((s as unknown as WellFormedString).isWellFormed()) {
      this.pos += this.buf.write(s, this.pos, byteLength, 'utf8');
    } else {
      this.pos = writeWtf8Slow(this.buf, this.pos, s);
    }
    return this;
  }

  /**
   * Writes `bytes` so that 0x00 becomes 0x00 0xFF, then the terminator 0x00 0x01. The result is
   * self-delimiting and preserves byte order (a prefix sorts first), for index keys.
   */
  escapedBytes(bytes: Uint8Array): this {
    let zeros = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) zeros++;
    this.ensure(bytes.length + zeros + 2);
    const b = this.buf;
    let p = this.pos;
    if (zeros === 0) {
      b.set(bytes, p);
      p += bytes.length;
    } else {
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i]!;
        b[p++] = c;
        if (c === 0) b[p++] = 0xff;
      }
    }
    b[p++] = 0;
    b[p++] = 1;
    this.pos = p;
    return this;
  }

  /** The string's WTF-8 bytes escaped and terminated as in `escapedBytes`. */
  escapedString(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    const start = this.pos;
    this.wtf8(s, n);
    // Only NUL characters produce 0x00 bytes in (W)UTF-8, so most strings need no escaping.
    if (s.indexOf('\u0000') >= 0) {
      const copy = Buffer.from(this.buf.subarray(start, this.pos));
      this.pos = start;
      return this.escapedBytes(copy);
    }
    this.ensure(2);
    this.buf[this.pos++] = 0;
    this.buf[this.pos++] = 1;
    return this;
  }
}

/** Reads what ByteWriter wrote; any overrun or malformed data throws `CorruptRecord`. */
export class ByteReader {
  private pos: number;
  private readonly end: number;

  constructor(
    private readonly buf: Uint8Array,
    offset = 0,
    end = buf.length,
  ) {
    if (!(offset >= 0 && offset <= end && end <= buf.length)) throw corrupt('reader bounds outside the buffer');
    this.pos = offset;
    this.end = end;
  }

  /** Current read position (absolute index into the buffer). */
  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Throws CorruptRecord unless every byte was consumed. */
  expectEnd(what = 'record'): void {
    if (this.pos !== this.end) throw corrupt(`${this.end - this.pos} trailing bytes after ${what}`);
  }

  private need(n: number): number {
    const p = this.pos;
    if (n > this.end - p) throw corrupt('unexpected end of data');
    this.pos = p + n;
    return p;
  }

  u8(): number {
    return this.buf[this.need(1)]!;
  }

  u32(): number {
    const p = this.need(4);
    const b = this.buf;
    return b[p]! * 0x100_0000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  u64(): bigint {
    const hi = this.u32();
    const lo = this.u32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** Unsigned LEB128 up to Number.MAX_SAFE_INTEGER. */
  varint(): number {
    const b = this.buf;
    let p = this.pos;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (p >= this.end) throw corrupt('truncated varint');
      const c = b[p++]!;
      v += (c & 0x7f) * mul;
      if (c < 0x80) {
        if (v > Number.MAX_SAFE_INTEGER) break;
        this.pos = p;
        return v;
      }
      mul *= 0x80;
    }
    throw corrupt('varint too long');
  }

  /** Zigzag signed LEB128 into an int64 bigint. */
  zigzag(): bigint {
    const b = this.buf;
    let p = this.pos;
    // Up to 7 bytes (49 bits) accumulate exactly in a double.
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (p >= this.end) throw corrupt('truncated varint');
      const c = b[p++]!;
      v += (c & 0x7f) * mul;
      if (c < 0x80) {
        this.pos = p;
        // v < 2^49: unzigzag in number arithmetic.
        return BigInt(v % 2 === 0 ? v / 2 : -(v + 1) / 2);
      }
      mul *= 0x80;
    }
    let z = BigInt(v);
    let shift = 49n;
    for (let i = 7; i < 10; i++) {
      if (p >= this.end) throw corrupt('truncated varint');
      const c = b[p++]!;
      z |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) {
        if (z > U64_MAX) break;
        this.pos = p;
        return (z & 1n) === 0n ? z >> 1n : -((z + 1n) >> 1n);
      }
      shift += 7n;
    }
    throw corrupt('int64 varint too long');
  }

  /** Zigzag varint that must fit a safe integer (number). */
  zigzagNumber(): number {
    const b = this.buf;
    let p = this.pos;
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (p >= this.end) throw corrupt('truncated varint');
      const c = b[p++]!;
      v += (c & 0x7f) * mul;
      if (c < 0x80) {
        this.pos = p;
        return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
      }
      mul *= 0x80;
    }
    // |n| >= 2^48: the zigzag image may exceed 2^53, so decode exactly.
    const n = this.zigzag();
    if (n < -BigInt(Number.MAX_SAFE_INTEGER) || n > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw corrupt('integer beyond 2^53');
    }
    return Number(n);
  }

  f64(): number {
    const p = this.need(8);
    const b = this.buf;
    if (LITTLE_ENDIAN) {
      for (let i = 0; i < 8; i++) f64Bytes[i] = b[p + 7 - i]!;
    } else {
      for (let i = 0; i < 8; i++) f64Bytes[i] = b[p + i]!;
    }
    return f64[0]!;
  }

  /** A view (no copy) of the next n bytes. */
  view(n: number): Uint8Array {
    if (!(n >= 0)) throw corrupt('negative length');
    const p = this.need(n);
    return this.buf.subarray(p, p + n);
  }

  /** A copy of the next n bytes, as a plain Uint8Array. */
  bytes(n: number): Uint8Array {
    const v = this.view(n);
    const out = new Uint8Array(n);
    out.set(v);
    return out;
  }

  /** Varint length then that many bytes (copied). */
  lenBytes(): Uint8Array {
    return this.bytes(this.varint());
  }

  /** Varint byte length, then WTF-8. */
  string(): string {
    return decodeWtf8(this.view(this.varint()));
  }
}

function corrupt(msg: string): QuiverError {
  return quiverError('CorruptRecord', `Corrupt record: ${msg}.`);
}

function badArgument(msg: string): QuiverError {
  return quiverError('StoreFailure', `Cannot encode value: ${msg}.`);
}
