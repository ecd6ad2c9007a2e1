// The one place the stages are chained (DESIGN.md section 1):
//   prepare(text, database) -> PreparedQuery      parse, analyse, plan, optimise, build (cached)
//   execute(prepared, params, tx) -> ResultStream  run the operators in a transaction
// Protocol front ends and the in-process API call these; none of them parses or plans.
import type { PlanDescription, QueryResult, QueryStats, ResultStream } from './api-types.js';
import type * as A from './cypher/index.js';
import { parse } from './cypher/index.js';
import { cypherError, isQuiverError, QuiverError, quiverError } from './errors.js';
import { optimize } from './optimizer/index.js';
import { children, type Plan, planStatement } from './planner/index.js';
import { build, checkDeletedNodes, ExecContext, type Factory, lookupProcedure, materialize, Profile, type Row } from './runtime/index.js';
import { analyze } from './semantic/index.js';
import type { GraphTx, Store, Transaction } from './storage/index.js';
import type { Value } from './values/types.js';

export type StatementKind = 'query' | 'schema' | 'admin';

export interface PreparedQuery {
  readonly text: string;
  readonly kind: StatementKind;
  readonly statement: A.Statement;
  /** For queries: the plan and its compiled operators. */
  readonly plan: Plan | null;
  readonly factory: Factory | null;
  readonly columns: readonly string[];
  readonly queryType: 'r' | 'w' | 'rw' | 's';
  readonly explain: 'EXPLAIN' | 'PROFILE' | null;
  /** A database named by a leading `USE`, resolved by the caller. */
  readonly use: string | null;
  /** Parameters the statement needs: all must be given before it runs. */
  readonly parameters: readonly string[];
}

/** Every `$name` in a statement, plus the implicit arguments of `CALL proc` without parentheses. */
function parameterNames(st: unknown, graph: GraphTx): string[] {
  const out = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    if (typeof x !== 'object' || x === null) return;
    const node = x as { kind?: string; name?: string; args?: unknown; namespace?: string[] };
    if (node.kind === 'Parameter' && typeof node.name === 'string') out.add(node.name);
    if (node.kind === 'CallProcedure' && node.args === null) {
      const proc = lookupProcedure([...(node.namespace ?? []), node.name].join('.'), graph.dbId);
      for (const i of proc?.inputs ?? []) out.add(i.name);
    }
    for (const [k, v] of Object.entries(x)) if (k !== 'pos') walk(v);
  };
  walk(st);
  return [...out];
}

const WRITES = new Set(['Create', 'Merge', 'Set', 'Remove', 'Delete', 'Foreach']);
const READS = new Set(['NodeScan', 'NodeIndexSeek', 'NodeById', 'Expand', 'ShortestPath', 'NodeCount', 'Merge']);

function planKinds(p: Plan, out = new Set<string>()): Set<string> {
  out.add(p.kind);
  for (const c of children(p)) planKinds(c, out);
  return out;
}

/** Marks an error as raised while compiling, for the TCK and for clients that care. */
function compileError(e: unknown): never {
  if (isQuiverError(e)) {
    e.phase ??= 'compile';
    throw e;
  }
  if (e instanceof RangeError) {
    throw Object.assign(quiverError('SyntaxError', 'The query is too deeply nested to compile.', e), { phase: 'compile' as const });
  }
  throw e;
}

function runtimeError(e: unknown): never {
  if (isQuiverError(e)) {
    e.phase ??= 'runtime';
    throw e;
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    throw Object.assign(quiverError('StoreFailure', 'The query recursed too deeply.', e), { phase: 'runtime' as const });
  }
  throw e;
}

