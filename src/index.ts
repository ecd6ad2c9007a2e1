// QuiverDB's in-process API: open a data directory and run Cypher without a network.
//
//   const db = await open('./data');
//   const result = await db.session('neo4j').run('MATCH (n) RETURN count(n) AS n');
//
// The servers (Bolt, HTTP, gRPC), the tests, the TCK runner and the benchmarks all use it.
import type {
  ExplicitTransaction,
  Parameters,
  QueryResult,
  QuiverDatabaseServer,
  ResultStream,
  RunOptions,
  Session,
} from './api-types.js';
import type * as A from './cypher/index.js';
import { Catalog, isDatabaseAdminCommand, runDatabaseAdmin, type DatabaseRef } from './dbms/index.js';
import { readOnly } from './dbms/catalog.js';
import { authorizeStatement, canAccess, isSecurityCommand, runSecurityCommand, SecurityStore } from './dbms/security/index.js';
import { collect, execute, prepare, type PreparedQuery, QueryCache } from './engine.js';
import { cypherError, isQuiverError, quiverError } from './errors.js';
import { type DatabaseBinding, emptyStats, registerProcedure } from './runtime/index.js';
import { type GraphTx, Store, type Transaction } from './storage/index.js';
import type { Value } from './values/types.js';

export type * from './api-types.js';
export { QuiverError, isQuiverError } from './errors.js';
export { registerProcedure } from './runtime/index.js';

export interface OpenOptions {
  /** fsync each commit (default true). */
  readonly sync?: boolean;
  /** The database a session uses when none is named (default `neo4j`). */
  readonly defaultDatabase?: string;
  /** Most user databases; 0 or absent = unlimited. */
  readonly maxDatabases?: number;
  /** How long DROP DATABASE keeps the data for UNDROP, in ms (default 7 days; 0 = none). */
  readonly dropRetentionMs?: number;
}

function toMap(p: Parameters | undefined): ReadonlyMap<string, Value> {
  if (p === undefined) return new Map();
  return p instanceof Map ? p : new Map(Object.entries(p as Record<string, Value>));
}

export class QuiverDB implements QuiverDatabaseServer {
  private readonly plans = new QueryCache(2000);
  /** The Bolt address SHOW DATABASES reports; the server sets it once its listener is bound. */
  address = 'localhost:7687';

  private constructor(
    readonly store: Store,
    readonly catalog: Catalog,
    readonly defaultDatabase: string,
    /** Users, roles and privileges; null when the caller attached none (user commands then fail). */
    readonly security: SecurityStore | null,
  ) {}

  /** Wraps a store, catalog and security store the caller already opened (the server does). */
  static attach(store: Store, catalog: Catalog, defaultDatabase = catalog.defaultDatabase, security: SecurityStore | null = null): QuiverDB {
    return new QuiverDB(store, catalog, defaultDatabase, security);
  }

  static async open(dir: string, opts: OpenOptions = {}): Promise<QuiverDB> {
    const store = await Store.open(dir, { sync: opts.sync ?? true });
    const catalog = await Catalog.open(store, {
      ...(opts.defaultDatabase === undefined ? {} : { defaultDatabase: opts.defaultDatabase }),
      ...(opts.maxDatabases === undefined ? {} : { maxDatabases: opts.maxDatabases }),
      ...(opts.dropRetentionMs === undefined ? {} : { dropRetentionMs: opts.dropRetentionMs }),
    });
    const security = await SecurityStore.open(store, () => catalog.defaultDatabase);
    return new QuiverDB(store, catalog, catalog.defaultDatabase, security);
  }

  session(database?: string): Session {
    return new LocalSession(this, database ?? this.defaultDatabase);
  }

  async createDatabase(name: string): Promise<void> {
    await this.catalog.create(name);
  }

  /**
   * Registers a procedure for one database (the kit's test procedures; user procedures later):
   * a fixed table of input values and output rows, returning the rows whose inputs equal the
   * arguments.
   */
  registerProcedure(
    database: string,
    proc: {
      readonly name: string;
      readonly inputs: readonly { readonly name: string; readonly type: string }[];
      readonly outputs: readonly { readonly name: string; readonly type: string }[];
      call(args: readonly Value[]): (readonly Value[])[];
    },
  ): void {
    const dbId = this.catalog.resolve(database).id;
    registerProcedure(
      {
        name: proc.name,
        inputs: proc.inputs,
        outputs: proc.outputs.map((o) => o.name),
        minArgs: proc.inputs.length,
        maxArgs: proc.inputs.length,
        async call(args) {
          return proc.call(args).map((row) => Object.fromEntries(proc.outputs.map((o, i) => [o.name, row[i] ?? null])));
        },
      },
      dbId,
    );
  }

