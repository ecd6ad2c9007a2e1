// Values in the classic HTTP transactional API (`/db/{db}/tx`, `application/json`), as Neo4j 5's
// Neo4jJsonCodec, RowWriter and GraphExtractionWriter write them (community/server/.../http/cypher/
// format/{common,output/json}), and the `parameters` of its requests (StatementDeserializer).
//
// Where the JSON that Neo4j's Jackson writes cannot be produced by JSON.stringify, the nearest
// value is chosen and said so:
// - INTEGER becomes a JS number: beyond 2^53 it is rounded here, where Jackson writes every digit
//   (and a JavaScript client then rounds it the same way on parsing).
// - FLOAT NaN/Infinity/-Infinity become the strings "NaN", "Infinity", "-Infinity", which is what
//   Jackson writes by default (QUOTE_NON_NUMERIC_NUMBERS); JSON.stringify would write null.
// - BYTES become Java's signed bytes (-128..127): Neo4j writes `(int) b` for each byte.
import { quiverError, type QuiverError } from '../../../errors.js';
import { temporalToString } from '../../../runtime/functions/temporal/format.js';
import {
  type CypherMap,
  INT64_MAX,
  INT64_MIN,
  type NodeValue,
  type PathValue,
  type PointValue,
  type RelationshipValue,
  SRID,
  type StructValue,
  type Value,
} from '../../../values/types.js';
import type { QueryStats } from '../../session.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers (also used by the Query API and Jolt encoders)

/** A FLOAT as a JSON value: finite numbers as numbers, the rest as Jackson's strings. */
export function jsonFloat(d: number): number | string {
  if (d - d === 0) return d; // finite (NaN - NaN and Infinity - Infinity are NaN)
  return d !== d ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
}

/** Sets a key on a plain object, also when the key is `__proto__` (which `o[k] = v` would not). */
export function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** True for live runtime entities deleted earlier in the transaction (GraphNode/GraphRel). */
export function isDeletedEntity(v: NodeValue | RelationshipValue): boolean {
  return (v as { readonly isDeleted?: unknown }).isDeleted === true;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** `Parameter $a` or `Parameter $a[2].b`: where in the parameters a bad value sits. */
export function parameterError(path: string, message: string, cause?: unknown): QuiverError {
  return quiverError('RequestInvalidFormat', `Unable to read value for parameter $${path}: ${message}`, cause);
}

export function jsonTypeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'bigint':
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
  }
  return typeof v;
}

// ---------------------------------------------------------------------------------------------
// row

const CRS_NAMES: Record<number, string> = {
  [SRID.cartesian]: 'cartesian',
  [SRID.cartesian3d]: 'cartesian-3d',
  [SRID.wgs84]: 'wgs-84',
  [SRID.wgs843d]: 'wgs-84-3d',
};

const CRS_HREFS: Record<number, string> = {
  [SRID.cartesian]: 'http://spatialreference.org/ref/sr-org/7203/ogcwkt/',
  [SRID.cartesian3d]: 'http://spatialreference.org/ref/sr-org/9157/ogcwkt/',
  [SRID.wgs84]: 'http://spatialreference.org/ref/epsg/4326/ogcwkt/',
  [SRID.wgs843d]: 'http://spatialreference.org/ref/epsg/4979/ogcwkt/',
};

/** The `crs` object of a point; one frozen instance per SRID (they are written, never changed). */
const CRS_JSON = new Map<number, object>();
for (const srid of [SRID.cartesian, SRID.cartesian3d, SRID.wgs84, SRID.wgs843d]) {
  CRS_JSON.set(
    srid,
    Object.freeze({
      srid,
      name: CRS_NAMES[srid],
      type: 'link',
      properties: Object.freeze({ href: CRS_HREFS[srid], type: 'ogcwkt' }),
    }),
  );
}

function crsJson(srid: number): object {
  return CRS_JSON.get(srid) ?? { srid, name: `srid-${srid}`, type: 'link' };
}

/** A point as Neo4j's codec writes a Geometry: GeoJSON-like, with the CRS as a link. */
function pointJson(p: PointValue): object {
  const coordinates = p.z === undefined ? [jsonFloat(p.x), jsonFloat(p.y)] : [jsonFloat(p.x), jsonFloat(p.y), jsonFloat(p.z)];
  return { type: 'Point', coordinates, crs: crsJson(p.srid) };
}

function propertiesJson(props: CypherMap): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, x] of props) setKey(o, k, rowValue(x));
  return o;
}

function entityRow(e: NodeValue | RelationshipValue): Record<string, unknown> {
  return isDeletedEntity(e) ? {} : propertiesJson(e.properties);
}

/**
 * One value of a `row`: a node or relationship is its property map, a path the alternating list of
 * its elements' property maps, temporal values their string form, a point a GeoJSON-like object.
 */
