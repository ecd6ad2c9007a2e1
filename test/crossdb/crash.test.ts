// Atomic writes across databases survive SIGKILL (DESIGN.md sections 3 and 7): a child writes a
// batch of nodes to two databases per query; killed at a random moment, the reopened store holds
// every acknowledged round in both databases, at most the one round in flight beyond that, and
// every round either complete in both databases or absent from both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { open } from '../../src/index.js';
import { tempDir } from '../support/tmp.js';

const CHILD = fileURLToPath(new URL('../../dist/test/crossdb/crash-child.js', import.meta.url));
const KILLS = 5;
const { dir, cleanup } = tempDir('quiver-crossdb-crash-');
afterAll(cleanup);

function runAndKill(delayMs: number): Promise<{ acked: number; wanted: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let wanted = 0;
    let buf = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        else if (line.startsWith('want ')) wanted = Number(line.slice(5));
        else if (line.startsWith('ack ')) acked = Number(line.slice(4));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${err}`));
      else resolve({ acked, wanted });
    });
  });
}

describe('cross-database writes and SIGKILL', () => {
  it(`every round is in both databases or in neither, across ${KILLS} kills`, { timeout: 60_000 }, async () => {
    expect(existsSync(CHILD), `${CHILD} is missing: run \`npm run build\` first (npm test does)`).toBe(true);
    const init = await open(dir);
    await init.createDatabase('cx_a');
    await init.createDatabase('cx_b');
    await init.close();
    let previous = 0;
    let total = 0;
    for (let i = 0; i < KILLS; i++) {
      const { acked, wanted } = await runAndKill(80 + Math.floor(Math.random() * 300));
      const db = await open(dir);
      try {
        const r = await db.session('neo4j').run(
          "USE cx_a MATCH (t:T) RETURN 'a' AS db, t.round AS round, count(*) AS c UNION ALL USE cx_b MATCH (u:U) RETURN 'b' AS db, u.round AS round, count(*) AS c",
        );
        const counts = { a: new Map<number, bigint>(), b: new Map<number, bigint>() };
        for (const [d, round, c] of r.rows) counts[d as 'a' | 'b'].set(Number(round), c as bigint);
        const rounds = [...counts.a.keys()].sort((x, y) => x - y);
        expect([...counts.b.keys()].sort((x, y) => x - y)).toEqual(rounds);
        for (const k of rounds) expect([counts.a.get(k), counts.b.get(k)], `round ${k}`).toEqual([200n, 200n]);
        // Contiguous from 1, all acknowledged ones there, at most the one in flight beyond.
        expect(rounds).toEqual(rounds.map((_x, k) => k + 1));
        const last = rounds.length;
        expect(last).toBeGreaterThanOrEqual(Math.max(acked, previous));
        expect(last).toBeLessThanOrEqual(Math.max(wanted, previous));
        total += last - previous;
        previous = last;
      } finally {
        await db.close();
      }
    }
    expect(total).toBeGreaterThan(0);
  });
});
