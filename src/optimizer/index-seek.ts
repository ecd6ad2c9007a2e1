// Pass: a label scan whose node is then tested for `prop = value` (a pattern property map or a
// WHERE equality) becomes an index seek when a property index covers (label, prop). The original
// test stays in place above the seek, so semantics never depend on the index. A scan of another
// database than the session's (FROM DATABASE, USE) becomes a seek whose index is chosen when it
// runs (`index: ''`): the plan is cached for the session database, whose schema is the only one
// known here; without a matching index there, the seek falls back to the label scan.
import type * as A from '../cypher/index.js';
import type { NodeScan, Plan } from '../planner/index.js';
import { freeVariables } from '../semantic/index.js';
import type { OptimizerContext } from './index.js';
import { rewrite } from './index.js';

export function indexSeek(plan: Plan, ctx: OptimizerContext): Plan {
  const indexes = ctx.indexes.filter((i) => i.entity === 'node' && i.properties.length === 1);
  return rewrite(plan, (p) => {
    if (p.kind !== 'PatternFilter' && p.kind !== 'Filter') return p;
    const scan = p.input;
    if (scan.kind !== 'NodeScan' || scan.label === null) return p;
    const foreign = scan.database !== undefined && scan.database !== '';
    if (!foreign && indexes.length === 0) return p;
    for (const [key, value] of equalities(p, scan)) {
      const ix = foreign ? { name: '' } : indexes.find((i) => i.token === scan.label && i.properties[0] === key);
      if (ix === undefined) continue;
      if (freeVariables(value).has(scan.variable)) continue;
      const seek: Plan = { kind: 'NodeIndexSeek', input: scan.input, variable: scan.variable, index: ix.name, label: scan.label, property: key, value, columns: scan.columns };
      return { ...p, input: scan.database === undefined ? seek : { ...seek, database: scan.database } };
    }
    return p;
  });
}

function equalities(p: Plan, scan: NodeScan): [string, A.Expression][] {
  const out: [string, A.Expression][] = [];
  if (p.kind === 'PatternFilter' && p.variable === scan.variable && p.properties?.kind === 'MapLiteral') {
    for (const e of p.properties.entries) out.push([e.key, e.value]);
  }
  if (p.kind === 'Filter') {
    const conj = (e: A.Expression): void => {
      if (e.kind === 'Binary' && e.operator === 'AND') {
        conj(e.left);
        conj(e.right);
      } else if (e.kind === 'Comparison' && e.operators.length === 1 && e.operators[0] === '=') {
        const [l, r] = e.operands as [A.Expression, A.Expression];
        for (const [a, b] of [[l, r], [r, l]] as const) {
          if (a.kind === 'PropertyAccess' && a.object.kind === 'Variable' && a.object.name === scan.variable) out.push([a.key, b]);
        }
      }
    };
    conj(p.predicate);
  }
  return out;
}