export class QueryCache {
  private readonly map = new Map<string, PreparedQuery>();
  constructor(private readonly max = 1000) {}
  get(key: string): PreparedQuery | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: PreparedQuery): void {
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

/** Parses, analyses and plans a statement for one database (whose statistics guide planning). */
export function prepare(text: string, graph: GraphTx, cache?: QueryCache, schemaVersion = 0): PreparedQuery {
  const key = `${graph.dbId}\u0000${schemaVersion}\u0000${text}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  let prepared: PreparedQuery;
  try {
    const statement = parse(text);
    prepared = prepareStatement(text, statement, graph);
  } catch (e) {
    compileError(e);
  }
  cache?.set(key, prepared);
  return prepared;
}

function prepareStatement(text: string, statement: A.Statement, graph: GraphTx): PreparedQuery {
  let explain: 'EXPLAIN' | 'PROFILE' | null = null;
  let st: A.Statement = statement;
  if (st.kind === 'Explain') {
    explain = st.mode;
    st = st.statement;
  }
  if (st.kind !== 'SingleQuery' && st.kind !== 'Union') {
    const schema = ['CreateIndex', 'DropIndex', 'CreateConstraint', 'DropConstraint', 'ShowIndexes', 'ShowConstraints'].includes(st.kind);
    return { text, kind: schema ? 'schema' : 'admin', statement: st, plan: null, factory: null, columns: [], queryType: 's', explain, use: null, parameters: [] };
  }
  const q = st;
  analyze(q);
  const firstClause = q.kind === 'SingleQuery' ? q.clauses[0] : q.parts[0]!.clauses[0];
  const use = firstClause?.kind === 'Use' && firstClause.graph.kind === 'DatabaseName' ? firstClause.graph.name : null;
  const indexes = graph.listIndexes();
  const plan = optimize(
    planStatement(q, {
      procedure: (name) => lookupProcedure(name, graph.dbId),
      labelCount: (label) => graph.nodeCountEstimate(label),
      indexed: (label, key) => indexes.some((i) => i.entity === 'node' && i.token === label && i.properties[0] === key),
    }),
    { indexes },
  );
  const factory = build(plan);
  const kinds = planKinds(plan);
  const writes = [...kinds].some((k) => WRITES.has(k));
  const reads = [...kinds].some((k) => READS.has(k));
  const queryType = writes ? (reads ? 'rw' : 'w') : 'r';
  return { text, kind: 'query', statement: q, plan, factory, columns: plan.columns, queryType, explain, use, parameters: parameterNames(q, graph) };
}

/** Describes a plan for EXPLAIN, or with the counters of a profiled run for PROFILE. */
export function describePlan(p: Plan, profile?: Profile): PlanDescription {
  const args: Record<string, Value> = {};
  if ('label' in p && typeof p.label === 'string') args['label'] = p.label;
  if (p.kind === 'NodeIndexSeek') args['index'] = p.index;
  if (p.kind === 'Expand' || p.kind === 'ShortestPath') args['types'] = p.types ? [...p.types] : null;
  if (p.kind === 'ShortestPath') args['all'] = p.all;
  const stats = profile?.get(p);
  return {
    operatorType: p.kind === 'Produce' ? 'ProduceResults' : p.kind,
    identifiers: p.columns.filter((c) => !c.startsWith('  ')),
    arguments: args,
    children: children(p)
      .filter((c) => c.kind !== 'Argument' || p.kind === 'Apply')
      .map((c) => describePlan(c, profile)),
    // An operator that never ran (under an empty input) still reports zeros.
    ...(profile ? { rows: stats?.rows ?? 0, dbHits: stats?.dbHits ?? 0 } : {}),
  };
}

export interface ExecuteOptions {
  /** Bytes the statement's materialising operators may hold (Neo4j's transaction memory limit). */
  readonly maxTransactionMemory?: number;
}

/** Runs a prepared query inside `tx`; the caller commits or rolls back. */
export function execute(
  prepared: PreparedQuery,
  params: ReadonlyMap<string, Value>,
  store: Store,
  tx: Transaction,
  graph: GraphTx,
  signal?: AbortSignal,
  opts: ExecuteOptions = {},
): ResultStream {
  if (prepared.factory === null) throw new Error('internal: execute() of a non-query statement');
  const missing = prepared.parameters.filter((p) => !params.has(p));
  if (missing.length > 0) {
    throw Object.assign(quiverError('ParameterMissing', `Expected parameter(s): ${missing.join(', ')}`, undefined), { detail: 'MissingParameter', phase: 'compile' as const });
  }
  const ctx = new ExecContext(store, tx, graph, params, signal, { maxMemory: opts.maxTransactionMemory });
  const explainOnly = prepared.explain === 'EXPLAIN';
  // PROFILE builds its own counting operators per run; the cached ones stay unwrapped.
  const profile = prepared.explain === 'PROFILE' ? new Profile() : undefined;
  const factory = profile === undefined ? prepared.factory : build(prepared.plan!, profile);
  let op: ReturnType<Factory> | null = null;
  let done = explainOnly;
  /** Rows of the last batch beyond what the caller asked for, handed out next time. */
  let carry: Row[] = [];
  let summaryReady: Promise<void> | null = null;
  const finish = async (): Promise<void> => {
    summaryReady ??= checkDeletedNodes(ctx);
    await summaryReady;
  };
  return {
    columns: prepared.columns,
    async next(n: number): Promise<Row[]> {
      if (carry.length > 0) {
        const out = carry.slice(0, n);
        carry = carry.slice(n);
        return out;
      }
      if (done) return [];
      try {
        op ??= factory(ctx, [[]]);
        const out: Row[] = [];
        while (out.length < n) {
          await ctx.tick();
          const b = await op.next();
          if (b === null) {
            done = true;
            await finish();
            break;
          }
          for (const r of b) {
            if (out.length < n) out.push(r.map(materialize));
            else carry.push(r.map(materialize));
          }
        }
        return out;
      } catch (e) {
        done = true;
        runtimeError(e);
      }
    },
    async cancel() {
      done = true;
    },
    async summary() {
      if (!done) {
        try {
          op ??= factory(ctx, [[]]);
          for (let b = await op.next(); b !== null; b = await op.next()) await ctx.tick();
          done = true;
          await finish();
        } catch (e) {
          runtimeError(e);
        }
      }
      return {
        stats: { ...ctx.stats } as QueryStats,
        queryType: prepared.queryType,
        database: '',
        notifications: [],
        ...(prepared.explain ? { plan: describePlan(prepared.plan!, profile) } : {}),
      };
    },
  };
}

/** Reads a whole stream. */
export async function collect(stream: ResultStream, database: string): Promise<QueryResult> {
  const rows: (readonly Value[])[] = [];
  for (let b = await stream.next(1000); b.length > 0; b = await stream.next(1000)) rows.push(...b);
  const s = await stream.summary();
  return { ...s, database, columns: stream.columns, rows };
}

export { QuiverError, cypherError };
