// Every administration command form of specs/admin-cypher.md, with names and with $parameters,
// asserting the AST fields, plus a print -> parse round trip of each.
import { describe, expect, it } from 'vitest';
import { parse, print } from '../../src/cypher/index.js';
import { stripPositions } from './ast-compare.js';

function check(q: string, expected: Record<string, unknown>): void {
  const ast = parse(q);
  expect(ast).toMatchObject(expected);
  expect(stripPositions(parse(print(ast))), `round trip of ${q} via ${print(ast)}`).toEqual(stripPositions(ast));
}

const db = (name: string): object => ({ kind: 'DatabaseName', name });
const p = (name: string): object => ({ kind: 'Parameter', name });
const sym = (name: string): object => ({ kind: 'SymbolicName', name });

describe('databases', () => {
  it.each<[string, Record<string, unknown>]>([
    ['SHOW DATABASES', { kind: 'ShowDatabases', scope: 'ALL', name: null, tail: null }],
    ['SHOW DATABASE', { kind: 'ShowDatabases', scope: 'ALL', plural: false }],
    ['SHOW DATABASE tenant_a', { kind: 'ShowDatabases', scope: 'NAMED', name: db('tenant_a') }],
    ['SHOW DATABASE $db', { kind: 'ShowDatabases', scope: 'NAMED', name: p('db') }],
    ['SHOW DEFAULT DATABASE', { kind: 'ShowDatabases', scope: 'DEFAULT' }],
    ['SHOW HOME DATABASE', { kind: 'ShowDatabases', scope: 'HOME' }],
    ['SHOW DROPPED DATABASES', { kind: 'ShowDatabases', scope: 'DROPPED' }],
    ['SHOW DATABASES YIELD *', { tail: { yield: { star: true, items: [] }, where: null, return: null } }],
    [
      'SHOW DATABASES YIELD name, currentStatus AS s ORDER BY name DESC SKIP 1 LIMIT $n WHERE s = "online" RETURN name ORDER BY name LIMIT 5',
      {
        tail: {
          yield: { star: false, items: [{ field: 'name', alias: null }, { field: 'currentStatus', alias: { name: 's' } }], orderBy: [{ descending: true }], skip: { value: 1n }, limit: p('n') },
          where: { kind: 'Comparison' },
          return: { kind: 'Return', projection: { items: [{ alias: null }], limit: { value: 5n } } },
        },
      },
    ],
    ['SHOW DATABASES WHERE name STARTS WITH "tenant"', { tail: { yield: null, where: { kind: 'Binary', operator: 'STARTS WITH' } } }],
    ['CREATE DATABASE tenant_a', { kind: 'CreateDatabase', name: db('tenant_a'), orReplace: false, ifNotExists: false, options: null, wait: null }],
    ['CREATE DATABASE $name IF NOT EXISTS', { name: p('name'), ifNotExists: true }],
    ['CREATE OR REPLACE DATABASE `tenant-a` OPTIONS {existingData: "use", seedURI: $uri} WAIT 10 SECONDS', { orReplace: true, name: db('tenant-a'), options: { kind: 'MapLiteral', entries: [{ key: 'existingData' }, { key: 'seedURI', value: p('uri') }] }, wait: { wait: true, seconds: 10n } }],
    ['CREATE DATABASE a OPTIONS $opts NOWAIT', { options: p('opts'), wait: { wait: false, seconds: null } }],
    ['CREATE DATABASE a WAIT', { wait: { wait: true, seconds: null } }],
    ['CREATE DATABASE a WAIT 5 SEC', { wait: { seconds: 5n } }],
    ['ALTER DATABASE a SET ACCESS READ ONLY', { kind: 'AlterDatabase', name: db('a'), ifExists: false, actions: [{ kind: 'SetAccess', access: 'READ ONLY' }] }],
    ['ALTER DATABASE $d IF EXISTS SET ACCESS READ WRITE', { name: p('d'), ifExists: true, actions: [{ kind: 'SetAccess', access: 'READ WRITE' }] }],
    ['ALTER DATABASE a SET OPTION txLogEnrichment "FULL"', { actions: [{ kind: 'SetOption', key: 'txLogEnrichment', value: { value: 'FULL' } }] }],
    ['ALTER DATABASE a SET OPTION k $v', { actions: [{ kind: 'SetOption', key: 'k', value: p('v') }] }],
    ['ALTER DATABASE a REMOVE OPTION txLogEnrichment', { actions: [{ kind: 'RemoveOption', key: 'txLogEnrichment' }] }],
    ['START DATABASE a', { kind: 'StartDatabase', name: db('a'), wait: null }],
    ['START DATABASE $d WAIT', { kind: 'StartDatabase', name: p('d'), wait: { wait: true } }],
    ['STOP DATABASE a NOWAIT', { kind: 'StopDatabase', wait: { wait: false } }],
    ['DROP DATABASE a', { kind: 'DropDatabase', name: db('a'), ifExists: false, aliasAction: null, dataAction: null, wait: null }],
    ['DROP DATABASE $d IF EXISTS RESTRICT DUMP DATA WAIT 3 SECONDS', { name: p('d'), ifExists: true, aliasAction: 'RESTRICT', dataAction: 'DUMP', wait: { seconds: 3n } }],
    ['DROP DATABASE a CASCADE ALIASES DESTROY DATA NOWAIT', { aliasAction: 'CASCADE', dataAction: 'DESTROY', wait: { wait: false } }],
    ['DROP DATABASE a CASCADE ALIAS DESTROY', { aliasAction: 'CASCADE', dataAction: 'DESTROY' }],
    ['RENAME DATABASE old TO new', { kind: 'RenameDatabase', from: db('old'), to: db('new'), ifExists: false }],
    ['RENAME DATABASE $a IF EXISTS TO $b', { from: p('a'), to: p('b'), ifExists: true }],
    ['UNDROP DATABASE a', { kind: 'UndropDatabase', name: db('a') }],
    ['UNDROP DATABASE $a', { kind: 'UndropDatabase', name: p('a') }],
  ])('%s', (q, expected) => check(q, expected));
});

