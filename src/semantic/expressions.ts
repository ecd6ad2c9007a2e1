// Generic walks over AST expressions: map (rewrite), structural equality, aggregate detection.
import type * as A from '../cypher/index.js';

export const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'collect', 'stdev', 'stdevp', 'percentilecont', 'percentiledisc']);

export function isAggregateCall(e: A.Expression): boolean {
  return e.kind === 'CountStar' || (e.kind === 'FunctionCall' && e.namespace.length === 0 && AGGREGATES.has(e.name.toLowerCase()));
}

/** Expressions whose inner expressions belong to another scope: walks do not enter them. */
const SCOPE_BOUNDARY = new Set(['ExistsSubquery', 'CountSubquery', 'CollectSubquery']);

function isNode(x: unknown): x is { kind: string } {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';
}

/**
 * Rewrites an expression top-down: `f` returns a replacement for a node, or undefined to keep it
 * and descend into its children. Subquery expressions are not entered.
 */
export function mapExpression(e: A.Expression, f: (e: A.Expression) => A.Expression | undefined): A.Expression {
  const r = f(e);
  if (r !== undefined) return r;
  if (SCOPE_BOUNDARY.has(e.kind)) return e;
  return mapChildren(e, f) as A.Expression;
}

function mapChildren(node: object, f: (e: A.Expression) => A.Expression | undefined): object {
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    let nv: unknown = v;
    if (Array.isArray(v)) {
      const arr = v.map((x) => (isNode(x) ? mapAny(x, f) : x));
      if (arr.some((x, i) => x !== v[i])) nv = arr;
    } else if (isNode(v) && k !== 'pos') {
      nv = mapAny(v, f);
    }
    if (nv !== v) changed = true;
    out[k] = nv;
  }
  return changed ? out : node;
}

const EXPRESSION_KINDS = new Set([
  'Literal', 'Parameter', 'Variable', 'ListLiteral', 'MapLiteral', 'PropertyAccess', 'Subscript', 'Slice', 'HasLabels',
  'FunctionCall', 'CountStar', 'Unary', 'Binary', 'Comparison', 'IsNull', 'IsType', 'Case', 'ListComprehension',
  'PatternComprehension', 'Quantifier', 'Reduce', 'MapProjection', 'PatternExpression', 'ExistsSubquery', 'CountSubquery',
  'CollectSubquery',
]);

function mapAny(node: { kind: string }, f: (e: A.Expression) => A.Expression | undefined): unknown {
  if (EXPRESSION_KINDS.has(node.kind)) return mapExpression(node as A.Expression, f);
  return mapChildren(node, f);
}

export function isExpression(x: unknown): x is A.Expression {
  return isNode(x) && EXPRESSION_KINDS.has(x.kind);
}

/** Structural equality of two expressions, ignoring positions and source text. */
export function sameExpression(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (typeof a === 'bigint' || typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameExpression(x, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => k !== 'pos' && k !== 'text');
  const kb = Object.keys(b as object).filter((k) => k !== 'pos' && k !== 'text');
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameExpression((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Calls `f` on every expression node (not entering subqueries). */
export function forEachExpression(e: A.Expression, f: (e: A.Expression) => void): void {
  mapExpression(e, (x) => {
    f(x);
    return undefined;
  });
}

/** Variables an expression reads (free variables; comprehension variables excluded). */
export function freeVariables(e: A.Expression): Set<string> {
  const out = new Set<string>();
  const walk = (x: A.Expression, bound: ReadonlySet<string>): void => {
    switch (x.kind) {
      case 'Variable':
        if (!bound.has(x.name)) out.add(x.name);
        return;
      case 'ListComprehension':
      case 'Quantifier': {
        walk(x.list, bound);
        const inner = new Set(bound).add(x.variable.name);
        if (x.where) walk(x.where, inner);
        if (x.kind === 'ListComprehension' && x.projection) walk(x.projection, inner);
        return;
      }
      case 'Reduce': {
        walk(x.init, bound);
        walk(x.list, bound);
        walk(x.expression, new Set(bound).add(x.variable.name).add(x.accumulator.name));
        return;
      }
      default:
        mapChildren(x, (c) => {
          walk(c, bound);
          return c;
        });
    }
  };
  walk(e, new Set());
  return out;
}

/** The direct sub-expressions of an expression (through non-expression nodes like map entries). */
export function expressionChildren(e: A.Expression): A.Expression[] {
  const out: A.Expression[] = [];
  if (SCOPE_BOUNDARY.has(e.kind)) return out;
  mapChildren(e, (c) => {
    out.push(c);
    return c;
  });
  return out;
}
