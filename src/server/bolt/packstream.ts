// PackStream v1 (specs/bolt-and-http.md section 3): the value encoding of every Bolt version we
// speak. The packer writes straight into one growable buffer that a connection reuses for a whole
// response batch (no per-value allocations). Decoding lives in unpacker.ts.
import { quiverError } from '../../errors.js';
import { epochDays, instantParts, NANOS_PER_SECOND, nanosOfDay } from '../../values/temporal-keys.js';
import type { CypherMap, DateTimeValue, NodeValue, PathValue, RelationshipValue, StructValue, Value } from '../../values/types.js';

/** What the packer accepts: Values plus plain objects (protocol metadata maps; undefined entries dropped). */
export type PackValue = Value | undefined | { readonly [key: string]: PackValue } | readonly PackValue[];

/** Version-dependent encoding choices. */
export interface PackOptions {
  /** Bolt 5.x: element ids on nodes and relationships. */
  readonly elementIds: boolean;
  /** Bolt 5.x or 4.4 with the `utc` patch: DateTime tags 0x49/0x69 (UTC seconds) instead of 0x46/0x66. */
  readonly utc: boolean;
}

export const BOLT5_PACK: PackOptions = { elementIds: true, utc: true };

export const Tag = {
  Node: 0x4e,
  Relationship: 0x52,
  UnboundRelationship: 0x72,
  Path: 0x50,
  Date: 0x44,
  Time: 0x54,
  LocalTime: 0x74,
  DateTime: 0x49,
  DateTimeZoneId: 0x69,
  LegacyDateTime: 0x46,
  LegacyDateTimeZoneId: 0x66,
  LocalDateTime: 0x64,
  Duration: 0x45,
  Point2D: 0x58,
  Point3D: 0x59,
} as const;

const INT8_MIN = -128n;
const INT16_MIN = -32768n;
const INT16_MAX = 32767n;
const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A growable output buffer with PackStream writers. Reuse one per connection; `reset()` between batches. */
export class Packer {
  buf: Buffer;
  pos = 0;

  constructor(
    public options: PackOptions = BOLT5_PACK,
    initialSize = 16 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  reset(): void {
    this.pos = 0;
    // Do not keep a huge buffer alive after one large batch.
    if (this.buf.length > 4 * 1024 * 1024) this.buf = Buffer.allocUnsafe(16 * 1024);
  }

  /** The bytes written so far (a view; copy before reset if kept). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  u8(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  u16(n: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(n, this.pos);
    this.pos += 2;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  packNull(): void {
    this.u8(0xc0);
  }

  packBool(b: boolean): void {
    this.u8(b ? 0xc3 : 0xc2);
  }

  /** An integer given as a JS number (must be a safe integer). */
  packIntN(n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n >= -16 && n <= 127) {
      b[this.pos++] = n & 0xff;
    } else if (n >= -128 && n < -16) {
      b[this.pos++] = 0xc8;
      b[this.pos++] = n & 0xff;
    } else if (n >= -32768 && n <= 32767) {
      b[this.pos++] = 0xc9;
      b.writeInt16BE(n, this.pos);
      this.pos += 2;
    } else if (n >= -2147483648 && n <= 2147483647) {
      b[this.pos++] = 0xca;
      b.writeInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      b[this.pos++] = 0xcb;
      b.writeBigInt64BE(BigInt(n), this.pos);
      this.pos += 8;
    }
  }

  packInt(v: bigint): void {
    if (v >= INT32_MIN && v <= INT32_MAX) {
      this.packIntN(Number(v));
      return;
    }
    if (v < INT64_MIN || v > INT64_MAX) throw quiverError('ArithmeticError', `integer ${v} does not fit in 64 bits`);
    this.ensure(9);
    this.buf[this.pos++] = 0xcb;
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
  }

  packFloat(f: number): void {
    this.ensure(9);
    this.buf[this.pos++] = 0xc1;
    this.buf.writeDoubleBE(f, this.pos);
    this.pos += 8;
  }

