// What a Bolt connection needs from the server it runs in. Passed in, never global, so tests can
// run several servers in one process.
import type { Principal, QueryEngine } from '../session.js';
import type { AuthToken } from './messages.js';

/** Checks an auth token (LOGON, or HELLO before 5.1); throws Unauthorized / AuthenticationRateLimit. */
export interface Authenticator {
  readonly mode: 'none' | 'native';
  authenticate(token: AuthToken, address: string): Promise<Principal>;
}

/** Resolves a database name or alias to its canonical name; throws DatabaseNotFound. */
export interface DatabaseResolver {
  resolve(name: string): { readonly name: string };
}

/**
 * Counts connections against databases (max_connections): a connection counts against a database
 * from its first RUN or BEGIN there until it closes. `use` throws when the limit is reached.
 */
export interface ConnectionCounter {
  use(conn: object, database: string, user?: string): void;
  release(conn: object): void;
}

export interface BoltContext {
  readonly engine: QueryEngine;
  readonly catalog: DatabaseResolver;
  readonly auth: Authenticator;
  /** The home database when a client names none. */
  readonly defaultDatabase: string;
  /** The principal's own home database (SET HOME DATABASE), when it has one. */
  readonly homeDatabase?: (principal: Principal) => string | undefined;
  /** HELLO `server`; drivers and tools expect the `Neo4j/x.y.z` form. */
  readonly serverAgent: string;
  readonly routingTtlSeconds: number;
  /** The `connection.recv_timeout_seconds` hint; 0 = none (and no NOOPs). */
  readonly recvTimeoutSeconds: number;
  readonly maxMessageBytes: number;
  /** host:port that ROUTE advertises (known only once the listener is bound). */
  advertisedAddress(): string;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  readonly connections?: ConnectionCounter;
}
