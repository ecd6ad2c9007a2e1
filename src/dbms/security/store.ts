// Users and roles in the catalog (the system keyspace), mirrored in memory so that checking a
// statement's privileges costs map lookups, not reads. Every change is one store transaction,
// committed before memory changes; changes are serialised, so concurrent commands cannot lose
// each other's writes. Passwords are kept only as scrypt hashes, and nothing here puts a password
// or hash into a message.
import { quiverError } from '../../errors.js';
import type { Store } from '../../storage/index.js';
import type { SystemTx } from '../../storage/system-tx.js';
import { hashPassword, type PasswordHash, verifyPassword } from './passwords.js';
import { BUILT_IN_ROLES, CompiledPrivileges, type Privilege, PUBLIC_ROLE, samePrivilege } from './privileges.js';

const USERS = 'auth.user';
const ROLES = 'auth.role';
const META = 'auth.meta';

export interface UserRecord {
  readonly username: string;
  /** Explicitly granted roles; PUBLIC is implied and never stored here. */
  readonly roles: readonly string[];
  readonly passwordChangeRequired: boolean;
  readonly suspended: boolean;
  readonly home: string | null;
  readonly scrypt: PasswordHash;
  readonly createdAt: string;
}

export interface RoleRecord {
  readonly name: string;
  readonly privileges: readonly Privilege[];
}

/** What CREATE USER / ALTER USER change; absent = unchanged (or the default on create). */
export interface UserChanges {
  readonly password?: string;
  readonly passwordChangeRequired?: boolean;
  readonly suspended?: boolean;
  readonly home?: string | null;
}

