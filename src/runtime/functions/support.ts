// Helpers shared by the operators and the function modules: argument checks that raise the errors
// Neo4j raises, Java's number semantics where Cypher inherits them (long casts, Double.toString),
// and the string forms of values (toString(), string concatenation, error messages).
import { cypherError, type QuiverError } from '../../errors.js';
import {
  type CypherMap,
  DateTimeValue,
  DateValue,
  DurationValue,
  INT64_MAX,
  INT64_MIN,
  LocalDateTimeValue,
  LocalTimeValue,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  SRID,
  TimeValue,
  type TemporalValue,
  type Value,
  typeName,
} from '../../values/types.js';
import type { FunctionContext, ScalarFunction } from './registry.js';
import { temporalToString } from './temporal/format.js';

/** Shorthand for a registry entry; `deterministic` defaults to true. */
export function scalar(
  name: string,
  minArgs: number,
  maxArgs: number,
  call: (args: readonly Value[], ctx: FunctionContext) => Value,
  deterministic = true,
): ScalarFunction {
  return { name: name.toLowerCase(), minArgs, maxArgs, deterministic, call };
}

// ---------------------------------------------------------------------------------------------
// Type tests

/** INTEGER or FLOAT. */
export function isNumber(v: Value): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** A LIST (any readonly array). */
export function isList(v: Value): v is readonly Value[] {
  return Array.isArray(v);
}

/** A MAP. */
export function isMap(v: Value): v is CypherMap {
  return v instanceof Map;
}

/** A temporal instant type or a DURATION. */
export function isTemporal(v: Value): v is TemporalValue {
  return (
    v instanceof DateValue ||
    v instanceof LocalTimeValue ||
    v instanceof TimeValue ||
    v instanceof LocalDateTimeValue ||
    v instanceof DateTimeValue ||
    v instanceof DurationValue
  );
}

/** Values Neo4j calls storable (`Value` rather than `VirtualValue`), minus byte arrays. */
export function isStorableScalar(v: Value): boolean {
  return (
    typeof v === 'boolean' || isNumber(v) || typeof v === 'string' || isTemporal(v) || v instanceof PointValue
  );
}

// ---------------------------------------------------------------------------------------------
// Errors

/** A function got an argument of a type it does not accept (the kit's runtime InvalidArgumentValue). */
export function argTypeError(fn: string, expected: string, got: Value): QuiverError {
  return cypherError(
    'TypeError',
    'InvalidArgumentValue',
    `Invalid input for function '${fn}()': Expected ${expected}, got: ${describe(got)}`,
  );
}

/** The error for an INTEGER result outside int64. */
export function overflow(): QuiverError {
  return cypherError('ArithmeticError', 'IntegerOverflow', 'long overflow');
}

/** Checks that an exact integer result fits in int64 (Cypher INTEGER); overflow is an error. */
export function checkedInt(n: bigint): bigint {
  if (n < INT64_MIN || n > INT64_MAX) throw overflow();
  return n;
}

// ---------------------------------------------------------------------------------------------
// Java number semantics

const TWO_63 = 2 ** 63;

/** Java's `(long) d`: truncates toward zero, saturates at the int64 bounds, NaN becomes 0. */
export function javaLongCast(d: number): bigint {
  if (d !== d) return 0n;
  if (d >= TWO_63) return INT64_MAX;
  if (d <= -TWO_63) return INT64_MIN;
  return BigInt(Math.trunc(d));
}

/** Neo4j's `NumberValue.longValue()`: integers as they are, floats by Java's long cast. */
export function numberToLong(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : javaLongCast(v);
}

/** Reads a numeric argument as an int64 the way Neo4j's `asLong` does (floats truncate). */
export function asLong(fn: string, what: string, v: Value): bigint {
  if (!isNumber(v)) {
    throw cypherError(
      'TypeError',
      'InvalidArgumentValue',
      `Invalid input for ${what} value in function '${fn}()': Expected a numeric value but got: ${describe(v)}`,
    );
  }
  return numberToLong(v);
}

/** Like asLong, but the value must fit in a Java int (string offsets and lengths). */
export function asInt(fn: string, what: string, v: Value): number {
  const n = asLong(fn, what, v);
  if (n < -(2n ** 31n) || n > 2n ** 31n - 1n) {
    throw cypherError(
      'ArgumentError',
      'NumberOutOfRange',
      `Invalid input for ${what} value in function '${fn}()': Expected an integer between -2147483648 and 2147483647, but got: ${n}`,
    );
  }
  return Number(n);
}

