// Updating operators: CREATE (batched: one createNodes / createRels call per pattern position for a
// whole batch of rows — the UNWIND-import path), MERGE, SET, REMOVE, DELETE.
import type * as A from '../../cypher/index.js';
import { cypherError } from '../../errors.js';
import type { Create, Delete, Merge, Remove, SetProperties } from '../../planner/index.js';
import { NodeValue, PathValue, RelationshipValue, type Value } from '../../values/types.js';
import type { ExecContext, Row } from '../context.js';
import { GraphNode, GraphRel } from '../entities.js';
import { compile, type Compiled, describe } from '../expressions.js';
import { drain, type Factory, mapBatches } from './operator.js';

type Props = Map<string, Value>;

function evalProps(f: Compiled | null, row: Row, ctx: ExecContext): Props | null {
  if (f === null) return null;
  const m = f(row, ctx);
  if (m === null) return null;
  if (!(m instanceof Map)) throw cypherError('TypeError', 'InvalidArgumentType', `Expected a map of properties, got ${describe(m)}`);
  return m as Props;
}

function labelNames(l: A.LabelExpression | null): string[] {
  if (l === null) return [];
  if (l.kind === 'LabelName') return [l.name];
  if (l.kind === 'LabelAnd') return l.operands.flatMap(labelNames);
  throw cypherError('SyntaxError', 'InvalidLabelExpression', 'Only plain labels can be created');
}

function countSet(p: Props | null): number {
  let n = 0;
  if (p) for (const v of p.values()) if (v !== null) n++;
  return n;
}

interface Step {
  /** Creates this element for every row of the batch (rows are extended in place). */
  run(rows: Row[], ctx: ExecContext): Promise<void>;
}

/** Plans the creation of a pattern's unbound elements over rows with the given layout. */
function creationSteps(pattern: A.Pattern, columns: readonly string[]): { steps: Step[]; columns: string[] } {
  const cols = [...columns];
  const steps: Step[] = [];
  for (const part of pattern.parts) {
    const el = part.element;
    const nodeSlots: number[] = [];
    for (const n of el.nodes) {
      const name = n.variable!.name;
      const existing = cols.indexOf(name);
      if (existing >= 0) {
        nodeSlots.push(existing);
        continue;
      }
      const slot = cols.length;
      cols.push(name);
      nodeSlots.push(slot);
      const labels = labelNames(n.labels);
      const props = n.properties ? compile(n.properties, [...cols]) : null;
      steps.push({
        async run(rows, ctx) {
          const items = rows.map((r) => ({ labels, properties: evalProps(props, r, ctx) ?? undefined }));
          const ids = await ctx.graph.createNodes(items);
          rows.forEach((r, i) => {
            r[slot] = new GraphNode(ids[i]!, ctx.cache);
            ctx.stats.nodesCreated++;
            ctx.stats.labelsAdded += labels.length;
            ctx.stats.propertiesSet += countSet(items[i]!.properties ?? null);
          });
        },
      });
    }
    el.relationships.forEach((r, j) => {
      const name = r.variable!.name;
      if (cols.includes(name)) throw cypherError('SyntaxError', 'VariableAlreadyBound', `Variable \`${name}\` already declared`);
      const slot = cols.length;
      cols.push(name);
      const type = (r.types as A.LabelName).name;
      const props = r.properties ? compile(r.properties, [...cols]) : null;
      const [a, b] = [nodeSlots[j]!, nodeSlots[j + 1]!];
      const out = r.direction !== 'in';
      steps.push({
        async run(rows, ctx) {
          const items = rows.map((row) => {
            const from = row[out ? a : b] ?? null;
            const to = row[out ? b : a] ?? null;
            if (!(from instanceof NodeValue) || !(to instanceof NodeValue)) {
              throw cypherError('SemanticError', 'InvalidArgumentType', `Failed to create relationship \`${name}\`: a node is missing (null)`);
            }
            if ((from instanceof GraphNode && from.cache !== ctx.cache) || (to instanceof GraphNode && to.cache !== ctx.cache)) throw crossDatabase(name);
            return { type, start: Number(from.id), end: Number(to.id), properties: evalProps(props, row, ctx) ?? undefined };
          });
          const ids = await ctx.graph.createRels(items);
          const typeId = ctx.graph.typeId(type)!;
          rows.forEach((row, i) => {
            row[slot] = new GraphRel(ids[i]!, typeId, items[i]!.start, items[i]!.end, ctx.cache);
            ctx.stats.relationshipsCreated++;
            ctx.stats.propertiesSet += countSet(items[i]!.properties ?? null);
          });
        },
      });
    });
    if (part.variable) {
      const slot = cols.length;
      cols.push(part.variable.name);
      const nodeIdx = [...nodeSlots];
      const relIdx = el.relationships.map((r) => cols.indexOf(r.variable!.name));
      steps.push({
        async run(rows) {
          for (const row of rows) row[slot] = new PathValue(nodeIdx.map((i) => row[i] as NodeValue), relIdx.map((i) => row[i] as RelationshipValue));
        },
      });
    }
  }
  return { steps, columns: cols };
}

