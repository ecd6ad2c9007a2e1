// AST -> logical plan. Clauses are planned left to right over a stream of rows: a MATCH extends each
// incoming row with its pattern's bindings (an OPTIONAL MATCH through an Apply that pads with nulls),
// a WITH/RETURN projects (splitting aggregations into Aggregate + Project), writes act per row.
// Choices that depend on data (which node to start from, index seeks) are left to the optimizer.
import type * as A from '../cypher/index.js';
import { cypherError } from '../errors.js';
import { freeVariables, isAggregateCall, mapExpression, sameExpression } from '../semantic/index.js';

import { type DatabaseFacts, emptyFacts, isCrossDatabase, leadingUse, mentions, refKey, useKey } from './databases.js';
import { children, type Columns, type DatabaseKey, type Plan, type ProjectItem } from './plan.js';

export interface ProcedureSignature {
  readonly outputs: readonly string[];
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly inputs?: readonly { readonly name: string; readonly type: string }[];
}

export interface PlanOptions {
  /** Resolves a procedure for CALL (outputs, arity, input types); undefined if it does not exist. */
  readonly procedure?: (name: string) => ProcedureSignature | undefined;
  /** Labels by how many nodes carry them, to pick the cheapest start of a pattern. */
  readonly labelCount?: (label: string) => number;
  /** Whether a property index covers (label, key): such a node is the cheapest place to start. */
  readonly indexed?: (label: string, key: string) => boolean;
  /**
   * The query's leading USE switches the whole query to that database (the engine prepares it
   * there), so the planner skips it. Default: whenever there is one (see `leadingUse`).
   */
  readonly sessionUse?: boolean;
}

export interface PlannedQuery {
  readonly plan: Plan;
  /** Whether operators name their databases (the query reads or writes more than one). */
  readonly crossDatabase: boolean;
  readonly databases: DatabaseFacts;
}

class Namer {
  private n = 0;
  anon(kind: string): string {
    return `  ${kind}@${this.n++}`;
  }
}

/** Hidden (generated) column names start with two spaces: never user-visible. */
export function isHidden(name: string): boolean {
  return name.startsWith('  ');
}

function arg(columns: Columns): Plan {
  return { kind: 'Argument', columns };
}

export function planStatement(q: A.Query, opts: PlanOptions = {}): Plan {
  return planQuery(q, opts).plan;
}

/** Plans a query, with what it names of databases (the engine resolves and checks those). */
export function planQuery(q: A.Query, opts: PlanOptions = {}): PlannedQuery {
  const sessionUse = opts.sessionUse ?? leadingUse(q) !== null;
  const cross = isCrossDatabase(q, sessionUse);
  const planner = new Planner(new Namer(), opts, cross, sessionUse);
  const previous = hoistPlanner;
  hoistPlanner = planner;
  try {
    return { plan: planner.query(q, arg([]), true), crossDatabase: cross, databases: planner.facts };
  } finally {
    hoistPlanner = previous;
  }
}

class Planner {
  readonly facts = emptyFacts();
  /** The database clauses without FROM DATABASE use here: the session's, or a subquery's USE. */
  private db: DatabaseKey = '';
  /** The database each node / relationship variable was bound in (cross-database plans only). */
  private readonly varDb = new Map<string, DatabaseKey>();

  constructor(
    private readonly names: Namer,
    private readonly opts: PlanOptions,
    private readonly cross: boolean,
    private readonly sessionUse: boolean,
  ) {}

  /** The `database` field of a graph operator: only in cross-database plans. */
  private on(): { database?: DatabaseKey } {
    return this.cross ? { database: this.db } : {};
  }

  private key(r: A.DatabaseRef): DatabaseKey {
    const k = refKey(r);
    this.facts.named.add(k);
    return k;
  }

  /** Runs `f` with clauses defaulting to database `db`. */
  private inDb<T>(db: DatabaseKey, f: () => T): T {
    const saved = this.db;
    this.db = db;
    try {
      return f();
    } finally {
      this.db = saved;
    }
  }

  private bindVar(name: string): void {
    if (this.cross) this.varDb.set(name, this.db);
  }

  /** A variable bound earlier used in a pattern here: both must be one database. */
  private refVar(name: string, db: DatabaseKey = this.db): void {
    if (!this.cross) return;
    const d = this.varDb.get(name);
    if (d !== undefined && d !== db) this.facts.sameDatabase.push({ a: d, b: db, variable: name });
  }

  /** The databases SET / REMOVE / DELETE write: FROM DATABASE, else where their variables live. */
  private writeTargets(from: A.DatabaseRef | null, targets: readonly A.Expression[]): void {
    if (!this.cross) return;
    const vars = new Set<string>();
    for (const t of targets) for (const v of freeVariables(t)) vars.add(v);
    if (from !== null) {
      const k = this.key(from);
      this.facts.written.add(k);
      for (const v of vars) this.refVar(v, k);
      return;
    }
    let known = false;
    for (const v of vars) {
      const d = this.varDb.get(v);
      if (d !== undefined) {
        this.facts.written.add(d);
        known = true;
      }
    }
    if (!known) this.facts.written.add(this.db);
  }

