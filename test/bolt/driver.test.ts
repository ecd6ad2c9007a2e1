// The real neo4j-driver against a real server on random ports: connectivity over bolt:// and
// neo4j://, native and disabled auth, real queries through the engine, a failing statement and
// recovery through RESET, unknown databases, and a browser-style WebSocket client.
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';

const PASSWORD = 'correct horse battery staple';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  throw new Error('expected a failure');
}

describe.each(['none', 'native'] as const)('auth %s', (auth) => {
  let server: RunningServer;
  let cleanup: () => void;
  const drivers: Driver[] = [];
  const token = () => (auth === 'native' ? neo4j.auth.basic('neo4j', PASSWORD) : neo4j.auth.basic('anyone', 'anything'));
  const driver = (scheme: 'bolt' | 'neo4j', t = token()): Driver => {
    const d = neo4j.driver(`${scheme}://127.0.0.1:${server.boltPort}`, t, { logging: { level: 'error', logger: () => {} } });
    drivers.push(d);
    return d;
  };

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth, initialPassword: PASSWORD });
  });

  afterAll(async () => {
    for (const d of drivers) await d.close();
    await server.stop();
    cleanup();
  });

  for (const scheme of ['bolt', 'neo4j'] as const) {
    it(`verifyConnectivity and getServerInfo over ${scheme}://`, async () => {
      const d = driver(scheme);
      await d.verifyConnectivity();
      const info = await d.getServerInfo();
      expect(info.agent).toMatch(/^Neo4j\/5\./);
      expect(info.protocolVersion).toMatchObject({ major: 5, minor: 8 });
    });

    it(`runs queries, fails a bad one with its code, and carries on over ${scheme}://`, async () => {
      const d = driver(scheme);
      const s = d.session();
      try {
        const r = await s.run('RETURN 1 AS one, $x AS x', { x: neo4j.int(2n ** 62n) });
        expect(r.records[0]!.get('one').toNumber()).toBe(1);
        expect(r.records[0]!.get('x').toBigInt()).toBe(2n ** 62n);
        expect(await codeOf(s.run('RETURN nope'))).toBe('Neo.ClientError.Statement.SyntaxError');
        expect(await codeOf(s.run('RETURN 1 +'))).toBe('Neo.ClientError.Statement.SyntaxError');
        const w = await s.executeWrite((tx) => tx.run('CREATE (n:Probe {scheme: $s}) RETURN n', { s: scheme }));
        expect(w.records[0]!.get('n').labels).toEqual(['Probe']);
        expect(w.summary.counters.updates().nodesCreated).toBe(1);
        const c = await s.executeRead((tx) => tx.run('MATCH (n:Probe {scheme: $s}) RETURN count(n) AS c', { s: scheme }));
        expect(c.records[0]!.get('c').toNumber()).toBe(1);
      } finally {
        await s.close();
      }
      await d.verifyConnectivity();
    });

    it(`an unknown database gives DatabaseNotFound over ${scheme}://`, async () => {
      const d = driver(scheme);
      const s = d.session({ database: 'nosuchdb' });
      try {
        expect(await codeOf(s.run('RETURN 1'))).toBe('Neo.ClientError.Database.DatabaseNotFound');
      } finally {
        await s.close();
      }
    });
  }

  if (auth === 'native') {
    it('a wrong password gives Unauthorized over bolt:// and neo4j://', async () => {
      for (const scheme of ['bolt', 'neo4j'] as const) {
        const d = driver(scheme, neo4j.auth.basic('neo4j', 'wrong'));
        expect(await codeOf(d.verifyConnectivity())).toBe('Neo.ClientError.Security.Unauthorized');
      }
      // The right password still works from the same address (two failures are under the limit).
      await driver('bolt').verifyConnectivity();
    });
  }
});
