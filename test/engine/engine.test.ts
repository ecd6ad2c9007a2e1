// The in-process API over a real store: what the openCypher kit does not cover — schema commands
// and constraint enforcement, explicit transactions, EXPLAIN, the optimizer's index seeks and count
// store (same answers with the optimizer off), parameters, and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQuiverError, open, type QuiverDB } from '../../src/index.js';
import { tempDir } from '../support/tmp.js';

let db: QuiverDB;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  db = await open(dir, { sync: false });
});

afterAll(async () => {
  await db.close();
  cleanup();
});

async function fresh(name: string) {
  await db.createDatabase(name);
  return db.session(name);
}

const rows = (r: { rows: readonly (readonly unknown[])[] }) => r.rows.map((x) => [...x]);

describe('schema commands', () => {
  it('creates, shows, uses and drops an index; the optimizer seeks it and answers the same', async () => {
    const s = await fresh('schema_idx');
    await s.run('UNWIND range(1, 200) AS i CREATE (:P {id: i, even: i % 2 = 0})');
    const created = await s.run('CREATE INDEX p_id FOR (n:P) ON (n.id)');
    expect(created.stats.indexesAdded).toBe(1);
    const shown = await s.run('SHOW INDEXES');
    expect(shown.rows.map((r) => r[shown.columns.indexOf('name')])).toEqual(['p_id']);
    const plan = await s.run('EXPLAIN MATCH (n:P {id: 42}) RETURN n.even');
    expect(JSON.stringify(plan.plan)).toContain('NodeIndexSeek');
    expect(plan.rows).toEqual([]);
    const q = 'MATCH (n:P) WHERE n.id = $id RETURN n.id AS id, n.even AS even';
    const seek = await s.run(q, { id: 42n });
    process.env.QUIVER_OPTIMIZER = 'off';
    try {
      const scan = await db.session('schema_idx').run(q + ' ', { id: 42n }); // a different text: not the cached plan
      expect(rows(scan)).toEqual(rows(seek));
    } finally {
      delete process.env.QUIVER_OPTIMIZER;
    }
    expect(rows(seek)).toEqual([[42n, true]]);
    expect(rows(await s.run('MATCH (n:P) WHERE n.id = 42.0 RETURN n.id'))).toEqual([[42n]]); // 42 = 42.0
    expect((await s.run('DROP INDEX p_id')).stats.indexesRemoved).toBe(1);
    expect((await s.run('SHOW INDEXES')).rows).toEqual([]);
    await expect(s.run('DROP INDEX p_id')).rejects.toSatisfy((e) => isQuiverError(e, 'IndexNotFound'));
    await s.run('DROP INDEX p_id IF EXISTS');
  });

  it('enforces a uniqueness constraint with ConstraintValidationFailed and keeps the graph unchanged', async () => {
    const s = await fresh('schema_unique');
    const c = await s.run('CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE');
    expect(c.stats.constraintsAdded).toBe(1);
    await s.run("CREATE (:Person {email: 'a@x'})");
    await expect(s.run("CREATE (:Person {email: 'a@x'})")).rejects.toSatisfy((e) => isQuiverError(e, 'ConstraintValidationFailed') && e.code === 'Neo.ClientError.Schema.ConstraintValidationFailed');
    await expect(s.run("MATCH (p:Person) CREATE (:Person {email: p.email})")).rejects.toSatisfy((e) => isQuiverError(e, 'ConstraintValidationFailed'));
    expect(rows(await s.run('MATCH (p:Person) RETURN count(p)'))).toEqual([[1n]]);
    // MERGE finds the existing node instead of failing
    await s.run("MERGE (p:Person {email: 'a@x'}) ON MATCH SET p.seen = true");
    expect(rows(await s.run('MATCH (p:Person) RETURN p.seen'))).toEqual([[true]]);
    const shown = await s.run('SHOW CONSTRAINTS');
    expect(shown.rows.map((r) => r[shown.columns.indexOf('name')])).toEqual(['person_email']);
    await expect(s.run('CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE')).rejects.toSatisfy((e) => isQuiverError(e, 'IndexAlreadyExists'));
    await s.run('CREATE CONSTRAINT person_email IF NOT EXISTS FOR (p:Person) REQUIRE p.email IS UNIQUE');
    expect((await s.run('DROP CONSTRAINT person_email')).stats.constraintsRemoved).toBe(1);
    await s.run("CREATE (:Person {email: 'a@x'})");
    expect(rows(await s.run('MATCH (p:Person) RETURN count(p)'))).toEqual([[2n]]);
  });

  it('answers counts from the count store and agrees with a scan', async () => {
    const s = await fresh('schema_counts');
    await s.run('UNWIND range(1, 50) AS i CREATE (:A), (:B)');
    const plan = await s.run('EXPLAIN MATCH (n:A) RETURN count(n)');
    expect(JSON.stringify(plan.plan)).toContain('NodeCount');
    expect(rows(await s.run('MATCH (n:A) RETURN count(n)'))).toEqual([[50n]]);
    expect(rows(await s.run('MATCH (n) RETURN count(*)'))).toEqual([[100n]]);
    expect(rows(await s.run('MATCH (n:A) WHERE true RETURN count(n)'))).toEqual([[50n]]);
  });
});

