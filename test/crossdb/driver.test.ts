// Cross-database queries over the real neo4j-driver against a real server (Bolt, real engine).
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';

let server: RunningServer;
let driver: Driver;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' });
  await server.catalog.create('tenant_a');
  await server.catalog.create('tenant_b');
  driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', 'x'), { useBigInt: true, logging: { level: 'error', logger: () => {} } } as never);
  await driver.executeQuery("UNWIND range(1, 4) AS i CREATE (:Person {email: 'e' + i, name: 'a' + i})", {}, { database: 'tenant_a' });
  await driver.executeQuery("UNWIND range(3, 6) AS i CREATE (:Person {email: 'e' + i, name: 'b' + i})", {}, { database: 'tenant_b' });
});

afterAll(async () => {
  await driver?.close();
  await server?.stop();
  cleanup();
});

describe('cross-database queries through Bolt', () => {
  it('a join across two databases', async () => {
    const r = await driver.executeQuery(
      'MATCH (n:Person) FROM DATABASE tenant_a MATCH (m:Person) FROM DATABASE $b WHERE n.email = m.email RETURN n.name AS a, m.name AS b ORDER BY a',
      { b: 'tenant_b' },
    );
    expect(r.records.map((x) => [x.get('a'), x.get('b')])).toEqual([
      ['a3', 'b3'],
      ['a4', 'b4'],
    ]);
  });

  it('UNION of USE parts, and an atomic write to two databases in one transaction', async () => {
    const session = driver.session({ database: 'neo4j' });
    try {
      await session.executeWrite((tx) => tx.run("CREATE (:Audit {t: 'x'}) FROM DATABASE tenant_a CREATE (:Audit {t: 'x'}) FROM DATABASE tenant_b"));
      const r = await session.run('USE tenant_a MATCH (n:Audit) RETURN count(n) AS c UNION ALL USE tenant_b MATCH (n:Audit) RETURN count(n) AS c');
      expect(r.records.map((x) => x.get('c'))).toEqual([1n, 1n]);
    } finally {
      await session.close();
    }
  });

  it('errors arrive with their Neo4j codes', async () => {
    await expect(driver.executeQuery('MATCH (n) FROM DATABASE missing_db RETURN n')).rejects.toMatchObject({ code: 'Neo.ClientError.Database.DatabaseNotFound' });
    await expect(driver.executeQuery('MATCH (n:Person) FROM DATABASE tenant_a MATCH (n)-[:R]->(m) FROM DATABASE tenant_b RETURN m')).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.SemanticError',
    });
  });
});
