// Transactions (DESIGN.md section 3): one snapshot of the whole store for reads, one sorted write
// set for writes (its own reads see it), and one atomic durable batch at commit — across every
// database the transaction touched, because they all live in the one store.
//
// Isolation is snapshot isolation with first-committer-wins on conflicting writes: a transaction
// fails at commit with a transient error if a key it wrote (or a record it relied on, such as the
// end nodes of a relationship it created) was written by a transaction that committed after it
// started. Counters are maintained as deltas under each database's commit lock, so concurrent
// creators of nodes in one database do not conflict with each other.
import { quiverError } from '../errors.js';
import { CounterKind, countsTowardBytes, Keys, TokenKind } from './keyspace.js';
import type { KvOp, KvSnapshot } from './kv.js';
import { counterId, counterOf, type DatabaseState } from './database-state.js';
import { toKeyString, WriteSet } from './write-set.js';

/** What a commit hook sees for each database a committing transaction wrote to. */
export interface CommitCheck {
  readonly dbId: number;
  readonly uuid: string;
  /** Committed figures after this commit would apply (including concurrent validated commits). */
  readonly after: { readonly nodes: number; readonly relationships: number; readonly bytes: number };
  readonly delta: { readonly nodes: number; readonly relationships: number; readonly bytes: number };
}

/** Runs under the commit locks of every database involved; throw a QuiverError to refuse. */
export type CommitHook = (checks: readonly CommitCheck[]) => void;

/** The parts of the store a transaction needs; implemented by Store. */
export interface TxHost {
  loadState(dbId: number): Promise<DatabaseState>;
  commitSeq(): number;
  nextCommitSeq(): number;
  markDurable(seq: number): void;
  oldestActiveSnapshot(): number;
  /** A database recorded a commit in its conflict tables (the store prunes them across databases). */
  conflictsRecorded(state: DatabaseState): void;
  txEnded(tx: Transaction): void;
  write(ops: Iterable<KvOp>): Promise<void>;
  readonly commitHooks: readonly CommitHook[];
}

/** Per-database bookkeeping of one transaction. */
export class TxDb {
  readonly counterDeltas = new Map<number, number>();
  /** Keys this transaction modified that others may modify too (records, unique keys). */
  readonly conflictWrites = new Set<string>();
  /** Keys this transaction relied on without writing (end nodes of created relationships). */
  readonly conflictShared = new Set<string>();
  /** Set by schema changes: any commit to the database after our snapshot is a conflict. */
  exclusive = false;
  wrote = false;
  readonly schemaVersion: number;

  constructor(readonly state: DatabaseState) {
    this.schemaVersion = state.schemaVersion;
  }

  addCounter(kind: CounterKind, token: number, delta: number): void {
    const id = counterId(kind, token);
    this.counterDeltas.set(id, (this.counterDeltas.get(id) ?? 0) + delta);
  }

  counterDelta(kind: CounterKind, token = 0): number {
    return this.counterDeltas.get(counterId(kind, token)) ?? 0;
  }
}

type TxStatus = 'open' | 'committing' | 'committed' | 'rolledBack';

export class Transaction {
  readonly ws = new WriteSet();
  readonly dbs = new Map<number, TxDb>();
  private status: TxStatus = 'open';
  private failure: unknown = undefined;
  private readonly afterCommitFns: (() => void)[] = [];

  constructor(
    private readonly host: TxHost,
    readonly snapshot: KvSnapshot,
    readonly snapshotSeq: number,
    readonly readOnly: boolean,
  ) {}

  get isOpen(): boolean {
    return this.status === 'open';
  }

  checkOpen(): void {
    if (this.status !== 'open') {
      throw quiverError('TransactionClosed', `the transaction is ${this.status === 'committed' ? 'committed' : this.status === 'rolledBack' ? 'rolled back' : 'committing'}`);
    }
  }

  checkWritable(): void {
    this.checkOpen();
    if (this.readOnly) throw quiverError('TransactionClosed', 'writes are not allowed in a read-only transaction');
  }

  /** This transaction's view of one database (loading its state on first use). */
  async db(dbId: number): Promise<TxDb> {
    this.checkOpen();
    let d = this.dbs.get(dbId);
    if (d === undefined) {
      const state = await this.host.loadState(dbId);
      d = this.dbs.get(dbId) ?? new TxDb(state);
      this.dbs.set(dbId, d);
    }
    return d;
  }

  /** Runs after a successful commit (e.g. publishing new index definitions). */
  afterCommit(fn: () => void): void {
    this.afterCommitFns.push(fn);
  }