describe('transactions', () => {
  it('sees its own writes, hides them from others until commit, and discards them on rollback', async () => {
    const s = await fresh('tx_basic');
    const tx = await s.begin();
    await tx.run('CREATE (:T {v: 1})');
    expect(rows(await tx.run('MATCH (t:T) RETURN t.v'))).toEqual([[1n]]);
    expect(rows(await s.run('MATCH (t:T) RETURN count(t)'))).toEqual([[0n]]);
    await tx.commit();
    expect(rows(await s.run('MATCH (t:T) RETURN count(t)'))).toEqual([[1n]]);
    const rb = await s.begin();
    await rb.run('MATCH (t:T) DETACH DELETE t');
    await rb.rollback();
    expect(rows(await s.run('MATCH (t:T) RETURN count(t)'))).toEqual([[1n]]);
  });

  it('a failed statement fails its transaction, which can then only roll back', async () => {
    const s = await fresh('tx_failed');
    const tx = await s.begin();
    await tx.run('CREATE (:T)');
    await expect(tx.run('RETURN 1 / 0')).rejects.toSatisfy((e) => isQuiverError(e) && e.phase === 'runtime');
    await expect(tx.commit()).rejects.toSatisfy((e) => isQuiverError(e, 'TransactionMarkedAsFailed'));
    expect(rows(await s.run('MATCH (t:T) RETURN count(t)'))).toEqual([[0n]]);
  });

  it('refuses writes in a read transaction at compile time', async () => {
    const s = await fresh('tx_read');
    await expect(s.run('CREATE ()', {}, { mode: 'read' })).rejects.toSatisfy((e) => isQuiverError(e) && e.phase === 'compile');
    expect(rows(await s.run('MATCH (n) RETURN count(n)', {}, { mode: 'read' }))).toEqual([[0n]]);
  });

  it('streams a large result in batches and commits when it is exhausted', async () => {
    const s = await fresh('tx_stream');
    const stream = await s.stream('UNWIND range(1, 5000) AS i CREATE (n:S {i: i}) RETURN n.i AS i');
    let n = 0;
    for (let b = await stream.next(700); b.length > 0; b = await stream.next(700)) {
      expect(b.length).toBeLessThanOrEqual(700);
      n += b.length;
    }
    expect(n).toBe(5000);
    expect((await stream.summary()).stats.nodesCreated).toBe(5000);
    expect(rows(await s.run('MATCH (n:S) RETURN count(n)'))).toEqual([[5000n]]);
  });

  it('cancels a running query through its signal', async () => {
    const s = await fresh('tx_cancel');
    const ctl = new AbortController();
    const p = s.run('UNWIND range(1, 10000000) AS i WITH i WHERE i < 0 RETURN count(i)', {}, { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 20);
    await expect(p).rejects.toBeDefined();
  });
});

describe('bad input', () => {
  it('reports compile-time and runtime errors with Neo4j codes and leaves the database usable', async () => {
    const s = await fresh('bad_input');
    await expect(s.run('MATCH (n RETURN n')).rejects.toSatisfy((e) => isQuiverError(e, 'SyntaxError') && e.phase === 'compile' && /line 1, column/.test((e as Error).message));
    await expect(s.run('RETURN $missing')).rejects.toSatisfy((e) => isQuiverError(e, 'ParameterMissing') && e.code === 'Neo.ClientError.Statement.ParameterMissing');
    await expect(s.run('RETURN nope')).rejects.toSatisfy((e) => isQuiverError(e) && e.detail === 'UndefinedVariable');
    await expect(s.run('RETURN 9223372036854775807 + 1')).rejects.toSatisfy((e) => isQuiverError(e, 'ArithmeticError'));
    await expect(s.run('CREATE (n {m: {a: 1}})')).rejects.toSatisfy((e) => isQuiverError(e, 'PropertyValueNotStorable'));
    await expect(s.run('CALL no.such.proc()')).rejects.toSatisfy((e) => isQuiverError(e, 'ProcedureNotFound'));
    await expect(db.session('no_such_db').run('RETURN 1')).rejects.toSatisfy((e) => isQuiverError(e, 'DatabaseNotFound'));
    expect(rows(await s.run('MATCH (n) RETURN count(n)'))).toEqual([[0n]]);
    expect(rows(await s.run('RETURN 1 + 1 AS two'))).toEqual([[2n]]);
  });

  it('keeps int64 exact through parameters, storage and results', async () => {
    const s = await fresh('int64');
    const big = 2n ** 62n + 7n;
    await s.run('CREATE (:N {v: $v, w: $w})', { v: big, w: -(2n ** 63n) });
    expect(rows(await s.run('MATCH (n:N) RETURN n.v, n.w, n.v - 7'))).toEqual([[big, -(2n ** 63n), 2n ** 62n]]);
  });
});

describe('database commands', () => {
  it('creates, lists, uses and drops databases through Cypher', async () => {
    const s = db.session();
    await s.run('CREATE DATABASE tenant_cmd');
    await expect(s.run('CREATE DATABASE tenant_cmd')).rejects.toSatisfy((e) => isQuiverError(e, 'ExistingDatabaseFound'));
    await s.run('CREATE DATABASE tenant_cmd IF NOT EXISTS');
    const shown = await s.run('SHOW DATABASES');
    expect(shown.rows.map((r) => r[0])).toContain('tenant_cmd');
    await db.session('tenant_cmd').run('CREATE (:OnlyHere)');
    expect(rows(await s.run('USE tenant_cmd MATCH (n:OnlyHere) RETURN count(n)'))).toEqual([[1n]]);
    expect(rows(await s.run('MATCH (n:OnlyHere) RETURN count(n)'))).toEqual([[0n]]);
    await expect(s.run('CREATE DATABASE `1bad`')).rejects.toSatisfy((e) => isQuiverError(e, 'ArgumentError'));
    await s.run('DROP DATABASE tenant_cmd');
    await expect(db.session('tenant_cmd').run('RETURN 1')).rejects.toSatisfy((e) => isQuiverError(e, 'DatabaseNotFound'));
    await s.run('DROP DATABASE tenant_cmd IF EXISTS');
  });
});

describe('optimizer', () => {
  it('pushes WHERE conjuncts down to the part of a pattern that binds them, with the same answers', async () => {
    const s = await fresh('opt_pushdown');
    await s.run('UNWIND range(1, 30) AS i CREATE (:A {v: i}), (:B {w: i % 5})');
    const q = 'MATCH (a:A), (b:B) WHERE a.v = 3 AND b.w = 1 AND a.v + b.w > 0 RETURN a.v AS v, b.w AS w';
    const plan = JSON.stringify((await s.run('EXPLAIN ' + q)).plan);
    // The filter on a.v sits below the scan of B (applied before the cartesian product).
    expect(plan.indexOf('"operatorType":"NodeScan","identifiers":["a","b"]')).toBeGreaterThanOrEqual(0);
    expect(plan.lastIndexOf('Filter')).toBeGreaterThan(plan.indexOf('"identifiers":["a","b"]'));
    const optimized = rows(await s.run(q));
    process.env.QUIVER_OPTIMIZER = 'off';
    try {
      expect(rows(await s.run(q + ' '))).toEqual(optimized);
    } finally {
      delete process.env.QUIVER_OPTIMIZER;
    }
    expect(optimized).toHaveLength(6);
  });
});

describe('CREATE with a named path', () => {
  it('binds every variable of the pattern to its own element', async () => {
    const s = await fresh('named_path_create');
    const r = await s.run('CREATE p = (a:P1 {n: 1})-[r:LINK]->(b:P2)<-[q:BACK]-(c:P3) RETURN a, r, b, q, c, p');
    const [a, rel, b, q, c, p] = r.rows[0]! as any[];
    expect([a.labels, rel.type, b.labels, q.type, c.labels]).toEqual([['P1'], 'LINK', ['P2'], 'BACK', ['P3']]);
    expect(p.kind).toBe('Path');
    expect(p.nodes.map((n: any) => n.labels[0])).toEqual(['P1', 'P2', 'P3']);
    const two = await s.run('CREATE p1 = (x:Q1)-[:T]->(y:Q2), p2 = (y)-[:T]->(z:Q3) RETURN x, p1, z, p2, y');
    const [x, p1, z, p2, y] = two.rows[0]! as any[];
    expect([x.labels[0], z.labels[0], y.labels[0]]).toEqual(['Q1', 'Q3', 'Q2']);
    expect([p1.nodes.length, p2.nodes[1].labels[0]]).toEqual([2, 'Q3']);
  });
});

describe('plan cache', () => {
  it('replans a cached query once an index is created or dropped', async () => {
    const s = await fresh('plan_cache');
    await s.run('UNWIND range(1, 20) AS i CREATE (:C {k: i})');
    const q = 'EXPLAIN MATCH (n:C {k: 5}) RETURN n';
    expect(JSON.stringify((await s.run(q)).plan)).not.toContain('NodeIndexSeek');
    await s.run('CREATE INDEX c_k FOR (n:C) ON (n.k)');
    expect(JSON.stringify((await s.run(q)).plan)).toContain('NodeIndexSeek');
    await s.run('DROP INDEX c_k');
    expect(JSON.stringify((await s.run(q)).plan)).not.toContain('NodeIndexSeek');
  });

  it('shares plans between databases with the same schema, guarded by their label counts', async () => {
    const { prepare, QueryCache } = await import('../../src/engine.js');
    const cache = new QueryCache(100);
    const graphOf = async (name: string) => {
      const s = await fresh(name);
      await s.run('UNWIND range(1, 3) AS i CREATE (:A {k: i}), (:B {k: i})');
      await s.run('CREATE INDEX a_k FOR (n:A) ON (n.k)');
      const tx = db.store.begin({ readOnly: true });
      return { s, graph: await db.store.graph(tx, db.catalog.resolve(name).id), tx };
    };
    const one = await graphOf('share_one');
    const two = await graphOf('share_two');
    const q = 'MATCH (a:A)-[:R]->(b:B) RETURN a, b';
    const p1 = prepare(q, one.graph, cache);
    expect(p1.statsGuard).toBeDefined();
    // Same indexes, same counts: the very same prepared plan.
    expect(prepare(q, two.graph, cache)).toBe(p1);
    await one.tx.rollback();
    await two.tx.rollback();
    // Counts in another bucket: planned again, and the first variant stays for the first database.
    await two.s.run('UNWIND range(1, 500) AS i CREATE (:B)');
    const tx2 = db.store.begin({ readOnly: true });
    const bigger = await db.store.graph(tx2, db.catalog.resolve('share_two').id);
    const p2 = prepare(q, bigger, cache);
    expect(p2).not.toBe(p1);
    await tx2.rollback();
    const tx1 = db.store.begin({ readOnly: true });
    expect(prepare(q, await db.store.graph(tx1, db.catalog.resolve('share_one').id), cache)).toBe(p1);
    await tx1.rollback();
    // Another schema: its own plan.
    await two.s.run('CREATE INDEX b_k FOR (n:B) ON (n.k)');
    const tx3 = db.store.begin({ readOnly: true });
    expect(prepare(q, await db.store.graph(tx3, db.catalog.resolve('share_two').id), cache)).not.toBe(p2);
    await tx3.rollback();
  });
});