export function rowValue(v: Value): unknown {
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
    for (let i = 0; i < list.length; i++) out[i] = rowValue(list[i]!);
    return out;
  }
  if (v instanceof Map) return propertiesJson(v as CypherMap);
  if (v instanceof Uint8Array) {
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = (v[i]! << 24) >> 24;
    return out;
  }
  const s = v as StructValue;
  switch (s.kind) {
    case 'Node':
    case 'Relationship':
      return entityRow(s);
    case 'Path': {
      const { nodes, relationships } = s;
      const out = new Array<unknown>(nodes.length + relationships.length);
      for (let i = 0; i < nodes.length; i++) {
        out[2 * i] = entityRow(nodes[i]!);
        if (i < relationships.length) out[2 * i + 1] = entityRow(relationships[i]!);
      }
      return out;
    }
    case 'Point':
      return pointJson(s);
    default:
      return temporalToString(s);
  }
}

// ---------------------------------------------------------------------------------------------
// meta

const TEMPORAL_META: Record<string, object> = {
  Date: Object.freeze({ type: 'date' }),
  Time: Object.freeze({ type: 'time' }),
  LocalTime: Object.freeze({ type: 'localtime' }),
  DateTime: Object.freeze({ type: 'datetime' }),
  LocalDateTime: Object.freeze({ type: 'localdatetime' }),
  Duration: Object.freeze({ type: 'duration' }),
};
const POINT_META = Object.freeze({ type: 'point' });

function entityMeta(e: NodeValue | RelationshipValue, type: 'node' | 'relationship'): object {
  return { id: Number(e.id), elementId: e.elementId, type, deleted: isDeletedEntity(e) };
}

/**
 * Appends the meta entries of one value. Lists and maps add their elements' entries inline (so a
 * column may add none or several: Neo4j's `writeMeta` recurses into Iterables and Map values
 * without opening an array), a path adds one nested array, anything else one entry.
 */
function addMeta(v: Value, out: unknown[]): void {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) {
    out.push(null);
    return;
  }
  if (Array.isArray(v)) {
    const list = v as readonly Value[];
    for (let i = 0; i < list.length; i++) addMeta(list[i]!, out);
    return;
  }
  if (v instanceof Map) {
    for (const x of (v as CypherMap).values()) addMeta(x, out);
    return;
  }
  const s = v as StructValue;
  switch (s.kind) {
    case 'Node':
      out.push(entityMeta(s, 'node'));
      return;
    case 'Relationship':
      out.push(entityMeta(s, 'relationship'));
      return;
    case 'Path': {
      const { nodes, relationships } = s;
      const p: unknown[] = [];
      for (let i = 0; i < nodes.length; i++) {
        p.push(entityMeta(nodes[i]!, 'node'));
        if (i < relationships.length) p.push(entityMeta(relationships[i]!, 'relationship'));
      }
      out.push(p);
      return;
    }
    case 'Point':
      out.push(POINT_META);
      return;
    default:
      out.push(TEMPORAL_META[s.kind]);
  }
}

/**
 * The `row` and `meta` of one record. `meta` follows Neo4j exactly, which means it is not always
 * one entry per column: `RETURN [n, m] AS l, 1 AS x` gives two node entries and a null.
 *
 * @example rowAndMeta([node]) // { row: [{name: 'Ann'}], meta: [{id: 3, elementId: '4:..:3', type: 'node', deleted: false}] }
 */
export function rowAndMeta(values: readonly Value[]): { row: unknown[]; meta: unknown[] } {
  const row = new Array<unknown>(values.length);
  const meta: unknown[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    row[i] = rowValue(v);
    addMeta(v, meta);
  }
  return { row, meta };
}

// ---------------------------------------------------------------------------------------------
// graph

/** Looks up a relationship's end node that the record itself does not hold (optional). */
export type NodeResolver = (id: bigint, elementId: string) => NodeValue | undefined;

export interface TxGraph {
  readonly nodes: object[];
  readonly relationships: object[];
}

/** Collects the distinct nodes and relationships of a record, in order of first appearance. */
export class GraphCollector {
  private readonly nodes = new Map<string, NodeValue>();
  private readonly rels = new Map<string, RelationshipValue>();
  /** Relationships found outside a path: Neo4j adds their end nodes to the graph too. */
  private loose: RelationshipValue[] | undefined;

  add(v: Value): void {
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    if (Array.isArray(v)) {
      const list = v as readonly Value[];
      for (let i = 0; i < list.length; i++) this.add(list[i]!);
      return;
    }
    if (v instanceof Map) {
      for (const x of (v as CypherMap).values()) this.add(x);
      return;
    }
    const s = v as StructValue;
    switch (s.kind) {
      case 'Node':
        this.addNode(s);
        return;
      case 'Relationship':
        if (this.addRel(s)) (this.loose ??= []).push(s);
        return;
      case 'Path':
        this.addPath(s);
        return;
    }
  }

  private addNode(n: NodeValue): void {
    if (!this.nodes.has(n.elementId)) this.nodes.set(n.elementId, n);
  }

  private addRel(r: RelationshipValue): boolean {
    if (this.rels.has(r.elementId)) return false;
    this.rels.set(r.elementId, r);
    return true;
  }

  private addPath(p: PathValue): void {
    for (const n of p.nodes) this.addNode(n);
    for (const r of p.relationships) this.addRel(r);
  }