  async dropDatabase(name: string): Promise<void> {
    await this.catalog.drop(name);
  }

  async close(): Promise<void> {
    this.catalog.close();
    await this.store.close();
  }

  /**
   * Runs one statement in `tx` against `database` (a name or alias, resolved through the
   * catalog; a leading `USE` switches); the caller owns the transaction.
   */
  async runIn(
    tx: Transaction,
    database: string,
    query: string,
    params: Parameters | undefined,
    opts: RunOptions = {},
  ): Promise<ResultStream & { database: string; databases: readonly string[] }> {
    const p = toMap(params);
    let ref = this.catalog.resolve(database);
    let graph = await this.store.graph(tx, ref.id);
    let prepared = prepare(query, graph, this.plans, graph.schemaVersion);
    if (prepared.use !== null) {
      const used = this.catalog.resolve(databaseName(prepared.use, p));
      if (used.id !== ref.id) {
        ref = used;
        graph = await this.store.graph(tx, ref.id);
        prepared = prepare(query, graph, this.plans, graph.schemaVersion);
      }
    }
    // Access to every database the query names, before anything runs.
    const cross = prepared.crossDatabase ? this.resolveDatabases(prepared, p, ref) : null;
    if (opts.canAccess !== undefined) {
      for (const r of [ref, ...(cross?.values() ?? [])]) {
        if (!opts.canAccess(r.name)) throw quiverError('Forbidden', `Database access is not allowed for the current user on database '${r.name}'.`);
      }
    }
    const touched = cross === null ? [ref.name] : [...new Set([ref.name, ...[...cross.values()].map((r) => r.name)])];
    const user = opts.user;
    if (user !== undefined) {
      if (this.security === null) throw quiverError('Forbidden', 'No security store is attached: privileges cannot be checked.');
      const runs = prepared.kind === 'query' && prepared.explain !== 'EXPLAIN';
      let written: string[] = [];
      if (runs && prepared.queryType !== 'r') {
        written = cross === null ? [ref.name] : [...prepared.databaseFacts!.written].map((key) => (key === '' ? ref.name : cross.get(key)!.name));
      }
      authorizeStatement(this.security, user, {
        databases: touched,
        written,
        reads: runs && prepared.readsGraph,
        command: prepared.kind === 'query' ? null : prepared.statement,
        params: p,
        canonical: (n) => this.catalog.lookup(n)?.name ?? n.toLowerCase(),
      });
    }
    const admitted = opts.admit?.({ database: ref, queryType: prepared.queryType, explain: prepared.explain, command: prepared.kind === 'query' ? null : prepared.statement });
    if (admitted !== undefined) opts = { ...opts, ...admitted };
    if (prepared.kind !== 'query') {
      const st = prepared.statement;
      const show = st.kind.startsWith('Show');
      if (opts.mode === 'read' && !show) {
        throw quiverError('TransactionClosed', 'Schema and administration commands are not allowed in a read transaction.');
      }
      const query = async (text: string, qp: ReadonlyMap<string, Value>): Promise<{ columns: string[]; rows: Value[][] }> => {
        const result = await collect(execute(prepare(text, graph, this.plans, graph.schemaVersion), qp, this.store, tx, graph, opts.signal), ref.name);
        return { columns: [...result.columns], rows: result.rows.map((row) => [...row]) };
      };
      const security = this.security;
      if (isDatabaseAdminCommand(st)) {
        const r = await runDatabaseAdmin(st, {
          catalog: this.catalog,
          store: this.store,
          params: p,
          homeDatabase: user !== undefined && security !== null ? security.homeOf(user) : this.defaultDatabase,
          address: this.address,
          query,
          ...(user !== undefined && security !== null ? { visible: (name: string) => canAccess(security, user, name) } : {}),
        });
        return Object.assign(staticStream(r.columns, r.rows, r.stats), { database: ref.name, databases: touched });
      }
      if (isSecurityCommand(st)) {
        if (security === null) throw quiverError('ArgumentError', 'User and role commands need a security store; this database was opened without one.');
        const r = await runSecurityCommand(st, { security, params: p, currentUser: user ?? null, query });
        return Object.assign(staticStream(r.columns, r.rows, r.stats), { database: ref.name, databases: touched });
      }
      if (!show) checkWritable(ref);
      const rows = await this.command(st, graph, p);
      return Object.assign(staticStream(rows.columns, rows.rows, rows.stats), { database: ref.name, databases: touched });
    }
    if (opts.mode === 'read' && prepared.queryType !== 'r') {
      throw Object.assign(quiverError('TransactionClosed', 'Writing in a read access mode is not allowed.'), { phase: 'compile' as const });
    }
    let databases: Map<string, DatabaseBinding> | undefined;
    if (cross === null) {
      if (prepared.queryType !== 'r' && prepared.explain !== 'EXPLAIN') checkWritable(ref);
    } else {
      const explainOnly = prepared.explain === 'EXPLAIN';
      for (const key of prepared.databaseFacts!.written) if (!explainOnly) checkWritable(key === '' ? ref : cross.get(key)!);
      databases = new Map();
      const graphs = new Map<number, GraphTx>([[ref.id, graph]]);
      const bind = async (key: string, r: DatabaseRef): Promise<void> => {
        let g = graphs.get(r.id);
        if (g === undefined) graphs.set(r.id, (g = await this.store.graph(tx, r.id)));
        databases!.set(key, { name: r.name, graph: g, ...(writeRefusal(r) === null ? {} : { denyWrites: writeRefusal(r)! }) });
      };
      await bind('', ref);
      for (const [key, r] of cross) await bind(key, r);
    }
    const stream = execute(prepared, p, this.store, tx, graph, opts.signal, {
      maxTransactionMemory: opts.maxTransactionMemory,
      ...(databases === undefined ? {} : { databases, sessionName: ref.name }),
    });
    return Object.assign(stream, { database: ref.name, databases: touched });
  }

