// Cypher's value operators with Neo4j 5 semantics: arithmetic (int64 with overflow as an error,
// int/float mixing, string and list concatenation), three-valued logic, equality (`=`), comparison
// (`<` and friends, which unlike ORDER BY's total order yield null for incomparable values), IN,
// the string predicates and `=~`. Temporal arithmetic is delegated to the temporal module's hook.
//
// Null propagation: every operator returns null when an operand is null, except AND/OR (where
// false/true decide), IN (which is false for an empty list) and integer division by zero, which
// Neo4j reports even when the dividend is null.
import { cypherError } from '../errors.js';
import { compareFloats, compareNumbers, compareStrings, compareBytes, compareValues } from '../values/compare.js';
import {
  type CypherMap,
  DurationValue,
  INT64_MIN,
  NodeValue,
  PathValue,
  RelationshipValue,
  type StructValue,
  type Value,
  typeName,
} from '../values/types.js';
import { temporalArithmetic } from './functions/temporal/arithmetic.js';
import { checkedInt, isNumber, isStorableScalar, isTemporal, overflow, scalarToString } from './functions/support.js';
import { javaRegexMatches } from './regex.js';

/** Cypher's three-valued logic: true, false or unknown (null). */
export type Ternary = boolean | null;

function typeMismatch(message: string): never {
  throw cypherError('TypeError', 'InvalidArgumentType', message);
}

function divisionByZero(): never {
  throw cypherError('ArithmeticError', 'DivisionByZero', '/ by zero');
}

function viaTemporal(op: '+' | '-' | '*' | '/', a: Value, b: Value): Value | undefined {
  return isTemporal(a) || isTemporal(b) ? temporalArithmetic(op, a, b) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/**
 * `a + b`: numbers add (INTEGER overflow is an error, any FLOAT makes a FLOAT); lists concatenate,
 * and a list plus a non-list appends or prepends it; a string plus a string or any other storable
 * scalar concatenates its string form (`'a' + 1` is `'a1'`); temporal values go to the temporal hook.
 */
export function add(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a + b);
  if (isNumber(a) && isNumber(b)) return Number(a) + Number(b);
  const la = Array.isArray(a);
  const lb = Array.isArray(b);
  if (la && lb) return [...(a as readonly Value[]), ...(b as readonly Value[])];
  if (la) return [...(a as readonly Value[]), b];
  if (lb) return [a, ...(b as readonly Value[])];
  if (typeof a === 'string' && (typeof b === 'string' || isStorableScalar(b))) return a + scalarToString(b)!;
  if (typeof b === 'string' && isStorableScalar(a)) return scalarToString(a)! + b;
  const t = viaTemporal('+', a, b);
  if (t !== undefined) return t;
  return typeMismatch(`Cannot add \`${typeName(a)}\` and \`${typeName(b)}\``);
}

/** `a - b`: numbers, and temporal values via the temporal hook. */
export function subtract(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a - b);
  if (isNumber(a) && isNumber(b)) return Number(a) - Number(b);
  const t = viaTemporal('-', a, b);
  if (t !== undefined) return t;
  return typeMismatch(`Cannot subtract \`${typeName(b)}\` from \`${typeName(a)}\``);
}

/** `a * b`: numbers, and durations times numbers via the temporal hook. */
export function multiply(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a * b);
  if (isNumber(a) && isNumber(b)) return Number(a) * Number(b);
  const t = viaTemporal('*', a, b);
  if (t !== undefined) return t;
  return typeMismatch(`Cannot multiply \`${typeName(a)}\` and \`${typeName(b)}\``);
}

/**
 * `a / b`: INTEGER / INTEGER truncates toward zero and raises `/ by zero` for a zero divisor (even
 * when `a` is null, as Neo4j checks the divisor first); any FLOAT gives IEEE division
 * (`1 / 0.0` is Infinity, `0.0 / 0.0` NaN).
 */
