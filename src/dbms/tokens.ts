// Bearer tokens: short-lived credentials a client gets once with its password
// (`POST /auth/token` over HTTP) and then sends instead of the password, over HTTP
// (`Authorization: Bearer ...`) or Bolt (`neo4j.auth.bearer(token)`). Checking one costs an HMAC,
// not a scrypt, and the password need not be kept by the client. A token is
// `qv1.<base64url payload>.<base64url HMAC-SHA256>`; the payload names the user and the expiry.
// The key is random per data directory, kept in the system keyspace; tokens die with their expiry
// (or when the user is dropped: the user is looked up on every check).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { quiverError } from '../errors.js';
import type { Store } from '../storage/index.js';

const NS = 'auth.token-key';
const PREFIX = 'qv1.';

export interface TokenPayload {
  readonly sub: string;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

export class TokenIssuer {
  private constructor(private readonly key: Buffer) {}

  /** Loads the signing key, creating it on first use. */
  static async open(store: Store): Promise<TokenIssuer> {
    const tx = store.begin();
    try {
      const sys = await store.system(tx);
      let key = await sys.get(NS, 'hmac');
      if (key === undefined) {
        key = randomBytes(32);
        sys.put(NS, 'hmac', key);
        await tx.commit();
      }
      return new TokenIssuer(Buffer.from(key));
    } finally {
      await tx.rollback();
    }
  }

  issue(username: string, ttlSeconds: number): { token: string; expires: Date } {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const payload = Buffer.from(JSON.stringify({ sub: username, exp } satisfies TokenPayload)).toString('base64url');
    return { token: `${PREFIX}${payload}.${this.sign(payload)}`, expires: new Date(exp * 1000) };
  }

  /** The payload of a valid token; Unauthorized when forged or malformed, TokenExpired when old. */
  verify(token: string): TokenPayload {
    const invalid = () => quiverError('Unauthorized', 'The client is unauthorized due to authentication failure: the bearer token is invalid.');
    if (!token.startsWith(PREFIX)) throw invalid();
    const dot = token.indexOf('.', PREFIX.length);
    if (dot < 0) throw invalid();
    const payload = token.slice(PREFIX.length, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    let p: TokenPayload;
    try {
      p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenPayload;
    } catch {
      throw invalid();
    }
    if (typeof p.sub !== 'string' || typeof p.exp !== 'number') throw invalid();
    if (p.exp * 1000 <= Date.now()) throw quiverError('TokenExpired', 'The bearer token has expired; get a new one.');
    return p;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
