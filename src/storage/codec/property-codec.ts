// Compact tagged binary encoding of property values (the value part of node/relationship records).
//
// One tag byte, then a payload:
//   0x80..0xFF  INTEGER -64..63 inside the tag itself (value = tag - 0xC0): one byte in total
//   0x40..0x7F  INTEGER -8192..8191 in two bytes: 6 bits in the tag, 8 in the next byte (+ 8192)
//   0x01 false, 0x02 true
//   0x03 INTEGER     zigzag varint (any other int64)
//   0x04 FLOAT       IEEE-754 float64 big-endian (bit-exact, -0.0 and +-Infinity kept)
//   0x05 STRING      varint byte length + WTF-8 (lone surrogates survive)
//   0x06 BYTES       varint length + bytes
//   0x07 DATE        zigzag epoch day
//   0x08 LOCAL TIME  varint nanos of day
//   0x09 TIME        varint local nanos of day, zigzag offset seconds
//   0x0A LOCAL DATETIME  zigzag epoch day, varint nanos of day
//   0x0B DATETIME    zigzag epoch second, varint nanos, zone byte (bit 7: named zone; low bits:
//                    0 = offset id "+HH:MM" then zigzag offset seconds, 1 = "UTC", 2 = id string)
//   0x0C DURATION    zigzag months, days, seconds; varint nanos
//   0x0D POINT       varint srid, dimension byte (2|3), float64 x, y[, z]
//   0x0E LIST        element tag (0 for the empty list; 0x01 for booleans), varint count, then the
//                    elements' payloads without tags (booleans one byte each)
// Decoding validates everything and reports garbage as CorruptRecord.
import { isQuiverError, quiverError } from '../../errors.js';
import {
  civilFromDays,
  dateOfEpochDays,
  epochDays,
  instantParts,
  NANOS_PER_DAY,
  NANOS_PER_SECOND,
  nanosOfDay,
  offsetZoneId,
  timeOfNanosOfDay,
} from '../../values/temporal-keys.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  PointValue,
  Temporal,
  TimeValue,
  type PropertyValue,
  type StorableScalar,
  type StructValue,
} from '../../values/types.js';
import { ByteReader, ByteWriter } from './bytes.js';

export { toPropertyValue } from './storable.js';

const T = {
  false: 0x01,
  true: 0x02,
  int: 0x03,
  float: 0x04,
  string: 0x05,
  bytes: 0x06,
  date: 0x07,
  localTime: 0x08,
  time: 0x09,
  localDateTime: 0x0a,
  dateTime: 0x0b,
  duration: 0x0c,
  point: 0x0d,
  list: 0x0e,
} as const;

const SMALL_INT_BIAS = 0xc0;
const SHORT_INT_TAG = 0x40;
const SHORT_INT_BIAS = 8192;
const ZONE_NAMED = 0x80;
const ZONE_OFFSET = 0;
const ZONE_UTC = 1;
const ZONE_ID = 2;

/** Appends one property value (tag and payload). */
export function writeProperty(w: ByteWriter, v: PropertyValue): void {
  if (typeof v === 'bigint' && v >= -8192n && v <= 8191n) {
    const n = Number(v);
    if (n >= -64 && n <= 63) {
      w.u8(n + SMALL_INT_BIAS);
    } else {
      const u = n + SHORT_INT_BIAS;
      w.u8(SHORT_INT_TAG + (u >> 8)).u8(u & 0xff);
    }
    return;
  }
  if (Array.isArray(v)) return writeList(w, v);
  const tag = scalarTag(v as StorableScalar);
  w.u8(tag === T.false && v === true ? T.true : tag);
  if (tag !== T.false) writePayload(w, tag, v as StorableScalar);
}

/** Reads one property value written by writeProperty. */
export function readProperty(r: ByteReader): PropertyValue {
  try {
    return readValue(r);
  } catch (e) {
    if (isQuiverError(e)) throw e;
    // Temporal constructors reject out-of-range fields with RangeError: still a corrupt record.
    throw quiverError('CorruptRecord', `Corrupt record: invalid property value (${(e as Error).message}).`, e);
  }
}

const scratch = new ByteWriter(256);

/** One property value as a fresh Buffer. */
export function encodeProperty(v: PropertyValue): Buffer {
  scratch.reset();
  try {
    writeProperty(scratch, v);
    return scratch.finish();
  } finally {
    scratch.reset();
  }
}

