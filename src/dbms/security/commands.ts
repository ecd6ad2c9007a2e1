// User, role and privilege commands (admin-cypher.md "Users, roles, privileges"): AST in,
// SecurityStore calls and result rows out. Who may run them is decided before (authorize.ts);
// ALTER CURRENT USER and SHOW CURRENT USER act on the user running the statement.
// No row, message or error here carries a password or hash.
import type * as A from '../../cypher/index.js';
import { quiverError } from '../../errors.js';
import type { Value } from '../../values/types.js';
import { validateDatabaseName } from '../catalog.js';
import { applyShowTail, type QueryRunner } from '../show-tail.js';
import { checkVerb, type Privilege, privilegeRows, PUBLIC_ROLE } from './privileges.js';
import type { SecurityStore, UserChanges, UserRecord } from './store.js';

export type SecurityCommand = Extract<
  A.Statement,
  {
    kind:
      | 'CreateUser'
      | 'AlterUser'
      | 'AlterCurrentUser'
      | 'RenameUser'
      | 'DropUser'
      | 'ShowUsers'
      | 'ShowCurrentUser'
      | 'CreateRole'
      | 'RenameRole'
      | 'DropRole'
      | 'ShowRoles'
      | 'GrantRole'
      | 'RevokeRole'
      | 'PrivilegeCommand'
      | 'ShowPrivileges';
  }
>;

const KINDS = new Set<string>([
  'CreateUser',
  'AlterUser',
  'AlterCurrentUser',
  'RenameUser',
  'DropUser',
  'ShowUsers',
  'ShowCurrentUser',
  'CreateRole',
  'RenameRole',
  'DropRole',
  'ShowRoles',
  'GrantRole',
  'RevokeRole',
  'PrivilegeCommand',
  'ShowPrivileges',
]);

/** Whether the security store runs this statement. */
export function isSecurityCommand(st: A.Statement): st is SecurityCommand {
  return KINDS.has(st.kind);
}

export interface SecurityContext {
  readonly security: SecurityStore;
  readonly params: ReadonlyMap<string, Value>;
  /** The user running the statement; null when unauthenticated (`--auth none`, in-process API). */
  readonly currentUser: string | null;
  readonly query: QueryRunner;
}

export interface SecurityResult {
  readonly columns: string[];
  readonly rows: Value[][];
  readonly stats?: { readonly systemUpdates?: number };
}

const USER_COLUMNS = ['user', 'roles', 'passwordChangeRequired', 'suspended', 'home'];
const ROLE_COLUMNS = ['role'];
const ROLE_USER_COLUMNS = ['role', 'member'];
const PRIVILEGE_COLUMNS = ['access', 'action', 'resource', 'graph', 'segment', 'role', 'immutable'];
const USER_PRIVILEGE_COLUMNS = [...PRIVILEGE_COLUMNS, 'user'];

