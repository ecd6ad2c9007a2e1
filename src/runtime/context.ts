// What a running statement carries: its transaction and graph handle, the entity cache, the
// parameters, the function context (statement clock), the update counters and the cancellation
// signal. One per statement execution.
import { Temporal } from 'temporal-polyfill';
import type { QueryStats } from '../api-types.js';
import { quiverError } from '../errors.js';
import type { GraphTx, Store, Transaction } from '../storage/index.js';
import type { Value } from '../values/types.js';
import { EntityCache } from './entities.js';
import type { FunctionContext } from './functions/registry.js';

export type Row = Value[];

export type MutableStats = { -readonly [K in keyof QueryStats]: QueryStats[K] };

export function emptyStats(): MutableStats {
  return {
    nodesCreated: 0,
    nodesDeleted: 0,
    relationshipsCreated: 0,
    relationshipsDeleted: 0,
    propertiesSet: 0,
    labelsAdded: 0,
    labelsRemoved: 0,
    indexesAdded: 0,
    indexesRemoved: 0,
    constraintsAdded: 0,
    constraintsRemoved: 0,
    systemUpdates: 0,
  };
}

/**
 * Bytes a statement holds in operators that materialise rows (sort, aggregation, DISTINCT, eager),
 * estimated per value, against a maximum: exceeding it fails the statement with
 * TransactionOutOfMemory rather than the process running out of heap.
 */
export class MemoryTracker {
  used = 0;
  peak = 0;

  constructor(readonly max: number = Infinity) {}

  allocate(bytes: number): void {
    const used = this.used + bytes;
    if (used > this.max) {
      throw quiverError(
        'TransactionOutOfMemory',
        `The allocation of an extra ${showBytes(bytes)} would use more than the limit ${showBytes(this.max)}. Currently using ${showBytes(this.used)}. maxTransactionMemory threshold reached`,
      );
    }
    this.used = used;
    if (used > this.peak) this.peak = used;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

function showBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}

/** A database a cross-database statement reads or writes besides its session's. */
export interface DatabaseBinding {
  /** Its canonical name (for messages and EXPLAIN). */
  readonly name: string;
  readonly graph: GraphTx;
  /** Writes to it fail with this error (a read-only database). */
  readonly denyWrites?: Error;
}

/** Rows per batch flowing between operators. */
export const BATCH = 512;

export class ExecContext {
  readonly cache: EntityCache;
  readonly stats: MutableStats = emptyStats();
  readonly fn: FunctionContext;
  /** Rows handed to the client so far (for max_results later). */
  produced = 0;
  /** Shared by every view of this context (see withGraph). */
  readonly memory: MemoryTracker;
  /** The session database's context: every view and per-database context reaches it. */
  readonly root: ExecContext;
  /** The session database's name, when known (EXPLAIN, messages). */
  sessionName = '';
  /** Contexts of the databases a cross-database statement names, by key (see DatabaseKey). */
  private readonly databases = new Map<string, ExecContext>();
  /** The same, by their entity caches (a value's database). */
  private readonly byCache = new Map<EntityCache, ExecContext>();
  /** PROFILE: wraps each graph handle an operator uses to count its storage calls. */
  private readonly wrap: ((g: GraphTx) => GraphTx) | undefined;

  constructor(
    readonly store: Store,
    readonly tx: Transaction,
    readonly graph: GraphTx,
    readonly params: ReadonlyMap<string, Value>,
    readonly signal: AbortSignal | undefined,
    opts: { timeZone?: string; random?: () => number; maxMemory?: number } = {},
  ) {
    this.cache = new EntityCache(graph);
    this.root = this;
    this.memory = new MemoryTracker(opts.maxMemory ?? Infinity);
    this.fn = {
      statementInstant: Temporal.Now.instant(),
      defaultTimeZone: opts.timeZone ?? 'UTC',
      random: opts.random ?? Math.random,
    };
  }

  /**
   * This context seen through another graph handle (PROFILE gives each operator a counting one).
   * Everything else — cache, stats, memory, parameters — is shared with this context.
   */
  withGraph(graph: GraphTx, wrap?: (g: GraphTx) => GraphTx): ExecContext {
    const view = Object.create(this) as ExecContext;
    Object.defineProperty(view, 'graph', { value: graph });
    if (wrap !== undefined) Object.defineProperty(view, 'wrap', { value: wrap });
    return view;
  }

  /**
   * Adds a database of a cross-database statement under `key` (before it runs). Keys that name
   * the same database share one context, so its entities are the same values whichever name
   * reached them; the session database is the root context itself.
   */
  bindDatabase(key: string, b: DatabaseBinding): void {
    const root = this.root;
    if (b.graph.dbId === root.graph.dbId) {
      root.databases.set(key, root);
      if (b.denyWrites !== undefined) root.cache.denyWrites = b.denyWrites;
      return;
    }
    for (const c of root.databases.values()) {
      if (c.graph.dbId === b.graph.dbId) {
        root.databases.set(key, c);
        return;
      }
    }
    const view = Object.create(root) as ExecContext;
    const cache = new EntityCache(b.graph);
    if (b.denyWrites !== undefined) cache.denyWrites = b.denyWrites;
    cache.databaseName = b.name;
    Object.defineProperty(view, 'graph', { value: b.graph });
    Object.defineProperty(view, 'cache', { value: cache });
    root.databases.set(key, view);
    root.byCache.set(cache, view);
  }

  /** The context of the database bound under `key` ('' = the session database). */
  on(key: string): ExecContext {
    const base = key === '' ? this.root : this.root.databases.get(key);
    if (base === undefined) throw new Error(`internal: database ${key} is not bound`);
    return this.wrap === undefined ? base : base.withGraph(this.wrap(base.graph), this.wrap);
  }

  /** The context of the database an entity value came from (its cache). */
  ofCache(cache: EntityCache): ExecContext {
    if (cache === this.cache) return this;
    const base = cache === this.root.cache ? this.root : this.root.byCache.get(cache);
    if (base === undefined) return this;
    return this.wrap === undefined ? base : base.withGraph(this.wrap(base.graph), this.wrap);
  }

  /** Every database context of the statement, the session's first. */
  allDatabases(): ExecContext[] {
    return [this.root, ...this.root.byCache.values()];
  }

  param(name: string): Value {
    const v = this.params.get(name);
    if (v === undefined) throw quiverError('ParameterMissing', `Expected parameter(s): ${name}`);
    return v;
  }

  private lastYield = performance.now();

  /**
   * Called between batches: every few milliseconds it yields to the event loop, so that a long
   * CPU-bound query lets other connections, timers and cancellation run; then checks cancellation.
   */
  async tick(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield > 5) {
      await new Promise<void>((r) => setImmediate(r));
      this.lastYield = performance.now();
    }
    this.checkCancelled();
  }

  /** Throws if the statement was cancelled (timeout, RESET, closed connection). */
  checkCancelled(): void {
    if (this.signal?.aborted) {
      const reason = this.signal.reason;
      throw reason instanceof Error ? reason : quiverError('TransactionTerminated', 'The query was cancelled.');
    }
  }
}