  /** Plans a subquery expression over rows of `input`; null if it cannot be hoisted. */
  subquery(x: A.Expression, input: Plan): { plan: Plan; name: string } | null {
    const name = this.names.anon('sub');
    const start = arg(input.columns);
    let inner: Plan;
    let mode: 'exists' | 'count' | 'collect';
    let collectColumn: string | null = null;
    switch (x.kind) {
      case 'PatternExpression': {
        const part: A.PatternPart = { kind: 'PatternPart', variable: null, selector: null, element: x.element, pos: x.pos };
        inner = this.pattern({ kind: 'Pattern', parts: [part], pos: x.pos }, start);
        mode = 'exists';
        break;
      }
      case 'PatternComprehension': {
        const part: A.PatternPart = { kind: 'PatternPart', variable: x.variable, selector: null, element: x.element, pos: x.pos };
        inner = this.pattern({ kind: 'Pattern', parts: [part], pos: x.pos }, start);
        if (x.where) inner = filter(inner, x.where);
        collectColumn = this.names.anon('item');
        const h = hoist(inner, x.projection);
        inner = { kind: 'Project', input: h.plan, items: [{ name: collectColumn, expression: h.expression }], columns: extend(h.plan.columns, [collectColumn]) };
        mode = 'collect';
        break;
      }
      case 'ExistsSubquery':
      case 'CountSubquery':
      case 'CollectSubquery':
        inner = this.query(x.query, start, false);
        mode = x.kind === 'ExistsSubquery' ? 'exists' : x.kind === 'CountSubquery' ? 'count' : 'collect';
        if (mode === 'collect') {
          if (inner.columns.length !== 1) throw cypherError('SyntaxError', 'InvalidSubquery', 'A COLLECT subquery must return exactly one column.');
          collectColumn = inner.columns[0]!;
        }
        break;
      default:
        return null;
    }
    return { plan: { kind: 'SubqueryValue', input, inner, name, mode, collectColumn, columns: extend(input.columns, [name]) }, name };
  }

  query(q: A.Query, input: Plan, top: boolean): Plan {
    if (q.kind === 'SingleQuery') return this.single(q.clauses, input, top);
    const parts = q.parts.map((p) => this.single(p.clauses, input, top));
    const cols = parts[0]!.columns;
    for (const p of parts) {
      if (p.columns.length !== cols.length || p.columns.some((c, i) => c !== cols[i])) {
        throw cypherError('SyntaxError', 'DifferentColumnsInUnion', 'All sub queries in an UNION must have the same return column names.');
      }
    }
    if (new Set(q.all).size > 1) {
      throw cypherError('SyntaxError', 'InvalidClauseComposition', 'Invalid combination of UNION and UNION ALL.');
    }
    const concurrent = this.cross && !parts.some(writes);
    return { kind: 'Union', parts, distinct: !q.all[0], columns: cols, ...(concurrent ? { concurrent } : {}) };
  }

  single(clauses: readonly A.Clause[], input: Plan, top: boolean): Plan {
    const saved = this.db;
    try {
      return this.clauses(clauses, input, top);
    } finally {
      this.db = saved;
    }
  }

