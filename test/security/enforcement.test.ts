// Privileges enforced on every path, through the real driver and real HTTP: a reader who cannot
// write; a tenant user with access to tenant_a only, who cannot reach tenant_b by any path (each
// its own test); DENY over GRANT; changes in force at an open session's next statement; home
// databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { failure, startSecurityHarness, type SecurityHarness } from './support.js';

let h: SecurityHarness;
let reader: Driver;
let tenant: Driver;
const FORBIDDEN = 'Neo.ClientError.Security.Forbidden';

beforeAll(async () => {
  h = await startSecurityHarness();
  await h.admin('CREATE DATABASE tenant_a');
  await h.admin('CREATE DATABASE tenant_b');
  await h.admin('CREATE ALIAS b_alias FOR DATABASE tenant_b');
  await h.admin("CREATE (:Secret {v: 'b'})", {}, 'tenant_b');
  await h.admin("CREATE (:Item {v: 'a'})", {}, 'tenant_a');
  await h.admin("CREATE USER rita SET PASSWORD 'rita-pass-1' CHANGE NOT REQUIRED");
  await h.admin('GRANT ROLE reader TO rita');
  await h.admin("CREATE USER tom SET PASSWORD 'tom-pass-1' CHANGE NOT REQUIRED SET HOME DATABASE tenant_a");
  await h.admin('CREATE ROLE tenant_a_rw');
  await h.admin('GRANT ACCESS ON DATABASE tenant_a TO tenant_a_rw');
  await h.admin('GRANT MATCH {*} ON GRAPH tenant_a TO tenant_a_rw');
  await h.admin('GRANT WRITE ON GRAPH tenant_a TO tenant_a_rw');
  await h.admin('GRANT ROLE tenant_a_rw TO tom');
  reader = h.driver('rita', 'rita-pass-1');
  tenant = h.driver('tom', 'tom-pass-1');
});

afterAll(async () => {
  await h.stop();
});

describe('a reader', () => {
  it('reads every database but cannot write (Forbidden naming WRITE and the database), over Bolt and HTTP', async () => {
    expect((await reader.executeQuery('MATCH (n:Item) RETURN n.v AS v', {}, { database: 'tenant_a' })).records.map((r) => r.get('v'))).toEqual(['a']);
    const f = await failure(reader.executeQuery('CREATE (:X)', {}, { database: 'tenant_a' }));
    expect(f.code).toBe(FORBIDDEN);
    expect(f.message).toContain("database 'tenant_a'");
    expect(f.message).toContain('WRITE');
    const http = await h.http('POST', '/db/tenant_a/tx/commit', 'rita', 'rita-pass-1', { statements: [{ statement: 'MERGE (:X)' }] });
    expect(http.body.errors[0].code).toBe(FORBIDDEN);
    expect((await h.admin('MATCH (n:X) RETURN count(n) AS c', {}, 'tenant_a'))[0]!.c).toEqual(expect.objectContaining({ low: 0 }));
  });
});

describe('a tenant user with access to tenant_a only', () => {
  it('works in tenant_a (its home database when none is named)', async () => {
    const r = await tenant.executeQuery('CREATE (n:Item {v: $v}) RETURN n.v AS v', { v: 'tom' });
    expect(r.summary.database.name).toBe('tenant_a');
    expect((await tenant.executeQuery('MATCH (n:Item) RETURN count(n) AS c', {}, { database: 'tenant_a' })).records[0]!.get('c').toNumber()).toBe(2);
    expect((await tenant.executeQuery('SHOW HOME DATABASE', {}, { database: 'system' })).records[0]!.get('name')).toBe('tenant_a');
  });

  it('Bolt db: tenant_b is Forbidden', async () => {
    const f = await failure(tenant.executeQuery('MATCH (n) RETURN n', {}, { database: 'tenant_b' }));
    expect(f.code).toBe(FORBIDDEN);
    expect(f.message).toContain("database 'tenant_b'");
    expect(f.message).toContain('ACCESS');
    // Even a statement that reads nothing.
    expect((await failure(tenant.executeQuery('RETURN 1', {}, { database: 'tenant_b' }))).code).toBe(FORBIDDEN);
  });

  it('HTTP path: /db/tenant_b/tx/commit and /db/tenant_b/query/v2 are Forbidden', async () => {
    const tx = await h.http('POST', '/db/tenant_b/tx/commit', 'tom', 'tom-pass-1', { statements: [{ statement: 'MATCH (n) RETURN n' }] });
    expect(tx.body.errors[0].code).toBe(FORBIDDEN);
    expect(tx.text).not.toContain('Secret');
    const q = await h.http('POST', '/db/tenant_b/query/v2', 'tom', 'tom-pass-1', { statement: 'MATCH (n) RETURN n' });
    expect(q.text).toContain(FORBIDDEN);
    expect(q.text).not.toContain('Secret');
  });

  it('an alias pointing at tenant_b: the target’s privileges apply', async () => {
    expect((await failure(tenant.executeQuery('MATCH (n) RETURN n', {}, { database: 'b_alias' }))).code).toBe(FORBIDDEN);
    expect((await h.http('POST', '/db/b_alias/tx/commit', 'tom', 'tom-pass-1', { statements: [{ statement: 'MATCH (n) RETURN n' }] })).body.errors[0].code).toBe(FORBIDDEN);
  });

  it('FROM DATABASE, USE and CALL { USE } naming tenant_b are refused before anything runs', async () => {
    const queries = [
      'MATCH (n) FROM DATABASE tenant_b RETURN n',
      'MATCH (a:Item) MATCH (b) FROM DATABASE b_alias RETURN a, b',
      'USE tenant_b MATCH (n) RETURN n',
      'CALL { USE tenant_b MATCH (n) RETURN n } RETURN n',
      'CREATE (:Leak) FROM DATABASE tenant_b',
    ];
    for (const q of queries) {
      const f = await failure(tenant.executeQuery(q, {}, { database: 'tenant_a' }));
      expect(f.code, q).toBe(FORBIDDEN);
      expect(f.message, q).toContain('tenant_b');
    }
    expect((await h.admin('MATCH (n:Leak) RETURN count(n) AS c', {}, 'tenant_b'))[0]!.c).toEqual(expect.objectContaining({ low: 0 }));
  });

  it('SHOW DATABASES lists only databases the user may access; SHOW USAGE / LIMITS too', async () => {
    const names = (await tenant.executeQuery('SHOW DATABASES', {}, { database: 'system' })).records.map((r) => r.get('name')).sort();
    expect(names).toEqual(['system', 'tenant_a']);
    const usage = (await tenant.executeQuery('SHOW USAGE', {}, { database: 'system' })).records.map((r) => r.get('database'));
    expect(new Set(usage)).toEqual(new Set(['tenant_a']));
    expect((await failure(tenant.executeQuery('SHOW USAGE FOR DATABASE tenant_b', {}, { database: 'system' }))).code).toBe(FORBIDDEN);
    expect((await failure(tenant.executeQuery('SHOW LIMITS FOR DATABASE b_alias', {}, { database: 'system' }))).code).toBe(FORBIDDEN);
  });

  it('HTTP usage, limits and dumps of tenant_b are Forbidden (403)', async () => {
    for (const path of ['/db/tenant_b/usage', '/db/tenant_b/limits', '/db/tenant_b/dump', '/db/b_alias/usage']) {
      const r = await h.http('GET', path, 'tom', 'tom-pass-1');
      expect(r.status, path).toBe(403);
      expect(r.text, path).toContain(FORBIDDEN);
    }
    expect((await h.http('GET', '/db/tenant_a/usage', 'tom', 'tom-pass-1')).status).toBe(200);
    // Dumps need DATABASE MANAGEMENT even of one's own database; limits need LIMIT MANAGEMENT.
    expect((await h.http('GET', '/db/tenant_a/dump', 'tom', 'tom-pass-1')).status).toBe(403);
    expect((await h.http('PUT', '/db/tenant_a/limits', 'tom', 'tom-pass-1', { max_nodes: 5 })).status).toBe(403);
  });
});

