// The catalog (DESIGN.md section 5): database names and aliases over the store's internal ids,
// database states (online/offline), access (read-write/read-only), options, and soft-dropped
// databases kept for a retention period. Records live in the system keyspace and change through
// ordinary transactions, so every change (a drop with its cascaded aliases, a rename) is one
// atomic, durable commit; a crash leaves the catalog as it was before or after, never between.
//
// Changes are serialised by one lock: they are rare, and it lets "create the same name twice at
// once" answer ExistingDatabaseFound rather than a conflict. Creations are the exception in
// volume (tenants are provisioned in bursts), so concurrent CREATEs queue up and are committed
// together: one transaction, one fsync, for everything that arrived while the previous batch was
// being written.
//
// Resolution (`resolve`) is one lookup in an in-memory map from every database and alias name to
// its database, updated synchronously after each commit: a client looping on an alias while it
// is repointed sees the old target or the new one, never a gap.
import { quiverError } from '../errors.js';
import { Mutex } from '../storage/database-state.js';
import type { Store, SystemTx, Transaction } from '../storage/index.js';
import { SYSTEM_DB_ID } from '../storage/keyspace.js';
import { changeLimits, checkCounted, type Limits } from './limits.js';
import { UsageMeter } from './usage.js';

export type DatabaseStatus = 'online' | 'offline';
export type DatabaseAccess = 'read-write' | 'read-only';
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** A database as the catalog knows it. Immutable: a change publishes a new object. */
export interface DatabaseRef {
  /** Canonical (lower-case) name. */
  readonly name: string;
  /** The store's internal id: the key prefix of its data. */
  readonly id: number;
  readonly uuid: string;
  readonly type: 'system' | 'standard';
  readonly status: DatabaseStatus;
  readonly access: DatabaseAccess;
  readonly options: Readonly<Record<string, JsonValue>>;
  readonly createdAt: string;
  readonly lastStartTime: string | null;
  readonly lastStopTime: string | null;
  /** Per-database limits (DESIGN.md section 6): only those set; stored with the record. */
  readonly limits: Limits;
}

export interface AliasRecord {
  readonly name: string;
  /** The target's internal id, so a RENAME of the target needs no alias rewrite. */
  readonly targetId: number;
  readonly properties: Readonly<Record<string, JsonValue>>;
  readonly createdAt: string;
}

/** A soft-dropped database: its data is kept until `purgeAt`, and UNDROP restores it. */
export interface DroppedDatabase extends DatabaseRef {
  readonly droppedAt: string;
  readonly purgeAt: string;
}

export interface CatalogOptions {
  /** Created on a fresh store (default `neo4j`); cannot be dropped or renamed. */
  readonly defaultDatabase?: string;
  /** Most user databases (system excluded); 0 or absent = unlimited. */
  readonly maxDatabases?: number;
  /** How long a dropped database's data is kept for UNDROP, in ms (default 7 days; 0 = none). */
  readonly dropRetentionMs?: number;
  /** The clock (tests). */
  readonly now?: () => number;
  /** Limits every new database starts with (server-wide defaults); none if absent. */
  readonly defaultLimits?: Limits;
}

export const SYSTEM_DATABASE = 'system';
export const DEFAULT_DROP_RETENTION_MS = 7 * 24 * 3600 * 1000;

const DB_NS = 'catalog.database';
const ALIAS_NS = 'catalog.alias';
const DROPPED_NS = 'catalog.dropped';
/** Most creations committed in one batch. */
const MAX_CREATE_BATCH = 512;

const SYSTEM_REF: DatabaseRef = Object.freeze({
  name: SYSTEM_DATABASE,
  id: SYSTEM_DB_ID,
  uuid: '00000000-0000-0000-0000-000000000000',
  type: 'system',
  status: 'online',
  access: 'read-write',
  options: {},
  createdAt: new Date(0).toISOString(),
  lastStartTime: null,
  lastStopTime: null,
  limits: Object.freeze({}),
});

/**
 * DESIGN.md section 5: 3–63 chars, ASCII letter first, then letters, digits, `.`, `-`, `_`;
 * `system*` and `_*` reserved. Returns the lower-cased name.
 */
