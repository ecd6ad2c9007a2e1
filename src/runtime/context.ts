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

  constructor(
    readonly store: Store,
    readonly tx: Transaction,
    readonly graph: GraphTx,
    readonly params: ReadonlyMap<string, Value>,
    readonly signal: AbortSignal | undefined,
    opts: { timeZone?: string; random?: () => number; maxMemory?: number } = {},
  ) {
    this.cache = new EntityCache(graph);
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
  withGraph(graph: GraphTx): ExecContext {
    const view = Object.create(this) as ExecContext;
    Object.defineProperty(view, 'graph', { value: graph });
    return view;
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