/** A relationship between nodes of two databases: refused whatever the query. */
export function crossDatabase(name: string): Error {
  return cypherError(
    'SemanticError',
    'CrossDatabaseRelationship',
    `Cannot use relationship \`${name.startsWith('  ') ? '' : name}\` between nodes of different databases: a relationship always connects two nodes of one database.`,
  );
}

/** The context of the database a CREATE / MERGE writes to, refusing a read-only one. */
function writeTarget(ctx: ExecContext, database: string | undefined): ExecContext {
  const c = database === undefined ? ctx : ctx.on(database);
  if (c.cache.denyWrites !== undefined) throw c.cache.denyWrites;
  return c;
}

/** The context of the database an entity lives in (SET / REMOVE / DELETE write there). */
function home(v: Value, ctx: ExecContext): ExecContext {
  const t = v instanceof GraphNode || v instanceof GraphRel ? ctx.ofCache(v.cache) : ctx;
  if (t.cache.denyWrites !== undefined) throw t.cache.denyWrites;
  return t;
}

export function create(p: Create, input: Factory): Factory {
  const { steps } = creationSteps(p.pattern, p.input.columns);
  const width = p.columns.length;
  return (ctx0, arg) => {
    const ctx = writeTarget(ctx0, p.database);
    return mapBatches(input(ctx0, arg), async (rows) => {
      const out = rows.map((r) => {
        const x = [...r];
        x.length = width;
        return x;
      });
      for (const s of steps) await s.run(out, ctx);
      return out;
    });
  };
}

export function merge(p: Merge, input: Factory, match: Factory): Factory {
  const creation = creationSteps({ kind: 'Pattern', parts: [p.part], pos: p.part.pos }, p.input.columns);
  const inCols = p.input.columns;
  const outCols = p.columns;
  const onMatch = p.actions.filter((a) => a.on === 'MATCH').flatMap((a) => a.items);
  const onCreate = p.actions.filter((a) => a.on === 'CREATE').flatMap((a) => a.items);
  const setMatch = compileSetItems(onMatch, outCols);
  const setCreate = compileSetItems(onCreate, outCols);
  return (ctx0, arg) => {
    const ctx = writeTarget(ctx0, p.database);
    return mapBatches(input(ctx0, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        checkMergeNulls(p.part, row, inCols, ctx);
        const found = await drain(match(ctx0, [row]));
        if (found.length > 0) {
          for (const r of found) {
            await setMatch(r, ctx);
            out.push(r);
          }
        } else {
          const r = [...row];
          r.length = creation.columns.length;
          for (const s of creation.steps) await s.run([r], ctx);
          // creationSteps lays columns out in pattern order; the match plan may differ: reorder.
          const created = reorder(r, creation.columns, outCols);
          await setCreate(created, ctx);
          out.push(created);
        }
      }
      return out;
    });
  };
}

function reorder(row: Row, from: readonly string[], to: readonly string[]): Row {
  return to.map((c) => row[from.indexOf(c)] ?? null);
}

