// The gRPC service (`quiver.v1.Quiver`, src/server/grpc/quiver.proto) and the standard
// `grpc.health.v1.Health`, on @grpc/grpc-js. It calls the same QueryEngine as Bolt and HTTP, with
// the same users (call metadata `authorization`: Basic or Bearer). Results stream in batches with
// flow control: the next batch is pulled from the engine only once gRPC has taken the previous one,
// so a slow client slows the query instead of filling memory; a client that cancels its call
// cancels the query.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { isQuiverError, quiverError, type QuiverError } from '../../errors.js';
import type { CypherApiContext } from '../http/context.js';
import { countersToJson } from '../http/formats/index.js';
import { TransactionRegistry, type OpenTransaction } from '../http/transactions.js';
import type { PlanNode, Principal, QueryResult, QueryStats, ResultSummary } from '../session.js';
import { mapToWire, toWire, type WireValue, wireToMap } from './values.js';

export interface GrpcOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
  /** The engine, resolution and auth the HTTP API uses; null while not accepting queries. */
  readonly context: () => CypherApiContext | null;
  readonly defaultDatabase: string;
  /** Open transactions untouched this long are rolled back (ms). */
  readonly txIdleTimeoutMs: number;
}

export interface GrpcServer {
  readonly port: number;
  /** Stops accepting calls, lets running ones finish for up to `graceMs`, rolls back open transactions. */
  close(graceMs: number): Promise<void>;
}

/** Loader options shared with clients: snake_case fields, int64 as strings (exact), oneof names. */
export const PROTO_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true };

/** Where a .proto file is: next to this module in src/, or in src/ seen from dist/. */
export function protoPath(name: 'quiver.proto' | 'health.proto'): string {
  for (const rel of [`./${name}`, `../../../../src/server/grpc/${name}`]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`cannot find ${name}`);
}

const BATCH = 1000;

