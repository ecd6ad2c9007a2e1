// Values in Query API v2 (`/db/{db}/query/v2`): plain JSON (`application/json`) and typed JSON
// (`application/vnd.neo4j.query`), after neo4j/docs-query-api (plain-json.adoc, typed-json.adoc)
// and Neo4j's server code (httpv2/response/format/DefaultResponseModule + CypherTypes,
// httpv2/request/ValueDeserializer).
//
// Temporal values are written with java.time's ISO formatters, as that server does (seconds always
// shown, fractions without trailing zeros: `12:50:00`, `12:50:35.5`), not with Cypher's toString
// forms (`12:50`, `12:50:35.500`) that the transactional API uses. A DATETIME with a named zone is
// a ZonedDateTime (`2015-11-21T21:40:32.142Z[Antarctica/Troll]`), one with an offset an
// OffsetDateTime. Points are WKT with a space before the parenthesis, as both doc pages show:
// `SRID=7203;POINT (1.2 3.4)`, `SRID=9157;POINT Z (1.0 2.0 3.0)`.
import { formatFloat } from '../../../runtime/functions/support.js';
import { parseJavaDouble } from '../../../runtime/functions/conversion.js';
import { UTC_ZONE } from '../../../runtime/functions/temporal/common.js';
import { formatDate, formatDuration } from '../../../runtime/functions/temporal/format.js';
import {
  parseDate,
  parseDateTime,
  parseDuration,
  parseLocalDateTime,
  parseLocalTime,
  parseTime,
} from '../../../runtime/functions/temporal/parse.js';
import {
  type CypherMap,
  formatOffset,
  INT64_MAX,
  INT64_MIN,
  type NodeValue,
  PointValue,
  type RelationshipValue,
  SRID,
  Temporal,
  type StructValue,
  type TemporalValue,
  type Value,
} from '../../../values/types.js';
import type { QueryStats } from '../../session.js';
import {
  decodeJsonValue,
  isPlainObject,
  jsonFloat,
  jsonTypeOf,
  parameterError,
  requireParameterObject,
  setKey,
} from './transactional.js';

