// Writing a dump: one read-only transaction (one snapshot of the database, however long the dump
// takes and whatever is written meanwhile), scanned in batches into frames, then gzip. Memory is
// bounded by a batch and the stream buffers, whatever the database's size.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ByteWriter } from '../../storage/codec/bytes.js';
import type { GraphTx, NodeRecord, RelRecord, Store } from '../../storage/index.js';
import { type DumpEnd, type DumpHeader, type DumpIndex, type DumpProgress, Frame, FORMAT_VERSION, frame, jsonFrame, preamble } from './format.js';

export interface DumpOptions {
  /** The name recorded in the header (informational). */
  readonly database: string;
  readonly quiverVersion?: string;
  readonly onProgress?: (p: DumpProgress) => void;
  /** gzip level 1-9 (default 6). */
  readonly level?: number;
}

/**
 * The dump of database `dbId` as a gzip byte stream. The snapshot is taken before this returns, so
 * writes that commit after the call are not in the dump.
 */
export async function dumpStream(store: Store, dbId: number, opts: DumpOptions): Promise<Readable> {
  const tx = store.begin({ readOnly: true });
  let g: GraphTx;
  try {
    g = await store.graph(tx, dbId);
  } catch (e) {
    await tx.rollback();
    throw e;
  }
  const source = Readable.from(frames(g, opts, () => tx.rollback()), { objectMode: false, highWaterMark: 1 });
  const gzip = createGzip({ level: opts.level ?? 6 });
  source.on('error', (e) => gzip.destroy(e));
  gzip.on('close', () => source.destroy());
  return source.pipe(gzip);
}

async function* frames(g: GraphTx, opts: DumpOptions, done: () => Promise<void>): AsyncGenerator<Buffer> {
  try {
    const hash = createHash('sha256');
    const out = (b: Buffer): Buffer => {
      hash.update(b);
      return b;
    };
    const totalNodes = await g.countNodes();
    const totalRels = await g.countRels();
    const header: DumpHeader = {
      format: 'quiver-dump',
      version: FORMAT_VERSION,
      database: opts.database,
      createdAt: new Date().toISOString(),
      quiverVersion: opts.quiverVersion ?? '0.0.0',
      nodes: totalNodes,
      relationships: totalRels,
    };
    yield out(Buffer.concat([preamble(), jsonFrame(Frame.Header, header)]));
    const indexes = g.listIndexes();
    for (const ix of indexes) {
      const d: DumpIndex = { name: ix.name, entity: ix.entity, token: ix.token, properties: ix.properties, unique: ix.unique, ...(ix.constraintName ? { constraintName: ix.constraintName } : {}) };
      yield out(jsonFrame(Frame.Index, d));
    }
    const w = new ByteWriter(64 * 1024);
    let nodes = 0;
    let rels = 0;
    const progress = (): void => opts.onProgress?.({ nodes, relationships: rels, totalNodes, totalRelationships: totalRels, bytes: 0 });
    for await (const batch of g.scanNodes()) {
      if (batch.length === 0) continue;
      w.varint(batch.length);
      for (const n of batch) writeNode(w, g, n);
      nodes += batch.length;
      yield out(frame(Frame.Nodes, w.finish()));
      progress();
    }
    for await (const ids of g.allRels()) {
      const recs = (await g.getRels(ids)).filter((r): r is RelRecord => r !== undefined);
      if (recs.length === 0) continue;
      w.varint(recs.length);
      for (const r of recs) writeRel(w, g, r);
      rels += recs.length;
      yield out(frame(Frame.Rels, w.finish()));
      progress();
    }
    const end: DumpEnd = { nodes, relationships: rels, indexes: indexes.length, sha256: hash.digest('hex') };
    yield jsonFrame(Frame.End, end);
  } finally {
    await done();
  }
}

function writeProps(w: ByteWriter, g: GraphTx, props: ReadonlyMap<number, Buffer>): void {
  w.varint(props.size);
  for (const [k, v] of props) {
    w.string(g.propKeyName(k));
    w.lenBytes(v);
  }
}

function writeNode(w: ByteWriter, g: GraphTx, n: NodeRecord): void {
  w.varint(n.id);
  w.varint(n.labels.length);
  for (const l of n.labels) w.string(g.labelName(l));
  writeProps(w, g, n.props);
}

function writeRel(w: ByteWriter, g: GraphTx, r: RelRecord): void {
  w.varint(r.id);
  w.string(g.typeName(r.type));
  w.varint(r.start);
  w.varint(r.end);
  writeProps(w, g, r.props);
}
