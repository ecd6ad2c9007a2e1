// Result and side-effect comparison by the kit's rules (tck/README.adoc and the reference runner,
// openCypher tools/tck-api):
// - rows are a multiset (`in any order`) or a sequence (`in order`); column names must match in
//   order; under `(ignoring element order for lists)` every list is compared as a multiset;
// - nodes compare by labels (as a set) and properties, relationships by type and properties,
//   paths element by element including each relationship's direction; identities never matter;
// - INTEGER and FLOAT are distinct (1 is not 1.0); NaN matches NaN; temporal and spatial values
//   match the string the kit writes, by their string form;
// - floats compare exactly (the reference runner parses the literal as a double and compares with
//   equals): no tolerance, so float noise in a result is a failure, as it would be in the kit.
// - side effects are what the kit defines: differences between graph snapshots taken before and
//   after the query (README "Observability of side effects"), not the engine's counters.
import type { CypherMap, Value } from '../../src/values/types.js';
import { type Expected, type NodeLiteral, formatExpected, formatValue, isStringlyTyped, stringForm } from './values.js';

interface Kinded {
  readonly kind?: string;
}

interface NodeLike {
  readonly kind: 'Node';
  readonly id: bigint;
  readonly elementId: string;
  readonly labels: readonly string[];
  readonly properties: CypherMap;
}

interface RelLike {
  readonly kind: 'Relationship';
  readonly id: bigint;
  readonly elementId: string;
  readonly type: string;
  readonly startId: bigint;
  readonly endId: bigint;
  readonly properties: CypherMap;
}

interface PathLike {
  readonly kind: 'Path';
  readonly nodes: readonly NodeLike[];
  readonly relationships: readonly RelLike[];
}

function kindOf(v: Value): string | undefined {
  return typeof v === 'object' && v !== null ? (v as Kinded).kind : undefined;
}

/** Whether a FLOAT result matches the kit's float literal (see the header comment). */
export function floatMatches(expected: { readonly value: number; readonly text: string }, actual: number): boolean {
  if (Number.isNaN(expected.value)) return Number.isNaN(actual);
  return expected.value === actual;
}

/** Whether an engine value matches an expected literal. */
export function matches(e: Expected, a: Value): boolean {
  switch (e.kind) {
    case 'null':
      return a === null;
    case 'boolean':
      return a === e.value;
    case 'integer':
      return typeof a === 'bigint' && a === e.value;
    case 'float':
      return typeof a === 'number' && floatMatches(e, a);
    case 'string':
      if (typeof a === 'string') return a === e.value;
      return isStringlyTyped(a) && stringForm(a) === e.value;
    case 'list': {
      if (!Array.isArray(a)) return false;
      const items = a as readonly Value[];
      if (items.length !== e.items.length) return false;
      if (e.ordered) return e.items.every((x, i) => matches(x, items[i]!));
      return multisetMatch(e.items, items, matches) === null;
    }
    case 'map':
      return a instanceof Map && propertiesMatch(e.entries, a as CypherMap);
    case 'node':
      return kindOf(a) === 'Node' && nodeMatches(e, a as unknown as NodeLike);
    case 'relationship': {
      if (kindOf(a) !== 'Relationship') return false;
      const r = a as unknown as RelLike;
      return r.type === e.type && propertiesMatch(e.properties, r.properties);
    }
    case 'path': {
      if (kindOf(a) !== 'Path') return false;
      const p = a as unknown as PathLike;
      if (p.relationships.length !== e.links.length || p.nodes.length !== e.links.length + 1) return false;
      if (!nodeMatches(e.start, p.nodes[0]!)) return false;
      return e.links.every((link, i) => {
        const r = p.relationships[i]!;
        const from = p.nodes[i]!;
        const to = p.nodes[i + 1]!;
        const selfLoop = r.startId === r.endId;
        const forward = r.startId === from.id && r.endId === to.id;
        const backward = r.startId === to.id && r.endId === from.id;
        if (!selfLoop && (link.forward ? !forward : !backward)) return false;
        return (
          r.type === link.relationship.type &&
          propertiesMatch(link.relationship.properties, r.properties) &&
          nodeMatches(link.node, to)
        );
      });
    }
  }
}

function nodeMatches(e: NodeLiteral, n: NodeLike): boolean {
  const labels = new Set(n.labels);
  const expected = new Set(e.labels);
  if (labels.size !== expected.size || [...expected].some((l) => !labels.has(l))) return false;
  return propertiesMatch(e.properties, n.properties);
}

