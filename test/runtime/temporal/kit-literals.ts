// A small evaluator for the openCypher kit's temporal queries, so that the kit's scenarios can run
// as value-level data tests without the rest of the engine: literals (numbers, strings, booleans,
// null, lists, maps), variables, property access, function calls through the registry, the
// arithmetic operators (through the temporal hook) and comparisons. Queries are sequences of
// `WITH expr AS name, ...` clauses (which keep earlier bindings) ending in `RETURN expr [AS name], ...`.
import { lookupScalar, type FunctionContext } from '../../../src/runtime/functions/registry.js';
import { temporalArithmetic } from '../../../src/runtime/functions/temporal/arithmetic.js';
import { temporalProperty } from '../../../src/runtime/functions/temporal/accessors.js';
import { temporalToString } from '../../../src/runtime/functions/temporal/format.js';
import { isTemporal } from '../../../src/runtime/functions/temporal/common.js';
import { pointToString } from '../../../src/runtime/functions/spatial.js';
import { compareValues, typeRank } from '../../../src/values/compare.js';
import { PointValue, Temporal, type Value } from '../../../src/values/types.js';
import '../../../src/runtime/functions/temporal/index.js';
import '../../../src/runtime/functions/spatial.js';

type Token = { t: 'num' | 'str' | 'id' | 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\d+\.\d+|\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)|(<>|<=|>=|[-+*/=<>(){}\[\],.:]))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length && (m = re.exec(src))) {
    if (m[1] !== undefined) out.push({ t: 'num', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'str', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'id', v: m[4] });
    else if (m[5] !== undefined) out.push({ t: 'op', v: m[5] });
    if (/^\s*$/.test(src.slice(re.lastIndex))) break;
  }
  if (re.lastIndex < src.length && !/^\s*$/.test(src.slice(re.lastIndex))) {
    throw new Error(`cannot tokenize at: ${src.slice(re.lastIndex)}`);
  }
  return out;
}

type Env = Map<string, Value>;

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly env: Env,
    private readonly ctx: FunctionContext,
  ) {}
  peek(): Token | undefined {
    return this.toks[this.i];
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }
  isKeyword(k: string): boolean {
    const t = this.peek();
    return t?.t === 'id' && t.v.toUpperCase() === k;
  }
  next(): Token {
    const t = this.toks[this.i++];
    if (!t) throw new Error('unexpected end of input');
    return t;
  }
  expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new Error(`expected ${v}, got ${t.v}`);
  }
  expr(): Value {
    const left = this.additive();
    const t = this.peek();
    if (t?.t === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(t.v)) {
      this.i++;
      return compare(t.v, left, this.additive());
    }
    return left;
  }
  additive(): Value {
    let v = this.multiplicative();
    for (let t = this.peek(); t?.t === 'op' && (t.v === '+' || t.v === '-'); t = this.peek()) {
      this.i++;
      v = arith(t.v as '+' | '-', v, this.multiplicative());
    }
    return v;
  }
  multiplicative(): Value {
    let v = this.unary();
    for (let t = this.peek(); t?.t === 'op' && (t.v === '*' || t.v === '/'); t = this.peek()) {
      this.i++;
      v = arith(t.v as '*' | '/', v, this.unary());
    }
    return v;
  }
  unary(): Value {
    const t = this.peek();
    if (t?.t === 'op' && t.v === '-') {
      this.i++;
      const v = this.unary();
      if (typeof v === 'bigint') return -v;
      if (typeof v === 'number') return -v;
      return arith('*', v, -1n);
    }
    return this.postfix();
  }
  postfix(): Value {
    let v = this.primary();
    while (this.peek()?.v === '.') {
      this.i++;
      v = property(v, this.next().v);
    }
    return v;
  }
  primary(): Value {
    const t = this.next();
    if (t.t === 'num') return t.v.includes('.') ? Number(t.v) : BigInt(t.v);
    if (t.t === 'str') return t.v.replace(/\\(.)/g, '$1');
    if (t.v === '(') {
      const v = this.expr();
      this.expect(')');
      return v;
    }
    if (t.v === '[') {
      const items: Value[] = [];
      if (this.peek()?.v !== ']') {
        do items.push(this.expr());
        while (this.peek()?.v === ',' && this.next());
      }
      this.expect(']');
      return items;
    }
    if (t.v === '{') {
      const m = new Map<string, Value>();
      if (this.peek()?.v !== '}') {
        do {
          const k = this.next().v;
          this.expect(':');
          m.set(k, this.expr());
        } while (this.peek()?.v === ',' && this.next());
      }
      this.expect('}');
      return m;
    }
    if (t.t === 'id') {
      const lower = t.v.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      // A dotted function name, or a variable followed by property accesses.
      let j = this.i;
      const parts = [t.v];
      while (this.toks[j]?.v === '.' && this.toks[j + 1]?.t === 'id') {
        parts.push(this.toks[j + 1]!.v);
        j += 2;
      }
      for (let n = parts.length; n >= 1; n--) {
        const after = this.i + (n - 1) * 2;
        if (this.toks[after]?.v === '(') {
          this.i = after + 1;
          const args: Value[] = [];
          if (this.peek()?.v !== ')') {
            do args.push(this.expr());
            while (this.peek()?.v === ',' && this.next());
          }
          this.expect(')');
          return callFunction(parts.slice(0, n).join('.'), args, this.ctx);
        }
      }
      if (!this.env.has(t.v)) throw new Error(`unknown variable ${t.v}`);
      return this.env.get(t.v)!;
    }
    throw new Error(`unexpected token ${t.v}`);
  }
  /** `expr [AS name]` items separated by commas, up to a clause keyword or the end. */
  items(): [string, Value][] {
    const out: [string, Value][] = [];
    do {
      const start = this.i;
      const v = this.expr();
      let name = this.toks.slice(start, this.i).map((x) => x.v).join('');
      if (this.isKeyword('AS')) {
        this.i++;
        name = this.next().v;
      }
      out.push([name, v]);
    } while (this.peek()?.v === ',' && this.next());
    return out;
  }
}

