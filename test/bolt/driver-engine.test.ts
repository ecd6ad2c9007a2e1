// The real driver through the whole Bolt path with a stand-in engine (test/bolt/fake-engine.ts):
// every value type round trips through parameters and records, results stream in batches,
// explicit and managed transactions, retries after a transient error, bookmarks, early cancel.
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';
import { FakeEngine } from './fake-engine.js';

let server: RunningServer;
let engine: FakeEngine;
let cleanup: () => void;
let driver: Driver;
let routing: Driver;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  engine = new FakeEngine();
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'native', initialPassword: 'pw', engine });
  await server.catalog.create('tenant_a');
  const opts = { useBigInt: true, logging: { level: 'error' as const, logger: () => {} } };
  driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), opts);
  routing = neo4j.driver(`neo4j://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), opts);
});

afterAll(async () => {
  await driver.close();
  await routing.close();
  await server.stop();
  cleanup();
});

describe('values through the driver', () => {
  it('round trips every type through parameters and records', async () => {
    const t = neo4j.types;
    const params: Record<string, unknown> = {
      big: neo4j.int(2n ** 62n),
      min: neo4j.int(-(2n ** 63n)),
      max: neo4j.int(2n ** 63n - 1n),
      float: 1.0,
      negZero: -0,
      str: 'ünïcödé 日本語 🦊',
      bytes: new Uint8Array([0, 1, 254, 255]),
      list: [neo4j.int(1), 'two', [3.5, null], { deep: [true] }],
      map: { a: { b: { c: 'd' } }, e: [] },
      date: new t.Date(2024, 2, 29),
      time: new t.Time(12, 34, 56, 789_000_001, 3600),
      localTime: new t.LocalTime(23, 59, 59, 999_999_999),
      localDateTime: new t.LocalDateTime(1969, 7, 20, 20, 17, 40, 5),
      dateTimeOffset: new t.DateTime(2024, 6, 1, 12, 0, 0, 0, -5 * 3600),
      dateTimeZone: new t.DateTime(2024, 6, 1, 12, 30, 0, 0, undefined, 'Europe/Stockholm'),
      duration: new t.Duration(14, 3, 7200, 5),
      point2d: new t.Point(4326, 12.5, 55.75),
      point3d: new t.Point(9157, 1, 2, 3),
    };
    const res = await driver.executeQuery('RETURN $all', params);
    expect(res.keys).toEqual(Object.keys(params));
    const row = res.records[0]!;
    expect(row.get('big')).toBe(2n ** 62n);
    expect(row.get('min')).toBe(-(2n ** 63n));
    expect(row.get('max')).toBe(2n ** 63n - 1n);
    expect(row.get('float')).toBe(1.0);
    expect(Object.is(row.get('negZero'), -0)).toBe(true);
    expect(row.get('str')).toBe(params.str);
    expect([...(row.get('bytes') as Int8Array)].map((b) => b & 0xff)).toEqual([0, 1, 254, 255]);
    expect(row.get('list')).toEqual([1n, 'two', [3.5, null], { deep: [true] }]);
    expect(row.get('map')).toEqual(params.map);
    // The driver adds the offset it computed to a named-zone DateTime it decodes.
    expect(String(row.get('dateTimeZone'))).toBe('2024-06-01T12:30:00+02:00[Europe/Stockholm]');
    for (const k of ['date', 'time', 'localTime', 'localDateTime', 'dateTimeOffset', 'duration']) {
      expect(String(row.get(k))).toBe(String(params[k]));
    }
    expect((row.get('dateTimeZone') as { timeZoneId: string }).timeZoneId).toBe('Europe/Stockholm');
    const p2 = row.get('point2d') as { srid: bigint; x: number; y: number; z?: number };
    const p3 = row.get('point3d') as { srid: bigint; x: number; y: number; z?: number };
    expect([Number(p2.srid), p2.x, p2.y, p2.z]).toEqual([4326, 12.5, 55.75, undefined]);
    expect([Number(p3.srid), p3.x, p3.y, p3.z]).toEqual([9157, 1, 2, 3]);
  });

  it('streams a result larger than the fetch size in batches', async () => {
    const session = driver.session({ fetchSize: 100 });
    try {
      const res = await session.run('ROWS 2500');
      expect(res.records.length).toBe(2500);
      expect(res.records[2499]!.get('i')).toBe(2499n);
    } finally {
      await session.close();
    }
  });

  it('cancelling a stream early leaves the connection usable', async () => {
    const session = driver.session({ fetchSize: 10 });
    let seen = 0;
    for await (const r of session.run('ROWS 1000000')) {
      expect(r.get('i')).toBe(BigInt(seen));
      if (++seen === 25) break;
    }
    await session.close();
    const res = await driver.executeQuery('ROWS 3');
    expect(res.records.length).toBe(3);
  });
});

describe('transactions through the driver', () => {
  it('explicit transactions commit and roll back', async () => {
    const session = driver.session();
    try {
      const c0 = engine.commits;
      const r0 = engine.rollbacks;
      const tx = await session.beginTransaction();
      expect((await tx.run('ROWS 2')).records.length).toBe(2);
      await tx.commit();
      const tx2 = await session.beginTransaction();
      await tx2.run('ROWS 1');
      await tx2.rollback();
      expect(engine.commits).toBe(c0 + 1);
      expect(engine.rollbacks).toBe(r0 + 1);
    } finally {
      await session.close();
    }
  });

  it('a failing statement inside a transaction fails it; the session carries on', async () => {
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await expect(tx.run('FAIL')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.SyntaxError', gqlStatus: '42001' });
      await tx.close();
      expect((await session.run('ROWS 1')).records.length).toBe(1);
    } finally {
      await session.close();
    }
  });

  it('executeWrite retries after a transient error', async () => {
    engine.transientFailures = 1;
    const session = driver.session();
    try {
      let attempts = 0;
      const n = await session.executeWrite(async (tx) => {
        attempts++;
        return (await tx.run('TRANSIENT')).records.length;
      });
      expect(n).toBe(1);
      expect(attempts).toBe(2);
    } finally {
      await session.close();
    }
  });

  it('bookmarks flow from one session to the next; database and mode reach the engine', async () => {
    const s1 = driver.session({ database: 'tenant_a' });
    await s1.executeWrite((tx) => tx.run('ROWS 1'));
    const bookmarks = s1.lastBookmarks();
    await s1.close();
    expect(bookmarks[0]).toMatch(/^FB:tx-/);
    const s2 = driver.session({ database: 'TENANT_A', bookmarks, defaultAccessMode: neo4j.session.READ });
    await s2.executeRead((tx) => tx.run('ROWS 1'));
    await s2.close();
    const last = engine.runs.at(-1)!.request;
    expect(last.database).toBe('tenant_a');
    expect(last.mode).toBe('read');
    expect(last.bookmarks).toEqual(bookmarks);
    expect(engine.runs.at(-1)!.principal).toMatchObject({ username: 'neo4j', authenticated: true });
  });

  it('notification filters reach the engine', async () => {
    const session = driver.session({ notificationFilter: { minimumSeverityLevel: 'WARNING', disabledClassifications: ['HINT'] } });
    try {
      await session.run('ROWS 1');
    } finally {
      await session.close();
    }
    expect(engine.runs.at(-1)!.request.notificationFilter).toEqual({ minimumSeverity: 'WARNING', disabledCategories: ['HINT'] });
  });

  it('neo4j:// routes to this server, with executeQuery and a named database', async () => {
    const res = await routing.executeQuery('ROWS 2', {}, { database: 'tenant_a', routing: neo4j.routing.READ });
    expect(res.records.length).toBe(2);
    expect(res.summary.database.name).toBe('tenant_a');
    await expect(routing.executeQuery('ROWS 1', {}, { database: 'missing' })).rejects.toMatchObject({
      code: 'Neo.ClientError.Database.DatabaseNotFound',
    });
  });
});
