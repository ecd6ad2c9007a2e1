// Grouping keys: a string per list of values such that two lists get the same key exactly when
// Cypher treats them as the same group (DISTINCT, aggregation): equivalence, where null equals
// null, 1 equals 1.0, and entities are equal by identity.
import { NodeValue, PathValue, RelationshipValue, type Value } from '../../values/types.js';

/** The key of one value: the same string groupKey([v]) gives. */
export function groupKey1(v: Value): string {
  // Fast paths for the common scalar keys (the same strings the general path builds, so 1 and
  // 1.0 still meet).
  if (typeof v === 'bigint') return `n${v}\u0001`;
  if (typeof v === 'string') return `s${v.length}:${v}\u0001`;
  return keyOf(v) + '\u0001';
}

export function groupKey(values: readonly Value[]): string {
  if (values.length === 1) return groupKey1(values[0]!);
  let s = '';
  for (const v of values) s += keyOf(v) + '\u0001';
  return s;
}

function num(n: number | bigint): string {
  if (typeof n === 'bigint') return `n${n}`;
  if (Number.isNaN(n)) return 'nNaN';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 64) return `n${BigInt(n)}`;
  return `n${n}`;
}

function keyOf(v: Value): string {
  if (v === null) return 'z';
  switch (typeof v) {
    case 'boolean':
      return v ? 'bt' : 'bf';
    case 'bigint':
    case 'number':
      return num(v);
    case 'string':
      return `s${v.length}:${v}`;
  }
  if (Array.isArray(v)) return `l[${v.map(keyOf).join(',')}]`;
  if (v instanceof Map) {
    const keys = [...v.keys()].sort();
    return `m{${keys.map((k) => `${k.length}:${k}=${keyOf(v.get(k)!)}`).join(',')}}`;
  }
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (v instanceof NodeValue) return `N${v.elementId}`;
  if (v instanceof RelationshipValue) return `R${v.elementId}`;
  if (v instanceof PathValue) return `P${v.nodes.map((n) => n.elementId).join('>')}|${v.relationships.map((r) => r.elementId).join('>')}`;
  const s = v as { kind: string; toString(): string };
  if (s.kind === 'Point') {
    const p = v as unknown as { srid: number; x: number; y: number; z?: number };
    return `p${p.srid}:${num(p.x)}:${num(p.y)}:${p.z === undefined ? '' : num(p.z)}`;
  }
  if (s.kind === 'Duration') {
    const d = v as unknown as { months: bigint; days: bigint; seconds: bigint; nanoseconds: number };
    return `d${d.months}:${d.days}:${d.seconds}:${d.nanoseconds}`;
  }
  return `${s.kind}:${s.toString()}`;
}

/**
 * Keeps the rows whose key `seen` has not met yet (DISTINCT, UNION), adding their keys; returns
 * them with the bytes the new keys take, for memory accounting.
 */
export function keepNew(rows: readonly Value[][], seen: Set<string>, keySize: (k: string) => number): { fresh: Value[][]; bytes: number } {
  let bytes = 0;
  const fresh = rows.filter((r) => {
    const k = groupKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    bytes += keySize(k);
    return true;
  });
  return { fresh, bytes };
}