/** Java's `Double.toString`: `1.0`, `0.001`, `1.0E7`, `1.5E-5`, `NaN`, `Infinity`, `-0.0`. */
export function formatFloat(d: number): string {
  if (d !== d) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

// ---------------------------------------------------------------------------------------------
// String forms

const CRS_NAMES: Record<number, string> = {
  [SRID.cartesian]: 'cartesian',
  [SRID.cartesian3d]: 'cartesian-3d',
  [SRID.wgs84]: 'wgs-84',
  [SRID.wgs843d]: 'wgs-84-3d',
};

/** `point({x: 1.0, y: 2.0, crs: 'cartesian'})`, as Neo4j prints a point. */
export function formatPoint(p: PointValue): string {
  const z = p.z === undefined ? '' : `, z: ${formatFloat(p.z)}`;
  const crs = CRS_NAMES[p.srid] ?? `srid-${p.srid}`;
  return `point({x: ${formatFloat(p.x)}, y: ${formatFloat(p.y)}${z}, crs: '${crs}'})`;
}

/**
 * The STRING form of a storable scalar: what `toString()` returns and what `+` appends to a
 * string. Returns undefined for values without one (lists, maps, entities, bytes).
 */
export function scalarToString(v: Value): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof PointValue) return formatPoint(v);
  if (isTemporal(v)) return temporalToString(v);
  return undefined;
}

/** A Cypher-literal-like rendering for error messages: `'abc'`, `[1, 2.0]`, `{a: null}`, `(:L)`. */
export function describe(v: Value, depth = 0): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.length > 100 ? `${v.slice(0, 100)}...` : v}'`;
  const s = scalarToString(v);
  if (s !== undefined) return s;
  if (depth > 3) return '...';
  if (Array.isArray(v)) {
    const items = v.slice(0, 10).map((x) => describe(x, depth + 1));
    return `[${items.join(', ')}${v.length > 10 ? ', ...' : ''}]`;
  }
  if (v instanceof Map) {
    const items = [...v].slice(0, 10).map(([k, x]) => `${k}: ${describe(x, depth + 1)}`);
    return `{${items.join(', ')}${v.size > 10 ? ', ...' : ''}}`;
  }
  if (v instanceof NodeValue) return `(${v.labels.map((l) => `:${l}`).join('')})`;
  if (v instanceof RelationshipValue) return `[:${v.type}]`;
  if (v instanceof PathValue) return `<path of length ${v.relationships.length}>`;
  return typeName(v);
}

// ---------------------------------------------------------------------------------------------
// Strings by code point (Cypher counts Unicode characters, not UTF-16 units)

const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether s has UTF-16 surrogates (so code points and units differ). */
export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** The number of Unicode characters (code points) in s. */
export function codePointLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The code points [start, start + length) of s, clamped to its end. */
export function codePointSlice(s: string, start: number, length = Infinity): string {
  if (!hasSurrogates(s)) return s.substring(start, start + Math.min(length, s.length));
  return Array.from(s)
    .slice(start, start + Math.min(length, s.length))
    .join('');
}

/** Java's `Character.isWhitespace`, which Neo4j's trim functions use. */
export function isJavaWhitespace(cp: number): boolean {
  if (cp <= 0x20) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
  return (
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a && cp !== 0x2007) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** Strips code points matching `strip` from the left and/or right end of s. */
export function trimCodePoints(s: string, left: boolean, right: boolean, strip: (cp: number) => boolean): string {
  if (!hasSurrogates(s)) {
    let start = 0;
    let end = s.length;
    if (left) while (start < end && strip(s.charCodeAt(start))) start++;
    if (right) while (end > start && strip(s.charCodeAt(end - 1))) end--;
    return s.slice(start, end);
  }
  const cps = Array.from(s);
  let start = 0;
  let end = cps.length;
  if (left) while (start < end && strip(cps[start]!.codePointAt(0)!)) start++;
  if (right) while (end > start && strip(cps[end - 1]!.codePointAt(0)!)) end--;
  return cps.slice(start, end).join('');
}
