// Liveness and readiness probes. Ready means queries are accepted: 503 while the server starts or
// shuts down, so a load balancer or orchestrator drains it before the store closes.
import type { FastifyPluginAsync } from 'fastify';

export interface HealthOptions {
  /** True while the server accepts queries. */
  readonly ready: () => boolean;
}

export const healthPlugin: FastifyPluginAsync<HealthOptions> = async (app, opts) => {
  app.get('/health/live', async () => ({ status: 'UP' }));
  app.get('/health/ready', async (_req, reply) => {
    if (opts.ready()) return { status: 'UP' };
    return reply.code(503).send({ status: 'DOWN' });
  });
};