function propertiesMatch(e: ReadonlyMap<string, Expected>, a: CypherMap): boolean {
  if (e.size !== a.size) return false;
  for (const [k, v] of e) {
    if (!a.has(k) || !matches(v, a.get(k) as Value)) return false;
  }
  return true;
}

/**
 * Pairs every expected item with a distinct actual item (a bipartite matching, since float
 * tolerance makes "matches" no equivalence). Returns null on success, else the index of an
 * expected item left unmatched.
 */
export function multisetMatch<E, A>(expected: readonly E[], actual: readonly A[], eq: (e: E, a: A) => boolean): number | null {
  const ownerOf = new Array<number>(actual.length).fill(-1);
  const cache = new Map<number, boolean>();
  const test = (i: number, j: number): boolean => {
    const key = i * actual.length + j;
    let r = cache.get(key);
    if (r === undefined) {
      r = eq(expected[i]!, actual[j]!);
      cache.set(key, r);
    }
    return r;
  };
  const tryAssign = (i: number, seen: Uint8Array): boolean => {
    for (let j = 0; j < actual.length; j++) {
      if (seen[j] || !test(i, j)) continue;
      seen[j] = 1;
      if (ownerOf[j] === -1 || tryAssign(ownerOf[j]!, seen)) {
        ownerOf[j] = i;
        return true;
      }
    }
    return false;
  };
  // Cheap greedy pass first; the augmenting search only runs for items it could not place.
  const unplaced: number[] = [];
  for (let i = 0; i < expected.length; i++) {
    let placed = false;
    for (let j = 0; j < actual.length; j++) {
      if (ownerOf[j] === -1 && test(i, j)) {
        ownerOf[j] = i;
        placed = true;
        break;
      }
    }
    if (!placed) unplaced.push(i);
  }
  for (const i of unplaced) {
    if (!tryAssign(i, new Uint8Array(actual.length))) return i;
  }
  return null;
}

export interface ExpectedTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Expected[])[];
}

export interface ActualTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Value[])[];
}

const MAX_ROWS_SHOWN = 25;

function showExpected(t: ExpectedTable): string {
  const lines = [`| ${t.columns.join(' | ')} |`];
  for (const r of t.rows.slice(0, MAX_ROWS_SHOWN)) lines.push(`| ${r.map(formatExpected).join(' | ')} |`);
  if (t.rows.length > MAX_ROWS_SHOWN) lines.push(`... ${t.rows.length - MAX_ROWS_SHOWN} more rows`);
  return lines.join('\n');
}

function showActual(t: ActualTable): string {
  const lines = [`| ${t.columns.join(' | ')} |`];
  for (const r of t.rows.slice(0, MAX_ROWS_SHOWN)) lines.push(`| ${r.map(formatValue).join(' | ')} |`);
  if (t.rows.length > MAX_ROWS_SHOWN) lines.push(`... ${t.rows.length - MAX_ROWS_SHOWN} more rows`);
  return lines.join('\n');
}

function rowMatches(e: readonly Expected[], a: readonly Value[]): boolean {
  return e.length === a.length && e.every((x, i) => matches(x, a[i]!));
}

/** Compares a result with the kit's table. Returns null when they agree, else why not. */
export function compareResult(expected: ExpectedTable, actual: ActualTable, ordered: boolean): string | null {
  const mismatch = (what: string): string =>
    `${what}\nexpected (${ordered ? 'in order' : 'in any order'}):\n${showExpected(expected)}\nactual:\n${showActual(actual)}`;
  if (expected.columns.length !== actual.columns.length || expected.columns.some((c, i) => c !== actual.columns[i])) {
    return mismatch(`columns differ: expected [${expected.columns.join(', ')}], got [${actual.columns.join(', ')}]`);
  }
  if (expected.rows.length !== actual.rows.length) {
    return mismatch(`expected ${expected.rows.length} rows, got ${actual.rows.length}`);
  }
  if (ordered) {
    const i = expected.rows.findIndex((row, k) => !rowMatches(row, actual.rows[k]!));
    return i < 0 ? null : mismatch(`row ${i + 1} differs`);
  }
  const missing = multisetMatch(expected.rows, actual.rows, rowMatches);
  return missing === null ? null : mismatch(`no result row matches expected row ${missing + 1}`);
}