export async function runSecurityCommand(st: SecurityCommand, ctx: SecurityContext): Promise<SecurityResult> {
  const s = ctx.security;
  const name = (n: A.NameRef): string => nameOf(n, ctx.params);
  const done = (changed: boolean): SecurityResult => ({ columns: [], rows: [], stats: { systemUpdates: changed ? 1 : 0 } });
  switch (st.kind) {
    case 'CreateUser': {
      const c = userChanges(st.settings, ctx.params);
      if (c.password === undefined) throw quiverError('ArgumentError', 'CREATE USER needs SET PASSWORD.');
      return done(await s.createUser(name(st.name), { ...c, password: c.password }, { ifNotExists: st.ifNotExists, orReplace: st.orReplace }));
    }
    case 'AlterUser':
      return done(await s.alterUser(name(st.name), userChanges(st.settings, ctx.params), { ifExists: st.ifExists }));
    case 'AlterCurrentUser': {
      if (ctx.currentUser === null) throw quiverError('ArgumentError', 'ALTER CURRENT USER needs an authenticated user (authentication is disabled).');
      await s.changeOwnPassword(ctx.currentUser, password(st.oldPassword, ctx.params), password(st.newPassword, ctx.params));
      return done(true);
    }
    case 'RenameUser':
      return done(await s.renameUser(name(st.from), name(st.to), { ifExists: st.ifExists }));
    case 'DropUser':
      return done(await s.dropUser(name(st.name), { ifExists: st.ifExists, current: ctx.currentUser }));
    case 'ShowUsers': {
      const rows = s.listUsers().map((u) => userRow(s, u));
      return applyShowTail({ columns: USER_COLUMNS, defaults: USER_COLUMNS, rows }, st.tail, ctx.params, ctx.query);
    }
    case 'ShowCurrentUser': {
      const u = ctx.currentUser === null ? undefined : s.user(ctx.currentUser);
      const rows = u === undefined ? [] : [userRow(s, u)];
      return applyShowTail({ columns: USER_COLUMNS, defaults: USER_COLUMNS, rows }, st.tail, ctx.params, ctx.query);
    }
    case 'CreateRole':
      return done(await s.createRole(name(st.name), { ifNotExists: st.ifNotExists, orReplace: st.orReplace, copyOf: st.copyOf === null ? null : name(st.copyOf) }));
    case 'RenameRole':
      return done(await s.renameRole(name(st.from), name(st.to), { ifExists: st.ifExists }));
    case 'DropRole':
      return done(await s.dropRole(name(st.name), { ifExists: st.ifExists }));
    case 'ShowRoles': {
      const users = s.listUsers();
      const rows: Value[][] = [];
      for (const r of s.listRoles()) {
        const members = r.name === PUBLIC_ROLE ? users.map((u) => u.username) : users.filter((u) => u.roles.includes(r.name)).map((u) => u.username);
        if (st.scope === 'POPULATED' && members.length === 0) continue;
        if (!st.withUsers) rows.push([r.name]);
        else if (members.length === 0) rows.push([r.name, null]);
        else for (const m of members) rows.push([r.name, m]);
      }
      const columns = st.withUsers ? ROLE_USER_COLUMNS : ROLE_COLUMNS;
      return applyShowTail({ columns, defaults: columns, rows }, st.tail, ctx.params, ctx.query);
    }
    case 'GrantRole':
    case 'RevokeRole':
      return done(await s.setRoles(st.roles.map(name), st.users.map(name), st.kind === 'GrantRole'));
    case 'PrivilegeCommand': {
      const privileges = toPrivileges(st, ctx.params);
      const roles = st.roles.map(name);
      if (st.command === 'REVOKE') return done(await s.changePrivileges(roles, privileges, 'remove', st.revokeKind === null ? null : st.revokeKind === 'GRANT' ? 'GRANTED' : 'DENIED'));
      return done(await s.changePrivileges(roles, privileges, 'add'));
    }
    case 'ShowPrivileges':
      return showPrivileges(st, ctx);
  }
}

function userRow(s: SecurityStore, u: UserRecord): Value[] {
  return [u.username, [...u.roles, PUBLIC_ROLE], u.passwordChangeRequired, u.suspended, u.home];
}

