// The storage engine on a real classic-level store on disk: records, adjacency, scans, indexes,
// counters, transactions and their isolation, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/dbms/index.js';
import { isQuiverError } from '../../src/errors.js';
import { Store } from '../../src/storage/index.js';
import { DateValue, PointValue, Temporal } from '../../src/values/types.js';
import { tempDir } from '../support/tmp.js';

let store: Store;
let catalog: Catalog;
let cleanup: () => void;
let dir: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  store = await Store.open(dir);
  catalog = await Catalog.open(store);
});

afterAll(async () => {
  await store.close();
  cleanup();
});

async function freshDb(name: string): Promise<number> {
  return (await catalog.create(name)).id;
}

async function collect<T>(it: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of it) out.push(...b);
  return out;
}

describe('records and scans', () => {
  it('creates nodes and relationships and reads them back by id, label, type and expansion', async () => {
    const db = await freshDb('records');
    const tx = store.begin();
    const g = await store.graph(tx, db);
    const [alice, bob, carol] = await g.createNodes([
      { labels: ['Person'], properties: { name: 'Alice', age: 30n } },
      { labels: ['Person', 'Admin'], properties: new Map<string, string | number>([['name', 'Bob'], ['score', 1.5]]) },
      { labels: ['Robot'], properties: { born: new DateValue(Temporal.PlainDate.from('2020-02-29')) } },
    ]);
    const [r1, r2] = await g.createRels([
      { type: 'KNOWS', start: alice!, end: bob!, properties: { since: 2001n } },
      { type: 'OWNS', start: bob!, end: carol! },
    ]);
    await g.createRel('KNOWS', carol!, carol!);
    await tx.commit();

    const rtx = store.begin({ readOnly: true });
    const r = await store.graph(rtx, db);
    const [a, b] = await r.getNodes([alice!, bob!]);
    expect(r.labelsOf(a!)).toEqual(['Person']);
    expect(r.property(a!, 'age')).toBe(30n);
    expect(r.property(b!, 'score')).toBe(1.5);
    expect(r.labelsOf(b!).sort()).toEqual(['Admin', 'Person']);
    const c = r.toNodeValue((await r.getNode(carol!))!);
    expect((c.properties.get('born') as DateValue).date.toString()).toBe('2020-02-29');
    expect(c.elementId).toBe(`4:${r.uuid}:${carol}`);

    const rel = r.toRelValue((await r.getRel(r1!))!);
    expect(rel.type).toBe('KNOWS');
    expect(rel.startId).toBe(BigInt(alice!));
    expect(rel.properties.get('since')).toBe(2001n);

    const [outA, inB, bothB, knowsB, selfLoop] = await r.expand([alice!, bob!, bob!, bob!, carol!], 'out').then(async (out) => [
      out[0]!,
      (await r.expand([bob!], 'in'))[0]!,
      (await r.expand([bob!], 'both'))[0]!,
      (await r.expand([bob!], 'both', ['KNOWS']))[0]!,
      (await r.expand([carol!], 'both', ['KNOWS']))[0]!,
    ]);
    expect(outA.map((x) => [x.rel, x.other, x.dir])).toEqual([[r1, bob, 'out']]);
    expect(inB.map((x) => x.other)).toEqual([alice]);
    expect(bothB.map((x) => x.rel).sort()).toEqual([r1, r2].sort());
    expect(knowsB.map((x) => x.rel)).toEqual([r1]);
    expect(selfLoop).toHaveLength(1); // a self-loop is one relationship seen from BOTH

    expect(await collect(r.labelScan('Person'))).toEqual([alice, bob]);
    expect(await collect(r.labelScan('Nope'))).toEqual([]);
    expect(await collect(r.allNodes())).toEqual([alice, bob, carol]);
    expect((await collect(r.relTypeScan('KNOWS'))).length).toBe(2);
    expect(await r.countNodes()).toBe(3);
    expect(await r.countNodes('Person')).toBe(2);
    expect(await r.countRels('KNOWS')).toBe(2);
    expect(await r.countRels()).toBe(3);
    await rtx.rollback();
  });

  it('updates properties and labels, and deletes with and without DETACH', async () => {
    const db = await freshDb('updates');
    let tx = store.begin();
    let g = await store.graph(tx, db);
    const [a, b] = await g.createNodes([{ labels: ['A'], properties: { x: 1n, y: 'keep' } }, { labels: ['B'] }]);
    await g.createRel('R', a!, b!);
    await tx.commit();

    tx = store.begin();
    g = await store.graph(tx, db);
    await g.setProperties('node', a!, { x: 2n, y: null, z: [1n, 2n] });
    await g.addLabels(a!, ['C', 'A']);
    await g.removeLabels(b!, ['B']);
    const rec = (await g.getNode(a!))!;
    expect(g.properties(rec)).toEqual(new Map<string, unknown>([['x', 2n], ['z', [1n, 2n]]]));
    expect(g.labelsOf(rec).sort()).toEqual(['A', 'C']);
    await expect(g.deleteNode(a!)).rejects.toSatisfy((e) => isQuiverError(e, 'DeleteConnectedNode'));
    await g.deleteNode(a!, true);
    expect(await g.getNode(a!)).toBeUndefined();
    expect(await g.countRels()).toBe(0);
    await g.setProperties('node', b!, { only: true }, 'replace');
    await tx.commit();

    const r = await store.graph(store.begin({ readOnly: true }), db);
    expect(await collect(r.labelScan('A'))).toEqual([]);
    expect(await collect(r.labelScan('C'))).toEqual([]);
    expect(await collect(r.labelScan('B'))).toEqual([]);
    expect(await r.countNodes()).toBe(1);
    expect(await r.countNodes('A')).toBe(0);
    expect((await r.expand([b!], 'both'))[0]).toEqual([]);
    expect(r.properties((await r.getNode(b!))!)).toEqual(new Map([['only', true]]));
  });
});