export function divide(a: Value, b: Value): Value {
  if (b === 0n) divisionByZero();
  if (a === null || b === null) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (a === INT64_MIN && b === -1n) throw overflow();
    return a / b;
  }
  if (isNumber(a) && isNumber(b)) return Number(a) / Number(b);
  const t = viaTemporal('/', a, b);
  if (t !== undefined) return t;
  return typeMismatch(`Cannot divide \`${typeName(a)}\` by \`${typeName(b)}\``);
}

/** `a % b`: Java's remainder (sign of the dividend); INTEGER % 0 raises `/ by zero`. */
export function modulo(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) divisionByZero();
    return a % b;
  }
  if (isNumber(a) && isNumber(b)) return Number(a) % Number(b);
  return typeMismatch(`Cannot calculate modulus of \`${typeName(a)}\` and \`${typeName(b)}\``);
}

/** `a ^ b`: always FLOAT (`2 ^ 3` is 8.0). */
export function power(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (isNumber(a) && isNumber(b)) return Number(a) ** Number(b);
  return typeMismatch(`Cannot raise \`${typeName(a)}\` to the power of \`${typeName(b)}\``);
}

/** Unary `-a`: numbers (negating the minimum INTEGER overflows) and durations. */
export function negate(a: Value): Value {
  if (a === null) return null;
  if (typeof a === 'bigint') return checkedInt(-a);
  if (typeof a === 'number') return -a;
  if (a instanceof DurationValue) {
    const t = temporalArithmetic('*', a, -1n);
    if (t !== undefined) return t;
  }
  return typeMismatch(`Cannot negate \`${typeName(a)}\``);
}

/** Unary `+a`: the number itself. */
export function unaryPlus(a: Value): Value {
  if (a === null || isNumber(a)) return a;
  if (a instanceof DurationValue) return a;
  return typeMismatch(`Cannot apply unary plus to \`${typeName(a)}\``);
}

/** `a || b` (GQL concatenation): strings with strings, lists with lists. */
export function concatenate(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...(a as readonly Value[]), ...(b as readonly Value[])];
  return typeMismatch(`Cannot concatenate \`${typeName(a)}\` and \`${typeName(b)}\``);
}

// ---------------------------------------------------------------------------------------------
// Boolean logic

/** Reads an operand of a boolean operator; anything but a boolean or null is a type error. */
export function toTernary(v: Value, operator = 'boolean operator'): Ternary {
  if (v === null || typeof v === 'boolean') return v;
  return typeMismatch(`Expected a BOOLEAN operand for ${operator}, got ${typeName(v)}`);
}

/** `a AND b`: false if either is false, else null if either is null, else true. */
export function and(a: Value, b: Value): Ternary {
  const x = toTernary(a, 'AND');
  const y = toTernary(b, 'AND');
  if (x === false || y === false) return false;
  return x === null || y === null ? null : true;
}

/** `a OR b`: true if either is true, else null if either is null, else false. */
export function or(a: Value, b: Value): Ternary {
  const x = toTernary(a, 'OR');
  const y = toTernary(b, 'OR');
  if (x === true || y === true) return true;
  return x === null || y === null ? null : false;
}

/** `a XOR b`: null if either is null. */
export function xor(a: Value, b: Value): Ternary {
  const x = toTernary(a, 'XOR');
  const y = toTernary(b, 'XOR');
  return x === null || y === null ? null : x !== y;
}

/** `NOT a`: null stays null. */
export function not(a: Value): Ternary {
  const x = toTernary(a, 'NOT');
  return x === null ? null : !x;
}

/**
 * WHERE keeps a row only when its predicate is true (null and false both drop it). Like Neo4j's
 * CoerceToPredicate, a list counts as true when non-empty; other non-booleans are a type error.
 */
export function isTruthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return toTernary(v, 'a predicate') === true;
}

// ---------------------------------------------------------------------------------------------
// Equality

