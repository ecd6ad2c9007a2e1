// String functions. Cypher strings are sequences of Unicode characters (code points), so offsets
// and lengths count code points, not UTF-16 units. A null argument gives null unless noted;
// non-string arguments raise a TypeError. (`size` and `reverse` live with the list functions, as
// they accept both; `toString` with the conversions.)
import { cypherError } from '../../errors.js';
import type { Value } from '../../values/types.js';
import { registerScalar } from './registry.js';
import {
  argTypeError,
  asInt,
  asLong,
  codePointLength,
  codePointSlice,
  describe,
  hasSurrogates,
  isJavaWhitespace,
  scalar,
  trimCodePoints,
} from './support.js';

function str(fn: string, v: Value): string {
  if (typeof v !== 'string') {
    throw cypherError(
      'TypeError',
      'InvalidArgumentValue',
      `Expected a string value for \`${fn}\`, but got: ${describe(v)}; consider converting it to a string with toString().`,
    );
  }
  return v;
}

function negative(fn: string, what: string): Error {
  return cypherError('ArgumentError', 'NegativeIntegerArgument', `Invalid input for function '${fn}()': ${what} must not be negative`);
}

/** The trim functions: whitespace (Java's Character.isWhitespace), or any of the given characters. */
function trimmer(fn: string, left: boolean, right: boolean) {
  return (args: readonly Value[]): Value => {
    const [v, chars] = args;
    if (v === null || chars === null) return null;
    const s = str(fn, v!);
    if (chars === undefined) return trimCodePoints(s, left, right, isJavaWhitespace);
    const set = new Set(Array.from(str(fn, chars), (c) => c.codePointAt(0)!));
    return trimCodePoints(s, left, right, (cp) => set.has(cp));
  };
}

/** substring(original, start[, length]) by code point; negative start or length is an error. */
export function substring(original: Value, start: Value, length?: Value): Value {
  if (original === null || start === null || length === null) return null;
  const s = str('substring', original);
  const from = asInt('substring', 'start', start);
  const len = length === undefined ? Infinity : asInt('substring', 'length', length);
  if (from < 0) throw negative('substring', 'start');
  if (len < 0) throw negative('substring', 'length');
  return codePointSlice(s, from, len);
}

function left(original: Value, length: Value): Value {
  if (original === null || length === null) return null;
  const s = str('left', original);
  const n = asLong('left', 'length', length);
  if (n < 0n) throw negative('left', 'length');
  return codePointSlice(s, 0, n > 2n ** 31n ? Infinity : Number(n));
}

function right(original: Value, length: Value): Value {
  if (original === null || length === null) return null;
  const s = str('right', original);
  const n = asLong('right', 'length', length);
  if (n < 0n) throw negative('right', 'length');
  const size = codePointLength(s);
  return codePointSlice(s, Math.max(0, size - Number(n > BigInt(size) ? BigInt(size) : n)));
}

/** Java's String.replace: every occurrence, left to right; an empty search inserts between units. */
function replace(original: Value, search: Value, replacement: Value): Value {
  if (original === null || search === null || replacement === null) return null;
  const s = str('replace', original);
  const from = str('replace', search);
  const to = str('replace', replacement);
  return s.replaceAll(from, () => to);
}

/**
 * split(s, delimiter | [delimiters]): keeps empty pieces (`split('a,,b', ',')` is `['a', '', 'b']`),
 * `split('', ',')` is `['']`, and an empty delimiter splits into characters.
 */
export function split(original: Value, delimiter: Value): Value {
  if (original === null || delimiter === null) return null;
  const s = str('split', original);
  if (s === '') return [''];
  let delims: string[];
  if (Array.isArray(delimiter)) {
    delims = [];
    for (const d of delimiter as readonly Value[]) {
      if (d === null) return null;
      delims.push(str('split', d));
    }
  } else {
    delims = [str('split', delimiter)];
  }
  const nonEmpty = delims.filter((d) => d !== '');
  if (nonEmpty.length === 0) return delims.length === 0 ? [s] : Array.from(s);
  if (nonEmpty.length === 1) return s.split(nonEmpty[0]!);
  const out: string[] = [];
  let piece = 0;
  let i = 0;
  while (i < s.length) {
    const d = nonEmpty.find((x) => s.startsWith(x, i));
    if (d === undefined) {
      i++;
      continue;
    }
    out.push(s.slice(piece, i));
    i += d.length;
    piece = i;
  }
  out.push(s.slice(piece));
  return out;
}

const NORMAL_FORMS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

function normalize(input: Value, form: Value = 'NFC'): Value {
  if (input === null || form === null) return null;
  const s = str('normalize', input);
  const f = str('normalize', form).toUpperCase();
  if (!NORMAL_FORMS.has(f)) {
    throw cypherError('ArgumentError', 'InvalidArgumentValue', `Unknown normal form. Valid values are: NFC, NFD, NFKC, NFKD.`);
  }
  return s.normalize(f as 'NFC' | 'NFD' | 'NFKC' | 'NFKD');
}

function charLength(fn: string) {
  return ([v]: readonly Value[]): Value => {
    if (v === null) return null;
    if (typeof v !== 'string') throw argTypeError(fn, 'a String', v!);
    return BigInt(codePointLength(v));
  };
}

function caseFn(fn: string, upper: boolean) {
  return ([v]: readonly Value[]): Value => {
    if (v === null) return null;
    const s = str(fn, v!);
    return upper ? s.toUpperCase() : s.toLowerCase();
  };
}

/** Reverses a string by code point (a surrogate pair stays in order). */
export function reverseString(s: string): string {
  if (!hasSurrogates(s)) {
    let out = '';
    for (let i = s.length - 1; i >= 0; i--) out += s[i];
    return out;
  }
  return Array.from(s).reverse().join('');
}

registerScalar(
  scalar('toLower', 1, 1, caseFn('toLower', false)),
  scalar('toUpper', 1, 1, caseFn('toUpper', true)),
  scalar('lower', 1, 1, caseFn('lower', false)),
  scalar('upper', 1, 1, caseFn('upper', true)),
  scalar('trim', 1, 2, trimmer('trim', true, true)),
  scalar('btrim', 1, 2, trimmer('btrim', true, true)),
  scalar('lTrim', 1, 2, trimmer('ltrim', true, false)),
  scalar('rTrim', 1, 2, trimmer('rtrim', false, true)),
  scalar('replace', 3, 3, ([a, b, c]) => replace(a!, b!, c!)),
  scalar('substring', 2, 3, ([a, b, c]) => substring(a!, b!, c)),
  scalar('left', 2, 2, ([a, b]) => left(a!, b!)),
  scalar('right', 2, 2, ([a, b]) => right(a!, b!)),
  scalar('split', 2, 2, ([a, b]) => split(a!, b!)),
  scalar('normalize', 1, 2, ([a, b]) => normalize(a!, b)),
  scalar('char_length', 1, 1, charLength('char_length')),
  scalar('character_length', 1, 1, charLength('character_length')),
);
