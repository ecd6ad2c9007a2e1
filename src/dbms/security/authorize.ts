// The one place a statement's privileges are checked (DESIGN.md section 8). runIn calls
// `authorizeStatement` for every statement of an authenticated user — whatever the front end (Bolt,
// HTTP, gRPC) — once the statement is prepared and every database it names is resolved (aliases
// to their targets, so the target's privileges apply), and before anything of it runs. The HTTP
// endpoints that do not run Cypher (dump, load, limits, usage) call `requirePrivilege`.
//
// The user's state is read afresh for each statement, so a suspension, a dropped user or a changed
// grant takes effect for open sessions at their next statement.
import type * as A from '../../cypher/index.js';
import { quiverError } from '../../errors.js';
import type { Value } from '../../values/types.js';
import { type Need, NEED_NAMES } from './privileges.js';
import type { SecurityStore } from './store.js';

/** What a statement touches, as runIn knows it before running it. */
export interface StatementAccess {
  /** Canonical names of every database the statement uses, the session's first. */
  readonly databases: readonly string[];
  /** Canonical names of the databases it writes (queries only). */
  readonly written: readonly string[];
  /** Whether it reads graph data (a query, not only EXPLAINed, whose plan scans, expands or looks up). */
  readonly reads: boolean;
  /** The administration or schema command; null for queries. */
  readonly command: A.Statement | null;
  readonly params: ReadonlyMap<string, Value>;
  /** A database or alias name to its canonical name (unknown names are returned as given). */
  readonly canonical: (name: string) => string;
}

const SYSTEM = 'system';

/** Throws Forbidden or CredentialsExpired unless `username` may run the statement. */
export function authorizeStatement(security: SecurityStore, username: string, a: StatementAccess): void {
  const cmd = a.command;
  const changingPassword = cmd?.kind === 'AlterCurrentUser';
  checkUser(security, username, changingPassword);
  const priv = security.privileges(username)!;
  const need = (n: Need, db: string): void => {
    if (!priv.allows(n, db)) throw denied(security, username, n, db);
  };
  // The system database holds no graph; every user may reach it for the commands they may run
  // (SHOW DATABASES, ALTER CURRENT USER, ...), which are checked one by one below.
  for (const db of a.databases) if (db !== SYSTEM) need('access', db);
  if (cmd === null) {
    if (a.reads) for (const db of a.databases) if (db !== SYSTEM) need('read', db);
    for (const db of a.written) need('write', db);
    return;
  }
  for (const [n, db] of commandNeeds(cmd, a, username)) need(n, db);
}

/** For front ends that act without a statement (dumps, limits over HTTP). */
export function requirePrivilege(security: SecurityStore, username: string, n: Need, database: string): void {
  checkUser(security, username, false);
  if (n !== 'access' && database !== SYSTEM && !security.privileges(username)!.allows('access', database)) throw denied(security, username, 'access', database);
  if (n === 'access' && database === SYSTEM) return;
  if (!security.privileges(username)!.allows(n, database)) throw denied(security, username, n, database);
}

/** Whether the user may access a database (SHOW DATABASES lists only those). */
export function canAccess(security: SecurityStore, username: string, database: string): boolean {
  if (database === SYSTEM) return true;
  return security.privileges(username)?.allows('access', database) ?? false;
}

function checkUser(security: SecurityStore, username: string, changingPassword: boolean): void {
  const u = security.user(username);
  if (u === undefined) throw quiverError('Forbidden', `Permission denied: the user '${username}' no longer exists.`);
  if (u.suspended) throw quiverError('Forbidden', `Permission denied: the user '${username}' is suspended.`);
  if (u.passwordChangeRequired && !changingPassword) {
    throw quiverError(
      'CredentialsExpired',
      'Permission denied. The credentials you provided were valid, but must be changed before you can use this instance. Change them with ALTER CURRENT USER SET PASSWORD FROM ... TO ...',
    );
  }
}

function denied(security: SecurityStore, username: string, n: Need, db: string): Error {
  const roles = (security.rolesOf(username) ?? []).join(', ');
  const what = n === 'access' ? 'Database access' : n === 'read' ? 'Reading' : n === 'write' ? 'Writing' : `This command`;
  const where = DBMS_LEVEL.has(n) ? 'on the DBMS' : `on database '${db}'`;
  return quiverError('Forbidden', `${what} is not allowed for user '${username}' with roles [${roles}] ${where}: the ${NEED_NAMES[n]} privilege is missing or denied.`);
}

const DBMS_LEVEL = new Set<Need>(['database', 'alias', 'user', 'role', 'privilege']);
const ANY = '*';

/** The privileges an administration or schema command needs, as [need, database] pairs. */
function commandNeeds(cmd: A.Statement, a: StatementAccess, username: string): [Need, string][] {
  const session = a.databases[0]!;
  const name = (r: A.DatabaseRef): string => {
    if (r.kind === 'DatabaseName') return a.canonical(r.name);
    const v = a.params.get(r.name);
    return typeof v === 'string' ? a.canonical(v) : ANY;
  };
  const userName = (n: A.NameRef): string | undefined => (n.kind === 'SymbolicName' ? n.name : (a.params.get(n.name) as string | undefined));
  switch (cmd.kind) {
    case 'CreateDatabase':
    case 'DropDatabase':
    case 'StartDatabase':
    case 'StopDatabase':
    case 'RenameDatabase':
    case 'UndropDatabase':
      return [['database', ANY]];
    case 'AlterDatabase': {
      const out: [Need, string][] = [];
      for (const x of cmd.actions) {
        if (x.kind === 'SetLimits' || x.kind === 'RemoveLimits') out.push(['limit', name(cmd.name)]);
        else out.push(['database', ANY]);
      }
      return out;
    }
    case 'CreateAlias':
    case 'AlterAlias':
    case 'DropAlias':
      return [['alias', ANY]];
    case 'CreateUser':
    case 'AlterUser':
    case 'RenameUser':
    case 'DropUser':
    case 'ShowUsers':
      return [['user', ANY]];
    case 'CreateRole':
    case 'RenameRole':
    case 'DropRole':
    case 'ShowRoles':
    case 'GrantRole':
    case 'RevokeRole':
      return [['role', ANY]];
    case 'PrivilegeCommand':
      return [['privilege', ANY]];
    case 'ShowPrivileges':
      // Anyone may see their own privileges.
      if (cmd.scope === 'USER' && cmd.names.every((n) => userName(n) === username)) return [];
      return [['privilege', ANY]];
    case 'CreateIndex':
    case 'DropIndex':
      return [['index', session]];
    case 'CreateConstraint':
    case 'DropConstraint':
      return [['constraint', session]];
    case 'ShowLimits':
    case 'ShowUsage':
      // Rows are limited to the databases the user may access; a named one must be accessible.
      return cmd.database === null ? [] : [['access', name(cmd.database)]];
    default:
      // SHOW DATABASES / ALIASES / INDEXES / CONSTRAINTS / CURRENT USER, ALTER CURRENT USER, ...
      return [];
  }
}
