// The real neo4j-driver against a real server running the real Cypher engine (no stand-in): every
// value type round trips through parameters and results, graph entities come back from MATCH with
// element ids, managed transactions retry after a real write conflict, bookmarks chain sessions,
// and errors or an early RESET leave the (single, pooled) connection usable.
import neo4j, { type Driver, type Node, type Path, type Relationship } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';

let server: RunningServer;
let cleanup: () => void;
let driver: Driver;
/** One pooled connection: a test that goes on after an error really reuses the same connection. */
let single: Driver;

const quiet = { logging: { level: 'error' as const, logger: () => {} } };

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'native', initialPassword: 'pw' });
  await server.catalog.create('tenant_a');
  const url = `bolt://127.0.0.1:${server.boltPort}`;
  driver = neo4j.driver(url, neo4j.auth.basic('neo4j', 'pw'), { useBigInt: true, ...quiet });
  single = neo4j.driver(url, neo4j.auth.basic('neo4j', 'pw'), { useBigInt: true, maxConnectionPoolSize: 1, ...quiet });
});

afterAll(async () => {
  await driver?.close();
  await single?.close();
  await server?.stop();
  cleanup?.();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  throw new Error('expected a failure');
}

const t = neo4j.types;

describe('values through the real engine', () => {
  const params: Record<string, unknown> = {
    big: neo4j.int(2n ** 62n),
    min: neo4j.int(-(2n ** 63n)),
    max: neo4j.int(2n ** 63n - 1n),
    small: neo4j.int(-17),
    float: 1.0,
    negZero: -0,
    nan: NaN,
    inf: -Infinity,
    bool: true,
    nul: null,
    str: 'ünïcödé 日本語 🦊 𝄞 \u0000 end',
    empty: '',
    bytes: new Uint8Array([0, 1, 127, 128, 254, 255]),
    list: [neo4j.int(1), 'two', [3.5, null, [[]]], { deep: [true, { deeper: 'x' }] }],
    map: { a: { b: { c: 'd' } }, e: [], 'key with spaces': 1.5, 'ключ': 'значение' },
    date: new t.Date(2024, 2, 29),
    time: new t.Time(12, 34, 56, 789_000_001, 3600),
    localTime: new t.LocalTime(23, 59, 59, 999_999_999),
    localDateTime: new t.LocalDateTime(1969, 7, 20, 20, 17, 40, 5),
    dateTimeOffset: new t.DateTime(2024, 6, 1, 12, 0, 0, 0, -5 * 3600),
    dateTimeZone: new t.DateTime(2024, 6, 1, 12, 30, 0, 123_456_789, undefined, 'Europe/Stockholm'),
    duration: new t.Duration(14, 3, 7200, 5),
    point2d: new t.Point(7203, 1.5, -2.25),
    point3d: new t.Point(9157, 1, 2, 3),
    wgs2d: new t.Point(4326, 12.5, 55.75),
    wgs3d: new t.Point(4979, 12.5, 55.75, 100),
  };

  const pt = (v: unknown) => {
    const p = v as { srid: bigint; x: number; y: number; z?: number };
    return [Number(p.srid), p.x, p.y, p.z];
  };
  /** One check per parameter, applied to what came back. */
  const checks: Record<string, (v: unknown) => void> = {
    big: (v) => expect(v).toBe(2n ** 62n),
    min: (v) => expect(v).toBe(-(2n ** 63n)),
    max: (v) => expect(v).toBe(2n ** 63n - 1n),
    small: (v) => expect(v).toBe(-17n),
    float: (v) => expect(v).toBe(1.0), // a float stays a float (an integer would be a bigint here)
    negZero: (v) => expect(Object.is(v, -0)).toBe(true),
    nan: (v) => expect(Number.isNaN(v)).toBe(true),
    inf: (v) => expect(v).toBe(-Infinity),
    bool: (v) => expect(v).toBe(true),
    nul: (v) => expect(v).toBe(null),
    str: (v) => expect(v).toBe(params.str),
    empty: (v) => expect(v).toBe(''),
    bytes: (v) => expect([...(v as Int8Array)].map((b) => b & 0xff)).toEqual([0, 1, 127, 128, 254, 255]),
    list: (v) => expect(v).toEqual([1n, 'two', [3.5, null, [[]]], { deep: [true, { deeper: 'x' }] }]),
    map: (v) => expect(v).toEqual(params.map),
    date: (v) => expect(String(v)).toBe('2024-02-29'), // the driver's months are 1-based
    time: (v) => expect(String(v)).toBe('12:34:56.789000001+01:00'),
    localTime: (v) => expect(String(v)).toBe('23:59:59.999999999'),
    localDateTime: (v) => expect(String(v)).toBe('1969-07-20T20:17:40.000000005'),
    dateTimeOffset: (v) => expect(String(v)).toBe('2024-06-01T12:00:00-05:00'),
    // The driver adds the offset it computed to a named-zone DateTime it decodes.
    dateTimeZone: (v) => {
      expect(String(v)).toBe('2024-06-01T12:30:00.123456789+02:00[Europe/Stockholm]');
      expect((v as { timeZoneId: string }).timeZoneId).toBe('Europe/Stockholm');
    },
    duration: (v) => expect(v).toMatchObject({ months: 14n, days: 3n, seconds: 7200n, nanoseconds: 5n }),
    point2d: (v) => expect(pt(v)).toEqual([7203, 1.5, -2.25, undefined]),
    point3d: (v) => expect(pt(v)).toEqual([9157, 1, 2, 3]),
    wgs2d: (v) => expect(pt(v)).toEqual([4326, 12.5, 55.75, undefined]),
    wgs3d: (v) => expect(pt(v)).toEqual([4979, 12.5, 55.75, 100]),
  };

  function checkRow(row: (k: string) => unknown, keys: readonly string[] = Object.keys(params)): void {
    expect(Object.keys(checks).sort()).toEqual(Object.keys(params).sort());
    for (const k of keys) {
      try {
        checks[k]!(row(k));
      } catch (e) {
        throw new Error(`value ${k}: ${(e as Error).message}`);
      }
    }
  }

  it('round trips every type through parameters and records (session.run)', async () => {
    const keys = Object.keys(params);
    const session = driver.session();
    try {
      const res = await session.run(`RETURN ${keys.map((k) => `$${k} AS ${k}`).join(', ')}`, params);
      expect(res.records[0]!.keys).toEqual(keys);
      const row = res.records[0]!;
      checkRow((k) => row.get(k));
    } finally {
      await session.close();
    }
  });

  it('round trips every type through a stored property and back (executeQuery)', async () => {
    // Property values cannot be maps, nested lists or null: store the storable ones.
    const storable = Object.keys(params).filter((k) => !['list', 'map', 'nul'].includes(k));
    const sets = storable.map((k) => `${k}: $${k}`).join(', ');
    await driver.executeQuery(`CREATE (:AllTypes {${sets}})`, params);
    const res = await driver.executeQuery(`MATCH (n:AllTypes) RETURN ${storable.map((k) => `n.${k} AS ${k}`).join(', ')}`);
    const row = res.records[0]!;
    checkRow((k) => row.get(k), storable);
  });

  it('values computed by the engine arrive typed', async () => {
    const res = await driver.executeQuery(
      `RETURN 9223372036854775807 AS max, -9223372036854775807 - 1 AS min, 0.0 / 0.0 AS nan, -0.0 AS negZero,
              date('2024-02-29') AS d, localtime('23:59:59.999999999') AS lt, time('12:34:56+01:00') AS tm,
              localdatetime('1969-07-20T20:17:40') AS ldt, datetime('2024-06-01T12:00:00-05:00') AS dto,
              datetime({year: 2024, month: 6, day: 1, hour: 12, minute: 30, timezone: 'Europe/Stockholm'}) AS dtz,
              duration('P1Y2M3DT2H0.000000005S') AS dur,
              point({x: 1.5, y: -2.25}) AS c2, point({x: 1, y: 2, z: 3}) AS c3,
              point({longitude: 12.5, latitude: 55.75}) AS w2, point({longitude: 12.5, latitude: 55.75, height: 100}) AS w3,
              '🦊' + '𝄞' AS s, size('🦊') AS len, [1, [2, [3]]] AS nested, {a: {b: [1.5]}} AS m`,
    );
    const r = res.records[0]!;
    expect(r.get('max')).toBe(2n ** 63n - 1n);
    expect(r.get('min')).toBe(-(2n ** 63n));
    expect(Number.isNaN(r.get('nan'))).toBe(true);
    expect(Object.is(r.get('negZero'), -0)).toBe(true);
    expect(String(r.get('d'))).toBe('2024-02-29');
    expect(String(r.get('lt'))).toBe('23:59:59.999999999');
    expect(String(r.get('tm'))).toBe('12:34:56+01:00');
    expect(String(r.get('ldt'))).toBe('1969-07-20T20:17:40');
    expect(String(r.get('dto'))).toBe('2024-06-01T12:00:00-05:00');
    expect(String(r.get('dtz'))).toBe('2024-06-01T12:30:00+02:00[Europe/Stockholm]');
    expect(r.get('dur')).toMatchObject({ months: 14n, days: 3n, seconds: 7200n, nanoseconds: 5n });
    expect(r.get('c2')).toMatchObject({ srid: 7203n, x: 1.5, y: -2.25 });
    expect(r.get('c3')).toMatchObject({ srid: 9157n, x: 1, y: 2, z: 3 });
    expect(r.get('w2')).toMatchObject({ srid: 4326n, x: 12.5, y: 55.75 });
    expect(r.get('w3')).toMatchObject({ srid: 4979n, x: 12.5, y: 55.75, z: 100 });
    expect(r.get('s')).toBe('🦊𝄞');
    expect(r.get('len')).toBe(1n);
    expect(r.get('nested')).toEqual([1n, [2n, [3n]]]);
    expect(r.get('m')).toEqual({ a: { b: [1.5] } });
  });

  it('a result many times the fetch size streams whole, in order', async () => {
    const session = driver.session({ fetchSize: 1000 });
    try {
      let n = 0;
      for await (const r of session.run('UNWIND range(1, 25000) AS i RETURN i')) {
        if (r.get('i') !== BigInt(++n)) throw new Error(`row ${n}: ${String(r.get('i'))}`);
      }
      expect(n).toBe(25000);
      const all = await session.run('UNWIND range(1, $n) AS i RETURN i', { n: neo4j.int(3000) });
      expect(all.records.length).toBe(3000);
      expect(all.records[2999]!.get('i')).toBe(3000n);
    } finally {
      await session.close();
    }
  });

  it('nodes, relationships and paths from MATCH carry element ids', async () => {
    await driver.executeQuery(`CREATE (:P {name: 'a'})-[:KNOWS {since: 2020}]->(:P {name: 'b'})<-[:LIKES]-(:Q {name: 'c'})`);
    const res = await driver.executeQuery(
      `MATCH p = (a:P {name: 'a'})-[r:KNOWS]->(b)<-[l:LIKES]-(c) RETURN a, r, b, l, c, p, elementId(a) AS aid, elementId(r) AS rid, id(a) AS aiid`,
    );
    expect(res.records.length).toBe(1);
    const row = res.records[0]!;
    const a = row.get('a') as Node<bigint>;
    const b = row.get('b') as Node<bigint>;
    const c = row.get('c') as Node<bigint>;
    const r = row.get('r') as Relationship<bigint>;
    const l = row.get('l') as Relationship<bigint>;
    const p = row.get('p') as Path<bigint>;
    expect(a.labels).toEqual(['P']);
    expect(a.properties).toEqual({ name: 'a' });
    expect(a.elementId).toBe(row.get('aid'));
    expect(a.identity).toBe(row.get('aiid'));
    expect(typeof a.elementId).toBe('string');
    expect(new Set([a.elementId, b.elementId, c.elementId]).size).toBe(3);
    expect(r.type).toBe('KNOWS');
    expect(r.properties).toEqual({ since: 2020n });
    expect(r.elementId).toBe(row.get('rid'));
    expect(r.startNodeElementId).toBe(a.elementId);
    expect(r.endNodeElementId).toBe(b.elementId);
    expect(r.start).toBe(a.identity);
    expect(r.end).toBe(b.identity);
    expect(l.startNodeElementId).toBe(c.elementId);
    expect(l.endNodeElementId).toBe(b.elementId);
    // The path: a -KNOWS-> b <-LIKES- c, in traversal order with the relationships' true directions.
    expect(p.length).toBe(2);
    expect(p.start.elementId).toBe(a.elementId);
    expect(p.end.elementId).toBe(c.elementId);
    expect(p.segments.map((s) => [s.start.properties.name, s.relationship.type, s.end.properties.name])).toEqual([
      ['a', 'KNOWS', 'b'],
      ['b', 'LIKES', 'c'],
    ]);
    expect(p.segments[1]!.relationship.startNodeElementId).toBe(c.elementId);
    expect(p.segments[1]!.relationship.elementId).toBe(l.elementId);
    // The same entity through another statement has the same element id.
    const again = await driver.executeQuery('MATCH (n) WHERE elementId(n) = $id RETURN n', { id: a.elementId });
    expect((again.records[0]!.get('n') as Node).properties).toEqual({ name: 'a' });
  });
});

describe('transactions through the real engine', () => {
  it('executeQuery with a database writes there and nowhere else', async () => {
    const w = await driver.executeQuery('CREATE (n:Tenant {v: $v}) RETURN n.v AS v', { v: 'A' }, { database: 'tenant_a' });
    expect(w.summary.database.name).toBe('tenant_a');
    expect(w.summary.counters.updates().nodesCreated).toBe(1);
    const inA = await driver.executeQuery('MATCH (n:Tenant) RETURN count(n) AS c', {}, { database: 'tenant_a', routing: neo4j.routing.READ });
    const inDefault = await driver.executeQuery('MATCH (n:Tenant) RETURN count(n) AS c');
    expect(inA.records[0]!.get('c')).toBe(1n);
    expect(inDefault.records[0]!.get('c')).toBe(0n);
    expect(inDefault.summary.database.name).toBe('neo4j');
    expect(await codeOf(driver.executeQuery('RETURN 1', {}, { database: 'nosuchdb' }))).toBe('Neo.ClientError.Database.DatabaseNotFound');
    // The same through neo4j:// (ROUTE for the named database first).
    const routing = neo4j.driver(`neo4j://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), { useBigInt: true, ...quiet });
    try {
      const r = await routing.executeQuery('MATCH (n:Tenant) RETURN n.v AS v', {}, { database: 'tenant_a', routing: neo4j.routing.READ });
      expect(r.records.map((x) => x.get('v'))).toEqual(['A']);
      expect(r.summary.database.name).toBe('tenant_a');
    } finally {
      await routing.close();
    }
  });

  it('explicit transactions commit and roll back', async () => {
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run('CREATE (:Explicit {v: 1})');
      // Uncommitted writes are visible inside the transaction only.
      expect((await tx.run('MATCH (n:Explicit) RETURN count(n) AS c')).records[0]!.get('c')).toBe(1n);
      expect((await driver.executeQuery('MATCH (n:Explicit) RETURN count(n) AS c')).records[0]!.get('c')).toBe(0n);
      await tx.commit();
      const tx2 = await session.beginTransaction();
      await tx2.run('CREATE (:Explicit {v: 2})');
      await tx2.rollback();
      const res = await session.run('MATCH (n:Explicit) RETURN n.v AS v');
      expect(res.records.map((r) => r.get('v'))).toEqual([1n]);
    } finally {
      await session.close();
    }
  });

  it('executeRead and executeWrite', async () => {
    const session = driver.session();
    try {
      const id = await session.executeWrite(async (tx) => {
        const r = await tx.run('CREATE (n:Managed {v: $v}) RETURN elementId(n) AS id', { v: 42 });
        return r.records[0]!.get('id') as string;
      });
      const v = await session.executeRead(async (tx) => (await tx.run('MATCH (n:Managed) WHERE elementId(n) = $id RETURN n.v AS v', { id })).records[0]!.get('v'));
      expect(v).toBe(42);
    } finally {
      await session.close();
    }
  });

  it('executeWrite retries after a real write conflict (Neo.TransientError.Transaction.Outdated)', async () => {
    await driver.executeQuery("CREATE (:Counter {name: 'c', v: 0})");
    // Two concurrent explicit transactions writing the same node: the second to commit loses.
    const s1 = driver.session();
    const s2 = driver.session();
    const t1 = await s1.beginTransaction();
    const t2 = await s2.beginTransaction();
    await t1.run("MATCH (c:Counter {name: 'c'}) SET c.v = c.v + 1");
    await t2.run("MATCH (c:Counter {name: 'c'}) SET c.v = c.v + 10");
    await t1.commit();
    const err = await t2.commit().then(
      () => null,
      (e: unknown) => e as { code: string; retryable: boolean },
    );
    expect(err).toMatchObject({ code: 'Neo.TransientError.Transaction.Outdated', retryable: true });
    await s1.close();
    await s2.close();

    // Now inside executeWrite: a rival commits after the first attempt has written; the driver
    // classifies the conflict as transient and runs the function again, which then succeeds.
    const session = driver.session();
    let attempts = 0;
    try {
      const v = await session.executeWrite(async (tx) => {
        attempts++;
        const r = await tx.run("MATCH (c:Counter {name: 'c'}) SET c.v = c.v + 100 RETURN c.v AS v");
        if (attempts === 1) await driver.executeQuery("MATCH (c:Counter {name: 'c'}) SET c.v = c.v + 1000");
        return r.records[0]!.get('v');
      });
      expect(attempts).toBe(2);
      expect(v).toBe(1101n);
    } finally {
      await session.close();
    }
    const final = await driver.executeQuery("MATCH (c:Counter {name: 'c'}) RETURN c.v AS v");
    expect(final.records[0]!.get('v')).toBe(1101n);
  });

  it('bookmarks flow from one session to the next', async () => {
    const s1 = driver.session({ database: 'tenant_a' });
    await s1.executeWrite((tx) => tx.run("CREATE (:Chained {v: 'x'})"));
    const bookmarks = s1.lastBookmarks();
    await s1.close();
    expect(bookmarks.length).toBe(1);
    expect(typeof bookmarks[0]).toBe('string');
    const s2 = driver.session({ database: 'tenant_a', bookmarks, defaultAccessMode: neo4j.session.READ });
    try {
      const r = await s2.executeRead((tx) => tx.run('MATCH (n:Chained) RETURN n.v AS v'));
      expect(r.records.map((x) => x.get('v'))).toEqual(['x']);
      const afterRead = s2.lastBookmarks();
      expect(afterRead.length).toBe(1);
      await s2.executeWrite((tx) => tx.run("CREATE (:Chained {v: 'y'})"));
      expect(s2.lastBookmarks()).not.toEqual(afterRead);
    } finally {
      await s2.close();
    }
    // An auto-commit session.run also returns a bookmark.
    const s3 = driver.session({ database: 'tenant_a', bookmarks });
    try {
      await s3.run("CREATE (:Chained {v: 'z'})");
      expect(s3.lastBookmarks().length).toBe(1);
      expect(s3.lastBookmarks()).not.toEqual(bookmarks);
    } finally {
      await s3.close();
    }
  });
});

describe('errors and resets leave the connection usable', () => {
  let acceptedBefore = 0;
  beforeAll(async () => {
    await single.verifyConnectivity();
    acceptedBefore = server.boltConnections().accepted;
  });

  it('a syntax error, then the same connection runs queries', async () => {
    const session = single.session();
    try {
      expect(await codeOf(session.run('RETURN 1 +'))).toBe('Neo.ClientError.Statement.SyntaxError');
      expect(await codeOf(session.run('MATCH (n RETURN n'))).toBe('Neo.ClientError.Statement.SyntaxError');
      expect((await session.run('RETURN 2 AS two')).records[0]!.get('two')).toBe(2n);
    } finally {
      await session.close();
    }
  });

  it('a failing statement inside a transaction rolls it back; the connection carries on', async () => {
    const session = single.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run("CREATE (:Doomed {v: 1})");
      const code = await codeOf(tx.run('UNWIND [1, 0] AS x RETURN 1 / x AS y'));
      expect(code).toMatch(/^Neo\.ClientError\./);
      await tx.close();
      expect((await session.run('MATCH (n:Doomed) RETURN count(n) AS c')).records[0]!.get('c')).toBe(0n);
      const tx2 = await session.beginTransaction();
      expect(await codeOf(tx2.run('RETURN nope'))).toBe('Neo.ClientError.Statement.SyntaxError');
      await tx2.close();
      expect((await session.run('RETURN 3 AS three')).records[0]!.get('three')).toBe(3n);
    } finally {
      await session.close();
    }
  });

  it('closing a session in the middle of a stream (RESET) leaves the connection usable', async () => {
    const session = single.session({ fetchSize: 10 });
    let seen = 0;
    for await (const r of session.run('UNWIND range(1, 1000000) AS i RETURN i')) {
      expect(r.get('i')).toBe(BigInt(++seen));
      if (seen === 25) break;
    }
    await session.close();
    // A result that was never consumed at all, then close.
    const s2 = single.session({ fetchSize: 10 });
    void s2.run('UNWIND range(1, 1000000) AS i RETURN i').catch(() => {});
    await s2.close();
    // And an open explicit transaction with a half-read stream.
    const s3 = single.session({ fetchSize: 10 });
    const tx = await s3.beginTransaction();
    await tx.run('CREATE (:HalfRead)');
    const it = tx.run('UNWIND range(1, 1000000) AS i RETURN i')[Symbol.asyncIterator]();
    await it.next();
    await s3.close();
    const after = single.session();
    try {
      const r = await after.run('MATCH (n:HalfRead) RETURN count(n) AS c');
      expect(r.records[0]!.get('c')).toBe(0n);
    } finally {
      await after.close();
    }
  });

  it('all of the above ran on the one pooled connection (none was dropped and replaced)', () => {
    expect(server.boltConnections().accepted).toBe(acceptedBefore);
  });
});

describe('EXPLAIN and PROFILE through the driver', () => {
  it('returns a plan for EXPLAIN and a profile with rows for PROFILE', async () => {
    const dir = tempDir();
    const server = await startServer({ dataDir: dir.dir, boltPort: 0, httpPort: 0, auth: 'none' });
    const driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('x', 'y'), { logging: { level: 'error', logger: () => {} } });
    try {
      const explained = await driver.executeQuery('EXPLAIN UNWIND range(1, 3) AS i RETURN i');
      expect(explained.records).toHaveLength(0);
      expect(explained.summary.plan && explained.summary.plan.operatorType).toBeTruthy();
      expect(explained.summary.profile).toBe(false);
      const profiled = await driver.executeQuery('PROFILE UNWIND range(1, 3) AS i RETURN i');
      expect(profiled.records).toHaveLength(3);
      expect(profiled.summary.profile && profiled.summary.profile.rows).toBe(3);
    } finally {
      await driver.close();
      await server.stop();
      dir.cleanup();
    }
  });
});
