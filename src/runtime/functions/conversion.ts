// Type conversion functions with Neo4j 5's exact rules (CypherFunctions.toInteger & co.):
// - toInteger: floats truncate (Java long cast), booleans give 1/0, strings parse as a Java long
//   or else as a BigDecimal truncated toward zero ('3.9' -> 3, '1e3' -> 1000); unparsable strings
//   give null, numerals outside int64 are an error; no whitespace, no hex.
// - toFloat: strings parse as Java's Double.parseDouble (surrounding whitespace allowed, 'NaN',
//   'Infinity', a trailing f/d); booleans are an error.
// - toBoolean: strings 'true'/'false' in any case after trimming, integers by != 0.
// - toString: numbers, booleans, strings, temporal values, durations and points.
// The *OrNull forms return null instead of raising; the *List forms map the OrNull form.
import { cypherError } from '../../errors.js';
import { INT64_MAX, INT64_MIN, type Value } from '../../values/types.js';
import { registerScalar } from './registry.js';
import {
  argTypeError,
  describe,
  isJavaWhitespace,
  javaLongCast,
  scalar,
  scalarToString,
  trimCodePoints,
} from './support.js';

// ---------------------------------------------------------------------------------------------
// Parsing

const JAVA_LONG = /^[+-]?\d+$/;
const BIG_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A string as Neo4j's toInteger reads it: a Java long, else a BigDecimal truncated toward zero.
 * Returns null when it is not a number; throws when it is a number outside int64.
 */
export function parseCypherInteger(s: string): bigint | null {
  if (JAVA_LONG.test(s)) {
    const n = BigInt(s);
    if (n >= INT64_MIN && n <= INT64_MAX) return n;
  }
  const m = BIG_DECIMAL.exec(s);
  if (m === null) return null;
  const [, sign, intPart = '', fracPart = '', expPart] = m;
  if (intPart === '' && fracPart === '') return null;
  const digits = (intPart + fracPart).replace(/^0+/, '');
  const exp = expPart === undefined ? 0 : Number(expPart);
  let n = 0n;
  if (digits !== '') {
    // value = digits * 10^(exp - fracPart.length); integer digits = digits.length + that power
    const scale = fracPart.length - exp;
    const integerDigits = digits.length - scale;
    if (integerDigits > 19) throw tooLarge(s);
    if (integerDigits > 0) n = scale <= 0 ? BigInt(digits) * 10n ** BigInt(-scale) : BigInt(digits.slice(0, integerDigits));
  }
  if (sign === '-') n = -n;
  if (n < INT64_MIN || n > INT64_MAX) throw tooLarge(s);
  return n;
}

function tooLarge(s: string): Error {
  return cypherError('TypeError', 'InvalidArgumentValue', `integer, ${s}, is too large`);
}

const JAVA_DECIMAL = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const JAVA_HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)[fFdD]?$/;

/** Java's `Double.parseDouble`: null where it would throw NumberFormatException. */
export function parseJavaDouble(input: string): number | null {
  let start = 0;
  let end = input.length;
  while (start < end && input.charCodeAt(start) <= 0x20) start++;
  while (end > start && input.charCodeAt(end - 1) <= 0x20) end--;
  const s = input.slice(start, end);
  if (JAVA_DECIMAL.test(s)) return Number(s.replace(/[fFdD]$/, ''));
  const h = JAVA_HEX_FLOAT.exec(s);
  if (h === null) return null;
  const [, sign, intHex = '', fracHex = '', exp] = h;
  if (intHex === '' && fracHex === '') return null;
  let mantissa = 0;
  for (const c of intHex + fracHex) mantissa = mantissa * 16 + parseInt(c, 16);
  const value = mantissa * 2 ** (Number(exp) - 4 * fracHex.length);
  return sign === '-' ? -value : value;
}

// ---------------------------------------------------------------------------------------------
// Conversions

/** toInteger(): see the rules at the top of this file. */
export function toInteger(v: Value): Value {
  if (v === null || typeof v === 'bigint') return v;
  if (typeof v === 'number') return javaLongCast(v);
  if (typeof v === 'string') return parseCypherInteger(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw argTypeError('toInteger', 'a String, Float, Integer or Boolean', v);
}

/** toIntegerOrNull(): null instead of an error. */
export function toIntegerOrNull(v: Value): Value {
  if (typeof v === 'string') {
    try {
      return parseCypherInteger(v);
    } catch {
      return null;
    }
  }
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? toInteger(v) : null;
}

/** toFloat(): see the rules at the top of this file. */
export function toFloat(v: Value): Value {
  if (v === null || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return parseJavaDouble(v);
  throw argTypeError('toFloat', 'a String, Float or Integer', v);
}

/** toFloatOrNull(): null instead of an error. */
export function toFloatOrNull(v: Value): Value {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' ? toFloat(v) : null;
}

/** toBoolean(): see the rules at the top of this file. */
export function toBoolean(v: Value): Value {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = trimCodePoints(v, true, true, isJavaWhitespace).toLowerCase();
    return t === 'true' ? true : t === 'false' ? false : null;
  }
  if (typeof v === 'bigint') return v !== 0n;
  throw argTypeError('toBoolean', 'a Boolean, Integer or String', v);
}

/** toBooleanOrNull(): null instead of an error. */
export function toBooleanOrNull(v: Value): Value {
  return typeof v === 'boolean' || typeof v === 'string' || typeof v === 'bigint' ? toBoolean(v) : null;
}

/** toString(): the value's STRING form (see scalarToString); lists, maps and entities are errors. */
export function toStringValue(v: Value): Value {
  if (v === null) return null;
  const s = scalarToString(v);
  if (s === undefined) {
    throw argTypeError('toString', 'a String, Float, Integer, Boolean, Temporal, Duration or Point', v);
  }
  return s;
}

/** toStringOrNull(): null instead of an error. */
export function toStringOrNull(v: Value): Value {
  return v === null ? null : (scalarToString(v) ?? null);
}

function listOf(fn: string, convert: (v: Value) => Value): (args: readonly Value[]) => Value {
  return ([v]) => {
    if (v === null || v === undefined) return null;
    if (!Array.isArray(v)) {
      throw cypherError('TypeError', 'InvalidArgumentValue', `Invalid input for function '${fn}()': Expected a List, got: ${describe(v)}`);
    }
    return (v as readonly Value[]).map((x) => (x === null ? null : convert(x)));
  };
}

registerScalar(
  scalar('toInteger', 1, 1, ([v]) => toInteger(v!)),
  scalar('toIntegerOrNull', 1, 1, ([v]) => toIntegerOrNull(v!)),
  scalar('toFloat', 1, 1, ([v]) => toFloat(v!)),
  scalar('toFloatOrNull', 1, 1, ([v]) => toFloatOrNull(v!)),
  scalar('toBoolean', 1, 1, ([v]) => toBoolean(v!)),
  scalar('toBooleanOrNull', 1, 1, ([v]) => toBooleanOrNull(v!)),
  scalar('toString', 1, 1, ([v]) => toStringValue(v!)),
  scalar('toStringOrNull', 1, 1, ([v]) => toStringOrNull(v!)),
  scalar('toIntegerList', 1, 1, listOf('toIntegerList', toIntegerOrNull)),
  scalar('toFloatList', 1, 1, listOf('toFloatList', toFloatOrNull)),
  scalar('toBooleanList', 1, 1, listOf('toBooleanList', toBooleanOrNull)),
  scalar('toStringList', 1, 1, listOf('toStringList', toStringOrNull)),
);
