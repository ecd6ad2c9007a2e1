// Loading a dump into a database, all or nothing. The records go into a fresh database under a
// temporary name, in transactions of a few thousand records (memory stays bounded); only when the
// whole dump has been read and its checksum and totals verified does it take the target's name
// (with --overwrite, after the old database is dropped). On any failure the temporary database is
// dropped for good, so a corrupted or truncated dump leaves nothing behind.
//
// The default database cannot be dropped or renamed; a load into it is done in place when it is
// empty, and undone (everything deleted again) if the dump turns out to be bad.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { quiverError } from '../../errors.js';
import type { GraphTx, Store } from '../../storage/index.js';
import type { Catalog, DatabaseRef, JsonValue } from '../catalog.js';
import { validateDatabaseName } from '../catalog.js';
import { type DumpHeader, type DumpProgress, invalidDump } from './format.js';
import { readDump } from './read.js';

export interface LoadOptions {
  /** Replace an existing database of that name. */
  readonly overwrite?: boolean;
  /** OPTIONS of the new database (CREATE DATABASE ... OPTIONS { seedURI: ... }). */
  readonly options?: Record<string, JsonValue>;
  readonly onProgress?: (p: DumpProgress) => void;
}

export interface LoadSummary {
  readonly database: string;
  readonly nodes: number;
  readonly relationships: number;
  readonly indexes: number;
  /** The database name the dump was taken from. */
  readonly source: string;
}

/** Records per write transaction. */
const TX_RECORDS = 20_000;

export async function loadDump(catalog: Catalog, store: Store, rawName: string, source: Readable, opts: LoadOptions = {}): Promise<LoadSummary> {
  const name = validateDatabaseName(rawName);
  const existing = catalog.lookup(name);
  if (existing !== undefined && existing.name !== name) {
    throw quiverError('ExistingAliasFound', `Cannot load into '${name}': it is an alias of '${existing.name}'.`);
  }
  // The default database cannot be dropped or renamed: loaded in place, if it is empty.
  if (existing !== undefined && catalog.defaultDatabase === name) return loadInPlace(store, existing, source, opts);
  if (existing !== undefined && !opts.overwrite) {
    throw quiverError('ExistingDatabaseFound', `Cannot load into '${name}': the database exists. Use --overwrite (overwrite=true) to replace it.`);
  }

  const temp = `loading-${randomBytes(6).toString('hex')}`;
  const ref = await catalog.create(temp, { options: opts.options ?? {} });
  let summary: Omit<LoadSummary, 'database'>;
  try {
    summary = await loadInto(store, ref.id, source, opts);
  } catch (e) {
    await catalog.drop(temp, { destroy: true }).catch(() => {});
    throw e;
  }
  try {
    if (existing !== undefined) await catalog.drop(name, { cascade: false });
    await catalog.rename(temp, name);
  } catch (e) {
    await catalog.drop(temp, { destroy: true }).catch(() => {});
    throw e;
  }
  return { database: name, ...summary };
}

async function loadInPlace(store: Store, ref: DatabaseRef, source: Readable, opts: LoadOptions): Promise<LoadSummary> {
  const tx = store.begin({ readOnly: true });
  try {
    const g = await store.graph(tx, ref.id);
    if ((await g.countNodes()) > 0 || g.listIndexes().length > 0) {
      throw quiverError('ArgumentError', `Cannot load into '${ref.name}': it is the default database, which cannot be replaced while it holds data. Empty it first, or load into another database.`);
    }
  } finally {
    await tx.rollback();
  }
  try {
    return { database: ref.name, ...(await loadInto(store, ref.id, source, opts)) };
  } catch (e) {
    await clear(store, ref.id).catch(() => {});
    throw e;
  }
}

/** Deletes everything in a database (undoing a failed in-place load). */
async function clear(store: Store, dbId: number): Promise<void> {
  for (;;) {
    const tx = store.begin();
    try {
      const g = await store.graph(tx, dbId);
      let n = 0;
      for await (const ids of g.allRels()) {
        for (const id of ids) await g.deleteRel(id);
        n += ids.length;
        if (n >= TX_RECORDS) break;
      }
      if (n < TX_RECORDS) {
        for await (const ids of g.allNodes()) {
          for (const id of ids) await g.deleteNode(id, true);
          n += ids.length;
          if (n >= TX_RECORDS) break;
        }
      }
      if (n === 0) {
        for (const ix of g.listIndexes()) await g.dropIndex(ix.name);
        await tx.commit();
        return;
      }
      await tx.commit();
    } finally {
      await tx.rollback().catch(() => {});
    }
  }
}

/** Source node id -> new node id, for ids arriving in ascending order: 16 bytes per node. */
class IdMap {
  private from = new Float64Array(1024);
  private to = new Float64Array(1024);
  private n = 0;

  add(src: number, dst: number): void {
    if (this.n === this.from.length) {
      const f = new Float64Array(this.n * 2);
      f.set(this.from);
      this.from = f;
      const t = new Float64Array(this.n * 2);
      t.set(this.to);
      this.to = t;
    }
    this.from[this.n] = src;
    this.to[this.n++] = dst;
  }

  get(src: number): number | undefined {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.from[mid]!;
      if (v === src) return this.to[mid];
      if (v < src) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

async function loadInto(store: Store, dbId: number, source: Readable, opts: LoadOptions): Promise<Omit<LoadSummary, 'database'>> {
  const ids = new IdMap();
  let header: DumpHeader | undefined;
  let nodes = 0;
  let rels = 0;
  let indexes = 0;
  let bytes = 0;
  let tx = store.begin();
  let g: GraphTx = await store.graph(tx, dbId);
  let inTx = 0;
  const flush = async (): Promise<void> => {
    await tx.commit();
    tx = store.begin();
    g = await store.graph(tx, dbId);
    inTx = 0;
  };
  const progress = (): void =>
    opts.onProgress?.({ nodes, relationships: rels, bytes, ...(header === undefined ? {} : { totalNodes: header.nodes, totalRelationships: header.relationships }) });
  try {
    for await (const item of readDump(source, (n) => (bytes += n))) {
      switch (item.kind) {
        case 'header':
          header = item.header;
          break;
        case 'index': {
          const ix = item.index;
          await g.createIndex({ name: ix.name, entity: ix.entity, token: ix.token, properties: ix.properties, unique: ix.unique, ...(ix.constraintName ? { constraintName: ix.constraintName } : {}) });
          indexes++;
          await flush();
          break;
        }
        case 'nodes': {
          const created = await g.createNodes(item.nodes.map((n) => ({ labels: n.labels, properties: n.properties })));
          for (let i = 0; i < created.length; i++) ids.add(item.nodes[i]!.id, created[i]!);
          nodes += created.length;
          inTx += created.length;
          if (inTx >= TX_RECORDS) await flush();
          progress();
          break;
        }
        case 'rels': {
          const batch = item.rels.map((r) => {
            const start = ids.get(r.start);
            const end = ids.get(r.end);
            if (start === undefined || end === undefined) throw invalidDump(`relationship ${r.id} refers to node ${start === undefined ? r.start : r.end}, which is not in the dump; the dump is corrupted.`);
            return { type: r.type, start, end, properties: r.properties };
          });
          await g.createRels(batch);
          rels += batch.length;
          inTx += batch.length;
          if (inTx >= TX_RECORDS) await flush();
          progress();
          break;
        }
        case 'end':
          await tx.commit();
          progress();
          break;
      }
    }
  } finally {
    await tx.rollback().catch(() => {});
  }
  return { nodes, relationships: rels, indexes, source: header?.database ?? '' };
}
