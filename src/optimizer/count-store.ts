// Pass: `MATCH (n[:L]) RETURN count(n)` / `count(*)` without grouping reads the count store
// instead of scanning.
import type { Plan } from '../planner/index.js';
import type { OptimizerContext } from './index.js';
import { rewrite } from './index.js';

export function countStore(plan: Plan, _ctx: OptimizerContext): Plan {
  return rewrite(plan, (p) => {
    if (p.kind !== 'Aggregate' || p.groups.length !== 0 || p.aggregates.length !== 1) return p;
    const scan = p.input;
    if (scan.kind !== 'NodeScan' || scan.input.kind !== 'Argument' || scan.input.columns.length !== 0) return p;
    const call = p.aggregates[0]!.call;
    const counts =
      call.kind === 'CountStar' ||
      (call.kind === 'FunctionCall' && call.name.toLowerCase() === 'count' && !call.distinct && call.args.length === 1 && call.args[0]!.kind === 'Variable' && call.args[0]!.name === scan.variable);
    if (!counts) return p;
    const count: Plan = { kind: 'NodeCount', input: scan.input, label: scan.label, name: p.aggregates[0]!.name, columns: p.columns };
    return scan.database === undefined ? count : { ...count, database: scan.database };
  });
}