export function validateDatabaseName(raw: string, what: 'database' | 'alias' = 'database'): string {
  const name = raw.toLowerCase();
  if (!/^[a-z][a-z0-9._-]{2,62}$/.test(name)) {
    throw quiverError(
      'ArgumentError',
      `'${raw}' is not a valid ${what} name: a name has 3 to 63 characters, starts with an ASCII letter, and continues with letters, digits, '.', '-' or '_'.`,
    );
  }
  if (name.startsWith('system') || name.startsWith('_')) {
    throw quiverError('ArgumentError', `'${raw}' is not a valid ${what} name: names starting with 'system' or '_' are reserved.`);
  }
  return name;
}

interface PendingCreate {
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly options: Readonly<Record<string, JsonValue>>;
  /** The default database at open: not counted against the limit. */
  readonly internal: boolean;
  resolve(r: { ref: DatabaseRef; created: boolean }): void;
  reject(e: unknown): void;
}

export class Catalog {
  /** User databases by canonical name. */
  private readonly dbs = new Map<string, DatabaseRef>();
  private readonly byId = new Map<number, DatabaseRef>();
  private readonly aliasMap = new Map<string, AliasRecord>();
  private readonly aliasesByTarget = new Map<number, Set<string>>();
  private readonly dropped = new Map<number, DroppedDatabase>();
  /** Every database and alias name -> its database: the one map `resolve` reads. */
  private readonly resolved = new Map<string, DatabaseRef>([[SYSTEM_DATABASE, SYSTEM_REF]]);
  private readonly lock = new Mutex();
  private readonly queue: PendingCreate[] = [];
  private draining = false;
  private purgeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  readonly defaultDatabase: string;
  readonly maxDatabases: number;
  readonly dropRetentionMs: number;
  readonly defaultLimits: Limits;
  /** Live usage and the limits checked on admission; told of every limit rejection. */
  readonly meter = new UsageMeter();
  private readonly now: () => number;

  private constructor(
    private readonly store: Store,
    opts: CatalogOptions,
  ) {
    this.defaultDatabase = (opts.defaultDatabase ?? 'neo4j').toLowerCase();
    this.maxDatabases = opts.maxDatabases ?? 0;
    this.dropRetentionMs = opts.dropRetentionMs ?? DEFAULT_DROP_RETENTION_MS;
    this.now = opts.now ?? Date.now;
    this.defaultLimits = opts.defaultLimits ?? {};
  }

  /**
   * Reads the catalog (the only work done per database at start-up); on a fresh store creates the
   * default database. Registers a commit check that refuses writes to read-only or stopped
   * databases and transactions that would take a database over its counted limits (nodes,
   * relationships, bytes), whatever path they come by. It runs under the databases' commit locks
   * with the committed figures plus the transaction's delta, so concurrent writers can never
   * overshoot a limit together.
   */
  static async open(store: Store, opts: CatalogOptions = {}): Promise<Catalog> {
    const c = new Catalog(store, opts);
    const tx = store.begin({ readOnly: true });
    try {
      const sys = await store.system(tx);
      for (const [, v] of await sys.scan(DB_NS)) {
        const ref = normalise(JSON.parse(v.toString('utf8')) as Partial<DatabaseRef>);
        if (store.database(ref.id) !== undefined) c.setDb(ref);
      }
      for (const [, v] of await sys.scan(ALIAS_NS)) {
        const a = JSON.parse(v.toString('utf8')) as AliasRecord;
        if (c.byId.has(a.targetId)) c.setAlias(a);
      }
      for (const [, v] of await sys.scan(DROPPED_NS)) {
        const d = JSON.parse(v.toString('utf8')) as DroppedDatabase;
        if (store.isRetained(d.id)) c.dropped.set(d.id, { ...normalise(d), droppedAt: d.droppedAt, purgeAt: d.purgeAt });
      }
    } finally {
      await tx.rollback();
    }
    store.addCommitHook((checks) => {
      for (const ch of checks) {
        const ref = c.byId.get(ch.dbId);
        if (ref === undefined) continue;
        if (ref.status === 'offline') throw unavailable(ref.name);
        if (ref.access === 'read-only') throw readOnly(ref.name);
        const over = checkCounted(ref.name, ref.limits, ch);
        if (over !== null) throw c.meter.reject(ref.name, over.limit, over.value, over.observed, over.error);
      }
    });
    if (!c.dbs.has(c.defaultDatabase)) await c.enqueueCreate(validateDatabaseName(c.defaultDatabase), { ifNotExists: true, internal: true });
    c.armPurge();
    return c;
  }

