// The store: one classic-level database per data directory, holding every QuiverDB database
// under its own key prefix (DESIGN.md section 2). The store knows databases only by internal id;
// names and aliases belong to the catalog (src/dbms), which keeps them in the system keyspace
// through the same transactions.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { quiverError } from '../errors.js';
import { CounterKind, databaseRange, dbPrefix, Keys, MAX_DB_ID, SYSTEM_DB_ID } from './keyspace.js';
import { type KvOp, KvStore } from './kv.js';
import { DatabaseState } from './database-state.js';
import { type CommitHook, Transaction, type TxHost } from './transaction.js';
import { GraphTx } from './graph.js';
import { SystemTx } from './system-tx.js';

export interface StoreOptions {
  /** fsync each commit (default true). */
  readonly sync?: boolean;
}

/**
 * A database known to the store. `retained` ones are soft-dropped: unreachable, their data kept
 * until they are restored or dropped for good. `purging` ones are dropped and being deleted in the
 * background.
 */
export interface DatabaseEntry {
  readonly id: number;
  readonly uuid: string;
  readonly status: 'live' | 'retained' | 'purging';
}

const DIR_NS = 'storage.db';

export class Store implements TxHost {
  private readonly databases = new Map<number, DatabaseEntry>();
  private readonly states = new Map<number, Promise<DatabaseState>>();
  private readonly active = new Map<Transaction, number>();
  /**
   * Databases whose conflict tables hold entries, oldest commit first. Each table prunes itself
   * only when it grows past a few thousand entries, so without this sweep ten thousand
   * databases written once each would keep every key they wrote in memory for good.
   */
  private readonly conflictTables = new Set<DatabaseState>();
  private seq = 0;
  private durable = 0;
  private nextDbId = 1;
  private readonly purges = new Set<Promise<void>>();
  readonly commitHooks: CommitHook[] = [];

  private constructor(
    readonly kv: KvStore,
    /** The data directory (LevelDB's files; the audit log and `dumps/` live beside them). */
    readonly dir: string,
  ) {}

  /** Opens (creating if needed) the store in `dir` and resumes any unfinished purge. */
  static async open(dir: string, opts: StoreOptions = {}): Promise<Store> {
    mkdirSync(dir, { recursive: true });
    const kv = await KvStore.open(dir, { sync: opts.sync ?? true });
    const store = new Store(kv, dir);
    await store.bootstrap();
    return store;
  }

  private async bootstrap(): Promise<void> {
    const sysPrefix = dbPrefix(SYSTEM_DB_ID);
    this.databases.set(SYSTEM_DB_ID, { id: SYSTEM_DB_ID, uuid: '00000000-0000-0000-0000-000000000000', status: 'live' });
    const tx = this.begin({ readOnly: true });
    try {
      const sys = await this.system(tx);
      for (const [key, value] of await sys.scan(DIR_NS)) {
        const e = JSON.parse(value.toString('utf8')) as DatabaseEntry;
        this.databases.set(e.id, e);
        this.nextDbId = Math.max(this.nextDbId, Number(key) + 1);
      }
      const next = await tx.snapshot.get(Keys.meta(sysPrefix, 'nextDbId'));
      if (next !== undefined) this.nextDbId = Math.max(this.nextDbId, Number(next.readBigInt64BE(0)));
    } finally {
      await tx.rollback();
    }
    for (const e of this.databases.values()) if (e.status === 'purging') this.startPurge(e.id);
  }

  /** Starts a transaction; it reads one consistent snapshot of every database. */
  begin(opts: { readOnly?: boolean } = {}): Transaction {
    if (!this.kv.isOpen) throw quiverError('StoreClosed', 'the store is closed');
    const tx = new Transaction(this, this.kv.snapshot(), this.durable, opts.readOnly ?? false);
    this.active.set(tx, tx.snapshotSeq);
    return tx;
  }

  /** A transaction's handle on one database's graph: the only way to reach its data. */
  async graph(tx: Transaction, dbId: number): Promise<GraphTx> {
    return new GraphTx(tx, await tx.db(dbId));
  }

  /** A transaction's handle on the system keyspace (catalog records). */
  async system(tx: Transaction): Promise<SystemTx> {
    return new SystemTx(tx, await tx.db(SYSTEM_DB_ID));
  }

