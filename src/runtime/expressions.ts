// Compiles AST expressions into closures over a row layout: `compile(e, columns)(row, ctx)`.
// Variables become slot reads; operators and functions are bound once at compile time.
import type * as A from '../cypher/index.js';
import type { Columns } from '../planner/index.js';
import { cypherError, quiverError } from '../errors.js';
import { NodeValue, PathValue, RelationshipValue, type Value } from '../values/types.js';
import type { ExecContext, Row } from './context.js';
import { GraphNode, GraphRel } from './entities.js';
import { lookupScalar } from './functions/registry.js';
import { temporalProperty } from './functions/temporal/accessors.js';
import * as op from './operators.js';
import { typePredicate } from './type-predicate.js';

export type Compiled = (row: Row, ctx: ExecContext) => Value;

/** Hooks for expressions that run sub-plans (EXISTS { }, pattern predicates, COUNT { }, ...). */
export interface SubqueryCompiler {
  compileSubquery(e: A.Expression, columns: Columns): Compiled;
}

let subqueries: SubqueryCompiler | null = null;
export function setSubqueryCompiler(c: SubqueryCompiler): void {
  subqueries = c;
}

export function compile(e: A.Expression, columns: Columns): Compiled {
  switch (e.kind) {
    case 'Literal': {
      const v = e.value;
      return () => v;
    }
    case 'Parameter': {
      const name = e.name;
      return (_r, ctx) => ctx.param(name);
    }
    case 'Variable': {
      const slot = columns.indexOf(e.name);
      if (slot < 0) throw cypherError('SyntaxError', 'UndefinedVariable', `Variable \`${e.name}\` not defined`);
      return (r) => r[slot] ?? null;
    }
    case 'ListLiteral': {
      const items = e.elements.map((x) => compile(x, columns));
      return (r, ctx) => items.map((f) => f(r, ctx));
    }
    case 'MapLiteral': {
      const entries = e.entries.map((en) => [en.key, compile(en.value, columns)] as const);
      return (r, ctx) => new Map(entries.map(([k, f]) => [k, f(r, ctx)]));
    }
    case 'PropertyAccess': {
      const obj = compile(e.object, columns);
      const key = e.key;
      return (r, ctx) => property(obj(r, ctx), key);
    }
    case 'Subscript': {
      const obj = compile(e.object, columns);
      const idx = compile(e.index, columns);
      return (r, ctx) => subscript(obj(r, ctx), idx(r, ctx));
    }
    case 'Slice': {
      const obj = compile(e.object, columns);
      const from = e.from ? compile(e.from, columns) : null;
      const to = e.to ? compile(e.to, columns) : null;
      return (r, ctx) => slice(obj(r, ctx), from ? from(r, ctx) : undefined, to ? to(r, ctx) : undefined);
    }
    case 'HasLabels': {
      const obj = compile(e.expression, columns);
      const test = labelTest(e.labels);
      return (r, ctx) => {
        const v = obj(r, ctx);
        if (v === null) return null;
        if (v instanceof NodeValue) return test(v.labels);
        if (v instanceof RelationshipValue) return test([v.type]);
        throw cypherError('TypeError', 'InvalidArgumentType', `Expected a node or relationship for a label test, got ${describe(v)}`);
      };
    }
    case 'FunctionCall':
      return compileCall(e, columns);
    case 'CountStar':
      throw cypherError('SyntaxError', 'InvalidAggregation', 'count(*) is only allowed in RETURN and WITH');
    case 'Unary': {
      const x = compile(e.operand, columns);
      switch (e.operator) {
        case 'NOT':
          return (r, ctx) => op.not(x(r, ctx));
        case '-':
          return (r, ctx) => op.negate(x(r, ctx));
        case '+':
          return (r, ctx) => op.unaryPlus(x(r, ctx));
      }
      break;
    }
    case 'Binary':
      return compileBinary(e, columns);
    case 'Comparison': {
      const xs = e.operands.map((x) => compile(x, columns));
      const ops = e.operators.map(comparator);
      if (ops.length === 1) {
        const [a, b] = xs as [Compiled, Compiled];
        const f = ops[0]!;
        return (r, ctx) => f(a(r, ctx), b(r, ctx));
      }
      return (r, ctx) => {
        const vals = xs.map((f) => f(r, ctx));
        let result: Value = true;
        for (let i = 0; i < ops.length; i++) result = op.and(result, ops[i]!(vals[i]!, vals[i + 1]!));
        return result;
      };
    }
    case 'IsNull': {
      const x = compile(e.operand, columns);
      return e.negated ? (r, ctx) => x(r, ctx) !== null : (r, ctx) => x(r, ctx) === null;
    }
    case 'IsType': {
      const x = compile(e.operand, columns);
      const test = typePredicate(e.type);
      return e.negated ? (r, ctx) => !test(x(r, ctx)) : (r, ctx) => test(x(r, ctx));
    }
    case 'Case':
      return compileCase(e, columns);
    case 'ListComprehension': {
      const list = compile(e.list, columns);
      const inner = [...columns, e.variable.name];
      const where = e.where ? compile(e.where, inner) : null;
      const proj = e.projection ? compile(e.projection, inner) : null;
      return (r, ctx) => {
        const l = list(r, ctx);
        if (l === null) return null;
        const out: Value[] = [];
        for (const x of asList(l, 'list comprehension')) {
          const row = [...r, x];
          if (where && where(row, ctx) !== true) continue;
          out.push(proj ? proj(row, ctx) : x);
        }
        return out;
      };
    }
    case 'Quantifier': {
      const list = compile(e.list, columns);
      const inner = [...columns, e.variable.name];
      const where = e.where ? compile(e.where, inner) : () => true;
      const q = e.quantifier;
      return (r, ctx) => {
        const l = list(r, ctx);
        if (l === null) return null;
        let trues = 0;
        let nulls = 0;
        let n = 0;
        for (const x of asList(l, q.toLowerCase())) {
          n++;
          const v = where([...r, x], ctx);
          if (v === true) trues++;
          else if (v === null) nulls++;
        }
        const falses = n - trues - nulls;
        switch (q) {
          case 'ALL':
            return falses > 0 ? false : nulls > 0 ? null : true;
          case 'ANY':
            return trues > 0 ? true : nulls > 0 ? null : false;
          case 'NONE':
            return trues > 0 ? false : nulls > 0 ? null : true;
          case 'SINGLE':
            return trues > 1 ? false : nulls > 0 ? null : trues === 1;
        }
      };
    }
    case 'Reduce': {
      const init = compile(e.init, columns);
      const list = compile(e.list, columns);
      const inner = [...columns, e.accumulator.name, e.variable.name];
      const body = compile(e.expression, inner);
      return (r, ctx) => {
        let acc = init(r, ctx);
        const l = list(r, ctx);
        if (l === null) return null;
        for (const x of asList(l, 'reduce')) acc = body([...r, acc, x], ctx);
        return acc;
      };
    }
    case 'MapProjection': {
      const obj = compile(e.variable, columns);
      const items = e.items.map((it) => {
        switch (it.kind) {
          case 'PropertySelector':
            return (m: Map<string, Value>, v: Value) => void m.set(it.key, property(v, it.key));
          case 'AllPropertiesSelector':
            return (m: Map<string, Value>, v: Value) => {
              for (const [k, x] of propertiesOf(v)) m.set(k, x);
            };
          case 'LiteralEntry': {
            const f = compile(it.value, columns);
            return (m: Map<string, Value>, _v: Value, r?: Row, ctx?: ExecContext) => void m.set(it.key, f(r!, ctx!));
          }
          case 'VariableSelector': {
            const f = compile(it.variable, columns);
            return (m: Map<string, Value>, _v: Value, r?: Row, ctx?: ExecContext) => void m.set(it.variable.name, f(r!, ctx!));
          }
        }
      });
      return (r, ctx) => {
        const v = obj(r, ctx);
        if (v === null) return null;
        const m = new Map<string, Value>();
        for (const f of items) f(m, v, r, ctx);
        return m;
      };
    }
    case 'PatternComprehension':
    case 'PatternExpression':
    case 'ExistsSubquery':
    case 'CountSubquery':
    case 'CollectSubquery':
      if (subqueries === null) throw cypherError('SyntaxError', 'UnsupportedFeature', `${e.kind} is not supported yet.`);
      return subqueries.compileSubquery(e, columns);
  }
  throw new Error(`internal: unhandled expression ${(e as { kind: string }).kind}`);
}

