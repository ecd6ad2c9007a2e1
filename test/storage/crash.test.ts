// Crash safety (DESIGN.md section 3): a child process commits transactions and reports each
// acknowledged one; we SIGKILL it at random moments, reopen the store, and check that every
// acknowledged commit is complete and no unacknowledged one is partly visible.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/dbms/index.js';
import { Store } from '../../src/storage/index.js';
import { tempDir } from '../support/tmp.js';

const CHILD = fileURLToPath(new URL('../../dist/test/storage/crash-child.js', import.meta.url));
const PER_TX = 25;
const KILLS = 20;

const { dir, cleanup } = tempDir('quiver-crash-');
afterAll(cleanup);

function runAndKill(start: number, delayMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: number[] = [];
    let buf = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        else if (line.startsWith('ack ')) acks.push(Number(line.slice(4)));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${err}`));
      else resolve(acks);
    });
  });
}

async function seqCounts(store: Store, dbId: number): Promise<Map<number, number>> {
  const tx = store.begin({ readOnly: true });
  const g = await store.graph(tx, dbId);
  const counts = new Map<number, number>();
  for await (const recs of g.scanNodes('C')) {
    for (const r of recs) {
      const s = Number(g.property(r, 'seq') as bigint);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
  }
  const total = await g.countNodes();
  await tx.rollback();
  expect(total).toBe([...counts.values()].reduce((a, b) => a + b, 0)); // counters agree with data
  return counts;
}

describe('crash safety', () => {
  it(`keeps every acknowledged commit and no partial one across ${KILLS} SIGKILLs`, { timeout: 240_000 }, async () => {
    expect(existsSync(CHILD), `${CHILD} is missing: run \`npm run build\` first (npm test does)`).toBe(true);
    const acked = new Set<number>();
    let start = 0;
    for (let round = 0; round < KILLS; round++) {
      const acks = await runAndKill(start, 20 + Math.floor(Math.random() * 300));
      for (const a of acks) acked.add(a);
      const store = await Store.open(dir);
      try {
        const catalog = await Catalog.open(store);
        const [a, b] = [catalog.resolve('crash_a').id, catalog.resolve('crash_b').id];
        const [ca, cb] = [await seqCounts(store, a), await seqCounts(store, b)];
        for (const s of acked) {
          expect(ca.get(s), `acknowledged commit ${s} lost in crash_a`).toBe(PER_TX);
          expect(cb.get(s), `acknowledged commit ${s} lost in crash_b`).toBe(PER_TX);
        }
        for (const [s, n] of ca) {
          expect(n, `commit ${s} partly visible in crash_a`).toBe(PER_TX);
          expect(cb.get(s), `commit ${s} visible in crash_a but not crash_b`).toBe(PER_TX);
        }
        for (const s of cb.keys()) expect(ca.has(s)).toBe(true);
        start = Math.max(start, ...ca.keys(), ...acked) + 1000; // fresh sequence numbers per round
      } finally {
        await store.close();
      }
    }
    expect(acked.size).toBeGreaterThan(KILLS); // the children really committed between kills
  });
});
