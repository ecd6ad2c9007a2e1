// Every step sentence of the openCypher kit, run against the in-process API. One scenario gets
// one database of its own; `runScenario` reports pass or the first failing step's reason.
//
// Errors: `a <Type> should be raised at <phase>: <Detail>` is checked against the QuiverError's
// `kind` (mapped to the kit's type names by KIT_TYPES), `phase` ('compile' = compile time) and
// `detail` (`*` matches any). Side effects: snapshots of the graph before `executing query` and
// at the side-effect step, diffed as the kit defines them (see compare.ts).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryResult, QuiverDatabaseServer, Session } from '../../src/api-types.js';
import type { Value } from '../../src/values/types.js';
import { compareValues } from '../../src/values/compare.js';
import type { Pickle, Step } from './gherkin.js';
import {
  type GraphSnapshot,
  compareResult,
  compareSideEffects,
  diffSnapshots,
  NO_SIDE_EFFECTS,
  parseSideEffects,
  snapshotOf,
} from './compare.js';
import { type Expected, parseValue, toValue } from './values.js';

/** The kit's error type names each of our error kinds may stand for. */
export const KIT_TYPES: Readonly<Record<string, readonly string[]>> = {
  SyntaxError: ['SyntaxError'],
  // Neo4j reports compile-time semantic errors with SyntaxError codes; the kit follows it.
  SemanticError: ['SyntaxError', 'SemanticError'],
  TypeError: ['TypeError'],
  PropertyValueNotStorable: ['TypeError'],
  ArgumentError: ['ArgumentError'],
  ArithmeticError: ['ArithmeticError'],
  EntityNotFound: ['EntityNotFound'],
  DeleteConnectedNode: ['ConstraintVerificationFailed'],
  ConstraintValidationFailed: ['ConstraintVerificationFailed', 'ConstraintValidationFailed'],
  ProcedureNotFound: ['ProcedureError'],
  ProcedureCallFailed: ['ProcedureError'],
  ParameterMissing: ['ParameterMissing'],
};

const PHASES: Readonly<Record<string, 'compile' | 'runtime' | 'any'>> = {
  'compile time': 'compile',
  runtime: 'runtime',
  'any time': 'any',
};

/** What the runner knows of a thrown error (QuiverErrors are recognised by shape). */
export interface ErrorInfo {
  readonly quiver: boolean;
  readonly kind?: string;
  readonly detail?: string;
  readonly phase?: string;
  readonly gqlStatus?: string;
  readonly message: string;
}

export function errorInfo(e: unknown): ErrorInfo {
  if (typeof e === 'object' && e !== null && typeof (e as { kind?: unknown }).kind === 'string' && 'code' in e) {
    const q = e as unknown as { kind: string; detail?: string; phase?: string; gqlStatus?: string; message?: string };
    return {
      quiver: true,
      kind: q.kind,
      ...(q.detail !== undefined ? { detail: q.detail } : {}),
      ...(q.phase !== undefined ? { phase: q.phase } : {}),
      ...(q.gqlStatus !== undefined ? { gqlStatus: q.gqlStatus } : {}),
      message: String(q.message ?? ''),
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { quiver: false, message: `${err.name}: ${err.message}` };
}

export function describeError(i: ErrorInfo): string {
  if (!i.quiver) return `non-QuiverError ${i.message}`;
  return `${i.kind}${i.detail ? `/${i.detail}` : ''} at ${i.phase ?? 'unknown phase'}: ${i.message}`;
}

/** Null when the error is what the kit expects, else why not. */
export function checkError(i: ErrorInfo, type: string, phase: string, detail: string): string | null {
  const want = `${type} at ${phase}: ${detail}`;
  if (!i.quiver) return `expected ${want}; got ${describeError(i)}`;
  const types = KIT_TYPES[i.kind ?? ''] ?? [i.kind];
  if (!types.includes(type)) return `expected ${want}; got ${describeError(i)} (wrong type)`;
  const p = PHASES[phase];
  if (p === undefined) return `unknown phase '${phase}' in step`;
  if (p !== 'any' && i.phase !== p) return `expected ${want}; got ${describeError(i)} (wrong phase)`;
  if (detail !== '*' && i.detail !== detail) return `expected ${want}; got ${describeError(i)} (wrong detail)`;
  return null;
}

/** A failing step; the runner reports its message. */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}

/** A procedure the kit declares with `there exists a procedure ...:` and a table. */
export interface TckProcedure {
  /** Qualified name, e.g. `test.my.proc`. */
  readonly name: string;
  /** Declared inputs and outputs; types as written (`INTEGER?`, `NUMBER?`, ...). */
  readonly inputs: readonly { readonly name: string; readonly type: string }[];
  readonly outputs: readonly { readonly name: string; readonly type: string }[];
  /** The table: input values then output values per row. */
  readonly rows: readonly (readonly Value[])[];
  /** The output rows for the given arguments: rows whose inputs equal them. */
  call(args: readonly Value[]): (readonly Value[])[];
}

/**
 * The optional hook the engine offers for the kit's test procedures. Without it the `there
 * exists a procedure` step fails the scenario.
 */
export interface ProcedureSupport {
  registerProcedure(database: string, procedure: TckProcedure): void | Promise<void>;
}

/** Parses `test.my.proc(in :: INTEGER?) :: (out :: INTEGER?)` with its table. */
export function parseProcedure(signature: string, table: readonly (readonly string[])[]): TckProcedure {
  const m = /^\s*([\w.]+)\s*\(([^)]*)\)\s*::\s*\(([^)]*)\)\s*$/.exec(signature);
  if (!m) throw new StepFailure(`cannot parse procedure signature '${signature}'`);
  const params = (s: string): { name: string; type: string }[] =>
    s.trim() === ''
      ? []
      : s.split(',').map((p) => {
          const [name, type] = p.split('::').map((x) => x.trim());
          if (!name || !type) throw new StepFailure(`cannot parse procedure parameter '${p}'`);
          return { name, type };
        });
  const inputs = params(m[2]!);
  const outputs = params(m[3]!);
  const [header = [], ...body] = table;
  const width = inputs.length + outputs.length;
  if (header.length !== width) {
    throw new StepFailure(`procedure table has ${header.length} columns, signature declares ${width}`);
  }
  const rows = body.map((r) => r.map((c) => toValue(parseValue(c))));
  const name = m[1]!;
  return {
    name,
    inputs,
    outputs,
    rows,
    call(args) {
      return rows
        .filter((r) => inputs.every((_, k) => argumentEquals(r[k]!, args[k] ?? null)))
        .map((r) => r.slice(inputs.length));
    },
  };
}