  /** Live databases (not the system keyspace). */
  listDatabases(): DatabaseEntry[] {
    return [...this.databases.values()].filter((d) => d.id !== SYSTEM_DB_ID && d.status === 'live');
  }

  database(id: number): DatabaseEntry | undefined {
    const d = this.databases.get(id);
    return d?.status === 'live' ? d : undefined;
  }

  /**
   * Allocates a new database in `tx`. It becomes usable when the transaction commits; a rolled
   * back creation leaves nothing behind (its id is simply never used).
   */
  async createDatabase(tx: Transaction): Promise<DatabaseEntry> {
    tx.checkWritable();
    if (this.nextDbId > MAX_DB_ID) throw quiverError('StoreFailure', 'database ids are exhausted');
    const entry: DatabaseEntry = { id: this.nextDbId++, uuid: randomUUID(), status: 'live' };
    const sys = await this.system(tx);
    sys.put(DIR_NS, String(entry.id).padStart(10, '0'), Buffer.from(JSON.stringify(entry)));
    sys.putMeta('nextDbId', this.nextDbId);
    tx.afterCommit(() => this.databases.set(entry.id, entry));
    return entry;
  }

  /**
   * Drops a database in `tx`: when the transaction commits it disappears from use at once and its
   * key range is deleted in the background (resumed after a crash). A retained database may be
   * dropped too.
   */
  async dropDatabase(tx: Transaction, id: number): Promise<void> {
    tx.checkWritable();
    const e = this.databases.get(id);
    if (e === undefined || e.status === 'purging' || id === SYSTEM_DB_ID) throw quiverError('DatabaseNotFound', `database ${id} does not exist`);
    const sys = await this.system(tx);
    const entry: DatabaseEntry = { ...e, status: 'purging' };
    sys.put(DIR_NS, String(id).padStart(10, '0'), Buffer.from(JSON.stringify(entry)));
    tx.afterCommit(() => {
      this.databases.set(id, entry);
      this.forgetState(id);
      this.startPurge(id);
    });
  }

  /**
   * Soft-drops a database in `tx` (the catalog's DROP with retention): once committed it is
   * unreachable like a dropped one (transactions still writing to it fail at commit), but its
   * data stays until `restoreDatabase` or `dropDatabase`.
   */
  async retainDatabase(tx: Transaction, id: number): Promise<void> {
    await this.setStatus(tx, id, 'live', 'retained');
  }

  /** Makes a retained database live again in `tx` (UNDROP). */
  async restoreDatabase(tx: Transaction, id: number): Promise<void> {
    await this.setStatus(tx, id, 'retained', 'live');
  }

  /** Whether a database is retained (soft-dropped, data kept). */
  isRetained(id: number): boolean {
    return this.databases.get(id)?.status === 'retained';
  }

  private async setStatus(tx: Transaction, id: number, from: DatabaseEntry['status'], to: DatabaseEntry['status']): Promise<void> {
    tx.checkWritable();
    const e = this.databases.get(id);
    if (e === undefined || e.status !== from || id === SYSTEM_DB_ID) throw quiverError('DatabaseNotFound', `database ${id} does not exist`);
    const entry: DatabaseEntry = { ...e, status: to };
    (await this.system(tx)).put(DIR_NS, String(id).padStart(10, '0'), Buffer.from(JSON.stringify(entry)));
    tx.afterCommit(() => {
      this.databases.set(id, entry);
      if (to !== 'live') this.forgetState(id);
    });
  }

  /** Fails the commits of transactions still using a database, and frees its in-memory state. */
  private forgetState(id: number): void {
    void this.states.get(id)?.then((s) => (s.dropped = true), () => {});
    this.states.delete(id);
  }

  private startPurge(id: number): void {
    const p = (async () => {
      await this.kv.clearRange(rangeOf(id));
      const tx = this.begin();
      const sys = await this.system(tx);
      sys.del(DIR_NS, String(id).padStart(10, '0'));
      await tx.commit();
      this.databases.delete(id);
    })()
      .catch(() => {
        // Closed or failed mid-purge: the directory still says `purging`, so the next open resumes.
      })
      .finally(() => this.purges.delete(p));
    this.purges.add(p);
  }

  /** Resolves when every background purge started so far has finished. */
  async purged(): Promise<void> {
    await Promise.all([...this.purges]);
  }

