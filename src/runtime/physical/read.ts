// Reading operators: node scans, index seeks, expansions (single hop and variable length).
// Each reads storage in batches: a scan yields node ids a thousand at a time and loads their
// records with one getMany; an expansion expands a whole input batch with one iterator.
import { cypherError } from '../../errors.js';
import type { Adjacent } from '../../storage/index.js';
import type { NodeById, NodeCount, NodeIndexSeek, NodeScan, Expand } from '../../planner/index.js';
import type { PropertyValue, Value } from '../../values/types.js';
import { NodeValue, RelationshipValue } from '../../values/types.js';
import type { ExecContext, Row } from '../context.js';
import { type EntityCache, GraphNode, GraphRel } from '../entities.js';
import { crossDatabase } from './write.js';
import { compile } from '../expressions.js';
import { type Factory, fromGenerator, mapBatches, type Operator } from './operator.js';

/** The context an operator reads with: its database's, in a cross-database plan. */
export function dbContext(ctx: ExecContext, database: string | undefined): ExecContext {
  return database === undefined ? ctx : ctx.on(database);
}

export function nodeScan(p: NodeScan, input: Factory): Factory {
  return (ctx0, arg) => {
    const src = input(ctx0, arg);
    const ctx = dbContext(ctx0, p.database);
    const g = ctx.graph;
    async function* run(): AsyncGenerator<Row[]> {
      for (let b = await src.next(); b !== null; b = await src.next()) {
        for (const row of b) {
          // A label carried by most nodes is cheaper to find by reading the node records in order
          // than by its label index followed by a lookup per node.
          const dense = p.label === null || (await g.countNodes(p.label)) * 2 > (await g.countNodes());
          if (dense) {
            const labelId = p.label === null ? -1 : (g.labelId(p.label) ?? -2);
            for await (const recs of g.scanNodes()) {
              await ctx.tick();
              const out: Row[] = [];
              for (const rec of recs) {
                if (labelId !== -1 && !rec.labels.includes(labelId)) continue;
                const node = new GraphNode(rec.id, ctx.cache, rec);
                out.push(row.length === 0 ? [node] : [...row, node]);
              }
              if (out.length > 0) yield out;
            }
            continue;
          }
          for await (const batch of g.labelScan(p.label!)) {
            await ctx.tick();
            const recs = await g.getNodes(batch);
            const out: Row[] = [];
            for (let i = 0; i < batch.length; i++) {
              const rec = recs[i];
              if (rec !== undefined) out.push([...row, new GraphNode(batch[i]!, ctx.cache, rec)]);
            }
            yield out;
          }
        }
      }
    }
    return fromGenerator(run());
  };
}

export function nodeIndexSeek(p: NodeIndexSeek, input: Factory): Factory {
  const value = compile(p.value, p.input.columns);
  const scan = p.index === '' ? nodeScan({ kind: 'NodeScan', input: p.input, variable: p.variable, label: p.label, columns: p.columns, database: p.database! }, input) : null;
  return (ctx0, arg) => {
    const ctx = dbContext(ctx0, p.database);
    // Another database's seek picks its index now (none: the label scan, filtered above).
    let index = p.index;
    if (index === '') {
      const ix = ctx.graph.listIndexes().find((i) => i.entity === 'node' && i.token === p.label && i.properties.length === 1 && i.properties[0] === p.property);
      if (ix === undefined) return scan!(ctx0, arg);
      index = ix.name;
    }
    return mapBatches(input(ctx0, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        const v = value(row, ctx0);
        if (v === null || Array.isArray(v) && v.length === 0) continue;
        const ids = await ctx.graph.indexSeek(index, [v as PropertyValue]);
        const recs = await ctx.graph.getNodes(ids);
        ids.forEach((id, i) => {
          const rec = recs[i];
          if (rec !== undefined) out.push([...row, new GraphNode(id, ctx.cache, rec)]);
        });
      }
      return out;
    });
  };
}

export function nodeById(p: NodeById, input: Factory): Factory {
  const ids = compile(p.ids, p.input.columns);
  return (ctx0, arg) => {
    const ctx = dbContext(ctx0, p.database);
    return mapBatches(input(ctx0, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        const v = ids(row, ctx);
        const list = Array.isArray(v) ? v : [v];
        const wanted: number[] = [];
        for (const x of list) {
          if (p.element) {
            const m = typeof x === 'string' ? /^4:([^:]+):(\d+)$/.exec(x) : null;
            if (m && m[1] === ctx.graph.uuid) wanted.push(Number(m[2]));
          } else if (typeof x === 'bigint' && x >= 0n) wanted.push(Number(x));
        }
        const recs = await ctx.graph.getNodes(wanted);
        recs.forEach((r) => {
          if (r) out.push([...row, new GraphNode(r.id, ctx.cache, r)]);
        });
      }
      return out;
    });
  };
}

export function nodeCount(p: NodeCount, input: Factory): Factory {
  return (ctx0, arg) => {
    const ctx = dbContext(ctx0, p.database);
    return mapBatches(input(ctx0, arg), async (rows) => {
      const n = BigInt(await ctx.graph.countNodes(p.label ?? undefined));
      return rows.map((r) => [...r, n]);
    });
  };
}

/** Node ids of a value bound to a node variable (null when unbound / null). */
export function nodeId(v: Value): number | null {
  if (v === null) return null;
  if (v instanceof GraphNode) return v.nid;
  if (v instanceof NodeValue) return Number(v.id);
  throw cypherError('TypeError', 'InvalidArgumentType', `Expected a node, got ${typeof v}`);
}

