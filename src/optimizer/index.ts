// The optimizer: ordered, named rewrite passes over the logical plan (STYLE.md: Kuzu's list of
// passes). `optimize(plan, { disabled: true })` turns them all off, so tests can compare
// optimised and unoptimised results.
import type { IndexInfo } from '../storage/index.js';
import type { Plan } from '../planner/index.js';
import { indexSeek } from './index-seek.js';
import { countStore } from './count-store.js';
import { predicatePushdown } from './predicate-pushdown.js';

export interface OptimizerContext {
  readonly indexes: readonly IndexInfo[];
  readonly disabled?: boolean;
}

interface Pass {
  readonly name: string;
  run(plan: Plan, ctx: OptimizerContext): Plan;
}

// Order matters: predicates move down first, so that an equality lands right above the scan that
// binds its variable, where index-seek finds it; index seeks replace scans before the count store
// looks for bare scans.
const PASSES: readonly Pass[] = [
  { name: 'predicate-pushdown', run: predicatePushdown },
  { name: 'index-seek', run: indexSeek },
  { name: 'count-store', run: countStore },
];

export function optimize(plan: Plan, ctx: OptimizerContext): Plan {
  if (ctx.disabled || process.env.QUIVER_OPTIMIZER === 'off') return plan;
  return PASSES.reduce((p, pass) => pass.run(p, ctx), plan);
}

/** Rebuilds a plan bottom-up with `f` applied to every node (after its inputs). */
export function rewrite(p: Plan, f: (p: Plan) => Plan): Plan {
  let q: Plan = p;
  switch (p.kind) {
    case 'Argument':
      break;
    case 'Union':
      q = { ...p, parts: p.parts.map((x) => rewrite(x, f)) };
      break;
    case 'Apply':
      q = { ...p, input: rewrite(p.input, f), inner: rewrite(p.inner, f) };
      break;
    case 'Merge':
      q = { ...p, input: rewrite(p.input, f), match: rewrite(p.match, f) };
      break;
    case 'Foreach':
      q = { ...p, input: rewrite(p.input, f), body: rewrite(p.body, f) };
      break;
    case 'SubqueryValue':
      q = { ...p, input: rewrite(p.input, f), inner: rewrite(p.inner, f) };
      break;
    case 'Join':
      q = { ...p, left: rewrite(p.left, f), right: rewrite(p.right, f) };
      break;
    default:
      q = { ...p, input: rewrite(p.input, f) } as Plan;
  }
  return f(q);
}
