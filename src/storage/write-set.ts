// A transaction's local writes, kept sorted so that its own range scans see them merged into the
// snapshot in key order. Keys are held as latin1 strings: one char per byte, so JavaScript string
// order equals byte order and the B+ tree compares with plain `<`.
import { createRequire } from 'node:module';

import type { KvIterator, KvSnapshot } from './kv.js';

// sorted-btree ships CommonJS whose default export does not survive ESM interop under NodeNext.
// The slice of its API used here.
interface BTreeType<K, V> {
  readonly size: number;
  get(k: K): V | undefined;
  set(k: K, v: V): boolean;
  forRange(low: K, high: K, includeHigh: boolean, onFound: (k: K, v: V) => void): number;
  values(): IterableIterator<V>;
  clear(): void;
}
const BTree = (createRequire(import.meta.url)('sorted-btree') as { default: new <K, V>() => BTreeType<K, V> }).default;

export interface WriteEntry {
  readonly key: Buffer;
  /** null = deleted. */
  readonly value: Buffer | null;
  /** Size of the key + value before this transaction (0 = absent), or -1 if not yet known. */
  readonly before: number;
}

export function toKeyString(k: Uint8Array): string {
  return (k as Buffer).toString('latin1');
}

export class WriteSet {
  /** Every write, by key; iteration order is insertion order (what a commit batch needs). */
  private readonly map = new Map<string, WriteEntry>();
  /**
   * A sorted index of the keys, built only when a range read needs one: bulk writes that are never
   * range-read (imports) skip the tree entirely. Keys added since the last range read wait in
   * `unsorted` and are folded in on the next one.
   */
  private tree: BTreeType<string, true> | null = null;
  private unsorted: string[] = [];
  /**
   * Writes of keys that cannot exist yet (they hold ids this transaction allocated): kept in a
   * plain array, without the map's string keys, until something reads the write set — bulk
   * creation followed by commit never pays for the map.
   */
  private fresh: WriteEntry[] = [];
  /** Counts puts, so a caller can tell whether a failed operation had staged anything. */
  puts = 0;
  /** Entries whose pre-transaction size is not known yet (resolved at commit). */
  unknownSizes = 0;
  /** Bytes of the fresh writes per database id (they count toward storage size in full). */
  private readonly freshBytes = new Map<number, number>();

  get size(): number {
    return this.map.size + this.fresh.length;
  }

  /** Records a write of a key known not to exist before this transaction nor in this write set. */
  putFresh(key: Buffer, value: Buffer): void {
    this.fresh.push({ key, value, before: 0 });
    this.puts++;
    const db = key.readUInt32BE(0);
    if (db === this.lastDb) this.lastDbBytes += key.length + value.length;
    else {
      this.flushDbBytes();
      this.lastDb = db;
      this.lastDbBytes = key.length + value.length;
    }
  }

  // Fresh bytes of the database written most recently, folded into freshBytes when it changes.
  private lastDb = -1;
  private lastDbBytes = 0;

  private flushDbBytes(): void {
    if (this.lastDb >= 0) this.freshBytes.set(this.lastDb, (this.freshBytes.get(this.lastDb) ?? 0) + this.lastDbBytes);
    this.lastDb = -1;
    this.lastDbBytes = 0;
  }

  /** Bytes of the fresh writes per database id. */
  freshBytesByDb(): Map<number, number> {
    this.flushDbBytes();
    return this.freshBytes;
  }

  /** Map entries only (not the fresh ones, whose sizes are in freshBytes). */
  mapEntries(): IterableIterator<WriteEntry> {
    return this.map.values();
  }

  /** Moves fresh writes into the map (before any read, or any write that may revisit a key). */
  private fold(): void {
    if (this.fresh.length === 0) return;
    for (const e of this.fresh) {
      const ks = toKeyString(e.key);
      this.map.set(ks, e);
      this.unsorted.push(ks);
    }
    this.fresh = [];
    this.freshBytes.clear();
    this.lastDb = -1;
    this.lastDbBytes = 0;
  }

  /**
   * Records a write. `before` is the size the key had in the snapshot (key + value bytes, 0 if the
   * key did not exist), when the caller knows it; the first write of a key fixes it.
   */
  put(key: Buffer, value: Buffer | null, before: number): void {
    this.fold();
    const ks = toKeyString(key);
    const prev = this.map.get(ks);
    if (prev === undefined) {
      this.map.set(ks, { key, value, before });
      this.unsorted.push(ks);
      if (before < 0) this.unknownSizes++;
    } else {
      this.map.set(ks, { key, value, before: prev.before });
    }
    this.puts++;
  }

