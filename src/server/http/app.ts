// The HTTP face of the server: a fastify instance built from plugins, one per feature, with no
// module-level state (several servers can run in one process, as the tests do).
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { ServerMetrics } from '../metrics.js';
import { registerBodyParsers } from './body.js';
import type { CypherApiOptions } from './context.js';
import { discoveryPlugin, type DiscoveryOptions } from './discovery.js';
import { dumpApiPlugin, type DumpApiOptions } from './dump.js';
import { healthPlugin, type HealthOptions } from './health.js';
import { limitsApiPlugin } from './limits.js';
import { queryApiPlugin } from './query-api.js';
import { tokenPlugin } from './token.js';
import { transactionalApiPlugin } from './tx-api.js';

export interface HttpAppOptions {
  readonly health: HealthOptions;
  readonly discovery: DiscoveryOptions;
  /** The Cypher endpoints (transactional API, Query API); absent = not served. */
  readonly cypher?: CypherApiOptions;
  /** Online dump and load (GET /db/{db}/dump, POST /db/{db}/load); absent = not served. */
  readonly dump?: DumpApiOptions;
  /** Prometheus metrics at GET /metrics. */
  readonly metrics?: ServerMetrics;
  /** Largest request body accepted (bytes); 413 beyond. Default 16 MiB. */
  readonly bodyLimit?: number;
  /** Certificate and key (PEM): the port then speaks HTTPS only. */
  readonly https?: { readonly cert: Buffer; readonly key: Buffer };
  /**
   * fastify's pino logger: true (info), a level, or off (default; tests). Request logging only at
   * debug and trace; the Authorization header and anything named like a password are redacted.
   */
  readonly logger?: boolean | LogLevel;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const REDACT = ['req.headers.authorization', 'password', '*.password', 'credentials', '*.credentials', 'token', '*.token'];

export async function buildHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.https !== undefined ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    logger:
      opts.logger === undefined || opts.logger === false || opts.logger === 'silent'
        ? false
        : { level: opts.logger === true ? 'info' : opts.logger, redact: { paths: REDACT, censor: '[redacted]' } },
    logController: new LogController({ disableRequestLogging: !(opts.logger === 'debug' || opts.logger === 'trace') }),
    forceCloseConnections: true,
    bodyLimit: opts.bodyLimit ?? 16 * 1024 * 1024,
  });
  registerBodyParsers(app, opts.bodyLimit ?? 16 * 1024 * 1024);
  await app.register(healthPlugin, opts.health);
  await app.register(discoveryPlugin, opts.discovery);
  if (opts.cypher !== undefined) {
    await app.register(limitsApiPlugin, opts.cypher); // first: its max_connections hook covers the routes below
    await app.register(transactionalApiPlugin, opts.cypher);
    await app.register(queryApiPlugin, opts.cypher);
    await app.register(tokenPlugin, opts.cypher);
  }
  if (opts.dump !== undefined) await app.register(dumpApiPlugin, opts.dump);
  const metrics = opts.metrics;
  if (metrics !== undefined) {
    app.get('/metrics', async (_req, reply) => reply.header('content-type', metrics.contentType).send(await metrics.render()));
  }
  return app;
}
