// Online dump and load (admin role only):
//   GET  /db/{db}/dump                  the database (or an alias's target) as a dump stream, from
//                                        one snapshot: writes that continue meanwhile are not in it
//   POST /db/{db}/load[?overwrite=true] body: a dump (application/octet-stream); creates {db} from
//                                        it, all or nothing (src/dbms/dump/load.ts)
// Both stream: neither holds the dump in memory, and the request body limit does not apply.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { dumpStream, loadDump } from '../../dbms/dump/index.js';
import { isQuiverError, quiverError } from '../../errors.js';
import type { Store } from '../../storage/index.js';
import { errorReply, statusOf } from './body.js';
import { admit, type CypherApiOptions } from './context.js';

export interface DumpApiOptions extends CypherApiOptions {
  /** The open store; null while the server starts or stops. */
  readonly store: () => Store | null;
  readonly quiverVersion: string;
}

export const DUMP_CONTENT_TYPE = 'application/vnd.quiver.dump';

type DbRequest = FastifyRequest<{ Params: { db: string }; Querystring: { overwrite?: string } }>;

function fail(reply: FastifyReply, e: unknown): FastifyReply {
  return errorReply(reply, statusOf(e), isQuiverError(e) ? e : quiverError('UnknownError', (e as Error).message ?? String(e)));
}

export const dumpApiPlugin: FastifyPluginAsync<DumpApiOptions> = async (app, opts) => {
  // The body is handed over as a stream (this plugin's scope only).
  app.addContentTypeParser([DUMP_CONTENT_TYPE, 'application/octet-stream', 'application/gzip'], (_req, payload, done) => done(null, payload));

  app.get('/db/:db/dump', async (req: DbRequest, reply) => {
    const a = await admit(opts, req, reply);
    if (a === null) return reply;
    const store = opts.store();
    const ref = a.ctx.catalog?.lookup(a.database);
    try {
      a.ctx.authorize?.(a.principal, 'database', a.database);
      if (store === null || ref === undefined) throw quiverError('DatabaseUnavailable', 'The server is not accepting requests (starting or shutting down).');
      if (ref.type === 'system') throw quiverError('ArgumentError', 'The system database cannot be dumped.');
      const stream = await dumpStream(store, ref.id, { database: ref.name, quiverVersion: opts.quiverVersion });
      // Headers go out before the first byte; a failure later aborts the response, which the
      // client sees as a truncated (and so refused) dump.
      return reply.header('content-type', DUMP_CONTENT_TYPE).header('content-disposition', `attachment; filename="${ref.name}.dump"`).send(stream);
    } catch (e) {
      return fail(reply, e);
    }
  });

  app.post('/db/:db/load', async (req: DbRequest, reply) => {
    const ctx = opts.context();
    const store = opts.store();
    if (ctx === null || store === null || ctx.catalog === undefined) return fail(reply, quiverError('DatabaseUnavailable', 'The server is not accepting requests (starting or shutting down).'));
    const principal = await ctx.auth.principal(req, reply);
    if (principal === null) return reply;
    try {
      ctx.authorize?.(principal, 'database', req.params.db.toLowerCase());
      const body = req.body as Readable | undefined;
      if (body === undefined || typeof (body as { pipe?: unknown }).pipe !== 'function') {
        throw quiverError('RequestInvalidFormat', `Send the dump as the request body with Content-Type: ${DUMP_CONTENT_TYPE} (or application/octet-stream).`);
      }
      const overwrite = req.query.overwrite === 'true' || req.query.overwrite === '1';
      const r = await loadDump(ctx.catalog, store, req.params.db, body, { overwrite });
      return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(r));
    } catch (e) {
      return fail(reply, e);
    }
  });
};