  /**
   * The `graph` element. End nodes of relationships returned on their own are added only when the
   * record holds them elsewhere or `resolve` finds them: a relationship value carries their ids,
   * not their labels and properties.
   */
  toJson(resolve?: NodeResolver): TxGraph {
    if (this.loose !== undefined && resolve !== undefined) {
      for (const r of this.loose) {
        this.resolveEnd(r.startId, r.startElementId, resolve);
        this.resolveEnd(r.endId, r.endElementId, resolve);
      }
    }
    const nodes: object[] = [];
    for (const n of this.nodes.values()) nodes.push(graphNode(n));
    const relationships: object[] = [];
    for (const r of this.rels.values()) relationships.push(graphRel(r));
    return { nodes, relationships };
  }

  private resolveEnd(id: bigint, elementId: string, resolve: NodeResolver): void {
    if (this.nodes.has(elementId)) return;
    const n = resolve(id, elementId);
    if (n !== undefined) this.nodes.set(elementId, n);
  }
}

function graphNode(n: NodeValue): object {
  if (isDeletedEntity(n)) return { id: String(n.id), elementId: n.elementId, deleted: true };
  return { id: String(n.id), elementId: n.elementId, labels: n.labels, properties: propertiesJson(n.properties) };
}

function graphRel(r: RelationshipValue): object {
  if (isDeletedEntity(r)) return { id: String(r.id), elementId: r.elementId, deleted: true };
  return {
    id: String(r.id),
    elementId: r.elementId,
    type: r.type,
    startNode: String(r.startId),
    startNodeElementId: r.startElementId,
    endNode: String(r.endId),
    endNodeElementId: r.endElementId,
    properties: propertiesJson(r.properties),
  };
}

/**
 * The per-record `graph` element: every distinct node and relationship in the record's columns,
 * paths, lists and maps included, ids as strings. See GraphCollector.toJson for `resolve`.
 */
export function graphOf(values: readonly Value[], resolve?: NodeResolver): TxGraph {
  const c = new GraphCollector();
  for (let i = 0; i < values.length; i++) c.add(values[i]!);
  return c.toJson(resolve);
}

// ---------------------------------------------------------------------------------------------
// stats

/** `stats` with Neo4j's snake_case keys in its order (`relationship_deleted` is singular there). */
export function statsToJson(stats: QueryStats): Record<string, number | boolean> {
  return {
    contains_updates: stats.containsUpdates ?? false,
    nodes_created: stats.nodesCreated ?? 0,
    nodes_deleted: stats.nodesDeleted ?? 0,
    properties_set: stats.propertiesSet ?? 0,
    relationships_created: stats.relationshipsCreated ?? 0,
    relationship_deleted: stats.relationshipsDeleted ?? 0,
    labels_added: stats.labelsAdded ?? 0,
    labels_removed: stats.labelsRemoved ?? 0,
    indexes_added: stats.indexesAdded ?? 0,
    indexes_removed: stats.indexesRemoved ?? 0,
    constraints_added: stats.constraintsAdded ?? 0,
    constraints_removed: stats.constraintsRemoved ?? 0,
    contains_system_updates: stats.containsSystemUpdates ?? false,
    system_updates: stats.systemUpdates ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// parameters

/**
 * One JSON value of a request (parsed with bigint integers) as a Cypher value: bigint -> INTEGER,
 * number -> FLOAT, array -> LIST, object -> MAP. `path` names it in error messages.
 */
export function decodeJsonValue(v: unknown, path: string): Value {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return v;
    case 'bigint':
      if (v < INT64_MIN || v > INT64_MAX) throw parameterError(path, `the integer ${v} is outside the 64-bit range.`);
      return v;
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    const out = new Array<Value>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = decodeJsonValue(v[i], `${path}[${i}]`);
    return out;
  }
  if (isPlainObject(v)) {
    const m = new Map<string, Value>();
    for (const k of Object.keys(v)) m.set(k, decodeJsonValue(v[k], `${path}.${k}`));
    return m;
  }
  throw parameterError(path, `${jsonTypeOf(v)} is not a JSON value.`);
}

/** Requires a JSON object: the `parameters` of a statement. */
export function requireParameterObject(obj: unknown): Record<string, unknown> {
  if (!isPlainObject(obj)) {
    throw quiverError('RequestInvalidFormat', `Could not map the incoming JSON: "parameters" must be a JSON object, not ${jsonTypeOf(obj)}.`);
  }
  return obj;
}

/**
 * The `parameters` object of a statement, parsed with lossless-json (integral numbers as bigint).
 * Throws RequestInvalidFormat for anything but an object and for integers outside int64.
 *
 * @example decodeJsonParameters({ n: 1n, x: 1.5, l: [1n] }) // Map { n => 1n, x => 1.5, l => [1n] }
 */
export function decodeJsonParameters(obj: unknown): Map<string, Value> {
  const o = requireParameterObject(obj);
  const out = new Map<string, Value>();
  for (const k of Object.keys(o)) out.set(k, decodeJsonValue(o[k], k));
  return out;
}
