// HTTP authentication for the Cypher endpoints (specs/bolt-and-http.md section 8,
// AuthorizationEnabledFilter): Basic (and Bearer, when the authenticator accepts the scheme) with
// the same users as Bolt. No header → 401 with the challenge; a malformed header → 400; a wrong
// password → 401; too many failures → 429. Successful checks are cached for a short time, keyed by
// an HMAC of the header (never the header itself), because scrypt is deliberately slow and HTTP
// sends the credentials with every request; Neo4j caches authentication the same way
// (dbms.security.auth_cache_ttl).
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isQuiverError, quiverError, type QuiverError } from '../../errors.js';
import type { Authenticator } from '../bolt/context.js';
import type { AuthToken } from '../bolt/messages.js';
import type { Principal } from '../session.js';

const CHALLENGE = 'Basic realm="Neo4j", Bearer realm="Neo4j"';

export interface HttpAuthOptions {
  readonly auth: Authenticator;
  /** How long a successful check is reused (ms); 0 disables the cache. */
  readonly cacheTtlMs?: number;
  /** Called on every failed check with the user name tried (null when none could be read), the address and the error code. */
  readonly onFailure?: (username: string | null, address: string, code: string) => void;
}

export class HttpAuth {
  private readonly cache = new Map<string, { principal: Principal; expires: number }>();
  private readonly ttl: number;
  /** Keys the cache: a per-process HMAC key, so the cache holds nothing a password can be guessed from offline. */
  private readonly secret = randomBytes(32);

  constructor(private readonly opts: HttpAuthOptions) {
    this.ttl = opts.cacheTtlMs ?? 60_000;
  }

  /** Forgets cached checks (after a password change or a user is dropped). */
  invalidate(): void {
    this.cache.clear();
  }

  /**
   * The principal for an `Authorization` header value (any protocol that carries one: HTTP, gRPC
   * metadata). Throws Unauthorized (no or wrong credentials), RequestInvalidFormat (a malformed
   * header) or AuthenticationRateLimit. Under `--auth none` everyone is an anonymous admin.
   */
  async authenticateHeader(header: string | undefined, address: string): Promise<Principal> {
    if (this.opts.auth.mode === 'none') return this.opts.auth.authenticate(header === undefined ? NONE : parse(header) ?? NONE, address);
    if (header === undefined || header === '') throw quiverError('Unauthorized', 'No authentication header supplied.');
    const token = parse(header);
    if (token === null) {
      this.opts.onFailure?.(null, address, 'Neo.ClientError.Request.InvalidFormat');
      throw quiverError('RequestInvalidFormat', 'Invalid authentication header.');
    }
    // Bearer tokens cost an HMAC to check and carry their own expiry: only passwords are cached.
    const cached = this.ttl > 0 && token.scheme === 'basic';
    const key = cached ? createHmac('sha256', this.secret).update(header).digest('base64') : '';
    const now = Date.now();
    if (cached) {
      const hit = this.cache.get(key);
      if (hit !== undefined && hit.expires > now) return hit.principal;
    }
    try {
      const principal = await this.opts.auth.authenticate(token, address);
      if (cached) {
        if (this.cache.size >= 10_000) this.sweep(now);
        this.cache.set(key, { principal, expires: now + this.ttl });
      }
      return principal;
    } catch (e) {
      this.opts.onFailure?.(token.principal, address, isQuiverError(e) ? e.code : 'Neo.ClientError.Security.Unauthorized');
      if (isQuiverError(e)) throw e;
      throw quiverError('Unauthorized', 'Invalid credential.');
    }
  }

  /**
   * The principal of an HTTP request, or null after sending the error response: 401 with the
   * challenge, 400 for a malformed header, 429 when rate-limited.
   */
  async principal(req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
    try {
      return await this.authenticateHeader(req.headers.authorization, req.ip);
    } catch (e) {
      const err = isQuiverError(e) ? e : quiverError('Unauthorized', 'Invalid credential.');
      if (err.kind === 'AuthenticationRateLimit') send(reply.code(429), err);
      else if (err.kind === 'RequestInvalidFormat') send(reply.code(400), err);
      else this.challenge(req, reply, 401, err);
      return null;
    }
  }

  private challenge(req: FastifyRequest, reply: FastifyReply, status: number, e: QuiverError): void {
    // Browsers show their own login dialog on a Basic challenge; Neo4j Browser asks for none.
    const ajax = req.headers['x-ajax-browser-auth'] === 'true';
    send(reply.code(status).header('WWW-Authenticate', ajax ? 'None' : CHALLENGE), e);
  }

  private sweep(now: number): void {
    for (const [k, v] of this.cache) if (v.expires <= now) this.cache.delete(k);
    if (this.cache.size >= 10_000) this.cache.clear();
  }
}

const NONE: AuthToken = { scheme: 'none', principal: null, credentials: null, realm: null };

/** `Basic base64(user:password)` or `Bearer token`; null when malformed. */
export function parse(header: string): AuthToken | null {
  const sp = header.indexOf(' ');
  if (sp < 0) return null;
  const scheme = header.slice(0, sp).toLowerCase();
  const rest = header.slice(sp + 1).trim();
  if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+=*$/.test(rest)) return null;
    const decoded = Buffer.from(rest, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { scheme: 'basic', principal: decoded.slice(0, colon), credentials: decoded.slice(colon + 1), realm: null };
  }
  if (scheme === 'bearer') {
    if (rest === '') return null;
    return { scheme: 'bearer', principal: null, credentials: rest, realm: null };
  }
  return null;
}

function send(reply: FastifyReply, e: QuiverError): void {
  void reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ errors: [{ code: e.code, message: e.message }] }));
}