function relId(v: Value): number {
  if (v instanceof GraphRel) return v.rid;
  if (v instanceof RelationshipValue) return Number(v.id);
  return -1;
}

/**
 * A node's id for a pattern in the database whose entities `cache` holds: in a cross-database
 * plan a node of another database can never be connected (or be the same node).
 */
export function nodeIdIn(v: Value, cache: EntityCache, rel: string): number | null {
  if (v instanceof GraphNode && v.cache !== cache) throw crossDatabase(rel);
  return nodeId(v);
}

/** Ids of the relationships bound in `slots` (single or lists): a match may not reuse them. */
export function usedRels(row: Row, slots: readonly number[]): Set<number> | null {
  if (slots.length === 0) return null;
  const s = new Set<number>();
  for (const i of slots) {
    const v = row[i];
    if (Array.isArray(v)) for (const r of v) s.add(relId(r));
    else if (v !== null && v !== undefined) s.add(relId(v));
  }
  return s;
}

export function expand(p: Expand, input: Factory): Factory {
  const cols = p.input.columns;
  const fromSlot = cols.indexOf(p.from);
  const toSlot = p.into ? cols.indexOf(p.to) : -1;
  const distinctSlots = p.distinctFrom.map((r) => cols.indexOf(r)).filter((i) => i >= 0);
  if (p.length !== null) return varLengthExpand(p, input, fromSlot, toSlot, distinctSlots);
  return (ctx0, arg): Operator => {
    const ctx = dbContext(ctx0, p.database);
    const idOf = p.database === undefined ? nodeId : (v: Value) => nodeIdIn(v, ctx.cache, p.rel);
    return mapBatches(input(ctx0, arg), async (rows) => {
      await ctx.tick();
      const starts: number[] = [];
      const live: Row[] = [];
      for (const row of rows) {
        const id = idOf(row[fromSlot] ?? null);
        if (id === null) continue;
        starts.push(id);
        live.push(row);
      }
      if (starts.length === 0) return [];
      const adj = await ctx.graph.expand(starts, p.direction, p.types);
      const out: Row[] = [];
      for (let i = 0; i < live.length; i++) {
        const row = live[i]!;
        const used = usedRels(row, distinctSlots);
        const target = toSlot >= 0 ? idOf(row[toSlot] ?? null) : null;
        if (toSlot >= 0 && target === null) continue;
        for (const a of adj[i]!) {
          if (target !== null && a.other !== target) continue;
          if (used?.has(a.rel)) continue;
          const r = relValue(a, starts[i]!, ctx);
          if (toSlot >= 0) out.push([...row, r]);
          else out.push([...row, r, new GraphNode(a.other, ctx.cache)]);
        }
      }
      // No prefetch of the far nodes and relationships: many queries never read them (count(f),
      // further expansion), and one read on first access (getSync, ~3 µs) costs about what a
      // batched getMany costs per key.
      return out;
    });
  };
}

/** A relationship seen from `from` as a runtime value, oriented by its stored direction. */
export function relValue(a: Adjacent, from: number, ctx: ExecContext): GraphRel {
  const [start, end] = a.dir === 'out' ? [from, a.other] : [a.other, from];
  return new GraphRel(a.rel, a.type, start, end, ctx.cache);
}

interface PathState {
  readonly node: number;
  readonly rels: GraphRel[];
  readonly nodes: number[];
  readonly used: Set<number>;
}

/** Variable-length expansion: breadth-first by depth, one batched expand per level. */
function varLengthExpand(p: Expand, input: Factory, fromSlot: number, toSlot: number, distinctSlots: readonly number[]): Factory {
  const { min, max } = p.length!;
  return (ctx0, arg) => {
    const ctx = dbContext(ctx0, p.database);
    const idOf = p.database === undefined ? nodeId : (v: Value) => nodeIdIn(v, ctx.cache, p.rel);
    return mapBatches(input(ctx0, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        const start = idOf(row[fromSlot] ?? null);
        if (start === null) continue;
        const target = toSlot >= 0 ? idOf(row[toSlot] ?? null) : null;
        if (toSlot >= 0 && target === null) continue;
        const outside = usedRels(row, distinctSlots) ?? new Set<number>();
        let frontier: PathState[] = [{ node: start, rels: [], nodes: [start], used: new Set() }];
        const emit = (s: PathState): void => {
          if (target !== null && s.node !== target) return;
          const nodesList = s.nodes.map((n) => new GraphNode(n, ctx.cache));
          // Walked from the pattern's right end: hand the lists out in pattern order.
          const cols: Value[] = [p.reversed ? [...s.rels].reverse() : s.rels];
          if (p.reversed) nodesList.reverse();
          if (toSlot < 0) cols.push(new GraphNode(s.node, ctx.cache));
          cols.push(nodesList);
          out.push([...row, ...cols]);
        };
        if (min === 0) emit(frontier[0]!);
        for (let depth = 1; depth <= max && frontier.length > 0; depth++) {
          ctx.checkCancelled();
          const adj = await ctx.graph.expand(frontier.map((s) => s.node), p.direction, p.types);
          const next: PathState[] = [];
          frontier.forEach((s, i) => {
            for (const a of adj[i]!) {
              if (s.used.has(a.rel) || outside.has(a.rel)) continue;
              const used = new Set(s.used).add(a.rel);
              next.push({ node: a.other, rels: [...s.rels, relValue(a, s.node, ctx)], nodes: [...s.nodes, a.other], used });
            }
          });
          frontier = next;
          if (depth >= min) for (const s of frontier) emit(s);
        }
      }
      return out;
    });
  };
}
