// What the Cypher endpoints need from the server, and the steps every request takes before a
// query runs: the server is up, the caller is authenticated, the database (or alias) exists.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../../dbms/catalog.js';
import type { Need } from '../../dbms/security/index.js';
import { quiverError } from '../../errors.js';
import type { Principal, QueryEngine } from '../session.js';
import type { HttpAuth } from './auth.js';
import { errorReply, statusOf } from './body.js';
import type { TransactionRegistry } from './transactions.js';
import { isQuiverError } from '../../errors.js';

export interface CypherApiContext {
  readonly engine: QueryEngine;
  /** A database name or alias to its canonical name; throws DatabaseNotFound / DatabaseUnavailable. */
  readonly resolveDatabase: (name: string) => string;
  readonly auth: HttpAuth;
  readonly transactions: TransactionRegistry;
  /** Issues bearer tokens (native auth only). */
  readonly tokens?: { issue(username: string, ttlSeconds: number): { token: string; expires: Date } };
  /** Limits and usage (GET/PUT /db/{name}/limits, GET /db/{name}/usage, max_connections). */
  readonly catalog?: Catalog;
  /**
   * Throws Forbidden unless the principal holds `need` on `database` (and may access it): the
   * endpoints that run no Cypher (dump, load, limits, usage). Absent under `--auth none`.
   */
  readonly authorize?: (principal: Principal, need: Need, database: string) => void;
  /** The principal's own home database, for requests that name none (gRPC). */
  readonly homeDatabase?: (principal: Principal) => string | undefined;
}

export interface CypherApiOptions {
  /** Null while the server starts (the store is not open yet) or after it stopped. */
  readonly context: () => CypherApiContext | null;
}

export interface Admitted {
  readonly ctx: CypherApiContext;
  readonly principal: Principal;
  readonly database: string;
}

/** Principals already authenticated for a request (by the max_connections hook), not checked twice. */
const authenticated = new WeakMap<FastifyRequest, Principal>();

export function rememberPrincipal(req: FastifyRequest, p: Principal): void {
  authenticated.set(req, p);
}

/** The checks before any statement; null after sending the error response. */
export async function admit(opts: CypherApiOptions, req: FastifyRequest<{ Params: { db: string } }>, reply: FastifyReply): Promise<Admitted | null> {
  const ctx = opts.context();
  if (ctx === null) {
    errorReply(reply, 503, quiverError('DatabaseUnavailable', 'The server is not accepting queries (starting or shutting down).'));
    return null;
  }
  const principal = authenticated.get(req) ?? (await ctx.auth.principal(req, reply));
  if (principal === null) return null;
  try {
    return { ctx, principal, database: ctx.resolveDatabase(req.params.db) };
  } catch (e) {
    errorReply(reply, statusOf(e), isQuiverError(e) ? e : quiverError('UnknownError', String(e)));
    return null;
  }
}

/** `Access-Mode: READ|WRITE` (default WRITE). */
export function accessMode(req: FastifyRequest): 'read' | 'write' {
  const h = req.headers['access-mode'];
  if (h === undefined) return 'write';
  const v = String(h).trim().toUpperCase();
  if (v === 'READ') return 'read';
  if (v === 'WRITE') return 'write';
  throw quiverError('RequestInvalidFormat', `The Access-Mode header must be READ or WRITE, not '${String(h)}'.`);
}

/** `Bookmarks: ["..."]`. */
export function bookmarksHeader(req: FastifyRequest): string[] {
  const h = req.headers.bookmarks;
  if (h === undefined) return [];
  let v: unknown;
  try {
    v = JSON.parse(String(h));
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || !v.every((b) => typeof b === 'string')) {
    throw quiverError('RequestInvalidFormat', 'The Bookmarks header must be a JSON array of strings.');
  }
  return v as string[];
}

/** `max-execution-time: <ms>`: the transaction timeout. */
export function maxExecutionTime(req: FastifyRequest): number | undefined {
  const h = req.headers['max-execution-time'];
  if (h === undefined) return undefined;
  const n = Number(h);
  if (!Number.isInteger(n) || n < 0) throw quiverError('RequestInvalidFormat', `The max-execution-time header must be a whole number of milliseconds, not '${String(h)}'.`);
  return n === 0 ? undefined : n;
}

export function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}