  private clauses(clauses: readonly A.Clause[], input: Plan, top: boolean): Plan {
    let plan = input;
    let wrote = false;
    let read = false;
    let returned = false;
    for (const c of clauses) {
      switch (c.kind) {
        case 'Use':
          // The query's leading USE is resolved by the engine, which prepares the query there.
          if (!(top && this.sessionUse && c === clauses[0])) {
            this.db = useKey(c);
            this.facts.named.add(this.db);
          }
          break;
        case 'Match': {
          if (wrote) plan = eager(plan);
          read = true;
          const input = plan;
          plan = this.inDb(c.fromDatabase ? this.key(c.fromDatabase) : this.db, () => {
            const joined = this.cross ? this.joinMatch(c, input, wrote) : null;
            if (joined !== null) return joined;
            if (c.optional) {
              let inner = this.pattern(c.pattern, arg(input.columns));
              if (c.where) inner = whereAfterPattern(inner, c.where);
              return { kind: 'Apply', input, inner, optional: true, unit: false, columns: inner.columns };
            }
            const out = this.pattern(c.pattern, input);
            return c.where ? whereAfterPattern(out, c.where) : out;
          });
          break;
        }
        case 'Unwind':
          this.varDb.delete(c.variable.name);
          plan = { kind: 'Unwind', input: plan, expression: c.expression, variable: c.variable.name, columns: extend(plan.columns, [c.variable.name]) };
          break;
        case 'With':
          plan = this.projection(plan, c.projection, false, c.where);
          break;
        case 'Return':
          plan = this.projection(plan, c.projection, true);
          returned = true;
          break;
        case 'Create': {
          if (read) plan = eager(plan);
          wrote = true;
          const named = this.nameAnonymous(c.pattern);
          const input = plan;
          plan = this.inDb(c.fromDatabase ? this.key(c.fromDatabase) : this.db, () => {
            if (this.cross) {
              this.facts.written.add(this.db);
              for (const v of this.patternVariables(named)) if (input.columns.includes(v)) this.refVar(v);
              for (const v of this.patternVariables(named)) if (!input.columns.includes(v)) this.bindVar(v);
            }
            return { kind: 'Create', input, pattern: named, columns: extend(input.columns, this.patternVariables(named)), ...this.on() };
          });
          break;
        }
        case 'Merge': {
          if (read || wrote) plan = eager(plan);
          wrote = true;
          read = true;
          const part = this.nameAnonymousPart(c.part);
          const input = plan;
          plan = this.inDb(c.fromDatabase ? this.key(c.fromDatabase) : this.db, () => {
            if (this.cross) this.facts.written.add(this.db);
            const match = this.pattern({ kind: 'Pattern', parts: [part], pos: c.pos }, arg(input.columns));
            return { kind: 'Merge', input, part, match, actions: c.actions, columns: match.columns, ...this.on() };
          });
          break;
        }
        case 'Set':
          if (read) plan = eager(plan);
          wrote = true;
          this.writeTargets(c.fromDatabase, c.items.map(setTarget));
          plan = { kind: 'Set', input: plan, items: c.items, columns: plan.columns, ...this.writeOn(c.fromDatabase) };
          break;
        case 'Remove':
          if (read) plan = eager(plan);
          wrote = true;
          this.writeTargets(c.fromDatabase, c.items.map((it) => (it.kind === 'RemoveLabels' ? it.variable : it.target)));
          plan = { kind: 'Remove', input: plan, items: c.items, columns: plan.columns, ...this.writeOn(c.fromDatabase) };
          break;
        case 'Delete':
          if (read) plan = eager(plan);
          wrote = true;
          this.writeTargets(c.fromDatabase, c.expressions);
          plan = { kind: 'Delete', input: plan, expressions: c.expressions, detach: c.detach, columns: plan.columns, ...this.writeOn(c.fromDatabase) };
          break;
        case 'Foreach': {
          if (read) plan = eager(plan);
          wrote = true;
          const body = this.single(c.clauses, arg(extend(plan.columns, [c.variable.name])), false);
          plan = { kind: 'Foreach', input: plan, variable: c.variable.name, list: c.list, body, columns: plan.columns };
          break;
        }
        case 'CallSubquery': {
          const joined = this.cross ? this.joinSubquery(c, plan, wrote) : null;
          if (joined !== null) {
            plan = joined;
            break;
          }
          const imported = c.scope === null ? plan.columns : c.scope === '*' ? plan.columns : c.scope.map((v) => v.name);
          const inner = this.query(c.query, arg(imported), false);
          const returns = returnsRows(c.query);
          plan = {
            kind: 'Apply',
            input: plan,
            inner,
            optional: c.optional,
            unit: !returns,
            columns: returns ? extend(plan.columns, inner.columns.filter((x) => !imported.includes(x))) : plan.columns,
          };
          break;
        }
        case 'CallProcedure': {
          const name = [...c.namespace, c.name].join('.');
          const sig = this.opts.procedure?.(name);
          if (sig === undefined) {
            throw cypherError('ProcedureNotFound', 'ProcedureNotFound', `There is no procedure with the name \`${name}\` registered for this database instance.`);
          }
          const standalone = clauses.filter((x) => x.kind !== 'Use').length === 1;
          if (c.args !== null && (c.args.length < sig.minArgs || c.args.length > sig.maxArgs)) {
            throw cypherError('SyntaxError', 'InvalidNumberOfArguments', `Procedure call does not provide the required number of arguments: got ${c.args.length} for ${name}`);
          }
          if (c.args === null && !standalone) {
            throw cypherError('SyntaxError', 'InvalidArgumentPassingMode', `Procedure call inside a query does not support passing arguments implicitly: ${name}`);
          }
          (sig.inputs ?? []).forEach((inp, i) => {
            const a = c.args?.[i];
            if (a?.kind === 'Literal' && !literalFits(a.value, inp.type)) {
              throw cypherError('SyntaxError', 'InvalidArgumentType', `Type mismatch: ${name} expects ${inp.type} for \`${inp.name}\``);
            }
          });
          let yields: (readonly [string, string])[];
          if (c.yield === '*' && !standalone) {
            throw cypherError('SyntaxError', 'UnexpectedSyntax', 'YIELD * is only allowed in a standalone procedure call');
          }
          if (c.yield === null || c.yield === '*') {
            if (c.yield === null && !standalone && sig.outputs.length > 0) {
              throw cypherError('SyntaxError', 'UndefinedVariable', `Procedure call inside a query must use YIELD: ${name}`);
            }
            yields = sig.outputs.map((o) => [o, o] as const);
          } else {
            yields = c.yield.map((y) => [y.field, y.alias?.name ?? y.field] as const);
            for (const [field, as] of yields) {
              if (!sig.outputs.includes(field)) throw cypherError('SyntaxError', 'UndefinedVariable', `Unknown procedure output: \`${field}\``);
              if (plan.columns.includes(as)) throw cypherError('SyntaxError', 'VariableAlreadyBound', `Variable \`${as}\` already declared`);
            }
          }
          plan = { kind: 'ProcedureCall', input: plan, procedure: name, args: c.args, yields, columns: extend(plan.columns, yields.map((y) => y[1])), ...this.on() };
          if (c.where) plan = filter(plan, c.where);
          if (standalone && c.yield === null) {
            plan = sig.outputs.length === 0 ? { kind: 'Discard', input: plan, columns: [] } : { kind: 'Produce', input: plan, columns: plan.columns };
          }
          if (standalone) returned = true;
          break;
        }
        case 'LoadCsv':
          throw cypherError('SyntaxError', 'UnsupportedFeature', 'LOAD CSV is not supported yet.');
        case 'Finish':
          plan = { kind: 'Discard', input: plan, columns: [] };
          break;
        default:
          assertNever(c);
      }
    }
    if (!returned && top) return { kind: 'Discard', input: plan, columns: [] };
    if (!returned && !top) return plan;
    return plan;
  }