/** Decodes a buffer holding exactly one property value. */
export function decodeProperty(buf: Uint8Array): PropertyValue {
  const r = new ByteReader(buf);
  const v = readProperty(r);
  r.expectEnd('property value');
  return v;
}

// ---- writing -----------------------------------------------------------------------------------

function scalarTag(v: StorableScalar): number {
  switch (typeof v) {
    case 'boolean':
      return T.false; // booleans share one list element tag; writeProperty picks true/false
    case 'bigint':
      return T.int;
    case 'number':
      return T.float;
    case 'string':
      return T.string;
  }
  if (v instanceof Uint8Array) return T.bytes;
  switch ((v as StructValue | null)?.kind) {
    case 'Date':
      return T.date;
    case 'LocalTime':
      return T.localTime;
    case 'Time':
      return T.time;
    case 'LocalDateTime':
      return T.localDateTime;
    case 'DateTime':
      return T.dateTime;
    case 'Duration':
      return T.duration;
    case 'Point':
      return T.point;
  }
  throw quiverError('PropertyValueNotStorable', `Cannot encode a ${describe(v)} as a property value.`);
}

function writePayload(w: ByteWriter, tag: number, v: StorableScalar): void {
  switch (tag) {
    case T.false:
      w.u8(v ? 1 : 0);
      return;
    case T.int:
      w.zigzag(v as bigint);
      return;
    case T.float:
      w.f64(v as number);
      return;
    case T.string:
      w.string(v as string);
      return;
    case T.bytes:
      w.lenBytes(v as Uint8Array);
      return;
    case T.date:
      w.zigzagNumber(epochDays((v as DateValue).date));
      return;
    case T.localTime:
      w.varint(nanosOfDay((v as LocalTimeValue).time));
      return;
    case T.time: {
      const t = v as TimeValue;
      w.varint(nanosOfDay(t.time));
      w.zigzagNumber(t.offsetSeconds);
      return;
    }
    case T.localDateTime: {
      const dt = (v as LocalDateTimeValue).dateTime;
      w.zigzagNumber(epochDays(dt));
      w.varint(nanosOfDay(dt));
      return;
    }
    case T.dateTime:
      return writeDateTime(w, v as DateTimeValue);
    case T.duration: {
      const d = v as DurationValue;
      w.zigzag(d.months).zigzag(d.days).zigzag(d.seconds).varint(d.nanoseconds);
      return;
    }
    case T.point: {
      const p = v as PointValue;
      w.varint(p.srid).u8(p.z === undefined ? 2 : 3).f64(p.x).f64(p.y);
      if (p.z !== undefined) w.f64(p.z);
      return;
    }
  }
}

function writeDateTime(w: ByteWriter, v: DateTimeValue): void {
  const [sec, nanos] = instantParts(v);
  w.zigzagNumber(sec).varint(nanos);
  const id = v.zoned.timeZoneId;
  const named = v.namedZone ? ZONE_NAMED : 0;
  if (id === 'UTC') {
    w.u8(named | ZONE_UTC);
    return;
  }
  const offsetNs = v.zoned.offsetNanoseconds;
  const offsetSeconds = offsetNs / NANOS_PER_SECOND;
  if (Number.isInteger(offsetSeconds) && id === offsetZoneId(offsetSeconds) && offsetSeconds % 60 === 0) {
    w.u8(named | ZONE_OFFSET).zigzagNumber(offsetSeconds);
    return;
  }
  w.u8(named | ZONE_ID).string(id);
}

function writeList(w: ByteWriter, list: readonly StorableScalar[]): void {
  w.u8(T.list);
  if (list.length === 0) {
    w.u8(0).varint(0);
    return;
  }
  const tag = scalarTag(list[0]!);
  w.u8(tag).varint(list.length);
  for (const e of list) {
    if (scalarTag(e) !== tag) {
      throw quiverError('PropertyValueNotStorable', 'Collections containing mixed types can not be stored in properties.');
    }
    writePayload(w, tag, e);
  }
}

// ---- reading -----------------------------------------------------------------------------------

