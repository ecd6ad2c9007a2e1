// Limits checked on admission and while a query runs, over the real driver and HTTP:
// max_query_time, max_results, max_transaction_memory, max_concurrent_queries, max_connections,
// max_queries_per_second and max_writes_per_second (with the driver's retry).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from '../dbms/support.js';

let h: Harness;
const quiet = { logging: { level: 'error' as const, logger: () => {} } };

beforeAll(async () => {
  h = await startHarness();
  for (const db of ['slow', 'rows', 'mem', 'busy', 'conns', 'qps', 'wps']) await h.run(`CREATE DATABASE ${db}`);
});

afterAll(async () => {
  await h.stop();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a failure');
}

function driver(): Driver {
  return neo4j.driver(`bolt://127.0.0.1:${h.server.boltPort}`, neo4j.auth.basic('admin', 'x'), quiet);
}

function query(db: string, statement: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${h.server.httpPort}/db/${db}/query/v2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ statement }),
  });
}

// 25 million rows through a filter: seconds of work, cut short by the limit.
const LONG = 'CREATE (:Started) WITH 1 AS x UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b WITH x, a, b WHERE a + b < 0 RETURN x, count(*) AS c';

describe('limits while running', () => {
  it('max_query_time cancels the query and rolls its transaction back (TransactionTimedOut)', async () => {
    await h.run("ALTER DATABASE slow SET LIMIT max_query_time = '150ms'");
    const t0 = Date.now();
    const f = await failure(h.run(LONG, {}, 'slow'));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(f.code).toBe('Neo.ClientError.Transaction.TransactionTimedOut');
    expect(f.message).toContain("Database 'slow'");
    expect(f.message).toMatch(/max_query_time = 150 ms; observed \d+ ms elapsed/);
    expect((await h.run('MATCH (n:Started) RETURN count(n) AS c', {}, 'slow'))[0]!.c).toBe(0);
    // Short queries are unaffected, and so is an explicit transaction's other work.
    expect((await h.run('RETURN 1 AS one', {}, 'slow'))[0]!.one).toBe(1);
  });

  it('max_results fails the query past the limit, never truncating; exactly at the limit is fine', async () => {
    await h.run('ALTER DATABASE rows SET LIMIT max_results = 100');
    expect(await h.run('UNWIND range(1, 100) AS i RETURN i', {}, 'rows')).toHaveLength(100);
    const f = await failure(h.run('UNWIND range(1, 5000) AS i RETURN i', {}, 'rows'));
    expect(f.code).toBe('Neo.ClientError.Statement.ResultLimitExceeded');
    expect(f.message).toContain("Database 'rows'");
    expect(f.message).toMatch(/max_results = 100; observed at least \d+ rows/);
    // A write whose result is too large writes nothing.
    expect(await codeOf(h.run('UNWIND range(1, 101) AS i CREATE (n:Row {i: i}) RETURN n.i', {}, 'rows'))).toBe('Neo.ClientError.Statement.ResultLimitExceeded');
    expect((await h.run('MATCH (n:Row) RETURN count(n) AS c', {}, 'rows'))[0]!.c).toBe(0);
    // Over HTTP too.
    const res = await query('rows', 'UNWIND range(1, 101) AS i RETURN i');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('Neo.ClientError.Statement.ResultLimitExceeded');
  });

  it('max_transaction_memory fails a query whose sort needs more (TransactionOutOfMemoryError naming the database)', async () => {
    await h.run("ALTER DATABASE mem SET LIMIT max_transaction_memory = '64KiB'");
    expect(await h.run('UNWIND range(1, 100) AS i RETURN i ORDER BY i DESC LIMIT 1', {}, 'mem')).toEqual([{ i: 100 }]);
    const f = await failure(h.run("UNWIND range(1, 100000) AS i RETURN i, 'padding ' + i AS s ORDER BY i DESC LIMIT 1", {}, 'mem'));
    expect(f.code).toBe('Neo.ClientError.General.TransactionOutOfMemoryError');
    expect(f.message).toContain("Database 'mem'");
    expect(f.message).toContain('max_transaction_memory = 65536 bytes');
  });
});