  // ------------------------------------------------------------------ projections

  /** WITH/RETURN; a WITH's WHERE applies after ORDER BY/SKIP/LIMIT, still seeing the old variables. */
  projection(inputPlan: Plan, p: A.Projection, isReturn: boolean, where: A.Expression | null = null): Plan {
    let input = inputPlan;
    const items: ProjectItem[] = [];
    if (p.star) {
      const visible = input.columns.filter((c) => !isHidden(c));
      if (visible.length === 0 && p.items.length === 0) {
        throw cypherError('SyntaxError', 'NoVariablesInScope', `${isReturn ? 'RETURN' : 'WITH'} * is not allowed when there are no variables in scope`);
      }
      for (const c of [...visible].sort()) items.push({ name: c, expression: { kind: 'Variable', name: c, pos: p.pos } });
    }
    for (const it of p.items) {
      const name = it.alias?.name ?? (it.expression.kind === 'Variable' ? it.expression.name : it.text);
      if (!isReturn && it.alias === null && it.expression.kind !== 'Variable') {
        throw cypherError('SyntaxError', 'NoExpressionAlias', `Expression in WITH must be aliased (use AS): ${it.text}`);
      }
      if (items.some((x) => x.name === name)) {
        throw cypherError('SyntaxError', 'ColumnNameConflict', `Multiple result columns with the same name are not supported: ${name}`);
      }
      items.push({ name, expression: it.expression });
    }
    // Subquery expressions in items are computed first, into hidden columns.
    for (let i = 0; i < items.length; i++) {
      const h = hoist(input, items[i]!.expression);
      input = h.plan;
      items[i] = { name: items[i]!.name, expression: h.expression };
    }
    const aggregating = items.some((i) => containsAggregate(i.expression));
    let plan: Plan;
    let orderBy = p.orderBy.map((s) => ({ expression: s.expression, descending: s.descending }));
    const names = items.map((i) => i.name);

    if (aggregating) {
      const groups: ProjectItem[] = [];
      const aggs: { name: string; call: A.Expression }[] = [];
      const finals: ProjectItem[] = [];
      for (const it of items) {
        if (!containsAggregate(it.expression)) {
          groups.push(it);
          finals.push({ name: it.name, expression: variable(it.name, it.expression.pos) });
          continue;
        }
        const rewritten = mapExpression(it.expression, (e) => {
          if (!isAggregateCall(e)) return undefined;
          const existing = aggs.find((a) => sameExpression(a.call, e));
          const name = existing?.name ?? this.names.anon('agg');
          if (!existing) aggs.push({ name, call: e });
          return variable(name, e.pos);
        });
        finals.push({ name: it.name, expression: this.groupRefs(rewritten, groups) });
      }
      // ORDER BY may repeat an aggregate or a grouping expression.
      orderBy = orderBy.map((s) => ({
        descending: s.descending,
        expression: this.groupRefs(
          mapExpression(s.expression, (e) => {
            if (!isAggregateCall(e)) return undefined;
            const existing = aggs.find((a) => sameExpression(a.call, e));
            if (existing) return variable(existing.name, e.pos);
            const name = this.names.anon('agg');
            aggs.push({ name, call: e });
            return variable(name, e.pos);
          }),
          items,
        ),
      }));
      plan = { kind: 'Aggregate', input, groups, aggregates: aggs, columns: [...groups.map((g) => g.name), ...aggs.map((a) => a.name)] };
      const computed = finals.filter((f) => !groups.some((g) => g.name === f.name));
      plan = { kind: 'Project', input: plan, items: computed, columns: projectColumns(plan.columns, computed) };
      if (p.distinct) plan = { kind: 'Distinct', input: restrict(plan, names), columns: names };
    } else {
      // Keep the input columns until after ORDER BY, which may use them (unless DISTINCT).
      plan = { kind: 'Project', input, items, columns: projectColumns(input.columns, items) };
      orderBy = orderBy.map((s) => ({ descending: s.descending, expression: this.groupRefs(s.expression, items) }));
      if (p.distinct) plan = { kind: 'Distinct', input: restrict(plan, names), columns: names };
    }
    if (orderBy.length > 0) plan = { kind: 'Sort', input: plan, keys: orderBy, columns: plan.columns };
    if (p.skip) plan = { kind: 'Skip', input: plan, count: p.skip, columns: plan.columns };
    if (p.limit) plan = { kind: 'Limit', input: plan, count: p.limit, exhaust: writes(plan), columns: plan.columns };
    if (where) plan = filter(plan, where);
    plan = restrict(plan, names);
    if (this.cross) {
      for (const it of items) {
        const d = it.expression.kind === 'Variable' ? this.varDb.get(it.expression.name) : undefined;
        if (d !== undefined) this.varDb.set(it.name, d);
        else if (it.expression.kind !== 'Variable' || it.expression.name !== it.name) this.varDb.delete(it.name);
      }
    }
    return isReturn ? { kind: 'Produce', input: plan, columns: names } : plan;
  }