  /** Exact storage bytes (tracked at commit) and LevelDB's approximate on-disk size. */
  async size(dbId: number): Promise<{ exact: number; approximate: number }> {
    const s = await this.loadState(dbId);
    return { exact: s.counter(CounterKind.Bytes), approximate: await this.kv.approximateSize(rangeOf(dbId)) };
  }

  /** Committed counters of a database: nodes, relationships, bytes. */
  async counts(dbId: number): Promise<{ nodes: number; relationships: number; bytes: number }> {
    const s = await this.loadState(dbId);
    return { nodes: s.counter(CounterKind.Nodes), relationships: s.counter(CounterKind.Rels), bytes: s.counter(CounterKind.Bytes) };
  }

  /**
   * Committed counters of many databases, without loading the in-memory state of those no
   * transaction has used yet (their counters on disk are exact: nothing was committed to them
   * since the store opened). `SHOW DATABASES YIELD *` over 100,000 databases must not keep
   * 100,000 states alive.
   */
  async usage(ids: readonly number[]): Promise<Map<number, { nodes: number; relationships: number; bytes: number }>> {
    const out = new Map<number, { nodes: number; relationships: number; bytes: number }>();
    const cold: number[] = [];
    for (const id of ids) {
      if (this.states.has(id)) out.set(id, await this.counts(id));
      else if (this.database(id) !== undefined) cold.push(id);
    }
    if (cold.length === 0) return out;
    const snap = this.kv.snapshot();
    try {
      const kinds = [CounterKind.Nodes, CounterKind.Rels, CounterKind.Bytes];
      const values = await snap.getMany(cold.flatMap((id) => kinds.map((k) => Keys.counter(dbPrefix(id), k))));
      const num = (b: Buffer | undefined): number => (b === undefined ? 0 : Number(b.readBigInt64BE(0)));
      cold.forEach((id, i) => out.set(id, { nodes: num(values[i * 3]), relationships: num(values[i * 3 + 1]), bytes: num(values[i * 3 + 2]) }));
    } finally {
      await snap.close();
    }
    return out;
  }

  /** Registers a check run at commit under the commit locks (per-database limits use it). */
  addCommitHook(hook: CommitHook): void {
    this.commitHooks.push(hook);
  }

  async close(): Promise<void> {
    for (const tx of [...this.active.keys()]) await tx.rollback();
    await this.kv.flushed();
    await this.kv.close();
    await this.purged();
  }

  // ---- TxHost ----

  loadState(dbId: number): Promise<DatabaseState> {
    const e = this.databases.get(dbId);
    if (e === undefined || e.status !== 'live') {
      return Promise.reject(quiverError('DatabaseNotFound', `database ${dbId} does not exist`));
    }
    let p = this.states.get(dbId);
    if (p === undefined) {
      p = (async () => {
        const snap = this.kv.snapshot();
        try {
          return await DatabaseState.load(dbId, e.uuid, dbPrefix(dbId), snap);
        } finally {
          await snap.close();
        }
      })();
      p.catch(() => this.states.delete(dbId));
      this.states.set(dbId, p);
    }
    return p;
  }

  commitSeq(): number {
    return this.seq;
  }

  nextCommitSeq(): number {
    return ++this.seq;
  }

  markDurable(seq: number): void {
    if (seq > this.durable) this.durable = seq;
  }

  oldestActiveSnapshot(): number {
    let min = this.durable;
    for (const s of this.active.values()) if (s < min) min = s;
    return min;
  }

  conflictsRecorded(state: DatabaseState): void {
    this.conflictTables.delete(state);
    this.conflictTables.add(state);
    if (this.conflictTables.size < 32) return;
    const horizon = this.oldestActiveSnapshot();
    for (const s of this.conflictTables) {
      // In commit order: the first table a running transaction may still need ends the sweep.
      if (s.lastCommitSeq > horizon) break;
      s.clearConflicts();
      this.conflictTables.delete(s);
    }
  }

  txEnded(tx: Transaction): void {
    this.active.delete(tx);
  }

  write(ops: Iterable<KvOp>): Promise<void> {
    return this.kv.write(ops);
  }
}

function rangeOf(id: number): { gte: Buffer; lt: Buffer } {
  const [gte, lt] = databaseRange(dbPrefix(id));
  return { gte, lt };
}
