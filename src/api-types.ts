// The in-process API's types: what the servers, the tests, the TCK runner and the benchmarks use
// to run Cypher without a network (`import { open } from 'quiverdb'`). See src/index.ts.
import type { Statement } from './cypher/index.js';
import type { DatabaseRef } from './dbms/catalog.js';
import type { Value } from './values/types.js';

/** Counters of what a query changed, as Neo4j reports them. */
export interface QueryStats {
  readonly nodesCreated: number;
  readonly nodesDeleted: number;
  readonly relationshipsCreated: number;
  readonly relationshipsDeleted: number;
  readonly propertiesSet: number;
  readonly labelsAdded: number;
  readonly labelsRemoved: number;
  readonly indexesAdded: number;
  readonly indexesRemoved: number;
  readonly constraintsAdded: number;
  readonly constraintsRemoved: number;
  readonly systemUpdates: number;
}

/** A plan tree for EXPLAIN / PROFILE, in the shape the Bolt summary carries. */
export interface PlanDescription {
  readonly operatorType: string;
  readonly identifiers: readonly string[];
  readonly arguments: Readonly<Record<string, Value>>;
  readonly children: readonly PlanDescription[];
  /** PROFILE only. */
  readonly rows?: number;
  readonly dbHits?: number;
}

export interface Notification {
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly severity: 'WARNING' | 'INFORMATION';
  readonly position?: { readonly offset: number; readonly line: number; readonly column: number };
}

/** A fully read result. Nodes, relationships and paths in rows are materialised values. */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Value[])[];
  readonly stats: QueryStats;
  /** 'r' read, 'w' write, 'rw' read-write, 's' schema/administration. */
  readonly queryType: 'r' | 'w' | 'rw' | 's';
  /** The database that ran the query (after alias resolution). */
  readonly database: string;
  readonly plan?: PlanDescription;
  readonly notifications: readonly Notification[];
}

/** A result read in batches (Bolt PULL n, HTTP streaming). */
export interface ResultStream {
  readonly columns: readonly string[];
  /** Up to n more rows; an empty array once exhausted. */
  next(n: number): Promise<(readonly Value[])[]>;
  /** Stops early, releasing what the query holds. */
  cancel(): Promise<void>;
  /** After the last row: stats, type, plan, notifications. */
  summary(): Promise<Omit<QueryResult, 'rows' | 'columns'>>;
}

export type Parameters = ReadonlyMap<string, Value> | Readonly<Record<string, Value>>;

export interface RunOptions {
  /** Read-only transactions refuse writes. */
  readonly mode?: 'read' | 'write';
  /** Cancels the query after this long (`Neo.ClientError.Transaction.TransactionTimedOut`). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Bytes (estimated) a query may hold in sorts, aggregations, DISTINCT and eager buffers; beyond
   * it the query fails with `Neo.ClientError.General.TransactionOutOfMemoryError`. No limit if unset.
   */
  readonly maxTransactionMemory?: number;
  /**
   * Server hook (per-database limits): called once the statement is prepared and its database is
   * known (after a leading USE), before anything of it runs. Throwing refuses the statement; a
   * returned signal or memory limit replaces the caller's for this statement.
   */
  readonly admit?: (a: Admission) => Pick<RunOptions, 'signal' | 'maxTransactionMemory'> | undefined;
  /**
   * Access check: called with the canonical name of every database a statement uses (its session
   * database and each one it names with USE / FROM DATABASE) before anything runs; false fails
   * the statement with `Neo.ClientError.Security.Forbidden`. Absent: every database is allowed.
   */
  readonly canAccess?: (database: string) => boolean;
  /**
   * The authenticated user running the statement: before anything runs, the user's privileges
   * are checked (ACCESS to every database named, READ / WRITE for queries, the matching management
   * privilege for administration commands; `Neo.ClientError.Security.Forbidden` otherwise), and
   * ALTER / SHOW CURRENT USER act on this user. Absent: everything is allowed (the in-process API,
   * a server under `--auth none`).
   */
  readonly user?: string;
}

/** What `RunOptions.admit` is told about a statement before it runs. */
export interface Admission {
  /** The database the statement runs in. */
  readonly database: DatabaseRef;
  /** r = read only, w = write only, rw = read/write, s = schema/administration. */
  readonly queryType: 'r' | 'w' | 'rw' | 's';
  /** EXPLAIN or PROFILE (EXPLAIN runs nothing). */
  readonly explain: 'EXPLAIN' | 'PROFILE' | null;
  /** The statement of a schema or administration command; null for queries. */
  readonly command: Statement | null;
}

/** An explicit transaction: queries in it see each other's writes; commit makes them durable. */
export interface ExplicitTransaction {
  run(query: string, params?: Parameters, opts?: RunOptions): Promise<QueryResult>;
  stream(query: string, params?: Parameters, opts?: RunOptions): Promise<ResultStream>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  readonly isOpen: boolean;
}

export interface Session {
  /** The database name this session runs against by default (USE / FROM DATABASE may name others). */
  readonly database: string;
  /** Runs one auto-commit query and reads its whole result. */
  run(query: string, params?: Parameters, opts?: RunOptions): Promise<QueryResult>;
  /** Runs one auto-commit query, streaming; the transaction commits when the stream is exhausted. */
  stream(query: string, params?: Parameters, opts?: RunOptions): Promise<ResultStream>;
  begin(opts?: RunOptions): Promise<ExplicitTransaction>;
}

/**
 * Errors: every failure is a QuiverError (src/errors.ts) with `code` (Neo4j status), `kind`,
 * `detail` (openCypher's name, e.g. `VariableAlreadyBound`) and `phase`: 'compile' when the query
 * was refused before running (syntax, semantic and parameter checks), 'runtime' otherwise.
 */
export interface QuiverDatabaseServer {
  session(database?: string): Session;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  close(): Promise<void>;
}
