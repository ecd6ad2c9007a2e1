// Cypher values to and from the `quiver.v1.Value` message, as the objects @grpc/proto-loader reads
// and writes (keepCase, int64 as decimal strings so that 64-bit integers stay exact, oneofs named
// by their `kind`). Temporal values carry Bolt's fields (epoch days, nanoseconds of day, epoch
// seconds with an offset or a zone id).
import { quiverError } from '../../errors.js';
import { dateOfEpochDays, epochDays, instantParts, nanosOfDay, offsetZoneId, timeOfNanosOfDay } from '../../values/temporal-keys.js';
import {
  type CypherMap,
  DateTimeValue,
  DateValue,
  DurationValue,
  INT64_MAX,
  INT64_MIN,
  LocalDateTimeValue,
  LocalTimeValue,
  type NodeValue,
  PointValue,
  type RelationshipValue,
  type StructValue,
  SRID,
  Temporal,
  TimeValue,
  type Value,
} from '../../values/types.js';

/** A `Value` message as proto-loader objects: exactly one field set. */
export type WireValue = Record<string, unknown>;

const NULL: WireValue = Object.freeze({ null: {} });
const TRUE: WireValue = Object.freeze({ boolean: true });
const FALSE: WireValue = Object.freeze({ boolean: false });
const NANOS_PER_SECOND = 1_000_000_000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function toWire(v: Value): WireValue {
  if (v === null) return NULL;
  switch (typeof v) {
    case 'boolean':
      return v ? TRUE : FALSE;
    case 'bigint':
      // protobufjs takes int64 as a number when it is exact, as a decimal string beyond 2^53
      // (parsing the string costs several times more).
      return { integer: v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v.toString() };
    case 'number':
      return { float: v };
    case 'string':
      return { string: v };
  }
  if (Array.isArray(v)) return { list: { values: (v as readonly Value[]).map(toWire) } };
  if (v instanceof Map) return { map: { entries: mapToWire(v) } };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength) };
  const s = v as StructValue;
  switch (s.kind) {
    case 'Node':
      return { node: nodeToWire(s) };
    case 'Relationship':
      return { relationship: relToWire(s) };
    case 'Path':
      return { path: { nodes: s.nodes.map(nodeToWire), relationships: s.relationships.map(relToWire) } };
    case 'Date':
      return { date: { epoch_day: String(epochDays(s.date)) } };
    case 'LocalTime':
      return { local_time: { nanosecond_of_day: String(nanosOfDay(s.time)) } };
    case 'Time':
      return { time: { nanosecond_of_day: String(nanosOfDay(s.time)), offset_seconds: s.offsetSeconds } };
    case 'LocalDateTime': {
      const nod = nanosOfDay(s.dateTime);
      return { local_date_time: { epoch_second: String(epochDays(s.dateTime) * 86_400 + Math.floor(nod / NANOS_PER_SECOND)), nanosecond: nod % NANOS_PER_SECOND } };
    }
    case 'DateTime': {
      const [sec, nanos] = instantParts(s);
      const zone = s.namedZone ? { zone_id: s.zoned.timeZoneId } : { offset_seconds: s.zoned.offsetNanoseconds / NANOS_PER_SECOND };
      return { date_time: { epoch_second: String(sec), nanosecond: nanos, ...zone } };
    }
    case 'Duration':
      return { duration: { months: s.months.toString(), days: s.days.toString(), seconds: s.seconds.toString(), nanoseconds: s.nanoseconds } };
    case 'Point':
      return { point: s.z === undefined ? { srid: s.srid, x: s.x, y: s.y } : { srid: s.srid, x: s.x, y: s.y, z: s.z } };
  }
  throw quiverError('UnknownError', `no gRPC encoding for ${String((s as { kind?: unknown }).kind)}`);
}

export function mapToWire(m: CypherMap): Record<string, WireValue> {
  const out: Record<string, WireValue> = {};
  for (const [k, x] of m) out[k] = toWire(x);
  return out;
}

function nodeToWire(n: NodeValue): object {
  return { id: n.id.toString(), element_id: n.elementId, labels: [...n.labels], properties: mapToWire(n.properties) };
}

function relToWire(r: RelationshipValue): object {
  return {
    id: r.id.toString(),
    element_id: r.elementId,
    type: r.type,
    start_node_id: r.startId.toString(),
    start_node_element_id: r.startElementId,
    end_node_id: r.endId.toString(),
    end_node_element_id: r.endElementId,
    properties: mapToWire(r.properties),
  };
}

// ---------------------------------------------------------------------------------------------
// Decoding (parameters). Bad input is a client error naming where it is.

function bad(path: string, message: string): Error {
  return quiverError('RequestInvalidFormat', `Invalid value for parameter $${path}: ${message}`);
}

function int64(x: unknown, path: string): bigint {
  let n: bigint;
  try {
    n = BigInt(x as string | number);
  } catch {
    throw bad(path, `'${String(x)}' is not an integer`);
  }
  if (n < INT64_MIN || n > INT64_MAX) throw bad(path, 'integer out of the 64-bit range');
  return n;
}

