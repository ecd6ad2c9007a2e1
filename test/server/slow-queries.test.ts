// The slow-query log on a real server: a slow query is logged once as a JSON line with its
// database, user, duration and text, never its parameters; fast queries are not logged.
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { tempDir } from '../support/tmp.js';

let server: RunningServer;
let cleanup: () => void;
const lines: string[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none', slowQueryMs: 150, defaultMetrics: false, log: (level, message) => lines.push(`${level} ${message}`) });
});

afterAll(async () => {
  await server?.stop();
  cleanup();
});

describe('slow-query log', () => {
  it('logs a slow query (Bolt and HTTP) with its text and never its parameters', async () => {
    const driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('x', 'y'));
    try {
      await driver.executeQuery('RETURN $secret AS fast', { secret: 'hunter2' });
      await driver.executeQuery('UNWIND range(1, 3000) AS a UNWIND range(1, 1000) AS b WITH a, b, $secret AS s RETURN count(*) AS slow', { secret: 'hunter2' });
      await fetch(`http://127.0.0.1:${server.httpPort}/db/neo4j/query/v2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ statement: 'UNWIND range(1, 3000) AS a UNWIND range(1, 1000) AS b RETURN count(*) AS viaHttp', parameters: { secret: 'hunter2' } }),
      });
    } finally {
      await driver.close();
    }
    const slow = lines.filter((l) => l.startsWith('warn ') && l.includes('"slow_query"')).map((l) => JSON.parse(l.slice(5)));
    expect(slow).toHaveLength(2);
    expect(slow[0]).toMatchObject({ event: 'slow_query', database: 'neo4j', outcome: 'success', query: expect.stringContaining('RETURN count(*) AS slow') });
    expect(slow[0].ms).toBeGreaterThanOrEqual(150);
    expect(slow[1].query).toContain('viaHttp');
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});
