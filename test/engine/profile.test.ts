// PROFILE returns the query's rows and a plan tree with each operator's rows and storage hits;
// EXPLAIN returns the tree without counters and runs nothing.
import { describe, expect, it } from 'vitest';
import { engineFixture } from '../support/engine.js';
import { type PlanDescription, type Session } from '../../src/index.js';

engineFixture('profiled', async (session) => {
  s = session;
  await s.run("UNWIND range(1, 10) AS i CREATE (:P {i: i})-[:KNOWS]->(:Q {name: 'q' + i})");
  await s.run('CREATE (:Other)');
});
let s: Session;


function find(p: PlanDescription, op: string): PlanDescription | undefined {
  if (p.operatorType === op) return p;
  for (const c of p.children) {
    const f = find(c, op);
    if (f) return f;
  }
  return undefined;
}

describe('PROFILE', () => {
  it('returns the rows and per-operator rows and db hits', async () => {
    const r = await s.run('PROFILE MATCH (p:P)-[:KNOWS]->(q) RETURN q.name AS name ORDER BY name');
    expect(r.rows).toHaveLength(10);
    expect(r.rows[0]).toEqual(['q1']);
    const plan = r.plan!;
    expect(plan.operatorType).toBe('ProduceResults');
    expect(plan.rows).toBe(10);
    const scan = find(plan, 'NodeScan')!;
    expect(scan.rows).toBe(10);
    expect(scan.dbHits).toBeGreaterThanOrEqual(10);
    const expand = find(plan, 'Expand')!;
    expect(expand.rows).toBe(10);
    // One adjacency list per P node plus one entry each.
    expect(expand.dbHits).toBe(20);
    expect(find(plan, 'Sort')!.dbHits).toBe(0);
  });

  it('counts rows of operators under a filter and zero for operators that never ran', async () => {
    const r = await s.run('PROFILE MATCH (p:P) WHERE p.i > 7 RETURN count(*) AS n');
    expect(r.rows).toEqual([[3n]]);
    expect(find(r.plan!, 'Filter')!.rows).toBe(3);
    expect(find(r.plan!, 'Aggregate')!.rows).toBe(1);
    const none = await s.run('PROFILE MATCH (o:Nothing) MATCH (o)-->(x) RETURN x');
    expect(none.rows).toEqual([]);
    expect(find(none.plan!, 'Expand')).toMatchObject({ rows: 0, dbHits: 0 });
  });

  it('counts writes, and EXPLAIN runs nothing and has no counters', async () => {
    const w = await s.run('PROFILE CREATE (:W {x: 1})');
    expect(w.stats.nodesCreated).toBe(1);
    expect(find(w.plan!, 'Create')!.dbHits).toBeGreaterThan(0);
    const e = await s.run('EXPLAIN CREATE (:W {x: 2})');
    expect(e.stats.nodesCreated).toBe(0);
    expect(e.plan!.rows).toBeUndefined();
    expect((await s.run('MATCH (w:W) RETURN count(w)')).rows).toEqual([[1n]]);
    expect((await s.run('MATCH (w:W) RETURN count(w)')).plan).toBeUndefined();
  });

  it('profiles shortest paths', async () => {
    const r = await s.run("PROFILE MATCH (p:P {i: 1}), (q:Q {name: 'q1'}) MATCH path = shortestPath((p)-[*]-(q)) RETURN length(path)");
    expect(r.rows).toEqual([[1n]]);
    expect(find(r.plan!, 'ShortestPath')).toMatchObject({ rows: 1 });
    expect(find(r.plan!, 'ShortestPath')!.dbHits).toBeGreaterThan(0);
  });
});
