// shortestPath / allShortestPaths: a bidirectional breadth-first search per input row. Each step
// expands the smaller of the two frontiers by one level with one batched `graph.expand`; the
// first level at which the two searches meet gives the shortest length, and every node where
// they meet at that level lies on a shortest path (all of them are combined for
// allShortestPaths). A shortest path never repeats a node, so relationship uniqueness holds by
// construction; relationships bound earlier in the same MATCH are never used. A WHERE about the
// path turns the search into an enumeration by length (see searchWhere).
import { cypherError } from '../../errors.js';
import type { ShortestPath } from '../../planner/index.js';
import type { Adjacent } from '../../storage/index.js';
import { type CypherMap, PathValue, type Value } from '../../values/types.js';
import type { ExecContext, Row } from '../context.js';
import { GraphNode, type GraphRel } from '../entities.js';
import { compile, describe, isTrue, labelTest } from '../expressions.js';
import * as op from '../operators.js';
import { type Factory, mapBatches } from './operator.js';
import { dbContext, nodeId, nodeIdIn, relValue, usedRels } from './read.js';

/** How a node was first reached: from `prev` along `a` (seen from `prev`). */
interface Edge {
  readonly prev: number;
  readonly a: Adjacent;
}

/** One direction of the search. */
class Side {
  depth = 0;
  frontier: number[];
  /** Depth of every node reached. */
  readonly level = new Map<number, number>();
  /** The edges by which a node was reached from the previous level (all of them, or the first). */
  readonly parents = new Map<number, Edge[]>();

  constructor(
    root: number,
    readonly direction: 'out' | 'in' | 'both',
  ) {
    this.frontier = [root];
    this.level.set(root, 0);
    this.parents.set(root, []);
  }
}

/** Relationship tests that need more than the adjacency entry. */
interface RelFilter {
  readonly excluded: Set<number> | null;
  readonly typeTest: ((types: readonly string[]) => boolean) | null;
  readonly properties: CypherMap | null;
}

export function shortestPath(p: ShortestPath, input: Factory): Factory {
  const cols = p.input.columns;
  const fromSlot = cols.indexOf(p.from);
  const toSlot = cols.indexOf(p.to);
  const distinctSlots = p.distinctFrom.map((r) => cols.indexOf(r)).filter((i) => i >= 0);
  const props = p.properties === null ? null : compile(p.properties, cols);
  const typeTest = p.typeTest === null ? null : labelTest(p.typeTest);
  const predicate = p.predicate === null ? null : compile(p.predicate, p.columns);
  const output = (row: Row, path: PathValue): Row => {
    const rels: Value = p.single ? path.relationships[0]! : [...path.relationships];
    return p.path === null ? [...row, rels] : [...row, rels, path];
  };
  return (ctx0, arg) => {
    const ctx = dbContext(ctx0, p.database);
    const idOf = p.database === undefined ? nodeId : (v: Value) => nodeIdIn(v, ctx.cache, p.rel);
    return mapBatches(input(ctx0, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        const s = idOf(row[fromSlot] ?? null);
        const t = idOf(row[toSlot] ?? null);
        if (s === null || t === null) continue;
        let properties: CypherMap | null = null;
        if (props !== null) {
          const m = props(row, ctx);
          if (m === null) continue;
          if (!(m instanceof Map)) throw cypherError('TypeError', 'InvalidParameterUse', `Pattern properties must be a map, got ${describe(m)}`);
          properties = m;
        }
        const filter: RelFilter = { excluded: usedRels(row, distinctSlots), typeTest, properties };
        if (predicate === null) {
          for (const path of await search(p, ctx, s, t, filter)) out.push(output(row, path));
        } else {
          const accept = (path: PathValue): boolean => isTrue(predicate(output(row, path), ctx));
          for (const path of await searchWhere(p, ctx, s, t, filter, accept)) out.push(output(row, path));
        }
      }
      return out;
    });  };
}

async function search(p: ShortestPath, ctx: ExecContext, s: number, t: number, filter: RelFilter): Promise<PathValue[]> {
  const { min, max } = p.length;
  if (s === t) {
    // Neo4j's shortest path between a node and itself is the empty path, when length 0 is allowed.
    return min === 0 ? [new PathValue([new GraphNode(s, ctx.cache)], [])] : [];
  }
  const fwd = new Side(s, p.direction);
  const bwd = new Side(t, p.direction === 'out' ? 'in' : p.direction === 'in' ? 'out' : 'both');
  const checked = new Map<number, boolean>();
  for (let length = 1; length <= max; length++) {
    if (fwd.frontier.length === 0 || bwd.frontier.length === 0) return [];
    await ctx.tick();
    const [x, y] = fwd.frontier.length <= bwd.frontier.length ? [fwd, bwd] : [bwd, fwd];
    const adj = await ctx.graph.expand(x.frontier, x.direction, p.types);
    await checkRelationships(ctx, adj, filter, checked);
    const next: number[] = [];
    const depth = x.depth + 1;
    x.frontier.forEach((u, i) => {
      for (const a of adj[i]!) {
        if (checked.get(a.rel) === false) continue;
        const seen = x.level.get(a.other);
        if (seen === undefined) {
          x.level.set(a.other, depth);
          x.parents.set(a.other, [{ prev: u, a }]);
          next.push(a.other);
        } else if (seen === depth && p.all) {
          x.parents.get(a.other)!.push({ prev: u, a });
        }
      }
    });
    x.depth = depth;
    x.frontier = next;
    // Every level of both sides is complete, so the first meeting gives the shortest length, and
    // each node where the sides meet lies at the other side's current depth.
    const meets = next.filter((v) => y.level.has(v));
    if (meets.length > 0) return paths(ctx, fwd, bwd, p.all ? meets : [meets[0]!], p.all);
  }
  return [];
}