function readValue(r: ByteReader): PropertyValue {
  const tag = r.u8();
  if (tag >= 0x80) return BigInt(tag - SMALL_INT_BIAS);
  if (tag >= SHORT_INT_TAG) return BigInt((((tag - SHORT_INT_TAG) << 8) | r.u8()) - SHORT_INT_BIAS);
  switch (tag) {
    case T.false:
      return false;
    case T.true:
      return true;
    case T.list:
      return readList(r);
  }
  return readPayload(r, tag);
}

function readPayload(r: ByteReader, tag: number): StorableScalar {
  switch (tag) {
    case T.false: {
      const b = r.u8();
      if (b > 1) throw corrupt(`boolean byte ${b}`);
      return b === 1;
    }
    case T.int:
      return r.zigzag();
    case T.float:
      return r.f64();
    case T.string:
      return r.string();
    case T.bytes:
      return r.lenBytes();
    case T.date: {
      return new DateValue(dateOfEpochDays(r.zigzagNumber()));
    }
    case T.localTime:
      return new LocalTimeValue(timeOfNanosOfDay(readNanosOfDay(r)));
    case T.time: {
      const t = timeOfNanosOfDay(readNanosOfDay(r));
      return new TimeValue(t, r.zigzagNumber());
    }
    case T.localDateTime: {
      const [y, m, d] = civilFromDays(r.zigzagNumber());
      const t = timeOfNanosOfDay(readNanosOfDay(r));
      return new LocalDateTimeValue(
        new Temporal.PlainDateTime(y, m, d, t.hour, t.minute, t.second, t.millisecond, t.microsecond, t.nanosecond),
      );
    }
    case T.dateTime:
      return readDateTime(r);
    case T.duration: {
      const months = r.zigzag();
      const days = r.zigzag();
      const seconds = r.zigzag();
      const nanos = r.varint();
      if (nanos >= NANOS_PER_SECOND) throw corrupt(`duration nanoseconds ${nanos}`);
      return new DurationValue(months, days, seconds, nanos);
    }
    case T.point: {
      const srid = r.varint();
      const dims = r.u8();
      if (dims !== 2 && dims !== 3) throw corrupt(`point dimension ${dims}`);
      const x = r.f64();
      const y = r.f64();
      return dims === 3 ? new PointValue(srid, x, y, r.f64()) : new PointValue(srid, x, y);
    }
  }
  throw corrupt(`unknown property tag 0x${tag.toString(16)}`);
}

function readDateTime(r: ByteReader): DateTimeValue {
  const sec = r.zigzagNumber();
  const nanos = r.varint();
  if (nanos >= NANOS_PER_SECOND) throw corrupt(`datetime nanoseconds ${nanos}`);
  const zone = r.u8();
  const named = (zone & ZONE_NAMED) !== 0;
  let id: string;
  switch (zone & ~ZONE_NAMED) {
    case ZONE_OFFSET:
      id = offsetZoneId(r.zigzagNumber());
      break;
    case ZONE_UTC:
      id = 'UTC';
      break;
    case ZONE_ID:
      id = r.string();
      break;
    default:
      throw corrupt(`zone byte 0x${zone.toString(16)}`);
  }
  const ns = BigInt(sec) * 1_000_000_000n + BigInt(nanos);
  return new DateTimeValue(new Temporal.ZonedDateTime(ns, id), named);
}

function readList(r: ByteReader): StorableScalar[] {
  const tag = r.u8();
  const n = r.varint();
  if (tag === 0) {
    if (n !== 0) throw corrupt('untyped non-empty list');
    return [];
  }
  // Every element takes at least one byte: a larger count is garbage, not a huge allocation.
  if (n > r.remaining) throw corrupt(`list of ${n} elements in ${r.remaining} bytes`);
  if (tag === T.true || tag === T.list || tag > T.list) throw corrupt(`list element tag 0x${tag.toString(16)}`);
  const out = new Array<StorableScalar>(n);
  for (let i = 0; i < n; i++) out[i] = readPayload(r, tag);
  return out;
}

function readNanosOfDay(r: ByteReader): number {
  const n = r.varint();
  if (n >= NANOS_PER_DAY) throw corrupt(`nanos of day ${n}`);
  return n;
}


function describe(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'object') return (v as { kind?: string }).kind ?? (v instanceof Map ? 'MAP' : 'object');
  return typeof v;
}

function corrupt(msg: string): Error {
  return quiverError('CorruptRecord', `Corrupt record: ${msg}.`);
}