describe('DENY and changes to privileges', () => {
  it('DENY wins over GRANT, and a change takes effect in an open session at its next statement', async () => {
    await h.admin("CREATE USER una SET PASSWORD 'una-pass-1' CHANGE NOT REQUIRED");
    await h.admin('GRANT ROLE editor TO una');
    const session = h.driver('una', 'una-pass-1').session({ database: 'tenant_a' });
    try {
      await session.run('CREATE (:ByUna)');
      await h.admin('CREATE ROLE no_write_a');
      await h.admin('DENY WRITE ON GRAPH tenant_a TO no_write_a');
      await h.admin('GRANT ROLE no_write_a TO una');
      const f = await failure(session.run('CREATE (:ByUna)'));
      expect(f.code).toBe(FORBIDDEN);
      expect(f.message).toContain('WRITE');
      // Other databases are untouched by the DENY.
      await h.driver('una', 'una-pass-1').executeQuery('CREATE (:ByUna)', {}, { database: 'neo4j' });
      await h.admin('DENY ACCESS ON DATABASE tenant_a TO no_write_a');
      expect((await failure(session.run('MATCH (n) RETURN count(n)'))).message).toContain('ACCESS');
      await h.admin('REVOKE DENY ACCESS ON DATABASE tenant_a FROM no_write_a');
      await h.admin('REVOKE ROLE no_write_a FROM una');
      await session.run('CREATE (:ByUna)');
    } finally {
      await session.close();
    }
    expect((await h.admin('MATCH (n:ByUna) RETURN count(n) AS c', {}, 'tenant_a'))[0]!.c).toEqual(expect.objectContaining({ low: 2 }));
  });

  it('PUBLIC alone gives access to the home database only, where nothing may be read', async () => {
    await h.admin("CREATE USER vic SET PASSWORD 'vic-pass-1' CHANGE NOT REQUIRED");
    const vic = h.driver('vic', 'vic-pass-1');
    expect((await vic.executeQuery('RETURN 1 AS x')).records).toHaveLength(1);
    expect((await failure(vic.executeQuery('MATCH (n) RETURN n'))).message).toContain('READ');
    expect((await failure(vic.executeQuery('RETURN 1', {}, { database: 'tenant_a' }))).code).toBe(FORBIDDEN);
  });
});

describe('--auth none', () => {
  it('under --auth none everything is allowed', async () => {
    const { startServer } = await import('../../src/server/index.js');
    const { tempDir } = await import('../support/tmp.js');
    const neo4j = (await import('neo4j-driver')).default;
    const { dir, cleanup } = tempDir('quiver-security-none-');
    const s = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' });
    const d = neo4j.driver(`bolt://127.0.0.1:${s.boltPort}`, neo4j.auth.basic('x', 'y'), { logging: { level: 'error', logger: () => {} } });
    try {
      await d.executeQuery('CREATE DATABASE open_db', {}, { database: 'system' });
      await d.executeQuery("CREATE USER someone SET PASSWORD 'pw-123456'", {}, { database: 'system' });
      await d.executeQuery('CREATE (:N)', {}, { database: 'open_db' });
      expect((await d.executeQuery('SHOW DATABASES', {}, { database: 'system' })).records.length).toBe(3);
    } finally {
      await d.close();
      await s.stop();
      cleanup();
    }
  });
});