function checkMergeNulls(part: A.PatternPart, row: Row, cols: readonly string[], ctx: ExecContext): void {
  const check = (m: A.MapLiteral | A.Parameter | null): void => {
    if (m === null) return;
    const v = compile(m, cols)(row, ctx);
    if (v instanceof Map) {
      for (const [k, x] of v) {
        if (x === null) throw cypherError('SemanticError', 'MergeReadOwnWrites', `Cannot merge the following node because of null property value for '${k}'`);
      }
    }
  };
  for (const n of part.element.nodes) if (!cols.includes(n.variable!.name)) check(n.properties);
  for (const r of part.element.relationships) check(r.properties);
}

// ---------------------------------------------------------------- SET / REMOVE

function entityOf(v: Value, what: string): { kind: 'node' | 'relationship'; id: number } | null {
  if (v === null) return null;
  if (v instanceof NodeValue) return { kind: 'node', id: Number(v.id) };
  if (v instanceof RelationshipValue) return { kind: 'relationship', id: Number(v.id) };
  throw cypherError('TypeError', 'InvalidArgumentType', `${what}: expected a node or relationship, got ${describe(v)}`);
}

async function touched(ctx: ExecContext, e: { kind: 'node' | 'relationship'; id: number }): Promise<void> {
  if (e.kind === 'node') await ctx.cache.refreshNodes([e.id]);
  else await ctx.cache.refreshRels([e.id]);
}

function compileSetItems(items: readonly A.SetItem[], cols: readonly string[]): (row: Row, ctx: ExecContext) => Promise<void> {
  const fns = items.map((it) => {
    switch (it.kind) {
      case 'SetProperty': {
        if (it.target.kind !== 'PropertyAccess') throw cypherError('SyntaxError', 'InvalidSetTarget', 'SET needs a property of a node or relationship');
        const obj = compile(it.target.object, cols);
        const key = it.target.key;
        const value = compile(it.value, cols);
        return async (row: Row, ctx: ExecContext) => {
          const target = obj(row, ctx);
          const e = entityOf(target, 'SET');
          if (e === null) return;
          const v = value(row, ctx);
          const h = home(target, ctx);
          await h.graph.setProperties(e.kind, e.id, new Map([[key, v]]));
          ctx.stats.propertiesSet++;
          await touched(h, e);
        };
      }
      case 'SetAllProperties': {
        const target = compile(it.variable, cols);
        const value = compile(it.value, cols);
        return async (row: Row, ctx0: ExecContext) => {
          const t = target(row, ctx0);
          const e = entityOf(t, 'SET');
          if (e === null) return;
          const ctx = home(t, ctx0);
          let v = value(row, ctx0);
          if (v instanceof NodeValue || v instanceof RelationshipValue) v = new Map(v.properties);
          if (v === null) v = new Map();
          if (!(v instanceof Map)) throw cypherError('TypeError', 'InvalidArgumentType', `SET ${it.merge ? '+=' : '='} needs a map, got ${describe(v)}`);
          await ctx.graph.setProperties(e.kind, e.id, v, it.merge ? 'merge' : 'replace');
          ctx.stats.propertiesSet += v.size;
          await touched(ctx, e);
        };
      }
      case 'SetLabels': {
        const target = compile(it.variable, cols);
        return async (row: Row, ctx0: ExecContext) => {
          const v = target(row, ctx0);
          if (v === null) return;
          if (!(v instanceof NodeValue)) throw cypherError('TypeError', 'InvalidArgumentType', `SET labels needs a node, got ${describe(v)}`);
          const ctx = home(v, ctx0);
          const before = new Set(v.labels);
          await ctx.graph.addLabels(Number(v.id), it.labels);
          ctx.stats.labelsAdded += new Set(it.labels.filter((l) => !before.has(l))).size;
          await ctx.cache.refreshNodes([Number(v.id)]);
        };
      }
    }
  });
  return async (row, ctx) => {
    for (const f of fns) await f(row, ctx);
  };
}

export function setItems(p: SetProperties, input: Factory): Factory {
  const run = compileSetItems(p.items, p.input.columns);
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), async (rows) => {
      for (const r of rows) await run(r, ctx);
      return rows;
    });
}

