// The relationships the Bolt import had no time for: written in-process through the storage API
// while the server is stopped (setup, not a measured figure), so the read workloads still run on
// the whole graph when relationship import through the driver is slower than the run's budget.
import type { ClassicLevel } from 'classic-level';
import { open } from '../../src/index.js';
import type { SocialGraph } from './generator.js';
import { BATCH } from './queries.js';

/** Writes relationships [from, g.relationships) into `dataDir`'s default database; seconds taken. */
export async function loadRelsInProcess(dataDir: string, g: SocialGraph, from: number, progress: (m: string) => void): Promise<number> {
  const t0 = performance.now();
  const db = await open(dataDir, { sync: false });
  try {
    const dbId = db.catalog.resolve(db.defaultDatabase).id;
    // Person.id → the node id the server gave it.
    const nodeOf = new Float64Array(g.nodes).fill(-1);
    for (const [id, n] of (await db.session().run('MATCH (p:Person) RETURN p.id, id(p)')).rows) nodeOf[Number(id)] = Number(n);
    for (let i = from; i < g.relationships; i += BATCH) {
      const tx = db.store.begin();
      const graph = await db.store.graph(tx, dbId);
      const rels = Array.from({ length: Math.min(BATCH, g.relationships - i) }, (_, k) => g.knows(i + k));
      await graph.createRels(rels.map((r) => ({ type: 'KNOWS', start: nodeOf[r.f]!, end: nodeOf[r.t]!, properties: { since: BigInt(r.s) } })));
      await tx.commit();
      if ((i - from) % (50 * BATCH) === 0 && i > from) progress(`in-process: ${(i - from).toLocaleString('en-US')}/${(g.relationships - from).toLocaleString('en-US')} relationships`);
    }
    // Settle now what LevelDB would otherwise compact in the background during the first read
    // workload after the restart (a bias against whichever runs first).
    const kv = (db.store.kv as unknown as { db: ClassicLevel<Buffer, Buffer> }).db;
    await kv.compactRange(Buffer.alloc(0), Buffer.alloc(64, 0xff));
  } finally {
    await db.close();
  }
  return (performance.now() - t0) / 1000;
}
