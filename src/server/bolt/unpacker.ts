// PackStream v1 decoding: reads a message in place and never trusts a declared size (every size
// is checked against the bytes left, nesting is bounded), so malformed or truncated input ends in a
// QuiverError — never a RangeError, a huge allocation or a hang.
import { quiverError, QuiverError } from '../../errors.js';
import { dateOfEpochDays, NANOS_PER_DAY, NANOS_PER_SECOND, offsetZoneId, timeOfNanosOfDay } from '../../values/temporal-keys.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  Temporal,
  TimeValue,
  type CypherMap,
  type Value,
} from '../../values/types.js';
import { Tag } from './packstream.js';

export interface UnpackOptions {
  /** Accept Node/Relationship/Path structures (clients may not send them as parameters). */
  readonly graphValues: boolean;
  /** Accept the legacy (pre-UTC) DateTime tags 0x46/0x66. */
  readonly legacyDateTime: boolean;
  /** Maximum nesting of lists, maps and structures. */
  readonly maxDepth: number;
}

export const CLIENT_UNPACK: UnpackOptions = { graphValues: false, legacyDateTime: false, maxDepth: 64 };

const SMALL_INTS: bigint[] = [];
for (let i = -16; i <= 127; i++) SMALL_INTS.push(BigInt(i));

class UnboundRel {
  constructor(
    readonly id: bigint,
    readonly type: string,
    readonly properties: CypherMap,
    readonly elementId: string,
  ) {}
}

function malformed(message: string): QuiverError {
  return quiverError('RequestInvalidFormat', `Malformed PackStream: ${message}`);
}

/** Reads PackStream values from one buffer region; throws QuiverError on anything malformed. */
export class Unpacker {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;
  private depth = 0;

  constructor(public options: UnpackOptions = CLIENT_UNPACK) {}