function compileBinary(e: A.Binary, columns: Columns): Compiled {
  const a = compile(e.left, columns);
  const b = compile(e.right, columns);
  const f = binaryOps[e.operator];
  if (e.operator === 'AND') {
    return (r, ctx) => {
      const x = a(r, ctx);
      if (x === false) return false;
      return op.and(x, b(r, ctx));
    };
  }
  if (e.operator === 'OR') {
    return (r, ctx) => {
      const x = a(r, ctx);
      if (x === true) return true;
      return op.or(x, b(r, ctx));
    };
  }
  return (r, ctx) => f(a(r, ctx), b(r, ctx));
}

const binaryOps: Record<A.BinaryOperator, (a: Value, b: Value) => Value> = {
  OR: op.or,
  XOR: op.xor,
  AND: op.and,
  '+': op.add,
  '-': op.subtract,
  '*': op.multiply,
  '/': op.divide,
  '%': op.modulo,
  '^': op.power,
  IN: op.inList,
  'STARTS WITH': op.startsWith,
  'ENDS WITH': op.endsWith,
  CONTAINS: op.contains,
  '=~': op.regexMatch,
};

function comparator(o: A.ComparisonOperator): (a: Value, b: Value) => Value {
  switch (o) {
    case '=':
      return op.equals;
    case '<>':
      return op.notEquals;
    case '<':
      return op.lessThan;
    case '>':
      return op.greaterThan;
    case '<=':
      return op.lessThanOrEqual;
    case '>=':
      return op.greaterThanOrEqual;
  }
}

