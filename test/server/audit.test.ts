// The audit log on a real server: authentication failures (Bolt and HTTP), administration commands
// with their string literals masked, cross-database queries with the databases they touched; no
// password ever reaches the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { maskLiterals } from '../../src/server/local-engine.js';
import { startServer } from '../../src/server/server.js';
import { tempDir } from '../support/tmp.js';

describe('audit log', () => {
  it('records auth failures, admin commands and cross-database queries, never secrets', async () => {
    const { dir, cleanup } = tempDir();
    const server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'native', initialPassword: 'admin-pass-1', defaultMetrics: false });
    try {
      const bad = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('mallory', 'guess-pass-1'));
      await expect(bad.verifyConnectivity()).rejects.toThrow();
      await bad.close();
      const res = await fetch(`http://127.0.0.1:${server.httpPort}/db/neo4j/query/v2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('eve:guess-pass-2').toString('base64')}` },
        body: '{"statement":"RETURN 1"}',
      });
      expect(res.status).toBe(401);
      const d = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', 'admin-pass-1'));
      try {
        await d.executeQuery('CREATE DATABASE audited', {}, { database: 'system' });
        await d.executeQuery("CREATE USER bob SET PASSWORD 'bobs-pass-123' CHANGE NOT REQUIRED", {}, { database: 'system' });
        await d.executeQuery('MATCH (n) FROM DATABASE audited RETURN count(n) AS a');
        await d.executeQuery('CREATE (:NotAudited)');
      } finally {
        await d.close();
      }
    } finally {
      await server.stop();
    }
    const text = readFileSync(join(dir, 'audit.log'), 'utf8');
    cleanup();
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toContainEqual(expect.objectContaining({ event: 'auth_failure', protocol: 'bolt', user: 'mallory', code: 'Neo.ClientError.Security.Unauthorized' }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'auth_failure', protocol: 'http/grpc', user: 'eve' }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'admin_command', user: 'neo4j', query: 'CREATE DATABASE audited' }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'admin_command', query: "CREATE USER bob SET PASSWORD '******' CHANGE NOT REQUIRED" }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'cross_database_query', user: 'neo4j', databases: expect.arrayContaining(['neo4j', 'audited']) }));
    expect(events.filter((e) => String(e.query ?? '').includes('NotAudited'))).toEqual([]);
    for (const secret of ['admin-pass-1', 'guess-pass-1', 'guess-pass-2', 'bobs-pass-123']) expect(text).not.toContain(secret);
  });

  it('masks every string literal, escapes included', () => {
    expect(maskLiterals(`ALTER USER x SET PASSWORD 'a\\'b' SET STATUS ACTIVE`)).toBe("ALTER USER x SET PASSWORD '******' SET STATUS ACTIVE");
    expect(maskLiterals('CREATE ALIAS a FOR DATABASE b PROPERTIES {k: "v"}')).toBe("CREATE ALIAS a FOR DATABASE b PROPERTIES {k: '******'}");
  });
});