/**
 * Cypher `=`. Null if either side is null; numbers by mathematical value (`1 = 1.0`), NaN equal to
 * nothing; lists and maps element-wise, where a definite difference makes them unequal and
 * otherwise a null element makes the result null (`[1, 2] = [null, 2]` is null, `[1] = [1, null]`
 * false); nodes and relationships by identity; paths by their entities; values of different types
 * are unequal.
 */
export function equals(a: Value, b: Value): Ternary {
  if (a === null || b === null) return null;
  switch (typeof a) {
    case 'bigint':
      return typeof b === 'bigint' ? a === b : typeof b === 'number' ? b === b && compareNumbers(a, b) === 0 : false;
    case 'number':
      return isNumber(b) ? a === a && (typeof b === 'number' ? a === b : compareNumbers(a, b) === 0) : false;
    case 'string':
    case 'boolean':
      return a === b;
  }
  if (Array.isArray(a)) return Array.isArray(b) ? listEquals(a, b) : false;
  if (a instanceof Map) return b instanceof Map ? mapEquals(a, b) : false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && compareBytes(a, b) === 0;
  if (typeof b !== 'object' || b instanceof Uint8Array || Array.isArray(b) || b instanceof Map) return false;
  const sa = a as StructValue;
  const sb = b as StructValue;
  if (sa.kind !== sb.kind) return false;
  if (sa instanceof NodeValue || sa instanceof RelationshipValue) {
    return sa.elementId === (sb as NodeValue | RelationshipValue).elementId;
  }
  if (sa instanceof PathValue) return pathEquals(sa, sb as PathValue);
  return compareValues(sa, sb) === 0;
}

/** Cypher `<>`: the negation of `=`, null stays null. */
export function notEquals(a: Value, b: Value): Ternary {
  const e = equals(a, b);
  return e === null ? null : !e;
}

function listEquals(a: readonly Value[], b: readonly Value[]): Ternary {
  if (a.length !== b.length) return false;
  let unknown = false;
  for (let i = 0; i < a.length; i++) {
    const e = equals(a[i]!, b[i]!);
    if (e === false) return false;
    if (e === null) unknown = true;
  }
  return unknown ? null : true;
}

function mapEquals(a: CypherMap, b: CypherMap): Ternary {
  if (a.size !== b.size) return false;
  for (const k of a.keys()) if (!b.has(k)) return false;
  let unknown = false;
  for (const [k, v] of a) {
    const e = equals(v, b.get(k)!);
    if (e === false) return false;
    if (e === null) unknown = true;
  }
  return unknown ? null : true;
}

