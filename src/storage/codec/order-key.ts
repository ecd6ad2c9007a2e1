// Order-preserving, self-delimiting byte encoding of property values for index keys.
//
// Contract: for storable a, b (and null),
//   sign(Buffer.compare(encodeOrderKey(a), encodeOrderKey(b))) === sign(compareValues(a, b)).
// Every encoding is self-delimiting (no key is a proper prefix of another key), so tuple keys are
// plain concatenations, a composite prefix scan is a byte-prefix scan, and an entity id may follow.
//
// Layout: one type tag byte, ascending in values/compare.ts's type order, then:
//   NUMBER    sortable float64 image of the value (for an INTEGER: of Number(i), round to nearest)
//             then a tiebreak: 0x80 when the value equals that double exactly (every FLOAT, most
//             INTEGERs), else 0x7F/0x81 + 2 bytes of i - BigInt(Number(i)) (|.| <= 1024 in int64).
//             1 and 1.0 get the same key; -0.0 maps to 0.0's key; every NaN to one key above +Inf.
//   STRING    WTF-8 with 0x00 -> 0x00 0xFF, terminated by 0x00 0x01 (keeps prefix order).
//   BYTES     the same escaping over the raw bytes.
//   BOOLEAN   0x00 / 0x01.
//   LIST      the elements' own keys, then 0x00 (below every tag, so a prefix list sorts first).
//   temporal  the quantities compare.ts orders by, as sortable integers (see sortableInt).
//   POINT     srid (u32), dimension byte, sortable float64 per coordinate.
//   NULL      the tag alone (null sorts last).
// There is no decoder: the mapping is deliberately many-to-one (1 ~ 1.0, -0.0 ~ 0.0, zone id
// spellings of one offset), so index entries carry the entity id and values are read from records.
import { quiverError } from '../../errors.js';
import {
  durationAverageSeconds,
  epochDays,
  instantParts,
  nanosOfDay,
  timeUtcNanos,
} from '../../values/temporal-keys.js';
import type { PropertyValue, StorableScalar, StructValue } from '../../values/types.js';
import { ByteWriter } from './bytes.js';

/** First byte of each type's region, ascending as the comparator's type order. */
export const ORDER_TAG = {
  listEnd: 0x00,
  list: 0x10,
  bytes: 0x18,
  point: 0x20,
  datetime: 0x28,
  localDateTime: 0x30,
  date: 0x38,
  time: 0x40,
  localTime: 0x48,
  duration: 0x50,
  string: 0x58,
  boolean: 0x60,
  number: 0x68,
  null: 0x70,
} as const;

/** A type region of the index key space. */
export type OrderKeyKind = Exclude<keyof typeof ORDER_TAG, 'listEnd'>;

const STRUCT_KIND: Record<StructValue['kind'], OrderKeyKind | undefined> = {
  Point: 'point',
  DateTime: 'datetime',
  LocalDateTime: 'localDateTime',
  Date: 'date',
  Time: 'time',
  LocalTime: 'localTime',
  Duration: 'duration',
  Node: undefined,
  Relationship: undefined,
  Path: undefined,
};

/** The type region a value's key falls in (e.g. both 3 and 3.5 are 'number'). */
export function orderKeyKind(v: PropertyValue | null): OrderKeyKind {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
  }
  if (v instanceof Uint8Array) return 'bytes';
  if (Array.isArray(v)) return 'list';
  const k = STRUCT_KIND[(v as StructValue).kind];
  if (k === undefined) throw notIndexable(v);
  return k;
}

/** Appends the order key of one value (null allowed: it sorts after everything). */
export function writeOrderKey(w: ByteWriter, v: PropertyValue | null): void {
  const kind = orderKeyKind(v);
  w.u8(ORDER_TAG[kind]);
  switch (kind) {
    case 'null':
      return;
    case 'number':
      return writeNumber(w, v as number | bigint);
    case 'string':
      w.escapedString(v as string);
      return;
    case 'boolean':
      w.u8(v ? 1 : 0);
      return;
    case 'bytes':
      w.escapedBytes(v as Uint8Array);
      return;
    case 'list':
      for (const e of v as readonly StorableScalar[]) writeOrderKey(w, e);
      w.u8(ORDER_TAG.listEnd);
      return;
    default:
      return writeStruct(w, v as StructValue);
  }
}

