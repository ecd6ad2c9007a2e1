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
import { collect, execute, prepare, QueryCache } from './engine.js';
import { isQuiverError, quiverError } from './errors.js';
import { emptyStats, registerProcedure } from './runtime/index.js';
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
  ) {}

  /** Wraps a store and catalog the caller already opened (the server does). */
  static attach(store: Store, catalog: Catalog, defaultDatabase = catalog.defaultDatabase): QuiverDB {
    return new QuiverDB(store, catalog, defaultDatabase);
  }

  static async open(dir: string, opts: OpenOptions = {}): Promise<QuiverDB> {
    const store = await Store.open(dir, { sync: opts.sync ?? true });
    const catalog = await Catalog.open(store, {
      ...(opts.defaultDatabase === undefined ? {} : { defaultDatabase: opts.defaultDatabase }),
      ...(opts.maxDatabases === undefined ? {} : { maxDatabases: opts.maxDatabases }),
      ...(opts.dropRetentionMs === undefined ? {} : { dropRetentionMs: opts.dropRetentionMs }),
    });
    return new QuiverDB(store, catalog, catalog.defaultDatabase);
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
  async runIn(tx: Transaction, database: string, query: string, params: Parameters | undefined, opts: RunOptions = {}): Promise<ResultStream & { database: string }> {
    let ref = this.catalog.resolve(database);
    let graph = await this.store.graph(tx, ref.id);
    let prepared = prepare(query, graph, this.plans, graph.schemaVersion);
    if (prepared.use !== null) {
      const used = this.catalog.resolve(prepared.use);
      if (used.id !== ref.id) {
        ref = used;
        graph = await this.store.graph(tx, ref.id);
        prepared = prepare(query, graph, this.plans, graph.schemaVersion);
      }
    }
    const p = toMap(params);
    if (prepared.kind !== 'query') {
      const st = prepared.statement;
      const show = st.kind.startsWith('Show');
      if (opts.mode === 'read' && !show) {
        throw quiverError('TransactionClosed', 'Schema and administration commands are not allowed in a read transaction.');
      }
      if (isDatabaseAdminCommand(st)) {
        const r = await runDatabaseAdmin(st, {
          catalog: this.catalog,
          store: this.store,
          params: p,
          homeDatabase: this.defaultDatabase,
          address: this.address,
          query: async (text, qp) => {
            const result = await collect(execute(prepare(text, graph, this.plans, graph.schemaVersion), qp, this.store, tx, graph, opts.signal), ref.name);
            return { columns: [...result.columns], rows: result.rows.map((row) => [...row]) };
          },
        });
        return Object.assign(staticStream(r.columns, r.rows, r.stats), { database: ref.name });
      }
      if (!show) checkWritable(ref);
      const rows = await this.command(st, graph, p);
      return Object.assign(staticStream(rows.columns, rows.rows, rows.stats), { database: ref.name });
    }
    if (opts.mode === 'read' && prepared.queryType !== 'r') {
      throw Object.assign(quiverError('TransactionClosed', 'Writing in a read access mode is not allowed.'), { phase: 'compile' as const });
    }
    if (prepared.queryType !== 'r' && prepared.explain !== 'EXPLAIN') checkWritable(ref);
    const stream = execute(prepared, p, this.store, tx, graph, opts.signal, { maxTransactionMemory: opts.maxTransactionMemory });
    return Object.assign(stream, { database: ref.name });
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
  if (ref.type === 'system') {
    throw quiverError('WriteOnReadOnlyAccessDatabase', "The system database holds the catalog: it takes administration commands, not graph writes.");
  }
  if (ref.access === 'read-only') throw readOnly(ref.name);
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
