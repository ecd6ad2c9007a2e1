// The catalog across restarts (databases, aliases, states, access, drop retention) and its
// configuration (default database, database limit, retention), over the real driver.
import { describe, expect, it } from 'vitest';
import { codeOf, startHarness } from './support.js';

async function until(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('persistence', () => {
  it('keeps databases, aliases, states, access and dropped databases across a restart', async () => {
    let h = await startHarness();
    try {
      for (const n of ['p_live', 'p_stopped', 'p_ro', 'p_dropped', 'p_renamed']) await h.run(`CREATE DATABASE ${n}`);
      await h.run('CREATE (:Keep {v: 1})', {}, 'p_dropped');
      await h.run('CREATE (:Keep {v: 2})', {}, 'p_renamed');
      await h.run('CREATE ALIAS p_alias FOR DATABASE p_live PROPERTIES {team: "a"}');
      await h.run('CREATE ALIAS p_alias2 FOR DATABASE p_renamed');
      await h.run('STOP DATABASE p_stopped');
      await h.run('ALTER DATABASE p_ro SET ACCESS READ ONLY');
      await h.run('DROP DATABASE p_dropped');
      await h.run('RENAME DATABASE p_renamed TO p_new_name');
      const before = await h.run('SHOW DATABASES YIELD name, access, currentStatus, aliases, databaseID');
      h = await h.restart();
      expect(await h.run('SHOW DATABASES YIELD name, access, currentStatus, aliases, databaseID')).toEqual(before);
      expect(await codeOf(h.run('RETURN 1', {}, 'p_stopped'))).toBe('Neo.TransientError.General.DatabaseUnavailable');
      expect(await codeOf(h.run('CREATE ()', {}, 'p_ro'))).toBe('Neo.ClientError.General.WriteOnReadOnlyAccessDatabase');
      expect((await h.run('SHOW ALIASES FOR DATABASES YIELD name, database, properties')).filter((a) => String(a.name).startsWith('p_'))).toEqual([
        { name: 'p_alias', database: 'p_live', properties: { team: 'a' } },
        { name: 'p_alias2', database: 'p_new_name', properties: {} },
      ]);
      expect(await h.run('MATCH (n:Keep) RETURN n.v AS v', {}, 'p_alias2')).toEqual([{ v: 2 }]);
      expect((await h.run('SHOW DROPPED DATABASES')).map((r) => r.name)).toEqual(['p_dropped']);
      await h.run('UNDROP DATABASE p_dropped');
      expect(await h.run('MATCH (n:Keep) RETURN n.v AS v', {}, 'p_dropped')).toEqual([{ v: 1 }]);
    } finally {
      await h.stop();
    }
  });

  it('purges a dropped database after its retention: lazily on the one timer, and at start-up after a restart', async () => {
    let h = await startHarness({ dropRetentionMs: 300 });
    try {
      await h.run('CREATE DATABASE r_soon');
      await h.run('CREATE (:X)', {}, 'r_soon');
      const id = h.server.catalog.lookup('r_soon')!.id;
      await h.run('DROP DATABASE r_soon');
      expect(h.server.store.isRetained(id)).toBe(true);
      await until(async () => (await h.run('SHOW DROPPED DATABASES')).length === 0);
      await h.server.store.purged();
      expect(h.server.store.isRetained(id)).toBe(false);
      expect(await codeOf(h.run('UNDROP DATABASE r_soon'))).toBe('Neo.ClientError.Database.DatabaseNotFound');

      // Dropped with a long retention, then restarted with a short one: the retention recorded at
      // drop time holds; a record already past its deadline at start-up is purged soon after.
      h = await h.restart({ dropRetentionMs: 60_000 });
      await h.run('CREATE DATABASE r_later');
      await h.run('DROP DATABASE r_later');
      h = await h.restart({ dropRetentionMs: 60_000 });
      expect((await h.run('SHOW DROPPED DATABASES')).map((r) => r.name)).toEqual(['r_later']);
      h = await h.restart({ dropRetentionMs: 0 });
      await h.run('CREATE DATABASE r_now');
      await h.run('DROP DATABASE r_now');
      expect((await h.run('SHOW DROPPED DATABASES')).map((r) => r.name)).toEqual(['r_later']);
    } finally {
      await h.stop();
    }
  });

  it('a configurable default database and maximum database count', async () => {
    const h = await startHarness({ defaultDatabase: 'tenant_home', maxDatabases: 3 });
    try {
      expect((await h.run('SHOW DEFAULT DATABASE')).map((r) => r.name)).toEqual(['tenant_home']);
      const s = h.driver.session();
      const r = await s.run('RETURN 1');
      expect(r.summary.database.name).toBe('tenant_home');
      await s.close();
      await h.run('CREATE DATABASE lim_a');
      await h.run('CREATE DATABASE lim_b');
      expect(await codeOf(h.run('CREATE DATABASE lim_c'))).toBe('Neo.DatabaseError.Database.DatabaseLimitReached');
      await h.run('DROP DATABASE lim_b');
      await h.run('CREATE DATABASE lim_c');
      expect(await codeOf(h.run('UNDROP DATABASE lim_b'))).toBe('Neo.DatabaseError.Database.DatabaseLimitReached');
      // aliases do not count
      await h.run('CREATE ALIAS lim_alias FOR DATABASE lim_a');
    } finally {
      await h.stop();
    }
  });
});
