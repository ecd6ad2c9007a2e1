// Semantic analysis: walks a query's clauses with a scope of variables and their kinds, and refuses
// at compile time what openCypher and Neo4j refuse — undefined and re-bound variables, type
// conflicts, misplaced or nested aggregation, unknown functions and wrong argument counts,
// relationships CREATE cannot make.
import type * as A from '../cypher/index.js';
import { cypherError } from '../errors.js';
import { lookupAggregate, lookupScalar } from '../runtime/functions/registry.js';
import { AGGREGATES, expressionChildren, forEachExpression, isAggregateCall, sameExpression } from './expressions.js';
import { staticType } from './types.js';

/** What a variable is known to hold: a graph element kind, or a value type from the query text. */
type VarKind = 'node' | 'rel' | 'path' | 'any' | `t:${string}`;
type Scope = Map<string, VarKind>;

/** Argument types of graph functions, where a statically known wrong type is a compile error. */
const ARGUMENT_TYPES: Record<string, readonly string[]> = {
  labels: ['NODE'],
  type: ['RELATIONSHIP'],
  startnode: ['RELATIONSHIP'],
  endnode: ['RELATIONSHIP'],
  properties: ['NODE', 'RELATIONSHIP', 'MAP'],
  keys: ['NODE', 'RELATIONSHIP', 'MAP'],
  nodes: ['PATH'],
  relationships: ['PATH'],
  size: ['LIST', 'STRING'],
  length: ['PATH'],
};

/** Functions the runtime implements itself (they need the graph or the row), beyond the registry. */
const BUILTIN_FUNCTIONS = new Set(['exists', 'startnode', 'endnode', 'nodes', 'relationships', 'labels', 'type', 'id', 'elementid', 'properties', 'keys', 'length', 'size']);

export function analyze(q: A.Query): void {
  query(q, new Map());
}

function query(q: A.Query, outer: Scope): Scope {
  if (q.kind === 'SingleQuery') return single(q.clauses, new Map(outer));
  let last: Scope = new Map();
  for (const p of q.parts) last = single(p.clauses, new Map(outer));
  return last;
}

