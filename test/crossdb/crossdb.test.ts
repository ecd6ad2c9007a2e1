// Cross-database queries beyond the reference comparison: atomic writes to two databases, the
// errors (unknown database or alias, relationships across databases, access denied, read-only
// databases), aliases and parameters naming databases, EXPLAIN / PROFILE of the per-database
// sub-plans, and what a prepared query reports about the databases it touches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type PlanDescription, type QuiverDB, type Session } from '../../src/index.js';
import { tempDir } from '../support/tmp.js';

let db: QuiverDB;
let s: Session;
let cleanup: () => void;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  db = await open(dir, { sync: false });
  for (const name of ['tenant_a', 'tenant_b', 'sales', 'billing', 'archive']) await db.createDatabase(name);
  await db.session('tenant_a').run("UNWIND range(1, 5) AS i CREATE (:Person {email: 'e' + i, name: 'a' + i})");
  await db.session('tenant_b').run("UNWIND range(3, 8) AS i CREATE (:Person {email: 'e' + i, name: 'b' + i})");
  await db.session('sales').run('UNWIND range(1, 3) AS i CREATE (:Order {id: i})');
  await db.session('archive').run('CREATE (:Old {x: 1})');
  await db.session('system').run('CREATE ALIAS people_b FOR DATABASE tenant_b');
  await db.session('system').run('ALTER DATABASE archive SET ACCESS READ ONLY');
  s = db.session('neo4j');
});
afterAll(async () => {
  await db?.close();
  cleanup();
});

function find(p: PlanDescription, op: string): PlanDescription[] {
  return [...(p.operatorType === op ? [p] : []), ...p.children.flatMap((c) => find(c, op))];
}

describe('forms', () => {
  it('FROM DATABASE by name, alias and parameter; USE by name, parameter and graph.byName', async () => {
    const join = 'MATCH (n:Person) FROM DATABASE tenant_a MATCH (m:Person) FROM DATABASE %B WHERE n.email = m.email RETURN n.name, m.name ORDER BY n.name';
    const want = [['a3', 'b3'], ['a4', 'b4'], ['a5', 'b5']];
    expect((await s.run(join.replace('%B', 'tenant_b'))).rows).toEqual(want);
    expect((await s.run(join.replace('%B', 'people_b'))).rows).toEqual(want);
    expect((await s.run(join.replace('%B', '$db'), { db: 'PEOPLE_B' })).rows).toEqual(want);
    for (const [q, p] of [
      ['USE tenant_b MATCH (n) RETURN count(n) AS c', {}],
      ['USE $db MATCH (n) RETURN count(n) AS c', { db: 'tenant_b' }],
      ['USE graph.byName($db) MATCH (n) RETURN count(n) AS c', { db: 'people_b' }],
      ["USE graph.byName('tenant_b') MATCH (n) RETURN count(n) AS c", {}],
    ] as const) {
      const r = await s.run(q, p);
      expect(r.rows, q).toEqual([[6n]]);
      expect(r.database, q).toBe('tenant_b');
    }
    const parts = await s.run('CALL { USE tenant_a MATCH (n) RETURN count(n) AS c } CALL { USE tenant_b MATCH (n) RETURN count(n) AS d } RETURN c, d');
    expect(parts.rows).toEqual([[5n, 6n]]);
    const union = await s.run("USE tenant_a MATCH (n) RETURN 'a' AS t, count(n) AS c UNION ALL USE people_b MATCH (n) RETURN 'b' AS t, count(n) AS c UNION ALL MATCH (n) RETURN 'home' AS t, count(*) AS c");
    // A grouping key over no rows gives no row: the session database (neo4j) is empty.
    expect(union.rows).toEqual([['a', 5n], ['b', 6n]]);
  });

  it('values flow between databases: a value from one filters the other', async () => {
    const r = await s.run("MATCH (n:Person {name: 'a4'}) FROM DATABASE tenant_a WITH n.email AS e MATCH (m:Person {email: e}) FROM DATABASE tenant_b RETURN m.name");
    expect(r.rows).toEqual([['b4']]);
  });

  it('a query names its databases (for access checks and the audit log)', async () => {
    const tx = db.store.begin({ readOnly: true });
    try {
      const r = await db.runIn(tx, 'neo4j', 'MATCH (n) FROM DATABASE tenant_a MATCH (m) FROM DATABASE people_b RETURN count(*)', {});
      expect([...r.databases].sort()).toEqual(['neo4j', 'tenant_a', 'tenant_b']);
      await r.cancel();
      const single = await db.runIn(tx, 'tenant_a', 'MATCH (n) RETURN count(n)', {});
      expect(single.databases).toEqual(['tenant_a']);
      await single.cancel();
    } finally {
      await tx.rollback();
    }
  });
});