export async function startGrpc(opts: GrpcOptions): Promise<GrpcServer> {
  const defs = protoLoader.loadSync([protoPath('quiver.proto'), protoPath('health.proto')], PROTO_OPTIONS);
  const pkg = grpc.loadPackageDefinition(defs) as unknown as {
    quiver: { v1: { Quiver: grpc.ServiceClientConstructor } };
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  const transactions = new TransactionRegistry(opts.txIdleTimeoutMs);
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const watchers = new Set<grpc.ServerWritableStream<unknown, unknown>>();

  /** The context and principal of a call; throws a QuiverError for the caller to report. */
  const admit = async (call: { metadata: grpc.Metadata; getPeer(): string }): Promise<{ ctx: CypherApiContext; principal: Principal }> => {
    const ctx = opts.context();
    if (ctx === null) throw quiverError('DatabaseUnavailable', 'The server is not accepting queries (starting or shutting down).');
    const header = call.metadata.get('authorization')[0];
    const principal = await ctx.auth.authenticateHeader(header === undefined ? undefined : String(header), peerAddress(call.getPeer()));
    return { ctx, principal };
  };

  server.addService(pkg.quiver.v1.Quiver.service, {
    Run: (call: grpc.ServerWritableStream<RunRequest, unknown>) => {
      void (async () => {
        const ctl = new AbortController();
        call.once('cancelled', () => ctl.abort(quiverError('TransactionTerminated', 'The client cancelled the call.')));
        let result: QueryResult;
        try {
          const { ctx, principal } = await admit(call);
          const r = call.request;
          const database = ctx.resolveDatabase(r.database || ctx.homeDatabase?.(principal) || opts.defaultDatabase);
          result = await ctx.engine.run(principal, {
            database,
            mode: r.access_mode === 'READ' ? 'read' : 'write',
            bookmarks: r.bookmarks ?? [],
            ...(timeoutOf(r.timeout_ms) !== undefined ? { txTimeoutMs: timeoutOf(r.timeout_ms)! } : {}),
            signal: ctl.signal,
            query: String(r.query ?? ''),
            parameters: wireToMap(r.parameters),
          });
        } catch (e) {
          fail(call, e);
          return;
        }
        await stream(call, result, ctl.signal);
      })();
    },
    Begin: (call: grpc.ServerUnaryCall<BeginRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      void (async () => {
        try {
          const { ctx, principal } = await admit(call);
          const r = call.request;
          const database = ctx.resolveDatabase(r.database || ctx.homeDatabase?.(principal) || opts.defaultDatabase);
          const timeout = timeoutOf(r.timeout_ms);
          const tx = await ctx.engine.begin(principal, {
            database,
            mode: r.access_mode === 'READ' ? 'read' : 'write',
            bookmarks: r.bookmarks ?? [],
            ...(timeout !== undefined ? { txTimeoutMs: timeout } : {}),
          });
          const t = transactions.add(tx, database, principal);
          transactions.release(t);
          callback(null, { transaction_id: String(t.id), database: tx.database, expires_epoch_ms: String(t.expires) });
        } catch (e) {
          callback(toStatus(e));
        }
      })();
    },
    RunInTransaction: (call: grpc.ServerWritableStream<TxRunRequest, unknown>) => {
      void (async () => {
        const ctl = new AbortController();
        call.once('cancelled', () => ctl.abort(quiverError('TransactionTerminated', 'The client cancelled the call.')));
        let t: OpenTransaction;
        let result: QueryResult;
        try {
          const { principal } = await admit(call);
          t = transactions.acquire(String(call.request.transaction_id ?? ''), null, principal);
        } catch (e) {
          fail(call, e);
          return;
        }
        try {
          result = await t.tx.run(String(call.request.query ?? ''), wireToMap(call.request.parameters));
        } catch (e) {
          transactions.release(t);
          fail(call, e);
          return;
        }
        await stream(call, result, ctl.signal);
        transactions.release(t);
      })();
    },
    Commit: (call: grpc.ServerUnaryCall<TxRef, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      void (async () => {
        try {
          const { principal } = await admit(call);
          const t = transactions.acquire(String(call.request.transaction_id ?? ''), null, principal);
          transactions.remove(t);
          const { bookmark } = await t.tx.commit();
          callback(null, { bookmark });
        } catch (e) {
          callback(toStatus(e));
        }
      })();
    },
    Rollback: (call: grpc.ServerUnaryCall<TxRef, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      void (async () => {
        try {
          const { principal } = await admit(call);
          const t = transactions.acquire(String(call.request.transaction_id ?? ''), null, principal);
          transactions.remove(t);
          await t.tx.rollback();
          callback(null, {});
        } catch (e) {
          callback(toStatus(e));
        }
      })();
    },
  });

  const healthOf = (service: string): string | null => {
    if (service !== '' && service !== 'quiver.v1.Quiver') return null;
    return opts.context() !== null ? 'SERVING' : 'NOT_SERVING';
  };
  server.addService(pkg.grpc.health.v1.Health.service, {
    Check: (call: grpc.ServerUnaryCall<{ service?: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const status = healthOf(call.request.service ?? '');
      if (status === null) callback({ code: grpc.status.NOT_FOUND, details: `unknown service '${call.request.service}'` });
      else callback(null, { status });
    },
    Watch: (call: grpc.ServerWritableStream<{ service?: string }, unknown>) => {
      call.write({ status: healthOf(call.request.service ?? '') ?? 'SERVICE_UNKNOWN' });
      watchers.add(call);
      call.once('cancelled', () => watchers.delete(call));
    },
  });

  const credentials = opts.tls === undefined ? grpc.ServerCredentials.createInsecure() : grpc.ServerCredentials.createSsl(null, [{ cert_chain: opts.tls.cert, private_key: opts.tls.key }], false);
  const port = await new Promise<number>((resolve, reject) => {
    const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    server.bindAsync(`${host}:${opts.port}`, credentials, (err, p) => (err ? reject(err) : resolve(p)));
  });

  return {
    port,
    async close(graceMs) {
      for (const w of watchers) {
        w.write({ status: 'NOT_SERVING' });
        w.end();
      }
      watchers.clear();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await transactions.closeAll();
    },
  };
}

interface RunRequest {
  query?: string;
  parameters?: Record<string, WireValue>;
  database?: string;
  access_mode?: 'WRITE' | 'READ';
  timeout_ms?: string;
  bookmarks?: string[];
}
type BeginRequest = Omit<RunRequest, 'query' | 'parameters'>;
interface TxRunRequest {
  transaction_id?: string;
  query?: string;
  parameters?: Record<string, WireValue>;
}
interface TxRef {
  transaction_id?: string;
}

function timeoutOf(ms: string | undefined): number | undefined {
  const n = ms === undefined ? 0 : Number(ms);
  return n > 0 ? n : undefined;
}

/** Writes a result: header, record batches (pulled only as fast as gRPC sends them), summary. */
async function stream(call: grpc.ServerWritableStream<unknown, unknown>, result: QueryResult, signal: AbortSignal): Promise<void> {
  try {
    call.write({ header: { fields: result.fields } });
    for (;;) {
      if (signal.aborted) {
        await result.cancel();
        return;
      }
      const batch = await result.next(BATCH);
      if (batch.rows.length > 0) {
        const records = new Array<{ values: WireValue[] }>(batch.rows.length);
        for (let i = 0; i < batch.rows.length; i++) {
          const row = batch.rows[i]!;
          const values = new Array<WireValue>(row.length);
          for (let j = 0; j < row.length; j++) values[j] = toWire(row[j]!);
          records[i] = { values };
        }
        if (!call.write({ records: { records } })) await drained(call, signal);
      }
      if (batch.done) break;
    }
    call.write({ summary: summaryOf(await result.summary()) });
    call.end();
  } catch (e) {
    await result.cancel();
    fail(call, e);
  }
}

function drained(call: grpc.ServerWritableStream<unknown, unknown>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

function summaryOf(s: ResultSummary): Record<string, unknown> {
  const plan = s.profile ?? s.plan;
  return {
    query_type: s.queryType,
    database: s.database,
    counters: countersOf(s.stats),
    bookmark: s.bookmark ?? '',
    ...(plan !== undefined ? { plan: planOf(plan), profiled: s.profile !== undefined } : {}),
  };
}

/** The Query API's counters (one list of the 14 in Neo4j's order) with the proto's snake_case names. */
function countersOf(st: QueryStats): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(countersToJson(st))) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = v;
  return out;
}

function planOf(p: PlanNode): Record<string, unknown> {
  return {
    operator_type: p.operatorType,
    identifiers: [...p.identifiers],
    arguments: mapToWire(p.args),
    children: p.children.map(planOf),
    rows: p.rows ?? 0,
    db_hits: p.dbHits ?? 0,
  };
}

/** A Neo4j error as a gRPC status: a fitting code, details led by the Neo4j code, and trailers. */
export function toStatus(e: unknown): Partial<grpc.StatusObject> {
  const err: QuiverError = isQuiverError(e) ? e : quiverError('UnknownError', e instanceof Error ? e.message : String(e));
  const metadata = new grpc.Metadata();
  metadata.set('neo4j-code', err.code);
  metadata.set('gql-status', err.gqlStatus);
  return { code: grpcCode(err), details: `${err.code}: ${err.message}`, metadata };
}

function grpcCode(e: QuiverError): grpc.status {
  switch (e.kind) {
    case 'Unauthorized':
    case 'TokenExpired':
      return grpc.status.UNAUTHENTICATED;
    case 'AuthenticationRateLimit':
      return grpc.status.RESOURCE_EXHAUSTED;
    case 'DatabaseNotFound':
    case 'TransactionNotFound':
      return grpc.status.NOT_FOUND;
    case 'TransactionTimedOut':
      return grpc.status.DEADLINE_EXCEEDED;
    case 'TransactionTerminated':
      return grpc.status.CANCELLED;
    case 'TransactionAccessedConcurrently':
      return grpc.status.ABORTED;
    default:
      break;
  }
  if (e.code === 'Neo.ClientError.Security.Forbidden') return grpc.status.PERMISSION_DENIED;
  if (e.code.startsWith('Neo.TransientError.Request.')) return grpc.status.RESOURCE_EXHAUSTED;
  if (e.classification === 'TransientError') return grpc.status.UNAVAILABLE;
  if (e.classification === 'ClientError') return grpc.status.INVALID_ARGUMENT;
  return grpc.status.INTERNAL;
}

function fail(call: grpc.ServerWritableStream<unknown, unknown>, e: unknown): void {
  if (call.cancelled) return;
  call.emit('error', toStatus(e));
}

/** `ipv4:127.0.0.1:5000` or `ipv6:[::1]:5000` → the address (the rate limiter's key). */
function peerAddress(peer: string): string {
  const m = /^(?:ipv[46]:)?\[?([^\]]*?)\]?:\d+$/.exec(peer);
  return m?.[1] ?? peer;
}