describe('aliases', () => {
  it.each<[string, Record<string, unknown>]>([
    ['CREATE ALIAS live FOR DATABASE tenant_a', { kind: 'CreateAlias', name: db('live'), target: db('tenant_a'), orReplace: false, ifNotExists: false, properties: null, url: null }],
    ['CREATE OR REPLACE ALIAS $alias IF NOT EXISTS FOR DATABASE $target PROPERTIES {team: "blue", n: 1}', { orReplace: true, ifNotExists: true, name: p('alias'), target: p('target'), properties: { kind: 'MapLiteral' } }],
    ['CREATE ALIAS comp.live FOR DATABASE a PROPERTIES $props', { name: db('comp.live'), properties: p('props') }],
    ['CREATE ALIAS remote FOR DATABASE a AT "neo4j+s://h:7687" USER bob PASSWORD "pw" DRIVER {ssl_enforced: true}', { url: { value: 'neo4j+s://h:7687' }, user: sym('bob'), password: { value: 'pw' }, driver: { kind: 'MapLiteral' } }],
    ['ALTER ALIAS live SET DATABASE TARGET tenant_b', { kind: 'AlterAlias', name: db('live'), ifExists: false, target: db('tenant_b'), properties: null }],
    ['ALTER ALIAS $a IF EXISTS SET DATABASE TARGET $t PROPERTIES {x: 1}', { name: p('a'), ifExists: true, target: p('t'), properties: { kind: 'MapLiteral' } }],
    ['ALTER ALIAS a SET DATABASE PROPERTIES $p', { target: null, properties: p('p') }],
    ['DROP ALIAS live FOR DATABASE', { kind: 'DropAlias', name: db('live'), ifExists: false }],
    ['DROP ALIAS $a IF EXISTS FOR DATABASE', { name: p('a'), ifExists: true }],
    ['SHOW ALIASES FOR DATABASES', { kind: 'ShowAliases', name: null, target: null, plural: true, pluralDatabase: true }],
    ['SHOW ALIAS live FOR DATABASE', { kind: 'ShowAliases', name: db('live'), plural: false, pluralDatabase: false }],
    ['SHOW ALIAS $a FOR DATABASES YIELD name WHERE name <> "x"', { name: p('a'), tail: { yield: { items: [{ field: 'name' }] }, where: { kind: 'Comparison' } } }],
    ['SHOW ALIASES FOR DATABASE tenant_a', { kind: 'ShowAliases', name: null, target: db('tenant_a') }],
    ['SHOW ALIASES FOR DATABASE $t WHERE database = $t', { target: p('t'), tail: { where: { kind: 'Comparison' } } }],
  ])('%s', (q, expected) => check(q, expected));
});