function compileCase(e: A.Case, columns: Columns): Compiled {
  const test = e.test ? compile(e.test, columns) : null;
  const alts = e.alternatives.map((a) => [compile(a.when, columns), compile(a.then, columns)] as const);
  const otherwise = e.else ? compile(e.else, columns) : () => null;
  if (test) {
    return (r, ctx) => {
      const t = test(r, ctx);
      for (const [w, th] of alts) if (op.equals(t, w(r, ctx)) === true) return th(r, ctx);
      return otherwise(r, ctx);
    };
  }
  return (r, ctx) => {
    for (const [w, th] of alts) if (w(r, ctx) === true) return th(r, ctx);
    return otherwise(r, ctx);
  };
}

function compileCall(e: A.FunctionCall, columns: Columns): Compiled {
  const name = [...e.namespace, e.name].join('.').toLowerCase();
  const args = e.args.map((a) => compile(a, columns));
  const graphFn = GRAPH_FUNCTIONS[name];
  if (graphFn !== undefined) {
    if (args.length !== 1) throw cypherError('SyntaxError', 'InvalidNumberOfArguments', `Function '${e.name}' takes one argument`);
    const [a] = args as [Compiled];
    return (r, ctx) => graphFn(a(r, ctx), ctx);
  }
  const fn = lookupScalar(name);
  if (fn === undefined) throw cypherError('SyntaxError', 'UnknownFunction', `Unknown function '${[...e.namespace, e.name].join('.')}'`);
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    throw cypherError('SyntaxError', 'InvalidNumberOfArguments', `Insufficient or too many parameters for function '${e.name}'`);
  }
  return (r, ctx) => fn.call(args.map((a) => a(r, ctx)), ctx.fn);
}

/** Functions that need the graph or entity identity; the registry's pure functions do the rest. */
const GRAPH_FUNCTIONS: Record<string, (v: Value, ctx: ExecContext) => Value> = {
  id: (v) => (v === null ? null : v instanceof NodeValue || v instanceof RelationshipValue ? v.id : typeErr('id', v)),
  elementid: (v) => (v === null ? null : v instanceof NodeValue || v instanceof RelationshipValue ? v.elementId : typeErr('elementId', v)),
  labels: (v) => (v === null ? null : v instanceof NodeValue ? [...v.labels] : typeErr('labels', v)),
  type: (v) => (v === null ? null : v instanceof RelationshipValue ? v.type : typeErr('type', v)),
  startnode: (v, ctx) => (v === null ? null : v instanceof GraphRel ? new GraphNode(v.start, v.cache) : v instanceof RelationshipValue ? endpoint(v, ctx, true) : typeErr('startNode', v)),
  endnode: (v, ctx) => (v === null ? null : v instanceof GraphRel ? new GraphNode(v.end, v.cache) : v instanceof RelationshipValue ? endpoint(v, ctx, false) : typeErr('endNode', v)),
  properties: (v) => (v === null ? null : v instanceof Map ? v : v instanceof NodeValue || v instanceof RelationshipValue ? new Map(v.properties) : typeErr('properties', v)),
  keys: (v) => (v === null ? null : v instanceof Map ? [...v.keys()] : v instanceof NodeValue || v instanceof RelationshipValue ? [...v.properties.keys()] : typeErr('keys', v)),
  nodes: (v) => (v === null ? null : v instanceof PathValue ? [...v.nodes] : typeErr('nodes', v)),
  relationships: (v) => (v === null ? null : v instanceof PathValue ? [...v.relationships] : typeErr('relationships', v)),
};

