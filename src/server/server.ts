// The server object: opens the store and catalog, starts HTTP and Bolt, prints the start-up banner
// and shuts down gracefully (stop accepting, let running work finish up to a timeout, roll back
// the rest, close the store). Usable from tests:
//   const s = await startServer({ dataDir, boltPort: 0, httpPort: 0, auth: 'none' });
//   ... s.boltPort, s.httpPort ...
//   await s.stop();
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Catalog } from '../dbms/catalog.js';
import type { Limits } from '../dbms/limits.js';
import { TokenIssuer } from '../dbms/tokens.js';
import { ADMIN_USER, type RateLimitOptions, UserStore } from '../dbms/users.js';
import { type Need, requirePrivilege, SecurityStore } from '../dbms/security/index.js';
import { isQuiverError, quiverError } from '../errors.js';
import { Store } from '../storage/index.js';
import type { Authenticator, BoltContext } from './bolt/context.js';
import { BoltListener } from './bolt/listener.js';
import type { AuthToken } from './bolt/messages.js';
import { startGrpc, type GrpcServer } from './grpc/index.js';
import { buildHttpApp, type LogLevel } from './http/app.js';
import { HttpAuth } from './http/auth.js';
import type { CypherApiContext } from './http/context.js';
import { TransactionRegistry } from './http/transactions.js';
import { AuditLog } from './audit.js';
import { catalogFigures, ServerMetrics } from './metrics.js';
import { logSlowQueries } from './slow-queries.js';
import { QuiverDB } from '../index.js';
import { LocalEngine } from './local-engine.js';
import { type Principal, type QueryEngine, UnavailableEngine } from './session.js';

/** The Neo4j version we present on the wire (drivers and tools gate features on it). */
export const NEO4J_COMPAT_VERSION = '5.26.0';
export const QUIVER_VERSION = readVersion();

export interface ServerOptions {
  readonly dataDir: string;
  readonly host?: string;
  /** 0 = a free port (tests). */
  readonly boltPort?: number;
  readonly httpPort?: number;
  /** The gRPC service's port (0 = a free one); absent = no gRPC service (the CLI always passes one). */
  readonly grpcPort?: number;
  readonly auth?: 'none' | 'native';
  /** Password of the admin `neo4j` created on first start; generated (and shown once) if absent. */
  readonly initialPassword?: string;
  /** host:port that ROUTE and discovery advertise; default host:boltPort. */
  readonly advertisedAddress?: string;
  readonly defaultDatabase?: string;
  /** Most user databases (system excluded); 0 or absent = unlimited. */
  readonly maxDatabases?: number;
  /** How long DROP DATABASE keeps the data for UNDROP (ms; default 7 days; 0 = delete at once). */
  readonly dropRetentionMs?: number;
  readonly engine?: QueryEngine;
  /** Certificate and key files (PEM): the Bolt port then speaks TLS only (bolt+s, bolt+ssc, wss). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  /** How long shutdown waits for running work before rolling it back (ms). */
  readonly shutdownTimeoutMs?: number;
  /** The Bolt `connection.recv_timeout_seconds` hint (0 = none). */
  readonly recvTimeoutSeconds?: number;
  readonly authRateLimit?: RateLimitOptions;
  /** Receives the start-up banner (printed once; it may contain a generated password). */
  readonly onBanner?: (text: string) => void;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Queries slower than this (ms) are logged as JSON lines through `log` at level warn; 0 or absent = off. */
  readonly slowQueryMs?: number;
  readonly httpLogger?: boolean;
  /**
   * Structured JSON logs on stdout through fastify's pino logger at this level: the server's own
   * messages, the slow-query log and (at debug) HTTP requests. `log` still receives every message.
   */
  readonly logLevel?: LogLevel;
  /** HTTP transactions untouched this long are rolled back (ms); default 60 s. */
  readonly httpTxIdleTimeoutMs?: number;
  /** Largest HTTP request body (bytes); default 16 MiB. */
  readonly httpMaxBodyBytes?: number;
  /** How long a successful HTTP credential check is reused (ms); default 60 s, 0 = never. */
  readonly authCacheTtlMs?: number;
  /** Process metrics (CPU, heap, event loop) in /metrics; default true. */
  readonly defaultMetrics?: boolean;
  /** Limits every new database starts with (see src/dbms/limits.ts; parse JSON with limitsFromJson). */
  readonly defaultLimits?: Limits;
  /** The audit log file (JSON lines); default `<dataDir>/audit.log`; null = none. */
  readonly auditLog?: string | null;
}

