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

/** Rows per batch flowing between operators. */
export const BATCH = 512;

export class ExecContext {
  readonly cache: EntityCache;
  readonly stats: MutableStats = emptyStats();
  readonly fn: FunctionContext;
  /** Rows handed to the client so far (for max_results later). */
  produced = 0;

  constructor(
    readonly store: Store,
    readonly tx: Transaction,
    readonly graph: GraphTx,
    readonly params: ReadonlyMap<string, Value>,
    readonly signal: AbortSignal | undefined,
    opts: { timeZone?: string; random?: () => number } = {},
  ) {
    this.cache = new EntityCache(graph);
    this.fn = {
      statementInstant: Temporal.Now.instant(),
      defaultTimeZone: opts.timeZone ?? 'UTC',
      random: opts.random ?? Math.random,
    };
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