const scratch = new ByteWriter(256);

/** The order key of one value as a fresh Buffer. */
export function encodeOrderKey(v: PropertyValue | null): Buffer {
  scratch.reset();
  writeOrderKey(scratch, v);
  return scratch.finish();
}

/** Keys of a composite index entry: concatenated per-value keys (a prefix tuple is a byte prefix). */
export function encodeOrderKeyTuple(vs: readonly (PropertyValue | null)[]): Buffer {
  scratch.reset();
  for (const v of vs) writeOrderKey(scratch, v);
  return scratch.finish();
}

/** The smallest key greater than every key that starts with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Buffer {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] !== 0xff) {
      const out = Buffer.allocUnsafe(i + 1);
      out.set(prefix.subarray(0, i + 1));
      out[i] = prefix[i]! + 1;
      return out;
    }
  }
  // Never happens for order keys (no tag is 0xFF), only for an empty or all-0xFF prefix.
  throw quiverError('StoreFailure', 'A key prefix of only 0xFF bytes has no upper bound.');
}

/**
 * [gte, lt) covering every key of one type region, e.g. typeRangeBounds('number') for a range
 * predicate on numbers (INTEGER and FLOAT share the region). With `comparableOnly`, values that
 * no `<`/`>` predicate can match are left out: NaN for 'number'.
 */
export function typeRangeBounds(kind: OrderKeyKind, opts?: { comparableOnly?: boolean }): readonly [Buffer, Buffer] {
  const tag = ORDER_TAG[kind];
  const lt = kind === 'number' && opts?.comparableOnly ? encodeOrderKey(Number.NaN) : Buffer.from([tag + 1]);
  return [Buffer.from([tag]), lt];
}

export type RangeOp = '<' | '<=' | '>' | '>=';

/**
 * [gte, lt) for `x op value` within value's type region (NaN excluded: no comparison with NaN
 * holds). `prefix` is the key of equality-bound leading columns of a composite index. Index
 * entries are `prefix + key(x) + entity id`; self-delimitation makes prefixEnd(key) the first key
 * past every entry equal to value.
 */
export function rangeBounds(op: RangeOp, value: PropertyValue, prefix: Uint8Array = EMPTY): readonly [Buffer, Buffer] {
  const kind = orderKeyKind(value);
  const [regionStart, regionEnd] = typeRangeBounds(kind, { comparableOnly: true });
  const key = encodeOrderKey(value);
  const p = Buffer.from(prefix);
  if (typeof value === 'number' && Number.isNaN(value)) return [Buffer.concat([p, key]), Buffer.concat([p, key])];
  switch (op) {
    case '<':
      return [Buffer.concat([p, regionStart]), Buffer.concat([p, key])];
    case '<=':
      return [Buffer.concat([p, regionStart]), prefixEnd(Buffer.concat([p, key]))];
    case '>':
      return [prefixEnd(Buffer.concat([p, key])), Buffer.concat([p, regionEnd])];
    case '>=':
      return [Buffer.concat([p, key]), Buffer.concat([p, regionEnd])];
  }
}

const EMPTY = new Uint8Array(0);

// ---- numbers ---------------------------------------------------------------------------------

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const NAN_IMAGE = [0xff, 0xf8, 0, 0, 0, 0, 0, 0];

