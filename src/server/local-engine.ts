// The server's QueryEngine over the in-process API: what Bolt (and later HTTP and gRPC) call to run
// Cypher. Auto-commit queries commit when their last row is pulled; explicit transactions hold one
// storage transaction across queries; timeouts and cancellation abort through one signal. Every
// query passes a QueryGuard (admission.ts): the per-database limits checked on admission and while
// it runs.
import type { ResultStream } from '../api-types.js';
import { isQuiverError, quiverError } from '../errors.js';
import type { QuiverDB } from '../index.js';
import type { Transaction } from '../storage/index.js';
import type { Value } from '../values/types.js';
import { QueryGuard } from './admission.js';
import type { EngineTransaction, Principal, QueryEngine, QueryResult, ResultSummary, RunRequest, TxConfig } from './session.js';

let bookmarkSeq = 0;
function bookmark(): string {
  return `quiver:${Date.now().toString(36)}:${(bookmarkSeq++).toString(36)}`;
}

const NO_SIGNAL = new AbortController().signal;

/**
 * A signal that aborts on the caller's signal or after the transaction timeout. Without a timeout
 * the caller's signal is used as it is: a controller and a listener per query cost more than a
 * `RETURN 1` does.
 */
function txSignal(config: TxConfig): { signal: AbortSignal; dispose: () => void } {
  if (config.txTimeoutMs === undefined || config.txTimeoutMs <= 0) return { signal: config.signal ?? NO_SIGNAL, dispose: noop };
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort(config.signal?.reason ?? quiverError('TransactionTerminated', 'The transaction was terminated.'));
  config.signal?.addEventListener('abort', onAbort, { once: true });
  if (config.signal?.aborted) onAbort();
  const timer = setTimeout(
    () => ctl.abort(quiverError('TransactionTimedOut', `The transaction has not completed within the timeout specified at its start by the client (${config.txTimeoutMs} ms).`)),
    config.txTimeoutMs,
  );
  return {
    signal: ctl.signal,
    dispose: () => {
      clearTimeout(timer);
      config.signal?.removeEventListener('abort', onAbort);
    },
  };
}

function noop(): void {}

/** Privileges are checked for authenticated principals; `--auth none` allows everything. */
function userOf(p: Principal): { user?: string } {
  return p.authenticated ? { user: p.username } : {};
}

function toSummary(s: Awaited<ReturnType<ResultStream['summary']>>, database: string, bm?: string): ResultSummary {
  const st = s.stats;
  let containsUpdates = false;
  for (const k in st) {
    if (k !== 'systemUpdates' && (st as unknown as Record<string, number>)[k]! > 0) {
      containsUpdates = true;
      break;
    }
  }
  return {
    queryType: s.queryType,
    database,
    stats: { ...st, containsUpdates, containsSystemUpdates: st.systemUpdates > 0 },
    // PROFILE plans carry actual rows; Bolt sends those as `profile`, EXPLAIN plans as `plan`.
    ...(s.plan ? (s.plan.rows !== undefined ? { profile: toPlanNode(s.plan) } : { plan: toPlanNode(s.plan) }) : {}),
    notifications: [],
    ...(bm ? { bookmark: bm } : {}),
  };
}

function toPlanNode(p: NonNullable<Awaited<ReturnType<ResultStream['summary']>>['plan']>): NonNullable<ResultSummary['plan']> {
  return {
    operatorType: p.operatorType,
    identifiers: p.identifiers,
    args: new Map(Object.entries(p.arguments)),
    children: p.children.map(toPlanNode),
    ...(p.rows !== undefined ? { rows: p.rows } : {}),
    ...(p.dbHits !== undefined ? { dbHits: p.dbHits } : {}),
  };
}

/**
 * Wraps a stream as a QueryResult. `onDone` commits (auto-commit) and may return a bookmark;
 * `onFail` rolls back. The guard counts rows (max_results) and names limits in errors.
 */
function wrap(
  stream: ResultStream & { database: string },
  guard: QueryGuard,
  onDone: () => Promise<string | undefined>,
  onFail: (e: unknown) => Promise<void>,
): QueryResult {
  let summary: ResultSummary | null = null;
  let failed: unknown = null;
  const finish = async (): Promise<ResultSummary> => {
    if (summary) return summary;
    try {
      const s = await stream.summary();
      const bm = await onDone();
      summary = toSummary(s, stream.database, bm);
      return summary;
    } catch (e) {
      failed = guard.mapError(e);
      await onFail(failed);
      throw failed;
    }
  };
  return {
    fields: stream.columns,
    async next(max) {
      if (failed) throw failed;
      if (summary) return { rows: [], done: true };
      // A stream may return fewer rows than asked without being exhausted (operators work in
      // batches of their own); only an empty batch means the end.
      let rows: (readonly Value[])[] = [];
      let done = false;
      try {
        while (rows.length < max) {
          const batch = await stream.next(max - rows.length);
          if (batch.length === 0) {
            done = true;
            break;
          }
          guard.countRows(batch.length);
          if (rows.length === 0) rows = batch;
          else for (const r of batch) rows.push(r);
        }
      } catch (e) {
        failed = guard.mapError(e);
        await onFail(failed);
        throw failed;
      }
      if (done) await finish();
      return { rows, done };
    },
    async discard() {
      return finish();
    },
    async summary() {
      return finish();
    },
    async cancel() {
      if (summary) return;
      failed = quiverError('TransactionTerminated', 'The query was cancelled.');
      await stream.cancel().catch(() => {});
      await onFail(failed).catch(() => {});
    },
  };
}