/** Cypher `=` for the argument values a test procedure is called with (1 = 1.0, null = null). */
function argumentEquals(a: Value, b: Value): boolean {
  return compareValues(a, b) === 0;
}

/** Everything a scenario's steps share. */
export interface ScenarioContext {
  readonly server: QuiverDatabaseServer;
  readonly database: string;
  readonly session: Session;
  /** The kit's `graphs` directory (named graphs). */
  readonly graphsDir: string;
  readonly signal: AbortSignal;
  /** Per-query timeout passed to the engine. */
  readonly queryTimeoutMs: number;
  params: Map<string, Value>;
  last: { ok: true; result: QueryResult } | { ok: false; error: unknown } | undefined;
  /** Graph state before the last `executing query` (or why it could not be measured). */
  before: GraphSnapshot | Error | undefined;
  /** Whether later steps check side effects, so the graph must be measured. */
  readonly measures: boolean;
}

interface StepDefinition {
  readonly pattern: RegExp;
  run(ctx: ScenarioContext, match: RegExpExecArray, step: Step): Promise<void>;
}

const namedGraphCache = new Map<string, string[]>();

/** The statements of a named graph's script(s), split at `;`. */
function namedGraphStatements(graphsDir: string, name: string): string[] {
  const key = join(graphsDir, name);
  const cached = namedGraphCache.get(key);
  if (cached) return cached;
  const dir = join(graphsDir, name);
  let scripts = [name];
  const meta = join(dir, `${name}.json`);
  if (existsSync(meta)) {
    const parsed = JSON.parse(readFileSync(meta, 'utf8')) as { scripts?: string[] };
    if (Array.isArray(parsed.scripts) && parsed.scripts.length > 0) scripts = parsed.scripts;
  }
  const statements: string[] = [];
  for (const script of scripts) {
    const file = join(dir, script.endsWith('.cypher') ? script : `${script}.cypher`);
    if (!existsSync(file)) throw new StepFailure(`named graph '${name}' not found (no ${file})`);
    statements.push(
      ...readFileSync(file, 'utf8')
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    );
  }
  namedGraphCache.set(key, statements);
  return statements;
}

async function run(ctx: ScenarioContext, query: string): Promise<QueryResult> {
  if (ctx.signal.aborted) throw new StepFailure('timeout');
  return ctx.session.run(query, ctx.params, { timeoutMs: ctx.queryTimeoutMs, signal: ctx.signal });
}

async function setup(ctx: ScenarioContext, query: string, what: string): Promise<void> {
  try {
    await run(ctx, query);
  } catch (e) {
    if (e instanceof StepFailure) throw e;
    throw new StepFailure(`${what} failed: ${describeError(errorInfo(e))}\n${query}`);
  }
}

