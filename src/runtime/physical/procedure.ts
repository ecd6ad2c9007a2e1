// CALL procedure: a registry of built-in procedures (db.labels(), dbms.components(), ...) that new
// procedures plug into; each yields rows of named fields.
import { cypherError } from '../../errors.js';
import type { ProcedureCall } from '../../planner/index.js';
import type { Value } from '../../values/types.js';
import type { ExecContext, Row } from '../context.js';
import { compile } from '../expressions.js';
import { type Factory, mapBatches } from './operator.js';

export interface Procedure {
  readonly name: string;
  readonly outputs: readonly string[];
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Declared inputs with Cypher types (`INTEGER?`, `NUMBER?`, `STRING?`, `ANY?`), when known. */
  readonly inputs?: readonly { readonly name: string; readonly type: string }[];
  call(args: readonly Value[], ctx: ExecContext): Promise<Record<string, Value>[]>;
}

const procedures = new Map<string, Procedure>();
/** Procedures registered for one database only (user procedures, the TCK's test procedures). */
const byDatabase = new Map<number, Map<string, Procedure>>();

export function registerProcedure(p: Procedure, dbId?: number): void {
  if (dbId === undefined) {
    procedures.set(p.name.toLowerCase(), p);
    return;
  }
  let m = byDatabase.get(dbId);
  if (m === undefined) byDatabase.set(dbId, (m = new Map()));
  m.set(p.name.toLowerCase(), p);
}

/** True when a database has procedures of its own (its plans are then not shared with others). */
export function hasDatabaseProcedures(dbId: number): boolean {
  return byDatabase.has(dbId);
}

export function lookupProcedure(name: string, dbId?: number): Procedure | undefined {
  const key = name.toLowerCase();
  return (dbId === undefined ? undefined : byDatabase.get(dbId)?.get(key)) ?? procedures.get(key);
}

/** Whether a value fits a declared procedure input type (`INTEGER?` accepts null too). */
export function fitsType(v: Value, type: string): boolean {
  const t = type.replace(/\?$/, '').toUpperCase();
  if (v === null) return type.endsWith('?') || t === 'ANY';
  switch (t) {
    case 'ANY':
      return true;
    case 'INTEGER':
      return typeof v === 'bigint';
    case 'FLOAT':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'NUMBER':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'STRING':
      return typeof v === 'string';
    case 'BOOLEAN':
      return typeof v === 'boolean';
    case 'LIST':
    case 'LIST OF ANY':
      return Array.isArray(v);
    case 'MAP':
      return v instanceof Map;
    default:
      return true;
  }
}

export function allProcedures(): Procedure[] {
  return [...procedures.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function procedureCall(p: ProcedureCall, input: Factory): Factory {
  const args = (p.args ?? []).map((a) => compile(a, p.input.columns));
  const yields = p.yields;
  return (ctx0, arg) => {
    const ctx = p.database === undefined ? ctx0 : ctx0.on(p.database);
    const proc = lookupProcedure(p.procedure, ctx.graph.dbId);
    if (proc === undefined) throw cypherError('ProcedureNotFound', 'ProcedureNotFound', `There is no procedure with the name \`${p.procedure}\` registered for this database instance.`);
    return mapBatches(input(ctx0, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        // `CALL proc` without parentheses takes its arguments from parameters named like its inputs.
        const values = p.args === null ? (proc.inputs ?? []).map((i) => ctx.param(i.name)) : args.map((a) => a(row, ctx));
        (proc.inputs ?? []).forEach((inp, i) => {
          if (i < values.length && !fitsType(values[i]!, inp.type)) {
            throw cypherError('TypeError', 'InvalidArgumentType', `Procedure ${proc.name}: argument \`${inp.name}\` must be ${inp.type}`);
          }
        });
        const recs = await proc.call(values, ctx);
        // A procedure without outputs (VOID) leaves the row stream as it is.
        if (proc.outputs.length === 0) out.push(row);
        else for (const rec of recs) out.push([...row, ...yields.map(([f]) => rec[f] ?? null)]);
      }
      return out;
    });
  };
}

registerProcedure({
  name: 'db.labels',
  outputs: ['label'],
  minArgs: 0,
  maxArgs: 0,
  async call(_a, ctx) {
    const out: Record<string, Value>[] = [];
    for (const l of ctx.graph.tokenNames('label')) if (l !== undefined && (await ctx.graph.countNodes(l)) > 0) out.push({ label: l });
    return out;
  },
});

registerProcedure({
  name: 'db.relationshipTypes',
  outputs: ['relationshipType'],
  minArgs: 0,
  maxArgs: 0,
  async call(_a, ctx) {
    const out: Record<string, Value>[] = [];
    for (const t of ctx.graph.tokenNames('type')) if (t !== undefined && (await ctx.graph.countRels(t)) > 0) out.push({ relationshipType: t });
    return out;
  },
});

registerProcedure({
  name: 'db.propertyKeys',
  outputs: ['propertyKey'],
  minArgs: 0,
  maxArgs: 0,
  async call(_a, ctx) {
    return ctx.graph.tokenNames('propertyKey').filter((k) => k !== undefined).map((k) => ({ propertyKey: k }));
  },
});

registerProcedure({
  name: 'dbms.components',
  outputs: ['name', 'versions', 'edition'],
  minArgs: 0,
  maxArgs: 0,
  async call() {
    return [{ name: 'Neo4j Kernel', versions: ['5.26.0'], edition: 'community' }];
  },
});

registerProcedure({
  name: 'dbms.procedures',
  outputs: ['name', 'signature', 'description', 'mode'],
  minArgs: 0,
  maxArgs: 0,
  async call() {
    return allProcedures().map((p) => ({ name: p.name, signature: `${p.name}() :: (${p.outputs.join(', ')})`, description: '', mode: 'READ' }));
  },
});
