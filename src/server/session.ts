// The protocol-neutral session API (DESIGN.md section 1): Bolt, HTTP and gRPC translate their wire
// formats into these calls and never parse Cypher or touch storage. The front end has already
// authenticated the principal and resolved the database name through the catalog (aliases
// included), so `database` is always a canonical, existing name.
import { quiverError } from '../errors.js';
import type { CypherMap, Value } from '../values/types.js';

/** Who is asking. Always known: `--auth none` gives an anonymous admin. */
export interface Principal {
  readonly username: string;
  readonly roles: readonly string[];
  /** False only under `--auth none`. */
  readonly authenticated: boolean;
}

export type AccessMode = 'read' | 'write';

/** Client-side notification filtering (Neo4j 5.7+); the engine leaves out what is filtered. */
export interface NotificationFilter {
  /** 'OFF' disables all notifications. */
  readonly minimumSeverity?: 'OFF' | 'WARNING' | 'INFORMATION';
  /** Categories (Bolt 5.2–5.4) or GQL classifications (5.5+) not to report, e.g. 'PERFORMANCE'. */
  readonly disabledCategories?: readonly string[];
}

/** Everything that configures a transaction (explicit or the implicit one of an auto-commit query). */
export interface TxConfig {
  /** Canonical database name, resolved by the front end (never an alias, never null). */
  readonly database: string;
  readonly mode: AccessMode;
  /** Bookmarks the transaction must see (causal chaining). */
  readonly bookmarks: readonly string[];
  /** Transaction timeout in ms; undefined = the database's default. */
  readonly txTimeoutMs?: number;
  /** User metadata attached to the transaction (`tx_metadata`), shown in SHOW TRANSACTIONS. */
  readonly metadata?: CypherMap;
  /** Impersonated user (`imp_user`), checked by the engine against the principal's privileges. */
  readonly impersonatedUser?: string;
  /** Which notifications the client wants (Bolt HELLO/BEGIN/RUN filters); undefined = all. */
  readonly notificationFilter?: NotificationFilter;
  /** Aborted on Bolt RESET, a closed connection, or server shutdown. */
  readonly signal?: AbortSignal;
}

/** One query. */
export interface RunRequest extends TxConfig {
  readonly query: string;
  readonly parameters: ReadonlyMap<string, Value>;
}

/** Summary counters; omitted keys are 0/false. Names follow Neo4j's (camelCase here; wire formats rename). */
export interface QueryStats {
  readonly nodesCreated?: number;
  readonly nodesDeleted?: number;
  readonly relationshipsCreated?: number;
  readonly relationshipsDeleted?: number;
  readonly propertiesSet?: number;
  readonly labelsAdded?: number;
  readonly labelsRemoved?: number;
  readonly indexesAdded?: number;
  readonly indexesRemoved?: number;
  readonly constraintsAdded?: number;
  readonly constraintsRemoved?: number;
  readonly systemUpdates?: number;
  readonly containsUpdates?: boolean;
  readonly containsSystemUpdates?: boolean;
}

/** A plan (EXPLAIN) or profile (PROFILE) tree. */
export interface PlanNode {
  readonly operatorType: string;
  readonly identifiers: readonly string[];
  readonly args: CypherMap;
  readonly children: readonly PlanNode[];
  /** PROFILE only. */
  readonly dbHits?: number;
  readonly rows?: number;
  readonly time?: number;
}

export interface Notification {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly severity: 'WARNING' | 'INFORMATION';
  readonly category: string;
  readonly gqlStatus?: string;
  readonly position?: { readonly offset: number; readonly line: number; readonly column: number };
}

export interface ResultSummary {
  /** r = read only, w = write only, rw = read/write, s = schema/administration. */
  readonly queryType: 'r' | 'w' | 'rw' | 's';
  readonly database: string;
  readonly stats: QueryStats;
  readonly plan?: PlanNode;
  readonly profile?: PlanNode;
  readonly notifications: readonly Notification[];
  /** Auto-commit queries only: the bookmark of the commit. */
  readonly bookmark?: string;
}

/** One batch from `next`. `done` = no rows remain (the summary is then available). */
export interface ResultBatch {
  readonly rows: readonly (readonly Value[])[];
  readonly done: boolean;
}

/**
 * A streaming result. Rows are produced on demand (Bolt PULL n), so a huge result never sits in
 * memory. For an auto-commit query, the transaction commits when the last row has been pulled or
 * the rest discarded; errors then surface from `next`/`discard`.
 */
export interface QueryResult {
  readonly fields: readonly string[];
  /** Up to `max` rows (max > 0). */
  next(max: number): Promise<ResultBatch>;
  /** Skips the remaining rows (running the query to completion, committing an auto-commit query). */
  discard(): Promise<ResultSummary>;
  /** Valid once `next` has returned done (or after `discard`). */
  summary(): Promise<ResultSummary>;
  /** Aborts the query (RESET, closed connection); an auto-commit transaction is rolled back. Never throws. */
  cancel(): Promise<void>;
}

/** An explicit transaction (Bolt BEGIN, HTTP POST /tx). */
export interface EngineTransaction {
  readonly database: string;
  /** Runs a query inside the transaction; earlier results need not be consumed first. */
  run(query: string, parameters: ReadonlyMap<string, Value>): Promise<QueryResult>;
  /** Commits; resolves to the bookmark of the commit. */
  commit(): Promise<{ readonly bookmark: string }>;
  /** Rolls back. Never throws; idempotent. */
  rollback(): Promise<void>;
}

/** The one entry point the protocol front ends call. */
export interface QueryEngine {
  /** Runs an auto-commit query. */
  run(principal: Principal, request: RunRequest): Promise<QueryResult>;
  /** Opens an explicit transaction. */
  begin(principal: Principal, config: TxConfig): Promise<EngineTransaction>;
  /** Called once at shutdown, after every connection has closed. */
  close(): Promise<void>;
}

/** Stands in until the Cypher engine (issue 4) lands: every RUN and BEGIN fails with a clear error. */
export class UnavailableEngine implements QueryEngine {
  async run(_principal: Principal, _request: RunRequest): Promise<QueryResult> {
    throw unavailable();
  }

  async begin(_principal: Principal, _config: TxConfig): Promise<EngineTransaction> {
    throw unavailable();
  }

  async close(): Promise<void> {}
}

function unavailable() {
  return quiverError('EngineUnavailable', 'The Cypher engine is not part of this build yet; queries cannot run.');
}
