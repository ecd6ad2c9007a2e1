// The one place the stages are chained (DESIGN.md section 1):
//   prepare(text, database) -> PreparedQuery      parse, analyse, plan, optimise, build (cached)
//   execute(prepared, params, tx) -> ResultStream  run the operators in a transaction
// Protocol front ends and the in-process API call these; none of them parses or plans.
import type { PlanDescription, QueryResult, QueryStats, ResultStream } from './api-types.js';
import type * as A from './cypher/index.js';
import { parse } from './cypher/index.js';
import { cypherError, isQuiverError, QuiverError, quiverError } from './errors.js';
import { optimize } from './optimizer/index.js';
import { expr as printExpression } from './cypher/printer.js';
import { children, type DatabaseFacts, leadingUse, type Plan, planQuery } from './planner/index.js';
import { build, checkDeletedNodes, type DatabaseBinding, ExecContext, type Factory, hasDatabaseProcedures, lookupProcedure, materialize, Profile, type Row } from './runtime/index.js';
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
  /** Whether the plan reads graph data (scans, expansions, lookups): what the READ privilege guards. */
  readonly readsGraph: boolean;
  readonly explain: 'EXPLAIN' | 'PROFILE' | null;
  /**
   * A database named by a leading `USE` (on every UNION part, the same one), resolved by the
   * caller, which prepares the query there: a lower-case name or alias, or `$param`.
   */
  readonly use: string | null;
  /**
   * The databases the query names besides its session's, by key (a lower-case name or alias as
   * written, or `$param`): FROM DATABASE, USE in subqueries and UNION parts, graph.byName($p).
   * Empty for a single-database query. The caller resolves each, checks access to all of them
   * before running, and may log them (cross-database queries go to the audit log).
   */
  readonly databases: readonly string[];
  /** Whether operators name their databases (something in `databases`, or a USE not leading). */
  readonly crossDatabase: boolean;
  /** What the caller must check before running a cross-database query (see DatabaseFacts). */
  readonly databaseFacts: DatabaseFacts | null;
  /** Parameters the statement needs: all must be given before it runs. */
  readonly parameters: readonly string[];
  /**
   * The statistics planning consulted: label -> count bucket (factor 4). A cached plan is reused
   * for another database with the same schema only while its counts fall in the same buckets.
   */
  readonly statsGuard?: readonly (readonly [string, number])[];
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

/**
 * Prepared statements by schema signature and text, least recently used first out. Plans are
 * shared between databases whose schemas (indexes) are equal, as long as the label counts that
 * guided planning fall in the same buckets (`statsGuard`); a few variants per key cover tenants
 * of different shapes.
 */