async function showPrivileges(st: A.ShowPrivileges, ctx: SecurityContext): Promise<SecurityResult> {
  const s = ctx.security;
  const rows: Value[][] = [];
  const commands: Value[][] = [];
  const add = (role: string, user: string | null): void => {
    const r = s.role(role);
    if (r === undefined) return;
    for (const p of r.privileges) {
      for (const row of privilegeRows(role, p)) {
        const base: Value[] = [row.access, row.action, row.resource, row.graph, row.segment, row.role, false];
        rows.push(user === null ? base : [...base, user]);
        commands.push([row.command]);
      }
    }
  };
  let withUser = false;
  switch (st.scope) {
    case 'ALL':
      for (const r of s.listRoles()) add(r.name, null);
      break;
    case 'ROLE':
      for (const n of st.names) {
        const role = nameOf(n, ctx.params);
        if (s.role(role) === undefined) throw quiverError('ArgumentError', `Role '${role}' does not exist.`);
        add(role, null);
      }
      break;
    case 'USER': {
      withUser = true;
      const names = st.names.length === 0 ? (ctx.currentUser === null ? [] : [ctx.currentUser]) : st.names.map((n) => nameOf(n, ctx.params));
      for (const u of names) {
        const roles = s.rolesOf(u);
        if (roles === undefined) throw quiverError('ArgumentError', `User '${u}' does not exist.`);
        for (const r of roles) add(r, u);
      }
      break;
    }
  }
  if (st.asCommands !== null) {
    const seen = new Set<string>();
    const unique = commands.filter((c) => {
      const k = c[0] as string;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const out = st.asCommands === 'REVOKE COMMANDS' ? unique.map((c) => [revokeOf(c[0] as string)]) : unique;
    return applyShowTail({ columns: ['command'], defaults: ['command'], rows: out }, st.tail, ctx.params, ctx.query);
  }
  const columns = withUser ? USER_PRIVILEGE_COLUMNS : PRIVILEGE_COLUMNS;
  return applyShowTail({ columns, defaults: columns, rows }, st.tail, ctx.params, ctx.query);
}

function revokeOf(command: string): string {
  const m = /^(GRANT|DENY) (.*) TO (`[^`]*(?:``[^`]*)*`)$/.exec(command);
  return m === null ? command : `REVOKE ${m[1]} ${m[2]} FROM ${m[3]}`;
}

function toPrivileges(st: A.PrivilegeCommand, params: ReadonlyMap<string, Value>): Privilege[] {
  const access = st.command === 'DENY' || st.revokeKind === 'DENY' ? 'DENIED' : 'GRANTED';
  const t = st.target;
  if (t.kind === 'Dbms') {
    checkVerb(st.action, 'dbms');
    return [{ access, verb: st.action, scope: 'DBMS', name: null, graph: false }];
  }
  const graph = t.kind === 'GraphTarget';
  checkVerb(st.action, graph ? 'graph' : 'database');
  if (t.qualifier !== null && t.qualifier.names !== null) {
    throw quiverError('ArgumentError', 'Privileges on some labels or relationship types only are not supported; privileges apply to whole databases (NODES * / RELATIONSHIPS * / ELEMENTS *).');
  }
  if (st.labels !== null || (Array.isArray(st.properties) && st.properties.length > 0)) {
    throw quiverError('ArgumentError', 'Privileges on some properties only are not supported; use {*}.');
  }
  if (t.scope !== 'NAMED') return [{ access, verb: st.action, scope: t.scope, name: null, graph }];
  return t.names.map((n) => ({ access, verb: st.action, scope: 'NAMED' as const, name: databaseNameOf(n, params), graph }));
}

function userChanges(settings: readonly A.UserSetting[], params: ReadonlyMap<string, Value>): UserChanges {
  let c: { -readonly [K in keyof UserChanges]: UserChanges[K] } = {};
  for (const x of settings) {
    switch (x.kind) {
      case 'SetPassword':
        if (x.encrypted === true) throw quiverError('ArgumentError', 'SET ENCRYPTED PASSWORD is not supported; give the password in plain text (it is hashed with scrypt).');
        if (x.password !== null) c.password = password(x.password, params);
        if (x.changeRequired !== null) c.passwordChangeRequired = x.changeRequired;
        break;
      case 'SetStatus':
        c.suspended = x.status === 'SUSPENDED';
        break;
      case 'SetHomeDatabase':
        c.home = databaseNameOf(x.database, params);
        break;
      case 'RemoveHomeDatabase':
        c = { ...c, home: null };
        break;
    }
  }
  return c;
}

/** A password: a string literal or a string parameter (never evaluated as Cypher, never echoed). */
function password(e: A.Expression, params: ReadonlyMap<string, Value>): string {
  let v: Value | undefined;
  if (e.kind === 'Literal') v = e.value as Value;
  else if (e.kind === 'Parameter') {
    v = params.get(e.name);
    if (v === undefined) throw quiverError('ParameterMissing', `Expected parameter(s): ${e.name}`);
  } else throw quiverError('ArgumentError', 'A password must be a string literal or a parameter.');
  if (typeof v !== 'string') throw quiverError('ArgumentError', 'A password must be a STRING.');
  return v;
}

function nameOf(n: A.NameRef, params: ReadonlyMap<string, Value>): string {
  if (n.kind === 'SymbolicName') return n.name;
  const v = params.get(n.name);
  if (v === undefined) throw quiverError('ParameterMissing', `Expected parameter(s): ${n.name}`);
  if (typeof v !== 'string') throw quiverError('ArgumentError', `Expected the parameter $${n.name} to be a name (a STRING).`);
  return v;
}

function databaseNameOf(r: A.DatabaseRef, params: ReadonlyMap<string, Value>): string {
  const raw = r.kind === 'DatabaseName' ? r.name : nameOf({ kind: 'Parameter', name: r.name } as A.NameRef, params);
  return raw.toLowerCase() === 'system' ? 'system' : validateDatabaseName(raw);
}