/** Float64 bytes whose unsigned order is the numeric order (NaN canonical, above +Infinity). */
function writeSortableF64(w: ByteWriter, x: number): void {
  if (x !== x) {
    for (const b of NAN_IMAGE) w.u8(b);
    return;
  }
  f64[0] = x === 0 ? 0 : x; // -0.0 -> 0.0
  const neg = (f64Bytes[LITTLE_ENDIAN ? 7 : 0]! & 0x80) !== 0;
  for (let i = 0; i < 8; i++) {
    const b = f64Bytes[LITTLE_ENDIAN ? 7 - i : i]!;
    w.u8(neg ? ~b & 0xff : i === 0 ? b ^ 0x80 : b);
  }
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function writeNumber(w: ByteWriter, v: number | bigint): void {
  if (typeof v === 'number') {
    writeSortableF64(w, v);
    w.u8(0x80);
    return;
  }
  const f = Number(v);
  writeSortableF64(w, f);
  const d = v >= -SAFE && v <= SAFE ? 0 : Number(v - BigInt(f));
  if (d === 0) {
    w.u8(0x80);
  } else if (d < 0) {
    if (d < -0x8000) throw notIndexable(v);
    w.u8(0x7f).u8((d + 0x8000) >> 8).u8((d + 0x8000) & 0xff);
  } else {
    if (d > 0x7fff) throw notIndexable(v);
    w.u8(0x81).u8(d >> 8).u8(d & 0xff);
  }
}

// ---- sortable integers -------------------------------------------------------------------------

/**
 * A signed integer of any size as a self-delimiting, order-preserving byte string: a header byte
 * 0x80 + L for n >= 0 (then L big-endian bytes of n), 0x7F - L for n < 0 (then L bytes of ~n,
 * complemented), where L is the minimal byte length of n (resp. -n - 1). 0 is the single byte 0x80.
 */
export function writeSortableInt(w: ByteWriter, n: number | bigint): void {
  if (typeof n === 'bigint') {
    if (n >= -SAFE && n <= SAFE) return writeSortableInt(w, Number(n));
    const neg = n < 0n;
    let m = neg ? -n - 1n : n;
    const bytes: number[] = [];
    while (m > 0n) {
      bytes.push(Number(m & 0xffn));
      m >>= 8n;
    }
    writeSortableBytes(w, neg, bytes);
    return;
  }
  const neg = n < 0;
  let m = neg ? -n - 1 : n;
  if (m < 0x100) {
    // Fast path: at most one byte.
    if (m === 0) {
      w.u8(neg ? 0x7f : 0x80);
    } else {
      w.u8(neg ? 0x7e : 0x81).u8(neg ? 0xff - m : m);
    }
    return;
  }
  const bytes: number[] = [];
  while (m > 0) {
    bytes.push(m % 0x100);
    m = Math.floor(m / 0x100);
  }
  writeSortableBytes(w, neg, bytes);
}

/** `littleEndian` holds the magnitude's bytes, least significant first. */
function writeSortableBytes(w: ByteWriter, neg: boolean, littleEndian: number[]): void {
  const len = littleEndian.length;
  if (len > 0x7e) throw quiverError('StoreFailure', 'Integer too large for an index key.');
  w.u8(neg ? 0x7f - len : 0x80 + len);
  for (let i = len - 1; i >= 0; i--) w.u8(neg ? 0xff - littleEndian[i]! : littleEndian[i]!);
}

// ---- temporal and spatial --------------------------------------------------------------------

function writeStruct(w: ByteWriter, v: StructValue): void {
  switch (v.kind) {
    case 'Date':
      writeSortableInt(w, epochDays(v.date));
      return;
    case 'LocalTime':
      writeSortableInt(w, nanosOfDay(v.time));
      return;
    case 'Time':
      writeSortableInt(w, timeUtcNanos(v));
      writeSortableInt(w, v.offsetSeconds);
      return;
    case 'LocalDateTime':
      writeSortableInt(w, epochDays(v.dateTime));
      writeSortableInt(w, nanosOfDay(v.dateTime));
      return;
    case 'DateTime': {
      const [sec, nanos] = instantParts(v);
      writeSortableInt(w, sec);
      w.u32(nanos);
      writeSortableInt(w, v.zoned.offsetNanoseconds);
      // Offset zones sort before named zones at the same instant and offset, then by zone id.
      if (v.namedZone) {
        w.u8(0x02);
        w.escapedString(v.zoned.timeZoneId);
      } else {
        w.u8(0x01);
      }
      return;
    }
    case 'Duration':
      writeSortableInt(w, durationAverageSeconds(v));
      w.u32(v.nanoseconds);
      writeSortableInt(w, v.months);
      writeSortableInt(w, v.days);
      return;
    case 'Point':
      w.u32(v.srid);
      w.u8(v.z === undefined ? 2 : 3);
      writeSortableF64(w, v.x);
      writeSortableF64(w, v.y);
      if (v.z !== undefined) writeSortableF64(w, v.z);
      return;
    default:
      throw notIndexable(v);
  }
}

function notIndexable(v: unknown): Error {
  const what = typeof v === 'bigint' ? `INTEGER ${v} (outside 64 bits)` : String((v as StructValue | null)?.kind ?? typeof v);
  return quiverError('PropertyValueNotStorable', `Cannot build an index key for ${what}.`);
}