  packString(s: string): void {
    const len = s.length;
    if (len * 3 < 16) {
      // At most 15 UTF-8 bytes: write the bytes first, then the tiny header in front of them.
      this.ensure(1 + len * 3);
      const n = this.buf.write(s, this.pos + 1, 'utf8');
      this.buf[this.pos] = 0x80 | n;
      this.pos += 1 + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.sizedHeader(n, 0x80, 0xd0);
    this.ensure(n);
    this.buf.write(s, this.pos, 'utf8');
    this.pos += n;
  }

  packBytes(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(5 + n);
    if (n <= 0xff) {
      this.buf[this.pos++] = 0xcc;
      this.buf[this.pos++] = n;
    } else if (n <= 0xffff) {
      this.buf[this.pos++] = 0xcd;
      this.buf.writeUInt16BE(n, this.pos);
      this.pos += 2;
    } else {
      this.buf[this.pos++] = 0xce;
      this.buf.writeUInt32BE(n, this.pos);
      this.pos += 4;
    }
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  listHeader(n: number): void {
    this.sizedHeader(n, 0x90, 0xd4);
  }

  mapHeader(n: number): void {
    this.sizedHeader(n, 0xa0, 0xd8);
  }

  structHeader(fields: number, tag: number): void {
    this.ensure(2);
    this.buf[this.pos++] = 0xb0 | fields;
    this.buf[this.pos++] = tag;
  }

  /** Tiny marker (n < 16) or the 8/16/32-bit sized marker family starting at `sized`. */
  private sizedHeader(n: number, tiny: number, sized: number): void {
    this.ensure(5);
    const b = this.buf;
    if (n < 16) {
      b[this.pos++] = tiny | n;
    } else if (n <= 0xff) {
      b[this.pos++] = sized;
      b[this.pos++] = n;
    } else if (n <= 0xffff) {
      b[this.pos++] = sized + 1;
      b.writeUInt16BE(n, this.pos);
      this.pos += 2;
    } else {
      b[this.pos++] = sized + 2;
      b.writeUInt32BE(n, this.pos);
      this.pos += 4;
    }
  }

  /** Packs any Value (or a metadata map given as a plain object). */
  pack(v: PackValue): void {
    if (v === null || v === undefined) return this.packNull();
    switch (typeof v) {
      case 'boolean':
        return this.packBool(v);
      case 'bigint':
        return this.packInt(v);
      case 'number':
        return this.packFloat(v);
      case 'string':
        return this.packString(v);
    }
    if (Array.isArray(v)) {
      const list = v as readonly PackValue[];
      this.listHeader(list.length);
      for (let i = 0; i < list.length; i++) this.pack(list[i]);
      return;
    }
    if (v instanceof Uint8Array) return this.packBytes(v);
    if (v instanceof Map) return this.packMap(v as CypherMap);
    const kind = (v as { kind?: unknown }).kind;
    if (typeof kind === 'string' && Object.getPrototypeOf(v) !== Object.prototype) return this.packStruct(v as StructValue);
    // Metadata maps (every SUCCESS): two passes over the keys instead of an entries array each.
    const o = v as { readonly [key: string]: PackValue };
    let n = 0;
    for (const k in o) if (o[k] !== undefined) n++;
    this.mapHeader(n);
    for (const k in o) {
      const e = o[k];
      if (e === undefined) continue;
      this.packString(k);
      this.pack(e);
    }
  }

  packMap(m: CypherMap): void {
    this.mapHeader(m.size);
    for (const [k, e] of m) {
      this.packString(k);
      this.pack(e);
    }
  }

  private packStruct(v: StructValue): void {
    switch (v.kind) {
      case 'Node':
        return this.packNode(v);
      case 'Relationship': {
        const e = this.options.elementIds;
        this.structHeader(e ? 8 : 5, Tag.Relationship);
        this.packInt(v.id);
        this.packInt(v.startId);
        this.packInt(v.endId);
        this.packString(v.type);
        this.packMap(v.properties);
        if (e) {
          this.packString(v.elementId);
          this.packString(v.startElementId);
          this.packString(v.endElementId);
        }
        return;
      }
      case 'Path':
        return this.packPath(v);
      case 'Date':
        this.structHeader(1, Tag.Date);
        return this.packIntN(epochDays(v.date));
      case 'Time':
        this.structHeader(2, Tag.Time);
        this.packIntN(nanosOfDay(v.time));
        return this.packIntN(v.offsetSeconds);
      case 'LocalTime':
        this.structHeader(1, Tag.LocalTime);
        return this.packIntN(nanosOfDay(v.time));
      case 'LocalDateTime': {
        const nod = nanosOfDay(v.dateTime);
        this.structHeader(2, Tag.LocalDateTime);
        this.packIntN(epochDays(v.dateTime) * 86_400 + Math.floor(nod / NANOS_PER_SECOND));
        return this.packIntN(nod % NANOS_PER_SECOND);
      }
      case 'DateTime':
        return this.packDateTime(v);
      case 'Duration':
        this.structHeader(4, Tag.Duration);
        this.packInt(v.months);
        this.packInt(v.days);
        this.packInt(v.seconds);
        return this.packIntN(v.nanoseconds);
      case 'Point':
        if (v.z === undefined) {
          this.structHeader(3, Tag.Point2D);
        } else {
          this.structHeader(4, Tag.Point3D);
        }
        this.packIntN(v.srid);
        this.packFloat(v.x);
        this.packFloat(v.y);
        if (v.z !== undefined) this.packFloat(v.z);
        return;
    }
  }

  private packNode(n: NodeValue): void {
    const e = this.options.elementIds;
    this.structHeader(e ? 4 : 3, Tag.Node);
    this.packInt(n.id);
    this.listHeader(n.labels.length);
    for (const l of n.labels) this.packString(l);
    this.packMap(n.properties);
    if (e) this.packString(n.elementId);
  }

  private packDateTime(v: DateTimeValue): void {
    const [sec, nanos] = instantParts(v);
    const offset = v.zoned.offsetNanoseconds / NANOS_PER_SECOND;
    const utc = this.options.utc;
    if (v.namedZone) {
      this.structHeader(3, utc ? Tag.DateTimeZoneId : Tag.LegacyDateTimeZoneId);
      this.packIntN(utc ? sec : sec + offset);
      this.packIntN(nanos);
      this.packString(v.zoned.timeZoneId);
    } else {
      this.structHeader(3, utc ? Tag.DateTime : Tag.LegacyDateTime);
      this.packIntN(utc ? sec : sec + offset);
      this.packIntN(nanos);
      this.packIntN(offset);
    }
  }

  /** Path: unique nodes, unique unbound relationships, then (relIdx, nodeIdx) pairs from nodes[0]. */
  private packPath(p: PathValue): void {
    const nodeIdx = new Map<string, number>();
    const nodes: NodeValue[] = [];
    const relIdx = new Map<string, number>();
    const rels: RelationshipValue[] = [];
    const indices: number[] = [];
    const addNode = (n: NodeValue): number => {
      let i = nodeIdx.get(n.elementId);
      if (i === undefined) {
        i = nodes.length;
        nodeIdx.set(n.elementId, i);
        nodes.push(n);
      }
      return i;
    };
    if (p.nodes.length > 0) addNode(p.nodes[0]!);
    for (let i = 0; i < p.relationships.length; i++) {
      const r = p.relationships[i]!;
      const prev = p.nodes[i]!;
      const next = p.nodes[i + 1]!;
      let ri = relIdx.get(r.elementId);
      if (ri === undefined) {
        ri = rels.length;
        relIdx.set(r.elementId, ri);
        rels.push(r);
      }
      const forward = r.startElementId === prev.elementId;
      indices.push(forward ? ri + 1 : -(ri + 1), addNode(next));
    }
    this.structHeader(3, Tag.Path);
    this.listHeader(nodes.length);
    for (const n of nodes) this.packNode(n);
    this.listHeader(rels.length);
    const e = this.options.elementIds;
    for (const r of rels) {
      this.structHeader(e ? 4 : 3, Tag.UnboundRelationship);
      this.packInt(r.id);
      this.packString(r.type);
      this.packMap(r.properties);
      if (e) this.packString(r.elementId);
    }
    this.listHeader(indices.length);
    for (const i of indices) this.packIntN(i);
  }
}

export { Unpacker, CLIENT_UNPACK, type UnpackOptions } from './unpacker.js';
