// The minimal native auth store (DESIGN.md section 8): users in the system keyspace, passwords
// hashed with scrypt (random salt, constant-time compare), failed logins rate-limited per user and
// client address. Passwords and hashes never appear in messages or logs.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { quiverError } from '../errors.js';
import type { Store } from '../storage/index.js';

const NS = 'auth.user';
export const ADMIN_USER = 'neo4j';

interface StoredUser {
  readonly username: string;
  readonly roles: readonly string[];
  readonly passwordChangeRequired: boolean;
  readonly scrypt: { readonly salt: string; readonly hash: string; readonly N: number; readonly r: number; readonly p: number };
  readonly createdAt: string;
}

/** An authenticated user. */
export interface AuthenticatedUser {
  readonly username: string;
  readonly roles: readonly string[];
}

export interface RateLimitOptions {
  /** Failures in a row (per user and address) before attempts are refused. Neo4j's default is 3. */
  readonly maxFailedAttempts: number;
  /** How long attempts are refused after that, in ms. */
  readonly lockMs: number;
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 } as const;

function hashPassword(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT.keylen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** A random password for the generated admin: 24 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(24);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export class UserStore {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly dummySalt = randomBytes(16);

  constructor(
    private readonly store: Store,
    private readonly rateLimit: RateLimitOptions = { maxFailedAttempts: 3, lockMs: 5_000 },
  ) {}

  /**
   * On a fresh store, creates the admin `neo4j` with `initialPassword`, or with a generated one
   * that the caller must show exactly once. Does nothing when the admin already exists.
   */
  async ensureAdmin(initialPassword?: string): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.get(ADMIN_USER)) !== undefined) return { created: false };
    const generated = initialPassword === undefined || initialPassword === '' ? generatePassword() : undefined;
    await this.createUser(ADMIN_USER, generated ?? initialPassword!, ['admin', 'PUBLIC']);
    return generated === undefined ? { created: true } : { created: true, generatedPassword: generated };
  }

  async createUser(username: string, password: string, roles: readonly string[]): Promise<void> {
    if (password.length === 0) throw quiverError('ArgumentError', 'A password must not be empty.');
    const salt = randomBytes(16);
    const hash = await hashPassword(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
    const user: StoredUser = {
      username,
      roles,
      passwordChangeRequired: false,
      scrypt: { salt: salt.toString('base64'), hash: hash.toString('base64'), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p },
      createdAt: new Date().toISOString(),
    };
    const tx = this.store.begin();
    try {
      (await this.store.system(tx)).put(NS, username, Buffer.from(JSON.stringify(user)));
      await tx.commit();
    } finally {
      await tx.rollback();
    }
  }

  /** A user's roles, or undefined when there is no such user (bearer tokens re-check the user). */
  async roles(username: string): Promise<readonly string[] | undefined> {
    return (await this.get(username))?.roles;
  }

  async exists(username: string): Promise<boolean> {
    return (await this.get(username)) !== undefined;
  }

  /**
   * Checks a username and password from `address` (the client's IP). Throws Unauthorized on a
   * wrong user or password, AuthenticationRateLimit while that user is locked out from that address.
   */
  async authenticate(username: string, password: string, address: string): Promise<AuthenticatedUser> {
    const key = `${username}\u0000${address}`;
    const now = Date.now();
    const f = this.failures.get(key);
    if (f !== undefined && f.lockedUntil > now) {
      throw quiverError(
        'AuthenticationRateLimit',
        'The client has provided incorrect authentication details too many times in a row.',
      );
    }
    const user = await this.get(username);
    let ok = false;
    if (user === undefined) {
      // Same work for an unknown user, so timing does not reveal which users exist.
      await hashPassword(password, this.dummySalt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
    } else {
      const s = user.scrypt;
      const expected = Buffer.from(s.hash, 'base64');
      const actual = await hashPassword(password, Buffer.from(s.salt, 'base64'), s.N, s.r, s.p);
      ok = actual.length === expected.length && timingSafeEqual(actual, expected);
    }
    if (!ok || user === undefined) {
      this.recordFailure(key, now);
      throw quiverError('Unauthorized', 'The client is unauthorized due to authentication failure.');
    }
    this.failures.delete(key);
    return { username: user.username, roles: user.roles };
  }

  private recordFailure(key: string, now: number): void {
    if (this.failures.size > 10_000) {
      for (const [k, v] of this.failures) if (v.lockedUntil <= now && v.count < this.rateLimit.maxFailedAttempts) this.failures.delete(k);
    }
    const f = this.failures.get(key) ?? { count: 0, lockedUntil: 0 };
    if (f.lockedUntil !== 0 && f.lockedUntil <= now) f.count = 0; // the lock expired: start over
    f.count++;
    f.lockedUntil = f.count >= this.rateLimit.maxFailedAttempts ? now + this.rateLimit.lockMs : 0;
    this.failures.set(key, f);
  }

  private async get(username: string): Promise<StoredUser | undefined> {
    const tx = this.store.begin({ readOnly: true });
    try {
      const v = await (await this.store.system(tx)).get(NS, username);
      return v === undefined ? undefined : (JSON.parse(v.toString('utf8')) as StoredUser);
    } finally {
      await tx.rollback();
    }
  }
}
