// `=~` with Java regex semantics: whole-string matching and the Java syntax people write.
// Each row: [text, pattern, expected].
import { describe, expect, it } from 'vitest';
import { isQuiverError } from '../../src/errors.js';
import { regexMatch } from '../../src/runtime/operators.js';

const rows: readonly (readonly [string, string, boolean | null])[] = [
  // whole-string match, not search
  ['ABCDEF', 'ABC', false],
  ['ABCDEF', 'ABC.*', true],
  ['ABCDEF', '.*CD.*', true],
  ['ab', 'a|ab', true],
  ['aab', 'a*', false],
  // flags
  ['ABC', '(?i)abc', true],
  ['ABC', 'abc', false],
  ['a\nb', 'a.b', false],
  ['a\nb', '(?s)a.b', true],
  ['a\nb', '(?m)a$\\n^b', true],
  ['ABC', 'a(?i)bc', true], // embedded flags apply to the whole pattern (approximation)
  ['a b', '(?x) a \\  b # comment', true],
  // Java-only syntax
  ['abc', '\\Aabc\\z', true],
  ['abc', 'abc\\Z', true],
  ['abc\n', 'abc\\Z', false], // \Z does not consume the terminator, and matches() needs all of it
  ['a.b*c', '\\Qa.b*c\\E', true],
  ['axb', '\\Qa.b\\E', false],
  ['Hello', '\\p{Upper}\\p{Lower}+', true],
  ['hello', '\\p{Alpha}+', true],
  ['é', '\\p{Alpha}', false],
  ['é', '\\p{L}', true],
  ['é', '\\p{IsLatin}', true],
  ['12', '\\p{Digit}{2}', true],
  ['a\u00A0b', 'a\\hb', true],
  ['a\u00A0b', 'a\\sb', false],
  ['a\tb', 'a\\sb', true],
  ['a\r\nb', 'a\\Rb', true],
  ['aaa', 'a*+', true],
  ['aaa', 'a{2}+a', true],
  ['abc', '(?>a)bc', true],
  ['a-b', '[a\\-b]+', true],
  ['a@b', 'a\\@b', true],
  ['a]b', 'a]b', true],
  ['a}', 'a}', true],
  ['abcx', '[a-c[x-z]]+', true],
  ['\u001b', '\\e', true],
  ['A', '\\x{41}', true],
  ['A', '\\0101', true],
  ['😀', '.', true],
  ['😀x', '\\p{So}x', true],
  ['ab12', '(?<letters>[a-z]+)\\d+', true],
  ['abab', '(ab)\\1', true],
];

describe('=~ (Java regex, whole-string match)', () => {
  it.each(rows.map(([t, p, e]) => [`${JSON.stringify(t)} =~ ${JSON.stringify(p)} -> ${e}`, t, p, e] as const))(
    '%s',
    (_title, text, pattern, expected) => {
      expect(regexMatch(text, pattern)).toBe(expected);
    },
  );

  it('is null unless both sides are strings', () => {
    expect(regexMatch(null, 'a')).toBe(null);
    expect(regexMatch('a', null)).toBe(null);
    expect(regexMatch(1n, 'a')).toBe(null);
  });

  it.each(['[', 'a(', '*a', 'a{', '\\', '[a&&b]', '\\p{InGreek}', '\\y'])('rejects invalid regex %s', (pattern) => {
    let caught: unknown;
    try {
      regexMatch('a', pattern);
    } catch (e) {
      caught = e;
    }
    expect(isQuiverError(caught, 'ArgumentError')).toBe(true);
  });
});