  /** The `database` of SET / REMOVE / DELETE: FROM DATABASE if given (they write where each entity lives). */
  private writeOn(from: A.DatabaseRef | null): { database?: DatabaseKey } {
    if (!this.cross) return {};
    return { database: from === null ? this.db : refKey(from) };
  }

  // ------------------------------------------------------------------ cross-database joins

  /**
   * A MATCH that shares no variable with the rows before it, in a cross-database query: planned
   * on its own (its database's sub-plan) and joined, rather than run once per incoming row. Its
   * WHERE splits into what touches only its own variables (pushed into the sub-plan, where the
   * optimizer moves it down to the scans and index seeks), equalities between the two sides
   * (hash join keys), what touches only the earlier rows (filtered before the join) and the rest
   * (tested on each joined row). Null when the MATCH does not qualify (then it is planned as usual).
   */
  private joinMatch(c: A.MatchClause, left: Plan, wrote: boolean): Plan | null {
    if (left.kind === 'Argument') return null;
    // Correlated (a variable bound before, in the pattern or its property maps): per row instead.
    if (mentions(c.pattern, new Set(left.columns))) return null;
    const conj = c.where ? conjuncts(c.where) : [];
    if (conj.some(containsSubquery)) return null;
    let right = this.pattern(c.pattern, arg([]));
    const leftCols = new Set(left.columns);
    const rightCols = new Set(right.columns);
    const rightOnly: A.Expression[] = [];
    const leftOnly: A.Expression[] = [];
    const leftKeys: A.Expression[] = [];
    const rightKeys: A.Expression[] = [];
    const rest: A.Expression[] = [];
    const within = (fv: Set<string>, cols: Set<string>): boolean => [...fv].every((v) => cols.has(v));
    for (const e of conj) {
      const fv = freeVariables(e);
      if (within(fv, rightCols)) rightOnly.push(e);
      else if (within(fv, leftCols) && !c.optional) leftOnly.push(e);
      else if (e.kind === 'Comparison' && e.operators.length === 1 && e.operators[0] === '=') {
        const [a, b] = e.operands as [A.Expression, A.Expression];
        const fa = freeVariables(a);
        const fb = freeVariables(b);
        if (fa.size > 0 && fb.size > 0 && within(fa, leftCols) && within(fb, rightCols)) {
          leftKeys.push(a);
          rightKeys.push(b);
        } else if (fa.size > 0 && fb.size > 0 && within(fb, leftCols) && within(fa, rightCols)) {
          leftKeys.push(b);
          rightKeys.push(a);
        } else rest.push(e);
      } else rest.push(e);
    }
    if (rightOnly.length > 0) right = whereAfterPattern(right, rightOnly.reduce(and));
    const l = leftOnly.length > 0 ? filter(left, leftOnly.reduce(and)) : left;
    return {
      kind: 'Join',
      left: l,
      right,
      leftKeys,
      rightKeys,
      residual: rest.length === 0 ? null : rest.reduce(and),
      optional: c.optional,
      build: c.optional ? 'right' : 'adaptive',
      sequential: wrote || writes(left),
      columns: extend(l.columns, right.columns),
    };
  }

  /**
   * An uncorrelated `CALL { [USE db] ... RETURN ... }` that only reads, in a cross-database
   * query: a join with no keys (each row before it times each row of the subquery, in that
   * order), so that the subquery runs at the same time as what comes before it.
   */
  private joinSubquery(c: A.CallSubqueryClause, left: Plan, wrote: boolean): Plan | null {
    if (left.kind === 'Argument' || !returnsRows(c.query)) return null;
    const visible = left.columns.filter((x) => !isHidden(x));
    const uncorrelated = c.scope === null ? !mentions(c.query, new Set(visible)) : c.scope !== '*' && c.scope.length === 0;
    if (!uncorrelated) return null;
    const inner = this.query(c.query, arg([]), false);
    if (writes(inner)) return null;
    return {
      kind: 'Join',
      left,
      right: inner,
      leftKeys: [],
      rightKeys: [],
      residual: null,
      optional: c.optional,
      build: 'right',
      sequential: wrote || writes(left),
      columns: extend(left.columns, inner.columns),
    };
  }

  /** Replaces sub-expressions equal to a projection item's expression by that item's column. */
  private groupRefs(e: A.Expression, items: readonly ProjectItem[]): A.Expression {
    return mapExpression(e, (x) => {
      if (x.kind === 'Variable') return undefined;
      const it = items.find((i) => sameExpression(i.expression, x));
      return it ? variable(it.name, x.pos) : undefined;
    });
  }

  // ------------------------------------------------------------------ patterns

