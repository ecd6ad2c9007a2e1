// Counted limits (max_nodes, max_relationships, max_storage_bytes): checked at commit under the
// commit lock, exact under concurrency, all-or-nothing, counted in metrics and the audit log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startHarness, type Harness } from '../dbms/support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.stop();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a failure');
}

async function count(db: string, q = 'MATCH (n) RETURN count(n) AS c'): Promise<number> {
  return (await h.run(q, {}, db))[0]!.c as number;
}

describe('max_nodes', () => {
  it('16 concurrent writers against max_nodes = 1000 leave exactly 1000 nodes, never 1001', async () => {
    await h.run('CREATE DATABASE crowd');
    await h.run('ALTER DATABASE crowd SET LIMIT max_nodes = 1000');
    const WRITERS = 16;
    const PER_WRITER = 70; // 1,120 attempts for 1,000 places
    let ok = 0;
    let refused = 0;
    const other: string[] = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const s = h.driver.session({ database: 'crowd' });
        try {
          for (let i = 0; i < PER_WRITER; i++) {
            try {
              await s.run('CREATE (:N {w: $w, i: $i})', { w, i });
              ok++;
            } catch (e) {
              const code = (e as { code: string }).code;
              if (code === 'Neo.ClientError.Database.StorageLimitExceeded') refused++;
              else other.push(code);
            }
          }
        } finally {
          await s.close();
        }
      }),
    );
    expect(other).toEqual([]);
    expect(ok).toBe(1000);
    expect(refused).toBe(WRITERS * PER_WRITER - 1000);
    expect(await count('crowd')).toBe(1000);
    const usage = await h.run("SHOW USAGE FOR DATABASE crowd WHERE metric = 'nodes'");
    expect(usage[0]).toMatchObject({ value: 1000, limit: 1000 });
  });

  it('a transaction that would exceed fails whole, auto-commit or explicit, and names database, limit, value and figure', async () => {
    await h.run('CREATE DATABASE batch');
    await h.run('ALTER DATABASE batch SET LIMIT max_nodes = 10');
    await h.run('UNWIND range(1, 8) AS i CREATE (:N {i: i})', {}, 'batch');
    const f = await failure(h.run('UNWIND range(1, 5) AS i CREATE (:N {i: i})', {}, 'batch'));
    expect(f.code).toBe('Neo.ClientError.Database.StorageLimitExceeded');
    expect(f.message).toContain("Database 'batch'");
    expect(f.message).toContain('max_nodes = 10');
    expect(f.message).toContain('8 nodes committed + 5 in this transaction = 13');
    expect(await count('batch')).toBe(8);
    const s = h.driver.session({ database: 'batch' });
    const tx = await s.beginTransaction();
    await tx.run('CREATE (:N)');
    await tx.run('CREATE (:N)');
    await tx.run('CREATE (:N)');
    expect(await codeOf(tx.commit())).toBe('Neo.ClientError.Database.StorageLimitExceeded');
    await s.close();
    expect(await count('batch')).toBe(8);
    // Exactly at the limit is allowed; deleting is always allowed, even over a lowered limit.
    await h.run('UNWIND range(1, 2) AS i CREATE (:N)', {}, 'batch');
    expect(await count('batch')).toBe(10);
    await h.run('ALTER DATABASE batch SET LIMIT max_nodes = 5');
    await h.run('MATCH (n) WITH n LIMIT 2 DELETE n', {}, 'batch');
    expect(await count('batch')).toBe(8);
    expect(await codeOf(h.run('CREATE ()', {}, 'batch'))).toBe('Neo.ClientError.Database.StorageLimitExceeded');
  });
});

describe('max_relationships and max_storage_bytes', () => {
  it('max_edges (= max_relationships) caps relationships; nodes are not affected', async () => {
    await h.run('CREATE DATABASE graph');
    await h.run('ALTER DATABASE graph SET LIMIT max_edges = 3');
    await h.run('CREATE (a:A) WITH a UNWIND range(1, 3) AS i CREATE (a)-[:R]->(:B)', {}, 'graph');
    const f = await failure(h.run('MATCH (a:A) CREATE (a)-[:R]->(:B)', {}, 'graph'));
    expect(f.code).toBe('Neo.ClientError.Database.StorageLimitExceeded');
    expect(f.message).toContain('max_relationships = 3');
    expect(f.message).toContain('3 relationships committed + 1 in this transaction = 4');
    expect(await count('graph', 'MATCH ()-[r]->() RETURN count(r) AS c')).toBe(3);
    await h.run('CREATE (:Loose)', {}, 'graph');
    expect(await count('graph')).toBe(5);
  });

  it('max_storage_bytes counts keys and values of graph data; a write past it fails whole', async () => {
    await h.run('CREATE DATABASE bytes');
    await h.run("ALTER DATABASE bytes SET LIMIT max_bytes = '20KB'");
    const blob = 'x'.repeat(1000);
    let stored = 0;
    let f: { code: string; message: string } | undefined;
    for (let i = 0; i < 40 && f === undefined; i++) {
      try {
        await h.run('CREATE (:Doc {i: $i, body: $blob})', { i, blob }, 'bytes');
        stored++;
      } catch (e) {
        f = { code: (e as { code: string }).code, message: (e as Error).message };
      }
    }
    expect(f?.code).toBe('Neo.ClientError.Database.StorageLimitExceeded');
    expect(f?.message).toMatch(/max_storage_bytes = 20000 bytes; observed \d+ bytes committed \+ \d+ in this transaction = \d+/);
    expect(stored).toBeGreaterThan(10);
    expect(stored).toBeLessThan(20);
    expect(await count('bytes')).toBe(stored);
    const used = (await h.run("SHOW USAGE FOR DATABASE bytes WHERE metric = 'storage_bytes'"))[0]!;
    expect(used.value as number).toBeLessThanOrEqual(20_000);
    expect(used.value as number).toBeGreaterThan(stored * 1000);
  });
});

describe('rejections are counted and audited', () => {
  it('quiver_limit_rejections_total and the per-database gauges are in /metrics; the audit log has a JSON line per rejection', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${h.server.httpPort}/metrics`)).text();
    expect(metrics).toContain('quiver_limit_rejections_total{database="crowd",limit="max_nodes"} 120');
    expect(metrics).toContain('quiver_limit_rejections_total{database="graph",limit="max_relationships"} 1');
    expect(metrics).toContain('quiver_database_nodes{database="crowd"} 1000');
    expect(metrics).toContain('quiver_database_relationships{database="graph"} 3');
    expect(metrics).toMatch(/quiver_database_storage_bytes\{database="bytes"\} \d+/);
    h = await h.restart(); // stopping flushes the audit log's counts of suppressed lines
    const lines = readFileSync(join(h.dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // At most 100 lines per database, limit and second; the rest are counted on one line.
    const crowd = lines.filter((l) => l.database === 'crowd' && l.event === 'limit_rejection');
    const suppressed = lines.filter((l) => l.database === 'crowd' && l.event === 'limit_rejections_suppressed');
    expect(crowd.length + suppressed.reduce((n, l) => n + (l.count as number), 0)).toBe(120);
    expect(crowd[0]).toMatchObject({ event: 'limit_rejection', limit: 'max_nodes', value: 1000, observed: 1001, code: 'Neo.ClientError.Database.StorageLimitExceeded' });
    expect(typeof crowd[0]!.time).toBe('string');
  });
});



