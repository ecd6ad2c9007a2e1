// The server object's lifecycle: ready/not-ready probes, graceful shutdown that lets an open
// transaction finish within the grace period and rolls back what is left after it.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import { FakeEngine } from '../bolt/fake-engine.js';
import { tempDir } from '../support/tmp.js';

const quiet = { logging: { level: 'error' as const, logger: () => {} } };

describe('graceful shutdown', () => {
  it('lets a transaction commit during the grace period and answers 503 meanwhile', async () => {
    const { dir, cleanup } = tempDir();
    const engine = new FakeEngine();
    const s = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none', engine, shutdownTimeoutMs: 5_000 });
    const driver = neo4j.driver(`bolt://127.0.0.1:${s.boltPort}`, neo4j.auth.basic('a', 'b'), quiet);
    try {
      const session = driver.session();
      const tx = await session.beginTransaction();
      await tx.run('ROWS 1');
      const stopping = s.stop();
      expect(s.state).toBe('stopping');
      expect((await fetch(`http://127.0.0.1:${s.httpPort}/health/ready`)).status).toBe(503);
      await tx.commit();
      expect(engine.commits).toBe(1);
      await stopping;
      expect(s.state).toBe('stopped');
      await expect(fetch(`http://127.0.0.1:${s.httpPort}/health/live`)).rejects.toThrow();
    } finally {
      await driver.close();
      cleanup();
    }
  });

  it('rolls back what is still open when the grace period ends', async () => {
    const { dir, cleanup } = tempDir();
    const engine = new FakeEngine();
    const s = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none', engine, shutdownTimeoutMs: 200 });
    const driver = neo4j.driver(`bolt://127.0.0.1:${s.boltPort}`, neo4j.auth.basic('a', 'b'), quiet);
    try {
      const session = driver.session();
      const tx = await session.beginTransaction();
      await tx.run('ROWS 1');
      const t0 = Date.now();
      await s.stop();
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect(engine.rollbacks).toBe(1);
      await expect(tx.commit()).rejects.toThrow();
      // The store was closed cleanly: it opens again at once.
      const again = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' });
      await again.stop();
    } finally {
      await driver.close();
      cleanup();
    }
  });

  it('a second server cannot open the same data directory and fails cleanly', async () => {
    const { dir, cleanup } = tempDir();
    const s = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' });
    try {
      await expect(startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' })).rejects.toThrow();
    } finally {
      await s.stop();
      cleanup();
    }
  });
});