  /** Extends each row of `input` with every match of `pattern`. */
  pattern(pattern: A.Pattern, input: Plan): Plan {
    let plan = input;
    const relsInMatch: string[] = [];
    // A shortest path searches between endpoints that the other parts usually bind: plan it last.
    const parts = pattern.parts.map((p) => this.nameAnonymousPart(p));
    const ordered = [...parts.filter((p) => p.selector === null), ...parts.filter((p) => p.selector !== null)];
    for (const part of ordered) {
      if (part.selector !== null) {
        plan = this.shortestPath(part, plan, relsInMatch);
        continue;
      }
      plan = this.chain(part.element, plan, relsInMatch);
      if (part.variable) plan = this.buildPath(plan, part);
    }
    return plan;
  }

  /** `shortestPath((a)-[r:T*..n]-(b))`: binds both ends (scan or filter), then one ShortestPath. */
  private shortestPath(part: A.PatternPart, input: Plan, relsInMatch: string[]): Plan {
    const el = part.element;
    if (el.relationships.length !== 1) {
      throw cypherError('SyntaxError', 'InvalidShortestPathPattern', `${part.selector}(...) requires a pattern containing a single relationship`);
    }
    const [a, b] = el.nodes as [A.NodePattern, A.NodePattern];
    const r = el.relationships[0]!;
    if (r.where) throw cypherError('SyntaxError', 'UnsupportedFeature', `WHERE inside the relationship of ${part.selector}(...) is not supported yet.`);
    let plan = this.startNode(a, input);
    plan = this.startNode(b, plan);
    const rel = r.variable!.name;
    if (plan.columns.includes(rel)) throw cypherError('SyntaxError', 'VariableAlreadyBound', `Variable \`${rel}\` already declared`);
    const types = relTypes(r.types);
    const min = r.length === null || r.length.min === null ? 1 : Number(r.length.min);
    const max = r.length === null ? 1 : r.length.max === null ? Infinity : Number(r.length.max);
    const path = part.variable?.name ?? null;
    const out: Plan = {
      kind: 'ShortestPath',
      input: plan,
      from: a.variable!.name,
      to: b.variable!.name,
      rel,
      path,
      direction: r.direction,
      types,
      typeTest: types === null && r.types !== null ? r.types : null,
      properties: r.properties,
      length: { min, max },
      single: r.length === null,
      all: part.selector === 'allShortestPaths',
      distinctFrom: [...relsInMatch],
      predicate: null,
      columns: extend(plan.columns, path === null ? [rel] : [rel, path]),
      ...this.on(),
    };
    this.bindVar(rel);
    relsInMatch.push(rel);
    return out;
  }

  private chain(el: A.PatternElement, input: Plan, relsInMatch: string[]): Plan {
    const nodes = el.nodes;
    const bound = new Set(input.columns);
    let start = nodes.findIndex((n) => bound.has(n.variable!.name));
    if (start < 0) start = this.cheapestStart(nodes);
    let plan = this.startNode(nodes[start]!, input);
    for (let j = start; j < el.relationships.length; j++) {
      plan = this.expand(plan, nodes[j]!, el.relationships[j]!, nodes[j + 1]!, false, relsInMatch);
    }
    for (let j = start - 1; j >= 0; j--) {
      plan = this.expand(plan, nodes[j + 1]!, el.relationships[j]!, nodes[j]!, true, relsInMatch);
    }
    return plan;
  }

  private cheapestStart(nodes: readonly A.NodePattern[]): number {
    const count = this.opts.labelCount;
    let best = 0;
    let bestCost = Infinity;
    nodes.forEach((n, i) => {
      const label = scanLabel(n.labels);
      const seekable =
        label !== null && n.properties?.kind === 'MapLiteral' && n.properties.entries.some((e) => this.opts.indexed?.(label, e.key) ?? false);
      const cost = seekable ? 1 : label === null ? Number.MAX_SAFE_INTEGER : count ? count(label) + 2 : 1000 - (n.properties ? 1 : 0);
      if (cost < bestCost) {
        best = i;
        bestCost = cost;
      }
    });
    return best;
  }

  private startNode(n: A.NodePattern, input: Plan): Plan {
    const name = n.variable!.name;
    let plan = input;
    if (!input.columns.includes(name)) {
      const label = scanLabel(n.labels);
      this.bindVar(name);
      plan = { kind: 'NodeScan', input, variable: name, label, columns: extend(input.columns, [name]), ...this.on() };
      const rest = label !== null && n.labels?.kind === 'LabelName' ? null : n.labels;
      return this.nodeFilter(plan, name, rest, n);
    }
    this.refVar(name);
    return this.nodeFilter(plan, name, n.labels, n);
  }

  private nodeFilter(plan: Plan, name: string, labels: A.LabelExpression | null, n: A.NodePattern): Plan {
    if (labels !== null || n.properties !== null) {
      plan = { kind: 'PatternFilter', input: plan, variable: name, labels, types: null, properties: n.properties, columns: plan.columns };
    }
    if (n.where) plan = filter(plan, n.where);
    return plan;
  }