describe('indexes and constraints', () => {
  it('seeks by equality and range, across integers and floats, and keeps entries in step with writes', async () => {
    const db = await freshDb('indexes');
    let tx = store.begin();
    let g = await store.graph(tx, db);
    const ids = await g.createNodes(Array.from({ length: 50 }, (_, i) => ({ labels: ['P'], properties: { age: i % 2 === 0 ? BigInt(i) : i + 0.5, name: `n${i}` } })));
    await g.createIndex({ name: 'p_age', entity: 'node', token: 'P', properties: ['age'] });
    await tx.commit();

    tx = store.begin();
    g = await store.graph(tx, db);
    expect(await g.indexSeek('p_age', [10n])).toEqual([ids[10]]);
    expect(await g.indexSeek('p_age', [10.0])).toEqual([ids[10]]); // 10 = 10.0 in Cypher
    expect(await g.indexSeek('p_age', [11n])).toEqual([]);
    const { typeRangeBounds } = await import('../../src/storage/codec/order-key.js');
    const region = typeRangeBounds('number', { comparableOnly: true }); // NaN is not > or < anything
    const hits = await collect(g.indexRange('p_age', { value: 10n, inclusive: false }, { value: 14n, inclusive: true }, region));
    expect(hits).toEqual([ids[11], ids[12], ids[13], ids[14]]);
    // a new node is visible to its own transaction's index reads; a changed one moves
    const extra = await g.createNode(['P'], { age: 10n });
    await g.setProperties('node', ids[10]!, { age: 99n });
    expect(await g.indexSeek('p_age', [10n])).toEqual([extra]);
    expect(await g.indexSeek('p_age', [99n])).toEqual([ids[10]]);
    await tx.commit();
    const r = await store.graph(store.begin({ readOnly: true }), db);
    expect(await r.indexSeek('p_age', [10n])).toEqual([extra]);
    expect(r.listIndexes().map((i) => [i.name, i.token, i.properties])).toEqual([['p_age', 'P', ['age']]]);
  });

  it('enforces unique constraints, in one transaction and across concurrent ones', async () => {
    const db = await freshDb('uniques');
    let tx = store.begin();
    let g = await store.graph(tx, db);
    await g.createIndex({ name: 'u_email', entity: 'node', token: 'U', properties: ['email'], unique: true });
    await tx.commit();

    tx = store.begin();
    g = await store.graph(tx, db);
    const a = await g.createNode(['U'], { email: 'a@x' });
    await g.setProperties('node', a, { email: 'a@x' }); // re-setting one's own value is fine
    await expect(g.createNode(['U'], { email: 'a@x' })).rejects.toSatisfy((e) => isQuiverError(e, 'ConstraintValidationFailed'));
    // The failed write had staged its node: as in Neo4j the transaction can now only roll back.
    await expect(tx.commit()).rejects.toSatisfy((e) => isQuiverError(e, 'TransactionMarkedAsFailed'));
    tx = store.begin();
    await (await store.graph(tx, db)).createNode(['U'], { email: 'a@x' });
    await tx.commit();

    // Two concurrent transactions claiming the same value: exactly one commits.
    const t1 = store.begin();
    const t2 = store.begin();
    await (await store.graph(t1, db)).createNode(['U'], { email: 'b@x' });
    await (await store.graph(t2, db)).createNode(['U'], { email: 'b@x' });
    const results = await Promise.allSettled([t1.commit(), t2.commit()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isQuiverError(failure.reason, 'TransactionConflict')).toBe(true);
    expect(failure.reason.retryable).toBe(true);
    const r = await store.graph(store.begin({ readOnly: true }), db);
    expect(await r.countNodes('U')).toBe(2);
  });
});

describe('transactions', () => {
  it('reads a stable snapshot, sees its own writes, and discards on rollback', async () => {
    const db = await freshDb('snapshots');
    const reader = store.begin({ readOnly: true });
    const rg = await store.graph(reader, db);
    expect(await rg.countNodes()).toBe(0);

    const w = store.begin();
    const wg = await store.graph(w, db);
    const id = await wg.createNode(['N'], { v: 1n });
    expect(await wg.getNode(id)).toBeDefined(); // own write
    expect(await collect(wg.labelScan('N'))).toEqual([id]);
    expect(await rg.getNode(id)).toBeUndefined(); // not yet committed
    await w.commit();
    expect(await rg.getNode(id)).toBeUndefined(); // still the old snapshot
    expect(await rg.countNodes()).toBe(0);
    await reader.rollback();

    const rb = store.begin();
    await (await store.graph(rb, db)).createNode(['N'], { v: 2n });
    await rb.rollback();
    const after = await store.graph(store.begin({ readOnly: true }), db);
    expect(await after.countNodes()).toBe(1);
    expect(await collect(after.labelScan('N'))).toEqual([id]);
  });

  it('fails the second of two conflicting writers with a transient error, and lets disjoint writers both commit', async () => {
    const db = await freshDb('conflicts');
    const setup = store.begin();
    const [n1, n2] = await (await store.graph(setup, db)).createNodes([{ labels: ['X'] }, { labels: ['X'] }]);
    await setup.commit();

    const a = store.begin();
    const b = store.begin();
    await (await store.graph(a, db)).setProperties('node', n1!, { by: 'a' });
    await (await store.graph(b, db)).setProperties('node', n1!, { by: 'b' });
    await a.commit();
    await expect(b.commit()).rejects.toSatisfy((e) => isQuiverError(e, 'TransactionConflict'));

    const c = store.begin();
    const d = store.begin();
    await (await store.graph(c, db)).setProperties('node', n1!, { by: 'c' });
    await (await store.graph(d, db)).setProperties('node', n2!, { by: 'd' });
    await Promise.all([c.commit(), d.commit()]);

    // Deleting a node races with connecting to it: one of the two must fail.
    const del = store.begin();
    const con = store.begin();
    await (await store.graph(del, db)).deleteNode(n2!);
    await (await store.graph(con, db)).createRel('R', n1!, n2!);
    await del.commit();
    await expect(con.commit()).rejects.toSatisfy((e) => isQuiverError(e, 'TransactionConflict'));
    const r = await store.graph(store.begin({ readOnly: true }), db);
    expect(await r.countRels()).toBe(0);
    expect(r.property((await r.getNode(n1!))!, 'by')).toBe('c');
  });

  it('commits writes to several databases atomically, and refuses all of them when one fails', async () => {
    const a = await freshDb('multi-a');
    const b = await freshDb('multi-b');
    const tx = store.begin();
    await (await store.graph(tx, a)).createNode(['T'], { db: 'a' });
    await (await store.graph(tx, b)).createNode(['T'], { db: 'b' });
    await tx.commit();
    const counts = await Promise.all([a, b].map(async (id) => (await store.graph(store.begin({ readOnly: true }), id)).countNodes()));
    expect(counts).toEqual([1, 1]);

    // A conflict in one database rolls back the other's part too.
    const setup = store.begin();
    const n = await (await store.graph(setup, b)).createNode(['T']);
    await setup.commit();
    const t1 = store.begin();
    const t2 = store.begin();
    await (await store.graph(t1, a)).createNode(['T'], { from: 't1' });
    await (await store.graph(t1, b)).setProperties('node', n, { by: 't1' });
    await (await store.graph(t2, b)).setProperties('node', n, { by: 't2' });
    await t2.commit();
    await expect(t1.commit()).rejects.toSatisfy((e) => isQuiverError(e, 'TransactionConflict'));
    const ra = await store.graph(store.begin({ readOnly: true }), a);
    expect(await ra.countNodes()).toBe(1);
  });

  it('runs commit hooks under the lock with committed counts plus the delta, and rolls back on refusal', async () => {
    const db = await freshDb('hooked');
    const seen: number[] = [];
    store.addCommitHook((checks) => {
      for (const c of checks) {
        if (c.dbId !== db) continue;
        seen.push(c.after.nodes);
        if (c.after.nodes > 3) throw Object.assign(new Error('limit'), { limit: true });
      }
    });
    const tx = store.begin();
    await (await store.graph(tx, db)).createNodes([{ labels: [] }, { labels: [] }, { labels: [] }]);
    await tx.commit();
    const tx2 = store.begin();
    await (await store.graph(tx2, db)).createNode([]);
    await expect(tx2.commit()).rejects.toMatchObject({ limit: true });
    expect(seen).toEqual([3, 4]);
    expect((await store.counts(db)).nodes).toBe(3);
  });

  it('refuses use of a closed transaction and writes in a read-only one', async () => {
    const db = await freshDb('closed-tx');
    const tx = store.begin({ readOnly: true });
    const g = await store.graph(tx, db);
    await expect(g.createNode(['X'])).rejects.toSatisfy((e) => isQuiverError(e, 'TransactionClosed'));
    await tx.rollback();
    await expect(g.getNode(0)).rejects.toSatisfy((e) => isQuiverError(e, 'TransactionClosed'));
  });
});

describe('databases', () => {
  it('tracks storage bytes exactly at commit and reports an approximate on-disk size', async () => {
    const db = await freshDb('sized');
    const tx = store.begin();
    const g = await store.graph(tx, db);
    const ids = await g.createNodes(Array.from({ length: 100 }, (_, i) => ({ labels: ['S'], properties: { text: 'x'.repeat(100), i: BigInt(i) } })));
    await tx.commit();
    const { exact } = await store.size(db);
    expect(exact).toBeGreaterThan(100 * 100);
    const tx2 = store.begin();
    const g2 = await store.graph(tx2, db);
    for (const id of ids) await g2.deleteNode(id);
    await tx2.commit();
    expect((await store.size(db)).exact).toBe(0);
    expect((await store.size(db)).approximate).toBeGreaterThanOrEqual(0);
  });

  it('an unknown or dropped database is an error, never a fallback; a re-created name starts empty', async () => {
    await expect(store.graph(store.begin(), 987654)).rejects.toSatisfy((e) => isQuiverError(e, 'DatabaseNotFound'));
    expect(() => catalog.resolve('nope')).toThrow(/does not exist/);
    const id = await freshDb('dropme');
    const tx = store.begin();
    await (await store.graph(tx, id)).createNode(['Old'], { v: 1n });
    await tx.commit();
    const open = store.begin();
    const stale = await store.graph(open, id);
    await stale.createNode(['Late']);
    await catalog.drop('dropme');
    await expect(open.commit()).rejects.toSatisfy((e) => isQuiverError(e, 'DatabaseNotFound'));
    await expect(store.graph(store.begin(), id)).rejects.toSatisfy((e) => isQuiverError(e, 'DatabaseNotFound'));
    const again = await freshDb('dropme');
    expect(again).not.toBe(id);
    const r = await store.graph(store.begin({ readOnly: true }), again);
    expect(await r.countNodes()).toBe(0);
    expect(await collect(r.allNodes())).toEqual([]);
    await store.purged();
  });

  it('validates database names with a message that states the rule', async () => {
    for (const bad of ['ab', '1abc', 'system2', '_x_y', 'has space', 'a'.repeat(64)]) {
      await expect(catalog.create(bad)).rejects.toSatisfy((e) => isQuiverError(e, 'ArgumentError') && /3 to 63|reserved/.test((e as Error).message));
    }
    await catalog.create('Tenant_A');
    expect(catalog.resolve('tenant_a').name).toBe('tenant_a');
    await expect(catalog.create('tenant_a')).rejects.toSatisfy((e) => isQuiverError(e, 'ExistingDatabaseFound'));
  });
});

describe('bad input', () => {
  it('refuses values a property cannot hold with a typed error and writes nothing', async () => {
    const db = await freshDb('badinput');
    const bad: unknown[] = [new Map([['a', 1n]]), [1n, 'x'], ['a', true], [[1n]], [1n, null], new PointValue(7203, 1, 2)];
    for (const v of bad.slice(0, 5)) {
      const tx = store.begin();
      const g = await store.graph(tx, db);
      await expect(g.createNode(['Bad'], { p: v as never })).rejects.toSatisfy((e) => isQuiverError(e, 'PropertyValueNotStorable') && /\bp\b/.test((e as Error).message));
      await tx.commit();
    }
    const r = await store.graph(store.begin({ readOnly: true }), db);
    expect(await r.countNodes()).toBe(0);
    expect((await store.size(db)).exact).toBe(0);
    // a point is storable, and so is an INTEGER/FLOAT list (coerced to FLOATs, as Neo4j does)
    const tx = store.begin();
    const g = await store.graph(tx, db);
    const id = await g.createNode(['Ok'], { p: bad[5] as PointValue, nums: [1n, 2.5] });
    expect(g.property((await g.getNode(id))!, 'nums')).toEqual([1, 2.5]);
    await tx.commit();
  });
});

describe('restart', () => {
  it('keeps everything committed, tokens, counters and indexes across close and reopen', async () => {
    const db = await freshDb('durable');
    const tx = store.begin();
    const g = await store.graph(tx, db);
    const big = 2n ** 62n;
    const id = await g.createNode(['Keep'], { big, neg: -(2n ** 63n), f: -0.0 });
    await g.createIndex({ name: 'keep_big', entity: 'node', token: 'Keep', properties: ['big'] });
    await tx.commit();
    await store.close();
    store = await Store.open(dir);
    catalog = await Catalog.open(store);
    expect(catalog.resolve('durable').id).toBe(db);
    const r = await store.graph(store.begin({ readOnly: true }), db);
    const rec = (await r.getNode(id))!;
    expect(r.property(rec, 'big')).toBe(big);
    expect(r.property(rec, 'neg')).toBe(-(2n ** 63n));
    expect(Object.is(r.property(rec, 'f'), -0)).toBe(true);
    expect(await r.indexSeek('keep_big', [big])).toEqual([id]);
    expect(await r.countNodes('Keep')).toBe(1);
    const w = store.begin();
    const id2 = await (await store.graph(w, db)).createNode(['Keep']);
    await w.commit();
    expect(id2).toBeGreaterThan(id); // ids are never reused
  });
});