function safe(x: unknown, path: string): number {
  const n = Number(int64(x ?? 0, path));
  if (!Number.isSafeInteger(n)) throw bad(path, 'value out of range');
  return n;
}

function plainTime(nanos: number, path: string): Temporal.PlainTime {
  if (!(nanos >= 0 && nanos < 86_400 * NANOS_PER_SECOND)) throw bad(path, `nanosecond_of_day ${nanos} out of range`);
  return timeOfNanosOfDay(nanos);
}

export function wireToMap(entries: Record<string, WireValue> | undefined, path = ''): Map<string, Value> {
  const out = new Map<string, Value>();
  if (entries === undefined || entries === null) return out;
  for (const k of Object.keys(entries)) out.set(k, fromWire(entries[k]!, path === '' ? k : `${path}.${k}`));
  return out;
}

export function fromWire(w: WireValue, path: string): Value {
  const kind = w.kind as string | undefined;
  try {
    switch (kind) {
      case undefined:
      case 'null':
        return null;
      case 'boolean':
        return w.boolean === true;
      case 'integer':
        return int64(w.integer, path);
      case 'float':
        return Number(w.float);
      case 'string':
        return String(w.string);
      case 'bytes':
        return new Uint8Array(w.bytes as Buffer);
      case 'list':
        return (((w.list as { values?: WireValue[] }).values ?? []) as WireValue[]).map((x, i) => fromWire(x, `${path}[${i}]`));
      case 'map':
        return wireToMap((w.map as { entries?: Record<string, WireValue> }).entries, path);
      case 'date':
        return new DateValue(dateOfEpochDays(safe((w.date as { epoch_day?: string }).epoch_day, path)));
      case 'local_time':
        return new LocalTimeValue(plainTime(safe((w.local_time as { nanosecond_of_day?: string }).nanosecond_of_day, path), path));
      case 'time': {
        const t = w.time as { nanosecond_of_day?: string; offset_seconds?: number };
        const offset = t.offset_seconds ?? 0;
        if (Math.abs(offset) > 64_800) throw bad(path, `offset ${offset}s out of range`);
        return new TimeValue(plainTime(safe(t.nanosecond_of_day, path), path), offset);
      }
      case 'local_date_time': {
        const t = w.local_date_time as { epoch_second?: string; nanosecond?: number };
        const sec = safe(t.epoch_second, path);
        const days = Math.floor(sec / 86_400);
        return new LocalDateTimeValue(dateOfEpochDays(days).toPlainDateTime(plainTime((sec - days * 86_400) * NANOS_PER_SECOND + (t.nanosecond ?? 0), path)));
      }
      case 'date_time': {
        const t = w.date_time as { epoch_second?: string; nanosecond?: number; offset_seconds?: number; zone_id?: string; zone?: string };
        const nanos = t.nanosecond ?? 0;
        if (!(nanos >= 0 && nanos < NANOS_PER_SECOND)) throw bad(path, `nanosecond ${nanos} out of range`);
        const ns = int64(t.epoch_second ?? '0', path) * 1_000_000_000n + BigInt(nanos);
        if (t.zone === 'zone_id' && typeof t.zone_id === 'string') return new DateTimeValue(new Temporal.ZonedDateTime(ns, t.zone_id), !/^[+-]/.test(t.zone_id));
        const offset = t.offset_seconds ?? 0;
        if (offset % 60 !== 0 || Math.abs(offset) > 64_800) throw bad(path, `unsupported offset ${offset}s`);
        return new DateTimeValue(new Temporal.ZonedDateTime(ns, offsetZoneId(offset)), false);
      }
      case 'duration': {
        const d = w.duration as { months?: string; days?: string; seconds?: string; nanoseconds?: number };
        return new DurationValue(int64(d.months ?? '0', path), int64(d.days ?? '0', path), int64(d.seconds ?? '0', path), d.nanoseconds ?? 0);
      }
      case 'point': {
        const p = w.point as { srid?: number; x?: number; y?: number; z?: number | null };
        const srid = p.srid ?? 0;
        const three = p.z !== undefined && p.z !== null;
        const expected3d = srid === SRID.cartesian3d || srid === SRID.wgs843d;
        if (![SRID.cartesian, SRID.cartesian3d, SRID.wgs84, SRID.wgs843d].includes(srid as 7203)) throw bad(path, `unknown SRID ${srid}`);
        if (three !== expected3d) throw bad(path, `SRID ${srid} needs ${expected3d ? 3 : 2} coordinates`);
        return new PointValue(srid, p.x ?? 0, p.y ?? 0, three ? (p.z as number) : undefined);
      }
      case 'node':
      case 'relationship':
      case 'path':
        throw bad(path, `a ${kind} cannot be a parameter`);
      default:
        throw bad(path, `unknown value kind '${kind}'`);
    }
  } catch (e) {
    if (e instanceof RangeError) throw bad(path, e.message);
    throw e;
  }
}
