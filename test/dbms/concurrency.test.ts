// Catalog changes under concurrency, over the real driver: racing creations of one name, isolation
// across 100 databases under random concurrent operations, and the alias blue/green switch under
// load with zero errors.
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mutex } from '../../src/storage/database-state.js';
import { codeOf, type Harness, startHarness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** A small seeded generator, so a failure replays. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

describe('concurrent catalog changes', () => {
  it('two clients creating one name at once: one success, one ExistingDatabaseFound', async () => {
    for (let i = 0; i < 10; i++) {
      const outcomes = await Promise.all([0, 1].map(() => codeOf(h.run(`CREATE DATABASE race_${i}`).then(() => Promise.reject({ code: 'ok' })))));
      expect(outcomes.sort()).toEqual(['Neo.ClientError.Database.ExistingDatabaseFound', 'ok']);
    }
    const shown = (await h.run("SHOW DATABASES YIELD name WHERE name STARTS WITH 'race_'")).length;
    expect(shown).toBe(10);
  });

  it('isolation across 100 databases under random concurrent operations (seeded)', { timeout: 60_000 }, async () => {
    const N = 100;
    const rand = rng(20261123);
    const dbs = Array.from({ length: N }, (_, i) => `iso_${String(i).padStart(3, '0')}`);
    await Promise.all(dbs.map((d) => h.run(`CREATE DATABASE ${d}`)));
    const model = new Map<string, Set<number>>(dbs.map((d) => [d, new Set()]));
    const locks = new Map(dbs.map((d) => [d, new Mutex()]));
    let nextK = 0;
    const ops = Array.from({ length: 600 }, () => ({ db: dbs[Math.floor(rand() * N)]!, r: rand(), k: nextK++ }));
    let cursor = 0;
    const worker = async (): Promise<void> => {
      const session = () => h.driver.session({ database: 'system' });
      for (let o = ops[cursor++]; o !== undefined; o = ops[cursor++]) {
        const release = await locks.get(o.db)!.lock();
        try {
          const keys = model.get(o.db)!;
          if (o.r < 0.6) {
            await h.run('CREATE (:Item {db: $db, k: $k})', { db: o.db, k: neo4j.int(o.k) }, o.db);
            keys.add(o.k);
          } else if (o.r < 0.85 && keys.size > 0) {
            const k = [...keys][Math.floor(o.r * 1000) % keys.size]!;
            await h.run('MATCH (n:Item {k: $k}) DELETE n', { k: neo4j.int(k) }, o.db);
            keys.delete(k);
          } else if (o.r < 0.95) {
            // Drop for good and re-create: the name starts empty.
            const s = session();
            await s.run(`DROP DATABASE ${o.db} DESTROY DATA`);
            await s.run(`CREATE DATABASE ${o.db}`);
            await s.close();
            keys.clear();
          } else {
            // Soft drop and UNDROP: the data comes back.
            const s = session();
            await s.run(`DROP DATABASE ${o.db}`);
            await s.run(`UNDROP DATABASE ${o.db}`);
            await s.close();
          }
        } finally {
          release();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const usage = new Map((await h.run("SHOW DATABASES YIELD name, nodes WHERE name STARTS WITH 'iso_'")).map((r) => [r.name as string, r.nodes as number]));
    for (const d of dbs) {
      const rows = await h.run('MATCH (n) RETURN n.db AS db, n.k AS k', {}, d);
      expect(rows.every((r) => r.db === d), `a node of another database is visible in ${d}`).toBe(true);
      expect(rows.map((r) => r.k as number).sort((a, b) => a - b)).toEqual([...model.get(d)!].sort((a, b) => a - b));
      expect(usage.get(d)).toBe(model.get(d)!.size);
    }
  });

  it('an alias repointed repeatedly under load: the looping client sees old or new target, never an error', { timeout: 30_000 }, async () => {
    await h.run('CREATE DATABASE app_blue');
    await h.run('CREATE DATABASE app_green');
    await h.run('UNWIND range(1, 3) AS i CREATE (:Row)', {}, 'app_blue');
    await h.run('UNWIND range(1, 5) AS i CREATE (:Row)', {}, 'app_green');
    await h.run('CREATE ALIAS app FOR DATABASE app_blue');
    let stop = false;
    const seen = new Map<number, number>();
    const errors: unknown[] = [];
    const reader = async (): Promise<void> => {
      while (!stop) {
        const s = h.driver.session({ database: 'app' });
        try {
          const r = await s.run('MATCH (n) RETURN count(n) AS c');
          const c = r.records[0]!.get('c').toNumber();
          seen.set(c, (seen.get(c) ?? 0) + 1);
        } catch (e) {
          errors.push(e);
        } finally {
          await s.close();
        }
      }
    };
    const readers = Array.from({ length: 4 }, reader);
    for (let i = 0; i < 60; i++) {
      await h.run(`ALTER ALIAS app SET DATABASE TARGET ${i % 2 === 0 ? 'app_green' : 'app_blue'}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    stop = true;
    await Promise.all(readers);
    expect(errors).toEqual([]);
    expect([...seen.keys()].sort()).toEqual([3, 5]);
  });
});
