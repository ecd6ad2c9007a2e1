// A transaction's handle on one database's graph (DESIGN.md section 2). It builds every key from
// the database's own prefix, so it cannot reach another database's data. Reads are batched
// (getMany, one iterator with seek for many expansions); writes are staged in the transaction's
// write set together with the index entries and counter deltas they imply.
import { quiverError } from '../errors.js';
import { NodeValue, type PropertyValue, RelationshipValue, type Value } from '../values/types.js';
import { encodeOrderKeyTuple } from './codec/order-key.js';
import { toPropertyValue } from './codec/property-codec.js';
import type { IndexDef } from './database-state.js';
import { AdjKey, CounterKind, Dir, Keys, prefixEnd, readU64, Tag, TokenKind } from './keyspace.js';
import { decodeNode, decodeRel, decodeValue, encodeNode, encodeNodeValues, encodeRel, encodeRelValues, type NodeRecord, type RawProps, type RelRecord } from './records.js';
import { i64, type Transaction, type TxDb } from './transaction.js';
import { MergedIterator, readRange, toKeyString } from './write-set.js';
import { encodeProperty } from './codec/property-codec.js';

export type Direction = 'out' | 'in' | 'both';

/** One relationship seen from a node. */
export interface Adjacent {
  readonly rel: number;
  readonly type: number;
  /** The node at the other end. */
  readonly other: number;
  /** 'out' if the node is the start of the relationship. */
  readonly dir: 'out' | 'in';
}

/** Property input: a name -> value map; null values mean "absent" (CREATE) or "remove" (SET). */
export type PropInput = ReadonlyMap<string, Value> | Readonly<Record<string, Value>>;

export interface IndexSpec {
  readonly name?: string;
  readonly entity: 'node' | 'relationship';
  readonly token: string;
  readonly properties: readonly string[];
  readonly unique?: boolean;
  readonly constraintName?: string;
}

/** The public shape of an index (names instead of token ids). */
export interface IndexInfo {
  readonly id: number;
  readonly name: string;
  readonly entity: 'node' | 'relationship';
  readonly token: string;
  readonly properties: readonly string[];
  readonly unique: boolean;
  readonly constraintName?: string;
}

export type RangeBound = { readonly value: PropertyValue; readonly inclusive: boolean };

const SCAN_BATCH = 1000;
/** Up to this many point reads go through getSync rather than one awaited getMany. */
const SYNC_READ_MAX = 8;

function entries(p: PropInput): Iterable<[string, Value]> {
  return p instanceof Map ? p.entries() : Object.entries(p as Record<string, Value>);
}

export class GraphTx {
  readonly dbId: number;
  readonly uuid: string;
  private readonly p;

  constructor(
    private readonly tx: Transaction,
    private readonly d: TxDb,
  ) {
    this.dbId = d.state.id;
    this.uuid = d.state.uuid;
    this.p = d.state.prefix;
  }

  // ---------------------------------------------------------------- tokens and element ids

  labelId(name: string): number | undefined {
    return this.d.state.tokenId(TokenKind.Label, name);
  }
  typeId(name: string): number | undefined {
    return this.d.state.tokenId(TokenKind.RelType, name);
  }
  propKeyId(name: string): number | undefined {
    return this.d.state.tokenId(TokenKind.PropKey, name);
  }
  labelName(id: number): string {
    return this.d.state.tokenName(TokenKind.Label, id);
  }
  typeName(id: number): string {
    return this.d.state.tokenName(TokenKind.RelType, id);
  }
  propKeyName(id: number): string {
    return this.d.state.tokenName(TokenKind.PropKey, id);
  }
  /** Every label, relationship type or property key ever used in this database. */
  tokenNames(kind: 'label' | 'type' | 'propertyKey'): readonly string[] {
    return this.d.state.tokens(kind === 'label' ? TokenKind.Label : kind === 'type' ? TokenKind.RelType : TokenKind.PropKey);
  }

  /** Bumped whenever this database's indexes change: cached plans are keyed by it. */
  get schemaVersion(): number {
    return this.d.state.schemaVersion;
  }

  /**
   * What plans depend on in this database's schema, as a string: its indexes (name, entity,
   * label or type, properties, uniqueness). Databases with equal signatures can share plans,
   * which is what keeps a server with thousands of same-schema tenants from planning every query
   * again per tenant. Computed once per schema version.
   */
  get planSignature(): string {
    const state = this.d.state;
    const cached = state.planSignature;
    if (cached !== undefined && cached.version === state.schemaVersion) return cached.sig;
    const sig = this.listIndexes()
      .map((i) => `${i.name}|${i.entity}|${i.token}|${i.properties.join(',')}|${i.unique ? 'u' : ''}`)
      .sort()
      .join(';');
    state.planSignature = { version: state.schemaVersion, sig };
    return sig;
  }

  nodeElementId(id: number): string {
    return `4:${this.uuid}:${id}`;
  }
  relElementId(id: number): string {
    return `5:${this.uuid}:${id}`;
  }

  // ---------------------------------------------------------------- reads

  async getNodes(ids: readonly number[]): Promise<(NodeRecord | undefined)[]> {
    const raw = await this.readRaw(ids.map((id) => Keys.node(this.p, id)));
    return raw.map((b, i) => (b === undefined ? undefined : decodeNode(ids[i]!, b)));
  }