describe('writes across databases', () => {
  it('one query writes two databases atomically', async () => {
    const r = await s.run('MATCH (o:Order) FROM DATABASE sales CREATE (:Invoice {order: o.id}) FROM DATABASE billing SET o.invoiced = true');
    expect(r.stats.nodesCreated).toBe(3);
    expect((await db.session('billing').run('MATCH (i:Invoice) RETURN i.order ORDER BY i.order')).rows).toEqual([[1n], [2n], [3n]]);
    expect((await db.session('sales').run('MATCH (o:Order) WHERE o.invoiced RETURN count(o)')).rows).toEqual([[3n]]);
  });

  it('a failing query leaves neither database changed', async () => {
    const q = 'MATCH (o:Order) FROM DATABASE sales CREATE (:Credit {order: o.id}) FROM DATABASE billing SET o.credited = true WITH o RETURN 1 / (o.id - 2)';
    await expect(s.run(q)).rejects.toThrow(/by zero/);
    expect((await db.session('billing').run('MATCH (c:Credit) RETURN count(c)')).rows).toEqual([[0n]]);
    expect((await db.session('sales').run('MATCH (o:Order) WHERE o.credited RETURN count(o)')).rows).toEqual([[0n]]);
  });

  it('an explicit transaction across databases commits both or rolls back both', async () => {
    const tx = await s.begin();
    await tx.run('CREATE (:T {v: 1}) FROM DATABASE tenant_a');
    await tx.run('USE tenant_b CREATE (:T {v: 1})');
    await tx.rollback();
    const count = 'CALL { USE tenant_a MATCH (t:T) RETURN count(t) AS a } CALL { USE tenant_b MATCH (t:T) RETURN count(t) AS b } RETURN a, b';
    expect((await s.run(count)).rows).toEqual([[0n, 0n]]);
    const tx2 = await s.begin();
    await tx2.run('CREATE (:T {v: 1}) FROM DATABASE tenant_a CREATE (:T {v: 2}) FROM DATABASE tenant_b');
    await tx2.commit();
    expect((await s.run(count)).rows).toEqual([[1n, 1n]]);
    await s.run('MATCH (t:T) FROM DATABASE tenant_a DELETE t');
    await s.run('MATCH (t:T) FROM DATABASE tenant_b DETACH DELETE t FROM DATABASE tenant_b');
    expect((await s.run(count)).rows).toEqual([[0n, 0n]]);
  });

  it('SET / DELETE act on the database the entity belongs to; MERGE in a named database', async () => {
    await s.run("MERGE (c:Counter {k: 'x'}) FROM DATABASE tenant_a ON CREATE SET c.n = 0 ON MATCH SET c.n = c.n + 1");
    await s.run("MERGE (c:Counter {k: 'x'}) FROM DATABASE tenant_a ON CREATE SET c.n = 0 ON MATCH SET c.n = c.n + 1");
    expect((await db.session('tenant_a').run('MATCH (c:Counter) RETURN c.n')).rows).toEqual([[1n]]);
    await s.run('MATCH (c:Counter) FROM DATABASE tenant_a REMOVE c.n DELETE c');
    expect((await db.session('tenant_a').run('MATCH (c:Counter) RETURN count(c)')).rows).toEqual([[0n]]);
  });

  it('reading a read-only database while writing another works; writing it fails before running', async () => {
    await s.run('MATCH (o:Old) FROM DATABASE archive CREATE (:Copied {x: o.x}) FROM DATABASE tenant_b');
    expect((await db.session('tenant_b').run('MATCH (c:Copied) DELETE c RETURN count(*)')).rows).toEqual([[1n]]);
    await expect(s.run('MATCH (o:Old) FROM DATABASE archive SET o.x = 2')).rejects.toMatchObject({ code: 'Neo.ClientError.General.WriteOnReadOnlyAccessDatabase' });
    // Known only when it runs (the entity came through a list): refused then, nothing written.
    await expect(s.run('CALL { USE archive MATCH (o:Old) RETURN collect(o) AS l } UNWIND l AS o SET o.x = 2')).rejects.toMatchObject({
      code: 'Neo.ClientError.General.WriteOnReadOnlyAccessDatabase',
    });
    expect((await db.session('archive').run('MATCH (o:Old) RETURN o.x')).rows).toEqual([[1n]]);
  });
});