function single(clauses: readonly A.Clause[], scope: Scope): Scope {
  for (const [i, c] of clauses.entries()) {
    switch (c.kind) {
      case 'Use':
        if (i > 0) throw cypherError('SyntaxError', 'InvalidClauseComposition', 'USE must be the first clause of a query, a UNION part or a subquery.');
        break;
      case 'Finish':
        break;
      case 'Match': {
        const inPattern = new Set<string>();
        for (const part of c.pattern.parts) bindPattern(part, scope, 'match', inPattern);
        if (c.where) expr(c.where, scope, 'where');
        break;
      }
      case 'Unwind':
        expr(c.expression, scope, 'value');
        bindNew(scope, c.variable.name, 'any');
        break;
      case 'With':
      case 'Return': {
        const next = projection(c.projection, scope, c.kind === 'Return');
        if (c.kind === 'With' && c.where) {
          const restricted = c.projection.distinct || c.projection.items.some((it) => containsAggregate(it.expression));
          expr(c.where, restricted ? next : new Map([...scope, ...next]), 'where');
        }
        if (c.kind === 'Return' && i < clauses.length - 1 && clauses[i + 1]!.kind !== 'Return') {
          // RETURN must end a query part
        }
        scope = next;
        break;
      }
      case 'Create':
        for (const part of c.pattern.parts) bindPattern(part, scope, 'create', new Set());
        break;
      case 'Merge':
        bindPattern(c.part, scope, 'merge', new Set());
        for (const a of c.actions) for (const it of a.items) setItem(it, scope);
        break;
      case 'Set':
        for (const it of c.items) setItem(it, scope);
        break;
      case 'Remove':
        for (const it of c.items) {
          if (it.kind === 'RemoveLabels') use(it.variable, scope);
          else expr(it.target, scope, 'value');
        }
        break;
      case 'Delete':
        for (const e of c.expressions) {
          if (e.kind === 'HasLabels') throw cypherError('SyntaxError', 'InvalidDelete', 'DELETE takes expressions that evaluate to nodes, relationships or paths, not label predicates.');
          expr(e, scope, 'value');
          const t = staticType(e, scope);
          if (t !== 'ANY' && t !== 'NODE' && t !== 'RELATIONSHIP' && t !== 'PATH' && t !== 'NULL') {
            throw cypherError('SyntaxError', 'InvalidArgumentType', `DELETE takes nodes, relationships or paths, got ${t}`);
          }
        }
        break;
      case 'Foreach': {
        expr(c.list, scope, 'value');
        const inner: Scope = new Map(scope).set(c.variable.name, 'any');
        single(c.clauses, inner);
        break;
      }
      case 'CallSubquery': {
        const imported: Scope = new Map();
        if (c.scope === '*') for (const [k, v] of scope) imported.set(k, v);
        else if (c.scope !== null) for (const v of c.scope) imported.set(v.name, use(v, scope));
        else {
          // The old form imports with a leading WITH; everything is visible to that WITH.
          for (const [k, v] of scope) imported.set(k, v);
        }
        const inner = query(c.query, imported);
        if (returns(c.query)) {
          for (const [k, v] of inner) {
            if (imported.has(k) && c.scope === null) continue;
            if (scope.has(k) && !imported.has(k)) throw cypherError('SyntaxError', 'VariableAlreadyBound', `Variable \`${k}\` already declared in outer scope`);
            scope.set(k, v);
          }
        }
        break;
      }
      case 'CallProcedure':
        if (c.yield === '*' && clauses.filter((x) => x.kind !== 'Use').length > 1) {
          throw cypherError('SyntaxError', 'UnexpectedSyntax', 'YIELD * is only allowed in a standalone procedure call');
        }
        for (const a of c.args ?? []) expr(a, scope, 'value');
        if (Array.isArray(c.yield)) for (const y of c.yield) bindNew(scope, (y.alias ?? { name: y.field }).name, 'any');
        if (c.where) expr(c.where, scope, 'where');
        break;
      case 'LoadCsv':
        expr(c.url, scope, 'value');
        bindNew(scope, c.variable.name, 'any');
        break;
    }
  }
  return scope;
}

function returns(q: A.Query): boolean {
  const cl = q.kind === 'SingleQuery' ? q.clauses : q.parts[0]!.clauses;
  return cl[cl.length - 1]?.kind === 'Return';
}

function projection(p: A.Projection, scope: Scope, isReturn: boolean): Scope {
  const next: Scope = new Map();
  if (p.star) for (const [k, v] of scope) next.set(k, v);
  let aggregating = false;
  for (const it of p.items) {
    expr(it.expression, scope, 'projection');
    if (containsAggregate(it.expression)) aggregating = true;
    const name = it.alias?.name ?? (it.expression.kind === 'Variable' ? it.expression.name : it.text);
    next.set(name, it.expression.kind === 'Variable' ? (scope.get(it.expression.name) ?? 'any') : kindOfType(staticType(it.expression, scope)));
  }
  const groupingKeys = p.items.filter((it) => !containsAggregate(it.expression)).map((it) => it.expression);
  if (aggregating) for (const it of p.items) if (containsAggregate(it.expression)) unambiguous(it.expression, groupingKeys, new Set());
  // ORDER BY may also name a grouping item by its alias.
  const groupingNames = new Set(p.items.filter((it) => !containsAggregate(it.expression)).map((it) => it.alias?.name ?? (it.expression.kind === 'Variable' ? it.expression.name : it.text)));
  // ORDER BY sees the projected names, and (without DISTINCT or aggregation) the old ones too;
  // after DISTINCT or aggregation it may still repeat a projected expression (`ORDER BY n.x`).
  const restricted = p.distinct || aggregating;
  const orderScope: Scope = restricted ? new Map(next) : new Map([...scope, ...next]);
  for (const s of p.orderBy) {
    if (restricted) {
      const items = p.items.map((it) => it.expression);
      orderCheck(s.expression, items, orderScope, scope, aggregating);
      if (aggregating && containsAggregate(s.expression)) unambiguous(s.expression, groupingKeys, groupingNames);
    } else expr(s.expression, orderScope, 'order');
  }
  for (const e of [p.skip, p.limit]) if (e) constant(e, isReturn ? 'RETURN' : 'WITH');
  return next;
}

