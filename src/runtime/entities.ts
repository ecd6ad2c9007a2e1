// Nodes and relationships as the runtime holds them: identity plus a reference to the statement's
// entity cache, so that labels and properties are read on demand and stay current after a SET in
// the same query, and access to a deleted entity fails as Cypher requires.
import { cypherError } from '../errors.js';
import type { GraphTx, NodeRecord, RelRecord } from '../storage/index.js';
import { type CypherMap, NodeValue, type PropertyValue, RelationshipValue } from '../values/types.js';

/** Records of the entities a statement has touched, per database, kept current by its writes. */
export class EntityCache {
  private readonly nodes = new Map<number, NodeRecord | null>();
  private readonly rels = new Map<number, RelRecord | null>();
  private readonly nodeProps = new Map<number, Map<string, PropertyValue>>();
  private readonly relProps = new Map<number, Map<string, PropertyValue>>();
  readonly deletedNodes = new Set<number>();
  readonly deletedRels = new Set<number>();

  constructor(readonly graph: GraphTx) {}

  hasNode(id: number): boolean {
    return this.nodes.has(id);
  }
  hasRel(id: number): boolean {
    return this.rels.has(id);
  }

  putNode(rec: NodeRecord): void {
    this.nodes.set(rec.id, rec);
    this.nodeProps.delete(rec.id);
  }
  putRel(rec: RelRecord): void {
    this.rels.set(rec.id, rec);
    this.relProps.delete(rec.id);
  }

  /** Loads the records of nodes not yet cached (one batched read). */
  async loadNodes(ids: Iterable<number>): Promise<void> {
    const missing = [...ids].filter((id) => !this.nodes.has(id));
    if (missing.length === 0) return;
    const recs = await this.graph.getNodes(missing);
    missing.forEach((id, i) => this.nodes.set(id, recs[i] ?? null));
  }

  async loadRels(ids: Iterable<number>): Promise<void> {
    const missing = [...ids].filter((id) => !this.rels.has(id));
    if (missing.length === 0) return;
    const recs = await this.graph.getRels(missing);
    missing.forEach((id, i) => this.rels.set(id, recs[i] ?? null));
  }

  /** Re-reads entities after a write changed them. */
  async refreshNodes(ids: Iterable<number>): Promise<void> {
    const list = [...ids];
    const recs = await this.graph.getNodes(list);
    list.forEach((id, i) => {
      this.nodes.set(id, recs[i] ?? null);
      this.nodeProps.delete(id);
    });
  }

  async refreshRels(ids: Iterable<number>): Promise<void> {
    const list = [...ids];
    const recs = await this.graph.getRels(list);
    list.forEach((id, i) => {
      this.rels.set(id, recs[i] ?? null);
      this.relProps.delete(id);
    });
  }

  markNodeDeleted(id: number): void {
    this.deletedNodes.add(id);
    this.nodes.set(id, null);
    this.nodeProps.delete(id);
  }

  markRelDeleted(id: number): void {
    this.deletedRels.add(id);
    this.rels.set(id, null);
    this.relProps.delete(id);
  }

  /** A node's record: from the cache (operators prefetch in batches), else one synchronous read. */
  nodeRecord(id: number): NodeRecord {
    let r = this.nodes.get(id);
    if (r === undefined) {
      r = this.graph.getNodeSync(id) ?? null;
      this.nodes.set(id, r);
    }
    if (r === null) throw deleted('node', id);
    return r;
  }

  relRecord(id: number): RelRecord {
    let r = this.rels.get(id);
    if (r === undefined) {
      r = this.graph.getRelSync(id) ?? null;
      this.rels.set(id, r);
    }
    if (r === null) throw deleted('relationship', id);
    return r;
  }

  nodeProperties(id: number): Map<string, PropertyValue> {
    let p = this.nodeProps.get(id);
    if (p === undefined) {
      p = this.graph.properties(this.nodeRecord(id));
      this.nodeProps.set(id, p);
    }
    return p;
  }

  relProperties(id: number): Map<string, PropertyValue> {
    let p = this.relProps.get(id);
    if (p === undefined) {
      p = this.graph.properties(this.relRecord(id));
      this.relProps.set(id, p);
    }
    return p;
  }
}

function deleted(what: string, id: number): Error {
  return cypherError('EntityNotFound', 'DeletedEntityAccess', `The ${what} with id ${id} has been deleted in this transaction.`);
}

/** A node bound in a running query. */
export class GraphNode extends NodeValue {
  constructor(
    readonly nid: number,
    readonly cache: EntityCache,
  ) {
    super(BigInt(nid), cache.graph.nodeElementId(nid));
  }
  override get labels(): readonly string[] {
    return this.cache.graph.labelsOf(this.cache.nodeRecord(this.nid));
  }
  override get properties(): CypherMap {
    return this.cache.nodeProperties(this.nid);
  }
  get isDeleted(): boolean {
    return this.cache.deletedNodes.has(this.nid);
  }
}

/** A relationship bound in a running query. */
export class GraphRel extends RelationshipValue {
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
  override get properties(): CypherMap {
    return this.cache.relProperties(this.rid);
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
