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
import { Catalog } from './dbms/index.js';
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
}

function toMap(p: Parameters | undefined): ReadonlyMap<string, Value> {
  if (p === undefined) return new Map();
  return p instanceof Map ? p : new Map(Object.entries(p as Record<string, Value>));
}

export class QuiverDB implements QuiverDatabaseServer {
  private readonly plans = new QueryCache(2000);

  private constructor(
    readonly store: Store,
    readonly catalog: Catalog,
    readonly defaultDatabase: string,
  ) {}

  /** Wraps a store and catalog the caller already opened (the server does). */
  static attach(store: Store, catalog: Catalog, defaultDatabase = 'neo4j'): QuiverDB {
    return new QuiverDB(store, catalog, defaultDatabase);
  }

  static async open(dir: string, opts: OpenOptions = {}): Promise<QuiverDB> {
    const store = await Store.open(dir, { sync: opts.sync ?? true });
    const defaultDatabase = opts.defaultDatabase ?? 'neo4j';
    const catalog = await Catalog.open(store, { defaultDatabase });
    return new QuiverDB(store, catalog, defaultDatabase);
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
    await this.store.close();
  }

  /** Runs one statement in `tx` against `database`; the caller owns the transaction. */
  async runIn(tx: Transaction, database: string, query: string, params: Parameters | undefined, opts: RunOptions = {}): Promise<ResultStream & { database: string }> {
    let dbName = database;
    let graph = await this.graphFor(tx, dbName);
    let prepared = prepare(query, graph, this.plans, graph.schemaVersion);
    if (prepared.use !== null && prepared.use.toLowerCase() !== dbName) {
      dbName = this.catalog.resolve(prepared.use).name;
      graph = await this.graphFor(tx, dbName);
      prepared = prepare(query, graph, this.plans, graph.schemaVersion);
    }
    if (prepared.kind !== 'query') {
      if (opts.mode === 'read' && prepared.statement.kind !== 'ShowIndexes' && prepared.statement.kind !== 'ShowConstraints' && prepared.statement.kind !== 'ShowDatabases') {
        throw quiverError('TransactionClosed', 'Schema and administration commands are not allowed in a read transaction.');
      }
      const rows = await this.command(prepared.statement, graph, toMap(params));
      return Object.assign(staticStream(rows.columns, rows.rows, rows.stats), { database: dbName });
    }
    if (opts.mode === 'read' && prepared.queryType !== 'r') {
      throw Object.assign(quiverError('TransactionClosed', 'Writing in a read access mode is not allowed.'), { phase: 'compile' as const });
    }
    const stream = execute(prepared, toMap(params), this.store, tx, graph, opts.signal, { maxTransactionMemory: opts.maxTransactionMemory });
    return Object.assign(stream, { database: dbName });
  }

  private async graphFor(tx: Transaction, database: string): Promise<GraphTx> {
    const ref = this.catalog.resolve(database);
    return this.store.graph(tx, ref.id);
  }

  /** Schema commands (indexes, constraints) and the database commands the catalog supports. */
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
      case 'CreateDatabase': {
        const name = st.name.kind === 'Parameter' ? String(params.get(st.name.name)) : st.name.name;
        if (st.orReplace && st.ifNotExists) throw quiverError('SyntaxError', 'Failed to create the specified database: cannot combine OR REPLACE and IF NOT EXISTS.');
        if (st.orReplace) await this.catalog.drop(name, { ifExists: true });
        await this.catalog.create(name, { ifNotExists: st.ifNotExists });
        return { columns: [], rows: [], stats: { systemUpdates: 1 } };
      }
      case 'DropDatabase': {
        const name = st.name.kind === 'Parameter' ? String(params.get(st.name.name)) : st.name.name;
        if (name.toLowerCase() === this.defaultDatabase) throw quiverError('ArgumentError', `The default database '${name}' cannot be dropped.`);
        await this.catalog.drop(name, { ifExists: st.ifExists });
        return { columns: [], rows: [], stats: { systemUpdates: 1 } };
      }
      case 'ShowDatabases':
        return {
          columns: ['name', 'type', 'aliases', 'access', 'address', 'role', 'writer', 'requestedStatus', 'currentStatus', 'statusMessage', 'default', 'home', 'constituents'],
          rows: this.catalog.list().map((d) => [d.name, 'standard', [], 'read-write', 'localhost:7687', 'primary', true, 'online', 'online', '', d.name === this.defaultDatabase, d.name === this.defaultDatabase, []]),
        };
      default:
        throw quiverError('SyntaxError', `${st.kind} is not supported yet.`);
    }
  }
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
