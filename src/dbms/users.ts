// Authentication against the users of the security store (src/dbms/security): passwords checked
// with scrypt in constant time, suspended users refused like wrong passwords, failed logins
// rate-limited per user and client address. Passwords and hashes never appear in messages or logs.
import { quiverError } from '../errors.js';
import type { Store } from '../storage/index.js';
import { generatePassword, SecurityStore } from './security/index.js';

export { generatePassword };
export const ADMIN_USER = 'neo4j';

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

export class UserStore {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly open: () => Promise<SecurityStore>;

  /** Over the server's security store, or (tools, tests) over a store whose users it loads itself. */
  constructor(
    source: Store | SecurityStore,
    private readonly rateLimit: RateLimitOptions = { maxFailedAttempts: 3, lockMs: 5_000 },
  ) {
    if (source instanceof SecurityStore) {
      const loaded = Promise.resolve(source);
      this.open = () => loaded;
    } else {
      let loading: Promise<SecurityStore> | null = null;
      this.open = () => (loading ??= SecurityStore.open(source));
    }
  }

  /**
   * On a fresh store, creates the admin `neo4j` with `initialPassword`, or with a generated one
   * that the caller must show exactly once. Does nothing when the admin already exists.
   */
  async ensureAdmin(initialPassword?: string): Promise<{ created: boolean; generatedPassword?: string }> {
    const s = await this.open();
    if (s.user(ADMIN_USER) !== undefined) return { created: false };
    const generated = initialPassword === undefined || initialPassword === '' ? generatePassword() : undefined;
    await s.createUser(ADMIN_USER, { password: generated ?? initialPassword!, passwordChangeRequired: false }, { roles: ['admin'], ifNotExists: true });
    return generated === undefined ? { created: true } : { created: true, generatedPassword: generated };
  }

  /** Creates an active user with `roles` whose password need not be changed (tools and tests). */
  async createUser(username: string, password: string, roles: readonly string[]): Promise<void> {
    await (await this.open()).createUser(username, { password, passwordChangeRequired: false }, { roles });
  }

  /** A user's roles (PUBLIC included), or undefined when there is no such user. */
  async roles(username: string): Promise<readonly string[] | undefined> {
    return (await this.open()).rolesOf(username);
  }

  async exists(username: string): Promise<boolean> {
    return (await this.open()).user(username) !== undefined;
  }

  /**
   * Checks a username and password from `address` (the client's IP). Throws Unauthorized on a
   * wrong user or password or a suspended user, AuthenticationRateLimit while that user is locked
   * out from that address.
   */
  async authenticate(username: string, password: string, address: string): Promise<AuthenticatedUser> {
    const s = await this.open();
    const key = `${username}\u0000${address}`;
    const now = Date.now();
    const f = this.failures.get(key);
    if (f !== undefined && f.lockedUntil > now) {
      throw quiverError('AuthenticationRateLimit', 'The client has provided incorrect authentication details too many times in a row.');
    }
    // Same work for an unknown user, so timing does not reveal which users exist.
    const ok = await s.checkPassword(username, password);
    const user = s.user(username);
    if (!ok || user === undefined || user.suspended) {
      this.recordFailure(key, now);
      throw quiverError('Unauthorized', 'The client is unauthorized due to authentication failure.');
    }
    this.failures.delete(key);
    return { username: user.username, roles: s.rolesOf(username)! };
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
}