  /** Points the reader at buf[start, end). */
  reset(buf: Buffer, start = 0, end = buf.length): this {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.depth = 0;
    return this;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number): void {
    if (n > this.end - this.pos) throw malformed(`${n} bytes declared or needed, ${this.end - this.pos} left`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  private u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Reads a struct header: [fieldCount, tag]. */
  structHeader(): [number, number] {
    const m = this.u8();
    if ((m & 0xf0) !== 0xb0) throw malformed(`expected a structure, found marker 0x${hex(m)}`);
    return [m & 0x0f, this.u8()];
  }

  value(): Value {
    const m = this.u8();
    if (m < 0x80) return SMALL_INTS[m + 16]!;
    if (m >= 0xf0) return SMALL_INTS[m - 0xf0]!;
    const hi = m & 0xf0;
    if (hi === 0x80) return this.string(m & 0x0f);
    if (hi === 0x90) return this.list(m & 0x0f);
    if (hi === 0xa0) return this.map(m & 0x0f);
    if (hi === 0xb0) return this.struct(m & 0x0f, this.u8());
    const b = this.buf;
    switch (m) {
      case 0xc0:
        return null;
      case 0xc1: {
        this.need(8);
        const f = b.readDoubleBE(this.pos);
        this.pos += 8;
        return f;
      }
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc8: {
        this.need(1);
        return BigInt(b.readInt8(this.pos++));
      }
      case 0xc9: {
        this.need(2);
        const v = b.readInt16BE(this.pos);
        this.pos += 2;
        return BigInt(v);
      }
      case 0xca: {
        this.need(4);
        const v = b.readInt32BE(this.pos);
        this.pos += 4;
        return BigInt(v);
      }
      case 0xcb: {
        this.need(8);
        const v = b.readBigInt64BE(this.pos);
        this.pos += 8;
        return v;
      }
      case 0xcc:
        return this.bytes(this.u8());
      case 0xcd:
        return this.bytes(this.u16());
      case 0xce:
        return this.bytes(this.u32());
      case 0xd0:
        return this.string(this.u8());
      case 0xd1:
        return this.string(this.u16());
      case 0xd2:
        return this.string(this.u32());
      case 0xd4:
        return this.list(this.u8());
      case 0xd5:
        return this.list(this.u16());
      case 0xd6:
        return this.list(this.u32());
      case 0xd8:
        return this.map(this.u8());
      case 0xd9:
        return this.map(this.u16());
      case 0xda:
        return this.map(this.u32());
    }
    throw malformed(`unknown marker 0x${hex(m)}`);
  }

  private bytes(n: number): Uint8Array {
    this.need(n);
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  string(n: number): string {
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  private enter(): void {
    if (++this.depth > this.options.maxDepth) throw malformed(`nesting deeper than ${this.options.maxDepth}`);
  }

  private list(n: number): Value[] {
    this.need(n); // every element takes at least one byte
    this.enter();
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = this.value();
    this.depth--;
    return out;
  }

  private map(n: number): Map<string, Value> {
    this.need(n * 2); // a key and a value take at least one byte each
    this.enter();
    const out = new Map<string, Value>();
    for (let i = 0; i < n; i++) {
      const k = this.value();
      if (typeof k !== 'string') throw malformed('map keys must be strings');
      out.set(k, this.value());
    }
    this.depth--;
    return out;
  }

  private struct(n: number, tag: number): Value {
    this.need(n);
    this.enter();
    const fields: Value[] = [];
    for (let i = 0; i < n; i++) fields.push(this.value());
    this.depth--;
    try {
      return this.buildStruct(tag, fields);
    } catch (e) {
      if (e instanceof QuiverError) throw e;
      // Temporal throws RangeError for out-of-range dates, unknown zones and the like.
      throw quiverError('RequestInvalidFormat', `Invalid structure 0x${hex(tag)}: ${(e as Error).message}`);
    }
  }

  private buildStruct(tag: number, f: Value[]): Value {
    const o = this.options;
    switch (tag) {
      case Tag.Date:
        arity(tag, f, 1);
        return new DateValue(dateOfEpochDays(safeInt(f[0])));
      case Tag.Time: {
        arity(tag, f, 2);
        const offset = safeInt(f[1]);
        if (Math.abs(offset) > 64_800) throw malformed(`time zone offset ${offset} out of range`);
        return new TimeValue(plainTime(safeInt(f[0])), offset);
      }
      case Tag.LocalTime:
        arity(tag, f, 1);
        return new LocalTimeValue(plainTime(safeInt(f[0])));
      case Tag.LocalDateTime: {
        arity(tag, f, 2);
        const sec = safeInt(f[0]);
        const nanos = nanosField(f[1]);
        const days = Math.floor(sec / 86_400);
        const d = dateOfEpochDays(days);
        const t = plainTime((sec - days * 86_400) * NANOS_PER_SECOND + nanos);
        return new LocalDateTimeValue(d.toPlainDateTime(t));
      }
      case Tag.DateTime:
      case Tag.LegacyDateTime: {
        if (tag === Tag.LegacyDateTime && !o.legacyDateTime) break;
        arity(tag, f, 3);
        const offset = safeInt(f[2]);
        if (offset % 60 !== 0 || Math.abs(offset) > 64_800) throw malformed(`unsupported time zone offset ${offset}s`);
        const sec = safeInt(f[0]) - (tag === Tag.LegacyDateTime ? offset : 0);
        const ns = BigInt(sec) * 1_000_000_000n + BigInt(nanosField(f[1]));
        return new DateTimeValue(new Temporal.ZonedDateTime(ns, offsetZoneId(offset)), false);
      }
      case Tag.DateTimeZoneId:
      case Tag.LegacyDateTimeZoneId: {
        if (tag === Tag.LegacyDateTimeZoneId && !o.legacyDateTime) break;
        arity(tag, f, 3);
        const zone = f[2];
        if (typeof zone !== 'string') throw malformed('time zone id must be a string');
        const sec = safeInt(f[0]);
        const nanos = nanosField(f[1]);
        const named = !/^[+-]/.test(zone);
        if (tag === Tag.DateTimeZoneId) {
          return new DateTimeValue(new Temporal.ZonedDateTime(BigInt(sec) * 1_000_000_000n + BigInt(nanos), zone), named);
        }
        const days = Math.floor(sec / 86_400);
        const local = dateOfEpochDays(days).toPlainDateTime(plainTime((sec - days * 86_400) * NANOS_PER_SECOND + nanos));
        return new DateTimeValue(local.toZonedDateTime(zone), named);
      }
      case Tag.Duration:
        arity(tag, f, 4);
        return new DurationValue(int(f[0]), int(f[1]), int(f[2]), int(f[3]));
      case Tag.Point2D:
        arity(tag, f, 3);
        return new PointValue(safeInt(f[0]), num(f[1]), num(f[2]));
      case Tag.Point3D:
        arity(tag, f, 4);
        return new PointValue(safeInt(f[0]), num(f[1]), num(f[2]), num(f[3]));
      case Tag.Node:
        if (!o.graphValues) break;
        return node(f);
      case Tag.Relationship: {
        if (!o.graphValues) break;
        arity(tag, f, 8);
        return new RelationshipValue(int(f[0]), str(f[5]), str(f[3]), int(f[1]), str(f[6]), int(f[2]), str(f[7]), map(f[4]));
      }
      case Tag.UnboundRelationship:
        // Only legal inside a Path; the path builder unwraps it.
        if (!o.graphValues) break;
        arity(tag, f, 4);
        return new UnboundRel(int(f[0]), str(f[1]), map(f[2]), str(f[3])) as unknown as Value;
      case Tag.Path:
        if (!o.graphValues) break;
        arity(tag, f, 3);
        return path(f);
    }
    throw quiverError('RequestInvalid', `Structure 0x${hex(tag)} with ${f.length} fields is not supported here.`);
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}

function arity(tag: number, f: Value[], n: number): void {
  if (f.length !== n) throw malformed(`structure 0x${hex(tag)} needs ${n} fields, got ${f.length}`);
}

function int(v: Value): bigint {
  if (typeof v !== 'bigint') throw malformed('expected an integer field');
  return v;
}

function safeInt(v: Value): number {
  const i = int(v);
  if (i > BigInt(Number.MAX_SAFE_INTEGER) || i < BigInt(Number.MIN_SAFE_INTEGER)) throw malformed(`field ${i} out of range`);
  return Number(i);
}

function nanosField(v: Value): number {
  const n = safeInt(v);
  if (n < 0 || n >= NANOS_PER_SECOND) throw malformed(`nanoseconds ${n} out of range`);
  return n;
}

function num(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw malformed('expected a float coordinate');
}

function str(v: Value): string {
  if (typeof v !== 'string') throw malformed('expected a string field');
  return v;
}

function map(v: Value): CypherMap {
  if (!(v instanceof Map)) throw malformed('expected a map field');
  return v as CypherMap;
}


function plainTime(nanos: number): Temporal.PlainTime {
  if (!(nanos >= 0 && nanos < NANOS_PER_DAY)) throw malformed(`nanoseconds of day ${nanos} out of range`);
  return timeOfNanosOfDay(nanos);
}

function node(f: Value[]): NodeValue {
  arity(Tag.Node, f, 4);
  const labels = f[1];
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) throw malformed('node labels must be strings');
  return new NodeValue(int(f[0]), str(f[3]), labels as string[], map(f[2]));
}

function path(f: Value[]): PathValue {
  const [ns, rs, is] = f;
  if (!Array.isArray(ns) || !Array.isArray(rs) || !Array.isArray(is)) throw malformed('path fields must be lists');
  const nodes = (ns as Value[]).map((n) => {
    if (!(n instanceof NodeValue)) throw malformed('path nodes must be nodes');
    return n;
  });
  const rels = (rs as unknown[]).map((r) => {
    if (!(r instanceof UnboundRel)) throw malformed('path relationships must be unbound relationships');
    return r;
  });
  const idx = (is as Value[]).map(safeInt);
  if (idx.length % 2 !== 0 || (nodes.length === 0 && idx.length > 0)) throw malformed('bad path indices');
  if (nodes.length === 0) return new PathValue([], []);
  const seqNodes: NodeValue[] = [nodes[0]!];
  const seqRels: RelationshipValue[] = [];
  for (let i = 0; i < idx.length; i += 2) {
    const ri = idx[i]!;
    const ni = idx[i + 1]!;
    const u = rels[Math.abs(ri) - 1];
    const next = nodes[ni];
    if (ri === 0 || u === undefined || next === undefined) throw malformed('path index out of range');
    const prev = seqNodes[seqNodes.length - 1]!;
    const [s, e] = ri > 0 ? [prev, next] : [next, prev];
    seqRels.push(new RelationshipValue(u.id, u.elementId, u.type, s.id, s.elementId, e.id, e.elementId, u.properties));
    seqNodes.push(next);
  }
  return new PathValue(seqNodes, seqRels);
}