  /**
   * Marks the transaction failed: an operation threw after staging part of its writes. As in
   * Neo4j, such a transaction can only be rolled back.
   */
  markFailed(cause: unknown): void {
    if (this.failure === undefined) this.failure = cause;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  async commit(): Promise<void> {
    this.checkOpen();
    if (this.failure !== undefined) {
      await this.rollback();
      throw quiverError('TransactionMarkedAsFailed', 'The transaction has been rolled back because an earlier operation in it failed.', this.failure);
    }
    this.status = 'committing';
    try {
      if (this.ws.size === 0) return;
      await this.resolveUnknownSizes();
      const { written, seq } = await this.validateAndStage();
      await written;
      this.host.markDurable(seq);
    } catch (e) {
      this.status = 'rolledBack';
      throw e;
    } finally {
      if (this.status === 'committing') this.status = 'committed';
      this.ws.clear();
      this.host.txEnded(this);
      await this.snapshot.close();
    }
    for (const fn of this.afterCommitFns) fn();
  }

  async rollback(): Promise<void> {
    if (this.status !== 'open') return;
    this.status = 'rolledBack';
    this.ws.clear();
    this.host.txEnded(this);
    await this.snapshot.close();
  }

  /** Storage bytes need the size each overwritten or deleted key had; fetch the unknown ones. */
  private async resolveUnknownSizes(): Promise<void> {
    if (this.ws.unknownSizes === 0) return;
    const unknown: Buffer[] = [];
    for (const e of this.ws.mapEntries()) if (e.before < 0) unknown.push(e.key);
    if (unknown.length === 0) return;
    const old = await this.snapshot.getMany(unknown);
    for (let i = 0; i < unknown.length; i++) {
      const k = unknown[i]!;
      const v = old[i];
      this.ws.setBefore(k, v === undefined ? 0 : k.length + v.length);
    }
  }

  /**
   * Validates under the commit locks and submits the batch before releasing them: sequence
   * numbers and the group-commit queue must have the same order, or a later snapshot could be
   * labelled as containing a commit that is not yet on disk.
   */
  private async validateAndStage(): Promise<{ written: Promise<void>; seq: number }> {
    // Bytes per database, from the write set (keys are prefixed by their database id); fresh
    // writes were summed as they were staged.
    const bytes = new Map<number, number>(this.ws.freshBytesByDb());
    for (const e of this.ws.mapEntries()) {
      if (!countsTowardBytes(e.key)) continue;
      const dbId = e.key.readUInt32BE(0);
      const after = e.value === null ? 0 : e.key.length + e.value.length;
      bytes.set(dbId, (bytes.get(dbId) ?? 0) + after - e.before);
    }
    const involved = [...this.dbs.values()].filter((d) => d.wrote).sort((a, b) => a.state.id - b.state.id);
    for (const d of involved) {
      const b = bytes.get(d.state.id) ?? 0;
      if (b !== 0) d.addCounter(CounterKind.Bytes, 0, b);
    }
    // Lock in id order so that two multi-database commits can never deadlock.
    const releases: (() => void)[] = [];
    try {
      for (const d of involved) releases.push(await d.state.commitLock.lock());
      for (const d of involved) {
        const s = d.state;
        if (s.dropped) throw quiverError('DatabaseNotFound', `database ${s.id} was dropped while the transaction ran`);
        if (d.schemaVersion !== s.schemaVersion || (d.exclusive && s.lastCommitSeq > this.snapshotSeq)) {
          throw quiverError('TransactionConflict', `the schema of database ${s.id} changed while the transaction ran; retry it`);
        }
        s.checkConflicts(this.snapshotSeq, d.conflictWrites, d.conflictShared);
      }
      const checks: CommitCheck[] = involved.map((d) => {
        const s = d.state;
        const delta = {
          nodes: d.counterDelta(CounterKind.Nodes),
          relationships: d.counterDelta(CounterKind.Rels),
          bytes: d.counterDelta(CounterKind.Bytes),
        };
        return {
          dbId: s.id,
          uuid: s.uuid,
          delta,
          after: {
            nodes: s.counter(CounterKind.Nodes) + delta.nodes,
            relationships: s.counter(CounterKind.Rels) + delta.relationships,
            bytes: s.counter(CounterKind.Bytes) + delta.bytes,
          },
        };
      });
      for (const hook of this.host.commitHooks) hook(checks);

      // Validated: from here nothing throws. Apply in memory and stage the batch.
      const seq = this.host.nextCommitSeq();
      // The write set's entries go to the batch as they are (no copy); bookkeeping follows.
      const extra: KvOp[] = [];
      for (const d of involved) {
        const s = d.state;
        for (const [id, delta] of d.counterDeltas) {
          if (delta === 0) continue;
          const value = (s.counters.get(id) ?? 0) + delta;
          s.counters.set(id, value);
          const [kind, token] = counterOf(id);
          extra.push({ key: Keys.counter(s.prefix, kind, token), value: i64(value) });
        }
        for (const t of s.unpersistedTokens.splice(0)) {
          const v = Buffer.allocUnsafe(4);
          v.writeUInt32BE(t.id, 0);
          extra.push({ key: Keys.token(s.prefix, t.kind as TokenKind, t.name), value: v });
        }
        if (s.nextNodeId !== s.persistedNextNodeId) {
          s.persistedNextNodeId = s.nextNodeId;
          extra.push({ key: Keys.meta(s.prefix, 'nextNodeId'), value: i64(s.nextNodeId) });
        }
        if (s.nextRelId !== s.persistedNextRelId) {
          s.persistedNextRelId = s.nextRelId;
          extra.push({ key: Keys.meta(s.prefix, 'nextRelId'), value: i64(s.nextRelId) });
        }
        if (s.nextIndexId !== s.persistedNextIndexId) {
          s.persistedNextIndexId = s.nextIndexId;
          extra.push({ key: Keys.meta(s.prefix, 'nextIndexId'), value: i64(s.nextIndexId) });
        }
        s.recordCommit(seq, d.conflictWrites, d.conflictShared, () => this.host.oldestActiveSnapshot());
        s.lastCommitSeq = seq;
        this.host.conflictsRecorded(s);
      }
      const ws = this.ws;
      const ops: Iterable<KvOp> = {
        *[Symbol.iterator]() {
          yield* ws.entries();
          yield* extra;
        },
      };
      return { written: this.host.write(ops), seq };
    } finally {
      for (const r of releases) r();
    }
  }

  /** Key string form used by the conflict tables. */
  static conflictKey(k: Buffer): string {
    return toKeyString(k);
  }
}

export function i64(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(BigInt(n), 0);
  return b;
}