  // ------------------------------------------------------------------------------ resolution

  /**
   * The database a name or alias refers to: THE resolution entry point (Bolt, HTTP, USE).
   * DatabaseNotFound for an unknown name (never a fallback), DatabaseUnavailable for a stopped one.
   */
  resolve(name: string): DatabaseRef {
    const ref = this.resolved.get(name.toLowerCase());
    if (ref === undefined) throw notFound(name);
    if (ref.status === 'offline') throw unavailable(ref.name);
    return ref;
  }

  /** Like `resolve` without the status check (administration works on stopped databases). */
  lookup(name: string): DatabaseRef | undefined {
    return this.resolved.get(name.toLowerCase());
  }

  /** Every database, `system` included, by name. */
  list(): DatabaseRef[] {
    return [SYSTEM_REF, ...this.dbs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Number of user databases (what the limit counts). */
  get databaseCount(): number {
    return this.dbs.size;
  }

  aliases(): AliasRecord[] {
    return [...this.aliasMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  alias(name: string): AliasRecord | undefined {
    return this.aliasMap.get(name.toLowerCase());
  }

  /** Names of the aliases that target a database, sorted. */
  aliasesOf(id: number): string[] {
    return [...(this.aliasesByTarget.get(id) ?? [])].sort();
  }

  byInternalId(id: number): DatabaseRef | undefined {
    return id === SYSTEM_DB_ID ? SYSTEM_REF : this.byId.get(id);
  }

  droppedDatabases(): DroppedDatabase[] {
    return [...this.dropped.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.droppedAt < b.droppedAt ? -1 : 1));
  }

  // ------------------------------------------------------------------------------ databases

  /** Creates a database (see `createDatabase`); returns it. */
  async create(rawName: string, opts: { ifNotExists?: boolean; orReplace?: boolean; options?: Record<string, JsonValue> } = {}): Promise<DatabaseRef> {
    return (await this.createDatabase(rawName, opts)).ref;
  }

  /**
   * CREATE [OR REPLACE] DATABASE name [IF NOT EXISTS] [OPTIONS]. `created` is false when IF NOT
   * EXISTS found the name taken.
   */
  async createDatabase(
    rawName: string,
    opts: { ifNotExists?: boolean; orReplace?: boolean; options?: Record<string, JsonValue> } = {},
  ): Promise<{ ref: DatabaseRef; created: boolean }> {
    const name = validateDatabaseName(rawName);
    if (opts.orReplace && opts.ifNotExists) throw quiverError('SyntaxError', 'Failed to create the specified database: cannot combine OR REPLACE and IF NOT EXISTS.');
    if (!opts.orReplace) return this.enqueueCreate(name, { ifNotExists: opts.ifNotExists ?? false, options: opts.options ?? {} });
    return this.change(async (tx, sys) => {
      const old = this.dbs.get(name);
      if (old === undefined) this.checkFree(name, 'database');
      if (name === this.defaultDatabase && old !== undefined) throw quiverError('ArgumentError', `The default database '${name}' cannot be replaced.`);
      const cascaded = old === undefined ? [] : this.aliasesOf(old.id);
      if (old === undefined) this.checkLimit(1);
      else {
        // OR REPLACE drops for good (Neo4j's semantics): the old data is not kept for UNDROP.
        for (const a of cascaded) sys.del(ALIAS_NS, a);
        await this.store.dropDatabase(tx, old.id);
      }
      const ref = await this.allocate(tx, sys, name, opts.options ?? {});
      return {
        result: { ref, created: true },
        apply: () => {
          for (const a of cascaded) this.removeAlias(a);
          if (old !== undefined) this.removeDb(old);
          this.setDb(ref);
        },
      };
    });
  }

  /**
   * DROP DATABASE: soft by default (unreachable at once, data kept for the retention period);
   * `destroy` (DESTROY DATA), a zero retention and OR REPLACE delete the data at once. Fails
   * while aliases target it unless `cascade` (CASCADE ALIASES), which drops them in the same commit.
   * Returns false when IF EXISTS found nothing.
   */
  async drop(rawName: string, opts: { ifExists?: boolean; cascade?: boolean; destroy?: boolean } = {}): Promise<boolean> {
    const name = rawName.toLowerCase();
    if (name === SYSTEM_DATABASE) throw quiverError('ArgumentError', "The system database cannot be dropped.");
    return this.change(async (tx, sys) => {
      const ref = this.dbs.get(name);
      if (ref === undefined) {
        if (opts.ifExists) return { result: false };
        if (this.aliasMap.has(name)) throw quiverError('DatabaseNotFound', `Failed to delete the specified database '${name}': '${name}' is an alias; use DROP ALIAS.`);
        throw quiverError('DatabaseNotFound', `Failed to delete the specified database '${name}': Database does not exist.`);
      }
      if (name === this.defaultDatabase) throw quiverError('ArgumentError', `The default database '${name}' cannot be dropped.`);
      const aliases = this.aliasesOf(ref.id);
      if (aliases.length > 0 && !opts.cascade) {
        throw quiverError(
          'DatabaseHasAliases',
          `Failed to delete the specified database '${name}': it is the target of the aliases ${aliases.map((a) => `'${a}'`).join(', ')}. Drop them first or use DROP DATABASE ${name} CASCADE ALIASES.`,
        );
      }
      for (const a of aliases) sys.del(ALIAS_NS, a);
      sys.del(DB_NS, name);
      let kept: DroppedDatabase | undefined;
      if (opts.destroy || this.dropRetentionMs <= 0) {
        await this.store.dropDatabase(tx, ref.id);
      } else {
        await this.store.retainDatabase(tx, ref.id);
        const now = this.now();
        kept = { ...ref, droppedAt: new Date(now).toISOString(), purgeAt: new Date(now + this.dropRetentionMs).toISOString() };
        sys.put(DROPPED_NS, idKey(ref.id), json(kept));
      }
      return {
        result: true,
        apply: () => {
          for (const a of aliases) this.removeAlias(a);
          this.removeDb(ref);
          if (kept !== undefined) {
            this.dropped.set(kept.id, kept);
            this.armPurge();
          }
        },
      };
    });
  }

  /** UNDROP DATABASE: restores the most recently dropped database of that name, within its retention. */
  async undrop(rawName: string): Promise<DatabaseRef> {
    const name = rawName.toLowerCase();
    return this.change(async (tx, sys) => {
      let found: DroppedDatabase | undefined;
      for (const d of this.dropped.values()) if (d.name === name && (found === undefined || d.droppedAt > found.droppedAt)) found = d;
      if (found === undefined) throw quiverError('DatabaseNotFound', `Failed to undrop the database '${name}': no dropped database of that name is within its retention period.`);
      this.checkFree(name, 'database');
      this.checkLimit(1);
      await this.store.restoreDatabase(tx, found.id);
      sys.del(DROPPED_NS, idKey(found.id));
      const { droppedAt: _d, purgeAt: _p, ...rest } = found;
      const ref: DatabaseRef = { ...rest, status: 'online' };
      sys.put(DB_NS, name, json(stored(ref)));
      const d = found;
      return {
        result: ref,
        apply: () => {
          this.dropped.delete(d.id);
          this.setDb(ref);
          this.armPurge();
        },
      };
    });
  }

  /** RENAME DATABASE: metadata only (the id and data stay); aliases follow, as they target the id. */
  async rename(rawFrom: string, rawTo: string, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    const from = rawFrom.toLowerCase();
    if (from === SYSTEM_DATABASE) throw quiverError('ArgumentError', 'The system database cannot be renamed.');
    const to = validateDatabaseName(rawTo);
    return this.change(async (_tx, sys) => {
      const ref = this.dbs.get(from);
      if (ref === undefined) {
        if (opts.ifExists) return { result: false };
        if (this.aliasMap.has(from)) throw quiverError('DatabaseNotFound', `Failed to rename the specified database '${from}': '${from}' is an alias.`);
        throw quiverError('DatabaseNotFound', `Failed to rename the specified database '${from}': Database does not exist.`);
      }
      if (from === this.defaultDatabase) throw quiverError('ArgumentError', `The default database '${from}' cannot be renamed; configure another default first.`);
      if (to === from) return { result: false };
      this.checkFree(to, 'database');
      const renamed: DatabaseRef = { ...ref, name: to };
      sys.del(DB_NS, from);
      sys.put(DB_NS, to, json(stored(renamed)));
      return {
        result: true,
        apply: () => {
          this.removeDb(ref);
          this.setDb(renamed);
        },
      };
    });
  }

  /** START DATABASE. Returns false when it was already online. */
  async start(rawName: string): Promise<boolean> {
    return this.update(rawName, 'start', false, (r) => (r.status === 'online' ? null : { ...r, status: 'online', lastStartTime: new Date(this.now()).toISOString() }));
  }

  /** STOP DATABASE: queries then answer DatabaseUnavailable; open transactions fail at commit. */
  async stop(rawName: string): Promise<boolean> {
    return this.update(rawName, 'stop', false, (r) => (r.status === 'offline' ? null : { ...r, status: 'offline', lastStopTime: new Date(this.now()).toISOString() }));
  }

  /** ALTER DATABASE SET ACCESS: open write transactions fail at commit once read-only. */
  async setAccess(rawName: string, access: DatabaseAccess, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    return this.update(rawName, 'alter', opts.ifExists ?? false, (r) => (r.access === access ? null : { ...r, access }));
  }

  /** ALTER DATABASE SET OPTION key value / REMOVE OPTION key (value undefined). */
  async setOption(rawName: string, key: string, value: JsonValue | undefined, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    return this.update(rawName, 'alter', opts.ifExists ?? false, (r) => {
      const options = { ...r.options };
      if (value === undefined) {
        if (!(key in options)) return null;
        delete options[key];
      } else options[key] = value;
      return { ...r, options };
    });
  }

  /**
   * ALTER DATABASE SET LIMIT / REMOVE LIMIT: `set` maps raw keys to raw values (0 or null
   * removes), `remove` lists raw keys. In force for the next query or commit. Returns false when
   * nothing changed.
   */
  async setLimits(rawName: string, set: ReadonlyMap<string, unknown>, remove: readonly string[] = [], opts: { ifExists?: boolean } = {}): Promise<boolean> {
    if (this.lookup(rawName)?.type === 'system') throw quiverError('ArgumentError', 'The system database takes no limits: limits apply to user databases.');
    // Validate before taking the lock, so a bad key never waits for a catalog change.
    changeLimits({}, set, remove);
    return this.update(rawName, 'alter', opts.ifExists ?? false, (r) => {
      const limits = changeLimits(r.limits, set, remove);
      return sameLimits(r.limits, limits) ? null : { ...r, limits };
    });
  }

  /** Committed counters (nodes, relationships, bytes) of databases, read from counters only. */
  counters(ids: readonly number[]): Promise<Map<number, { nodes: number; relationships: number; bytes: number }>> {
    return this.store.usage(ids);
  }

  private async update(rawName: string, verb: string, ifExists: boolean, fn: (r: DatabaseRef) => DatabaseRef | null): Promise<boolean> {
    const name = rawName.toLowerCase();
    if (name === SYSTEM_DATABASE) throw quiverError('ArgumentError', `Failed to ${verb} the system database: it is always online and read-write.`);
    return this.change(async (_tx, sys) => {
      const ref = this.dbs.get(name) ?? this.targetOfAlias(name);
      if (ref === undefined) {
        if (ifExists) return { result: false };
        throw quiverError('DatabaseNotFound', `Failed to ${verb} the specified database '${name}': Database does not exist.`);
      }
      const next = fn(ref);
      if (next === null) return { result: false };
      sys.put(DB_NS, next.name, json(stored(next)));
      return { result: true, apply: () => this.setDb(next) };
    });
  }

  // ------------------------------------------------------------------------------ aliases

  /** CREATE [OR REPLACE] ALIAS name [IF NOT EXISTS] FOR DATABASE target [PROPERTIES]. Returns false for a no-op. */
  async createAlias(
    rawName: string,
    rawTarget: string,
    opts: { orReplace?: boolean; ifNotExists?: boolean; properties?: Record<string, JsonValue> } = {},
  ): Promise<boolean> {
    const name = validateDatabaseName(rawName, 'alias');
    if (opts.orReplace && opts.ifNotExists) throw quiverError('SyntaxError', 'Failed to create the specified database alias: cannot combine OR REPLACE and IF NOT EXISTS.');
    return this.change(async (_tx, sys) => {
      const taken = this.dbs.has(name) || this.aliasMap.has(name);
      if (taken && opts.ifNotExists) return { result: false };
      if (this.dbs.has(name)) throw quiverError('ExistingAliasFound', `Failed to create the specified database alias '${name}': a database named '${name}' exists.`);
      if (this.aliasMap.has(name) && !opts.orReplace) throw quiverError('ExistingAliasFound', `Failed to create the specified database alias '${name}': Database alias already exists.`);
      const target = this.aliasTarget(name, rawTarget);
      const a: AliasRecord = { name, targetId: target.id, properties: opts.properties ?? {}, createdAt: new Date(this.now()).toISOString() };
      sys.put(ALIAS_NS, name, json(a));
      return { result: true, apply: () => this.setAlias(a) };
    });
  }

  /** ALTER ALIAS name [IF EXISTS] SET DATABASE TARGET target [PROPERTIES]: an atomic repoint. */
  async alterAlias(rawName: string, opts: { target?: string; properties?: Record<string, JsonValue>; ifExists?: boolean }): Promise<boolean> {
    const name = rawName.toLowerCase();
    return this.change(async (_tx, sys) => {
      const old = this.aliasMap.get(name);
      if (old === undefined) {
        if (opts.ifExists) return { result: false };
        throw quiverError('DatabaseNotFound', `Failed to alter the specified database alias '${name}': ${this.dbs.has(name) ? 'it is a database, not an alias' : 'Database alias does not exist'}.`);
      }
      const targetId = opts.target === undefined ? old.targetId : this.aliasTarget(name, opts.target).id;
      const a: AliasRecord = { ...old, targetId, properties: opts.properties ?? old.properties };
      sys.put(ALIAS_NS, name, json(a));
      return { result: true, apply: () => this.setAlias(a) };
    });
  }

  /** DROP ALIAS name [IF EXISTS] FOR DATABASE. */
  async dropAlias(rawName: string, opts: { ifExists?: boolean } = {}): Promise<boolean> {
    const name = rawName.toLowerCase();
    return this.change(async (_tx, sys) => {
      if (!this.aliasMap.has(name)) {
        if (opts.ifExists) return { result: false };
        throw quiverError('DatabaseNotFound', `Failed to delete the specified database alias '${name}': ${this.dbs.has(name) ? 'it is a database, not an alias' : 'Database alias does not exist'}.`);
      }
      sys.del(ALIAS_NS, name);
      return { result: true, apply: () => this.removeAlias(name) };
    });
  }

  /** Stops the purge timer (the store is closed by its owner). */
  close(): void {
    this.closed = true;
    clearTimeout(this.purgeTimer);
    this.purgeTimer = undefined;
  }

  /** Deletes the data of dropped databases whose retention has passed (also run lazily). */
  async purgeExpired(): Promise<number> {
    const release = await this.lock.lock();
    try {
      return await this.purgeLocked();
    } finally {
      release();
    }
  }

  // ------------------------------------------------------------------------------ internals

  private targetOfAlias(name: string): DatabaseRef | undefined {
    const a = this.aliasMap.get(name);
    return a === undefined ? undefined : this.byId.get(a.targetId);
  }

  private aliasTarget(alias: string, rawTarget: string): DatabaseRef {
    const t = rawTarget.toLowerCase();
    if (this.aliasMap.has(t)) {
      throw quiverError('IllegalAliasChain', `Failed to point the alias '${alias}' at '${t}': '${t}' is an alias, and an alias must target a database (no alias chains).`);
    }
    if (t === SYSTEM_DATABASE) throw quiverError('ArgumentError', `Failed to point the alias '${alias}' at the system database: aliases target user databases.`);
    const ref = this.dbs.get(t);
    if (ref === undefined) throw quiverError('DatabaseNotFound', `Failed to point the alias '${alias}' at '${t}': Database does not exist.`);
    return ref;
  }

  /** A new name must not be taken by a database or an alias (one namespace). */
  private checkFree(name: string, what: 'database' | 'alias'): void {
    if (this.dbs.has(name) || name === SYSTEM_DATABASE) throw quiverError('ExistingDatabaseFound', `Failed to create the specified ${what} '${name}': Database already exists.`);
    if (this.aliasMap.has(name)) throw quiverError('ExistingAliasFound', `Failed to create the specified ${what} '${name}': an alias named '${name}' exists.`);
  }

  private checkLimit(adding: number): void {
    if (this.maxDatabases > 0 && this.dbs.size + adding > this.maxDatabases) {
      throw quiverError(
        'DatabaseLimitReached',
        `Failed to create a database: the limit of ${this.maxDatabases} databases is reached (${this.dbs.size} exist). Drop a database or raise --max-databases.`,
      );
    }
  }

  private async allocate(tx: Transaction, sys: SystemTx, name: string, options: Readonly<Record<string, JsonValue>>): Promise<DatabaseRef> {
    const entry = await this.store.createDatabase(tx);
    const now = new Date(this.now()).toISOString();
    const ref: DatabaseRef = {
      name,
      id: entry.id,
      uuid: entry.uuid,
      type: 'standard',
      status: 'online',
      access: 'read-write',
      options,
      createdAt: now,
      lastStartTime: now,
      lastStopTime: null,
      limits: this.defaultLimits,
    };
    sys.put(DB_NS, name, json(stored(ref)));
    return ref;
  }

  /** Runs one catalog change under the lock in one transaction; `apply` publishes it after commit. */
  private async change<T>(work: (tx: Transaction, sys: SystemTx) => Promise<{ result: T; apply?: () => void }>): Promise<T> {
    const release = await this.lock.lock();
    try {
      await this.purgeLocked().catch(() => {});
      const tx = this.store.begin();
      try {
        const { result, apply } = await work(tx, await this.store.system(tx));
        if (apply !== undefined) {
          await tx.commit();
          apply();
        }
        return result;
      } finally {
        await tx.rollback();
      }
    } finally {
      release();
    }
  }

  private enqueueCreate(name: string, o: { ifNotExists: boolean; options?: Readonly<Record<string, JsonValue>>; internal?: boolean }): Promise<{ ref: DatabaseRef; created: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ name, ifNotExists: o.ifNotExists, options: o.options ?? {}, internal: o.internal ?? false, resolve, reject });
      void this.drain();
    });
  }

  /** Commits queued creations in batches: whatever arrived while the previous batch was written. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const release = await this.lock.lock();
        try {
          await this.purgeLocked().catch(() => {});
          await this.createBatch(this.queue.splice(0, MAX_CREATE_BATCH));
        } finally {
          release();
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async createBatch(batch: PendingCreate[]): Promise<void> {
    const made = new Map<string, DatabaseRef>();
    const done: (() => void)[] = [];
    const waiting: PendingCreate[] = [];
    let counted = 0;
    const tx = this.store.begin();
    try {
      const sys = await this.store.system(tx);
      for (const p of batch) {
        try {
          const existing = this.dbs.get(p.name) ?? made.get(p.name);
          if (existing !== undefined && p.ifNotExists) {
            waiting.push(p);
            done.push(() => p.resolve({ ref: existing, created: false }));
            continue;
          }
          if (existing !== undefined) throw quiverError('ExistingDatabaseFound', `Failed to create the specified database '${p.name}': Database already exists.`);
          this.checkFree(p.name, 'database');
          if (!p.internal) this.checkLimit(counted + 1);
          const ref = await this.allocate(tx, sys, p.name, p.options);
          made.set(p.name, ref);
          counted++;
          waiting.push(p);
          done.push(() => p.resolve({ ref, created: true }));
        } catch (e) {
          p.reject(e);
        }
      }
      if (made.size > 0) await tx.commit();
    } catch (e) {
      for (const p of waiting) p.reject(e);
      return;
    } finally {
      await tx.rollback();
    }
    for (const ref of made.values()) this.setDb(ref);
    for (const f of done) f();
  }

  private async purgeLocked(): Promise<number> {
    const now = this.now();
    const expired = [...this.dropped.values()].filter((d) => Date.parse(d.purgeAt) <= now);
    if (expired.length === 0) return 0;
    const tx = this.store.begin();
    try {
      const sys = await this.store.system(tx);
      for (const d of expired) {
        await this.store.dropDatabase(tx, d.id);
        sys.del(DROPPED_NS, idKey(d.id));
      }
      await tx.commit();
    } finally {
      await tx.rollback();
    }
    for (const d of expired) this.dropped.delete(d.id);
    this.armPurge();
    return expired.length;
  }

  /** One unref'd timer for the earliest retention deadline (never one per database). */
  private armPurge(): void {
    clearTimeout(this.purgeTimer);
    this.purgeTimer = undefined;
    if (this.closed) return;
    let next = Infinity;
    for (const d of this.dropped.values()) next = Math.min(next, Date.parse(d.purgeAt));
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.now()), 2 ** 31 - 1);
    this.purgeTimer = setTimeout(() => {
      this.purgeTimer = undefined;
      this.purgeExpired().catch(() => {
        // The store closed or failed: the next catalog change or open tries again.
      });
    }, delay);
    this.purgeTimer.unref();
  }

  private setDb(ref: DatabaseRef): void {
    this.dbs.set(ref.name, ref);
    this.byId.set(ref.id, ref);
    this.resolved.set(ref.name, ref);
    for (const a of this.aliasesByTarget.get(ref.id) ?? []) this.resolved.set(a, ref);
  }

  private removeDb(ref: DatabaseRef): void {
    this.dbs.delete(ref.name);
    if (this.byId.get(ref.id)?.name === ref.name) this.byId.delete(ref.id);
    this.resolved.delete(ref.name);
  }

  private setAlias(a: AliasRecord): void {
    const old = this.aliasMap.get(a.name);
    if (old !== undefined) this.aliasesByTarget.get(old.targetId)?.delete(a.name);
    this.aliasMap.set(a.name, a);
    let set = this.aliasesByTarget.get(a.targetId);
    if (set === undefined) this.aliasesByTarget.set(a.targetId, (set = new Set()));
    set.add(a.name);
    // The repoint itself: one map entry replaced, after the commit.
    this.resolved.set(a.name, this.byId.get(a.targetId)!);
  }

  private removeAlias(name: string): void {
    const a = this.aliasMap.get(name);
    if (a === undefined) return;
    this.aliasMap.delete(name);
    const set = this.aliasesByTarget.get(a.targetId);
    set?.delete(name);
    if (set?.size === 0) this.aliasesByTarget.delete(a.targetId);
    this.resolved.delete(name);
  }
}

