// The final PULL/DISCARD metadata the driver reads (specs/bolt-and-http.md section 5).
import type { PackValue } from './packstream.js';
import type { PlanNode, QueryStats, ResultSummary } from '../session.js';

const STAT_KEYS: readonly (readonly [keyof QueryStats, string])[] = [
  ['nodesCreated', 'nodes-created'],
  ['nodesDeleted', 'nodes-deleted'],
  ['relationshipsCreated', 'relationships-created'],
  ['relationshipsDeleted', 'relationships-deleted'],
  ['propertiesSet', 'properties-set'],
  ['labelsAdded', 'labels-added'],
  ['labelsRemoved', 'labels-removed'],
  ['indexesAdded', 'indexes-added'],
  ['indexesRemoved', 'indexes-removed'],
  ['constraintsAdded', 'constraints-added'],
  ['constraintsRemoved', 'constraints-removed'],
  ['systemUpdates', 'system-updates'],
  ['containsUpdates', 'contains-updates'],
  ['containsSystemUpdates', 'contains-system-updates'],
];

/** Kebab-case stats; zero counters and false flags are left out (the driver defaults them). */
export function statsMeta(stats: QueryStats): { [key: string]: PackValue } | undefined {
  const out: { [key: string]: PackValue } = {};
  let any = false;
  for (const [k, wire] of STAT_KEYS) {
    const v = stats[k];
    if (v === undefined || v === 0 || v === false) continue;
    out[wire] = typeof v === 'number' ? BigInt(v) : v;
    any = true;
  }
  return any ? out : undefined;
}

function planMeta(p: PlanNode, profile: boolean): { [key: string]: PackValue } {
  return {
    operatorType: p.operatorType,
    identifiers: p.identifiers,
    args: p.args,
    children: p.children.map((c) => planMeta(c, profile)),
    dbHits: profile ? BigInt(p.dbHits ?? 0) : undefined,
    rows: profile ? BigInt(p.rows ?? 0) : undefined,
    time: profile ? BigInt(p.time ?? 0) : undefined,
  };
}

export function summaryMeta(s: ResultSummary, tLastMs: number): { [key: string]: PackValue } {
  return {
    type: s.queryType,
    t_last: BigInt(tLastMs),
    db: s.database,
    bookmark: s.bookmark,
    stats: statsMeta(s.stats),
    plan: s.plan === undefined ? undefined : planMeta(s.plan, false),
    profile: s.profile === undefined ? undefined : planMeta(s.profile, true),
    notifications:
      s.notifications.length === 0
        ? undefined
        : s.notifications.map((n) => ({
            code: n.code,
            title: n.title,
            description: n.description,
            severity: n.severity,
            category: n.category,
            position:
              n.position === undefined
                ? undefined
                : { offset: BigInt(n.position.offset), line: BigInt(n.position.line), column: BigInt(n.position.column) },
          })),
  };
}