/** SKIP and LIMIT take constant, non-negative INTEGER expressions. */
function constant(e: A.Expression, where: string): void {
  forEachExpression(e, (x) => {
    if (x.kind === 'Variable' || x.kind === 'PatternExpression' || x.kind === 'ExistsSubquery' || x.kind === 'CountSubquery') {
      throw cypherError('SyntaxError', 'NonConstantExpression', `It is not allowed to refer to variables in SKIP or LIMIT (${where})`);
    }
  });
  const v = e.kind === 'Literal' ? e.value : e.kind === 'Unary' && e.operator === '-' && e.operand.kind === 'Literal' ? negateLiteral(e.operand.value) : undefined;
  if (v === undefined) return;
  if (typeof v === 'number') throw cypherError('SyntaxError', 'InvalidArgumentType', `SKIP and LIMIT take an INTEGER, got the FLOAT ${v} (${where})`);
  if (typeof v !== 'bigint') throw cypherError('SyntaxError', 'InvalidArgumentType', `SKIP and LIMIT take an INTEGER (${where})`);
  if (v < 0n) throw cypherError('SyntaxError', 'NegativeIntegerArgument', `SKIP and LIMIT take a non-negative INTEGER, got ${v} (${where})`);
}

function negateLiteral(v: A.LiteralValue): A.LiteralValue | undefined {
  if (typeof v === 'bigint') return -v;
  if (typeof v === 'number') return -v;
  return undefined;
}

/** ORDER BY after DISTINCT / aggregation: projected names, or repeats of projected expressions. */
function orderCheck(e: A.Expression, items: readonly A.Expression[], next: Scope, old: Scope, aggregating: boolean): void {
  if (items.some((it) => sameExpression(it, e))) {
    expr(e, old, aggregating ? 'projection' : 'value');
    return;
  }
  if (e.kind === 'Variable') {
    if (!next.has(e.name)) {
      if (old.has(e.name)) throw cypherError('SyntaxError', aggregating ? 'AmbiguousAggregationExpression' : 'UndefinedVariable', `In a WITH/RETURN with DISTINCT or an aggregation, it is not possible to access variables declared before the WITH/RETURN: ${e.name}`);
      throw cypherError('SyntaxError', 'UndefinedVariable', `Variable \`${e.name}\` not defined`);
    }
    return;
  }
  if (isAggregateCall(e)) {
    expr(e, old, 'projection');
    return;
  }
  forEachChild(e, (c) => orderCheck(c, items, next, old, aggregating));
}

/**
 * In an aggregating projection, expressions outside aggregate functions must be grouping keys
 * (or built from them and constants): `RETURN me.age + count(*)` needs `me.age` projected too.
 */
function unambiguous(e: A.Expression, keys: readonly A.Expression[], names: ReadonlySet<string>): void {
  if (isAggregateCall(e)) return;
  if (keys.some((k) => sameExpression(k, e))) return;
  if (e.kind === 'Variable') {
    if (keys.some((k) => k.kind === 'Variable' && k.name === e.name) || names.has(e.name)) return;
    throw cypherError('SyntaxError', 'AmbiguousAggregationExpression', `Aggregation column contains implicit grouping expressions; \`${e.name}\` must be a grouping key`);
  }
  if (e.kind === 'ListComprehension' || e.kind === 'Quantifier' || e.kind === 'Reduce') return;
  forEachChild(e, (c) => unambiguous(c, keys, names));
}

function containsAggregate(e: A.Expression): boolean {
  let found = false;
  forEachExpression(e, (x) => {
    if (isAggregateCall(x)) found = true;
  });
  return found;
}

type Context = 'where' | 'value' | 'projection' | 'order';

function expr(e: A.Expression, scope: Scope, ctx: Context): void {
  check(e, scope, ctx, 0);
  // A WHERE must be a predicate: `WHERE (n)` on a node is refused before running.
  if (ctx === 'where') requireBoolean(e, scope, 'WHERE');
}

