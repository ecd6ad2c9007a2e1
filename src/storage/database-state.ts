// The in-memory state of one database, created lazily the first time a transaction uses it (never
// eagerly at start-up: a server may hold 100,000 databases). It holds what must be shared by all
// transactions on the database: token tables, committed counters, id allocators, the index
// definitions, the commit lock and the recent-writes table used for conflict detection.
import { quiverError } from '../errors.js';
import { CounterKind, type DbPrefix, Keys, Tag, TokenKind } from './keyspace.js';
import type { KvSnapshot } from './kv.js';

export interface IndexDef {
  readonly id: number;
  readonly name: string;
  readonly entity: 'node' | 'relationship';
  /** Label (for node indexes) or relationship type token id. */
  readonly token: number;
  /** Property key token ids, in index order (more than one: a composite index). */
  readonly properties: readonly number[];
  /** Unique indexes back uniqueness constraints. */
  readonly unique: boolean;
  /** The constraint that owns a unique index, if any. */
  readonly constraintName?: string;
}

/** A tiny FIFO mutex; commit validation holds it only for synchronous work plus the lock hops. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

/** A counter's id as one number: kind in the high part, token in the low 32 bits. */
export function counterId(kind: CounterKind, token = 0): number {
  return kind * 0x1_0000_0000 + token;
}

export function counterOf(id: number): [CounterKind, number] {
  return [Math.floor(id / 0x1_0000_0000) as CounterKind, id % 0x1_0000_0000];
}

export class DatabaseState {
  readonly commitLock = new Mutex();
  /** token name -> id, per kind */
  private readonly tokenIds: [Map<string, number>, Map<string, number>, Map<string, number>] = [new Map(), new Map(), new Map()];
  private readonly tokenNames: [string[], string[], string[]] = [[], [], []];
  /** Tokens allocated in memory whose entries no commit has written yet. */
  readonly unpersistedTokens: { kind: TokenKind; name: string; id: number }[] = [];
  /** Committed (and validated-but-not-yet-durable) counter values. */
  readonly counters = new Map<number, number>();
  nextNodeId = 0;
  nextRelId = 0;
  nextIndexId = 1;
  persistedNextNodeId = 0;
  persistedNextRelId = 0;
  persistedNextIndexId = 1;
  /** Sequence of the last commit that wrote to this database. */
  lastCommitSeq = 0;
  indexes: readonly IndexDef[] = [];
  /** Bumped whenever indexes change, so cached plans can be invalidated. */
  schemaVersion = 0;
  /** The plan-cache signature of the schema at `schemaVersion` (computed on first use). */
  planSignature: { readonly version: number; readonly sig: string } | undefined = undefined;
  /** Conflict detection: key -> commit sequence of its last committed write / shared lock. */
  readonly recentWrites = new Map<string, number>();
  readonly recentShared = new Map<string, number>();
  private pruneAt = 4096;
  dropped = false;

  private constructor(
    readonly id: number,
    readonly uuid: string,
    readonly prefix: DbPrefix,
  ) {}

  /** Loads a database's bookkeeping from a snapshot of the latest committed state. */
  static async load(id: number, uuid: string, prefix: DbPrefix, snap: KvSnapshot): Promise<DatabaseState> {
    const s = new DatabaseState(id, uuid, prefix);
    const [meta, tokens, counters, schema] = await Promise.all([
      readAll(snap, Keys.tagRange(prefix, Tag.Meta)),
      readAll(snap, Keys.tagRange(prefix, Tag.Token)),
      readAll(snap, Keys.tagRange(prefix, Tag.Counter)),
      readAll(snap, Keys.tagRange(prefix, Tag.Schema)),
    ]);
    for (const [k, v] of meta) {
      const name = k.subarray(5).toString('latin1');
      const n = Number(v.readBigInt64BE(0));
      if (name === 'nextNodeId') s.nextNodeId = n;
      else if (name === 'nextRelId') s.nextRelId = n;
      else if (name === 'nextIndexId') s.nextIndexId = n;
    }
    s.persistedNextNodeId = s.nextNodeId;
    s.persistedNextRelId = s.nextRelId;
    s.persistedNextIndexId = s.nextIndexId;
    for (const [k, v] of tokens) {
      const kind = k[5] as TokenKind;
      const name = k.subarray(6).toString('utf8');
      s.setToken(kind, name, v.readUInt32BE(0));
    }
    for (const [k, v] of counters) {
      s.counters.set(counterId(k[5] as CounterKind, k.readUInt32BE(6)), Number(v.readBigInt64BE(0)));
    }
    s.indexes = schema.map(([, v]) => JSON.parse(v.toString('utf8')) as IndexDef);
    return s;
  }

