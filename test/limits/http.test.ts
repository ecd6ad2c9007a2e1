// GET/PUT /db/{name}/limits and GET /db/{name}/usage against a real server (native auth, so the
// admin-only rule is real), and the rate accuracy of the token buckets on a simulated clock.
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseRef } from '../../src/dbms/catalog.js';
import { UsageMeter } from '../../src/dbms/usage.js';
import { UserStore } from '../../src/dbms/users.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';

let server: RunningServer;
let cleanup: () => void;
const ADMIN = `Basic ${Buffer.from('neo4j:admin-pass-1').toString('base64')}`;
const BOB = `Basic ${Buffer.from('bob:bob-pass-1').toString('base64')}`;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir('quiver-limits-http-'));
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'native', initialPassword: 'admin-pass-1' });
  await new UserStore(server.security).createUser('bob', 'bob-pass-1', ['reader', 'PUBLIC']);
  await server.catalog.create('tenant_a');
  await server.catalog.createAlias('tenant_alias', 'tenant_a');
});

afterAll(async () => {
  await server.stop();
  cleanup();
});

function http(method: string, path: string, auth: string | null, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${server.httpPort}${path}`, {
    method,
    headers: { ...(auth === null ? {} : { authorization: auth }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

describe('HTTP limits and usage', () => {
  it('PUT sets limits (admin only); GET returns every limit with null for unlimited; an alias names its target', async () => {
    const put = await http('PUT', '/db/tenant_alias/limits', ADMIN, { max_nodes: 2, max_query_time: '30s', max_storage_bytes: '1MiB' });
    expect(put.status).toBe(200);
    const body = (await put.json()) as { database: string; limits: Record<string, number | null> };
    expect(body.database).toBe('tenant_a');
    expect(body.limits).toMatchObject({ max_nodes: 2, max_query_time: 30_000, max_storage_bytes: 1_048_576, max_results: null });
    expect(Object.keys(body.limits)).toHaveLength(10);
    // Changes merge; null removes.
    await http('PUT', '/db/tenant_a/limits', ADMIN, { limits: { max_query_time: null, max_results: 10 } });
    const get = await http('GET', '/db/tenant_a/limits', BOB);
    expect(get.status).toBe(200);
    expect(((await get.json()) as { limits: Record<string, unknown> }).limits).toMatchObject({ max_nodes: 2, max_query_time: null, max_results: 10 });
    // And Cypher sees the same.
    const d = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', 'admin-pass-1'), { logging: { level: 'error', logger: () => {} } });
    try {
      const r = await d.executeQuery('SHOW LIMITS FOR DATABASE tenant_a WHERE value IS NOT NULL', {}, { database: 'system' });
      expect(r.records.map((x) => x.get('limit'))).toEqual(['max_nodes', 'max_storage_bytes', 'max_results']);
    } finally {
      await d.close();
    }
  });

  it('refuses non-admins (403 Forbidden), anonymous callers (401), bad keys and values (400 ArgumentError), unknown databases (404)', async () => {
    const forbidden = await http('PUT', '/db/tenant_a/limits', BOB, { max_nodes: 100 });
    expect(forbidden.status).toBe(403);
    expect((await errorOf(forbidden))).toMatchObject({ code: 'Neo.ClientError.Security.Forbidden' });
    expect((await http('GET', '/db/tenant_a/limits', null)).status).toBe(401);
    const badKey = await http('PUT', '/db/tenant_a/limits', ADMIN, { max_nodez: 1 });
    expect(badKey.status).toBe(400);
    const e = (await errorOf(badKey));
    expect(e.code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(e.message).toContain('Valid limits: max_nodes, max_relationships (or max_edges)');
    const badValue = await http('PUT', '/db/tenant_a/limits', ADMIN, { max_query_time: 'later' });
    expect(badValue.status).toBe(400);
    expect((await errorOf(badValue)).message).toContain("Invalid value 'later' for the limit max_query_time");
    expect((await http('PUT', '/db/tenant_a/limits', ADMIN, '[1]')).status).toBe(400);
    expect((await http('PUT', '/db/tenant_a/limits', ADMIN, '{nope')).status).toBe(400);
    expect((await http('GET', '/db/nowhere/limits', ADMIN)).status).toBe(404);
    expect(((await http('GET', '/db/tenant_a/limits', BOB).then((r) => r.json())) as { limits: Record<string, unknown> }).limits.max_nodes).toBe(2);
  });

  it('GET usage serves counters and live figures with their limits; limits apply to HTTP queries', async () => {
    const q = await http('POST', '/db/tenant_a/query/v2', ADMIN, { statement: 'UNWIND range(1, 3) AS i CREATE (:N {i: i})' });
    expect(q.status).toBe(400);
    expect((await errorOf(q)).code).toBe('Neo.ClientError.Database.StorageLimitExceeded');
    expect((await http('POST', '/db/tenant_a/query/v2', ADMIN, { statement: 'CREATE (:N), (:N)' })).status).toBe(202);
    const u = await http('GET', '/db/tenant_alias/usage', BOB);
    expect(u.status).toBe(200);
    const body = (await u.json()) as { database: string; usage: Record<string, number>; limits: Record<string, number | null> };
    expect(body.database).toBe('tenant_a');
    expect(body.usage).toMatchObject({ nodes: 2, relationships: 0, active_queries: 0, connections: 0 });
    expect(body.usage.storage_bytes).toBeGreaterThan(0);
    expect(body.usage.queries_per_second).toBeGreaterThan(0);
    expect(body.limits.max_nodes).toBe(2);
  });
});

describe('token buckets', () => {
  it('admit within 10% of the rate over a 10-second window, for steady and bursty callers', () => {
    let now = 0;
    const ref = (rate: number): DatabaseRef => ({ name: 't', id: 1, limits: { max_queries_per_second: rate } }) as unknown as DatabaseRef;
    for (const rate of [1, 10, 100, 1000]) {
      for (const stepMs of [0.7, 3, 50]) {
        const m = new UsageMeter(() => now);
        let admitted = 0;
        for (now = 0; now < 10_000; now += stepMs) {
          try {
            m.leave(m.enter(ref(rate), false));
            admitted++;
          } catch (e) {
            expect((e as { code: string }).code).toBe('Neo.TransientError.Request.RateLimited');
          }
        }
        const expected = Math.min(rate * 10, 10_000 / stepMs);
        expect(admitted, `rate ${rate}, one call per ${stepMs} ms`).toBeGreaterThanOrEqual(Math.floor(expected * 0.9));
        expect(admitted, `rate ${rate}, one call per ${stepMs} ms`).toBeLessThanOrEqual(Math.ceil(expected * 1.1));
      }
    }
  });
});

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { errors: { code: string; message: string }[] }).errors[0]!;
}
