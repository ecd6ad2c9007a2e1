// The HTTP face of the server: a fastify instance built from plugins, one per feature, with no
// module-level state (several servers can run in one process, as the tests do). The transactional
// API and the Query API (issue 6) register here later.
import Fastify, { type FastifyInstance } from 'fastify';
import { discoveryPlugin, type DiscoveryOptions } from './discovery.js';
import { healthPlugin, type HealthOptions } from './health.js';

export interface HttpAppOptions {
  readonly health: HealthOptions;
  readonly discovery: DiscoveryOptions;
  /** fastify's pino logger; off by default (tests). */
  readonly logger?: boolean;
}

export async function buildHttpApp(opts: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === true ? { redact: ['req.headers.authorization'] } : false,
    forceCloseConnections: true,
  });
  await app.register(healthPlugin, opts.health);
  await app.register(discoveryPlugin, opts.discovery);
  return app;
}