export type ServerState = 'starting' | 'ready' | 'stopping' | 'stopped';

export interface RunningServer {
  readonly boltPort: number;
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly host: string;
  readonly store: Store;
  readonly catalog: Catalog;
  /** Users, roles and privileges. */
  readonly security: SecurityStore;
  readonly metrics: ServerMetrics;
  readonly state: ServerState;
  /** Bolt sockets open now and accepted since start. */
  boltConnections(): { readonly open: number; readonly accepted: number };
  /** Graceful shutdown; idempotent. */
  stop(): Promise<void>;
}

class NoAuth implements Authenticator {
  readonly mode = 'none' as const;
  async authenticate(token: AuthToken): Promise<Principal> {
    return { username: token.principal || 'anonymous', roles: ['admin', 'PUBLIC'], authenticated: false };
  }
}

class NativeAuth implements Authenticator {
  readonly mode = 'native' as const;
  constructor(
    private readonly users: UserStore,
    private readonly tokens: TokenIssuer,
  ) {}
  async authenticate(token: AuthToken, address: string): Promise<Principal> {
    if (token.scheme === 'bearer' && token.credentials !== null) {
      const { sub } = this.tokens.verify(token.credentials);
      const roles = await this.users.roles(sub);
      if (roles === undefined) throw quiverError('Unauthorized', 'The client is unauthorized due to authentication failure: the token names no existing user.');
      return { username: sub, roles, authenticated: true };
    }
    if (token.scheme !== 'basic' || token.principal === null || token.credentials === null) {
      throw quiverError('Unauthorized', `Unsupported authentication token, scheme '${token.scheme}' is not supported.`);
    }
    const u = await this.users.authenticate(token.principal, token.credentials, address);
    return { username: u.username, roles: u.roles, authenticated: true };
  }
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const authMode = opts.auth ?? 'native';
  let engine: QueryEngine = opts.engine ?? new UnavailableEngine();
  let state: ServerState = 'starting';
  let bolt: BoltListener | null = null;
  let store: Store | null = null;
  let app: FastifyInstance | null = null;
  let cypher: CypherApiContext | null = null;
  let audit: AuditLog | null = null;
  /** The server's own messages: to pino (if `logLevel`) and to `opts.log`. */
  let log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void = (level, message) => opts.log?.(level, message);
  const metrics = new ServerMetrics({ defaultMetrics: opts.defaultMetrics });
  const transactions = new TransactionRegistry(opts.httpTxIdleTimeoutMs ?? 60_000);

  const cleanup = async (): Promise<void> => {
    await bolt?.close(0).catch(() => {});
    await app?.close().catch(() => {});
    await store?.close().catch(() => {});
    await audit?.close();
  };

