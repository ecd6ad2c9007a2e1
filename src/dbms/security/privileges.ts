// The privilege model (DESIGN.md section 8, Neo4j's RBAC shape at database granularity): what a
// GRANT / DENY stores, what each privilege allows, the built-in roles' defaults, and how a user's
// privileges are compiled into sets that a statement is checked against in a few map lookups.
//
// A privilege's verb (`ACCESS`, `MATCH`, `WRITE`, `DATABASE MANAGEMENT`, ...) maps to the needs it
// satisfies; a statement asks for needs (`access` on tenant_a, `write` on tenant_a, `user` on the
// DBMS). A need is met when some role of the user grants it and none denies it: DENY wins.
import { quiverError } from '../../errors.js';

/** What a statement may need. Database-level needs name a database; DBMS-level ones do not. */
export type Need =
  | 'access'
  | 'read'
  | 'write'
  | 'index'
  | 'constraint'
  | 'token'
  | 'limit'
  | 'database'
  | 'alias'
  | 'user'
  | 'role'
  | 'privilege';

export const DBMS_NEEDS: ReadonlySet<Need> = new Set<Need>(['database', 'alias', 'user', 'role', 'privilege']);

/** How a privilege is written in a command and shown in SHOW PRIVILEGES. */
interface Verb {
  /** `database` (ON DATABASE), `graph` (ON GRAPH), `dbms` (ON DBMS); `limit` takes DATABASE or DBMS. */
  readonly on: 'database' | 'graph' | 'dbms' | 'database-or-dbms';
  readonly needs: readonly Need[];
  /** SHOW PRIVILEGES: action, resource, and the segments of a graph privilege. */
  readonly action: string;
  readonly resource: string;
  /** `{*}` after the verb when printed as a command. */
  readonly properties?: boolean;
}

const VERBS: Readonly<Record<string, Verb>> = {
  ACCESS: { on: 'database', needs: ['access'], action: 'access', resource: 'database' },
  MATCH: { on: 'graph', needs: ['read'], action: 'match', resource: 'all_properties', properties: true },
  READ: { on: 'graph', needs: ['read'], action: 'read', resource: 'all_properties', properties: true },
  TRAVERSE: { on: 'graph', needs: ['read'], action: 'traverse', resource: 'graph' },
  WRITE: { on: 'graph', needs: ['write'], action: 'write', resource: 'graph' },
  'INDEX MANAGEMENT': { on: 'database', needs: ['index'], action: 'index', resource: 'database' },
  'CONSTRAINT MANAGEMENT': { on: 'database', needs: ['constraint'], action: 'constraint', resource: 'database' },
  'NAME MANAGEMENT': { on: 'database', needs: ['token'], action: 'token', resource: 'database' },
  'ALL DATABASE PRIVILEGES': { on: 'database', needs: ['access', 'index', 'constraint', 'token', 'limit'], action: 'database_actions', resource: 'database' },
  'LIMIT MANAGEMENT': { on: 'database-or-dbms', needs: ['limit'], action: 'limit_management', resource: 'database' },
  'DATABASE MANAGEMENT': { on: 'dbms', needs: ['database'], action: 'database_management', resource: 'database' },
  'ALIAS MANAGEMENT': { on: 'dbms', needs: ['alias'], action: 'alias_management', resource: 'database' },
  'USER MANAGEMENT': { on: 'dbms', needs: ['user'], action: 'user_management', resource: 'database' },
  'ROLE MANAGEMENT': { on: 'dbms', needs: ['role'], action: 'role_management', resource: 'database' },
  'PRIVILEGE MANAGEMENT': { on: 'dbms', needs: ['privilege'], action: 'privilege_management', resource: 'database' },
  'ALL DBMS PRIVILEGES': { on: 'dbms', needs: ['database', 'alias', 'user', 'role', 'privilege', 'limit'], action: 'dbms_actions', resource: 'database' },
};

/** Human names of needs, for Forbidden messages. */
export const NEED_NAMES: Readonly<Record<Need, string>> = {
  access: 'ACCESS',
  read: 'READ (MATCH / TRAVERSE)',
  write: 'WRITE',
  index: 'INDEX MANAGEMENT',
  constraint: 'CONSTRAINT MANAGEMENT',
  token: 'NAME MANAGEMENT',
  limit: 'LIMIT MANAGEMENT',
  database: 'DATABASE MANAGEMENT',
  alias: 'ALIAS MANAGEMENT',
  user: 'USER MANAGEMENT',
  role: 'ROLE MANAGEMENT',
  privilege: 'PRIVILEGE MANAGEMENT',
};

/** One stored privilege of a role. `scope` DBMS has no name; NAMED has a (lower-case) database name. */
export interface Privilege {
  readonly access: 'GRANTED' | 'DENIED';
  readonly verb: string;
  readonly scope: 'DBMS' | 'ALL' | 'HOME' | 'DEFAULT' | 'NAMED';
  readonly name: string | null;
  /** Written ON GRAPH (true) or ON DATABASE / DBMS (false). */
  readonly graph: boolean;
}

export function samePrivilege(a: Privilege, b: Privilege): boolean {
  return a.access === b.access && a.verb === b.verb && a.scope === b.scope && a.name === b.name;
}