function endpoint(v: RelationshipValue, ctx: ExecContext, start: boolean): Value {
  return new GraphNode(Number(start ? v.startId : v.endId), ctx.cache);
}

function typeErr(fn: string, v: Value): never {
  throw cypherError('TypeError', 'InvalidArgumentType', `Invalid input for function '${fn}()': expected a node, relationship or path, got ${describe(v)}`);
}

export function describe(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return `Integer(${v})`;
  if (typeof v === 'number') return `Float(${v})`;
  if (typeof v === 'string') return `String("${v}")`;
  if (typeof v === 'boolean') return `Boolean(${v})`;
  if (Array.isArray(v)) return 'List';
  if (v instanceof Map) return 'Map';
  return (v as { kind?: string }).kind ?? typeof v;
}

export function property(v: Value, key: string): Value {
  if (v === null) return null;
  if (v instanceof GraphNode || v instanceof GraphRel) return (v.property(key) as Value | undefined) ?? null;
  if (v instanceof NodeValue || v instanceof RelationshipValue) return (v.properties.get(key) as Value | undefined) ?? null;
  if (v instanceof Map) return v.get(key) ?? null;
  const t = temporalProperty(v, key);
  if (t !== undefined) return t;
  throw cypherError('TypeError', 'InvalidArgumentType', `Type mismatch: expected a map, node or relationship but was ${describe(v)}`);
}

function propertiesOf(v: Value): Iterable<[string, Value]> {
  if (v instanceof NodeValue || v instanceof RelationshipValue) return v.properties as Map<string, Value>;
  if (v instanceof Map) return v;
  throw cypherError('TypeError', 'InvalidArgumentType', `Type mismatch: expected a map, node or relationship but was ${describe(v)}`);
}

function subscript(o: Value, i: Value): Value {
  if (o === null || i === null) return null;
  if (Array.isArray(o)) {
    if (typeof i !== 'bigint') throw cypherError('TypeError', 'InvalidArgumentType', `List index must be an INTEGER, got ${describe(i)}`);
    const n = BigInt(o.length);
    const idx = i < 0n ? i + n : i;
    return idx < 0n || idx >= n ? null : (o[Number(idx)] ?? null);
  }
  if (o instanceof Map || o instanceof NodeValue || o instanceof RelationshipValue) {
    if (typeof i !== 'string') throw cypherError('TypeError', 'InvalidArgumentType', `Map key must be a STRING, got ${describe(i)}`);
    return property(o, i);
  }
  throw cypherError('TypeError', 'InvalidArgumentType', `Type mismatch: expected a list or map but was ${describe(o)}`);
}

function slice(o: Value, from: Value | undefined, to: Value | undefined): Value {
  if (o === null || from === null || to === null) return null;
  if (!Array.isArray(o)) throw cypherError('TypeError', 'InvalidArgumentType', `Slicing needs a list, got ${describe(o)}`);
  const n = o.length;
  const norm = (x: Value | undefined, d: number): number => {
    if (x === undefined) return d;
    if (typeof x !== 'bigint') throw cypherError('TypeError', 'InvalidArgumentType', `List slice bounds must be INTEGERs, got ${describe(x)}`);
    const k = Number(x);
    return Math.max(0, Math.min(n, k < 0 ? n + k : k));
  };
  return o.slice(norm(from, 0), norm(to, n));
}

function asList(v: Value, what: string): readonly Value[] {
  if (Array.isArray(v)) return v;
  throw cypherError('TypeError', 'InvalidArgumentType', `${what} needs a list, got ${describe(v)}`);
}

/** A label expression as a test over a set of labels (or one relationship type). */
export function labelTest(l: A.LabelExpression): (labels: readonly string[]) => boolean {
  switch (l.kind) {
    case 'LabelName':
      return (ls) => ls.includes(l.name);
    case 'LabelWildcard':
      return (ls) => ls.length > 0;
    case 'LabelNot': {
      const t = labelTest(l.operand);
      return (ls) => !t(ls);
    }
    case 'LabelAnd': {
      const ts = l.operands.map(labelTest);
      return (ls) => ts.every((t) => t(ls));
    }
    case 'LabelOr': {
      const ts = l.operands.map(labelTest);
      return (ls) => ts.some((t) => t(ls));
    }
  }
}

/** Evaluates a WHERE predicate: only `true` keeps a row. */
export function isTrue(v: Value): boolean {
  if (v === true) return true;
  if (v === false || v === null) return false;
  throw quiverError('TypeError', `A predicate must be a BOOLEAN, got ${describe(v)}`);
}