describe('limits on admission', () => {
  it('max_concurrent_queries refuses a query while others run (NoThreadsAvailable), and admits it once they finish', async () => {
    await h.run('ALTER DATABASE busy SET LIMIT max_concurrent_queries = 1');
    const d = driver();
    try {
      // A result left open is a query still running: its rows are pulled one at a time.
      const holder = d.session({ database: 'busy', fetchSize: 1 });
      const it = holder.run('UNWIND range(1, 1000) AS i RETURN i')[Symbol.asyncIterator]();
      expect((await it.next()).done).toBe(false);
      const f = await failure(h.run('RETURN 1', {}, 'busy'));
      expect(f.code).toBe('Neo.TransientError.Request.NoThreadsAvailable');
      expect(f.message).toContain("Database 'busy'");
      expect(f.message).toContain('max_concurrent_queries = 1; observed 1 queries running');
      const usage = await h.run("SHOW USAGE FOR DATABASE busy WHERE metric = 'active_queries'");
      expect(usage[0]).toMatchObject({ value: 1, limit: 1 });
      await it.return!();
      await holder.close();
      expect(await h.run('RETURN 1 AS one', {}, 'busy')).toEqual([{ one: 1 }]);
    } finally {
      await d.close();
    }
  });

  it('max_connections counts a Bolt connection from its first query on the database until it closes, and an HTTP request while it runs', async () => {
    await h.run('ALTER DATABASE conns SET LIMIT max_connections = 1');
    const a = driver();
    const b = driver();
    try {
      await a.executeQuery('RETURN 1', {}, { database: 'conns' });
      // The pooled connection stays open, so it still counts. (session.run: executeQuery would
      // retry the transient error for 30 s.)
      const sb = b.session({ database: 'conns' });
      const f = await failure(sb.run('RETURN 1'));
      await sb.close();
      expect(f.code).toBe('Neo.TransientError.Request.NoThreadsAvailable');
      expect(f.message).toContain('max_connections = 1; observed 1 connections using it');
      const res = await query('conns', 'RETURN 1');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await errorOf(res))).toMatchObject({ code: 'Neo.TransientError.Request.NoThreadsAvailable' });
      // Other databases are not affected.
      await b.executeQuery('RETURN 1', {}, { database: 'neo4j' });
      await a.close();
      let ok = false;
      for (let i = 0; i < 50 && !ok; i++) {
        ok = (await query('conns', 'RETURN 1')).status === 202;
        if (!ok) await new Promise((r) => setTimeout(r, 20));
      }
      expect(ok).toBe(true);
      // HTTP requests count only while they run: many in a row all pass.
      for (let i = 0; i < 5; i++) expect((await query('conns', 'RETURN 1')).status).toBe(202);
      await b.executeQuery('RETURN 1', {}, { database: 'conns' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('max_queries_per_second refuses a burst beyond its bucket (RateLimited, 429 over HTTP)', async () => {
    await h.run('ALTER DATABASE qps SET LIMIT max_queries_per_second = 10');
    const s = h.driver.session({ database: 'qps' });
    let ok = 0;
    let message = '';
    try {
      for (let i = 0; i < 30; i++) {
        try {
          await s.run('RETURN 1');
          ok++;
        } catch (e) {
          expect((e as { code: string }).code).toBe('Neo.TransientError.Request.RateLimited');
          message = (e as Error).message;
        }
      }
    } finally {
      await s.close();
    }
    expect(ok).toBeGreaterThanOrEqual(5);
    expect(ok).toBeLessThan(15);
    expect(message).toContain("Database 'qps'");
    expect(message).toMatch(/max_queries_per_second = 10 per second; observed \d+ queries admitted in the last second/);
    const burst = await Promise.all(Array.from({ length: 20 }, () => query('qps', 'RETURN 1')));
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(5);
    expect((await errorOf(limited[0]!)).code).toBe('Neo.TransientError.Request.RateLimited');
  });

  it("max_writes_per_second: the driver's executeWrite retries the rejection and then succeeds; reads and EXPLAIN are not writes", async () => {
    await h.run('ALTER DATABASE wps SET LIMIT max_writes_per_second = 2');
    const s = h.driver.session({ database: 'wps' });
    try {
      await s.executeWrite((tx) => tx.run('CREATE (:W)'));
      let attempts = 0;
      const t0 = Date.now();
      await s.executeWrite(async (tx) => {
        attempts++;
        await tx.run('CREATE (:W)');
      });
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(Date.now() - t0).toBeGreaterThan(400);
      for (let i = 0; i < 5; i++) await s.run('MATCH (n:W) RETURN count(n) AS c');
      for (let i = 0; i < 5; i++) await s.run('EXPLAIN CREATE (:W)');
      expect((await s.run('MATCH (n:W) RETURN count(n) AS c')).records[0]!.get('c').toNumber()).toBe(2);
    } finally {
      await s.close();
    }
    const audit = readFileSync(join(h.dir, 'audit.log'), 'utf8');
    expect(audit).toContain('"database":"wps","limit":"max_writes_per_second","value":2');
    expect(audit).toContain('"user":"admin"');
    const metrics = await (await fetch(`http://127.0.0.1:${h.server.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/quiver_limit_rejections_total\{database="wps",limit="max_writes_per_second"\} [1-9]/);
    expect(metrics).toMatch(/quiver_limit_rejections_total\{database="slow",limit="max_query_time"\} 1/);
  });
});

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { errors: { code: string; message: string }[] }).errors[0]!;
}