  /**
   * Resolves the databases a cross-database query names (aliases and parameters included) and
   * checks that variables tying two of them name one database: all before anything runs.
   */
  private resolveDatabases(prepared: PreparedQuery, params: ReadonlyMap<string, Value>, session: DatabaseRef): Map<string, DatabaseRef> {
    const out = new Map<string, DatabaseRef>();
    for (const key of prepared.databases) {
      const r = this.catalog.resolve(databaseName(key, params));
      if (r.type === 'system') {
        throw Object.assign(quiverError('SyntaxError', 'The system database holds the catalog: it cannot take part in a cross-database query.'), { phase: 'compile' as const });
      }
      out.set(key, r);
    }
    const idOf = (key: string): number => (key === '' ? session.id : out.get(key)!.id);
    for (const t of prepared.databaseFacts!.sameDatabase) {
      if (idOf(t.a) !== idOf(t.b)) {
        const name = (key: string): string => (key === '' ? session.name : out.get(key)!.name);
        throw Object.assign(
          cypherError(
            'SemanticError',
            'CrossDatabaseRelationship',
            `\`${t.variable}\` is bound in database '${name(t.a)}' and used in a pattern of database '${name(t.b)}': a relationship can never connect nodes of two databases, and a node belongs to one database.`,
          ),
          { phase: 'compile' as const },
        );
      }
    }
    return out;
  }