async function loadGraph(ctx: ScenarioContext, name: string): Promise<void> {
  for (const statement of namedGraphStatements(ctx.graphsDir, name)) await setup(ctx, statement, `loading graph '${name}'`);
}

async function snapshot(ctx: ScenarioContext): Promise<GraphSnapshot> {
  const nodes = await ctx.session.run('MATCH (n) RETURN n', {}, { timeoutMs: ctx.queryTimeoutMs, signal: ctx.signal });
  const rels = await ctx.session.run('MATCH ()-[r]->() RETURN r', {}, { timeoutMs: ctx.queryTimeoutMs, signal: ctx.signal });
  return snapshotOf(
    nodes.rows.map((r) => r[0] ?? null),
    rels.rows.map((r) => r[0] ?? null),
  );
}

function queryText(match: RegExpExecArray, step: Step): string {
  const inline = (match[1] ?? '').trim();
  const q = step.docString ?? inline;
  if (q.trim() === '') throw new StepFailure(`step '${step.text}' has no query`);
  return q;
}

function lastResult(ctx: ScenarioContext): QueryResult {
  const last = ctx.last;
  if (!last) throw new StepFailure('no query was executed before the expectation');
  if (!last.ok) throw new StepFailure(`query failed: ${describeError(errorInfo(last.error))}`);
  return last.result;
}

function expectTable(ctx: ScenarioContext, step: Step, ordered: boolean, orderedLists: boolean): void {
  const result = lastResult(ctx);
  const [columns = [], ...body] = step.table ?? [];
  let rows: Expected[][];
  try {
    rows = body.map((r) => r.map((c) => parseValue(c, { orderedLists })));
  } catch (e) {
    throw new StepFailure(`cannot parse expected table: ${(e as Error).message}`);
  }
  const reason = compareResult({ columns, rows }, { columns: result.columns, rows: result.rows }, ordered);
  if (reason) throw new StepFailure(reason);
}

async function expectSideEffects(ctx: ScenarioContext, table: readonly (readonly string[])[]): Promise<void> {
  lastResult(ctx);
  const expected = table.length === 0 ? NO_SIDE_EFFECTS : parseSideEffects(table);
  if (ctx.before === undefined) throw new StepFailure('side effects checked before any query was executed');
  if (ctx.before instanceof Error) throw new StepFailure(`side effect measurement failed before the query: ${ctx.before.message}`);
  let after: GraphSnapshot;
  try {
    after = await snapshot(ctx);
  } catch (e) {
    throw new StepFailure(`side effect measurement failed after the query: ${describeError(errorInfo(e))}`);
  }
  const reason = compareSideEffects(expected, diffSnapshots(ctx.before, after));
  if (reason) throw new StepFailure(reason);
}

async function execute(ctx: ScenarioContext, query: string, measure: boolean): Promise<void> {
  if (measure && ctx.measures) {
    try {
      ctx.before = await snapshot(ctx);
    } catch (e) {
      ctx.before = new Error(describeError(errorInfo(e)));
    }
  }
  try {
    ctx.last = { ok: true, result: await run(ctx, query) };
  } catch (e) {
    if (e instanceof StepFailure) throw e;
    ctx.last = { ok: false, error: e };
  }
}