export function remove(p: Remove, input: Factory): Factory {
  const cols = p.input.columns;
  const fns = p.items.map((it) => {
    if (it.kind === 'RemoveLabels') {
      const target = compile(it.variable, cols);
      return async (row: Row, ctx0: ExecContext) => {
        const v = target(row, ctx0);
        if (v === null) return;
        if (!(v instanceof NodeValue)) throw cypherError('TypeError', 'InvalidArgumentType', `REMOVE labels needs a node, got ${describe(v)}`);
        const ctx = home(v, ctx0);
        const had = new Set(v.labels);
        await ctx.graph.removeLabels(Number(v.id), it.labels);
        ctx.stats.labelsRemoved += new Set(it.labels.filter((l) => had.has(l))).size;
        await ctx.cache.refreshNodes([Number(v.id)]);
      };
    }
    if (it.target.kind !== 'PropertyAccess') throw cypherError('SyntaxError', 'InvalidSetTarget', 'REMOVE needs a property of a node or relationship');
    const obj = compile(it.target.object, cols);
    const key = it.target.key;
    return async (row: Row, ctx0: ExecContext) => {
      const e = entityOf(obj(row, ctx0), 'REMOVE');
      if (e === null) return;
      const ent = obj(row, ctx0) as NodeValue | RelationshipValue;
      if (!ent.properties.has(key)) return;
      const ctx = home(ent, ctx0);
      await ctx.graph.setProperties(e.kind, e.id, new Map([[key, null]]));
      ctx.stats.propertiesSet++;
      await touched(ctx, e);
    };
  });
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), async (rows) => {
      for (const r of rows) for (const f of fns) await f(r, ctx);
      return rows;
    });
}

// ---------------------------------------------------------------- DELETE

export function del(p: Delete, input: Factory): Factory {
  const exprs = p.expressions.map((e) => compile(e, p.input.columns));
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), async (rows) => {
      for (const row of rows) for (const f of exprs) await deleteValue(f(row, ctx), p.detach, ctx);
      return rows;
    });
}

async function deleteValue(v: Value, detach: boolean, ctx0: ExecContext): Promise<void> {
  if (v === null) return;
  const ctx = v instanceof NodeValue || v instanceof RelationshipValue ? home(v, ctx0) : ctx0;
  if (v instanceof RelationshipValue) {
    const id = Number(v.id);
    if (ctx.cache.deletedRels.has(id)) return;
    if (await ctx.graph.deleteRel(id)) ctx.stats.relationshipsDeleted++;
    ctx.cache.markRelDeleted(id);
    return;
  }
  if (v instanceof NodeValue) {
    const id = Number(v.id);
    if (ctx.cache.deletedNodes.has(id)) return;
    if (detach) {
      const [adj] = await ctx.graph.expand([id], 'both');
      const rels = await ctx.graph.deleteNode(id, true);
      for (const a of adj!) ctx.cache.markRelDeleted(a.rel);
      if (rels >= 0) {
        ctx.stats.nodesDeleted++;
        ctx.stats.relationshipsDeleted += rels;
      }
    } else {
      if ((await ctx.graph.deleteNodeDeferred(id)) >= 0) ctx.stats.nodesDeleted++;
      (ctx.cache.pendingDeleteChecks ??= new Set()).add(id);
    }
    ctx.cache.markNodeDeleted(id);
    return;
  }
  if (v instanceof PathValue) {
    for (const r of v.relationships) await deleteValue(r, detach, ctx);
    for (const n of v.nodes) await deleteValue(n, detach, ctx);
    return;
  }
  throw cypherError('TypeError', 'InvalidArgumentType', `DELETE needs a node, relationship or path, got ${describe(v)}`);
}

/** After a statement: a node deleted without DETACH must have lost all its relationships. */
export async function checkDeletedNodes(ctx: ExecContext): Promise<void> {
  for (const c of ctx.allDatabases()) {
    const set = c.cache.pendingDeleteChecks;
    if (!set || set.size === 0) continue;
    const bad = await c.graph.withRelationships([...set]);
    if (bad.length > 0) {
      throw cypherError('DeleteConnectedNode', 'DeleteConnectedNode', `Cannot delete node<${bad[0]}>, because it still has relationships. To delete this node, you must first delete its relationships.`);
    }
  }
}