function pathEquals(a: PathValue, b: PathValue): boolean {
  if (a.nodes.length !== b.nodes.length || a.relationships.length !== b.relationships.length) return false;
  for (let i = 0; i < a.nodes.length; i++) if (a.nodes[i]!.elementId !== b.nodes[i]!.elementId) return false;
  for (let i = 0; i < a.relationships.length; i++) {
    if (a.relationships[i]!.elementId !== b.relationships[i]!.elementId) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Result of comparing for `<`: an order, `'nan'` (numbers, but NaN: every test false), or null. */
type Order = -1 | 0 | 1 | 'nan' | null;

const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

/**
 * Comparability (Neo4j 5): numbers with numbers, strings with strings, booleans with booleans,
 * temporal instants of the same type, lists lexicographically (an incomparable or null element
 * decides the result as null); everything else -- including durations, points, maps and entities
 * -- is incomparable.
 */
function ternaryCompare(a: Value, b: Value): Order {
  if (a === null || b === null) return null;
  const ta = typeof a;
  if (ta === 'number' || ta === 'bigint') {
    if (!isNumber(b)) return null;
    if ((ta === 'number' && a !== a) || (typeof b === 'number' && b !== b)) return 'nan';
    return sign(typeof a === 'number' && typeof b === 'number' ? compareFloats(a, b) : compareNumbers(a as number | bigint, b));
  }
  if (ta === 'string') return typeof b === 'string' ? sign(compareStrings(a as string, b)) : null;
  if (ta === 'boolean') return typeof b === 'boolean' ? sign(Number(a) - Number(b)) : null;
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return null;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = ternaryCompare(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return sign(a.length - b.length);
  }
  if (a instanceof Uint8Array) return b instanceof Uint8Array ? sign(compareBytes(a, b)) : null;
  if (isTemporal(a) && !(a instanceof DurationValue)) {
    return isTemporal(b) && (b as StructValue).kind === a.kind ? sign(compareValues(a, b)) : null;
  }
  return null;
}

/** `a < b`: null when the values are not comparable (see ternaryCompare); false with NaN. */
export function lessThan(a: Value, b: Value): Ternary {
  const c = ternaryCompare(a, b);
  return c === null ? null : c !== 'nan' && c < 0;
}

/** `a <= b`: null when the values are not comparable (see ternaryCompare); false with NaN. */
export function lessThanOrEqual(a: Value, b: Value): Ternary {
  const c = ternaryCompare(a, b);
  return c === null ? null : c !== 'nan' && c <= 0;
}

/** `a > b`: null when the values are not comparable (see ternaryCompare); false with NaN. */
export function greaterThan(a: Value, b: Value): Ternary {
  const c = ternaryCompare(a, b);
  return c === null ? null : c !== 'nan' && c > 0;
}

/** `a >= b`: null when the values are not comparable (see ternaryCompare); false with NaN. */
export function greaterThanOrEqual(a: Value, b: Value): Ternary {
  const c = ternaryCompare(a, b);
  return c === null ? null : c !== 'nan' && c >= 0;
}

// ---------------------------------------------------------------------------------------------
// IN and string predicates

/**
 * `x IN list`: true if some element equals x; otherwise null if some comparison was unknown
 * (a null element, or x null and the list non-empty); otherwise false. `x IN null` is null.
 */
export function inList(x: Value, list: Value): Ternary {
  if (list === null) return null;
  if (!Array.isArray(list)) return typeMismatch(`Expected a LIST for the right-hand side of IN, got ${typeName(list)}`);
  let unknown = false;
  for (const e of list as readonly Value[]) {
    const r = equals(x, e);
    if (r === true) return true;
    if (r === null) unknown = true;
  }
  return unknown ? null : false;
}

/** `a STARTS WITH b`: null unless both are strings. */
export function startsWith(a: Value, b: Value): Ternary {
  return typeof a === 'string' && typeof b === 'string' ? a.startsWith(b) : null;
}

/** `a ENDS WITH b`: null unless both are strings. */
export function endsWith(a: Value, b: Value): Ternary {
  return typeof a === 'string' && typeof b === 'string' ? a.endsWith(b) : null;
}

/** `a CONTAINS b`: null unless both are strings. */
export function contains(a: Value, b: Value): Ternary {
  return typeof a === 'string' && typeof b === 'string' ? a.includes(b) : null;
}

/** `a =~ b`: whole-string match of the Java regex b; null unless both are strings. */
export function regexMatch(a: Value, b: Value): Ternary {
  return typeof a === 'string' && typeof b === 'string' ? javaRegexMatches(a, b) : null;
}

/** The binary operators by their Cypher spelling, for evaluators that dispatch on a token. */
export const BINARY_OPERATORS: Readonly<Record<string, (a: Value, b: Value) => Value>> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
  '%': modulo,
  '^': power,
  '||': concatenate,
  '=': equals,
  '<>': notEquals,
  '<': lessThan,
  '<=': lessThanOrEqual,
  '>': greaterThan,
  '>=': greaterThanOrEqual,
  AND: and,
  OR: or,
  XOR: xor,
  IN: inList,
  'STARTS WITH': startsWith,
  'ENDS WITH': endsWith,
  CONTAINS: contains,
  '=~': regexMatch,
};