/** Checks that `verb` exists and fits the target it was given; returns its definition. */
export function checkVerb(verb: string, target: 'database' | 'graph' | 'dbms'): void {
  const v = VERBS[verb];
  if (v === undefined) {
    throw quiverError('ArgumentError', `The ${verb} privilege is not supported; supported: ${Object.keys(VERBS).join(', ')}.`);
  }
  const fits = v.on === target || (v.on === 'database-or-dbms' && target !== 'graph');
  if (!fits) {
    const on = v.on === 'graph' ? 'GRAPH' : v.on === 'dbms' ? 'DBMS' : 'DATABASE';
    throw quiverError('ArgumentError', `The ${verb} privilege is granted ON ${on}, not ON ${target.toUpperCase()}.`);
  }
}

const ALL = (verb: string, graph: boolean): Privilege => ({ access: 'GRANTED', verb, scope: 'ALL', name: null, graph });
const DBMS = (verb: string): Privilege => ({ access: 'GRANTED', verb, scope: 'DBMS', name: null, graph: false });

/** The built-in roles and their default privileges (Neo4j's, database-level). */
export const BUILT_IN_ROLES: ReadonlyMap<string, readonly Privilege[]> = (() => {
  const reader = [ALL('ACCESS', false), ALL('MATCH', true)];
  const editor = [...reader, ALL('WRITE', true)];
  const publisher = [...editor, ALL('NAME MANAGEMENT', false)];
  const architect = [...publisher, ALL('INDEX MANAGEMENT', false), ALL('CONSTRAINT MANAGEMENT', false)];
  const admin = [ALL('ACCESS', false), ALL('MATCH', true), ALL('WRITE', true), ALL('ALL DATABASE PRIVILEGES', false), DBMS('ALL DBMS PRIVILEGES')];
  return new Map<string, readonly Privilege[]>([
    ['PUBLIC', [{ access: 'GRANTED', verb: 'ACCESS', scope: 'HOME', name: null, graph: false }]],
    ['reader', reader],
    ['editor', editor],
    ['publisher', publisher],
    ['architect', architect],
    ['admin', admin],
  ]);
})();

export const PUBLIC_ROLE = 'PUBLIC';

/** The databases one need is granted or denied on. */
interface Coverage {
  all: boolean;
  readonly names: Set<string>;
}

/** A user's privileges, compiled. `allows(need, db)`; db is ignored for DBMS needs. */
export class CompiledPrivileges {
  private readonly granted = new Map<Need, Coverage>();
  private readonly denied = new Map<Need, Coverage>();

  constructor(privileges: Iterable<Privilege>, home: string, defaultDatabase: string) {
    for (const p of privileges) {
      const v = VERBS[p.verb];
      if (v === undefined) continue;
      const into = p.access === 'GRANTED' ? this.granted : this.denied;
      for (const need of v.needs) {
        let c = into.get(need);
        if (c === undefined) into.set(need, (c = { all: false, names: new Set() }));
        switch (p.scope) {
          case 'DBMS':
          case 'ALL':
            c.all = true;
            break;
          case 'HOME':
            c.names.add(home);
            break;
          case 'DEFAULT':
            c.names.add(defaultDatabase);
            break;
          case 'NAMED':
            c.names.add(p.name!);
            break;
        }
      }
    }
  }

  allows(need: Need, database: string): boolean {
    const d = this.denied.get(need);
    if (d !== undefined && (d.all || d.names.has(database))) return false;
    const g = this.granted.get(need);
    return g !== undefined && (g.all || g.names.has(database));
  }
}

/** SHOW PRIVILEGES rows: access, action, resource, graph, segment, role, immutable (graph privileges give a NODE and a RELATIONSHIP row, as in Neo4j). */
export function privilegeRows(role: string, p: Privilege): { access: string; action: string; resource: string; graph: string; segment: string; role: string; command: string }[] {
  const v = VERBS[p.verb]!;
  const graph = p.scope === 'DBMS' || p.scope === 'ALL' ? '*' : p.scope === 'NAMED' ? p.name! : p.scope;
  const base = { access: p.access, action: v.action, resource: v.resource, graph, role };
  if (!p.graph) return [{ ...base, segment: 'database', command: privilegeCommand(role, p, null) }];
  return [
    { ...base, segment: 'NODE(*)', command: privilegeCommand(role, p, 'NODE') },
    { ...base, segment: 'RELATIONSHIP(*)', command: privilegeCommand(role, p, 'RELATIONSHIP') },
  ];
}

/** The command that creates a privilege, as SHOW PRIVILEGES AS COMMANDS prints it. */
export function privilegeCommand(role: string, p: Privilege, segment: 'NODE' | 'RELATIONSHIP' | null): string {
  const v = VERBS[p.verb]!;
  const word = p.access === 'GRANTED' ? 'GRANT' : 'DENY';
  const verb = v.properties ? `${p.verb} {*}` : p.verb;
  let target: string;
  if (p.scope === 'DBMS') target = 'DBMS';
  else {
    const kw = p.graph ? 'GRAPH' : 'DATABASE';
    target = p.scope === 'ALL' ? `${kw} *` : p.scope === 'NAMED' ? `${kw} ${quote(p.name!)}` : `${p.scope} ${kw}`;
  }
  const seg = segment === null ? '' : ` ${segment} *`;
  return `${word} ${verb} ON ${target}${seg} ${p.access === 'GRANTED' ? 'TO' : 'TO'} ${quote(role)}`;
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
