// ALTER DATABASE ... SET LIMIT / REMOVE LIMIT, SHOW LIMITS, SHOW USAGE through the real driver:
// value forms, bad keys and values, aliases and renames, restarts, server-wide defaults, and
// that only administrators change limits.
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/dbms/users.js';
import { startServer } from '../../src/server/index.js';
import { codeOf, startHarness, type Harness } from '../dbms/support.js';
import { tempDir } from '../support/tmp.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.run('CREATE DATABASE tenant_a');
  await h.run('CREATE DATABASE tenant_b');
});

afterAll(async () => {
  await h.stop();
});

async function limitsOf(db: string): Promise<Record<string, number | null>> {
  const rows = await h.run('SHOW LIMITS FOR DATABASE $db', { db });
  return Object.fromEntries(rows.map((r) => [r.limit as string, r.value as number | null]));
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a failure');
}

describe('SET LIMIT / REMOVE LIMIT / SHOW LIMITS', () => {
  it('parses integers, sizes and durations; 0 and REMOVE LIMIT mean unlimited; aliases of keys are normalised', async () => {
    await h.run(
      "ALTER DATABASE tenant_a SET LIMIT max_nodes = 1000, max_edges = 2000, max_bytes = '10GB', max_transaction_memory = '512MiB', max_query_time = '60s', max_results = 500",
    );
    expect(await limitsOf('tenant_a')).toEqual({
      max_nodes: 1000,
      max_relationships: 2000,
      max_storage_bytes: 10_000_000_000,
      max_query_time: 60_000,
      max_results: 500,
      max_concurrent_queries: null,
      max_connections: null,
      max_queries_per_second: null,
      max_writes_per_second: null,
      max_transaction_memory: 512 * 2 ** 20,
    });
    await h.run("ALTER DATABASE tenant_a SET LIMIT max_query_time = '500ms', max_results = 0");
    await h.run('ALTER DATABASE tenant_a REMOVE LIMIT max_edges, max_transaction_memory');
    await h.run('ALTER DATABASE tenant_a SET LIMIT max_concurrent_queries = $n', { n: 7 });
    const l = await limitsOf('tenant_a');
    expect(l).toMatchObject({ max_nodes: 1000, max_relationships: null, max_query_time: 500, max_results: null, max_transaction_memory: null, max_concurrent_queries: 7 });
  });

  it('SHOW LIMITS lists every user database with descriptions and takes YIELD/WHERE; SHOW USAGE names each metric with its limit', async () => {
    await h.run('ALTER DATABASE tenant_b SET LIMIT max_nodes = 5');
    const all = await h.run('SHOW LIMITS');
    expect(new Set(all.map((r) => r.database))).toEqual(new Set(['neo4j', 'tenant_a', 'tenant_b']));
    expect(Object.keys(all[0]!)).toEqual(['database', 'limit', 'value', 'description']);
    // `limit` is a keyword: the column is named with backticks.
    const set = await h.run("SHOW LIMITS YIELD database, `limit`, value WHERE value IS NOT NULL AND database = 'tenant_b' RETURN `limit` AS key, value");
    expect(set).toEqual([{ key: 'max_nodes', value: 5 }]);
    await h.run('UNWIND range(1, 3) AS i CREATE (:P {i: i})', {}, 'tenant_b');
    const usage = await h.run('SHOW USAGE FOR DATABASE tenant_b');
    expect(usage.map((r) => r.metric)).toEqual(['nodes', 'relationships', 'storage_bytes', 'active_queries', 'connections', 'queries_per_second', 'writes_per_second']);
    expect(usage[0]).toEqual({ database: 'tenant_b', metric: 'nodes', value: 3, limit: 5 });
    expect(usage[2]!.value).toBeGreaterThan(0);
    expect(usage[6]!.value).toBeGreaterThan(0);
  });

  it('bad keys and values are ArgumentErrors naming the valid ones; unknown databases and system are refused', async () => {
    const key = await failure(h.run('ALTER DATABASE tenant_a SET LIMIT max_nodez = 3'));
    expect(key.code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(key.message).toContain("Unknown limit 'max_nodez'");
    expect(key.message).toContain('max_nodes, max_relationships (or max_edges), max_storage_bytes (or max_bytes), max_query_time');
    const remove = await failure(h.run('ALTER DATABASE tenant_a REMOVE LIMIT nodes'));
    expect(remove.message).toContain('Valid limits:');
    for (const [q, expected] of [
      ["max_query_time = 'soon'", "a duration such as '60s'"],
      ["max_storage_bytes = '10 parsecs'", "'10GB' or '512MiB'"],
      ['max_nodes = -1', 'a non-negative integer'],
      ['max_nodes = 1.5', 'a non-negative integer'],
      ["max_results = 'many'", 'a non-negative integer'],
      ['max_writes_per_second = [1]', 'a non-negative integer (per second)'],
    ] as const) {
      const f = await failure(h.run(`ALTER DATABASE tenant_a SET LIMIT ${q}`));
      expect(f.code, q).toBe('Neo.ClientError.Statement.ArgumentError');
      expect(f.message, q).toContain(expected);
    }
    // A statement with one bad value changes nothing.
    await failure(h.run("ALTER DATABASE tenant_a SET LIMIT max_nodes = 1, max_query_time = 'soon'"));
    expect((await limitsOf('tenant_a')).max_nodes).toBe(1000);
    expect(await codeOf(h.run('ALTER DATABASE nowhere SET LIMIT max_nodes = 1'))).toBe('Neo.ClientError.Database.DatabaseNotFound');
    expect(await codeOf(h.run('SHOW LIMITS FOR DATABASE nowhere'))).toBe('Neo.ClientError.Database.DatabaseNotFound');
    await h.run('ALTER DATABASE nowhere IF EXISTS SET LIMIT max_nodes = 1');
    expect(await codeOf(h.run('ALTER DATABASE system SET LIMIT max_nodes = 1'))).toBe('Neo.ClientError.Statement.ArgumentError');
  });
});

describe('aliases and renames', () => {
  it('a limit set on the target applies through an alias, and one set through an alias lands on the target; a rename keeps them', async () => {
    await h.run('CREATE DATABASE shop');
    await h.run('CREATE ALIAS storefront FOR DATABASE shop');
    await h.run('ALTER DATABASE shop SET LIMIT max_nodes = 2');
    await h.run('UNWIND range(1, 2) AS i CREATE ()', {}, 'storefront');
    const f = await failure(h.run('CREATE ()', {}, 'storefront'));
    expect(f.code).toBe('Neo.ClientError.Database.StorageLimitExceeded');
    expect(f.message).toContain("Database 'shop'");
    await h.run('ALTER DATABASE storefront SET LIMIT max_nodes = 3');
    expect((await limitsOf('shop')).max_nodes).toBe(3);
    expect((await h.run('SHOW LIMITS FOR DATABASE storefront'))[0]).toMatchObject({ database: 'shop', limit: 'max_nodes', value: 3 });
    await h.run('RENAME DATABASE shop TO shop2');
    expect((await limitsOf('shop2')).max_nodes).toBe(3);
    await h.run('CREATE ()', {}, 'storefront');
    expect(await codeOf(h.run('CREATE ()', {}, 'storefront'))).toBe('Neo.ClientError.Database.StorageLimitExceeded');
  });
});

describe('persistence and defaults', () => {
  it('limits survive a restart; server-wide defaults apply to databases created afterwards only', async () => {
    const { dir, cleanup } = tempDir('quiver-limits-');
    let r = await startHarness({}, dir, cleanup);
    try {
      await r.run('CREATE DATABASE kept');
      await r.run("ALTER DATABASE kept SET LIMIT max_nodes = 10, max_query_time = '2s'");
      r = await r.restart({ defaultLimits: { max_results: 50, max_nodes: 100 } });
      const kept = await r.run('SHOW LIMITS FOR DATABASE kept WHERE value IS NOT NULL');
      expect(kept.map((x) => [x.limit, x.value])).toEqual([
        ['max_nodes', 10],
        ['max_query_time', 2000],
      ]);
      await r.run('CREATE DATABASE fresh');
      const fresh = await r.run('SHOW LIMITS FOR DATABASE fresh WHERE value IS NOT NULL');
      expect(fresh.map((x) => [x.limit, x.value])).toEqual([
        ['max_nodes', 100],
        ['max_results', 50],
      ]);
      expect(await codeOf(r.run('UNWIND range(1, 51) AS i RETURN i', {}, 'fresh'))).toBe('Neo.ClientError.Statement.ResultLimitExceeded');
    } finally {
      await r.stop();
    }
  });
});

describe('only administrators change limits', () => {
  it('a user without the admin role gets Forbidden (the connection stays usable); an admin may', async () => {
    const { dir, cleanup } = tempDir('quiver-limits-auth-');
    const server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'native', initialPassword: 'admin-pass-1' });
    await new UserStore(server.security).createUser('bob', 'bob-pass-1', ['reader', 'PUBLIC']);
    const url = `bolt://127.0.0.1:${server.boltPort}`;
    const quiet = { logging: { level: 'error' as const, logger: () => {} } };
    const bob = neo4j.driver(url, neo4j.auth.basic('bob', 'bob-pass-1'), quiet);
    const admin = neo4j.driver(url, neo4j.auth.basic('neo4j', 'admin-pass-1'), quiet);
    try {
      const s = bob.session({ database: 'system' });
      const f = await failure(s.run('ALTER DATABASE neo4j SET LIMIT max_nodes = 1'));
      expect(f.code).toBe('Neo.ClientError.Security.Forbidden');
      expect(f.message).toContain('LIMIT MANAGEMENT');
      expect(await codeOf(s.run('ALTER DATABASE neo4j REMOVE LIMIT max_nodes'))).toBe('Neo.ClientError.Security.Forbidden');
      // Reading limits is allowed, on the same session.
      expect((await s.run('SHOW LIMITS FOR DATABASE neo4j')).records).toHaveLength(10);
      await s.close();
      await admin.executeQuery('ALTER DATABASE neo4j SET LIMIT max_nodes = 1', {}, { database: 'system' });
      const rows = await admin.executeQuery("SHOW LIMITS FOR DATABASE neo4j WHERE `limit` = 'max_nodes'", {}, { database: 'system' });
      expect(rows.records[0]!.get('value').toNumber()).toBe(1);
    } finally {
      await bob.close();
      await admin.close();
      await server.stop();
      cleanup();
    }
  });
});
