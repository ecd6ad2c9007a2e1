// Pass: splits a WHERE into its AND-ed conjuncts and moves each down the chain of operators that
// feeds it, to just above the operator that binds the last variable it needs. A pattern of
// several parts then filters each part as soon as it can, instead of after the cartesian product.
import type * as A from '../cypher/index.js';
import type { Plan } from '../planner/index.js';
import { freeVariables, isExpression } from '../semantic/index.js';
import type { OptimizerContext } from './index.js';
import { rewrite } from './index.js';

/** Operators a filter may move below: they only add columns to each row or drop rows. */
const TRANSPARENT = new Set(['NodeScan', 'NodeIndexSeek', 'NodeById', 'Expand', 'PatternFilter', 'Filter']);

export function predicatePushdown(plan: Plan, _ctx: OptimizerContext): Plan {
  return rewrite(plan, (p) => {
    if (p.kind !== 'Filter' || !TRANSPARENT.has(p.input.kind)) return p;
    const conjuncts = split(p.predicate);
    // Only plain conjuncts move: anything with a subquery or pattern stays where it was planned.
    if (conjuncts.some((c) => hasSubquery(c))) return p;
    let input = p.input;
    const stay: A.Expression[] = [];
    for (const c of conjuncts) {
      const moved = pushInto(input, c, freeVariables(c));
      if (moved === null) stay.push(c);
      else input = moved;
    }
    if (stay.length === 0) return input;
    return { ...p, input, predicate: join(stay) };
  });
}

/** Places `c` as low as possible in the transparent chain under `p`; null if it stays above. */
function pushInto(p: Plan, c: A.Expression, vars: Set<string>): Plan | null {
  if (!TRANSPARENT.has(p.kind) || !('input' in p)) return null;
  const input = (p as { input: Plan }).input;
  const below = [...vars].every((v) => input.columns.includes(v));
  if (!below) return null;
  const deeper = pushInto(input, c, vars);
  const newInput: Plan = deeper ?? { kind: 'Filter', input, predicate: c, columns: input.columns };
  return { ...p, input: newInput } as Plan;
}

function split(e: A.Expression): A.Expression[] {
  if (e.kind === 'Binary' && e.operator === 'AND') return [...split(e.left), ...split(e.right)];
  return [e];
}

function join(es: readonly A.Expression[]): A.Expression {
  return es.reduce((a, b) => ({ kind: 'Binary', operator: 'AND', left: a, right: b, pos: a.pos }));
}

function hasSubquery(e: unknown): boolean {
  if (Array.isArray(e)) return e.some(hasSubquery);
  if (typeof e !== 'object' || e === null) return false;
  const k = (e as { kind?: string }).kind;
  if (k === 'PatternExpression' || k === 'ExistsSubquery' || k === 'CountSubquery' || k === 'CollectSubquery' || k === 'PatternComprehension') return true;
  return Object.entries(e).some(([key, v]) => key !== 'pos' && (isExpression(v) || typeof v === 'object') && hasSubquery(v));
}