export class QueryCache {
  private readonly map = new Map<string, PreparedQuery[]>();
  constructor(private readonly max = 1000) {}
  get(key: string, graph: GraphTx): PreparedQuery | undefined {
    const variants = this.map.get(key);
    if (variants === undefined) return undefined;
    for (const v of variants) {
      if (guardHolds(v, graph)) {
        this.map.delete(key);
        this.map.set(key, variants);
        return v;
      }
    }
    return undefined;
  }
  set(key: string, v: PreparedQuery): void {
    const variants = this.map.get(key);
    if (variants !== undefined) {
      variants.unshift(v);
      if (variants.length > 4) variants.pop();
      return;
    }
    this.map.set(key, [v]);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

function countBucket(n: number): number {
  return n <= 0 ? 0 : 1 + Math.floor(Math.log2(n) / 2);
}

function guardHolds(p: PreparedQuery, graph: GraphTx): boolean {
  const guard = p.statsGuard;
  if (guard === undefined) return true;
  for (const [label, bucket] of guard) if (countBucket(graph.nodeCountEstimate(label)) !== bucket) return false;
  return true;
}

/** Parses, analyses and plans a statement for one database (whose statistics guide planning). */
export function prepare(text: string, graph: GraphTx, cache?: QueryCache, _schemaVersion = 0): PreparedQuery {
  // A database with procedures of its own plans alone; the rest share by schema signature.
  const key = `${hasDatabaseProcedures(graph.dbId) ? `#${graph.dbId}` : graph.planSignature}\u0000${text}`;
  const hit = cache?.get(key, graph);
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
    return { text, kind: schema ? 'schema' : 'admin', statement: st, plan: null, factory: null, columns: [], queryType: 's', readsGraph: false, explain, use: null, parameters: [], databases: [], crossDatabase: false, databaseFacts: null };
  }
  const q = st;
  analyze(q);
  const use = leadingUse(q);
  const indexes = graph.listIndexes();
  const guard = new Map<string, number>();
  const planned = planQuery(q, {
    procedure: (name) => lookupProcedure(name, graph.dbId),
    labelCount: (label) => {
      const n = graph.nodeCountEstimate(label);
      guard.set(label, countBucket(n));
      return n;
    },
    indexed: (label, key) => indexes.some((i) => i.entity === 'node' && i.token === label && i.properties[0] === key),
    sessionUse: use !== null,
  });
  const plan = optimize(planned.plan, { indexes });
  const factory = build(plan);
  const kinds = planKinds(plan);
  const writes = [...kinds].some((k) => WRITES.has(k));
  const reads = [...kinds].some((k) => READS.has(k));
  const queryType = writes ? (reads ? 'rw' : 'w') : 'r';
  const cross = planned.crossDatabase;
  return {
    text,
    kind: 'query',
    statement: q,
    plan,
    factory,
    columns: plan.columns,
    queryType,
    readsGraph: reads,
    explain,
    use,
    parameters: parameterNames(q, graph),
    databases: cross ? [...planned.databases.named] : [],
    crossDatabase: cross,
    databaseFacts: cross ? planned.databases : null,
    ...(guard.size > 0 ? { statsGuard: [...guard] } : {}),
  };
}

/** How EXPLAIN names the databases of a cross-database plan (by key; '' = the session's). */
export type DatabaseNamer = (key: string) => string;

/** Describes a plan for EXPLAIN, or with the counters of a profiled run for PROFILE. */
export function describePlan(p: Plan, profile?: Profile, names?: DatabaseNamer): PlanDescription {
  const args: Record<string, Value> = {};
  if ('label' in p && typeof p.label === 'string') args['label'] = p.label;
  if (p.kind === 'NodeIndexSeek') args['index'] = p.index === '' ? `(${p.label}.${p.property}, chosen when run)` : p.index;
  if (p.kind === 'Expand' || p.kind === 'ShortestPath') args['types'] = p.types ? [...p.types] : null;
  if (p.kind === 'ShortestPath') args['all'] = p.all;
  // Cross-database plans: each operator names its database, filters show what was pushed down.
  if ('database' in p && p.database !== undefined) args['database'] = names ? names(p.database) : p.database === '' ? '(session)' : p.database;
  if (names !== undefined && p.kind === 'Filter') args['predicate'] = printExpression(p.predicate);
  let operatorType: string = p.kind === 'Produce' ? 'ProduceResults' : p.kind;
  if (p.kind === 'Join') {
    operatorType = p.leftKeys.length > 0 ? (p.optional ? 'LeftOuterHashJoin' : 'ValueHashJoin') : p.optional ? 'OptionalCartesianProduct' : 'CartesianProduct';
    if (p.leftKeys.length > 0) args['keys'] = p.leftKeys.map((k, i) => `${printExpression(k)} = ${printExpression(p.rightKeys[i]!)}`);
    if (p.residual !== null) args['predicate'] = printExpression(p.residual);
    args['build'] = p.build === 'right' ? 'right' : 'whichever side ends first';
    args['concurrent'] = !p.sequential;
  }
  if (p.kind === 'Union' && p.concurrent === true) args['concurrent'] = true;
  const stats = profile?.get(p);
  return {
    operatorType,
    identifiers: p.columns.filter((c) => !c.startsWith('  ')),
    arguments: args,
    children: children(p)
      .filter((c) => c.kind !== 'Argument' || p.kind === 'Apply')
      .map((c) => describePlan(c, profile, names)),
    // An operator that never ran (under an empty input) still reports zeros.
    ...(profile ? { rows: stats?.rows ?? 0, dbHits: stats?.dbHits ?? 0 } : {}),
  };
}

export interface ExecuteOptions {
  /** Bytes the statement's materialising operators may hold (Neo4j's transaction memory limit). */
  readonly maxTransactionMemory?: number;
  /**
   * A cross-database query's databases by key (see PreparedQuery.databases), resolved and
   * checked by the caller; keys naming the session database may be left out.
   */
  readonly databases?: ReadonlyMap<string, DatabaseBinding>;
  /** The session database's name (EXPLAIN of a cross-database plan). */
  readonly sessionName?: string;
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
  const names = prepared.crossDatabase ? new Map<string, string>([['', opts.sessionName ?? '']]) : null;
  if (names !== null) {
    ctx.sessionName = opts.sessionName ?? '';
    for (const key of prepared.databases) {
      const b = opts.databases?.get(key);
      if (b === undefined) throw new Error(`internal: database ${key} of a cross-database query is not bound`);
      ctx.bindDatabase(key, b);
      names.set(key, b.name);
    }
    // The session database may be read-only while the query writes elsewhere.
    const session = opts.databases?.get('');
    if (session !== undefined) ctx.bindDatabase('', session);
  }
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
        ...(prepared.explain ? { plan: describePlan(prepared.plan!, profile, names === null ? undefined : (k) => names.get(k) ?? k) } : {}),
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