function check(e: A.Expression, scope: Scope, ctx: Context, aggDepth: number): void {
  switch (e.kind) {
    case 'Variable':
      use(e, scope);
      return;
    case 'CountStar':
      if (ctx !== 'projection') throw invalidAggregation();
      return;
    case 'FunctionCall': {
      const name = [...e.namespace, e.name].join('.').toLowerCase();
      const agg = e.namespace.length === 0 && AGGREGATES.has(e.name.toLowerCase());
      if (agg) {
        if (ctx !== 'projection') throw invalidAggregation();
        if (aggDepth > 0) throw cypherError('SyntaxError', 'NestedAggregation', `Can't use aggregate functions inside of aggregate functions.`);
        const def = lookupAggregate(name);
        if (def && (e.args.length < def.minArgs || e.args.length > def.maxArgs)) throw argCount(e);
        for (const a of e.args) check(a, scope, ctx, aggDepth + 1);
        return;
      }
      if (name === 'size' && e.args[0]?.kind === 'PatternExpression') {
        throw cypherError('SyntaxError', 'UnexpectedSyntax', 'A pattern expression cannot be used as an argument of size(); use COUNT { pattern }');
      }
      const accepts = ARGUMENT_TYPES[name];
      if (accepts && e.args.length === 1) {
        const t = staticType(e.args[0]!, scope);
        if (t !== 'ANY' && t !== 'NULL' && !accepts.includes(t)) {
          throw cypherError('SyntaxError', 'InvalidArgumentType', `Type mismatch: ${e.name}() expects ${accepts.join(' or ')} but got ${t}`);
        }
      }
      const fn = lookupScalar(name);
      if (fn === undefined && !BUILTIN_FUNCTIONS.has(name)) {
        throw cypherError('SyntaxError', 'UnknownFunction', `Unknown function '${[...e.namespace, e.name].join('.')}'`);
      }
      if (fn && (e.args.length < fn.minArgs || e.args.length > fn.maxArgs)) throw argCount(e);
      for (const a of e.args) check(a, scope, ctx, aggDepth);
      return;
    }
    case 'ListComprehension':
    case 'Quantifier': {
      check(e.list, scope, ctx, aggDepth);
      const lt = staticType(e.list, scope);
      if (lt !== 'ANY' && lt !== 'LIST' && lt !== 'NULL') {
        throw cypherError('SyntaxError', 'InvalidArgumentType', `Type mismatch: expected a list but was ${lt}`);
      }
      const inner: Scope = new Map(scope).set(e.variable.name, 'any');
      if (e.where) check(e.where, inner, ctx === 'projection' ? 'value' : ctx, aggDepth);
      if (e.kind === 'ListComprehension' && e.projection) check(e.projection, inner, ctx === 'projection' ? 'value' : ctx, aggDepth);
      return;
    }
    case 'Reduce': {
      check(e.init, scope, ctx, aggDepth);
      check(e.list, scope, ctx, aggDepth);
      const inner: Scope = new Map(scope).set(e.accumulator.name, 'any').set(e.variable.name, 'any');
      check(e.expression, inner, 'value', aggDepth);
      return;
    }
    case 'PatternExpression':
    case 'PatternComprehension': {
      const inner: Scope = new Map(scope);
      const el = e.element;
      if (e.kind === 'PatternExpression') {
        for (const v of [...el.nodes.map((n) => n.variable), ...el.relationships.map((r) => r.variable)]) {
          if (v && !scope.has(v.name)) {
            throw cypherError('SyntaxError', 'UndefinedVariable', `PATTERN expressions are not allowed to introduce new variables: \`${v.name}\``);
          }
        }
      }
      for (const n of el.nodes) if (n.variable && !inner.has(n.variable.name)) inner.set(n.variable.name, 'node');
      for (const r of el.relationships) if (r.variable && !inner.has(r.variable.name)) inner.set(r.variable.name, 'rel');
      if (e.kind === 'PatternComprehension') {
        if (e.variable) inner.set(e.variable.name, 'path');
        if (e.where) check(e.where, inner, 'value', aggDepth);
        check(e.projection, inner, 'value', aggDepth);
      }
      return;
    }
    case 'ExistsSubquery':
    case 'CountSubquery':
    case 'CollectSubquery':
      query(e.query, scope);
      return;
    case 'MapProjection':
      use(e.variable, scope);
      for (const it of e.items) {
        if (it.kind === 'LiteralEntry') check(it.value, scope, ctx, aggDepth);
        else if (it.kind === 'VariableSelector') use(it.variable, scope);
      }
      return;
    case 'Binary':
      if (e.operator === 'AND' || e.operator === 'OR' || e.operator === 'XOR') {
        for (const o of [e.left, e.right]) requireBoolean(o, scope, e.operator);
      }
      forEachChild(e, (c) => check(c, scope, ctx, aggDepth));
      return;
    case 'Unary':
      if (e.operator === 'NOT') requireBoolean(e.operand, scope, 'NOT');
      forEachChild(e, (c) => check(c, scope, ctx, aggDepth));
      return;
    case 'PropertyAccess': {
      const t = staticType(e.object, scope);
      if (t !== 'ANY' && t !== 'MAP' && t !== 'NODE' && t !== 'RELATIONSHIP' && t !== 'NULL' && !t.startsWith('TEMPORAL') && t !== 'POINT') {
        throw cypherError(t === 'PATH' ? 'SyntaxError' : 'TypeError', 'InvalidArgumentType', `Type mismatch: expected Map, Node, Relationship, Point or a temporal value but was ${t}`);
      }
      forEachChild(e, (c) => check(c, scope, ctx, aggDepth));
      return;
    }
    default:
      forEachChild(e, (c) => check(c, scope, ctx, aggDepth));
  }
}

