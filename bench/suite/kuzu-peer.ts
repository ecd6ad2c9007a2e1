// Kùzu, the embedded C++ Cypher engine, as an in-process peer. It is installed on demand into
// bench/peers (`npm run bench:peers`) and resolved from there, never from the product's
// dependencies; without it the suite says so and reports QuiverDB alone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { knowsCsv, personCsv, writeCsv, type SocialGraph } from './generator.js';
import { BATCH, INSERT_NODES, INSERT_RELS } from './queries.js';

interface KuzuResult {
  getAll(): Promise<Record<string, unknown>[]>;
}
type KuzuPrepared = object;
interface KuzuConnection {
  prepare(statement: string): Promise<KuzuPrepared>;
  execute(p: KuzuPrepared, params?: Record<string, unknown>): Promise<KuzuResult>;
  query(statement: string): Promise<KuzuResult>;
  close(): Promise<void>;
}
interface KuzuDatabase {
  close(): Promise<void>;
}
interface KuzuModule {
  readonly Database: new (path: string, bufferManagerSize?: number) => KuzuDatabase;
  readonly Connection: new (db: KuzuDatabase) => KuzuConnection;
}

/** Loads `kuzu` from bench/peers; null (and why) when it is not installed. */
export function resolveKuzu(root: string): { kuzu: KuzuModule; version: string } | { missing: string } {
  const req = createRequire(join(root, 'bench/peers/package.json'));
  try {
    const kuzu = req('kuzu') as KuzuModule;
    const pkg = JSON.parse(readFileSync(join(dirname(req.resolve('kuzu')), 'package.json'), 'utf8')) as { version: string };
    return { kuzu, version: pkg.version };
  } catch (e) {
    return { missing: `Kùzu is not installed in bench/peers (${(e as Error).message.split('\n')[0]}); run \`npm run bench:peers\`` };
  }
}

export interface LoadRates {
  /** UNWIND-batched CREATE of the first nodes, nodes/s. */
  readonly insertNodes: number;
  /** COPY FROM CSV of the rest, nodes/s. */
  readonly copyNodes: number;
  /** UNWIND MATCH-MATCH-CREATE over a sample, relationships/s, and the sample's size. */
  readonly insertRels: number;
  readonly insertRelsSample: number;
  readonly copyRels: number;
}

export class KuzuPeer {
  private readonly opened: KuzuConnection[] = [];

  private constructor(
    private readonly db: KuzuDatabase,
    readonly conn: KuzuConnection,
    private readonly kuzu: KuzuModule,
    readonly version: string,
  ) {}

  static async open(found: { kuzu: KuzuModule; version: string }, dir: string): Promise<KuzuPeer> {
    // A 2 GiB buffer pool: Kùzu's default reserves 80% of RAM, not a fair neighbour for the server.
    const db = new found.kuzu.Database(join(dir, 'kuzu'), 2 * 2 ** 30);
    const conn = new found.kuzu.Connection(db);
    await conn.query('CREATE NODE TABLE Person(id INT64, name STRING, age INT64, PRIMARY KEY(id))');
    await conn.query('CREATE REL TABLE KNOWS(FROM Person TO Person, since INT64)');
    return new KuzuPeer(db, conn, found.kuzu, found.version);
  }

  /**
   * The same graph QuiverDB holds: the same UNWIND inserts on a sample (for a rate), the bulk by
   * COPY FROM CSV (Kùzu's own fast path), so both engines then answer the same queries.
   */
  async load(g: SocialGraph, dir: string, nodeSample: number, relSampleSeconds: number, progress: (m: string) => void): Promise<LoadRates> {
    const insertNodes = await this.conn.prepare(INSERT_NODES);
    const nSample = Math.min(nodeSample, g.nodes);
    let t = performance.now();
    for (let i = 0; i < nSample; i += BATCH) await this.conn.execute(insertNodes, { rows: g.persons(i, Math.min(BATCH, nSample - i)) });
    const insertNodesRate = nSample / ((performance.now() - t) / 1000);
    const copyNodes = await this.copy('Person', join(dir, 'persons.csv'), nSample, g.nodes, (a, n) => g.persons(a, n), personCsv);
    progress(`Kùzu: ${g.nodes.toLocaleString('en-US')} nodes (${Math.round(insertNodesRate).toLocaleString('en-US')}/s by UNWIND, ${Math.round(copyNodes).toLocaleString('en-US')}/s by COPY)`);

    // Relationship inserts scan for both ends (no index use), a cost per batch more than per row:
    // batches double from 10 rows while under a second, until the time budget is spent, so a slow
    // peer is sampled rather than waited for.
    const insertRels = await this.conn.prepare(INSERT_RELS);
    await this.conn.execute(insertRels, { rows: g.knowsBatch(0, 10) }); // untimed: first-run costs
    let done = 10;
    let size = 10;
    let spent = 0;
    while (spent < relSampleSeconds * 1000 && done < g.relationships) {
      const rows = g.knowsBatch(done, size);
      t = performance.now();
      await this.conn.execute(insertRels, { rows });
      const ms = performance.now() - t;
      spent += ms;
      done += rows.length;
      if (ms < 1_000) size = Math.min(BATCH, size * 2);
    }
    const insertRelsRate = (done - 10) / (spent / 1000);
    const copyRels = await this.copy('KNOWS', join(dir, 'knows.csv'), done, g.relationships, (a, n) => g.knowsBatch(a, n), knowsCsv);
    progress(`Kùzu: ${g.relationships.toLocaleString('en-US')} relationships (${Math.round(insertRelsRate).toLocaleString('en-US')}/s by UNWIND over ${(done - 10).toLocaleString('en-US')}, ${Math.round(copyRels).toLocaleString('en-US')}/s by COPY)`);
    // Checkpoint now rather than in Kùzu's background threads while the next workload is timed.
    await (await this.conn.query('CHECKPOINT')).getAll();
    return { insertNodes: insertNodesRate, copyNodes, insertRels: insertRelsRate, insertRelsSample: done - 10, copyRels };
  }

  /** Rows per second of COPY FROM a CSV file holding rows [from, to) (file writing not timed). */
  private async copy<T>(table: string, path: string, from: number, to: number, batch: (from: number, count: number) => T[], line: (row: T) => string): Promise<number> {
    if (from >= to) return Number.NaN;
    await writeCsv(path, from, to, batch, line);
    const t = performance.now();
    await (await this.conn.query(`COPY ${table} FROM '${path}' (HEADER=false)`)).getAll();
    return (to - from) / ((performance.now() - t) / 1000);
  }

  /** A prepared query on a connection: run it with parameters, all rows read. */
  async prepared(statement: string, conn: KuzuConnection = this.conn): Promise<(params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>> {
    const p = await conn.prepare(statement);
    return async (params = {}) => (await conn.execute(p, params)).getAll();
  }

  /** `n` further connections (one per concurrent client). */
  connections(n: number): KuzuConnection[] {
    const conns = Array.from({ length: n }, () => new this.kuzu.Connection(this.db));
    this.opened.push(...conns);
    return conns;
  }

  async close(): Promise<void> {
    await Promise.all([this.conn, ...this.opened].map((c) => c.close()));
    await this.db.close();
  }
}