describe('errors', () => {
  it('an unknown database or alias', async () => {
    await expect(s.run('MATCH (n) FROM DATABASE nowhere RETURN n')).rejects.toMatchObject({ code: 'Neo.ClientError.Database.DatabaseNotFound' });
    await expect(s.run('USE nowhere MATCH (n) RETURN n')).rejects.toMatchObject({ code: 'Neo.ClientError.Database.DatabaseNotFound' });
    await expect(s.run('CALL { USE nowhere MATCH (n) RETURN n } RETURN n')).rejects.toMatchObject({ code: 'Neo.ClientError.Database.DatabaseNotFound' });
    await expect(s.run('USE graph.byName($x) MATCH (n) RETURN n', { x: 'no_alias' })).rejects.toMatchObject({ code: 'Neo.ClientError.Database.DatabaseNotFound' });
    await expect(s.run('MATCH (n) FROM DATABASE $x RETURN n')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.ParameterMissing' });
  });

  it('a relationship across databases: at compile time where visible, else when it runs', async () => {
    const semantic = { code: 'Neo.ClientError.Statement.SemanticError' };
    await expect(s.run('MATCH (n:Person) FROM DATABASE tenant_a MATCH (n)-->(m) FROM DATABASE tenant_b RETURN m')).rejects.toMatchObject({ ...semantic, phase: 'compile' });
    await expect(s.run('MATCH (n:Person) FROM DATABASE tenant_a CREATE (n)-[:R]->(:X) FROM DATABASE tenant_b')).rejects.toMatchObject({ ...semantic, phase: 'compile' });
    await expect(s.run('MATCH (n:Person) FROM DATABASE tenant_a WITH n AS x MATCH (x)-[:R]->(y) RETURN y')).rejects.toMatchObject({ ...semantic, phase: 'compile' });
    // The same through an alias of the same database is fine.
    await expect(s.run('MATCH (n:Person) FROM DATABASE tenant_b MATCH (n)-->(m) FROM DATABASE people_b RETURN m')).resolves.toBeDefined();
    const runtime = 'CALL { USE tenant_a MATCH (n:Person) RETURN collect(n) AS l } UNWIND l AS n ';
    await expect(s.run(runtime + 'MATCH (n)-->(m) FROM DATABASE tenant_b RETURN m')).rejects.toMatchObject({ ...semantic, phase: 'runtime' });
    await expect(s.run(runtime + 'CREATE (n)-[:R]->(:X) FROM DATABASE tenant_b')).rejects.toMatchObject({ ...semantic, phase: 'runtime' });
    expect((await db.session('tenant_b').run('MATCH (x:X) RETURN count(x)')).rows).toEqual([[0n]]);
  });

  it('access to every database named is checked before anything runs', async () => {
    const denyB = { canAccess: (d: string) => d !== 'tenant_b' };
    await expect(s.run('MATCH (n) FROM DATABASE people_b RETURN n', undefined, denyB)).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Forbidden' });
    await expect(s.run('CREATE (:Leak) FROM DATABASE tenant_a CREATE (:Leak) FROM DATABASE tenant_b', undefined, denyB)).rejects.toMatchObject({
      code: 'Neo.ClientError.Security.Forbidden',
    });
    await expect(db.session('tenant_b').run('RETURN 1', undefined, denyB)).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Forbidden' });
    expect((await db.session('tenant_a').run('MATCH (l:Leak) RETURN count(l)')).rows).toEqual([[0n]]);
    expect((await s.run('MATCH (n) FROM DATABASE tenant_a RETURN count(n)', undefined, denyB)).rows).toEqual([[5n]]);
  });

  it('USE must come first; graph.byName takes a parameter or a string', async () => {
    await expect(s.run('MATCH (n) USE tenant_a RETURN n')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.SyntaxError' });
    await expect(s.run('WITH 1 AS x CALL { USE graph.byName(x) MATCH (n) RETURN n } RETURN n')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.SyntaxError' });
  });
});

describe('EXPLAIN and PROFILE', () => {
  it('show each database sub-plan, the pushed-down predicates and the join', async () => {
    const q = "MATCH (n:Person) FROM DATABASE tenant_a MATCH (m:Person) FROM DATABASE people_b WHERE n.email = m.email AND m.name <> 'b4' RETURN n.name, m.name";
    const e = await s.run('EXPLAIN ' + q);
    const [join] = find(e.plan!, 'ValueHashJoin');
    expect(join!.arguments).toMatchObject({ keys: ['n.email = m.email'], concurrent: true });
    const [left, right] = join!.children;
    expect(find(left!, 'NodeScan')[0]!.arguments['database']).toBe('tenant_a');
    expect(find(right!, 'NodeScan')[0]!.arguments['database']).toBe('tenant_b');
    expect(find(right!, 'Filter')[0]!.arguments['predicate']).toBe("m.name <> 'b4'");
    const p = await s.run('PROFILE ' + q);
    expect(p.rows).toHaveLength(2);
    const [pj] = find(p.plan!, 'ValueHashJoin');
    expect(pj!.rows).toBe(2);
    const scans = find(p.plan!, 'NodeScan');
    expect(scans.map((x) => x.rows)).toEqual([5, 6]);
    expect(scans.every((x) => (x.dbHits ?? 0) > 0)).toBe(true);
  });
});