  private setToken(kind: TokenKind, name: string, id: number): void {
    this.tokenIds[kind].set(name, id);
    this.tokenNames[kind][id] = name;
  }

  /** The id of a token, or undefined if no such name was ever used in this database. */
  tokenId(kind: TokenKind, name: string): number | undefined {
    return this.tokenIds[kind].get(name);
  }

  /** The id of a token, allocating one if new. New tokens are persisted by the next commit. */
  internToken(kind: TokenKind, name: string): number {
    const known = this.tokenIds[kind].get(name);
    if (known !== undefined) return known;
    const id = this.tokenNames[kind].length;
    this.setToken(kind, name, id);
    this.unpersistedTokens.push({ kind, name, id });
    return id;
  }

  tokenName(kind: TokenKind, id: number): string {
    const n = this.tokenNames[kind][id];
    if (n === undefined) throw quiverError('CorruptRecord', `database ${this.id}: unknown token ${kind}/${id}`);
    return n;
  }

  /** All token names of a kind (for db.labels() and friends). */
  tokens(kind: TokenKind): readonly string[] {
    return this.tokenNames[kind];
  }

  counter(kind: CounterKind, token = 0): number {
    return this.counters.get(counterId(kind, token)) ?? 0;
  }

  allocateNodeId(): number {
    return this.nextNodeId++;
  }

  allocateRelId(): number {
    return this.nextRelId++;
  }

  /** Conflict check for a committing transaction; throws a transient error on conflict. */
  checkConflicts(snapshotSeq: number, writes: Iterable<string>, shared: Iterable<string>): void {
    for (const k of writes) {
      const w = this.recentWrites.get(k);
      const s = this.recentShared.get(k);
      if ((w !== undefined && w > snapshotSeq) || (s !== undefined && s > snapshotSeq)) throw conflict(this.id);
    }
    for (const k of shared) {
      const w = this.recentWrites.get(k);
      if (w !== undefined && w > snapshotSeq) throw conflict(this.id);
    }
  }

  /** Forgets every recorded write: called once no running transaction can conflict with them. */
  clearConflicts(): void {
    this.recentWrites.clear();
    this.recentShared.clear();
    this.pruneAt = 4096;
  }

  recordCommit(seq: number, writes: Iterable<string>, shared: Iterable<string>, oldestActive: () => number): void {
    for (const k of writes) this.recentWrites.set(k, seq);
    for (const k of shared) this.recentShared.set(k, seq);
    if (this.recentWrites.size + this.recentShared.size > this.pruneAt) {
      const horizon = oldestActive();
      for (const [k, s] of this.recentWrites) if (s <= horizon) this.recentWrites.delete(k);
      for (const [k, s] of this.recentShared) if (s <= horizon) this.recentShared.delete(k);
      this.pruneAt = Math.max(4096, 2 * (this.recentWrites.size + this.recentShared.size));
    }
  }
}

function conflict(dbId: number): Error {
  return quiverError(
    'TransactionConflict',
    `Transaction conflict in database ${dbId}: another transaction committed a write to the same data after this one started. Retry the transaction.`,
  );
}

async function readAll(snap: KvSnapshot, [gte, lt]: [Buffer, Buffer]): Promise<[Buffer, Buffer][]> {
  const it = snap.iterator({ gte, lt });
  try {
    const out: [Buffer, Buffer][] = [];
    for (;;) {
      const b = await it.nextv(1000);
      if (b.length === 0) return out;
      out.push(...b);
    }
  } finally {
    await it.close();
  }
}
