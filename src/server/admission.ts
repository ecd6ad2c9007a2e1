// Per-query enforcement of a database's limits on the server path (DESIGN.md section 6), used by
// LocalEngine for every query that Bolt and HTTP run. One guard per query:
//
// - on admission — after the statement is prepared, so its database (after a leading USE) and its
//   query type are known, and before anything of it runs — it checks that only administrators
//   change limits, takes a slot of max_concurrent_queries and tokens of max_queries_per_second and
//   (for writes) max_writes_per_second, arms max_query_time and hands the engine
//   max_transaction_memory;
// - while streaming it counts rows against max_results;
// - at the end (last row and commit, failure, cancel) it frees the slot and the timer.
//
// A write is a statement whose planned query type is not read-only ('w', 'rw', or a schema or
// administration command other than SHOW), unless it is only EXPLAINed. The plan is cached, so
// knowing this before running costs a cache lookup, not a second planning.
import type { Admission, RunOptions } from '../api-types.js';
import type { DatabaseMeter, DatabaseRef, UsageMeter } from '../dbms/index.js';
import { limitError } from '../dbms/index.js';
import { isQuiverError, quiverError } from '../errors.js';
import type { Principal } from './session.js';

export class QueryGuard {
  private meter: DatabaseMeter | null = null;
  private ref: DatabaseRef | null = null;
  private rows = 0;
  private maxRows = Infinity;
  private maxMemory: number | undefined = undefined;
  private timer: NodeJS.Timeout | undefined = undefined;
  private unlink: (() => void) | undefined = undefined;

  constructor(
    private readonly usage: UsageMeter,
    private readonly principal: Principal,
    private readonly signal: AbortSignal,
  ) {}

  /** The engine's admission hook (RunOptions.admit). */
  readonly admit = (a: Admission): Pick<RunOptions, 'signal' | 'maxTransactionMemory'> | undefined => {
    // Who may change limits (LIMIT MANAGEMENT) is checked before admission, with every other
    // privilege (src/dbms/security/authorize.ts).
    const cmd = a.command;
    const ref = a.database;
    if (ref.type === 'system') return undefined;
    const write = !a.explain && (a.queryType === 'w' || a.queryType === 'rw' || (cmd !== null && !cmd.kind.startsWith('Show')));
    this.meter = this.usage.enter(ref, write, this.principal.username);
    this.ref = ref;
    const l = ref.limits;
    if (l.max_results !== undefined) this.maxRows = l.max_results;
    this.maxMemory = l.max_transaction_memory;
    const qt = l.max_query_time;
    if (qt === undefined) return this.maxMemory === undefined ? undefined : { maxTransactionMemory: this.maxMemory };
    return { signal: this.armTimeout(ref, qt), ...(this.maxMemory === undefined ? {} : { maxTransactionMemory: this.maxMemory }) };
  };

  /** A signal that aborts with the caller's or after `ms` (TransactionTimedOut naming the limit). */
  private armTimeout(ref: DatabaseRef, ms: number): AbortSignal {
    const ctl = new AbortController();
    const outer = this.signal;
    const onAbort = (): void => ctl.abort(outer.reason);
    if (outer.aborted) onAbort();
    else outer.addEventListener('abort', onAbort, { once: true });
    this.unlink = () => outer.removeEventListener('abort', onAbort);
    const t0 = performance.now();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const elapsed = Math.round(performance.now() - t0);
      const e = limitError('TransactionTimedOut', ref.name, 'max_query_time', ms, `${elapsed} ms elapsed`, 'the query ran too long; it was cancelled and its transaction rolled back');
      ctl.abort(this.usage.reject(ref.name, 'max_query_time', ms, elapsed, e, this.principal.username));
    }, ms);
    return ctl.signal;
  }

  /** Counts streamed rows; fails the query (never truncates) past max_results. */
  countRows(n: number): void {
    this.rows += n;
    if (this.rows > this.maxRows) {
      const ref = this.ref!;
      const max = this.maxRows;
      const e = limitError(
        'ResultLimitExceeded',
        ref.name,
        'max_results',
        max,
        `at least ${this.rows} rows`,
        'the query returned more rows than allowed and was failed (results are never truncated); its transaction is rolled back',
      );
      this.maxRows = Infinity; // report once
      throw this.usage.reject(ref.name, 'max_results', max, this.rows, e, this.principal.username);
    }
  }

  /** Names the database and its limit in the engine's out-of-memory error (and counts it). */
  mapError(e: unknown): unknown {
    if (this.maxMemory === undefined || this.ref === null || !isQuiverError(e, 'TransactionOutOfMemory') || e.message.startsWith('Database ')) return e;
    const ref = this.ref;
    const detail = e.message.replace(/\.?\s*maxTransactionMemory threshold reached\.?\s*$/, '');
    const mapped = limitError('TransactionOutOfMemory', ref.name, 'max_transaction_memory', this.maxMemory, detail, 'the query needed more memory than allowed and was failed; its transaction is rolled back');
    return this.usage.reject(ref.name, 'max_transaction_memory', this.maxMemory, null, mapped, this.principal.username);
  }

  /** The query is over (done, failed or cancelled): frees its slot and timer. Idempotent. */
  end(): void {
    if (this.meter !== null) {
      this.usage.leave(this.meter);
      this.meter = null;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.unlink?.();
    this.unlink = undefined;
  }
}