// ---------------------------------------------------------------------------------------------
// String forms shared with Jolt

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** DateTimeFormatter.ISO_LOCAL_TIME: `HH:mm:ss`, then the fraction without trailing zeros. */
function isoTime(t: Temporal.PlainTime | Temporal.PlainDateTime | Temporal.ZonedDateTime): string {
  const s = `${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`;
  const nanos = t.millisecond * 1_000_000 + t.microsecond * 1000 + t.nanosecond;
  if (nanos === 0) return s;
  return `${s}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

/**
 * A temporal value as java.time's ISO formatters print it (ISO_LOCAL_DATE, ISO_OFFSET_TIME,
 * ISO_LOCAL_TIME, ISO_LOCAL_DATE_TIME, ISO_OFFSET/ZONED_DATE_TIME) and a duration as Neo4j does.
 */
export function isoTemporal(v: TemporalValue): string {
  switch (v.kind) {
    case 'Date':
      return formatDate(v.date);
    case 'LocalTime':
      return isoTime(v.time);
    case 'Time':
      return isoTime(v.time) + formatOffset(v.offsetSeconds);
    case 'LocalDateTime':
      return `${formatDate(v.dateTime)}T${isoTime(v.dateTime)}`;
    case 'DateTime': {
      const z = v.zoned;
      const base = `${formatDate(z)}T${isoTime(z)}${formatOffset(Math.round(z.offsetNanoseconds / 1e9))}`;
      return v.namedZone ? `${base}[${z.timeZoneId}]` : base;
    }
    case 'Duration':
      return formatDuration(v);
  }
}

/** `SRID=4326;POINT (1.0 2.0)`; `space` false gives Jolt's `SRID=4326;POINT(1.0 2.0)`. */
export function pointWkt(p: PointValue, space: boolean): string {
  if (p.z === undefined) return `SRID=${p.srid};POINT${space ? ' ' : ''}(${formatFloat(p.x)} ${formatFloat(p.y)})`;
  return `SRID=${p.srid};POINT Z (${formatFloat(p.x)} ${formatFloat(p.y)} ${formatFloat(p.z)})`;
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

// ---------------------------------------------------------------------------------------------
// Plain JSON

function plainMap(m: CypherMap): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, x] of m) setKey(o, k, plainJson(x));
  return o;
}

function plainNode(n: NodeValue): object {
  return { elementId: n.elementId, labels: n.labels, properties: plainMap(n.properties) };
}

function plainRel(r: RelationshipValue): object {
  return {
    elementId: r.elementId,
    startNodeElementId: r.startElementId,
    endNodeElementId: r.endElementId,
    type: r.type,
    properties: plainMap(r.properties),
  };
}

/**
 * A value in plain JSON: numbers as numbers (INTEGER beyond 2^53 rounded, non-finite FLOATs as
 * "NaN"/"Infinity"/"-Infinity" like Jackson), BYTES base64, temporal values ISO strings, points WKT,
 * paths the alternating array of their nodes and relationships.
 */
export function plainJson(v: Value): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    case 'number':
      return jsonFloat(v);
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    const list = v as readonly Value[];
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = plainJson(list[i]!);
    return out;
  }
  if (v instanceof Map) return plainMap(v as CypherMap);
  if (v instanceof Uint8Array) return base64(v);
  const s = v as StructValue;
  switch (s.kind) {
    case 'Node':
      return plainNode(s);
    case 'Relationship':
      return plainRel(s);
    case 'Path': {
      const { nodes, relationships } = s;
      const out = new Array<unknown>(nodes.length + relationships.length);
      for (let i = 0; i < nodes.length; i++) {
        out[2 * i] = plainNode(nodes[i]!);
        if (i < relationships.length) out[2 * i + 1] = plainRel(relationships[i]!);
      }
      return out;
    }
    case 'Point':
      return pointWkt(s, true);
    default:
      return isoTemporal(s);
  }
}

// ---------------------------------------------------------------------------------------------
// Typed JSON

const TYPED_NULL = Object.freeze({ $type: 'Null', _value: null });
const TYPED_TRUE = Object.freeze({ $type: 'Boolean', _value: true });
const TYPED_FALSE = Object.freeze({ $type: 'Boolean', _value: false });

const TEMPORAL_TYPES: Record<string, string> = {
  Date: 'Date',
  Time: 'Time',
  LocalTime: 'LocalTime',
  LocalDateTime: 'LocalDateTime',
  Duration: 'Duration',
};

function typedMap(m: CypherMap): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, x] of m) setKey(o, k, typedJson(x));
  return o;
}

function typedNode(n: NodeValue): object {
  return { $type: 'Node', _value: { _element_id: n.elementId, _labels: n.labels, _properties: typedMap(n.properties) } };
}

function typedRel(r: RelationshipValue): object {
  return {
    $type: 'Relationship',
    _value: {
      _element_id: r.elementId,
      _start_node_element_id: r.startElementId,
      _end_node_element_id: r.endElementId,
      _type: r.type,
      _properties: typedMap(r.properties),
    },
  };
}

/**
 * A value in typed JSON, `{"$type": T, "_value": v}` all the way down. INTEGER and FLOAT values
 * are strings (`"123"`, `"4.56"`, `"3.2E9"`, `"NaN"`: Java's Double.toString), so nothing is lost.
 */
export function typedJson(v: Value): unknown {
  switch (typeof v) {
    case 'string':
      return { $type: 'String', _value: v };
    case 'boolean':
      return v ? TYPED_TRUE : TYPED_FALSE;
    case 'bigint':
      return { $type: 'Integer', _value: v.toString() };
    case 'number':
      return { $type: 'Float', _value: formatFloat(v) };
  }
  if (v === null) return TYPED_NULL;
  if (Array.isArray(v)) {
    const list = v as readonly Value[];
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = typedJson(list[i]!);
    return { $type: 'List', _value: out };
  }
  if (v instanceof Map) return { $type: 'Map', _value: typedMap(v as CypherMap) };
  if (v instanceof Uint8Array) return { $type: 'Base64', _value: base64(v) };
  const s = v as StructValue;
  switch (s.kind) {
    case 'Node':
      return typedNode(s);
    case 'Relationship':
      return typedRel(s);
    case 'Path': {
      const { nodes, relationships } = s;
      const out = new Array<unknown>(nodes.length + relationships.length);
      for (let i = 0; i < nodes.length; i++) {
        out[2 * i] = typedNode(nodes[i]!);
        if (i < relationships.length) out[2 * i + 1] = typedRel(relationships[i]!);
      }
      return { $type: 'Path', _value: out };
    }
    case 'Point':
      return { $type: 'Point', _value: pointWkt(s, true) };
    case 'DateTime':
      return { $type: s.namedZone ? 'ZonedDateTime' : 'OffsetDateTime', _value: isoTemporal(s) };
    default:
      return { $type: TEMPORAL_TYPES[s.kind], _value: isoTemporal(s) };
  }
}

// ---------------------------------------------------------------------------------------------
// counters

/** `counters` with Neo4j's camelCase keys in its order. */
export function countersToJson(stats: QueryStats): Record<string, number | boolean> {
  return {
    containsUpdates: stats.containsUpdates ?? false,
    nodesCreated: stats.nodesCreated ?? 0,
    nodesDeleted: stats.nodesDeleted ?? 0,
    propertiesSet: stats.propertiesSet ?? 0,
    relationshipsCreated: stats.relationshipsCreated ?? 0,
    relationshipsDeleted: stats.relationshipsDeleted ?? 0,
    labelsAdded: stats.labelsAdded ?? 0,
    labelsRemoved: stats.labelsRemoved ?? 0,
    indexesAdded: stats.indexesAdded ?? 0,
    indexesRemoved: stats.indexesRemoved ?? 0,
    constraintsAdded: stats.constraintsAdded ?? 0,
    constraintsRemoved: stats.constraintsRemoved ?? 0,
    containsSystemUpdates: stats.containsSystemUpdates ?? false,
    systemUpdates: stats.systemUpdates ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Typed parameters

const JAVA_LONG = /^[+-]?\d+$/;
const BASE64_BODY = /^[A-Za-z0-9+/]*$/;
const OFFSET_AT_END = /(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)$/i;
const ZONE_NAME_AT_END = /\]$/;
// The pattern of Neo4j's CypherTypes.parsePoint, allowing Jolt's `POINT(` as well.
const WKT_POINT = /^SRID=(\d+);\s*POINT\s?(Z?)\s?\(\s*(\S+)\s+(\S+)\s*(\S*)\)$/;
const SRID_DIMENSIONS = new Map<number, number>([
  [SRID.cartesian, 2],
  [SRID.cartesian3d, 3],
  [SRID.wgs84, 2],
  [SRID.wgs843d, 3],
]);
const EPOCH = Temporal.Instant.fromEpochNanoseconds(0n);

function textOf(x: unknown, type: string, path: string): string {
  if (typeof x !== 'string') throw parameterError(path, `a ${type} needs a string _value, not ${jsonTypeOf(x)}.`);
  return x;
}

function integerOf(x: unknown, path: string): bigint {
  let n: bigint;
  if (typeof x === 'bigint') n = x;
  else if (typeof x === 'string' && JAVA_LONG.test(x)) n = BigInt(x);
  else throw parameterError(path, `${JSON.stringify(typeof x === 'string' ? x : jsonTypeOf(x))} is not an Integer.`);
  if (n < INT64_MIN || n > INT64_MAX) throw parameterError(path, `the integer ${n} is outside the 64-bit range.`);
  return n;
}

function floatOf(x: unknown, path: string): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  const d = typeof x === 'string' ? parseJavaDouble(x) : null;
  if (d === null) throw parameterError(path, `${JSON.stringify(typeof x === 'string' ? x : jsonTypeOf(x))} is not a Float.`);
  return d;
}

/** java.util.Base64's basic decoder: the standard alphabet, padding optional but exact if given. */
function bytesOf(x: unknown, path: string): Uint8Array {
  const s = textOf(x, 'Base64', path);
  const body = s.replace(/={1,2}$/, '');
  const padding = s.length - body.length;
  const valid = BASE64_BODY.test(body) && body.length % 4 !== 1 && (padding === 0 || s.length % 4 === 0);
  if (!valid) throw parameterError(path, `${JSON.stringify(s)} is not valid Base64.`);
  return Uint8Array.from(Buffer.from(body, 'base64'));
}

function coordinateOf(text: string, wkt: string, path: string): number {
  const d = parseJavaDouble(text);
  if (d === null) throw parameterError(path, `${JSON.stringify(wkt)} is not a WKT point.`);
  return d;
}

function pointOf(x: unknown, path: string): PointValue {
  const wkt = textOf(x, 'Point', path);
  const m = WKT_POINT.exec(wkt);
  if (m === null) throw parameterError(path, `${JSON.stringify(wkt)} is not a WKT point like "SRID=7203;POINT (1.2 3.4)".`);
  const srid = Number(m[1]);
  const dims = SRID_DIMENSIONS.get(srid);
  if (dims === undefined) throw parameterError(path, `unknown SRID ${m[1]} (use 7203, 9157, 4326 or 4979).`);
  const zText = m[5]!;
  if ((zText === '' ? 2 : 3) !== dims || (m[2] === 'Z') !== (dims === 3)) {
    throw parameterError(path, `SRID ${srid} takes ${dims} coordinates (${dims === 3 ? 'POINT Z' : 'POINT'}): ${JSON.stringify(wkt)}.`);
  }
  const px = coordinateOf(m[3]!, wkt, path);
  const py = coordinateOf(m[4]!, wkt, path);
  return zText === '' ? new PointValue(srid, px, py) : new PointValue(srid, px, py, coordinateOf(zText, wkt, path));
}

/** Runs a runtime temporal parser, turning its error into a parameter error. */
function temporalOf<T>(type: string, text: string, path: string, parse: (s: string) => T): T {
  try {
    return parse(text);
  } catch (e) {
    throw parameterError(path, `${JSON.stringify(text)} is not a valid ${type}: ${(e as Error).message}`, e);
  }
}

function decodeTyped(o: Record<string, unknown>, path: string): Value {
  const type = o.$type;
  if (typeof type !== 'string') throw parameterError(path, `"$type" must be a string, not ${jsonTypeOf(type)}.`);
  if (!Object.hasOwn(o, '_value')) throw parameterError(path, `a typed value needs "_value" next to "$type".`);
  const x = o._value;
  switch (type) {
    case 'Null':
      if (x !== null) throw parameterError(path, `a Null needs "_value": null.`);
      return null;
    case 'Boolean':
      if (typeof x !== 'boolean') throw parameterError(path, `a Boolean needs true or false, not ${jsonTypeOf(x)}.`);
      return x;
    case 'Integer':
      return integerOf(x, path);
    case 'Float':
      return floatOf(x, path);
    case 'String':
      return textOf(x, type, path);
    case 'Base64':
      return bytesOf(x, path);
    case 'List': {
      if (!Array.isArray(x)) throw parameterError(path, `a List needs an array _value, not ${jsonTypeOf(x)}.`);
      const out = new Array<Value>(x.length);
      for (let i = 0; i < x.length; i++) out[i] = decodeTypedValue(x[i], `${path}[${i}]`);
      return out;
    }
    case 'Map': {
      if (!isPlainObject(x)) throw parameterError(path, `a Map needs an object _value, not ${jsonTypeOf(x)}.`);
      const m = new Map<string, Value>();
      for (const k of Object.keys(x)) m.set(k, decodeTypedValue(x[k], `${path}.${k}`));
      return m;
    }
    case 'Date':
      return temporalOf(type, textOf(x, type, path), path, parseDate);
    case 'LocalTime':
      return temporalOf(type, textOf(x, type, path), path, parseLocalTime);
    case 'Time': {
      const s = textOf(x, type, path);
      if (!OFFSET_AT_END.test(s)) throw parameterError(path, `a Time needs an offset: ${JSON.stringify(s)}.`);
      return temporalOf(type, s, path, (t) => parseTime(t, UTC_ZONE, EPOCH));
    }
    case 'LocalDateTime':
      return temporalOf(type, textOf(x, type, path), path, parseLocalDateTime);
    case 'OffsetDateTime':
    case 'ZonedDateTime':
    case 'DateTime': {
      const s = textOf(x, type, path);
      const named = ZONE_NAME_AT_END.test(s);
      const ok = named ? type !== 'OffsetDateTime' : OFFSET_AT_END.test(s) && s.includes('T');
      if (!ok) {
        const want = type === 'OffsetDateTime' ? 'a date, a time and an offset' : 'a date, a time and an offset or zone';
        throw parameterError(path, `a ${type} needs ${want}: ${JSON.stringify(s)}.`);
      }
      return temporalOf(type, s, path, (t) => parseDateTime(t, UTC_ZONE));
    }
    case 'Duration':
      return temporalOf(type, textOf(x, type, path), path, parseDuration);
    case 'Point':
      return pointOf(x, path);
    case 'Node':
    case 'Relationship':
    case 'Path':
      throw parameterError(path, `Type ${type} is not a valid parameter type.`);
    default:
      throw parameterError(path, `unknown $type ${JSON.stringify(type)}.`);
  }
}

/**
 * One parameter value: an object with a `$type` key is typed JSON, anything else plain JSON as
 * the transactional API reads it (so `{"a": 1}` and `{"$type":"Map","_value":{...}}` both work,
 * at any depth; a plain map whose own key is `$type` cannot be sent this way).
 */
function decodeTypedValue(v: unknown, path: string): Value {
  if (isPlainObject(v)) {
    if (Object.hasOwn(v, '$type')) return decodeTyped(v, path);
    const m = new Map<string, Value>();
    for (const k of Object.keys(v)) m.set(k, decodeTypedValue(v[k], `${path}.${k}`));
    return m;
  }
  if (Array.isArray(v)) {
    const out = new Array<Value>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = decodeTypedValue(v[i], `${path}[${i}]`);
    return out;
  }
  return decodeJsonValue(v, path);
}

/**
 * The `parameters` object of a typed-JSON request (`Content-Type: application/vnd.neo4j.query`).
 * Bad `$type`s and `_value`s throw RequestInvalidFormat naming the parameter.
 *
 * @example decodeTypedParameters({ d: { $type: 'Date', _value: '2015-03-26' }, n: 1n })
 */
export function decodeTypedParameters(obj: unknown): Map<string, Value> {
  const o = requireParameterObject(obj);
  const out = new Map<string, Value>();
  for (const k of Object.keys(o)) out.set(k, decodeTypedValue(o[k], k));
  return out;
}