function kindOfType(t: string): VarKind {
  if (t === 'NODE') return 'node';
  if (t === 'RELATIONSHIP') return 'rel';
  if (t === 'PATH') return 'path';
  if (t === 'ANY' || t === 'NULL') return 'any';
  return `t:${t}`;
}

function requireBoolean(e: A.Expression, scope: Scope, op: string): void {
  const t = staticType(e, scope);
  if (t !== 'ANY' && t !== 'BOOLEAN' && t !== 'NULL') {
    throw cypherError('SyntaxError', 'InvalidArgumentType', `Type mismatch: ${op} expects BOOLEAN operands but got ${t}`);
  }
}

function forEachChild(e: A.Expression, f: (c: A.Expression) => void): void {
  for (const c of expressionChildren(e)) f(c);
}

function invalidAggregation(): Error {
  return cypherError('SyntaxError', 'InvalidAggregation', 'Invalid use of aggregating function in this context');
}

function argCount(e: A.FunctionCall): Error {
  return cypherError('SyntaxError', 'InvalidNumberOfArguments', `Insufficient or too many parameters for function '${e.name}'`);
}

function use(v: A.Variable, scope: Scope): VarKind {
  const k = scope.get(v.name);
  if (k === undefined) throw cypherError('SyntaxError', 'UndefinedVariable', `Variable \`${v.name}\` not defined`);
  return k;
}

function bindNew(scope: Scope, name: string, kind: VarKind): void {
  if (scope.has(name)) throw cypherError('SyntaxError', 'VariableAlreadyBound', `Variable \`${name}\` already declared`);
  scope.set(name, kind);
}

