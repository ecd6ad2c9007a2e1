// Per-database limits and usage over HTTP (DESIGN.md section 6):
//   GET /db/{name}/limits   every limit, null = unlimited       (any authenticated user)
//   PUT /db/{name}/limits   sets the limits given in the body   (admin role)
//   GET /db/{name}/usage    counters and live figures, with the limits that cap them
// `{name}` may be an alias: limits belong to the database it targets.
//
// It also counts HTTP requests against max_connections: an authenticated request to a database's
// Cypher endpoints (/db/{name}/tx..., /db/{name}/query/v2) counts from just before its handler
// runs (the body read, the caller authenticated) until its response is finished or the client
// went away. An open HTTP transaction between requests does not count. The hook sits on the root
// instance (the plugin skips encapsulation) and must be registered before the Cypher plugins.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Catalog } from '../../dbms/catalog.js';
import { limitsToJson, usageOf } from '../../dbms/index.js';
import { isQuiverError, quiverError } from '../../errors.js';
import { errorReply, InvalidBody, statusOf } from './body.js';
import { admit, rememberPrincipal, type Admitted, type CypherApiOptions } from './context.js';

const OWN_ROUTES = new Set(['/db/:db/limits', '/db/:db/usage']);

type DbRequest = FastifyRequest<{ Params: { db: string } }>;

const plugin: FastifyPluginAsync<CypherApiOptions> = async (app, opts) => {
  app.addHook('preHandler', async (req, reply) => {
    const route = req.routeOptions.url;
    if (route === undefined || !route.startsWith('/db/:db/') || OWN_ROUTES.has(route)) return;
    const ctx = opts.context();
    const catalog = ctx?.catalog;
    if (ctx == null || catalog === undefined) return;
    const ref = catalog.lookup((req.params as { db: string }).db);
    // Unknown or system: the handler answers (DatabaseNotFound, or system's no-limits).
    if (ref === undefined || ref.type === 'system') return;
    const principal = await ctx.auth.principal(req, reply);
    if (principal === null) return reply;
    rememberPrincipal(req, principal);
    try {
      catalog.meter.useConnection(req, ref, principal.username);
    } catch (e) {
      reply.header('retry-after', '1');
      return fail(reply, e);
    }
    reply.raw.once('close', () => catalog.meter.releaseConnection(req));
    return;
  });

  app.get<{ Params: { db: string } }>('/db/:db/limits', async (req, reply) => {
    const a = await target(opts, req, reply);
    if (a === null) return reply;
    const ref = a.catalog.lookup(a.database)!;
    return send(reply, 200, { database: ref.name, limits: limitsToJson(ref.limits) });
  });

  app.put<{ Params: { db: string } }>('/db/:db/limits', async (req, reply) => {
    const a = await target(opts, req, reply);
    if (a === null) return reply;
    try {
      a.ctx.authorize?.(a.principal, 'limit', a.database);
      await a.catalog.setLimits(a.database, limitChanges(req.body));
    } catch (e) {
      return fail(reply, e);
    }
    const ref = a.catalog.lookup(a.database)!;
    return send(reply, 200, { database: ref.name, limits: limitsToJson(ref.limits) });
  });

  app.get<{ Params: { db: string } }>('/db/:db/usage', async (req, reply) => {
    const a = await target(opts, req, reply);
    if (a === null) return reply;
    const ref = a.catalog.lookup(a.database)!;
    const [u] = await usageOf(a.catalog, [ref]);
    return send(reply, 200, { database: ref.name, usage: u!.values, limits: limitsToJson(ref.limits) });
  });
};

// Not encapsulated: the max_connections hook must see the routes of the Cypher plugins.
(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
export const limitsApiPlugin = plugin;

/** Authenticated, database resolved (aliases followed), and the server has a catalog. */
async function target(opts: CypherApiOptions, req: DbRequest, reply: FastifyReply): Promise<(Admitted & { catalog: Catalog }) | null> {
  const a = await admit(opts, req, reply);
  if (a === null) return null;
  const catalog = a.ctx.catalog;
  if (catalog === undefined) {
    errorReply(reply, 404, quiverError('DatabaseNotFound', 'This server keeps no per-database limits.'));
    return null;
  }
  try {
    a.ctx.authorize?.(a.principal, 'access', a.database);
  } catch (e) {
    fail(reply, e);
    return null;
  }
  return { ...a, catalog };
}

/** The body: `{"max_nodes": 1000, "max_query_time": "60s"}` or the same under `"limits"`; null or 0 removes. */
function limitChanges(body: unknown): Map<string, unknown> {
  if (body instanceof InvalidBody) throw quiverError('RequestInvalidFormat', body.message);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw quiverError('RequestInvalidFormat', 'The request body must be a JSON object of limits, e.g. {"max_nodes": 1000, "max_query_time": "60s"}.');
  }
  const o = body as Record<string, unknown>;
  const inner = Object.keys(o).length === 1 && typeof o.limits === 'object' && o.limits !== null && !Array.isArray(o.limits) ? (o.limits as Record<string, unknown>) : o;
  return new Map(Object.entries(inner));
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}

function fail(reply: FastifyReply, e: unknown): FastifyReply {
  return errorReply(reply, statusOf(e), isQuiverError(e) ? e : quiverError('UnknownError', e instanceof Error ? e.message : String(e)));
}