  // Before anything starts: a missing certificate must not leave a half-started server.
  const tls = opts.tls === undefined ? undefined : { cert: readPem(opts.tls.certFile, 'certificate'), key: readPem(opts.tls.keyFile, 'key') };
  try {
    // HTTP first, so /health/ready answers 503 while the store opens.
    app = await buildHttpApp({
      health: { ready: () => state === 'ready' },
      discovery: {
        boltPort: () => bolt?.port ?? opts.boltPort ?? 7687,
        boltAdvertised: () => opts.advertisedAddress,
        neo4jVersion: NEO4J_COMPAT_VERSION,
        quiverVersion: QUIVER_VERSION,
      },
      cypher: { context: () => (state === 'ready' ? cypher : null) },
      dump: { context: () => (state === 'ready' ? cypher : null), store: () => (state === 'ready' ? store : null), quiverVersion: QUIVER_VERSION },
      ...(tls !== undefined ? { https: tls } : {}),
      metrics,
      bodyLimit: opts.httpMaxBodyBytes,
      logger: opts.logLevel ?? opts.httpLogger,
    });
    const pino = opts.logLevel !== undefined && opts.logLevel !== 'silent' ? app.log : null;
    log = (level, message, fields) => {
      if (pino !== null) pino[level](fields ?? {}, message);
      opts.log?.(level, fields === undefined ? message : JSON.stringify(fields));
    };
    let httpOpen = 0;
    app.server.on('connection', (socket) => {
      httpOpen++;
      socket.once('close', () => httpOpen--);
    });
    metrics.trackConnections('http', () => httpOpen);
    await app.listen({ host, port: opts.httpPort ?? 7474 });
    store = await Store.open(opts.dataDir);
    const catalog = await Catalog.open(store, {
      ...(opts.defaultDatabase === undefined ? {} : { defaultDatabase: opts.defaultDatabase }),
      ...(opts.maxDatabases === undefined ? {} : { maxDatabases: opts.maxDatabases }),
      ...(opts.dropRetentionMs === undefined ? {} : { dropRetentionMs: opts.dropRetentionMs }),
      ...(opts.defaultLimits === undefined ? {} : { defaultLimits: opts.defaultLimits }),
    });
    const auditLog = (audit = new AuditLog(opts.auditLog === undefined ? join(opts.dataDir, 'audit.log') : opts.auditLog, log));
    catalog.meter.onRejection((r) => {
      metrics.limitRejected(r.database, r.limit);
      auditLog.limitRejection(r);
    });
    metrics.trackDatabases(() => catalogFigures(catalog));
    const security = await SecurityStore.open(store, () => catalog.defaultDatabase);
    const quiver = QuiverDB.attach(store, catalog, opts.defaultDatabase ?? 'neo4j', security);
    if (opts.engine === undefined) engine = new LocalEngine(quiver, (e) => auditLog.write(e));
    engine = metrics.instrument(engine);
    if (opts.slowQueryMs !== undefined && opts.slowQueryMs > 0 && (opts.log !== undefined || pino !== null)) {
      engine = logSlowQueries(engine, opts.slowQueryMs, (entry) => log('warn', 'slow query', entry));
    }
    let generatedPassword: string | undefined;
    let tokens: TokenIssuer | undefined;
    let auth: Authenticator;
    if (authMode === 'native') {
      const users = new UserStore(security, opts.authRateLimit);
      generatedPassword = (await users.ensureAdmin(opts.initialPassword)).generatedPassword;
      tokens = await TokenIssuer.open(store);
      auth = new NativeAuth(users, tokens);
    } else {
      auth = new NoAuth();
    }
    const checked = auth;
    auth = {
      mode: checked.mode,
      async authenticate(token, address) {
        try {
          return await checked.authenticate(token, address);
        } catch (e) {
          metrics.authFailed('bolt');
          audit?.write({ event: 'auth_failure', protocol: 'bolt', user: token.principal, address, code: isQuiverError(e) ? e.code : 'Neo.ClientError.Security.Unauthorized' });
          throw e;
        }
      },
    };
    const httpAuth = new HttpAuth({ auth: checked, cacheTtlMs: opts.authCacheTtlMs, onFailure: (user, address, code) => {
        metrics.authFailed('http');
        audit?.write({ event: 'auth_failure', protocol: 'http/grpc', user, address, code });
      },
    });
    // A changed password, a suspended or dropped user must not live on in cached credentials.
    security.onChange((username) => {
      if (username !== null) httpAuth.invalidate();
    });
    const homeDatabase = (p: Principal): string | undefined => (p.authenticated ? (security.user(p.username)?.home ?? undefined) : undefined);
    cypher = {
      engine,
      resolveDatabase: (name) => catalog.resolve(name).name,
      auth: httpAuth,
      transactions,
      ...(tokens !== undefined ? { tokens } : {}),
      catalog,
      ...(authMode === 'native' ? { authorize: (p: Principal, need: Need, db: string) => p.authenticated && requirePrivilege(security, p.username, need, db) } : {}),
      homeDatabase,
    };
    const context: BoltContext = {
      engine,
      catalog,
      auth,
      defaultDatabase: opts.defaultDatabase ?? 'neo4j',
      homeDatabase,
      serverAgent: `Neo4j/${NEO4J_COMPAT_VERSION}`,
      routingTtlSeconds: 300,
      recvTimeoutSeconds: opts.recvTimeoutSeconds ?? 120,
      maxMessageBytes: 64 * 1024 * 1024,
      advertisedAddress: () => opts.advertisedAddress ?? `${urlHost(host)}:${bolt?.port ?? 0}`,
      log,
      connections: {
        use: (conn, database, user) => catalog.meter.useConnection(conn, catalog.resolve(database), user),
        release: (conn) => catalog.meter.releaseConnection(conn),
      },
    };
    bolt = await BoltListener.listen({ host, port: opts.boltPort ?? 7687, context, tls });
    quiver.address = opts.advertisedAddress ?? `${urlHost(host)}:${bolt.port}`;
    metrics.trackConnections('bolt', () => bolt?.stats.open ?? 0);
    const httpPort = portOf(app);
    const boltPort = bolt.port;
    let grpc: GrpcServer | null = null;
    if (opts.grpcPort !== undefined) {
      grpc = await startGrpc({
        host,
        port: opts.grpcPort,
        ...(tls !== undefined ? { tls } : {}),
        context: () => (state === 'ready' ? cypher : null),
        defaultDatabase: opts.defaultDatabase ?? 'neo4j',
        txIdleTimeoutMs: opts.httpTxIdleTimeoutMs ?? 60_000,
      });
    }
    const grpcPort = grpc?.port ?? 0;
    const openGrpc = grpc;
    state = 'ready';
    opts.onBanner?.(banner({ host, boltPort, httpPort, grpcPort, dataDir: opts.dataDir, authMode, generatedPassword, advertised: opts.advertisedAddress, tls: tls !== undefined }));

    let stopping: Promise<void> | null = null;
    const openStore = store;
    const openBolt = bolt;
    const openApp = app;
    return {
      boltPort,
      httpPort,
      grpcPort,
      host,
      store: openStore,
      catalog,
      security,
      metrics,
      get state() {
        return state;
      },
      boltConnections: () => openBolt.stats,
      stop() {
        stopping ??= (async () => {
          state = 'stopping';
          await openBolt.close(opts.shutdownTimeoutMs ?? 10_000);
          await openApp.close();
          await openGrpc?.close(opts.shutdownTimeoutMs ?? 10_000);
          await transactions.closeAll();
          await engine.close();
          catalog.close();
          await openStore.close();
          await auditLog.close();
          state = 'stopped';
        })();
        return stopping;
      },
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read the TLS ${what} file '${file}': ${(e as Error).message}`);
  }
}

function portOf(app: FastifyInstance): number {
  const a = app.server.address();
  return typeof a === 'object' && a !== null ? a.port : 0;
}

function urlHost(host: string): string {
  const h = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return h.includes(':') ? `[${h}]` : h;
}

function banner(b: {
  host: string;
  boltPort: number;
  httpPort: number;
  grpcPort: number;
  dataDir: string;
  authMode: 'none' | 'native';
  generatedPassword: string | undefined;
  advertised: string | undefined;
  tls: boolean;
}): string {
  const h = urlHost(b.host);
  const boltAddr = b.advertised ?? `${h}:${b.boltPort}`;
  const s = b.tls ? '+s' : '';
  const lines = [
    `QuiverDB ${QUIVER_VERSION} is ready (Neo4j ${NEO4J_COMPAT_VERSION} compatible)`,
    `  Bolt      bolt${s}://${boltAddr}   neo4j${s}://${boltAddr}   ${b.tls ? 'wss' : 'ws'}://${h}:${b.boltPort}${b.tls ? '   (TLS; bolt+ssc:// for a self-signed certificate)' : ''}`,
    `  HTTP      http${b.tls ? 's' : ''}://${h}:${b.httpPort}/   (health: /health/ready; Cypher: /db/{db}/tx/commit, /db/{db}/query/v2; metrics: /metrics)`,
    b.grpcPort === 0 ? '  gRPC      not served' : `  gRPC      ${b.tls ? 'TLS ' : ''}port ${b.grpcPort}   (quiver.v1.Quiver, grpc.health.v1.Health; src/server/grpc/quiver.proto)`,
    `  Data      ${b.dataDir}`,
    `  Auth      ${b.authMode}`,
  ];
  if (b.authMode === 'none') {
    lines.push(
      '',
      '  !!! WARNING: authentication is DISABLED (--auth none). Any client that can reach these ports',
      '  !!! has full access to every database. Use this for local development only.',
    );
  }
  if (b.generatedPassword !== undefined) {
    lines.push(
      '',
      `  Created the admin user '${ADMIN_USER}' with the generated password:  ${b.generatedPassword}`,
      '  It is shown only this once and is never logged; store it now.',
    );
  }
  return lines.join('\n') + '\n';
}

function readVersion(): string {
  // src/server/server.ts (tests) and dist/src/server/server.js (built) sit at different depths.
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'quiverdb' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