function bindPattern(part: A.PatternPart, scope: Scope, mode: 'match' | 'create' | 'merge', inPattern: Set<string>): void {
  const el = part.element;
  if (part.selector !== null) shortestPathPattern(part, mode);
  for (const n of el.nodes) {
    if (n.properties) checkProps(n.properties, scope);
    if (!n.variable) continue;
    const name = n.variable.name;
    const k = scope.get(name);
    if (k !== undefined && k !== 'node' && k !== 'any') {
      throw cypherError('SyntaxError', 'VariableTypeConflict', `Type mismatch: \`${name}\` defined with conflicting type ${k === 'rel' ? 'Relationship' : k === 'path' ? 'Path' : 'a value'} (expected Node)`);
    }
    if (k !== undefined && mode === 'create' && el.relationships.length === 0 && !inPattern.has(name)) {
      throw cypherError('SyntaxError', 'VariableAlreadyBound', `Variable \`${name}\` already declared: CREATE cannot create a bound node`);
    }
    if (k !== undefined && mode !== 'match' && (n.labels !== null || n.properties !== null) && !inPattern.has(name)) {
      throw cypherError('SyntaxError', 'VariableAlreadyBound', `Can't create node \`${name}\` with labels or properties here. The variable is already declared in this context`);
    }
    if (k === undefined) scope.set(name, 'node');
    inPattern.add(name);
    if (n.where) expr(n.where, scope, 'where');
  }
  for (const r of el.relationships) {
    if (r.properties) checkProps(r.properties, scope);
    if (mode !== 'match') {
      const types = r.types;
      if (types === null || types.kind !== 'LabelName') {
        throw cypherError('SyntaxError', 'NoSingleRelationshipType', `A single relationship type must be specified for ${mode.toUpperCase()}`);
      }
      if (r.direction === 'both') {
        throw cypherError('SyntaxError', 'RequiresDirectedRelationship', `Only directed relationships are supported in ${mode.toUpperCase()}`);
      }
      if (r.length !== null) throw cypherError('SyntaxError', 'CreatingVarLength', `Variable length relationships cannot be used in ${mode.toUpperCase()}`);
    }
    if (!r.variable) continue;
    const name = r.variable.name;
    const k = scope.get(name);
    // A variable-length pattern may reuse a list of relationships bound earlier (`[rs*]`).
    const listOk = r.length !== null && k === 't:LIST';
    if (k !== undefined && k !== 'rel' && k !== 'any' && !listOk) {
      throw cypherError('SyntaxError', 'VariableTypeConflict', `Type mismatch: \`${name}\` defined with conflicting type ${k === 'node' ? 'Node' : k === 'path' ? 'Path' : 'a value'} (expected Relationship)`);
    }
    if (inPattern.has(name) || (k !== undefined && mode !== 'match')) {
      throw cypherError('SyntaxError', mode === 'match' ? 'RelationshipUniquenessViolation' : 'VariableAlreadyBound', `Variable \`${name}\` already declared`);
    }
    inPattern.add(name);
    // A variable-length relationship binds a list of relationships.
    if (k === undefined) scope.set(name, r.length === null ? 'rel' : 'any');
    if (r.where) expr(r.where, scope, 'where');
  }
  if (part.variable) bindNew(scope, part.variable.name, 'path');
}

function checkProps(p: A.MapLiteral | A.Parameter, scope: Scope): void {
  if (p.kind === 'MapLiteral') for (const en of p.entries) expr(en.value, scope, 'value');
}

function setItem(it: A.SetItem, scope: Scope): void {
  switch (it.kind) {
    case 'SetProperty':
      expr(it.target, scope, 'value');
      expr(it.value, scope, 'value');
      return;
    case 'SetAllProperties':
      use(it.variable, scope);
      expr(it.value, scope, 'value');
      return;
    case 'SetLabels':
      use(it.variable, scope);
      return;
  }
}

/** What Neo4j accepts inside shortestPath() / allShortestPaths(). */
function shortestPathPattern(part: A.PatternPart, mode: 'match' | 'create' | 'merge'): void {
  const name = part.selector!;
  if (mode !== 'match') throw cypherError('SyntaxError', 'InvalidShortestPathPattern', `${name}(...) cannot be used in ${mode.toUpperCase()}`);
  const rels = part.element.relationships;
  if (rels.length !== 1) throw cypherError('SyntaxError', 'InvalidShortestPathPattern', `${name}(...) requires a pattern containing a single relationship`);
  const min = rels[0]!.length?.min;
  if (min !== undefined && min !== null && min > 1n) {
    throw cypherError('SyntaxError', 'InvalidShortestPathPattern', `${name}(...) does not support a minimal length different from 0 or 1`);
  }
}