export const STEPS: readonly StepDefinition[] = [
  { pattern: /^an empty graph$/, run: async () => {} },
  { pattern: /^any graph$/, run: (ctx) => loadGraph(ctx, 'binary-tree-1') },
  { pattern: /^the (.+) graph$/, run: (ctx, m) => loadGraph(ctx, m[1]!) },
  {
    pattern: /^(?:after )?having executed:(.*)$/,
    run: (ctx, m, step) => setup(ctx, queryText(m, step), 'setup query'),
  },
  {
    pattern: /^(?:parameters are|parameter values are):$/,
    run: async (ctx, _m, step) => {
      for (const row of step.table ?? []) {
        if (row.length === 0) continue;
        if (row.length !== 2) throw new StepFailure(`parameter row needs 2 cells, has ${row.length}`);
        try {
          ctx.params.set(row[0]!, toValue(parseValue(row[1]!)));
        } catch (e) {
          throw new StepFailure(`cannot parse parameter ${row[0]}: ${(e as Error).message}`);
        }
      }
    },
  },
  {
    pattern: /^there exists a procedure (.+):$/,
    run: async (ctx, m, step) => {
      const procedure = parseProcedure(m[1]!, step.table ?? []);
      const hook = (ctx.server as Partial<ProcedureSupport>).registerProcedure;
      if (typeof hook !== 'function') {
        throw new StepFailure('the engine offers no registerProcedure(database, procedure) hook for test procedures');
      }
      await hook.call(ctx.server, ctx.database, procedure);
    },
  },
  {
    pattern: /^there exists a CSV file with URL as \$(.*), with rows:$/,
    run: async () => {
      throw new StepFailure('CSV files (LOAD CSV) are not supported by the runner');
    },
  },
  { pattern: /^executing query:(.*)$/, run: (ctx, m, step) => execute(ctx, queryText(m, step), true) },
  { pattern: /^executing control query:(.*)$/, run: (ctx, m, step) => execute(ctx, queryText(m, step), false) },
  { pattern: /^the result should be, in any order:$/, run: async (ctx, _m, step) => expectTable(ctx, step, false, true) },
  { pattern: /^the result should be, in order:$/, run: async (ctx, _m, step) => expectTable(ctx, step, true, true) },
  {
    pattern: /^the result should be \(ignoring element order for lists\):$/,
    run: async (ctx, _m, step) => expectTable(ctx, step, false, false),
  },
  {
    pattern: /^the result should be, in order \(ignoring element order for lists\):$/,
    run: async (ctx, _m, step) => expectTable(ctx, step, true, false),
  },
  {
    pattern: /^the result should be empty$/,
    run: async (ctx) => {
      const result = lastResult(ctx);
      if (result.rows.length > 0) {
        const reason = compareResult({ columns: result.columns, rows: [] }, result, false);
        throw new StepFailure(reason ?? `expected no rows, got ${result.rows.length}`);
      }
    },
  },
  { pattern: /^no side effects$/, run: (ctx) => expectSideEffects(ctx, []) },
  { pattern: /^the side effects should be:$/, run: (ctx, _m, step) => expectSideEffects(ctx, step.table ?? []) },
  {
    pattern: /^an? error with GQL code (\S+) should be raised(?: with message matching: (.+))?$/,
    run: async (ctx, m) => {
      const last = ctx.last;
      if (!last) throw new StepFailure('no query was executed before the expectation');
      if (last.ok) throw new StepFailure(`expected an error with GQL code ${m[1]}; the query succeeded with ${last.result.rows.length} rows`);
      const info = errorInfo(last.error);
      if (info.gqlStatus !== m[1]) throw new StepFailure(`expected GQL code ${m[1]}; got ${info.gqlStatus ?? 'none'} (${describeError(info)})`);
      if (m[2] !== undefined && !new RegExp(m[2]).test(info.message)) {
        throw new StepFailure(`error message '${info.message}' does not match /${m[2]}/`);
      }
    },
  },
  {
    pattern: /^an? (.+) should be raised at (.+): (.+)$/,
    run: async (ctx, m) => {
      const last = ctx.last;
      const [, type, phase, detail] = m as unknown as [string, string, string, string];
      if (!last) throw new StepFailure('no query was executed before the expectation');
      if (last.ok) {
        throw new StepFailure(`expected ${type} at ${phase}: ${detail}; the query succeeded with ${last.result.rows.length} rows`);
      }
      const reason = checkError(errorInfo(last.error), type, phase, detail.trim());
      if (reason) throw new StepFailure(reason);
    },
  },
];

/** Finds the definition of a step sentence. */
export function findStep(text: string): { def: StepDefinition; match: RegExpExecArray } | null {
  for (const def of STEPS) {
    const match = def.pattern.exec(text);
    if (match) return { def, match };
  }
  return null;
}

export interface ScenarioOptions {
  readonly graphsDir: string;
  readonly signal: AbortSignal;
  readonly queryTimeoutMs: number;
}

/** Runs one scenario on a database that exists and is empty. Resolves to null or a failure reason. */
export async function runScenario(
  server: QuiverDatabaseServer,
  database: string,
  pickle: Pickle,
  options: ScenarioOptions,
): Promise<string | null> {
  const ctx: ScenarioContext = {
    server,
    database,
    session: server.session(database),
    graphsDir: options.graphsDir,
    signal: options.signal,
    queryTimeoutMs: options.queryTimeoutMs,
    params: new Map(),
    last: undefined,
    before: undefined,
    measures: pickle.steps.some((s) => /^(no side effects|the side effects should be:)$/.test(s.text)),
  };
  for (const step of pickle.steps) {
    const found = findStep(step.text);
    if (!found) return `unsupported step (line ${step.line}): ${step.keyword} ${step.text}`;
    try {
      await found.def.run(ctx, found.match, step);
    } catch (e) {
      const message = e instanceof StepFailure ? e.message : describeError(errorInfo(e));
      return `step '${step.keyword} ${step.text}' (line ${step.line}): ${message}`;
    }
    if (options.signal.aborted) return 'timeout';
  }
  return null;
}
