// The Query API v2 (specs/bolt-and-http.md section 9): `POST /db/{db}/query/v2` runs one statement
// in an auto-commit transaction and answers 202 with `data.fields`, `data.values` (rows),
// `counters` and `bookmarks`. Plain JSON by default; typed JSON (`application/vnd.neo4j.query`)
// for parameters when it is the Content-Type and for results when it is in Accept. Errors answer
// 4xx/5xx with `{"errors":[...]}`. Large results stream; an error after streaming started can no
// longer change the status, so the connection is cut and the client sees an incomplete body.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isQuiverError, quiverError } from '../../errors.js';
import type { Value } from '../../values/types.js';
import type { QueryResult } from '../session.js';
import { errorReply, InvalidBody, statusOf } from './body.js';
import { admit, type CypherApiOptions } from './context.js';
import { countersToJson, decodeJsonParameters, decodeTypedParameters, plainJson, typedJson } from './formats/index.js';
import { ResponseSink } from './sink.js';
import { planJson } from './tx-api.js';

const TYPED = 'application/vnd.neo4j.query';
const BATCH = 1000;

interface QueryRequest {
  readonly statement: string;
  readonly parameters: ReadonlyMap<string, Value>;
  readonly includeCounters: boolean;
  readonly bookmarks: readonly string[];
  readonly mode: 'read' | 'write';
  readonly impersonatedUser?: string;
}

export const queryApiPlugin: FastifyPluginAsync<CypherApiOptions> = async (app, opts) => {
  app.post<{ Params: { db: string } }>('/db/:db/query/v2', async (req, reply) => {
    const a = await admit(opts, req, reply);
    if (a === null) return reply;
    let q: QueryRequest;
    try {
      q = parseRequest(req);
    } catch (e) {
      return fail(reply, e);
    }
    const typed = (req.headers.accept ?? '').toLowerCase().includes(TYPED);
    const encode = typed ? typedJson : plainJson;
    let result: QueryResult;
    try {
      result = await a.ctx.engine.run(a.principal, {
        database: a.database,
        mode: q.mode,
        bookmarks: q.bookmarks,
        query: q.statement,
        parameters: q.parameters,
        ...(q.impersonatedUser !== undefined ? { impersonatedUser: q.impersonatedUser } : {}),
      });
    } catch (e) {
      return fail(reply, e);
    }
    reply.code(202);
    const sink = new ResponseSink(reply, typed ? `${TYPED}; charset=utf-8` : 'application/json; charset=utf-8');
    try {
      let first = true;
      void sink.write(`{"data":{"fields":${JSON.stringify(result.fields)},"values":[`);
      for (;;) {
        if (sink.aborted) {
          await result.cancel();
          return reply;
        }
        const batch = await result.next(BATCH);
        for (const row of batch.rows) {
          const out = new Array<unknown>(row.length);
          for (let i = 0; i < row.length; i++) out[i] = encode(row[i]!);
          const w = sink.write(first ? JSON.stringify(out) : ',' + JSON.stringify(out));
          first = false;
          if (w !== undefined) await w;
        }
        if (batch.done) break;
      }
      const summary = await result.summary();
      let tail = ']}';
      if (q.includeCounters) tail += `,"counters":${JSON.stringify(countersToJson(summary.stats))}`;
      if (summary.notifications.length > 0) tail += `,"notifications":${JSON.stringify(summary.notifications)}`;
      if (summary.profile !== undefined) tail += `,"profiledQueryPlan":${JSON.stringify(planJson(summary.profile))}`;
      else if (summary.plan !== undefined) tail += `,"queryPlan":${JSON.stringify(planJson(summary.plan))}`;
      tail += `,"bookmarks":${JSON.stringify(summary.bookmark !== undefined ? [summary.bookmark] : [])}}`;
      void sink.write(tail);
      sink.end();
    } catch (e) {
      await result.cancel();
      if (sink.committed) {
        sink.destroy();
        return reply;
      }
      return fail(reply, e);
    }
    return reply;
  });
};

function fail(reply: FastifyReply, e: unknown): FastifyReply {
  return errorReply(reply, statusOf(e), isQuiverError(e) ? e : quiverError('UnknownError', e instanceof Error ? e.message : String(e)));
}

function parseRequest(req: FastifyRequest): QueryRequest {
  const body = req.body;
  if (body instanceof InvalidBody) throw quiverError('RequestInvalidFormat', body.message);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw quiverError('RequestInvalidFormat', 'The request body must be a JSON object with a `statement` string.');
  }
  const o = body as Record<string, unknown>;
  if (typeof o.statement !== 'string') throw quiverError('RequestInvalidFormat', 'The request body has no `statement` string.');
  const typedIn = (req.headers['content-type'] ?? '').toLowerCase().startsWith(TYPED);
  const parameters = o.parameters === undefined || o.parameters === null ? new Map<string, Value>() : typedIn ? decodeTypedParameters(o.parameters) : decodeJsonParameters(o.parameters);
  let mode: 'read' | 'write' = 'write';
  if (o.accessMode !== undefined && o.accessMode !== null) {
    const m = String(o.accessMode).toLowerCase();
    if (m !== 'read' && m !== 'write') throw quiverError('RequestInvalidFormat', `accessMode must be "Read" or "Write", not '${String(o.accessMode)}'.`);
    mode = m;
  }
  const bookmarks = o.bookmarks ?? [];
  if (!Array.isArray(bookmarks) || !bookmarks.every((b) => typeof b === 'string')) throw quiverError('RequestInvalidFormat', '`bookmarks` must be a list of strings.');
  if (o.impersonatedUser !== undefined && typeof o.impersonatedUser !== 'string') throw quiverError('RequestInvalidFormat', '`impersonatedUser` must be a string.');
  return {
    statement: o.statement,
    parameters,
    includeCounters: o.includeCounters === true,
    bookmarks: bookmarks as string[],
    mode,
    ...(typeof o.impersonatedUser === 'string' ? { impersonatedUser: o.impersonatedUser } : {}),
  };
}