export class SecurityStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly roles = new Map<string, RoleRecord>();
  private readonly compiled = new Map<string, CompiledPrivileges>();
  private readonly listeners: ((username: string | null) => void)[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: Store,
    /** The default database, for `ON DEFAULT DATABASE` and users without a home. */
    readonly defaultDatabase: () => string,
  ) {}

  /** Loads users and roles; on a fresh store (or one from before roles existed) creates the built-in roles. */
  static async open(store: Store, defaultDatabase: () => string = () => 'neo4j'): Promise<SecurityStore> {
    const s = new SecurityStore(store, defaultDatabase);
    const tx = store.begin();
    try {
      const sys = await store.system(tx);
      if ((await sys.get(META, 'roles')) === undefined) {
        for (const [name, privileges] of BUILT_IN_ROLES) {
          if ((await sys.get(ROLES, name)) === undefined) putJson(sys, ROLES, name, { name, privileges });
        }
        sys.put(META, 'roles', Buffer.from('1'));
        await tx.commit();
      }
    } finally {
      await tx.rollback();
    }
    const read = store.begin({ readOnly: true });
    try {
      const sys = await store.system(read);
      for (const [, v] of await sys.scan(ROLES)) {
        const r = JSON.parse(v.toString('utf8')) as RoleRecord;
        s.roles.set(r.name, r);
      }
      for (const [, v] of await sys.scan(USERS)) s.users.set(...entry(JSON.parse(v.toString('utf8')) as Partial<UserRecord> & Pick<UserRecord, 'username' | 'scrypt'>));
    } finally {
      await read.rollback();
    }
    return s;
  }

  /** Called after a user changes or is dropped (null: roles or privileges changed). */
  onChange(listener: (username: string | null) => void): void {
    this.listeners.push(listener);
  }

  user(username: string): UserRecord | undefined {
    return this.users.get(username);
  }

  role(name: string): RoleRecord | undefined {
    return this.roles.get(name);
  }

  listUsers(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => (a.username < b.username ? -1 : 1));
  }

  listRoles(): RoleRecord[] {
    return [...this.roles.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** A user's roles, PUBLIC included; undefined when there is no such user. */
  rolesOf(username: string): readonly string[] | undefined {
    const u = this.users.get(username);
    return u === undefined ? undefined : [...u.roles, PUBLIC_ROLE];
  }

  /** The user's home database, or the default one. */
  homeOf(username: string): string {
    return this.users.get(username)?.home ?? this.defaultDatabase();
  }

  /** The user's privileges, compiled once per change of users or roles. */
  privileges(username: string): CompiledPrivileges | undefined {
    let c = this.compiled.get(username);
    if (c !== undefined) return c;
    const u = this.users.get(username);
    if (u === undefined) return undefined;
    const ps: Privilege[] = [];
    for (const r of [...u.roles, PUBLIC_ROLE]) ps.push(...(this.roles.get(r)?.privileges ?? []));
    c = new CompiledPrivileges(ps, this.homeOf(username), this.defaultDatabase());
    this.compiled.set(username, c);
    return c;
  }

  /** Checks a password. False for an unknown user (after the same work, so timing tells nothing). */
  async checkPassword(username: string, password: string): Promise<boolean> {
    return verifyPassword(password, this.users.get(username)?.scrypt);
  }

  // ---------------------------------------------------------------------------- changes

  async createUser(username: string, changes: UserChanges & { password: string }, opts: { ifNotExists?: boolean; orReplace?: boolean; roles?: readonly string[] } = {}): Promise<boolean> {
    validateUsername(username);
    checkPassword(changes.password);
    const scrypt = await hashPassword(changes.password);
    return this.change(async (sys) => {
      const existing = this.users.get(username);
      if (existing !== undefined && !opts.orReplace) {
        if (opts.ifNotExists) return false;
        throw quiverError('ArgumentError', `Failed to create the specified user '${username}': User already exists.`);
      }
      for (const r of opts.roles ?? []) if (r !== PUBLIC_ROLE && !this.roles.has(r)) throw roleNotFound(r, 'grant');
      const u: UserRecord = {
        username,
        roles: (opts.roles ?? []).filter((r) => r !== PUBLIC_ROLE),
        passwordChangeRequired: changes.passwordChangeRequired ?? true,
        suspended: changes.suspended ?? false,
        home: changes.home ?? null,
        scrypt,
        createdAt: new Date().toISOString(),
      };
      putJson(sys, USERS, username, u);
      return () => this.users.set(username, u);
    }, username);
  }

  async alterUser(username: string, changes: UserChanges, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    if (changes.password !== undefined) checkPassword(changes.password);
    const scrypt = changes.password === undefined ? undefined : await hashPassword(changes.password);
    return this.change(async (sys) => {
      const u = this.users.get(username);
      if (u === undefined) {
        if (opts.ifExists) return false;
        throw userNotFound(username, 'alter');
      }
      if (changes.password !== undefined && (await verifyPassword(changes.password, u.scrypt))) {
        throw quiverError('ArgumentError', `Failed to alter the specified user '${username}': Old password and new password cannot be the same.`);
      }
      const next: UserRecord = {
        ...u,
        ...(scrypt === undefined ? {} : { scrypt }),
        ...(changes.passwordChangeRequired === undefined ? {} : { passwordChangeRequired: changes.passwordChangeRequired }),
        ...(changes.suspended === undefined ? {} : { suspended: changes.suspended }),
        ...(changes.home === undefined ? {} : { home: changes.home }),
      };
      putJson(sys, USERS, username, next);
      return () => this.users.set(username, next);
    }, username);
  }

  /** ALTER CURRENT USER SET PASSWORD FROM old TO new. */
  async changeOwnPassword(username: string, oldPassword: string, newPassword: string): Promise<void> {
    checkPassword(newPassword);
    const u = this.users.get(username);
    if (u === undefined || !(await verifyPassword(oldPassword, u.scrypt))) {
      throw quiverError('ArgumentError', `User '${username}' failed to alter their own password: Invalid principal or credentials.`);
    }
    if (oldPassword === newPassword) {
      throw quiverError('ArgumentError', `User '${username}' failed to alter their own password: Old password and new password cannot be the same.`);
    }
    const scrypt = await hashPassword(newPassword);
    await this.change(async (sys) => {
      const cur = this.users.get(username);
      if (cur === undefined) throw userNotFound(username, 'alter');
      const next: UserRecord = { ...cur, scrypt, passwordChangeRequired: false };
      putJson(sys, USERS, username, next);
      return () => this.users.set(username, next);
    }, username);
  }

  async renameUser(from: string, to: string, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    validateUsername(to);
    return this.change(async (sys) => {
      const u = this.users.get(from);
      if (u === undefined) {
        if (opts.ifExists) return false;
        throw userNotFound(from, 'rename');
      }
      if (this.users.has(to)) throw quiverError('ArgumentError', `Failed to rename the specified user '${from}' to '${to}': User '${to}' already exists.`);
      const next: UserRecord = { ...u, username: to };
      sys.del(USERS, from);
      putJson(sys, USERS, to, next);
      return () => {
        this.users.delete(from);
        this.users.set(to, next);
      };
    }, from);
  }

  async dropUser(username: string, opts: { ifExists?: boolean; current?: string | null } = {}): Promise<boolean> {
    if (opts.current === username) throw quiverError('ArgumentError', `Failed to delete the specified user '${username}': Deleting yourself is not allowed.`);
    return this.change(async (sys) => {
      if (!this.users.has(username)) {
        if (opts.ifExists) return false;
        throw userNotFound(username, 'delete');
      }
      sys.del(USERS, username);
      return () => this.users.delete(username);
    }, username);
  }

  async createRole(name: string, opts: { ifNotExists?: boolean; orReplace?: boolean; copyOf?: string | null } = {}): Promise<boolean> {
    validateRoleName(name);
    return this.change(async (sys) => {
      if (this.roles.has(name) && !opts.orReplace) {
        if (opts.ifNotExists) return false;
        throw quiverError('ArgumentError', `Failed to create the specified role '${name}': Role already exists.`);
      }
      let privileges: readonly Privilege[] = [];
      if (opts.copyOf != null) {
        const src = this.roles.get(opts.copyOf);
        if (src === undefined) throw quiverError('ArgumentError', `Failed to create a role as copy of '${opts.copyOf}': Role does not exist.`);
        privileges = src.privileges;
      }
      const r: RoleRecord = { name, privileges };
      putJson(sys, ROLES, name, r);
      return () => this.roles.set(name, r);
    }, null);
  }

  async renameRole(from: string, to: string, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    validateRoleName(to);
    if (from === PUBLIC_ROLE) throw quiverError('ArgumentError', 'The PUBLIC role cannot be renamed.');
    return this.change(async (sys) => {
      const r = this.roles.get(from);
      if (r === undefined) {
        if (opts.ifExists) return false;
        throw roleNotFound(from, 'rename');
      }
      if (this.roles.has(to)) throw quiverError('ArgumentError', `Failed to rename the specified role '${from}' to '${to}': Role '${to}' already exists.`);
      const next: RoleRecord = { ...r, name: to };
      sys.del(ROLES, from);
      putJson(sys, ROLES, to, next);
      const users = new Map<string, UserRecord>();
      for (const u of this.users.values()) {
        if (u.roles.includes(from)) {
          const nu = { ...u, roles: u.roles.map((x) => (x === from ? to : x)) };
          users.set(u.username, nu);
          putJson(sys, USERS, u.username, nu);
        }
      }
      return () => {
        this.roles.delete(from);
        this.roles.set(to, next);
        for (const [k, u] of users) this.users.set(k, u);
      };
    }, null);
  }

  async dropRole(name: string, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    if (name === PUBLIC_ROLE) throw quiverError('ArgumentError', 'The PUBLIC role cannot be dropped.');
    return this.change(async (sys) => {
      if (!this.roles.has(name)) {
        if (opts.ifExists) return false;
        throw roleNotFound(name, 'delete');
      }
      sys.del(ROLES, name);
      const users = new Map<string, UserRecord>();
      for (const u of this.users.values()) {
        if (u.roles.includes(name)) {
          const nu = { ...u, roles: u.roles.filter((x) => x !== name) };
          users.set(u.username, nu);
          putJson(sys, USERS, u.username, nu);
        }
      }
      return () => {
        this.roles.delete(name);
        for (const [k, u] of users) this.users.set(k, u);
      };
    }, null);
  }

  /** GRANT ROLE (add) / REVOKE ROLE (remove); true if anything changed. */
  async setRoles(roles: readonly string[], users: readonly string[], add: boolean): Promise<boolean> {
    return this.change(async (sys) => {
      for (const r of roles) {
        if (r === PUBLIC_ROLE) throw quiverError('ArgumentError', `The PUBLIC role is held by every user; it cannot be ${add ? 'granted' : 'revoked'}.`);
        if (!this.roles.has(r)) throw roleNotFound(r, add ? 'grant' : 'revoke');
      }
      const next = new Map<string, UserRecord>();
      for (const name of users) {
        const u = next.get(name) ?? this.users.get(name);
        if (u === undefined) throw userNotFound(name, add ? 'grant a role to' : 'revoke a role from');
        const set = new Set(u.roles);
        for (const r of roles) add ? set.add(r) : set.delete(r);
        if (set.size !== u.roles.length || (add && roles.some((r) => !u.roles.includes(r)))) next.set(name, { ...u, roles: [...set] });
      }
      if (next.size === 0) return null;
      for (const [k, u] of next) putJson(sys, USERS, k, u);
      return () => {
        for (const [k, u] of next) this.users.set(k, u);
      };
    }, null);
  }

  /** GRANT / DENY (add) or REVOKE (remove, of either access when `access` is null). */
  async changePrivileges(roles: readonly string[], privileges: readonly Privilege[], mode: 'add' | 'remove', revokeAccess: 'GRANTED' | 'DENIED' | null = null): Promise<boolean> {
    return this.change(async (sys) => {
      const next = new Map<string, RoleRecord>();
      for (const name of roles) {
        const r = this.roles.get(name);
        if (r === undefined) throw roleNotFound(name, mode === 'add' ? 'grant a privilege to' : 'revoke a privilege from');
        let ps = [...r.privileges];
        for (const p of privileges) {
          if (mode === 'add') {
            if (!ps.some((x) => samePrivilege(x, p))) ps.push(p);
          } else {
            ps = ps.filter((x) => !(x.verb === p.verb && x.scope === p.scope && x.name === p.name && (revokeAccess === null || x.access === revokeAccess)));
          }
        }
        if (ps.length !== r.privileges.length) next.set(name, { ...r, privileges: ps });
      }
      if (next.size === 0) return null;
      for (const [k, r] of next) putJson(sys, ROLES, k, r);
      return () => {
        for (const [k, r] of next) this.roles.set(k, r);
      };
    }, null);
  }

  /**
   * Runs one change: `work` validates against memory, writes through `sys` and returns what to
   * apply to memory once the transaction has committed (null or false: nothing changed).
   */
  private change(work: (sys: SystemTx) => Promise<(() => void) | null | false>, username: string | null): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const tx = this.store.begin();
      try {
        const apply = await work(await this.store.system(tx));
        if (apply === null || apply === false) return false;
        await tx.commit();
        apply();
        this.compiled.clear();
        for (const l of this.listeners) l(username);
        return true;
      } finally {
        await tx.rollback();
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }
}

function entry(raw: Partial<UserRecord> & Pick<UserRecord, 'username' | 'scrypt'>): [string, UserRecord] {
  // Users stored before roles existed carry PUBLIC in their roles and no status or home.
  return [
    raw.username,
    {
      username: raw.username,
      roles: (raw.roles ?? []).filter((r) => r !== PUBLIC_ROLE),
      passwordChangeRequired: raw.passwordChangeRequired ?? false,
      suspended: raw.suspended ?? false,
      home: raw.home ?? null,
      scrypt: raw.scrypt,
      createdAt: raw.createdAt ?? new Date(0).toISOString(),
    },
  ];
}

function putJson(sys: SystemTx, ns: string, key: string, v: unknown): void {
  sys.put(ns, key, Buffer.from(JSON.stringify(v)));
}

function checkPassword(pw: string): void {
  if (pw.length === 0) throw quiverError('ArgumentError', 'A password must not be empty.');
}

/** Usernames: 1–255 characters, no `:` (HTTP Basic splits there) and no control characters. */
export function validateUsername(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 255 || /[:\u0000-\u001f]/.test(name)) {
    throw quiverError('ArgumentError', `The username '${name.replace(/[\u0000-\u001f]/g, '?')}' is invalid: it must have 1 to 255 characters, none of them ':' or a control character.`);
  }
}

/** Role names: an ASCII letter, then letters, digits and `_` (Neo4j's rule), at most 255. */
export function validateRoleName(name: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,254}$/.test(name)) {
    throw quiverError('ArgumentError', `The role name '${name}' is invalid: it must start with an ASCII letter and contain only letters, digits and '_'.`);
  }
}

function userNotFound(name: string, verb: string) {
  return quiverError('ArgumentError', `Failed to ${verb} the specified user '${name}': User does not exist.`);
}

function roleNotFound(name: string, verb: string) {
  return quiverError('ArgumentError', `Failed to ${verb} the specified role '${name}': Role does not exist.`);
}
