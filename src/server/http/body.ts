// Request bodies and error bodies of the Cypher endpoints.
//
// JSON is parsed with lossless-json so that `1` (INTEGER) and `1.0` (FLOAT) stay different, and
// integers beyond 2^53 keep every digit: integral numbers arrive as bigint, others as number —
// what Neo4j's Jackson parser gives its parameters. A body that is not JSON is not rejected here:
// the transactional API answers it inside a 200 response, as Neo4j streams it, and the Query API
// with a 400; so the parser hands the handler an `InvalidBody` marker.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { parse as parseLossless } from 'lossless-json';
import { isQuiverError, quiverError, type QuiverError } from '../../errors.js';

export class InvalidBody {
  constructor(readonly message: string) {}
}

const INTEGER = /^-?[0-9]+$/;

function parseNumber(text: string): bigint | number {
  return INTEGER.test(text) ? BigInt(text) : Number(text);
}

/** JSON text to a plain value with bigint integers. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseLossless(text, null, parseNumber);
  } catch (e) {
    return new InvalidBody(`Unable to deserialize request: ${(e as Error).message}`);
  }
}

export const JSON_TYPES = ['application/json', 'application/vnd.neo4j.query', 'application/vnd.neo4j.jolt'];

/** Replaces fastify's JSON parser for this app; `bodyLimit` bytes at most (413 beyond). */
export function registerBodyParsers(app: FastifyInstance, bodyLimit: number): void {
  // Only JSON: a text/plain body is a 415, as in Neo4j, not a string handed to the handler.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string', bodyLimit }, (_req, body, done) => {
    done(null, parseJsonBody(body as string));
  });
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status === 413) {
      return errorReply(reply, 413, quiverError('RequestInvalidFormat', `The request body is larger than the limit of ${bodyLimit} bytes.`));
    }
    if (status === 415) {
      return errorReply(reply, 415, quiverError('RequestInvalidFormat', `Unsupported media type '${_req.headers['content-type'] ?? ''}': send application/json.`));
    }
    if (status >= 400 && status < 500) return errorReply(reply, status, quiverError('RequestInvalidFormat', err.message));
    return errorReply(reply, 500, isQuiverError(err) ? err : quiverError('UnknownError', 'An unexpected error occurred; see the server log.'));
  });
}

/** `{"errors":[{code,message}]}` with a status. */
export function errorReply(reply: FastifyReply, status: number, e: QuiverError): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ errors: [errorJson(e)] }));
}

export function errorJson(e: unknown): { code: string; message: string } {
  if (isQuiverError(e)) return { code: e.code, message: e.message };
  return { code: 'Neo.DatabaseError.General.UnknownError', message: e instanceof Error ? e.message : String(e) };
}

/** HTTP status for an error answered outside a streamed body (Query API, path errors). */
export function statusOf(e: unknown): number {
  if (!isQuiverError(e)) return 500;
  switch (e.kind) {
    case 'DatabaseNotFound':
    case 'TransactionNotFound':
      return 404;
    case 'Unauthorized':
      return 401;
    case 'AuthenticationRateLimit':
    case 'RateLimited':
      return 429;
    case 'TransactionAccessedConcurrently':
      return 409;
    default:
      break;
  }
  if (e.code === 'Neo.ClientError.Security.Forbidden') return 403;
  if (e.code === 'Neo.TransientError.General.DatabaseUnavailable') return 404;
  if (e.classification === 'ClientError') return 400;
  if (e.classification === 'TransientError') return 503;
  return 500;
}
