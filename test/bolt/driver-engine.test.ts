// The real driver through the Bolt path with a stand-in engine (test/bolt/fake-engine.ts), only for
// what the real engine cannot show: exactly what the front end hands the engine (database, mode,
// bookmarks, principal, notification filters), commit/rollback counts, a transient FAILURE on RUN
// (rather than at commit), and a statement that fails on its first PULL. Everything else (values,
// transactions, conflicts and retries, bookmarks, RESET) runs on the real engine in
// driver-values.test.ts.
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';
import { FakeEngine } from './fake-engine.js';

let server: RunningServer;
let engine: FakeEngine;
let cleanup: () => void;
let driver: Driver;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  engine = new FakeEngine();
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'native', initialPassword: 'pw', engine });
  await server.catalog.create('tenant_a');
  const opts = { useBigInt: true, logging: { level: 'error' as const, logger: () => {} } };
  driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), opts);
});

afterAll(async () => {
  await driver.close();
  await server.stop();
  cleanup();
});

describe('what the Bolt front end hands the engine', () => {
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

  it('a statement that fails on its first PULL fails the transaction; the session carries on', async () => {
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await expect(tx.run('FAIL LATER')).rejects.toMatchObject({ code: 'Neo.ClientError.Statement.ArithmeticError' });
      await tx.close();
      expect((await session.run('ROWS 2')).records.length).toBe(2);
    } finally {
      await session.close();
    }
  });

  it('executeWrite retries after a transient FAILURE on RUN', async () => {
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
});
