// `POST /auth/token` (a QuiverDB extension): exchanges Basic credentials for a bearer token that
// HTTP (`Authorization: Bearer ...`) and Bolt (`neo4j.auth.bearer(token)`) accept until it expires,
// so a client need not keep, or send, the password. Body (optional): `{"ttlSeconds": n}`,
// 60 s to 24 h, default 1 h. A bearer token cannot mint another one.
import type { FastifyPluginAsync } from 'fastify';
import { quiverError } from '../../errors.js';
import { errorReply } from './body.js';
import type { CypherApiOptions } from './context.js';
import { parse } from './auth.js';

export const tokenPlugin: FastifyPluginAsync<CypherApiOptions> = async (app, opts) => {
  app.post('/auth/token', async (req, reply) => {
    const ctx = opts.context();
    if (ctx === null) return errorReply(reply, 503, quiverError('DatabaseUnavailable', 'The server is not accepting requests (starting or shutting down).'));
    if (ctx.tokens === undefined) return errorReply(reply, 400, quiverError('RequestInvalidFormat', 'Authentication is disabled (--auth none): there are no tokens to issue.'));
    const header = req.headers.authorization;
    if (header !== undefined && parse(header)?.scheme === 'bearer') {
      return errorReply(reply, 400, quiverError('RequestInvalidFormat', 'A token is issued for Basic credentials only, not for another token.'));
    }
    const principal = await ctx.auth.principal(req, reply);
    if (principal === null) return reply;
    const body = req.body as { ttlSeconds?: unknown } | undefined;
    let ttl = 3600;
    if (body !== undefined && body !== null && typeof body === 'object' && 'ttlSeconds' in body) {
      const t = Number(body.ttlSeconds);
      if (!Number.isInteger(t) || t < 60 || t > 86_400) return errorReply(reply, 400, quiverError('RequestInvalidFormat', 'ttlSeconds must be a whole number from 60 to 86400.'));
      ttl = t;
    }
    const { token, expires } = ctx.tokens.issue(principal.username, ttl);
    return { token, expires: expires.toISOString() };
  });
};
