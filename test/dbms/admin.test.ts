// Every database and alias command over the real driver against a real server, with each of its
// errors (status codes asserted): admin-cypher.md and DESIGN.md section 5.
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, type Harness, startHarness } from './support.js';

const NOT_FOUND = 'Neo.ClientError.Database.DatabaseNotFound';
const EXISTS = 'Neo.ClientError.Database.ExistingDatabaseFound';
const ALIAS_EXISTS = 'Neo.ClientError.Database.ExistingAliasFound';
const CHAIN = 'Neo.ClientError.Database.IllegalAliasChain';
const UNAVAILABLE = 'Neo.TransientError.General.DatabaseUnavailable';
const READ_ONLY = 'Neo.ClientError.General.WriteOnReadOnlyAccessDatabase';
const ARGUMENT = 'Neo.ClientError.Statement.ArgumentError';
const SYNTAX = 'Neo.ClientError.Statement.SyntaxError';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const names = async (q = 'SHOW DATABASES'): Promise<string[]> => (await h.run(q)).map((r) => r.name as string);

describe('databases', () => {
  it('a fresh server has system and the default database, with the spec columns', async () => {
    const rows = await h.run('SHOW DATABASES');
    expect(rows.map((r) => r.name)).toEqual(['neo4j', 'system']);
    expect(Object.keys(rows[0]!)).toEqual(['name', 'type', 'aliases', 'access', 'address', 'role', 'writer', 'requestedStatus', 'currentStatus', 'statusMessage', 'default', 'home', 'constituents']);
    expect(rows[0]).toMatchObject({ name: 'neo4j', type: 'standard', access: 'read-write', currentStatus: 'online', default: true, home: true, aliases: [] });
    expect(rows[1]).toMatchObject({ name: 'system', type: 'system', default: false });
    expect((await h.run('SHOW DEFAULT DATABASE')).map((r) => r.name)).toEqual(['neo4j']);
    expect(Object.keys((await h.run('SHOW HOME DATABASE'))[0]!)).not.toContain('default');
    expect((await h.run('SHOW DATABASE system')).map((r) => r.type)).toEqual(['system']);
    expect(await h.run('SHOW DATABASE nosuchdb')).toEqual([]);
  });

  it('CREATE, IF NOT EXISTS, OR REPLACE, and their errors', async () => {
    const s = await h.driver.session({ database: 'system' });
    const r = await s.run('CREATE DATABASE Tenant_One');
    expect(r.summary.counters.systemUpdates()).toBe(1);
    await s.close();
    expect(await names()).toContain('tenant_one');
    expect(await codeOf(h.run('CREATE DATABASE tenant_one'))).toBe(EXISTS);
    await h.run('CREATE DATABASE tenant_one IF NOT EXISTS');
    await h.run('CREATE (:Old)', {}, 'tenant_one');
    await h.run('CREATE OR REPLACE DATABASE tenant_one');
    expect(await h.run('MATCH (n) RETURN count(n) AS c', {}, 'tenant_one')).toEqual([{ c: 0 }]);
    expect(await codeOf(h.run('CREATE OR REPLACE DATABASE tenant_one IF NOT EXISTS'))).toBe(SYNTAX);
    expect(await codeOf(h.run('CREATE DATABASE `1bad`'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('CREATE DATABASE ab'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('CREATE DATABASE system2'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('CREATE DATABASE _hidden'))).toBe(ARGUMENT);
    await h.run('CREATE DATABASE $n OPTIONS {plan: "gold", seats: 5} WAIT', { n: 'tenant-two' });
    const [row] = await h.run('SHOW DATABASE `tenant-two` YIELD name, options');
    expect(row).toEqual({ name: 'tenant-two', options: { plan: 'gold', seats: 5 } });
    const wait = await h.run('CREATE DATABASE tenant_wait WAIT');
    expect(wait).toEqual([{ address: expect.any(String), state: 'CaughtUp', message: 'caught up', success: true }]);
  });

  it('the validation message states the rule', async () => {
    const s = h.driver.session({ database: 'system' });
    await expect(s.run('CREATE DATABASE `a b c`')).rejects.toThrow(/3 to 63 characters, starts with an ASCII letter/);
    await expect(s.run('CREATE DATABASE system_x')).rejects.toThrow(/reserved/);
    await s.close();
  });

  it('DROP is soft: UNDROP restores the data, SHOW DROPPED DATABASES lists it, DESTROY DATA skips retention', async () => {
    await h.run('CREATE DATABASE keepme');
    await h.run('CREATE (:Item {v: 42})', {}, 'keepme');
    await h.run('DROP DATABASE keepme');
    expect(await names()).not.toContain('keepme');
    expect(await codeOf(h.run('MATCH (n) RETURN n', {}, 'keepme'))).toBe(NOT_FOUND);
    const dropped = await h.run('SHOW DROPPED DATABASES');
    expect(dropped.map((r) => r.name)).toContain('keepme');
    expect(Object.keys(dropped[0]!)).toEqual(['name', 'databaseID', 'creationTime', 'droppedAt', 'purgeAt']);
    await h.run('UNDROP DATABASE keepme');
    expect(await h.run('MATCH (n:Item) RETURN n.v AS v', {}, 'keepme')).toEqual([{ v: 42 }]);
    expect((await h.run('SHOW DROPPED DATABASES')).map((r) => r.name)).not.toContain('keepme');
    expect(await codeOf(h.run('UNDROP DATABASE keepme'))).toBe(NOT_FOUND);

    await h.run('DROP DATABASE keepme DESTROY DATA');
    expect((await h.run('SHOW DROPPED DATABASES')).map((r) => r.name)).not.toContain('keepme');
    expect(await codeOf(h.run('UNDROP DATABASE keepme'))).toBe(NOT_FOUND);

    // A new database may take a dropped one's name; UNDROP then clashes.
    await h.run('CREATE DATABASE twice');
    await h.run('DROP DATABASE twice');
    await h.run('CREATE DATABASE twice');
    expect(await codeOf(h.run('UNDROP DATABASE twice'))).toBe(EXISTS);

    expect(await codeOf(h.run('DROP DATABASE nosuchdb'))).toBe(NOT_FOUND);
    await h.run('DROP DATABASE nosuchdb IF EXISTS');
    expect(await codeOf(h.run('DROP DATABASE system'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('DROP DATABASE neo4j'))).toBe(ARGUMENT);
  });

  it('DROP DATABASE ... DUMP DATA writes a complete dump to <data dir>/dumps first; seedURI loads it back', async () => {
    const { readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    await h.run('CREATE DATABASE dumped');
    await h.run('UNWIND range(1, 3) AS i CREATE (:Saved {i: i})', {}, 'dumped');
    await h.run('DROP DATABASE dumped DUMP DATA');
    expect((await h.run('SHOW DATABASES')).map((r) => r.name)).not.toContain('dumped');
    const files = readdirSync(join(h.dir, 'dumps')).filter((f) => f.startsWith('dumped-'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.dump$/);
    await h.run('CREATE DATABASE restored OPTIONS {seedURI: $uri}', { uri: `file://${join(h.dir, 'dumps', files[0]!)}` });
    expect((await h.run('MATCH (n:Saved) RETURN count(n) AS c', {}, 'restored'))[0]!.c).toBe(3);
    expect(await codeOf(h.run('DROP DATABASE nosuchdb DUMP DATA'))).toBe(NOT_FOUND);
  });

  it('RENAME is metadata only: data and aliases follow', async () => {
    await h.run('CREATE DATABASE before_name');
    await h.run('CREATE (:Kept)', {}, 'before_name');
    await h.run('CREATE ALIAS follows FOR DATABASE before_name');
    await h.run('RENAME DATABASE before_name TO after_name');
    expect(await h.run('MATCH (n:Kept) RETURN count(n) AS c', {}, 'after_name')).toEqual([{ c: 1 }]);
    expect(await codeOf(h.run('RETURN 1', {}, 'before_name'))).toBe(NOT_FOUND);
    expect((await h.run('SHOW ALIASES follows FOR DATABASE'))[0]).toMatchObject({ database: 'after_name' });
    expect(await h.run('MATCH (n:Kept) RETURN count(n) AS c', {}, 'follows')).toEqual([{ c: 1 }]);
    expect(await codeOf(h.run('RENAME DATABASE nosuchdb TO other_name'))).toBe(NOT_FOUND);
    await h.run('RENAME DATABASE nosuchdb IF EXISTS TO other_name');
    expect(await codeOf(h.run('RENAME DATABASE after_name TO neo4j'))).toBe(EXISTS);
    expect(await codeOf(h.run('RENAME DATABASE after_name TO follows'))).toBe(ALIAS_EXISTS);
    expect(await codeOf(h.run('RENAME DATABASE neo4j TO other_name'))).toBe(ARGUMENT);
  });

  it('STOP makes a database unavailable on every path; START brings it back', async () => {
    await h.run('CREATE DATABASE stoppable');
    await h.run('CREATE ALIAS stoppable_alias FOR DATABASE stoppable');
    await h.run('STOP DATABASE stoppable');
    expect((await h.run('SHOW DATABASE stoppable'))[0]).toMatchObject({ currentStatus: 'offline', requestedStatus: 'offline' });
    expect(await codeOf(h.run('RETURN 1', {}, 'stoppable'))).toBe(UNAVAILABLE);
    expect(await codeOf(h.run('RETURN 1', {}, 'stoppable_alias'))).toBe(UNAVAILABLE);
    expect(await codeOf(h.run('USE stoppable RETURN 1', {}, 'neo4j'))).toBe(UNAVAILABLE);
    await h.run('START DATABASE stoppable WAIT');
    expect(await h.run('RETURN 1 AS one', {}, 'stoppable')).toEqual([{ one: 1 }]);
    expect(await codeOf(h.run('STOP DATABASE nosuchdb'))).toBe(NOT_FOUND);
    expect(await codeOf(h.run('STOP DATABASE system'))).toBe(ARGUMENT);
  });

  it('ALTER DATABASE SET ACCESS READ ONLY refuses writes on every path; READ WRITE allows them', async () => {
    await h.run('CREATE DATABASE ro_db');
    await h.run('CREATE ALIAS ro_alias FOR DATABASE ro_db');
    await h.run('CREATE (:Before)', {}, 'ro_db');
    await h.run('ALTER DATABASE ro_db SET ACCESS READ ONLY');
    expect((await h.run('SHOW DATABASE ro_db'))[0]).toMatchObject({ access: 'read-only' });
    expect(await codeOf(h.run('CREATE (:After)', {}, 'ro_db'))).toBe(READ_ONLY);
    expect(await codeOf(h.run('CREATE (:After)', {}, 'ro_alias'))).toBe(READ_ONLY);
    expect(await codeOf(h.run('USE ro_db CREATE (:After)', {}, 'neo4j'))).toBe(READ_ONLY);
    expect(await codeOf(h.run('CREATE INDEX FOR (n:Before) ON (n.x)', {}, 'ro_db'))).toBe(READ_ONLY);
    expect(await h.run('MATCH (n) RETURN count(n) AS c', {}, 'ro_db')).toEqual([{ c: 1 }]);
    // A transaction that began before the switch fails at commit.
    await h.run('ALTER DATABASE ro_db SET ACCESS READ WRITE');
    const s = h.driver.session({ database: 'ro_db' });
    const tx = await s.beginTransaction();
    await tx.run('CREATE (:Racing)');
    await h.run('ALTER DATABASE ro_db SET ACCESS READ ONLY');
    expect(await codeOf(tx.commit())).toBe(READ_ONLY);
    await s.close();
    await h.run('ALTER DATABASE ro_db SET ACCESS READ WRITE');
    await h.run('CREATE (:After)', {}, 'ro_db');
    expect(await h.run('MATCH (n) RETURN count(n) AS c', {}, 'ro_db')).toEqual([{ c: 2 }]);
    expect(await codeOf(h.run('ALTER DATABASE nosuchdb SET ACCESS READ ONLY'))).toBe(NOT_FOUND);
    await h.run('ALTER DATABASE nosuchdb IF EXISTS SET ACCESS READ ONLY');
    await h.run('ALTER DATABASE ro_db SET OPTION txLogEnrichment "FULL"');
    expect((await h.run('SHOW DATABASE ro_db YIELD options'))[0]).toEqual({ options: { txLogEnrichment: 'FULL' } });
    await h.run('ALTER DATABASE ro_db REMOVE OPTION txLogEnrichment');
    expect((await h.run('SHOW DATABASE ro_db YIELD options'))[0]).toEqual({ options: {} });
    // the system database takes commands, not graph writes
    expect(await codeOf(h.run('CREATE (:Nope)', {}, 'system'))).toBe(READ_ONLY);
  });

  it('SHOW DATABASES: YIELD, WHERE, ORDER BY, SKIP, LIMIT, RETURN, and usage from the counters', async () => {
    for (const n of ['show_a', 'show_b', 'show_c']) await h.run(`CREATE DATABASE ${n} IF NOT EXISTS`);
    await h.run('UNWIND range(1, 5) AS i CREATE (:N {i: i})-[:R]->(:M)', {}, 'show_b');
    const rows = await h.run("SHOW DATABASES YIELD name, nodes, relationships, storageBytes WHERE name STARTS WITH 'show_' RETURN name, nodes, relationships, storageBytes > 0 AS stored ORDER BY name");
    expect(rows).toEqual([
      { name: 'show_a', nodes: 0, relationships: 0, stored: false },
      { name: 'show_b', nodes: 10, relationships: 5, stored: true },
      { name: 'show_c', nodes: 0, relationships: 0, stored: false },
    ]);
    // YIELD's ORDER BY/SKIP/LIMIT come before its WHERE, as in WITH
    expect(await h.run("SHOW DATABASES YIELD name ORDER BY name DESC SKIP 1 LIMIT 8 WHERE name STARTS WITH 'show_'")).toEqual([{ name: 'show_c' }, { name: 'show_b' }, { name: 'show_a' }]);
    expect(await h.run("SHOW DATABASES YIELD name WHERE name STARTS WITH 'show_' RETURN name ORDER BY name DESC SKIP 1 LIMIT 1")).toEqual([{ name: 'show_b' }]);
    expect(await h.run("SHOW DATABASES WHERE name = 'show_c'")).toHaveLength(1);
    expect(await h.run("SHOW DATABASES YIELD name AS db WHERE db = 'show_a' RETURN db")).toEqual([{ db: 'show_a' }]);
    expect(await h.run("SHOW DATABASES YIELD * WHERE name STARTS WITH 'show_' RETURN count(*) AS n")).toEqual([{ n: 3 }]);
    const star = (await h.run('SHOW DATABASE show_a YIELD *'))[0]!;
    for (const k of ['databaseID', 'creationTime', 'lastStartTime', 'lastStopTime', 'store', 'lastCommittedTxn', 'options', 'nodes', 'relationships', 'storageBytes']) expect(star).toHaveProperty(k);
    expect(await h.run('SHOW DATABASES YIELD name ORDER BY name LIMIT $n', { n: neo4j.int(1) })).toEqual([{ name: 'after_name' }]);
    expect(await codeOf(h.run('SHOW DATABASES YIELD nosuchcolumn'))).toBe(SYNTAX);
  });

  it('runs on any database, and in a read transaction only SHOW', async () => {
    expect((await h.run('SHOW DATABASES', {}, 'neo4j')).length).toBeGreaterThan(1);
    const s = h.driver.session({ database: 'system', defaultAccessMode: 'READ' });
    await s.executeRead((tx) => tx.run('SHOW DATABASES'));
    await expect(s.executeRead((tx) => tx.run('CREATE DATABASE from_read'))).rejects.toThrow();
    await s.close();
  });
});

describe('aliases', () => {
  it('CREATE, SHOW, ALTER, DROP with the spec columns; resolution on Bolt db, USE and the summary', async () => {
    await h.run('CREATE DATABASE blue');
    await h.run('CREATE DATABASE green');
    await h.run("CREATE (:Colour {name: 'blue'})", {}, 'blue');
    await h.run("CREATE (:Colour {name: 'green'})", {}, 'green');
    await h.run('CREATE ALIAS live FOR DATABASE blue PROPERTIES {owner: "ops", weight: 3}');
    const rows = await h.run('SHOW ALIASES live FOR DATABASE');
    expect(rows).toEqual([{ name: 'live', composite: null, database: 'blue', location: 'local', url: null, user: null }]);
    expect((await h.run('SHOW ALIAS live FOR DATABASES YIELD *'))[0]).toMatchObject({ driver: null, properties: { owner: 'ops', weight: 3 } });
    expect((await h.run('SHOW DATABASE blue'))[0]).toMatchObject({ aliases: ['live'] });
    expect((await h.run('SHOW DATABASE live'))[0]).toMatchObject({ name: 'blue' });

    const s = h.driver.session({ database: 'live' });
    const r = await s.run('MATCH (c:Colour) RETURN c.name AS name');
    expect(r.records[0]!.get('name')).toBe('blue');
    expect(r.summary.database.name).toBe('blue');
    await s.close();
    expect(await h.run('USE live MATCH (c:Colour) RETURN c.name AS name', {}, 'neo4j')).toEqual([{ name: 'blue' }]);

    await h.run('ALTER ALIAS live SET DATABASE TARGET green');
    expect(await h.run('MATCH (c:Colour) RETURN c.name AS name', {}, 'live')).toEqual([{ name: 'green' }]);
    expect((await h.run('SHOW ALIASES FOR DATABASE green')).map((a) => a.name)).toEqual(['live']);
    expect(await h.run('SHOW ALIASES FOR DATABASE blue')).toEqual([]);
    expect((await h.run('SHOW ALIASES FOR DATABASE live')).map((a) => a.name)).toEqual(['live']);
    expect(await codeOf(h.run('SHOW ALIASES FOR DATABASE nosuchdb'))).toBe(NOT_FOUND);
    expect(await h.run("SHOW ALIASES FOR DATABASES YIELD name, database WHERE database = 'green' RETURN name")).toEqual([{ name: 'live' }]);

    await h.run('DROP ALIAS live FOR DATABASE');
    expect(await codeOf(h.run('RETURN 1', {}, 'live'))).toBe(NOT_FOUND);
    expect(await codeOf(h.run('DROP ALIAS live FOR DATABASE'))).toBe(NOT_FOUND);
    await h.run('DROP ALIAS live IF EXISTS FOR DATABASE');
  });

  it('refuses chains, clashes, reserved names and unknown targets', async () => {
    await h.run('CREATE DATABASE alias_target IF NOT EXISTS');
    await h.run('CREATE ALIAS first_alias FOR DATABASE alias_target');
    expect(await codeOf(h.run('CREATE ALIAS second_alias FOR DATABASE first_alias'))).toBe(CHAIN);
    expect(await codeOf(h.run('ALTER ALIAS first_alias SET DATABASE TARGET first_alias'))).toBe(CHAIN);
    expect(await codeOf(h.run('CREATE ALIAS first_alias FOR DATABASE neo4j'))).toBe(ALIAS_EXISTS);
    expect(await codeOf(h.run('CREATE ALIAS neo4j FOR DATABASE alias_target'))).toBe(ALIAS_EXISTS);
    expect(await codeOf(h.run('CREATE DATABASE first_alias'))).toBe(ALIAS_EXISTS);
    expect(await codeOf(h.run('CREATE ALIAS system_alias FOR DATABASE alias_target'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('CREATE ALIAS _alias FOR DATABASE alias_target'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('CREATE ALIAS new_alias FOR DATABASE nosuchdb'))).toBe(NOT_FOUND);
    expect(await codeOf(h.run('ALTER ALIAS nosuchalias SET DATABASE TARGET neo4j'))).toBe(NOT_FOUND);
    await h.run('ALTER ALIAS nosuchalias IF EXISTS SET DATABASE TARGET neo4j');
    await h.run('CREATE ALIAS first_alias IF NOT EXISTS FOR DATABASE neo4j');
    expect((await h.run('SHOW ALIASES first_alias FOR DATABASE'))[0]).toMatchObject({ database: 'alias_target' });
    await h.run('CREATE OR REPLACE ALIAS first_alias FOR DATABASE neo4j');
    expect((await h.run('SHOW ALIASES first_alias FOR DATABASE'))[0]).toMatchObject({ database: 'neo4j' });
    expect(await codeOf(h.run("CREATE ALIAS remote_alias FOR DATABASE neo4j AT 'neo4j+s://x:7687' USER u PASSWORD 'p'"))).toBe(SYNTAX);
    await h.run('DROP ALIAS first_alias FOR DATABASE');
  });

  it('DROP DATABASE of an alias target fails without CASCADE ALIASES (or with RESTRICT)', async () => {
    await h.run('CREATE DATABASE cascade_me');
    await h.run('CREATE ALIAS cascade_a FOR DATABASE cascade_me');
    await h.run('CREATE ALIAS cascade_b FOR DATABASE cascade_me');
    expect(await codeOf(h.run('DROP DATABASE cascade_me'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('DROP DATABASE cascade_me RESTRICT'))).toBe(ARGUMENT);
    expect(await codeOf(h.run('DROP DATABASE cascade_a'))).toBe(NOT_FOUND);
    await h.run('DROP DATABASE cascade_me CASCADE ALIASES');
    expect((await h.run('SHOW ALIASES FOR DATABASES')).map((a) => a.name)).not.toContain('cascade_a');
    expect(await codeOf(h.run('RETURN 1', {}, 'cascade_b'))).toBe(NOT_FOUND);
  });
});