interface Trail {
  readonly node: number;
  readonly nodes: readonly number[];
  readonly rels: readonly GraphRel[];
  readonly used: ReadonlySet<number>;
}

/**
 * With a predicate on the path, the breadth-first frontier alone cannot decide: the shortest
 * paths that satisfy it may be longer than the shortest paths. Like Neo4j's fallback, enumerate
 * trails (no relationship twice) from the start by increasing length and stop at the first length
 * where some path to the end satisfies the predicate. Exhaustive, so bounded only by `max`.
 */
async function searchWhere(p: ShortestPath, ctx: ExecContext, s: number, t: number, filter: RelFilter, accept: (path: PathValue) => boolean): Promise<PathValue[]> {
  const { min, max } = p.length;
  const toPath = (tr: Trail): PathValue => new PathValue(tr.nodes.map((n) => new GraphNode(n, ctx.cache)), [...tr.rels]);
  if (s === t) {
    const empty = toPath({ node: s, nodes: [s], rels: [], used: new Set() });
    return min === 0 && accept(empty) ? [empty] : [];
  }
  let frontier: Trail[] = [{ node: s, nodes: [s], rels: [], used: new Set() }];
  const checked = new Map<number, boolean>();
  // The frontier can grow exponentially: charge it to the statement's memory while it lives.
  let held = 0;
  try {
    for (let length = 1; length <= max && frontier.length > 0; length++) {
      await ctx.tick();
      const adj = await ctx.graph.expand(
        frontier.map((tr) => tr.node),
        p.direction,
        p.types,
      );
      await checkRelationships(ctx, adj, filter, checked);
      const next: Trail[] = [];
      const found: PathValue[] = [];
      frontier.forEach((tr, i) => {
        for (const a of adj[i]!) {
          if (checked.get(a.rel) === false || tr.used.has(a.rel)) continue;
          const step: Trail = { node: a.other, nodes: [...tr.nodes, a.other], rels: [...tr.rels, relValue(a, tr.node, ctx)], used: new Set(tr.used).add(a.rel) };
          next.push(step);
          if (a.other === t && (p.all || found.length === 0)) {
            const path = toPath(step);
            if (accept(path)) found.push(path);
          }
        }
      });
      if (found.length > 0) return found;
      const bytes = next.length * (96 + 80 * length);
      ctx.memory.allocate(bytes);
      ctx.memory.release(held);
      held = bytes;
      frontier = next;
    }
    return [];
  } finally {
    ctx.memory.release(held);
  }
}

/** Marks each relationship of `adj` as usable (true) or not (false), reading records if needed. */
async function checkRelationships(ctx: ExecContext, adj: readonly Adjacent[][], f: RelFilter, checked: Map<number, boolean>): Promise<void> {
  const toRead: number[] = [];
  for (const list of adj) {
    for (const a of list) {
      if (checked.has(a.rel)) continue;
      let ok = !(f.excluded?.has(a.rel) ?? false);
      if (ok && f.typeTest !== null) ok = f.typeTest([ctx.graph.typeName(a.type)]);
      checked.set(a.rel, ok);
      if (ok && f.properties !== null && f.properties.size > 0) toRead.push(a.rel);
    }
  }
  if (toRead.length === 0) return;
  const recs = await ctx.graph.getRels(toRead);
  toRead.forEach((id, i) => {
    const rec = recs[i];
    let ok = rec !== undefined;
    if (rec !== undefined) {
      for (const [k, want] of f.properties!) {
        if (op.equals((ctx.graph.property(rec, k) as Value | undefined) ?? null, want) !== true) {
          ok = false;
          break;
        }
      }
    }
    checked.set(id, ok);
  });
}

/** Node and relationship sequences from a side's root to `node`, one per combination of parents. */
function chains(side: Side, node: number, all: boolean): { nodes: number[]; rels: Edge[] }[] {
  const edges = side.parents.get(node)!;
  if (edges.length === 0) return [{ nodes: [node], rels: [] }];
  const out: { nodes: number[]; rels: Edge[] }[] = [];
  for (const e of all ? edges : edges.slice(0, 1)) {
    for (const c of chains(side, e.prev, all)) out.push({ nodes: [...c.nodes, node], rels: [...c.rels, e] });
  }
  return out;
}

function paths(ctx: ExecContext, fwd: Side, bwd: Side, meets: readonly number[], all: boolean): PathValue[] {
  const out: PathValue[] = [];
  const rel = (e: Edge): GraphRel => relValue(e.a, e.prev, ctx);
  for (const m of meets) {
    const heads = chains(fwd, m, all);
    const tails = chains(bwd, m, all);
    for (const h of heads) {
      for (const t of tails) {
        // The backward chain runs from the end node to m: reverse it.
        const nodes = [...h.nodes, ...t.nodes.slice(0, -1).reverse()];
        const rels = [...h.rels.map(rel), ...t.rels.map(rel).reverse()];
        out.push(new PathValue(nodes.map((n) => new GraphNode(n, ctx.cache)), rels));
      }
    }
  }
  return out;
}