  private expand(plan: Plan, from: A.NodePattern, r0: A.RelationshipPattern, to: A.NodePattern, reversed: boolean, relsInMatch: string[]): Plan {
    // A relationship variable bound by an earlier clause: expand into a fresh variable and keep
    // the rows where it is that relationship (the earlier binding stays in its column).
    const bound = plan.columns.includes(r0.variable!.name);
    const r = bound ? { ...r0, variable: variable(this.names.anon('rel'), r0.pos) } : r0;
    const rel = r.variable!.name;
    const toName = to.variable!.name;
    const into = plan.columns.includes(toName);
    if (plan.columns.includes(rel)) {
      throw cypherError('SyntaxError', 'VariableAlreadyBound', `Variable \`${rel}\` already declared`);
    }
    const direction = reversed ? flip(r.direction) : r.direction;
    const types = relTypes(r.types);
    if (into) this.refVar(toName);
    else this.bindVar(toName);
    this.bindVar(rel);
    const length = r.length === null ? null : { min: r.length.min === null ? 1 : Number(r.length.min), max: r.length.max === null ? Infinity : Number(r.length.max) };
    const nodesVar = length === null ? null : this.names.anon('nodes');
    const newCols = [rel, ...(into ? [] : [toName]), ...(nodesVar ? [nodesVar] : [])];
    let out: Plan = {
      kind: 'Expand',
      input: plan,
      from: from.variable!.name,
      rel,
      to: toName,
      direction,
      types,
      into,
      length,
      nodesVar,
      distinctFrom: [...relsInMatch],
      reversed,
      columns: extend(plan.columns, newCols),
      ...this.on(),
    };
    relsInMatch.push(rel);
    const typeFilter = types === null && r.types !== null ? r.types : null;
    if (typeFilter !== null || r.properties !== null) {
      out = { kind: 'PatternFilter', input: out, variable: rel, labels: null, types: typeFilter, properties: r.properties, columns: out.columns };
    }
    if (r.where) out = filter(out, r.where);
    if (bound) {
      const eq: A.Comparison = { kind: 'Comparison', operands: [variable(rel, r0.pos), variable(r0.variable!.name, r0.pos)], operators: ['='], pos: r0.pos };
      out = filter(out, eq);
    }
    return this.nodeFilter(out, toName, to.labels, to);
  }

  private buildPath(plan: Plan, part: A.PatternPart): Plan {
    const el = part.element;
    const nodes = el.nodes.map((n) => n.variable!.name);
    const rels = el.relationships.map((r) => r.variable!.name);
    const nodeLists = el.relationships.map((r) => {
      if (r.length === null) return null;
      // The Expand for this relationship recorded the nodes along it in a hidden column.
      return findNodesVar(plan, r.variable!.name);
    });
    const v = part.variable!.name;
    return { kind: 'BuildPath', input: plan, variable: v, element: el, nodes, rels, nodeLists, columns: extend(plan.columns, [v]) };
  }

  // ------------------------------------------------------------------ naming

  private nameAnonymousPart(part: A.PatternPart): A.PatternPart {
    const el = part.element;
    const nodes = el.nodes.map((n) => (n.variable ? n : { ...n, variable: variable(this.names.anon('node'), n.pos) }));
    const relationships = el.relationships.map((r) => (r.variable ? r : { ...r, variable: variable(this.names.anon('rel'), r.pos) }));
    return { ...part, element: { ...el, nodes, relationships } };
  }

  nameAnonymous(p: A.Pattern): A.Pattern {
    return { ...p, parts: p.parts.map((x) => this.nameAnonymousPart(x)) };
  }

  private patternVariables(p: A.Pattern): string[] {
    const out: string[] = [];
    // The order the Create operator fills its slots in (runtime/physical/write.ts creationSteps):
    // per part, its nodes, then its relationships, then the path variable.
    for (const part of p.parts) {
      for (const n of part.element.nodes) if (n.variable) out.push(n.variable.name);
      for (const r of part.element.relationships) if (r.variable) out.push(r.variable.name);
      if (part.variable) out.push(part.variable.name);
    }
    return out;
  }
}

// ------------------------------------------------------------------ helpers

function literalFits(v: A.LiteralValue, type: string): boolean {
  if (v === null) return true;
  const t = type.replace(/\?$/, '').toUpperCase();
  if (t === 'INTEGER') return typeof v === 'bigint';
  if (t === 'FLOAT' || t === 'NUMBER') return typeof v === 'number' || typeof v === 'bigint';
  if (t === 'STRING') return typeof v === 'string';
  if (t === 'BOOLEAN') return typeof v === 'boolean';
  return true;
}

function setTarget(it: A.SetItem): A.Expression {
  return it.kind === 'SetProperty' ? it.target : it.variable;
}

function assertNever(x: never): never {
  throw new Error(`unhandled ${(x as { kind: string }).kind}`);
}

function variable(name: string, pos: A.Pos): A.Variable {
  return { kind: 'Variable', name, pos };
}

function filter(plan: Plan, predicate: A.Expression): Plan {
  const h = hoist(plan, predicate);
  return { kind: 'Filter', input: h.plan, predicate: h.expression, columns: h.plan.columns };
}

/**
 * A MATCH's WHERE over its pattern's plan. Conjuncts about a shortest path (its path or
 * relationship variable) go into the search, which must find the shortest paths satisfying them.
 */