function notFound(name: string): Error {
  return quiverError('DatabaseNotFound', `Database does not exist. Database name: '${name}'.`);
}

function unavailable(name: string): Error {
  return quiverError('DatabaseUnavailable', `Database '${name}' is unavailable: it is stopped (START DATABASE ${name} brings it back).`);
}

export function readOnly(name: string): Error {
  return quiverError('WriteOnReadOnlyAccessDatabase', `Database '${name}' is read-only: writes are not allowed (ALTER DATABASE ${name} SET ACCESS READ WRITE allows them).`);
}

/** Fills the fields older records lack. */
function normalise(r: Partial<DatabaseRef> & { name?: string; id?: number; uuid?: string }): DatabaseRef {
  return {
    name: r.name!,
    id: r.id!,
    uuid: r.uuid!,
    type: 'standard',
    status: r.status ?? 'online',
    access: r.access ?? 'read-write',
    options: r.options ?? {},
    createdAt: r.createdAt ?? new Date(0).toISOString(),
    lastStartTime: r.lastStartTime ?? r.createdAt ?? null,
    lastStopTime: r.lastStopTime ?? null,
    limits: r.limits ?? {},
  };
}

function sameLimits(a: Limits, b: Limits): boolean {
  const ka = Object.keys(a) as (keyof Limits)[];
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function stored(ref: DatabaseRef): Omit<DatabaseRef, 'type'> {
  const { type: _t, ...rest } = ref;
  return rest;
}

function json(v: unknown): Buffer {
  return Buffer.from(JSON.stringify(v));
}

function idKey(id: number): string {
  return String(id).padStart(10, '0');
}