describe('limits and usage (ext)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['ALTER DATABASE a SET LIMIT max_nodes = 1000', { kind: 'AlterDatabase', actions: [{ kind: 'SetLimits', limits: [{ key: 'max_nodes', value: { value: 1000n } }] }] }],
    [
      "ALTER DATABASE $d SET LIMIT max_nodes = $n, max_query_time = '60s', max_storage_bytes = '10GB'",
      { name: p('d'), actions: [{ kind: 'SetLimits', limits: [{ key: 'max_nodes', value: p('n') }, { key: 'max_query_time', value: { value: '60s' } }, { key: 'max_storage_bytes' }] }] },
    ],
    ['ALTER DATABASE a REMOVE LIMIT max_nodes', { actions: [{ kind: 'RemoveLimits', keys: ['max_nodes'] }] }],
    ['ALTER DATABASE a REMOVE LIMIT max_nodes, max_edges', { actions: [{ kind: 'RemoveLimits', keys: ['max_nodes', 'max_edges'] }] }],
    ['ALTER DATABASE a SET LIMIT max_results = 10 REMOVE LIMIT max_nodes SET ACCESS READ ONLY', { actions: [{ kind: 'SetLimits' }, { kind: 'RemoveLimits' }, { kind: 'SetAccess' }] }],
    ['SHOW LIMITS', { kind: 'ShowLimits', database: null, tail: null }],
    ['SHOW LIMITS FOR DATABASE a', { kind: 'ShowLimits', database: db('a') }],
    ['SHOW LIMITS FOR DATABASE $d YIELD limit, value WHERE value > 0', { database: p('d'), tail: { yield: { items: [{ field: 'limit' }, { field: 'value' }] } } }],
    ['SHOW USAGE', { kind: 'ShowUsage', database: null }],
    ['SHOW USAGE FOR DATABASE `tenant-a` WHERE metric = "nodes"', { kind: 'ShowUsage', database: db('tenant-a'), tail: { where: { kind: 'Comparison' } } }],
    ['SHOW USAGE FOR DATABASE $d', { database: p('d') }],
  ])('%s', (q, expected) => check(q, expected));
});

describe('users', () => {
  it.each<[string, Record<string, unknown>]>([
    ["CREATE USER bob SET PASSWORD 'pw'", { kind: 'CreateUser', name: sym('bob'), orReplace: false, ifNotExists: false, settings: [{ kind: 'SetPassword', password: { value: 'pw' }, encrypted: null, changeRequired: null }] }],
    [
      'CREATE USER $u IF NOT EXISTS SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED SET STATUS SUSPENDED SET HOME DATABASE $db',
      { name: p('u'), ifNotExists: true, settings: [{ kind: 'SetPassword', password: p('pw'), encrypted: false, changeRequired: false }, { kind: 'SetStatus', status: 'SUSPENDED' }, { kind: 'SetHomeDatabase', database: p('db') }] },
    ],
    ["CREATE OR REPLACE USER bob SET ENCRYPTED PASSWORD '1,abc,def' CHANGE REQUIRED SET STATUS ACTIVE", { orReplace: true, settings: [{ encrypted: true, changeRequired: true }, { status: 'ACTIVE' }] }],
    ['ALTER USER bob SET PASSWORD $pw', { kind: 'AlterUser', name: sym('bob'), ifExists: false, settings: [{ kind: 'SetPassword', password: p('pw') }] }],
    ['ALTER USER $u IF EXISTS SET PASSWORD CHANGE REQUIRED SET STATUS ACTIVE REMOVE HOME DATABASE', { name: p('u'), ifExists: true, settings: [{ kind: 'SetPassword', password: null, changeRequired: true }, { kind: 'SetStatus' }, { kind: 'RemoveHomeDatabase' }] }],
    ['ALTER USER bob SET HOME DATABASE tenant_a', { settings: [{ kind: 'SetHomeDatabase', database: db('tenant_a') }] }],
    ["ALTER CURRENT USER SET PASSWORD FROM 'old' TO 'new'", { kind: 'AlterCurrentUser', oldPassword: { value: 'old' }, newPassword: { value: 'new' } }],
    ['ALTER CURRENT USER SET PASSWORD FROM $old TO $new', { oldPassword: p('old'), newPassword: p('new') }],
    ['RENAME USER a TO b', { kind: 'RenameUser', from: sym('a'), to: sym('b'), ifExists: false }],
    ['RENAME USER $a IF EXISTS TO $b', { from: p('a'), to: p('b'), ifExists: true }],
    ['DROP USER bob', { kind: 'DropUser', name: sym('bob'), ifExists: false }],
    ['DROP USER $u IF EXISTS', { name: p('u'), ifExists: true }],
    ['SHOW USERS', { kind: 'ShowUsers', withAuth: false, tail: null }],
    ['SHOW USERS WITH AUTH YIELD user WHERE user = $u', { withAuth: true, tail: { yield: { items: [{ field: 'user' }] } } }],
    ['SHOW CURRENT USER', { kind: 'ShowCurrentUser' }],
    ['SHOW CURRENT USER YIELD *', { kind: 'ShowCurrentUser', tail: { yield: { star: true } } }],
  ])('%s', (q, expected) => check(q, expected));
});

