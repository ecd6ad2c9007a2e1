// Node and relationship records. Layout (all integers unsigned LEB128 varints):
//   node: labelCount, labelIds (ascending), propCount, then per property: keyId, byteLength, bytes
//   rel:  typeId, startId, endId, propCount, then properties as above
// Each property value is length-prefixed so a reader can skip the ones it does not need.
import { quiverError } from '../errors.js';
import type { PropertyValue } from '../values/types.js';
import { ByteWriter } from './codec/bytes.js';
import { decodeProperty, encodeProperty, writeProperty } from './codec/property-codec.js';

/** Properties by key token id; values stay encoded until asked for. */
export type RawProps = Map<number, Buffer>;

export interface NodeRecord {
  readonly id: number;
  readonly labels: readonly number[];
  /** All properties (decoded into a map on first use). */
  readonly props: RawProps;
  /** One property's encoded value, found without building the map. */
  prop(keyId: number): Buffer | undefined;
}

export interface RelRecord {
  readonly id: number;
  readonly type: number;
  readonly start: number;
  readonly end: number;
  readonly props: RawProps;
  prop(keyId: number): Buffer | undefined;
}

/**
 * The property section of a record, parsed lazily: scans read one or two properties of millions
 * of records, and building a map per record would dominate them.
 */
class LazyProps {
  private map: RawProps | undefined;
  constructor(
    private readonly buf: Buffer,
    private readonly at: number,
  ) {}
  get props(): RawProps {
    if (this.map === undefined) {
      const i = new In(this.buf);
      i.pos = this.at;
      this.map = readProps(i);
    }
    return this.map;
  }
  prop(keyId: number): Buffer | undefined {
    if (this.map !== undefined) return this.map.get(keyId);
    const i = new In(this.buf);
    i.pos = this.at;
    const n = i.varint();
    for (let j = 0; j < n; j++) {
      const k = i.varint();
      const len = i.varint();
      if (k === keyId) return i.slice(len);
      i.pos += len;
    }
    return undefined;
  }
}

class LazyNode extends LazyProps implements NodeRecord {
  constructor(
    readonly id: number,
    readonly labels: readonly number[],
    buf: Buffer,
    at: number,
  ) {
    super(buf, at);
  }
}

class LazyRel extends LazyProps implements RelRecord {
  constructor(
    readonly id: number,
    readonly type: number,
    readonly start: number,
    readonly end: number,
    buf: Buffer,
    at: number,
  ) {
    super(buf, at);
  }
}

class Out {
  private buf = Buffer.allocUnsafe(256);
  len = 0;
  reset(): this {
    this.len = 0;
    return this;
  }
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  varint(v: number): void {
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  finish(): Buffer {
    const b = Buffer.allocUnsafe(this.len);
    this.buf.copy(b, 0, 0, this.len);
    return b;
  }
}

// Encoding is synchronous and never re-entered, so one scratch buffer serves every record.
const scratch = new Out();

class In {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  varint(): number {
    let v = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw corrupt();
      const b = this.buf[this.pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
      if (mul > 2 ** 56) throw corrupt();
    }
  }
  slice(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw corrupt();
    const s = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

function corrupt(): Error {
  return quiverError('CorruptRecord', 'a stored record is truncated or malformed');
}

function writeProps(o: Out, props: RawProps): void {
  o.varint(props.size);
  for (const [k, v] of props) {
    o.varint(k);
    o.varint(v.length);
    o.bytes(v);
  }
}

function readProps(i: In): RawProps {
  const n = i.varint();
  const props: RawProps = new Map();
  for (let j = 0; j < n; j++) {
    const k = i.varint();
    props.set(k, i.slice(i.varint()));
  }
  return props;
}

export function encodeNode(labels: readonly number[], props: RawProps): Buffer {
  const o = scratch.reset();
  o.varint(labels.length);
  for (const l of labels) o.varint(l);
  writeProps(o, props);
  return o.finish();
}

export function decodeNode(id: number, buf: Buffer): NodeRecord {
  const i = new In(buf);
  const n = i.varint();
  const labels: number[] = [];
  for (let j = 0; j < n; j++) labels.push(i.varint());
  return new LazyNode(id, labels, buf, i.pos);
}

export function encodeRel(type: number, start: number, end: number, props: RawProps): Buffer {
  const o = scratch.reset();
  o.varint(type);
  o.varint(start);
  o.varint(end);
  writeProps(o, props);
  return o.finish();
}

export function decodeRel(id: number, buf: Buffer): RelRecord {
  const i = new In(buf);
  const type = i.varint();
  const start = i.varint();
  const end = i.varint();
  return new LazyRel(id, type, start, end, buf, i.pos);
}

const valueScratch = new ByteWriter(256);

function writeValues(o: Out, values: readonly (readonly [number, PropertyValue])[]): void {
  o.varint(values.length);
  for (const [k, v] of values) {
    valueScratch.reset();
    writeProperty(valueScratch, v);
    const b = valueScratch.view();
    o.varint(k);
    o.varint(b.length);
    o.bytes(b);
  }
}

/** A node record straight from validated values (no intermediate per-property buffers). */
export function encodeNodeValues(labels: readonly number[], values: readonly (readonly [number, PropertyValue])[]): Buffer {
  const o = scratch.reset();
  o.varint(labels.length);
  for (const l of labels) o.varint(l);
  writeValues(o, values);
  return o.finish();
}

/** A relationship record straight from validated values. */
export function encodeRelValues(type: number, start: number, end: number, values: readonly (readonly [number, PropertyValue])[]): Buffer {
  const o = scratch.reset();
  o.varint(type);
  o.varint(start);
  o.varint(end);
  writeValues(o, values);
  return o.finish();
}

/** Encodes property values for a record; values must already be validated storables. */
export function encodeValues(values: ReadonlyMap<number, PropertyValue>): RawProps {
  const out: RawProps = new Map();
  for (const [k, v] of values) out.set(k, encodeProperty(v));
  return out;
}

export function decodeValue(b: Buffer): PropertyValue {
  return decodeProperty(b);
}