  async getNode(id: number): Promise<NodeRecord | undefined> {
    return (await this.getNodes([id]))[0];
  }

  /** One node read synchronously (own writes first): for lookups outside batched paths. */
  getNodeSync(id: number): NodeRecord | undefined {
    const b = this.readRawSync(Keys.node(this.p, id));
    return b === undefined ? undefined : decodeNode(id, b);
  }

  getRelSync(id: number): RelRecord | undefined {
    const b = this.readRawSync(Keys.rel(this.p, id));
    return b === undefined ? undefined : decodeRel(id, b);
  }

  private readRawSync(key: Buffer): Buffer | undefined {
    this.tx.checkOpen();
    const own = this.tx.ws.get(key);
    if (own !== undefined) return own.value ?? undefined;
    return this.tx.snapshot.getSync(key);
  }

  async getRels(ids: readonly number[]): Promise<(RelRecord | undefined)[]> {
    const raw = await this.readRaw(ids.map((id) => Keys.rel(this.p, id)));
    return raw.map((b, i) => (b === undefined ? undefined : decodeRel(ids[i]!, b)));
  }

  async getRel(id: number): Promise<RelRecord | undefined> {
    return (await this.getRels([id]))[0];
  }

  /** Labels of a node record, by name. */
  labelsOf(rec: NodeRecord): string[] {
    return rec.labels.map((l) => this.labelName(l));
  }

  /** One property of a record (decoded), or undefined when absent or the key was never used. */
  property(rec: NodeRecord | RelRecord, key: string): PropertyValue | undefined {
    const k = this.propKeyId(key);
    if (k === undefined) return undefined;
    const b = rec.prop(k);
    return b === undefined ? undefined : decodeValue(b);
  }

  /** All properties of a record, decoded. */
  properties(rec: NodeRecord | RelRecord): Map<string, PropertyValue> {
    const out = new Map<string, PropertyValue>();
    for (const [k, b] of rec.props) out.set(this.propKeyName(k), decodeValue(b));
    return out;
  }

  toNodeValue(rec: NodeRecord): NodeValue {
    return new NodeValue(BigInt(rec.id), this.nodeElementId(rec.id), this.labelsOf(rec), this.properties(rec));
  }

  toRelValue(rec: RelRecord): RelationshipValue {
    return new RelationshipValue(
      BigInt(rec.id),
      this.relElementId(rec.id),
      this.typeName(rec.type),
      BigInt(rec.start),
      this.nodeElementId(rec.start),
      BigInt(rec.end),
      this.nodeElementId(rec.end),
      this.properties(rec),
    );
  }

  /**
   * Relationships of many nodes at once, optionally restricted to types; one list per input node,
   * in input order. Uses one snapshot iterator with seeks rather than one iterator per node.
   */
  async expand(nodes: readonly number[], dir: Direction, types?: readonly string[] | null): Promise<Adjacent[][]> {
    this.tx.checkOpen();
    let typeIds: number[] | null = null;
    if (types != null && types.length > 0) {
      // `[:T|T]` names a type twice; each is scanned once.
      typeIds = [...new Set(types.map((t) => this.typeId(t)).filter((t): t is number => t !== undefined))];
      if (typeIds.length === 0) return nodes.map(() => []);
      typeIds.sort((a, b) => a - b);
    }
    const dirs = dir === 'out' ? [Dir.Out] : dir === 'in' ? [Dir.In] : [Dir.Out, Dir.In];
    const order = nodes.map((_, i) => i).sort((a, b) => nodes[a]! - nodes[b]!);
    const out: Adjacent[][] = nodes.map(() => []);
    const [gte, lt] = Keys.tagRange(this.p, Tag.Adj);
    const it = this.tx.snapshot.iterator({ gte, lt }, { keysOnly: true });
    const hasWrites = this.tx.ws.size > 0;
    try {
      let prevNode = -1;
      let prevResult: Adjacent[] | null = null;
      for (const i of order) {
        const node = nodes[i]!;
        if (node === prevNode && prevResult !== null) {
          out[i] = prevResult;
          continue;
        }
        const list: Adjacent[] = [];
        for (const d of dirs) {
          const prefixes = typeIds === null ? [Keys.adjPrefix(this.p, node, d)] : typeIds.map((t) => Keys.adjPrefix(this.p, node, d, t));
          for (const prefix of prefixes) {
            const end = prefixEnd(prefix);
            const keys = await scanPrefix(it, prefix, end);
            const merged = hasWrites ? mergeKeys(keys, this.tx.ws.range(prefix, end)) : keys;
            for (const k of merged) {
              const other = AdjKey.other(k);
              // A self-loop is stored once in each direction; seen from BOTH it is one relationship.
              if (dirs.length === 2 && d === Dir.In && other === node) continue;
              list.push({ rel: AdjKey.rel(k), type: AdjKey.type(k), other, dir: d === Dir.Out ? 'out' : 'in' });
            }
          }
        }
        out[i] = list;
        prevNode = node;
        prevResult = list;
      }
    } finally {
      await it.close();
    }
    return out;
  }