  /** Schema commands (indexes, constraints); database and alias commands are the catalog's (src/dbms/admin.ts). */
  private async command(st: A.Statement, graph: GraphTx, params: ReadonlyMap<string, Value>): Promise<{ columns: string[]; rows: Value[][]; stats?: Partial<ReturnType<typeof emptyStats>> }> {
    const nameOf = (n: A.NameRef | null): string | undefined => (n === null ? undefined : n.kind === 'Parameter' ? String(params.get(n.name)) : n.name);
    switch (st.kind) {
      case 'CreateIndex': {
        const label = st.entity.labels?.kind === 'LabelName' ? st.entity.labels.name : null;
        if (label === null) throw quiverError('ArgumentError', 'An index needs one label or relationship type.');
        const name = nameOf(st.name);
        if (st.ifNotExists && graph.listIndexes().some((i) => i.name === name || (i.token === label && i.properties.join() === st.properties.map((p) => p.key).join()))) {
          return { columns: [], rows: [] };
        }
        await graph.createIndex({ ...(name ? { name } : {}), entity: st.entity.entity === 'NODE' ? 'node' : 'relationship', token: label, properties: st.properties.map((p) => p.key) });
        return { columns: [], rows: [], stats: { indexesAdded: 1 } };
      }
      case 'DropIndex': {
        const name = nameOf(st.name);
        const ix = graph.listIndexes().find((i) => (name !== undefined ? i.name === name : st.on !== null && i.token === st.on.label && i.properties.join() === st.on.properties.join()));
        if (ix === undefined) {
          if (st.ifExists) return { columns: [], rows: [] };
          throw quiverError('IndexNotFound', `Unable to drop index: Index does not exist: ${name ?? ''}`);
        }
        await graph.dropIndex(ix.name);
        return { columns: [], rows: [], stats: { indexesRemoved: 1 } };
      }
      case 'CreateConstraint': {
        const label = st.entity.labels?.kind === 'LabelName' ? st.entity.labels.name : null;
        if (label === null) throw quiverError('ArgumentError', 'A constraint needs one label or relationship type.');
        if (st.spec.constraint !== 'UNIQUE') {
          throw quiverError('ArgumentError', `${st.spec.constraint} constraints are not supported yet; UNIQUE constraints are.`);
        }
        const name = nameOf(st.name) ?? `constraint_${label}_${st.spec.properties.map((p) => p.key).join('_')}`.toLowerCase();
        const props = st.spec.properties.map((p) => p.key);
        const existing = graph.listIndexes().find((i) => i.constraintName === name || (i.unique && i.token === label && i.properties.join() === props.join()));
        if (existing) {
          if (st.ifNotExists) return { columns: [], rows: [] };
          throw quiverError('IndexAlreadyExists', `An equivalent constraint already exists, '${existing.constraintName ?? existing.name}'.`);
        }
        // The backing index takes the constraint's name, as in Neo4j.
        await graph.createIndex({ name, entity: st.entity.entity === 'NODE' ? 'node' : 'relationship', token: label, properties: props, unique: true, constraintName: name });
        return { columns: [], rows: [], stats: { constraintsAdded: 1 } };
      }
      case 'DropConstraint': {
        const name = nameOf(st.name);
        const ix = graph.listIndexes().find((i) =>
          i.constraintName !== undefined &&
          (name !== undefined ? i.constraintName === name : st.on !== null && st.on.entity.labels?.kind === 'LabelName' && i.token === st.on.entity.labels.name && i.properties.join() === st.on.spec.properties.map((p) => p.key).join()),
        );
        if (ix === undefined) {
          if (st.ifExists) return { columns: [], rows: [] };
          throw quiverError('IndexNotFound', `Unable to drop constraint: No such constraint ${name ?? ''}.`);
        }
        await graph.dropIndex(ix.name);
        return { columns: [], rows: [], stats: { constraintsRemoved: 1 } };
      }
      case 'ShowConstraints': {
        const rows = graph
          .listIndexes()
          .filter((i) => i.constraintName !== undefined)
          .map((i) => [BigInt(i.id), i.constraintName!, i.entity === 'node' ? 'UNIQUENESS' : 'RELATIONSHIP_UNIQUENESS', i.entity === 'node' ? 'NODE' : 'RELATIONSHIP', [i.token], [...i.properties], i.name, null] as Value[]);
        return { columns: ['id', 'name', 'type', 'entityType', 'labelsOrTypes', 'properties', 'ownedIndex', 'propertyType'], rows };
      }
      case 'ShowIndexes': {
        const rows = graph.listIndexes().map((i) => [BigInt(i.id), i.name, 'ONLINE', 100.0, i.unique ? 'UNIQUE' : 'NONUNIQUE', 'RANGE', i.entity === 'node' ? 'NODE' : 'RELATIONSHIP', [i.token], [...i.properties], 'range-1.0', i.constraintName ?? null] as Value[]);
        return { columns: ['id', 'name', 'state', 'populationPercent', 'uniqueness', 'type', 'entityType', 'labelsOrTypes', 'properties', 'indexProvider', 'owningConstraint'], rows };
      }
      default:
        throw quiverError('SyntaxError', `${st.kind} is not supported yet.`);
    }
  }
}