/** What the kit observes of a graph: entity ids, distinct labels and property triples. */
export interface GraphSnapshot {
  readonly nodes: ReadonlySet<string>;
  readonly relationships: ReadonlySet<string>;
  readonly labels: ReadonlySet<string>;
  readonly properties: ReadonlySet<string>;
}

export const SIDE_EFFECT_KEYS = [
  '+nodes',
  '-nodes',
  '+relationships',
  '-relationships',
  '+labels',
  '-labels',
  '+properties',
  '-properties',
] as const;

export type SideEffectKey = (typeof SIDE_EFFECT_KEYS)[number];
export type SideEffects = Readonly<Record<SideEffectKey, number>>;

function entityKey(prefix: string, e: { readonly id: bigint; readonly elementId: string }): string {
  return `${prefix}:${e.elementId ?? e.id.toString()}`;
}

/**
 * A snapshot from every node (`MATCH (n) RETURN n`) and relationship (`MATCH ()-[r]->() RETURN
 * r`). Properties are (entity, key, value) triples, so changing a value counts as one removal
 * and one addition, as the kit specifies.
 */
export function snapshotOf(nodes: readonly Value[], relationships: readonly Value[]): GraphSnapshot {
  const nodeIds = new Set<string>();
  const relIds = new Set<string>();
  const labels = new Set<string>();
  const properties = new Set<string>();
  for (const v of nodes) {
    if (kindOf(v) !== 'Node') throw new Error(`snapshot query returned ${formatValue(v)} where a node was expected`);
    const n = v as unknown as NodeLike;
    const id = entityKey('n', n);
    nodeIds.add(id);
    for (const l of n.labels) labels.add(l);
    for (const [k, val] of n.properties) properties.add(`${id}\u0000${k}\u0000${formatValue(val as Value)}`);
  }
  for (const v of relationships) {
    if (kindOf(v) !== 'Relationship') throw new Error(`snapshot query returned ${formatValue(v)} where a relationship was expected`);
    const r = v as unknown as RelLike;
    const id = entityKey('r', r);
    relIds.add(id);
    for (const [k, val] of r.properties) properties.add(`${id}\u0000${k}\u0000${formatValue(val as Value)}`);
  }
  return { nodes: nodeIds, relationships: relIds, labels, properties };
}

function countMissing(from: ReadonlySet<string>, other: ReadonlySet<string>): number {
  let n = 0;
  for (const x of from) if (!other.has(x)) n++;
  return n;
}

export function diffSnapshots(before: GraphSnapshot, after: GraphSnapshot): SideEffects {
  return {
    '+nodes': countMissing(after.nodes, before.nodes),
    '-nodes': countMissing(before.nodes, after.nodes),
    '+relationships': countMissing(after.relationships, before.relationships),
    '-relationships': countMissing(before.relationships, after.relationships),
    '+labels': countMissing(after.labels, before.labels),
    '-labels': countMissing(before.labels, after.labels),
    '+properties': countMissing(after.properties, before.properties),
    '-properties': countMissing(before.properties, after.properties),
  };
}

/** Reads a `the side effects should be:` table; unlisted quantities are zero. */
export function parseSideEffects(table: readonly (readonly string[])[]): SideEffects {
  const out: Record<SideEffectKey, number> = Object.fromEntries(SIDE_EFFECT_KEYS.map((k) => [k, 0])) as Record<SideEffectKey, number>;
  for (const row of table) {
    if (row.length === 0) continue;
    const [key, count] = row;
    if (!(SIDE_EFFECT_KEYS as readonly string[]).includes(key ?? '')) throw new Error(`unknown side effect '${key}'`);
    const n = Number(count);
    if (!Number.isInteger(n)) throw new Error(`bad side effect count '${count}' for ${key}`);
    out[key as SideEffectKey] = n;
  }
  return out;
}

export const NO_SIDE_EFFECTS: SideEffects = parseSideEffects([]);

export function compareSideEffects(expected: SideEffects, actual: SideEffects): string | null {
  const diffs = SIDE_EFFECT_KEYS.filter((k) => expected[k] !== actual[k]);
  if (diffs.length === 0) return null;
  const show = (s: SideEffects): string =>
    SIDE_EFFECT_KEYS.filter((k) => s[k] !== 0)
      .map((k) => `${k} ${s[k]}`)
      .join(', ') || 'none';
  return `side effects differ: expected ${show(expected)}; got ${show(actual)}`;
}