describe('roles', () => {
  it.each<[string, Record<string, unknown>]>([
    ['CREATE ROLE analyst', { kind: 'CreateRole', name: sym('analyst'), copyOf: null, ifNotExists: false }],
    ['CREATE ROLE $r IF NOT EXISTS AS COPY OF $other', { name: p('r'), ifNotExists: true, copyOf: p('other') }],
    ['CREATE OR REPLACE ROLE a AS COPY OF reader', { orReplace: true, copyOf: sym('reader') }],
    ['DROP ROLE analyst', { kind: 'DropRole', name: sym('analyst'), ifExists: false }],
    ['DROP ROLE $r IF EXISTS', { name: p('r'), ifExists: true }],
    ['RENAME ROLE a TO b', { kind: 'RenameRole', from: sym('a'), to: sym('b') }],
    ['SHOW ROLES', { kind: 'ShowRoles', scope: null, withUsers: false }],
    ['SHOW ROLES WITH USERS', { withUsers: true }],
    ['SHOW ALL ROLES WITH USERS WHERE role = "admin"', { scope: 'ALL', withUsers: true, tail: { where: { kind: 'Comparison' } } }],
    ['SHOW POPULATED ROLES', { scope: 'POPULATED' }],
    ['GRANT ROLE analyst TO bob', { kind: 'GrantRole', roles: [sym('analyst')], users: [sym('bob')] }],
    ['GRANT ROLES a, $b TO $u, v', { kind: 'GrantRole', roles: [sym('a'), p('b')], users: [p('u'), sym('v')] }],
    ['REVOKE ROLE analyst FROM bob', { kind: 'RevokeRole', roles: [sym('analyst')], users: [sym('bob')] }],
    ['REVOKE ROLES $r FROM $u', { kind: 'RevokeRole', roles: [p('r')], users: [p('u')] }],
  ])('%s', (q, expected) => check(q, expected));

  it('refuses the wrong preposition', () => {
    expect(() => parse('GRANT ROLE a FROM b')).toThrow(/TO/);
    expect(() => parse('REVOKE ROLE a TO b')).toThrow(/FROM/);
  });
});