function whereAfterPattern(plan: Plan, where: A.Expression): Plan {
  const chain: Extract<Plan, { kind: 'ShortestPath' }>[] = [];
  for (let p = plan; p.kind === 'ShortestPath'; p = p.input) chain.push(p);
  if (chain.length === 0) return filter(plan, where);
  const pushed = new Map<Plan, A.Expression[]>();
  const rest: A.Expression[] = [];
  for (const c of conjuncts(where)) {
    const free = freeVariables(c);
    // The lowest search that binds every variable the conjunct uses and is about it.
    const target = [...chain]
      .reverse()
      .find((sp) => (free.has(sp.rel) || (sp.path !== null && free.has(sp.path))) && [...free].every((v) => sp.columns.includes(v)));
    if (target === undefined || containsSubquery(c)) rest.push(c);
    else pushed.set(target, [...(pushed.get(target) ?? []), c]);
  }
  let out: Plan = chain[chain.length - 1]!.input;
  for (const sp of [...chain].reverse()) {
    const preds = pushed.get(sp) ?? [];
    out = { ...sp, input: out, predicate: preds.length === 0 ? null : preds.reduce((a, b) => and(a, b)) };
  }
  return rest.length === 0 ? out : filter(out, rest.reduce((a, b) => and(a, b)));
}

function conjuncts(e: A.Expression): A.Expression[] {
  return e.kind === 'Binary' && e.operator === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function and(a: A.Expression, b: A.Expression): A.Expression {
  return { kind: 'Binary', operator: 'AND', left: a, right: b, pos: a.pos };
}

function containsSubquery(e: A.Expression): boolean {
  let found = false;
  mapExpression(e, (x) => {
    if (SUBQUERY_KINDS.has(x.kind)) found = true;
    return undefined;
  });
  return found;
}

const SUBQUERY_KINDS = new Set(['PatternExpression', 'PatternComprehension', 'ExistsSubquery', 'CountSubquery', 'CollectSubquery']);

let hoistPlanner: Planner | null = null;

/**
 * Moves subquery expressions out of `e` into SubqueryValue operators above `plan` (expressions are
 * evaluated synchronously; subqueries read storage). Subqueries that use variables bound inside
 * the expression itself (comprehension variables) cannot be hoisted and are left to fail.
 */
function hoist(plan: Plan, e: A.Expression): { plan: Plan; expression: A.Expression } {
  let p = plan;
  const expression = mapExpression(e, (x) => {
    if (!SUBQUERY_KINDS.has(x.kind) || hoistPlanner === null) return undefined;
    const sub = hoistPlanner.subquery(x, p);
    if (sub === null) return undefined;
    p = sub.plan;
    return variable(sub.name, x.pos);
  });
  return { plan: p, expression };
}

const WRITE_KINDS = new Set(['Create', 'Merge', 'Set', 'Remove', 'Delete', 'Foreach']);

function writes(p: Plan): boolean {
  if (WRITE_KINDS.has(p.kind)) return true;
  return children(p).some(writes);
}

function eager(plan: Plan): Plan {
  return plan.kind === 'Eager' ? plan : { kind: 'Eager', input: plan, columns: plan.columns };
}

/** Columns after adding `names` (a name already present keeps its slot). */
export function extend(cols: Columns, names: readonly string[]): Columns {
  const out = [...cols];
  for (const n of names) if (!out.includes(n)) out.push(n);
  return out;
}

function projectColumns(input: Columns, items: readonly ProjectItem[]): Columns {
  return extend(input, items.map((i) => i.name));
}

/** Keeps only `names`, in that order (a Project of plain variable references). */
function restrict(plan: Plan, names: readonly string[]): Plan {
  if (plan.columns.length === names.length && plan.columns.every((c, i) => c === names[i])) return plan;
  return { kind: 'Project', input: plan, items: [], columns: names };
}

function containsAggregate(e: A.Expression): boolean {
  let found = false;
  mapExpression(e, (x) => {
    if (isAggregateCall(x)) found = true;
    return undefined;
  });
  return found;
}

function returnsRows(q: A.Query): boolean {
  const last = q.kind === 'SingleQuery' ? q.clauses[q.clauses.length - 1] : q.parts[0]!.clauses[q.parts[0]!.clauses.length - 1];
  return last?.kind === 'Return';
}

function scanLabel(l: A.LabelExpression | null): string | null {
  if (l === null) return null;
  if (l.kind === 'LabelName') return l.name;
  if (l.kind === 'LabelAnd' && l.operands[0]?.kind === 'LabelName') return l.operands[0].name;
  return null;
}

function relTypes(t: A.LabelExpression | null): string[] | null {
  if (t === null) return null;
  if (t.kind === 'LabelName') return [t.name];
  if (t.kind === 'LabelOr' && t.operands.every((o) => o.kind === 'LabelName')) return t.operands.map((o) => (o as A.LabelName).name);
  return null;
}

function flip(d: 'out' | 'in' | 'both'): 'out' | 'in' | 'both' {
  return d === 'out' ? 'in' : d === 'in' ? 'out' : 'both';
}

function findNodesVar(plan: Plan, rel: string): string | null {
  for (let p: Plan | undefined = plan; p; p = 'input' in p ? (p.input as Plan) : undefined) {
    if (p.kind === 'Expand' && p.rel === rel) return p.nodesVar;
  }
  return null;
}