  /** Number of relationships of a node (by direction and type) from a key-only range scan. */
  async degree(node: number, dir: Direction, types?: readonly string[] | null): Promise<number> {
    const [adj] = await this.expand([node], dir, types);
    return adj!.length;
  }

  /** Node ids with a label, in id order, in batches. */
  labelScan(label: string): AsyncIterable<number[]> {
    const l = this.labelId(label);
    if (l === undefined) return emptyScan();
    const prefix = Keys.labelPrefix(this.p, l);
    return this.scanIds(prefix, prefixEnd(prefix), (k) => readU64(k, 9));
  }

  /** Every node id, in id order, in batches. */
  allNodes(): AsyncIterable<number[]> {
    const [gte, lt] = Keys.tagRange(this.p, Tag.Node);
    return this.scanIds(gte, lt, (k) => readU64(k, 5));
  }

  /** Relationship ids of a type, in id order, in batches. */
  relTypeScan(type: string): AsyncIterable<number[]> {
    const t = this.typeId(type);
    if (t === undefined) return emptyScan();
    const prefix = Keys.relTypePrefix(this.p, t);
    return this.scanIds(prefix, prefixEnd(prefix), (k) => readU64(k, 9));
  }

  /** Every relationship id, in id order, in batches. */
  allRels(): AsyncIterable<number[]> {
    const [gte, lt] = Keys.tagRange(this.p, Tag.Rel);
    return this.scanIds(gte, lt, (k) => readU64(k, 5));
  }

  /** Whole node records of a label (or all nodes), in batches: one range read, no extra lookups. */
  async *scanNodes(label?: string): AsyncIterable<NodeRecord[]> {
    if (label === undefined) {
      const [gte, lt] = Keys.tagRange(this.p, Tag.Node);
      const it = new MergedIterator(this.tx.snapshot, this.tx.ws, gte, lt, false, SCAN_BATCH);
      try {
        for (;;) {
          this.tx.checkOpen();
          const b = await it.next();
          if (b.length === 0) return;
          yield b.map(([k, v]) => decodeNode(readU64(k, 5), v));
        }
      } finally {
        await it.close();
      }
    }
    for await (const ids of this.labelScan(label!)) {
      const recs = await this.getNodes(ids);
      yield recs.filter((r): r is NodeRecord => r !== undefined);
    }
  }

  /**
   * Entity ids whose indexed properties equal `values` (one value per indexed property). For a
   * composite index a prefix of the values may be given.
   */
  async indexSeek(indexName: string, values: readonly PropertyValue[]): Promise<number[]> {
    const def = this.indexDef(indexName);
    const key = encodeOrderKeyTuple(values);
    if (def.unique && values.length === def.properties.length) {
      const k = Keys.indexPrefix(this.p, Tag.Unique, def.id, key);
      const [v] = await this.readRaw([k]);
      return v === undefined ? [] : [readU64(v, 0)];
    }
    const prefix = Keys.indexPrefix(this.p, Tag.PropIndex, def.id, key);
    // Composite prefix: the tuple encoding of fewer values is a byte prefix of the longer tuple.
    const end = prefixEnd(prefix);
    const rows = await readRange(this.tx.snapshot, this.tx.ws, prefix, end, true);
    return rows.map(([k]) => readU64(k, k.length - 8));
  }

  /**
   * Entity ids whose (first) indexed property lies in a range; pass bounds of one type (the
   * planner builds them from `a < x` predicates; mixed types never compare). Results are in
   * index order.
   */
  async *indexRange(indexName: string, lower: RangeBound | null, upper: RangeBound | null, typeRegion: readonly [Buffer, Buffer]): AsyncIterable<number[]> {
    const def = this.indexDef(indexName);
    const base = Keys.indexPrefix(this.p, Tag.PropIndex, def.id);
    let gte: Buffer = Buffer.concat([base, typeRegion[0]]);
    let lt: Buffer = Buffer.concat([base, typeRegion[1]]);
    if (lower !== null) {
      const k = Buffer.concat([base, encodeOrderKeyTuple([lower.value])]);
      gte = lower.inclusive ? k : prefixEnd(k);
    }
    if (upper !== null) {
      const k = Buffer.concat([base, encodeOrderKeyTuple([upper.value])]);
      lt = upper.inclusive ? prefixEnd(k) : k;
    }
    if (Buffer.compare(gte, lt) >= 0) return;
    yield* this.scanIds(gte, lt, (k) => readU64(k, k.length - 8));
  }

  /**
   * Committed node count of a label (or of all nodes), from memory: a planning statistic, not an
   * answer (it ignores this transaction's own writes).
   */
  nodeCountEstimate(label?: string): number {
    if (label === undefined) return this.d.state.counter(CounterKind.Nodes, 0);
    const l = this.labelId(label);
    return l === undefined ? 0 : this.d.state.counter(CounterKind.Label, l);
  }

  /** Node count (of a label) as of this transaction: a counter read, never a scan. */
  async countNodes(label?: string): Promise<number> {
    if (label === undefined) return this.counter(CounterKind.Nodes, 0);
    const l = this.labelId(label);
    return l === undefined ? 0 : this.counter(CounterKind.Label, l);
  }