describe('privileges', () => {
  const target = (kind: string, scope: string, names: object[] = [], qualifier: object | null = null): object => ({ kind, scope, names, qualifier });
  it.each<[string, Record<string, unknown>]>([
    ['GRANT ACCESS ON DATABASE tenant_a TO analyst', { kind: 'PrivilegeCommand', command: 'GRANT', revokeKind: null, action: 'ACCESS', target: target('DatabaseTarget', 'NAMED', [db('tenant_a')]), roles: [sym('analyst')] }],
    ['DENY ACCESS ON HOME DATABASE TO $r', { command: 'DENY', target: target('DatabaseTarget', 'HOME'), roles: [p('r')] }],
    ['REVOKE ACCESS ON DATABASES * FROM analyst', { command: 'REVOKE', target: target('DatabaseTarget', 'ALL') }],
    ['GRANT ACCESS ON DATABASE a, $b TO r1, r2', { target: target('DatabaseTarget', 'NAMED', [db('a'), p('b')]), roles: [sym('r1'), sym('r2')] }],
    ['GRANT TRAVERSE ON GRAPH * TO r', { action: 'TRAVERSE', properties: null, target: target('GraphTarget', 'ALL') }],
    ['GRANT READ {*} ON GRAPH g TO r', { action: 'READ', properties: '*', target: target('GraphTarget', 'NAMED', [db('g')]) }],
    ['GRANT READ {name, email} ON GRAPH g NODES Person TO r', { action: 'READ', properties: ['name', 'email'], target: { qualifier: { entity: 'NODES', names: ['Person'] } } }],
    ['DENY MATCH {*} ON GRAPHS * RELATIONSHIPS * TO r', { command: 'DENY', action: 'MATCH', properties: '*', target: { plural: true, qualifier: { entity: 'RELATIONSHIPS', names: null } } }],
    ['GRANT WRITE ON GRAPH * TO editor', { action: 'WRITE' }],
    ['REVOKE GRANT WRITE ON GRAPH $g FROM editor', { command: 'REVOKE', revokeKind: 'GRANT', target: target('GraphTarget', 'NAMED', [p('g')]) }],
    ['REVOKE DENY TRAVERSE ON HOME GRAPH ELEMENTS * FROM r', { revokeKind: 'DENY', target: { scope: 'HOME', qualifier: { entity: 'ELEMENTS' } } }],
    ['GRANT ALL DATABASE PRIVILEGES ON DATABASE * TO admin', { action: 'ALL DATABASE PRIVILEGES' }],
    ['GRANT DATABASE MANAGEMENT ON DBMS TO admin', { action: 'DATABASE MANAGEMENT', target: { kind: 'Dbms' } }],
    ['GRANT ALIAS MANAGEMENT ON DBMS TO admin', { action: 'ALIAS MANAGEMENT' }],
    ['GRANT LIMIT MANAGEMENT ON DBMS TO ops', { action: 'LIMIT MANAGEMENT' }],
    ['DENY ROLE MANAGEMENT ON DBMS TO r', { action: 'ROLE MANAGEMENT' }],
    ['GRANT IMMUTABLE ACCESS ON DEFAULT DATABASE TO r', { immutable: true, target: { scope: 'DEFAULT' } }],
    ['GRANT SET LABEL Person, Admin ON GRAPH * TO r', { action: 'SET LABEL', labels: ['Person', 'Admin'] }],
    ['GRANT REMOVE LABEL * ON GRAPH * TO r', { action: 'REMOVE LABEL', labels: '*' }],
    ['GRANT SET PROPERTY {salary} ON GRAPH * NODES Employee TO hr', { action: 'SET PROPERTY', properties: ['salary'] }],
    ['GRANT CREATE INDEX ON DATABASE * TO r', { action: 'CREATE INDEX' }],
    ['GRANT START ON DATABASE a TO r', { action: 'START' }],
    ['SHOW PRIVILEGES', { kind: 'ShowPrivileges', scope: 'ALL', names: [], asCommands: null }],
    ['SHOW ALL PRIVILEGES AS COMMANDS', { scope: 'ALL', asCommands: 'COMMANDS' }],
    ['SHOW PRIVILEGES AS REVOKE COMMANDS', { asCommands: 'REVOKE COMMANDS' }],
    ['SHOW USER bob PRIVILEGES', { kind: 'ShowPrivileges', scope: 'USER', names: [sym('bob')] }],
    ['SHOW USER PRIVILEGES', { scope: 'USER', names: [] }],
    ['SHOW USERS $a, b PRIVILEGES AS COMMANDS', { scope: 'USER', names: [p('a'), sym('b')], asCommands: 'COMMANDS' }],
    ['SHOW ROLE analyst PRIVILEGES', { scope: 'ROLE', names: [sym('analyst')] }],
    ['SHOW ROLES $r PRIVILEGES YIELD access, action WHERE access = "GRANTED"', { scope: 'ROLE', names: [p('r')], tail: { yield: { items: [{ field: 'access' }, { field: 'action' }] } } }],
  ])('%s', (q, expected) => check(q, expected));

  it('refuses unknown privileges and misplaced property sets', () => {
    expect(() => parse('GRANT FLY ON DBMS TO r')).toThrow(/Invalid privilege/);
    expect(() => parse('GRANT WRITE {x} ON GRAPH * TO r')).toThrow(/Invalid privilege/);
  });
});

describe('names', () => {
  it('accepts backticks, dotted names and keywords as names', () => {
    check('CREATE DATABASE `my-db`', { name: db('my-db') });
    check('SHOW DATABASE `system`', { name: db('system') });
    check('CREATE USER `user` SET PASSWORD "x"', { name: sym('user') });
    check('CREATE DATABASE data', { name: db('data') });
  });
  it('is case-insensitive for keywords', () => {
    check('show databases', { kind: 'ShowDatabases', plural: true });
    check('create or replace database x if not exists wait', { kind: 'CreateDatabase', orReplace: true, ifNotExists: true });
  });
});
