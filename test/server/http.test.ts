// The HTTP plugins through app.inject(): discovery document and health probes.
import { describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/server/http/app.js';

async function app(ready: { value: boolean }, advertised?: string) {
  return buildHttpApp({
    health: { ready: () => ready.value },
    discovery: { boltPort: () => 7687, boltAdvertised: () => advertised, neo4jVersion: '5.26.0', quiverVersion: '0.1.0' },
  });
}

describe('health', () => {
  it('live is always 200; ready follows the server state', async () => {
    const ready = { value: false };
    const a = await app(ready);
    expect((await a.inject({ url: '/health/live' })).statusCode).toBe(200);
    const starting = await a.inject({ url: '/health/ready' });
    expect(starting.statusCode).toBe(503);
    expect(starting.json()).toEqual({ status: 'DOWN' });
    ready.value = true;
    expect((await a.inject({ url: '/health/ready' })).statusCode).toBe(200);
    await a.close();
  });
});

describe('discovery', () => {
  it('GET / names the Bolt and HTTP endpoints from the host the client used', async () => {
    const a = await app({ value: true });
    const res = await a.inject({ url: '/', headers: { host: 'db.example:7474' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      bolt_routing: 'neo4j://db.example:7687',
      bolt_direct: 'bolt://db.example:7687',
      transaction: 'http://db.example:7474/db/{databaseName}/tx',
      query: 'http://db.example:7474/db/{databaseName}/query/v2',
      neo4j_version: '5.26.0',
      neo4j_edition: 'community',
      auth_config: { oidc_providers: [] },
    });
    await a.close();
  });

  it('uses the advertised Bolt address when configured', async () => {
    const a = await app({ value: true }, 'bolt.example:443');
    const res = await a.inject({ url: '/', headers: { host: 'x:1' } });
    expect(res.json().bolt_direct).toBe('bolt://bolt.example:443');
    await a.close();
  });
});

describe('Cypher endpoints through app.inject()', () => {
  it('answer 503 while the server has no engine, then run statements once it has one', async () => {
    const { open } = await import('../../src/index.js');
    const { LocalEngine } = await import('../../src/server/local-engine.js');
    const { HttpAuth } = await import('../../src/server/http/auth.js');
    const { TransactionRegistry } = await import('../../src/server/http/transactions.js');
    const { tempDir } = await import('../support/tmp.js');
    const { dir, cleanup } = tempDir();
    const db = await open(dir);
    let ctx: import('../../src/server/http/context.js').CypherApiContext | null = null;
    const a = await buildHttpApp({
      health: { ready: () => ctx !== null },
      discovery: { boltPort: () => 7687, neo4jVersion: '5.26.0', quiverVersion: '0.1.0' },
      cypher: { context: () => ctx },
    });
    try {
      const body = { statements: [{ statement: 'UNWIND [1, 2] AS x RETURN x * 10 AS y' }] };
      const starting = await a.inject({ method: 'POST', url: '/db/neo4j/tx/commit', payload: body });
      expect(starting.statusCode).toBe(503);
      expect(starting.json().errors[0].code).toBe('Neo.TransientError.General.DatabaseUnavailable');
      const anonymous = { mode: 'none' as const, authenticate: async () => ({ username: 'anonymous', roles: ['admin'], authenticated: false }) };
      ctx = {
        engine: new LocalEngine(db),
        resolveDatabase: (n) => db.catalog.resolve(n).name,
        auth: new HttpAuth({ auth: anonymous }),
        transactions: new TransactionRegistry(60_000),
      };
      const res = await a.inject({ method: 'POST', url: '/db/NEO4J/tx/commit', payload: body });
      expect(res.statusCode).toBe(200);
      expect(res.json().results[0]).toEqual({ columns: ['y'], data: [{ row: [10], meta: [null] }, { row: [20], meta: [null] }] });
      const q = await a.inject({ method: 'POST', url: '/db/neo4j/query/v2', payload: { statement: 'RETURN 1 AS one' } });
      expect(q.statusCode).toBe(202);
      expect(q.json().data).toEqual({ fields: ['one'], values: [[1]] });
      const missing = await a.inject({ method: 'POST', url: '/db/missing/tx/commit', payload: body });
      expect(missing.statusCode).toBe(404);
      await ctx.transactions.closeAll();
    } finally {
      await a.close();
      await db.close();
      cleanup();
    }
  });
});

describe('TransactionRegistry', () => {
  it('one request at a time, only for its owner and database, rolled back when idle', async () => {
    const { TransactionRegistry } = await import('../../src/server/http/transactions.js');
    let rolledBack = 0;
    const fakeTx = (database: string) => ({ database, run: async () => { throw new Error('unused'); }, commit: async () => ({ bookmark: 'b' }), rollback: async () => void rolledBack++ });
    const alice = { username: 'alice', roles: [], authenticated: true };
    const bob = { username: 'bob', roles: [], authenticated: true };
    const reg = new TransactionRegistry(150);
    const t = reg.add(fakeTx('neo4j'), 'neo4j', alice);
    expect(() => reg.acquire(String(t.id), 'neo4j', alice)).toThrow(expect.objectContaining({ code: 'Neo.ClientError.Transaction.TransactionAccessedConcurrently' }));
    reg.release(t);
    expect(() => reg.acquire(String(t.id), 'neo4j', bob)).toThrow(expect.objectContaining({ code: 'Neo.ClientError.Transaction.TransactionNotFound' }));
    expect(() => reg.acquire(String(t.id), 'other', alice)).toThrow(expect.objectContaining({ code: 'Neo.ClientError.Transaction.TransactionNotFound' }));
    expect(() => reg.acquire('1e3', 'neo4j', alice)).toThrow(expect.objectContaining({ code: 'Neo.ClientError.Transaction.TransactionNotFound' }));
    expect(reg.acquire(String(t.id), 'neo4j', alice)).toBe(t);
    reg.release(t);
    await new Promise((r) => setTimeout(r, 400));
    expect(rolledBack).toBe(1);
    expect(reg.size).toBe(0);
  });
});