  /** Relationship count (of a type) as of this transaction. */
  async countRels(type?: string): Promise<number> {
    if (type === undefined) return this.counter(CounterKind.Rels, 0);
    const t = this.typeId(type);
    return t === undefined ? 0 : this.counter(CounterKind.RelType, t);
  }

  // ---------------------------------------------------------------- writes

  /** Creates nodes; returns their ids. Properties are validated first: a bad one writes nothing. */
  async createNodes(items: readonly { readonly labels: readonly string[]; readonly properties?: PropInput }[]): Promise<number[]> {
    return this.guard(async () => {
      this.tx.checkWritable();
      // Validate everything before staging anything: a bad value writes nothing.
      const labelCache = new Map<string, number[]>();
      let lastLabels: readonly string[] | null = null;
      let lastIds: number[] = [];
      const prepared = items.map((it) => {
        // Items of one batch usually share their label list (often the same array).
        if (it.labels !== lastLabels) {
          const lk = it.labels.join('\u0000');
          let ids = labelCache.get(lk);
          if (ids === undefined) labelCache.set(lk, (ids = this.internLabels(it.labels)));
          lastLabels = it.labels;
          lastIds = ids;
        }
        return { labels: lastIds, values: this.toValues(it.properties) };
      });
      const ids: number[] = new Array(prepared.length);
      const uniques: UniqueWrite[] = [];
      const labelCounts = new Map<number, number>();
      const hasIndexes = this.d.state.indexes.length > 0;
      const ws = this.tx.ws;
      for (let i = 0; i < prepared.length; i++) {
        const { labels, values } = prepared[i]!;
        const id = this.d.state.allocateNodeId();
        ids[i] = id;
        // New ids: none of these keys can exist yet, so they skip the write set's map.
        ws.putFresh(Keys.node(this.p, id), encodeNodeValues(labels, values));
        for (const l of labels) {
          ws.putFresh(Keys.label(this.p, l, id), EMPTY);
          labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);
        }
        if (hasIndexes) this.indexEntries('node', id, labels, rawOf(values), uniques, +1, true);
      }
      this.d.addCounter(CounterKind.Nodes, 0, ids.length);
      for (const [l, n] of labelCounts) this.d.addCounter(CounterKind.Label, l, n);
      this.d.wrote = true;
      await this.applyUniques(uniques);
      return ids;
    });
  }

  async createNode(labels: readonly string[], properties?: PropInput): Promise<number> {
    return (await this.createNodes([{ labels, properties }]))[0]!;
  }

  /** Creates relationships between existing nodes; returns their ids. */
  async createRels(items: readonly { readonly type: string; readonly start: number; readonly end: number; readonly properties?: PropInput }[]): Promise<number[]> {
    return this.guard(async () => {
      this.tx.checkWritable();
      const ends = [...new Set(items.flatMap((i) => [i.start, i.end]))];
      const recs = await this.readRaw(ends.map((n) => Keys.node(this.p, n)));
      recs.forEach((r, i) => {
        if (r === undefined) throw quiverError('EntityNotFound', `Node ${ends[i]} does not exist in this database; cannot create a relationship to it.`);
      });
      for (const n of ends) this.d.conflictShared.add(toKeyString(Keys.node(this.p, n)));
      const prepared = items.map((it) => ({ ...it, typeId: this.d.state.internToken(TokenKind.RelType, checkName(it.type, 'relationship type')), values: this.toValues(it.properties) }));
      const ids: number[] = [];
      const uniques: UniqueWrite[] = [];
      const typeCounts = new Map<number, number>();
      const hasIndexes = this.d.state.indexes.length > 0;
      const ws = this.tx.ws;
      for (const it of prepared) {
        const id = this.d.state.allocateRelId();
        ids.push(id);
        // New relationship id: these keys cannot exist yet.
        ws.putFresh(Keys.rel(this.p, id), encodeRelValues(it.typeId, it.start, it.end, it.values));
        ws.putFresh(Keys.adj(this.p, it.start, Dir.Out, it.typeId, it.end, id), EMPTY);
        ws.putFresh(Keys.adj(this.p, it.end, Dir.In, it.typeId, it.start, id), EMPTY);
        ws.putFresh(Keys.relType(this.p, it.typeId, id), EMPTY);
        typeCounts.set(it.typeId, (typeCounts.get(it.typeId) ?? 0) + 1);
        if (hasIndexes) this.indexEntries('relationship', id, [it.typeId], rawOf(it.values), uniques, +1, true);
      }
      this.d.addCounter(CounterKind.Rels, 0, ids.length);
      for (const [t, n] of typeCounts) this.d.addCounter(CounterKind.RelType, t, n);
      this.d.wrote = true;
      await this.applyUniques(uniques);
      return ids;
    });
  }

  async createRel(type: string, start: number, end: number, properties?: PropInput): Promise<number> {
    return (await this.createRels([{ type, start, end, properties }]))[0]!;
  }

  /**
   * Sets properties of a node or relationship. mode 'merge' (`SET n += map`, or single keys)
   * keeps other properties; 'replace' (`SET n = map`) removes them. null removes a key.
   */
  async setProperties(entity: 'node' | 'relationship', id: number, props: PropInput, mode: 'merge' | 'replace' = 'merge'): Promise<void> {
    return this.guard(async () => {
      this.tx.checkWritable();
      const updates = new Map<number, Buffer | null>();
      for (const [k, v] of entries(props)) {
        const keyId = this.d.state.internToken(TokenKind.PropKey, checkName(k, 'property key'));
        updates.set(keyId, v === null ? null : encodeProperty(toPropertyValue(v, k)));
      }
      if (entity === 'node') {
        const rec = await this.mustNode(id);
        const next: RawProps = mode === 'replace' ? new Map() : new Map(rec.props);
        for (const [k, v] of updates) if (v === null) next.delete(k);
        else next.set(k, v);
        await this.rewriteNode(rec, rec.labels, next);
      } else {
        const rec = await this.mustRel(id);
        const next: RawProps = mode === 'replace' ? new Map() : new Map(rec.props);
        for (const [k, v] of updates) if (v === null) next.delete(k);
        else next.set(k, v);
        await this.rewriteRel(rec, next);
      }
    });
  }

  async addLabels(id: number, labels: readonly string[]): Promise<void> {
    return this.guard(async () => {
      this.tx.checkWritable();
      const rec = await this.mustNode(id);
      const add = this.internLabels(labels).filter((l) => !rec.labels.includes(l));
      if (add.length === 0) return;
      await this.rewriteNode(rec, [...rec.labels, ...add].sort((a, b) => a - b), rec.props);
    });
  }

  async removeLabels(id: number, labels: readonly string[]): Promise<void> {
    return this.guard(async () => {
      this.tx.checkWritable();
      const rec = await this.mustNode(id);
      const drop = new Set(labels.map((l) => this.labelId(l)).filter((l): l is number => l !== undefined));
      if (!rec.labels.some((l) => drop.has(l))) return;
      await this.rewriteNode(rec, rec.labels.filter((l) => !drop.has(l)), rec.props);
    });
  }

  /**
   * Deletes a node. Without `detach` a node that still has relationships is refused (Neo4j's
   * DELETE); with it its relationships go too (DETACH DELETE). Deleting a missing node is a no-op.
   */
  async deleteNode(id: number, detach = false): Promise<number> {
    return this.guard(async () => this.removeNode(id, detach ? 'detach' : 'check'));
  }

  /**
   * Deletes a node without looking at its relationships: Cypher's `DELETE n, r` may delete the
   * relationships later in the same statement, so the caller checks at the end of the statement
   * (`withRelationships`) that none is left.
   */
  async deleteNodeDeferred(id: number): Promise<number> {
    return this.guard(async () => this.removeNode(id, 'defer'));
  }

  /** Which of these nodes still have relationships. */
  async withRelationships(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const adj = await this.expand(ids, 'both');
    return ids.filter((_, i) => adj[i]!.length > 0);
  }

  /** Returns how many relationships went with the node (DETACH), or -1 if it did not exist. */
  private async removeNode(id: number, mode: 'check' | 'detach' | 'defer'): Promise<number> {
    const rec = await this.getNode(id);
    if (rec === undefined) return -1;
    let rels = 0;
    if (mode !== 'defer') {
      const [adj] = await this.expand([id], 'both');
      if (adj!.length > 0) {
        if (mode === 'check') {
          throw quiverError('DeleteConnectedNode', `Cannot delete node<${id}>, because it still has relationships. To delete this node, you must first delete its relationships.`);
        }
        for (const a of adj!) {
          if (await this.removeRel(a.rel)) rels++;
        }
      }
    }
    const key = Keys.node(this.p, id);
    const before = await this.sizeBefore(key);
    this.tx.ws.put(key, null, before);
    this.d.conflictWrites.add(toKeyString(key));
    for (const l of rec.labels) {
      this.delEmpty(Keys.label(this.p, l, id));
      this.d.addCounter(CounterKind.Label, l, -1);
    }
    this.d.addCounter(CounterKind.Nodes, 0, -1);
    const uniques: UniqueWrite[] = [];
    this.indexEntries('node', id, rec.labels, rec.props, uniques, -1);
    await this.applyUniques(uniques);
    this.d.wrote = true;
    return rels;
  }

  /** Deletes a relationship; a missing one is a no-op (returns false). */
  async deleteRel(id: number): Promise<boolean> {
    return this.guard(async () => this.removeRel(id));
  }

  private async removeRel(id: number): Promise<boolean> {
    const rec = await this.getRel(id);
    if (rec === undefined) return false;
    const key = Keys.rel(this.p, id);
    this.tx.ws.put(key, null, await this.sizeBefore(key));
    this.d.conflictWrites.add(toKeyString(key));
    this.delEmpty(Keys.adj(this.p, rec.start, Dir.Out, rec.type, rec.end, id));
    this.delEmpty(Keys.adj(this.p, rec.end, Dir.In, rec.type, rec.start, id));
    this.delEmpty(Keys.relType(this.p, rec.type, id));
    this.d.addCounter(CounterKind.Rels, 0, -1);
    this.d.addCounter(CounterKind.RelType, rec.type, -1);
    const uniques: UniqueWrite[] = [];
    this.indexEntries('relationship', id, [rec.type], rec.props, uniques, -1);
    await this.applyUniques(uniques);
    this.d.wrote = true;
    return true;
  }

  // ---------------------------------------------------------------- schema

  listIndexes(): IndexInfo[] {
    return this.d.state.indexes.map((d) => this.indexInfo(d));
  }

  /**
   * Creates a property index (unique: one backing a uniqueness constraint) and fills it from
   * the existing data in this transaction. The transaction commits only if no other write hit the
   * database meanwhile (otherwise: a transient conflict; retry).
   */
  async createIndex(spec: IndexSpec): Promise<IndexInfo> {
    return this.guard(async () => {
      this.tx.checkWritable();
      if (spec.properties.length === 0) throw quiverError('ArgumentError', 'an index needs at least one property');
      const state = this.d.state;
      const tokenKind = spec.entity === 'node' ? TokenKind.Label : TokenKind.RelType;
      const token = state.internToken(tokenKind, checkName(spec.token, spec.entity === 'node' ? 'label' : 'relationship type'));
      const properties = spec.properties.map((k) => state.internToken(TokenKind.PropKey, checkName(k, 'property key')));
      const same = state.indexes.find((d) => d.entity === spec.entity && d.token === token && sameList(d.properties, properties));
      if (same !== undefined) {
        throw quiverError('IndexAlreadyExists', `An equivalent index already exists, '${same.name}'.`);
      }
      const id = state.nextIndexId++;
      const name = spec.name ?? `index_${id}`;
      if (state.indexes.some((d) => d.name === name)) throw quiverError('IndexAlreadyExists', `There already exists an index called '${name}'.`);
      const def: IndexDef = { id, name, entity: spec.entity, token, properties, unique: spec.unique ?? false, ...(spec.constraintName ? { constraintName: spec.constraintName } : {}) };
      this.tx.ws.put(Keys.schema(this.p, id), Buffer.from(JSON.stringify(def)), 0);
      this.d.exclusive = true;
      this.d.wrote = true;
      // Populate from this transaction's view.
      const uniques: UniqueWrite[] = [];
      if (spec.entity === 'node') {
        for await (const recs of this.scanNodes(spec.token)) {
          for (const r of recs) this.entriesFor(def, r.id, r.props, uniques, +1, true);
        }
      } else {
        for await (const ids of this.relTypeScan(spec.token)) {
          for (const r of await this.getRels(ids)) if (r) this.entriesFor(def, r.id, r.props, uniques, +1, true);
        }
      }
      await this.applyUniques(uniques);
      this.tx.afterCommit(() => {
        state.indexes = [...state.indexes, def];
        state.schemaVersion++;
      });
      return this.indexInfo(def);
    });
  }

  /** Drops an index (and its entries) by name. */
  async dropIndex(name: string): Promise<void> {
    return this.guard(async () => {
      this.tx.checkWritable();
      const def = this.indexDef(name);
      const state = this.d.state;
      this.tx.ws.put(Keys.schema(this.p, def.id), null, -1);
      for (const tag of [Tag.PropIndex, Tag.Unique] as const) {
        const prefix = Keys.indexPrefix(this.p, tag, def.id);
        const it = new MergedIterator(this.tx.snapshot, this.tx.ws, prefix, prefixEnd(prefix), true, SCAN_BATCH);
        try {
          for (let b = await it.next(); b.length > 0; b = await it.next()) for (const [k] of b) this.tx.ws.put(k, null, -1);
        } finally {
          await it.close();
        }
      }
      this.d.exclusive = true;
      this.d.wrote = true;
      this.tx.afterCommit(() => {
        state.indexes = state.indexes.filter((d) => d.id !== def.id);
        state.schemaVersion++;
      });
    });
  }

  // ---------------------------------------------------------------- internals

  /** Runs a write; if it fails after staging anything, the transaction can only roll back. */
  private async guard<T>(op: () => Promise<T>): Promise<T> {
    const mark = this.tx.ws.puts;
    try {
      return await op();
    } catch (e) {
      if (this.tx.ws.puts !== mark) this.tx.markFailed(e);
      throw e;
    }
  }

  private indexDef(name: string): IndexDef {
    const def = this.d.state.indexes.find((d) => d.name === name);
    if (def === undefined) throw quiverError('IndexNotFound', `There is no index called '${name}'.`);
    return def;
  }

  private indexInfo(d: IndexDef): IndexInfo {
    return {
      id: d.id,
      name: d.name,
      entity: d.entity,
      token: d.entity === 'node' ? this.labelName(d.token) : this.typeName(d.token),
      properties: d.properties.map((p) => this.propKeyName(p)),
      unique: d.unique,
      ...(d.constraintName ? { constraintName: d.constraintName } : {}),
    };
  }

  private async counter(kind: CounterKind, token: number): Promise<number> {
    this.tx.checkOpen();
    const v = await this.tx.snapshot.get(Keys.counter(this.p, kind, token));
    return (v === undefined ? 0 : Number(v.readBigInt64BE(0))) + this.d.counterDelta(kind, token);
  }

  private internLabels(labels: readonly string[]): number[] {
    const ids = [...new Set(labels.map((l) => this.d.state.internToken(TokenKind.Label, checkName(l, 'label'))))];
    return ids.sort((a, b) => a - b);
  }

  /** Validated property values by key token id (nulls dropped), in input order. */
  private toValues(input: PropInput | undefined): [number, PropertyValue][] {
    const out: [number, PropertyValue][] = [];
    if (input === undefined) return out;
    const state = this.d.state;
    if (input instanceof Map) {
      for (const [k, v] of input) if (v !== null) out.push([state.internToken(TokenKind.PropKey, checkName(k, 'property key')), toPropertyValue(v, k)]);
      return out;
    }
    // Plain objects: no entry arrays (this runs once per created entity).
    const obj = input as Readonly<Record<string, Value>>;
    for (const k in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) continue;
      const v = obj[k]!;
      if (v !== null) out.push([state.internToken(TokenKind.PropKey, checkName(k, 'property key')), toPropertyValue(v, k)]);
    }
    return out;
  }

  private toRawProps(input: PropInput | undefined): RawProps {
    const out: RawProps = new Map();
    if (input === undefined) return out;
    for (const [k, v] of entries(input)) {
      if (v === null) continue;
      const pv = toPropertyValue(v, k);
      out.set(this.d.state.internToken(TokenKind.PropKey, checkName(k, 'property key')), encodeProperty(pv));
    }
    return out;
  }

  private async readRaw(keys: readonly Buffer[]): Promise<(Buffer | undefined)[]> {
    this.tx.checkOpen();
    // A few keys are cheaper read synchronously (~3 µs each) than through one thread-pool hop
    // (~20 µs); PERF-NOTES.md measured both.
    if (keys.length <= SYNC_READ_MAX) return keys.map((k) => this.readRawSync(k));
    const out: (Buffer | undefined)[] = new Array(keys.length);
    const ws = this.tx.ws;
    if (ws.size === 0) return this.tx.snapshot.getMany(keys);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const e = ws.get(keys[i]!);
      if (e !== undefined) out[i] = e.value ?? undefined;
      else missing.push(i);
    }
    if (missing.length > 0) {
      const got = await this.tx.snapshot.getMany(missing.map((i) => keys[i]!));
      missing.forEach((i, j) => (out[i] = got[j]));
    }
    return out;
  }

  /** Size of a key before this transaction touched it, when the write set does not know it yet. */
  /** Deletes a key whose value is empty (index and adjacency entries): its size is the key's. */
  private delEmpty(key: Buffer): void {
    this.tx.ws.put(key, null, key.length);
  }

  private async sizeBefore(key: Buffer): Promise<number> {
    if (this.tx.ws.get(key) !== undefined) return -1; // the first write already fixed it
    const v = await this.tx.snapshot.get(key);
    return v === undefined ? 0 : key.length + v.length;
  }

  private async mustNode(id: number): Promise<NodeRecord> {
    const rec = await this.getNode(id);
    if (rec === undefined) throw quiverError('EntityNotFound', `Node with id ${id} has been deleted or does not exist.`);
    return rec;
  }

  private async mustRel(id: number): Promise<RelRecord> {
    const rec = await this.getRel(id);
    if (rec === undefined) throw quiverError('EntityNotFound', `Relationship with id ${id} has been deleted or does not exist.`);
    return rec;
  }

  private async rewriteNode(rec: NodeRecord, labels: readonly number[], props: RawProps): Promise<void> {
    const key = Keys.node(this.p, rec.id);
    this.tx.ws.put(key, encodeNode(labels, props), await this.sizeBefore(key));
    this.d.conflictWrites.add(toKeyString(key));
    for (const l of rec.labels) {
      if (!labels.includes(l)) {
        this.delEmpty(Keys.label(this.p, l, rec.id));
        this.d.addCounter(CounterKind.Label, l, -1);
      }
    }
    for (const l of labels) {
      if (!rec.labels.includes(l)) {
        this.tx.ws.put(Keys.label(this.p, l, rec.id), EMPTY, 0);
        this.d.addCounter(CounterKind.Label, l, 1);
      }
    }
    const uniques: UniqueWrite[] = [];
    this.indexEntries('node', rec.id, rec.labels, rec.props, uniques, -1);
    this.indexEntries('node', rec.id, labels, props, uniques, +1);
    this.d.wrote = true;
    await this.applyUniques(uniques);
  }

  private async rewriteRel(rec: RelRecord, props: RawProps): Promise<void> {
    const key = Keys.rel(this.p, rec.id);
    this.tx.ws.put(key, encodeRel(rec.type, rec.start, rec.end, props), await this.sizeBefore(key));
    this.d.conflictWrites.add(toKeyString(key));
    const uniques: UniqueWrite[] = [];
    this.indexEntries('relationship', rec.id, [rec.type], rec.props, uniques, -1);
    this.indexEntries('relationship', rec.id, [rec.type], props, uniques, +1);
    this.d.wrote = true;
    await this.applyUniques(uniques);
  }

  /** Stages (+1) or removes (-1) the index entries of an entity for every index that covers it. */
  private indexEntries(entity: 'node' | 'relationship', id: number, tokens: readonly number[], props: RawProps, uniques: UniqueWrite[], sign: 1 | -1, fresh = false): void {
    for (const def of this.d.state.indexes) {
      if (def.entity === entity && tokens.includes(def.token)) this.entriesFor(def, id, props, uniques, sign, fresh);
    }
  }

  /** `fresh`: the entity or the index is new in this transaction, so no entry can exist yet. */
  private entriesFor(def: IndexDef, id: number, props: RawProps, uniques: UniqueWrite[], sign: 1 | -1, fresh = false): void {
    const values: PropertyValue[] = [];
    for (const k of def.properties) {
      const b = props.get(k);
      if (b === undefined) return; // an entity lacking an indexed property is not in the index
      values.push(decodeValue(b));
    }
    const orderKey = encodeOrderKeyTuple(values);
    const key = Keys.propIndex(this.p, def.id, orderKey, id);
    this.tx.ws.put(key, sign > 0 ? EMPTY : null, sign > 0 ? (fresh ? 0 : -1) : key.length);
    if (def.unique) uniques.push({ def, key: Keys.indexPrefix(this.p, Tag.Unique, def.id, orderKey), id, sign, values });
  }

  /**
   * Applies unique-index changes: removals first (so an entity may keep its own value), then
   * additions, each checked against this transaction's view. Concurrent additions of the same
   * value by two transactions conflict at commit on the unique key.
   */
  private async applyUniques(uniques: UniqueWrite[]): Promise<void> {
    if (uniques.length === 0) return;
    for (const u of uniques) {
      if (u.sign < 0) {
        this.tx.ws.put(u.key, null, u.key.length + 8);
        this.d.conflictWrites.add(toKeyString(u.key));
      }
    }
    const adds = uniques.filter((u) => u.sign > 0);
    const current = await this.readRaw(adds.map((u) => u.key));
    adds.forEach((u, i) => {
      const holder = current[i];
      if (holder !== undefined && readU64(holder, 0) !== u.id) {
        const what = u.def.entity === 'node' ? `Node(${readU64(holder, 0)})` : `Relationship(${readU64(holder, 0)})`;
        const props = u.def.properties.map((p) => this.propKeyName(p));
        const token = u.def.entity === 'node' ? `label \`${this.labelName(u.def.token)}\`` : `type \`${this.typeName(u.def.token)}\``;
        throw quiverError(
          'ConstraintValidationFailed',
          `${what} already exists with ${token} and ${props.length === 1 ? `property \`${props[0]}\`` : `properties ${props.map((p) => `\`${p}\``).join(', ')}`} = ${u.values.map(show).join(', ')}`,
        );
      }
      this.tx.ws.put(u.key, i64Id(u.id), holder === undefined ? 0 : u.key.length + 8);
      this.d.conflictWrites.add(toKeyString(u.key));
    });
  }

  private scanIds(gte: Buffer, lt: Buffer, idOf: (k: Buffer) => number): AsyncIterable<number[]> {
    const tx = this.tx;
    return {
      async *[Symbol.asyncIterator]() {
        tx.checkOpen();
        const it = new MergedIterator(tx.snapshot, tx.ws, gte, lt, true, SCAN_BATCH);
        try {
          for (;;) {
            const b = await it.next();
            if (b.length === 0) return;
            const ids = new Array<number>(b.length);
            for (let i = 0; i < b.length; i++) ids[i] = idOf(b[i]![0]);
            yield ids;
          }
        } finally {
          await it.close();
        }
      },
    };
  }
}

