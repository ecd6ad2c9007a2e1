// The native auth store: scrypt hashes in the system keyspace, the initial admin, and rate limits
// per user and address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../src/dbms/users.js';
import { Store } from '../../src/storage/index.js';
import { tempDir } from '../support/tmp.js';

let store: Store;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  store = await Store.open(dir);
});

afterAll(async () => {
  await store.close();
  cleanup();
});

describe('UserStore', () => {
  it('creates the admin once, with the given password, hashed', async () => {
    const users = new UserStore(store);
    expect(await users.ensureAdmin('s3cret-pass')).toEqual({ created: true });
    expect(await users.ensureAdmin('other')).toEqual({ created: false });
    expect(await users.authenticate('neo4j', 's3cret-pass', '1.2.3.4')).toEqual({ username: 'neo4j', roles: ['admin', 'PUBLIC'] });
    const tx = store.begin({ readOnly: true });
    const raw = (await (await store.system(tx)).get('auth.user', 'neo4j'))!.toString();
    await tx.rollback();
    expect(raw).not.toContain('s3cret-pass');
    expect(JSON.parse(raw).scrypt.hash).toMatch(/^[A-Za-z0-9+/=]{80,}$/);
  });

  it('generates a password when none is given', async () => {
    const { dir, cleanup: c } = tempDir();
    const s = await Store.open(dir);
    try {
      const users = new UserStore(s);
      const r = await users.ensureAdmin(undefined);
      expect(r.generatedPassword).toMatch(/^[A-Za-z0-9]{24}$/);
      await expect(users.authenticate('neo4j', r.generatedPassword!, 'a')).resolves.toBeDefined();
    } finally {
      await s.close();
      c();
    }
  });

  it('wrong passwords and unknown users are Unauthorized; repeated failures are rate-limited per address', async () => {
    const users = new UserStore(store, { maxFailedAttempts: 3, lockMs: 300 });
    await users.ensureAdmin('s3cret-pass');
    await expect(users.authenticate('nobody', 'x', 'a')).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    for (let i = 0; i < 3; i++) {
      await expect(users.authenticate('neo4j', 'wrong', '10.0.0.1')).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    }
    await expect(users.authenticate('neo4j', 's3cret-pass', '10.0.0.1')).rejects.toMatchObject({
      code: 'Neo.ClientError.Security.AuthenticationRateLimit',
    });
    // Another address is not affected; after the lock the right password works again.
    await expect(users.authenticate('neo4j', 's3cret-pass', '10.0.0.2')).resolves.toBeDefined();
    await new Promise((r) => setTimeout(r, 350));
    await expect(users.authenticate('neo4j', 's3cret-pass', '10.0.0.1')).resolves.toBeDefined();
  });
});

describe('TokenIssuer', () => {
  it('verifies its own tokens, refuses forged and expired ones, and keeps its key across restarts', async () => {
    const { TokenIssuer } = await import('../../src/dbms/tokens.js');
    const issuer = await TokenIssuer.open(store);
    const { token } = issuer.issue('neo4j', 60);
    expect(issuer.verify(token)).toMatchObject({ sub: 'neo4j' });
    expect((await TokenIssuer.open(store)).verify(token).sub).toBe('neo4j');
    const expired = issuer.issue('neo4j', -10).token;
    expect(() => issuer.verify(expired)).toThrow(expect.objectContaining({ code: 'Neo.ClientError.Security.TokenExpired' }));
    const [p, payload, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ sub: 'admin2', exp: 9e9 })).toString('base64url');
    for (const bad of [`${p}.${other}.${sig}`, 'qv1.x', 'nope', `${p}.${payload}.`]) {
      expect(() => issuer.verify(bad)).toThrow(expect.objectContaining({ code: 'Neo.ClientError.Security.Unauthorized' }));
    }
  });
});