  /** Fixes the pre-transaction size of a key whose size was unknown when it was written. */
  setBefore(key: Buffer, before: number): void {
    this.fold();
    const ks = toKeyString(key);
    const e = this.map.get(ks);
    if (e !== undefined) {
      if (e.before < 0 && before >= 0) this.unknownSizes--;
      this.map.set(ks, { key: e.key, value: e.value, before });
    }
  }

  get(key: Buffer): WriteEntry | undefined {
    this.fold();
    return this.map.get(toKeyString(key));
  }

  /** Entries with gte <= key < lt, in key order. */
  range(gte: Buffer, lt: Buffer): WriteEntry[] {
    this.fold();
    const tree = this.sorted();
    const out: WriteEntry[] = [];
    tree.forRange(toKeyString(gte), toKeyString(lt), false, (k: string) => {
      out.push(this.map.get(k)!);
    });
    return out;
  }

  /** All entries (those in the map, then the fresh ones). */
  *entries(): IterableIterator<WriteEntry> {
    yield* this.map.values();
    yield* this.fresh;
  }

  clear(): void {
    this.fresh = [];
    this.freshBytes.clear();
    this.lastDb = -1;
    this.lastDbBytes = 0;
    this.unknownSizes = 0;
    this.map.clear();
    this.tree = null;
    this.unsorted = [];
  }

  private sorted(): BTreeType<string, true> {
    if (this.tree === null) this.tree = new BTree<string, true>();
    if (this.unsorted.length > 0) {
      const t = this.tree;
      for (const k of this.unsorted) t.set(k, true);
      this.unsorted = [];
    }
    return this.tree;
  }
}

/**
 * Iterates [gte, lt) of a snapshot with a write set laid over it: the write set's puts appear,
 * its deletes hide snapshot entries, and the result stays in key order. Returns batches.
 */
export class MergedIterator {
  private readonly it: KvIterator;
  private pending: WriteEntry[];
  private pi = 0;
  private snapDone = false;

  constructor(
    snapshot: KvSnapshot,
    private readonly ws: WriteSet,
    private readonly gte: Buffer,
    private readonly lt: Buffer,
    keysOnly: boolean,
    private readonly batchSize = 1000,
  ) {
    this.it = snapshot.iterator({ gte, lt }, { keysOnly, highWaterMarkBytes: 1 << 20 });
    this.pending = ws.size === 0 ? [] : ws.range(gte, lt);
  }

  /** The next batch (possibly fewer than batchSize); an empty array at the end. */
  async next(): Promise<[Buffer, Buffer][]> {
    for (;;) {
      if (this.snapDone) return this.drainPending(Infinity);
      const got = await this.it.nextv(this.batchSize);
      if (got.length === 0) {
        this.snapDone = true;
        continue;
      }
      if (this.pending.length === this.pi) return got;
      const out = this.merge(got);
      if (out.length > 0) return out;
    }
  }

  private merge(got: [Buffer, Buffer][]): [Buffer, Buffer][] {
    const out: [Buffer, Buffer][] = [];
    const p = this.pending;
    for (const entry of got) {
      const ks = toKeyString(entry[0]);
      while (this.pi < p.length && toKeyString(p[this.pi]!.key) < ks) {
        const w = p[this.pi++]!;
        if (w.value !== null) out.push([w.key, w.value]);
      }
      if (this.pi < p.length && toKeyString(p[this.pi]!.key) === ks) {
        const w = p[this.pi++]!;
        if (w.value !== null) out.push([w.key, w.value]);
        continue;
      }
      out.push(entry);
    }
    return out;
  }

  private drainPending(max: number): [Buffer, Buffer][] {
    const out: [Buffer, Buffer][] = [];
    const p = this.pending;
    while (this.pi < p.length && out.length < max) {
      const w = p[this.pi++]!;
      if (w.value !== null) out.push([w.key, w.value]);
    }
    return out;
  }

  close(): Promise<void> {
    return this.it.close();
  }
}

/** Drains a merged range fully; for small ranges (adjacency of one node, index equality). */
export async function readRange(
  snapshot: KvSnapshot,
  ws: WriteSet,
  gte: Buffer,
  lt: Buffer,
  keysOnly: boolean,
  limit = Infinity,
): Promise<[Buffer, Buffer][]> {
  const it = new MergedIterator(snapshot, ws, gte, lt, keysOnly, limit === Infinity ? 256 : Math.min(limit, 1000));
  try {
    const out: [Buffer, Buffer][] = [];
    for (;;) {
      const b = await it.next();
      if (b.length === 0) return out;
      for (const e of b) {
        out.push(e);
        if (out.length >= limit) return out;
      }
    }
  } finally {
    // Not awaited: closing is another thread-pool hop that nothing here depends on; the
    // snapshot's owner closes it later, and LevelDB releases the iterator first.
    it.close().catch(() => {});
  }
}