interface UniqueWrite {
  readonly def: IndexDef;
  readonly key: Buffer;
  readonly id: number;
  readonly sign: 1 | -1;
  readonly values: readonly PropertyValue[];
}

const EMPTY = Buffer.alloc(0);

/** Encoded properties for index maintenance (only when the database has indexes). */
function rawOf(values: readonly (readonly [number, PropertyValue])[]): RawProps {
  const m: RawProps = new Map();
  for (const [k, v] of values) m.set(k, encodeProperty(v));
  return m;
}

function i64Id(id: number): Buffer {
  return i64(id);
}

function show(v: PropertyValue): string {
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function checkName(name: string, what: string): string {
  if (typeof name !== 'string' || name.length === 0) throw quiverError('ArgumentError', `a ${what} must be a non-empty string`);
  return name;
}

async function* emptyScan(): AsyncIterable<number[]> {
  // nothing
}

/** Reads every key of [prefix, end) from a seekable iterator positioned anywhere. */
async function scanPrefix(it: import('./kv.js').KvIterator, prefix: Buffer, end: Buffer): Promise<Buffer[]> {
  it.seek(prefix);
  const out: Buffer[] = [];
  for (let n = 16; ; n = Math.min(n * 4, 4096)) {
    const got = await it.nextv(n);
    for (const [k] of got) {
      if (Buffer.compare(k, end) >= 0) return out;
      out.push(k);
    }
    if (got.length < n) return out;
  }
}

/** Overlays write-set entries (puts and deletes) on a sorted key list. */
function mergeKeys(keys: Buffer[], ws: readonly { key: Buffer; value: Buffer | null }[]): Buffer[] {
  if (ws.length === 0) return keys;
  const byKey = new Map<string, Buffer | null>();
  for (const k of keys) byKey.set(toKeyString(k), k);
  for (const w of ws) byKey.set(toKeyString(w.key), w.value === null ? null : w.key);
  return [...byKey.entries()]
    .filter((e): e is [string, Buffer] => e[1] !== null)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((e) => e[1]);
}
