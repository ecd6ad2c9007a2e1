// Durable commits from 16 connections: each session runs one single-CREATE auto-commit
// transaction after another against a fresh server (fsync on, as shipped), beside the floor of one
// fsync per commit on raw classic-level in this process.
import { join } from 'node:path';
import { rawDurableCommitRate } from './floors.js';
import { concurrentRate } from './measure.js';
import type { SuiteContext, Workload } from './model.js';
import { fmtUs } from './read-workloads.js';
import { startQuiver } from './server-process.js';

const NAME = 'write.commits_16conn';

export const writeWorkload: Workload = {
  id: 'write',
  describe: 'durable single-CREATE commits from 16 connections; peer one fsync per commit (raw classic-level)',
  produces: [NAME],
  unavailable: () => null,
  async run(ctx: SuiteContext) {
    const server = await startQuiver({ root: ctx.root, dataDir: join(ctx.scratch, 'write-quiver') });
    let q;
    try {
      const driver = server.driver(16);
      const sessions = Array.from({ length: 16 }, () => driver.session());
      ctx.progress(`${NAME}: QuiverDB, 16 sessions`);
      q = await concurrentRate(16, (w, i) => sessions[w]!.run('CREATE (:Event {client: $w, seq: $i})', { w: BigInt(w), i: BigInt(i) }), ctx.scale);
      await Promise.all(sessions.map((s) => s.close()));
    } finally {
      await server.stop();
    }
    ctx.progress(`${NAME}: raw classic-level, one fsync per commit`);
    const raw = await rawDurableCommitRate(join(ctx.scratch, 'write-raw'), ctx.scale.seconds * ctx.scale.reps);
    ctx.record(NAME, q.perSecond, 'commits/s', 'higher', { 'one fsync per commit (raw classic-level, in-process)': raw }, {
      label: 'single-CREATE auto-commit transactions, 16 connections, one in flight each',
      via: 'Bolt (neo4j-driver → server process)',
      note: `p99 commit latency ${fmtUs(q.p99Us)}`,
    });
  },
};
