// Jolt ("JSON Bolt"), the event-stream result format of the transactional API, after Neo4j 5's
// http/cypher/format/jolt (AbstractJoltModule, Sigil, JoltSparseNumberSerializer,
// JoltLongSerializer, PointToWKT, v1/v2 node, relationship and path serializers).
//
// Every value is a one-key object `{sigil: value}`. Sparse mode (the default) leaves strings,
// booleans, lists and INTEGERs within 32 bits bare; maps, floats and everything else keep their
// sigil. Strict mode tags everything but null. Neo4j's quirks are kept on purpose:
// - sparse: an INTEGER outside 32 bits is `{"Z": "<digits>"}`;
// - strict: an INTEGER is `{"Z": "<digits>"}` when -2^31 <= n < 2^31-1 and `{"R": "<digits>"}`
//   otherwise (2147483647 itself included: JoltLongSerializer compares with `<`);
// - strict booleans are strings: `{"?": "true"}`.
// v1 (`application/vnd.neo4j.jolt`) identifies entities by integer id, v2 (`...jolt-v2`) by
// element id. In a path, a relationship walked against its direction is `<-` with its ends
// swapped, so that the path reads left to right.
import { formatFloat } from '../../../runtime/functions/support.js';
import type { CypherMap, NodeValue, PathValue, RelationshipValue, StructValue, Value } from '../../../values/types.js';
import { isoTemporal, pointWkt } from './query-api.js';
import { setKey } from './transactional.js';

export interface JoltOptions {
  readonly version: 1 | 2;
  readonly strict: boolean;
}

/** The Jolt variant an `Accept` media type asks for, and whether events are `0x1E`-separated (json-seq). */
export interface JoltFormat extends JoltOptions {
  readonly seq: boolean;
}

/**
 * Reads a Jolt media type: `application/vnd.neo4j.jolt` (v1; also `-v1`), `...jolt-v2`, either with
 * `+json-seq` and `;strict=true`. Returns undefined for anything else.
 *
 * @example parseJoltMediaType('application/vnd.neo4j.jolt-v2+json-seq;strict=true') // {version: 2, strict: true, seq: true}
 */
export function parseJoltMediaType(mediaType: string): JoltFormat | undefined {
  const [type = '', ...params] = mediaType.split(';');
  const m = /^application\/vnd\.neo4j\.jolt(-v[12])?(\+json-seq)?$/i.exec(type.trim());
  if (m === null) return undefined;
  let strict = false;
  for (const p of params) {
    const [k = '', v = ''] = p.split('=');
    if (k.trim().toLowerCase() === 'strict') strict = v.trim().toLowerCase() === 'true';
  }
  return { version: m[1]?.toLowerCase() === '-v2' ? 2 : 1, strict, seq: m[2] !== undefined };
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

function integer(n: bigint, strict: boolean): unknown {
  if (!strict) return n >= INT32_MIN && n <= INT32_MAX ? Number(n) : { Z: n.toString() };
  return n >= INT32_MIN && n < INT32_MAX ? { Z: n.toString() } : { R: n.toString() };
}

function properties(m: CypherMap, opts: JoltOptions): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, x] of m) setKey(o, k, joltValue(x, opts));
  return o;
}

function node(n: NodeValue, opts: JoltOptions): object {
  return { '()': [opts.version === 2 ? n.elementId : Number(n.id), n.labels, properties(n.properties, opts)] };
}

function relationship(r: RelationshipValue, opts: JoltOptions, reversed: boolean): object {
  const v2 = opts.version === 2;
  const id = v2 ? r.elementId : Number(r.id);
  const start = v2 ? r.startElementId : Number(r.startId);
  const end = v2 ? r.endElementId : Number(r.endId);
  const props = properties(r.properties, opts);
  return reversed ? { '<-': [id, end, r.type, start, props] } : { '->': [id, start, r.type, end, props] };
}

function path(p: PathValue, opts: JoltOptions): object {
  const { nodes, relationships } = p;
  const out = new Array<unknown>(nodes.length + relationships.length);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    out[2 * i] = node(n, opts);
    if (i < relationships.length) {
      const r = relationships[i]!;
      out[2 * i + 1] = relationship(r, opts, r.startElementId !== n.elementId);
    }
  }
  return { '..': out };
}

/**
 * One value in Jolt.
 *
 * @example joltValue(1.5, { version: 2, strict: false }) // { R: '1.5' }
 */
export function joltValue(v: Value, opts: JoltOptions): unknown {
  switch (typeof v) {
    case 'string':
      return opts.strict ? { U: v } : v;
    case 'boolean':
      return opts.strict ? { '?': v ? 'true' : 'false' } : v;
    case 'bigint':
      return integer(v, opts.strict);
    case 'number':
      return { R: formatFloat(v) };
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    const list = v as readonly Value[];
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = joltValue(list[i]!, opts);
    return opts.strict ? { '[]': out } : out;
  }
  if (v instanceof Map) return { '{}': properties(v as CypherMap, opts) };
  if (v instanceof Uint8Array) return { '#': hex(v) };
  const s = v as StructValue;
  switch (s.kind) {
    case 'Node':
      return node(s, opts);
    case 'Relationship':
      return relationship(s, opts, false);
    case 'Path':
      return path(s, opts);
    case 'Point':
      return { '@': pointWkt(s, false) };
    default:
      return { T: isoTemporal(s) };
  }
}