function callFunction(name: string, args: Value[], ctx: FunctionContext): Value {
  if (name.toLowerCase() === 'tostring') return args[0] === null ? null : displayString(args[0]!);
  const f = lookupScalar(name);
  if (!f) throw new Error(`unknown function ${name}`);
  return f.call(args, ctx);
}

function property(v: Value, key: string): Value {
  if (v === null) return null;
  if (v instanceof Map) return v.get(key) ?? null;
  const r = temporalProperty(v, key);
  if (r === undefined) throw new Error(`no property ${key} on ${String(v)}`);
  return r;
}

function arith(op: '+' | '-' | '*' | '/', a: Value, b: Value): Value {
  const r = temporalArithmetic(op, a, b);
  if (r === undefined) throw new Error(`non-temporal arithmetic ${op}`);
  return r;
}

function compare(op: string, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  const sameType = typeRank(a) === typeRank(b);
  if (op === '=') return sameType && compareValues(a, b) === 0;
  if (op === '<>') return !(sameType && compareValues(a, b) === 0);
  if (!sameType) return null;
  const c = compareValues(a, b);
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

/** A value's string form for comparison with the kit's expected cells. */
export function displayString(v: Value): string {
  if (isTemporal(v)) return temporalToString(v);
  if (v instanceof PointValue) return pointToString(v);
  return String(v);
}

export const KIT_CONTEXT: FunctionContext = {
  statementInstant: Temporal.Instant.from('2024-05-06T07:08:09.123456789Z'),
  defaultTimeZone: 'UTC',
  random: () => 0.5,
};

/** Evaluates one expression (no clauses) in an environment. */
export function evaluate(src: string, env: Env = new Map(), ctx: FunctionContext = KIT_CONTEXT): Value {
  const p = new Parser(tokenize(src), env, ctx);
  const v = p.expr();
  if (!p.atEnd()) throw new Error(`trailing input in ${src}`);
  return v;
}

/** Runs `WITH ... [WITH ...] RETURN ...` and returns the returned row's values. */
export function runQuery(src: string, ctx: FunctionContext = KIT_CONTEXT): Value[] {
  const env: Env = new Map();
  const p = new Parser(tokenize(src), env, ctx);
  for (;;) {
    if (p.isKeyword('WITH')) {
      p.next();
      for (const [k, v] of p.items()) env.set(k, v);
    } else if (p.isKeyword('RETURN')) {
      p.next();
      const row = p.items().map(([, v]) => v);
      if (!p.atEnd()) throw new Error(`trailing input in ${src}`);
      return row;
    } else {
      throw new Error(`unsupported clause at ${p.peek()?.v} in ${src}`);
    }
  }
}

/** Does a value match one expected cell of the kit (`'1984-10-11'`, `1984`, `['a']`, `null`)? */
export function matchesCell(actual: Value, expectedCell: string): boolean {
  return matches(actual, evaluate(expectedCell));
}

function matches(actual: Value, expected: Value): boolean {
  if (expected === null) return actual === null;
  if (typeof expected === 'string') return actual !== null && (typeof actual === 'string' ? actual === expected : displayString(actual) === expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e: Value, i) => matches(actual[i] as Value, e));
  }
  if (typeof expected === 'bigint') return typeof actual === 'bigint' && actual === expected;
  if (typeof expected === 'number') return typeof actual === 'number' && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  return actual === expected;
}
