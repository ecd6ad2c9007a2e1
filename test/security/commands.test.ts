// User, role and privilege commands through the real driver: each command, its errors, what SHOW
// shows (never a password or hash), the password change flow, suspension, and persistence
// across a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startSecurityHarness, type SecurityHarness } from './support.js';

let h: SecurityHarness;

beforeAll(async () => {
  h = await startSecurityHarness();
  await h.admin('CREATE DATABASE tenant_a');
});

afterAll(async () => {
  await h.stop();
});

describe('users', () => {
  it('CREATE / SHOW / ALTER / RENAME / DROP USER, with IF [NOT] EXISTS and errors', async () => {
    await h.admin("CREATE USER alice SET PASSWORD 'alice-pass-1' CHANGE NOT REQUIRED SET HOME DATABASE tenant_a");
    await h.admin("CREATE USER alice IF NOT EXISTS SET PASSWORD 'other-pass'");
    const exists = await failure(h.admin("CREATE USER alice SET PASSWORD 'other-pass'"));
    expect(exists.code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(exists.message).toContain('already exists');

    const rows = await h.admin('SHOW USERS');
    expect(Object.keys(rows[0]!).sort()).toEqual(['home', 'passwordChangeRequired', 'roles', 'suspended', 'user']);
    expect(rows.find((r) => r.user === 'alice')).toEqual({ user: 'alice', roles: ['PUBLIC'], passwordChangeRequired: false, suspended: false, home: 'tenant_a' });
    expect(rows.find((r) => r.user === 'neo4j')).toMatchObject({ roles: ['admin', 'PUBLIC'], passwordChangeRequired: false });
    expect(JSON.stringify(rows)).not.toMatch(/alice-pass|scrypt|salt|hash/);
    expect(await h.admin("SHOW USERS YIELD user, home WHERE user = 'alice'")).toEqual([{ user: 'alice', home: 'tenant_a' }]);

    await h.admin("ALTER USER alice SET PASSWORD 'alice-pass-2' CHANGE REQUIRED SET STATUS SUSPENDED REMOVE HOME DATABASE");
    expect((await h.admin("SHOW USERS WHERE user = 'alice'"))[0]).toMatchObject({ passwordChangeRequired: true, suspended: true, home: null });
    await h.admin('RENAME USER alice TO alicia');
    expect((await h.admin('SHOW USERS')).map((r) => r.user)).toEqual(['alicia', 'neo4j']);
    expect((await failure(h.admin("ALTER USER nobody SET STATUS ACTIVE"))).message).toContain('does not exist');
    await h.admin('ALTER USER nobody IF EXISTS SET STATUS ACTIVE');
    await h.admin('DROP USER alicia');
    await h.admin('DROP USER alicia IF EXISTS');
    expect((await failure(h.admin('DROP USER alicia'))).message).toContain('does not exist');
    expect((await failure(h.admin('DROP USER neo4j'))).message).toContain('yourself');
  });

  it('SHOW CURRENT USER shows the caller', async () => {
    expect(await h.admin('SHOW CURRENT USER')).toEqual([{ user: 'neo4j', roles: ['admin', 'PUBLIC'], passwordChangeRequired: false, suspended: false, home: null }]);
  });

  it('CHANGE REQUIRED: the user may log in but only change the password (CredentialsExpired), then works', async () => {
    await h.admin("CREATE USER carol SET PASSWORD 'carol-old-1'"); // CHANGE REQUIRED by default, as in Neo4j
    await h.admin('GRANT ROLE reader TO carol');
    const carol = h.driver('carol', 'carol-old-1');
    const f = await failure(carol.executeQuery('RETURN 1'));
    expect(f.code).toBe('Neo.ClientError.Security.CredentialsExpired');
    const http = await h.http('POST', '/db/neo4j/tx/commit', 'carol', 'carol-old-1', { statements: [{ statement: 'RETURN 1' }] });
    expect(http.body.errors[0].code).toBe('Neo.ClientError.Security.CredentialsExpired');
    const wrong = await failure(carol.executeQuery("ALTER CURRENT USER SET PASSWORD FROM 'nope' TO 'carol-new-1'", {}, { database: 'system' }));
    expect(wrong.code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect(wrong.message).not.toContain('carol-new-1');
    await carol.executeQuery("ALTER CURRENT USER SET PASSWORD FROM 'carol-old-1' TO 'carol-new-1'", {}, { database: 'system' });
    const fresh = h.driver('carol', 'carol-new-1');
    expect((await fresh.executeQuery('RETURN 1 AS x')).records[0]!.get('x').toNumber()).toBe(1);
    expect((await failure(h.fresh('carol', 'carol-old-1').executeQuery('RETURN 1'))).code).toBe('Neo.ClientError.Security.Unauthorized');
    expect((await h.admin("SHOW USERS WHERE user = 'carol'"))[0]).toMatchObject({ passwordChangeRequired: false });
  });

  it('a suspended user cannot log in (Bolt, HTTP); suspending an open session refuses its next statement', async () => {
    await h.admin("CREATE USER dave SET PASSWORD 'dave-pass-1' CHANGE NOT REQUIRED");
    await h.admin('GRANT ROLE reader TO dave');
    const dave = h.driver('dave', 'dave-pass-1');
    const session = dave.session({ database: 'neo4j' });
    try {
      await session.run('RETURN 1');
      await h.admin('ALTER USER dave SET STATUS SUSPENDED');
      expect((await failure(session.run('RETURN 1'))).code).toBe('Neo.ClientError.Security.Forbidden');
    } finally {
      await session.close();
    }
    expect((await failure(h.fresh('dave', 'dave-pass-1').executeQuery('RETURN 1'))).code).toBe('Neo.ClientError.Security.Unauthorized');
    // HTTP: the credential cache is invalidated by the change.
    const http = await h.http('POST', '/db/neo4j/tx/commit', 'dave', 'dave-pass-1', { statements: [{ statement: 'RETURN 1' }] });
    expect(http.status).toBe(401);
    await h.admin('ALTER USER dave SET STATUS ACTIVE');
    expect((await h.http('POST', '/db/neo4j/tx/commit', 'dave', 'dave-pass-1', { statements: [{ statement: 'RETURN 1' }] })).body.errors).toEqual([]);
  });
});

describe('roles', () => {
  it('built-in roles; CREATE [IF NOT EXISTS | AS COPY OF], RENAME, DROP; GRANT / REVOKE ROLE; SHOW ROLES WITH USERS', async () => {
    expect((await h.admin('SHOW ROLES')).map((r) => r.role)).toEqual(expect.arrayContaining(['PUBLIC', 'admin', 'architect', 'editor', 'publisher', 'reader']));
    await h.admin("CREATE USER erin SET PASSWORD 'erin-pass-1' CHANGE NOT REQUIRED");
    await h.admin('CREATE ROLE auditor');
    await h.admin('CREATE ROLE auditor IF NOT EXISTS');
    expect((await failure(h.admin('CREATE ROLE auditor'))).message).toContain('already exists');
    await h.admin('CREATE ROLE reader2 AS COPY OF reader');
    expect((await h.admin('SHOW ROLE reader2 PRIVILEGES AS COMMANDS')).map((r) => r.command)).toEqual(
      (await h.admin('SHOW ROLE reader PRIVILEGES AS COMMANDS')).map((r) => (r.command as string).replace('`reader`', '`reader2`')),
    );
    await h.admin('GRANT ROLE auditor, reader2 TO erin');
    const withUsers = await h.admin('SHOW ROLES WITH USERS');
    expect(withUsers).toEqual(expect.arrayContaining([{ role: 'auditor', member: 'erin' }, { role: 'reader2', member: 'erin' }, { role: 'PUBLIC', member: 'erin' }]));
    await h.admin('RENAME ROLE auditor TO auditors');
    expect((await h.admin("SHOW USERS WHERE user = 'erin'"))[0]!.roles).toEqual(['auditors', 'reader2', 'PUBLIC']);
    await h.admin('REVOKE ROLE auditors FROM erin');
    await h.admin('DROP ROLE reader2');
    expect((await h.admin("SHOW USERS WHERE user = 'erin'"))[0]!.roles).toEqual(['PUBLIC']);
    expect((await failure(h.admin('GRANT ROLE nosuch TO erin'))).message).toContain('does not exist');
    expect((await failure(h.admin('GRANT ROLE auditors TO nobody'))).message).toContain('does not exist');
    expect((await failure(h.admin('DROP ROLE PUBLIC'))).code).toBe('Neo.ClientError.Statement.ArgumentError');
    await h.admin('DROP ROLE auditors');
  });
});

describe('privileges', () => {
  it('SHOW PRIVILEGES [AS COMMANDS], SHOW ROLE x PRIVILEGES, SHOW USER x PRIVILEGES; GRANT / DENY / REVOKE change them', async () => {
    const pub = await h.admin('SHOW ROLE PUBLIC PRIVILEGES');
    expect(pub).toEqual([{ access: 'GRANTED', action: 'access', resource: 'database', graph: 'HOME', segment: 'database', role: 'PUBLIC', immutable: false }]);
    const reader = await h.admin('SHOW ROLE reader PRIVILEGES AS COMMANDS');
    expect(reader.map((r) => r.command)).toEqual([
      'GRANT ACCESS ON DATABASE * TO `reader`',
      'GRANT MATCH {*} ON GRAPH * NODE * TO `reader`',
      'GRANT MATCH {*} ON GRAPH * RELATIONSHIP * TO `reader`',
    ]);
    await h.admin('CREATE ROLE t_a');
    await h.admin('GRANT ACCESS ON DATABASE tenant_a TO t_a');
    await h.admin('GRANT MATCH {*} ON GRAPH tenant_a TO t_a');
    await h.admin('DENY WRITE ON GRAPH tenant_a TO t_a');
    await h.admin('GRANT LIMIT MANAGEMENT ON DATABASE tenant_a TO t_a');
    expect((await h.admin('SHOW ROLE t_a PRIVILEGES AS COMMANDS')).map((r) => r.command)).toEqual([
      'GRANT ACCESS ON DATABASE `tenant_a` TO `t_a`',
      'GRANT MATCH {*} ON GRAPH `tenant_a` NODE * TO `t_a`',
      'GRANT MATCH {*} ON GRAPH `tenant_a` RELATIONSHIP * TO `t_a`',
      'DENY WRITE ON GRAPH `tenant_a` NODE * TO `t_a`',
      'DENY WRITE ON GRAPH `tenant_a` RELATIONSHIP * TO `t_a`',
      'GRANT LIMIT MANAGEMENT ON DATABASE `tenant_a` TO `t_a`',
    ]);
    await h.admin('REVOKE DENY WRITE ON GRAPH tenant_a FROM t_a');
    await h.admin('REVOKE LIMIT MANAGEMENT ON DATABASE tenant_a FROM t_a');
    expect((await h.admin('SHOW ROLE t_a PRIVILEGES')).map((r) => `${r.access} ${r.action} ${r.graph} ${r.segment}`)).toEqual([
      'GRANTED access tenant_a database',
      'GRANTED match tenant_a NODE(*)',
      'GRANTED match tenant_a RELATIONSHIP(*)',
    ]);
    expect((await h.admin('SHOW PRIVILEGES')).some((r) => r.role === 'admin' && r.action === 'dbms_actions')).toBe(true);
    await h.admin("CREATE USER frank SET PASSWORD 'frank-pass-1' CHANGE NOT REQUIRED");
    await h.admin('GRANT ROLE t_a TO frank');
    const mine = await h.admin('SHOW USER frank PRIVILEGES');
    expect(new Set(mine.map((r) => r.role))).toEqual(new Set(['t_a', 'PUBLIC']));
    expect(mine.every((r) => r.user === 'frank')).toBe(true);
    // Any user may see their own privileges, not others' or all.
    const frank = h.driver('frank', 'frank-pass-1');
    expect((await frank.executeQuery('SHOW USER PRIVILEGES', {}, { database: 'system' })).records.length).toBe(mine.length);
    expect((await failure(frank.executeQuery('SHOW PRIVILEGES', {}, { database: 'system' }))).code).toBe('Neo.ClientError.Security.Forbidden');
    expect((await failure(frank.executeQuery('SHOW USERS', {}, { database: 'system' }))).code).toBe('Neo.ClientError.Security.Forbidden');
    expect((await failure(h.admin('GRANT WRITE ON DATABASE tenant_a TO t_a'))).code).toBe('Neo.ClientError.Statement.ArgumentError');
    expect((await failure(h.admin('GRANT ACCESS ON DATABASE tenant_a TO nosuch'))).message).toContain('does not exist');
  });

  it('non-admins cannot run administration commands (each needs its management privilege)', async () => {
    await h.admin("CREATE USER gina SET PASSWORD 'gina-pass-1' CHANGE NOT REQUIRED");
    await h.admin('GRANT ROLE editor TO gina');
    const gina = h.driver('gina', 'gina-pass-1');
    const sys = { database: 'system' };
    for (const q of ['CREATE DATABASE gina_db', 'CREATE ALIAS gina_alias FOR DATABASE tenant_a', "CREATE USER x SET PASSWORD 'y'", 'CREATE ROLE x', 'GRANT ROLE admin TO gina', 'GRANT ACCESS ON DATABASE * TO editor', 'ALTER DATABASE tenant_a SET LIMIT max_nodes = 5']) {
      const f = await failure(gina.executeQuery(q, {}, sys));
      expect(f.code, q).toBe('Neo.ClientError.Security.Forbidden');
      expect(f.message, q).toMatch(/MANAGEMENT privilege/);
    }
    expect((await failure(gina.executeQuery('CREATE INDEX FOR (n:P) ON (n.x)'))).message).toContain('INDEX MANAGEMENT');
    // Granting the privilege lets the same user do it, at their next statement.
    await h.admin('CREATE ROLE alias_admin');
    await h.admin('GRANT ALIAS MANAGEMENT ON DBMS TO alias_admin');
    await h.admin('GRANT ROLE alias_admin TO gina');
    await gina.executeQuery('CREATE ALIAS gina_alias FOR DATABASE tenant_a', {}, sys);
    await h.admin('DROP ALIAS gina_alias FOR DATABASE');
  });
});

describe('persistence', () => {
  it('users, roles, memberships, privileges and passwords survive a restart; no secret is written in clear', async () => {
    await h.admin("CREATE USER henry SET PASSWORD 'henry-secret-1' CHANGE NOT REQUIRED SET HOME DATABASE tenant_a");
    await h.admin('CREATE ROLE keep');
    await h.admin('GRANT ACCESS ON DATABASE tenant_a TO keep');
    await h.admin('DENY ACCESS ON DATABASE neo4j TO keep');
    await h.admin('GRANT ROLE keep TO henry');
    const before = { users: await h.admin('SHOW USERS'), privileges: await h.admin('SHOW PRIVILEGES AS COMMANDS') };
    await h.restart();
    expect(await h.admin('SHOW USERS')).toEqual(before.users);
    expect(await h.admin('SHOW PRIVILEGES AS COMMANDS')).toEqual(before.privileges);
    const henry = h.driver('henry', 'henry-secret-1');
    expect((await henry.executeQuery('RETURN 1 AS x')).summary.database.name).toBe('tenant_a');
    expect((await failure(henry.executeQuery('RETURN 1', {}, { database: 'neo4j' }))).code).toBe('Neo.ClientError.Security.Forbidden');
    // Nothing the server wrote to its data directory holds a password in clear.
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    for (const f of walk(h.dir)) {
      const text = readFileSync(f).toString('latin1');
      for (const secret of ['henry-secret-1', 'carol-new-1', 'dave-pass-1', 'admin-pass-1']) expect(text.includes(secret), `${f} holds ${secret}`).toBe(false);
    }
  });
});
