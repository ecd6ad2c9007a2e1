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
  call(args: readonly Value[], ctx: ExecContext): Promise<Record<string, Value>[]>;
}

const procedures = new Map<string, Procedure>();

export function registerProcedure(p: Procedure): void {
  procedures.set(p.name.toLowerCase(), p);
}

export function lookupProcedure(name: string): Procedure | undefined {
  return procedures.get(name.toLowerCase());
}

export function allProcedures(): Procedure[] {
  return [...procedures.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function procedureCall(p: ProcedureCall, input: Factory): Factory {
  const proc = lookupProcedure(p.procedure);
  if (proc === undefined) throw cypherError('ProcedureNotFound', 'ProcedureNotFound', `There is no procedure with the name \`${p.procedure}\` registered for this database instance.`);
  const args = (p.args ?? []).map((a) => compile(a, p.input.columns));
  const yields = p.yields.length > 0 ? p.yields : proc.outputs.map((o) => [o, o] as const);
  for (const [field] of yields) {
    if (!proc.outputs.includes(field)) throw cypherError('SyntaxError', 'UndefinedVariable', `Unknown procedure output: \`${field}\``);
  }
  return (ctx, arg) =>
    mapBatches(input(ctx, arg), async (rows) => {
      const out: Row[] = [];
      for (const row of rows) {
        const values = p.args === null ? [] : args.map((a) => a(row, ctx));
        if (values.length < proc.minArgs || values.length > proc.maxArgs) {
          throw cypherError('SyntaxError', 'InvalidNumberOfArguments', `Procedure ${proc.name} takes ${proc.minArgs}..${proc.maxArgs} arguments, got ${values.length}`);
        }
        for (const rec of await proc.call(values, ctx)) out.push([...row, ...yields.map(([f]) => rec[f] ?? null)]);
      }
      return out;
    });
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
