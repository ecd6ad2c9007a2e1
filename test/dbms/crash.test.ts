// Crash safety of the catalog (DESIGN.md sections 3 and 5): a child applies random CREATE, DROP,
// RENAME, UNDROP and alias changes; we SIGKILL it at random moments, reopen, and check that the
// catalog is exactly the state before or after the change in flight, and consistent with the
// store (every database's keyspace live, every dropped one retained, every alias on a database).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/dbms/index.js';
import { Store } from '../../src/storage/index.js';
import { tempDir } from '../support/tmp.js';
import { catalogState, type CatalogState } from './crash-state.js';

const CHILD = fileURLToPath(new URL('../../dist/test/dbms/crash-child.js', import.meta.url));
const KILLS = 12;
const { dir, cleanup } = tempDir('quiver-catalog-crash-');
afterAll(cleanup);

function runAndKill(delayMs: number): Promise<{ acked: CatalogState | null; pending: CatalogState | null; changes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked: CatalogState | null = null;
    let pending: CatalogState | null = null;
    let changes = 0;
    let buf = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        else if (line.startsWith('want ')) pending = JSON.parse(line.slice(5)) as CatalogState;
        else if (line === 'ack') {
          acked = pending;
          pending = null;
          changes++;
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${err}`));
      else resolve({ acked, pending, changes });
    });
  });
}

describe('catalog crash safety', () => {
  it(`is the state before or after the change in flight, and consistent, across ${KILLS} SIGKILLs`, { timeout: 60_000 }, async () => {
    expect(existsSync(CHILD), `${CHILD} is missing: run \`npm run build\` first (npm test does)`).toBe(true);
    let before: CatalogState = { databases: ['neo4j'], aliases: [], dropped: [] }; // a fresh store
    let total = 0;
    for (let round = 0; round < KILLS; round++) {
      const { acked, pending, changes } = await runAndKill(30 + Math.floor(Math.random() * 250));
      total += changes;
      const store = await Store.open(dir);
      try {
        const catalog = await Catalog.open(store);
        const now = catalogState(catalog);
        const allowed = [acked ?? before, pending].filter((s) => s !== null).map((s) => JSON.stringify(s));
        expect(allowed, `round ${round}`).toContain(JSON.stringify(now));
        // The catalog and the store agree.
        const live = new Set(store.listDatabases().map((d) => d.id));
        const named = catalog.list().filter((d) => d.type !== 'system');
        expect(new Set(named.map((d) => d.id))).toEqual(live);
        for (const d of catalog.droppedDatabases()) expect(store.isRetained(d.id)).toBe(true);
        for (const a of catalog.aliases()) expect(catalog.byInternalId(a.targetId)).toBeDefined();
        before = now;
        catalog.close();
      } finally {
        await store.close();
      }
    }
    expect(total).toBeGreaterThan(KILLS); // the children really changed the catalog between kills
  });
});
