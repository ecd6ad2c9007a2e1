// Nodes and relationships as the runtime holds them. Each value carries its own record (read by
// the operator that produced it, or on first access with one synchronous read), so memory stays
// bounded by the rows alive, not by how many entities a statement has seen. The statement's
// EntityCache holds only what the statement itself changed — entities it wrote or deleted — and
// every read checks it first: a SET in the same query is seen at once, and reading a deleted
// entity fails as Cypher requires.
import { cypherError } from '../errors.js';
import type { GraphTx, NodeRecord, RelRecord } from '../storage/index.js';
import { type CypherMap, NodeValue, type PropertyValue, RelationshipValue } from '../values/types.js';

export class EntityCache {
  private readonly nodes = new Map<number, NodeRecord | null>();
  private readonly rels = new Map<number, RelRecord | null>();
  readonly deletedNodes = new Set<number>();
  readonly deletedRels = new Set<number>();
  /** Bumped on every change, so entity values know when their decoded properties are stale. */
  version = 0;
  /** Nodes deleted without DETACH: checked for remaining relationships at the statement's end. */
  pendingDeleteChecks: Set<number> | null = null;
  /** Set for a read-only database in a cross-database statement: writes fail with it. */
  denyWrites: Error | undefined = undefined;
  /** The database's name in a cross-database statement (messages); '' for the session's. */
  databaseName = '';

  constructor(readonly graph: GraphTx) {}

  /** Re-reads entities after this statement wrote them. */
  async refreshNodes(ids: Iterable<number>): Promise<void> {
    const list = [...ids];
    const recs = await this.graph.getNodes(list);
    list.forEach((id, i) => this.nodes.set(id, recs[i] ?? null));
    this.version++;
  }

  async refreshRels(ids: Iterable<number>): Promise<void> {
    const list = [...ids];
    const recs = await this.graph.getRels(list);
    list.forEach((id, i) => this.rels.set(id, recs[i] ?? null));
    this.version++;
  }

  markNodeDeleted(id: number): void {
    this.deletedNodes.add(id);
    this.nodes.set(id, null);
    this.version++;
  }

  markRelDeleted(id: number): void {
    this.deletedRels.add(id);
    this.rels.set(id, null);
    this.version++;
  }

  /** The current record of a node: this statement's change if any, else the holder's own. */
  nodeRecord(id: number, own: NodeRecord | undefined): NodeRecord {
    const changed = this.nodes.get(id);
    const r = changed !== undefined ? changed : (own ?? this.graph.getNodeSync(id) ?? null);
    if (r === null) throw deleted('node', id);
    return r;
  }

  relRecord(id: number, own: RelRecord | undefined): RelRecord {
    const changed = this.rels.get(id);
    const r = changed !== undefined ? changed : (own ?? this.graph.getRelSync(id) ?? null);
    if (r === null) throw deleted('relationship', id);
    return r;
  }
}

function deleted(what: string, id: number): Error {
  return cypherError('EntityNotFound', 'DeletedEntityAccess', `The ${what} with id ${id} has been deleted in this transaction.`);
}

/** A node bound in a running query. */
export class GraphNode extends NodeValue {
  private rec: NodeRecord | undefined;
  private props: Map<string, PropertyValue> | undefined;
  private seen = -1;

  constructor(
    readonly nid: number,
    readonly cache: EntityCache,
    rec?: NodeRecord,
  ) {
    // Identity strings are built on demand: a scan of a million nodes rarely needs them.
    super(0n, '');
    this.rec = rec;
  }
  override get id(): bigint {
    return BigInt(this.nid);
  }
  override get elementId(): string {
    return this.cache.graph.nodeElementId(this.nid);
  }
  /** One property, decoding only that value (the common `n.prop` path). */
  property(key: string): PropertyValue | undefined {
    if (this.props !== undefined && this.seen === this.cache.version) return this.props.get(key);
    return this.cache.graph.property(this.record(), key);
  }
  private record(): NodeRecord {
    const r = this.cache.nodeRecord(this.nid, this.rec);
    this.rec ??= r;
    return r;
  }
  override get labels(): readonly string[] {
    return this.cache.graph.labelsOf(this.record());
  }
  override get properties(): CypherMap {
    if (this.props === undefined || this.seen !== this.cache.version) {
      this.props = this.cache.graph.properties(this.record());
      this.seen = this.cache.version;
    }
    return this.props;
  }
  get isDeleted(): boolean {
    return this.cache.deletedNodes.has(this.nid);
  }
}

/** A relationship bound in a running query. */
export class GraphRel extends RelationshipValue {
  private rec: RelRecord | undefined;
  private props: Map<string, PropertyValue> | undefined;
  private seen = -1;

  constructor(
    readonly rid: number,
    readonly typeId: number,
    readonly start: number,
    readonly end: number,
    readonly cache: EntityCache,
  ) {
    const g = cache.graph;
    super(BigInt(rid), g.relElementId(rid), g.typeName(typeId), BigInt(start), g.nodeElementId(start), BigInt(end), g.nodeElementId(end));
  }
  /** One property, decoding only that value. */
  property(key: string): PropertyValue | undefined {
    if (this.props !== undefined && this.seen === this.cache.version) return this.props.get(key);
    const r = this.cache.relRecord(this.rid, this.rec);
    this.rec ??= r;
    return this.cache.graph.property(r, key);
  }
  override get properties(): CypherMap {
    if (this.props === undefined || this.seen !== this.cache.version) {
      const r = this.cache.relRecord(this.rid, this.rec);
      this.rec ??= r;
      this.props = this.cache.graph.properties(r);
      this.seen = this.cache.version;
    }
    return this.props;
  }
  get isDeleted(): boolean {
    return this.cache.deletedRels.has(this.rid);
  }
}

/** A materialised copy of a value for returning to a client (no cache references left). */
export function materialize<T>(v: T): T {
  if (v instanceof GraphNode) {
    if (v.isDeleted) return new NodeValue(v.id, v.elementId, [], new Map()) as T;
    return new NodeValue(v.id, v.elementId, [...v.labels], new Map(v.properties)) as T;
  }
  if (v instanceof GraphRel) {
    const props = v.isDeleted ? new Map() : new Map(v.properties);
    return new RelationshipValue(v.id, v.elementId, v.type, v.startId, v.startElementId, v.endId, v.endElementId, props) as T;
  }
  if (Array.isArray(v)) return v.map(materialize) as T;
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, materialize(x)])) as T;
  if (v !== null && typeof v === 'object' && (v as { kind?: string }).kind === 'Path') {
    const p = v as unknown as { nodes: unknown[]; relationships: unknown[]; constructor: new (n: unknown[], r: unknown[]) => unknown };
    return new p.constructor(p.nodes.map(materialize), p.relationships.map(materialize)) as T;
  }
  return v;
}
