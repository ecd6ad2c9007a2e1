// Helpers for comparing ASTs "modulo positions": `pos` fields and the source text of projection
// items (a slice of the input, so as positional as `pos`) are dropped.
import type { Statement } from '../../src/cypher/index.js';

export function stripPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPositions);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'pos') continue;
      if (k === 'text' && (value as { kind?: unknown }).kind === 'ProjectionItem') continue;
      out[k] = stripPositions(v);
    }
    return out;
  }
  return value;
}

export function sameAst(a: Statement, b: Statement): boolean {
  return JSON.stringify(stripPositions(a), bigintReplacer) === JSON.stringify(stripPositions(b), bigintReplacer);
}

export function bigintReplacer(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

/** Every node of an AST with a `kind`, depth first. */
export function* walk(value: unknown): Generator<{ kind: string; pos?: unknown }> {
  if (Array.isArray(value)) for (const v of value) yield* walk(v);
  else if (value !== null && typeof value === 'object') {
    if (typeof (value as { kind?: unknown }).kind === 'string') yield value as { kind: string };
    for (const v of Object.values(value)) yield* walk(v);
  }
}