/**
 * Query text fit for the audit log: every string literal masked (`CREATE USER x SET PASSWORD
 * 'secret'` must not leave its password there); parameters are never logged at all.
 */
export function maskLiterals(query: string): string {
  const masked = query.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "'******'");
  return masked.length > 2000 ? `${masked.slice(0, 2000)}…` : masked;
}

/** What the audit log records of a statement: administration commands and cross-database queries. */
function auditStatement(audit: AuditSink | undefined, principal: Principal, stream: { database: string; databases: readonly string[]; queryType?: string }, query: string, admin: boolean): void {
  if (audit === undefined) return;
  if (stream.databases.length > 1) {
    audit({ event: 'cross_database_query', user: principal.username, database: stream.database, databases: [...stream.databases], query: maskLiterals(query) });
  } else if (admin) {
    audit({ event: 'admin_command', user: principal.username, database: stream.database, query: maskLiterals(query) });
  }
}

/** Receives audit events (the server's audit log). */
export type AuditSink = (e: { readonly event: string; readonly [field: string]: unknown }) => void;

/** Commands that change databases, aliases, users, roles, privileges or limits (schema commands are not audited). */
const ADMIN_COMMAND =
  /^\s*(?:(?:CREATE|DROP|ALTER)\s+(?:OR\s+REPLACE\s+)?(?:DATABASE|ALIAS|USER|ROLE|CURRENT\s+USER)|GRANT|DENY|REVOKE|START\s+DATABASE|STOP\s+DATABASE|UNDROP|RENAME\s+(?:DATABASE|USER|ROLE))\b/i;

function isAdminCommand(query: string): boolean {
  return ADMIN_COMMAND.test(query);
}

export class LocalEngine implements QueryEngine {
  constructor(
    private readonly db: QuiverDB,
    private readonly audit?: AuditSink,
  ) {}

  async run(principal: Principal, request: RunRequest): Promise<QueryResult> {
    const tx = this.db.store.begin({ readOnly: request.mode === 'read' });
    const { signal, dispose } = txSignal(request);
    const guard = new QueryGuard(this.db.catalog.meter, principal, signal);
    let stream: ResultStream & { database: string };
    try {
      stream = await this.db.runIn(tx, request.database, request.query, request.parameters, { mode: request.mode, signal, admit: guard.admit, ...userOf(principal) });
      auditStatement(this.audit, principal, stream as typeof stream & { databases: readonly string[] }, request.query, isAdminCommand(request.query));
    } catch (e) {
      guard.end();
      dispose();
      await tx.rollback();
      throw guard.mapError(e);
    }
    return wrap(
      stream,
      guard,
      async () => {
        dispose();
        try {
          await tx.commit();
        } finally {
          guard.end();
        }
        return bookmark();
      },
      async () => {
        guard.end();
        dispose();
        await tx.rollback();
      },
    );
  }

  async begin(principal: Principal, config: TxConfig): Promise<EngineTransaction> {
    this.db.catalog.resolve(config.database);
    const tx: Transaction = this.db.store.begin({ readOnly: config.mode === 'read' });
    const { signal, dispose } = txSignal(config);
    const db = this.db;
    const audit = this.audit;
    return {
      database: config.database,
      async run(query, parameters) {
        const guard = new QueryGuard(db.catalog.meter, principal, signal);
        let stream: ResultStream & { database: string };
        try {
          stream = await db.runIn(tx, config.database, query, parameters, { mode: config.mode, signal, admit: guard.admit, ...userOf(principal) });
          auditStatement(audit, principal, stream as typeof stream & { databases: readonly string[] }, query, isAdminCommand(query));
        } catch (e) {
          guard.end();
          const err = guard.mapError(e);
          if (isQuiverError(err) && err.phase === 'runtime') tx.markFailed(err);
          throw err;
        }
        return wrap(
          stream,
          guard,
          async () => {
            guard.end();
            return undefined;
          },
          async (e) => {
            guard.end();
            tx.markFailed(e);
          },
        );
      },
      async commit() {
        dispose();
        if (signal.aborted) {
          await tx.rollback();
          throw signal.reason;
        }
        await tx.commit();
        return { bookmark: bookmark() };
      },
      async rollback() {
        dispose();
        await tx.rollback();
      },
    };
  }

  async close(): Promise<void> {
    // The store is closed by the server.
  }
}