/** Writes (queries and schema changes) need a read-write user database. */
function checkWritable(ref: DatabaseRef): void {
  const e = writeRefusal(ref);
  if (e !== null) throw e;
}

function writeRefusal(ref: DatabaseRef): Error | null {
  if (ref.type === 'system') {
    return quiverError('WriteOnReadOnlyAccessDatabase', "The system database holds the catalog: it takes administration commands, not graph writes.");
  }
  if (ref.access === 'read-only') return readOnly(ref.name);
  return null;
}

/** The database a key of a prepared query names: itself, or the value of its `$parameter`. */
function databaseName(key: string, params: ReadonlyMap<string, Value>): string {
  if (!key.startsWith('$')) return key;
  const v = params.get(key.slice(1));
  if (v === undefined) {
    throw Object.assign(quiverError('ParameterMissing', `Expected parameter(s): ${key.slice(1)}`), { detail: 'MissingParameter', phase: 'compile' as const });
  }
  if (typeof v !== 'string') throw quiverError('ArgumentError', `A database name must be a string; the parameter ${key} is not.`);
  return v;
}

function staticStream(columns: string[], rows: Value[][], stats?: Partial<ReturnType<typeof emptyStats>>): ResultStream {
  let i = 0;
  return {
    columns,
    async next(n) {
      const b = rows.slice(i, i + n);
      i += b.length;
      return b;
    },
    async cancel() {},
    async summary() {
      return { stats: { ...emptyStats(), ...stats }, queryType: 's', database: '', notifications: [] };
    },
  };
}

class LocalSession implements Session {
  constructor(
    private readonly db: QuiverDB,
    readonly database: string,
  ) {}

  async run(query: string, params?: Parameters, opts: RunOptions = {}): Promise<QueryResult> {
    const tx = this.db.store.begin({ readOnly: opts.mode === 'read' });
    try {
      const stream = await this.db.runIn(tx, this.database, query, params, opts);
      const result = await collect(stream, stream.database);
      await tx.commit();
      return result;
    } catch (e) {
      await tx.rollback();
      throw e;
    }
  }

  async stream(query: string, params?: Parameters, opts: RunOptions = {}): Promise<ResultStream> {
    const tx = this.db.store.begin({ readOnly: opts.mode === 'read' });
    let inner: ResultStream;
    try {
      inner = await this.db.runIn(tx, this.database, query, params, opts);
    } catch (e) {
      await tx.rollback();
      throw e;
    }
    let finished = false;
    const end = async (ok: boolean): Promise<void> => {
      if (finished) return;
      finished = true;
      if (ok) await tx.commit();
      else await tx.rollback();
    };
    return {
      columns: inner.columns,
      async next(n) {
        try {
          return await inner.next(n);
        } catch (e) {
          await end(false);
          throw e;
        }
      },
      async cancel() {
        await inner.cancel();
        await end(false);
      },
      async summary() {
        try {
          const s = await inner.summary();
          await end(true);
          return s;
        } catch (e) {
          await end(false);
          throw e;
        }
      },
    };
  }

  async begin(opts: RunOptions = {}): Promise<ExplicitTransaction> {
    const tx = this.db.store.begin({ readOnly: opts.mode === 'read' });
    const db = this.db;
    const database = this.database;
    const explicit: ExplicitTransaction = {
      get isOpen() {
        return tx.isOpen;
      },
      async run(query, params, o = {}) {
        try {
          const stream = await db.runIn(tx, database, query, params, { ...opts, ...o });
          return await collect(stream, stream.database);
        } catch (e) {
          // As in Neo4j, a failed statement fails the transaction.
          if (isQuiverError(e) && e.phase === 'runtime') tx.markFailed(e);
          throw e;
        }
      },
      async stream(query, params, o = {}) {
        return db.runIn(tx, database, query, params, { ...opts, ...o });
      },
      commit: () => tx.commit(),
      rollback: () => tx.rollback(),
    };
    return explicit;
  }
}

/** Opens (creating if needed) a QuiverDB data directory. */
export function open(dir: string, opts: OpenOptions = {}): Promise<QuiverDB> {
  return QuiverDB.open(dir, opts);
}
