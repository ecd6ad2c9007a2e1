// Syntax errors as Neo4j reports them, and bounded parsing (deep nesting, very long input).
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, MAX_TOKENS, parse } from '../../src/cypher/index.js';
import { isCypherSyntaxError, type CypherSyntaxError } from '../../src/cypher/errors.js';
import { ERRORS } from '../../src/errors.js';

function error(q: string): CypherSyntaxError {
  try {
    parse(q);
  } catch (e) {
    if (isCypherSyntaxError(e)) return e;
    throw e;
  }
  throw new Error(`parsed: ${q}`);
}

describe('syntax error shape', () => {
  it('names the offending token, what was expected, and where, with a caret excerpt', () => {
    const e = error('MATCH (n)\nRETRN n');
    expect(e.kind).toBe('SyntaxError');
    expect(e.code).toBe(ERRORS.SyntaxError.code);
    expect(e.gqlStatus).toBe('42001');
    expect(e.position).toEqual({ offset: 10, line: 2, column: 1 });
    expect(e.offendingToken).toBe('RETRN');
    expect(e.expected).toContain('"RETURN"');
    expect(e.expected).toContain('"MATCH"');
    const [head, line, caret] = e.message.split('\n');
    expect(head).toMatch(/^Invalid input 'RETRN': expected .*"RETURN".* \(line 2, column 1 \(offset: 10\)\)$/);
    expect(line).toBe('"RETRN n"');
    expect(caret).toBe(' ^');
    expect(e.stack).toBeDefined();
  });

  it('puts the caret under the offending token', () => {
    const e = error('MATCH (n RETURN n');
    expect(e.position).toEqual({ offset: 9, line: 1, column: 10 });
    expect(e.expected).toEqual(expect.arrayContaining(['")"', '":"', '"{"', '"WHERE"', 'a parameter']));
    const lines = e.message.split('\n');
    expect(lines[1]).toBe('"MATCH (n RETURN n"');
    expect(lines[2]!.indexOf('^')).toBe(10);
  });

  it('reports the end of the input', () => {
    const e = error('MATCH (n) RETURN n +');
    expect(e.offendingToken).toBe('');
    expect(e.message).toMatch(/^Unexpected end of input: expected .*an identifier/);
    expect(e.position.offset).toBe(20);
  });

  it('explains lexical errors', () => {
    expect(error("RETURN 'abc").message).toMatch(/unterminated string literal \(line 1, column 8 \(offset: 7\)\)/);
    expect(error(String.raw`RETURN '\uH'`).message).toMatch(/^Invalid input '\\uH': invalid unicode escape sequence/);
    expect(error('RETURN 1 # 2').message).toMatch(/^Invalid input '#': unexpected character/);
    expect(error('RETURN /* open').message).toMatch(/unterminated comment/);
    expect(error('RETURN 12ab').message).toMatch(/^Invalid input '12ab': invalid number literal/);
    expect(error('RETURN 99999999999999999999').message).toMatch(/integer is too large/);
  });

  it('trims long lines around the caret', () => {
    const q = `RETURN ${'a + '.repeat(200)}`;
    const [, line, caret] = error(q).message.split('\n');
    expect(line!.length).toBeLessThanOrEqual(122);
    expect(caret!.endsWith('^')).toBe(true);
    expect(caret!.length).toBeLessThanOrEqual(line!.length + 1);
  });
});

describe('bounded parsing', () => {
  it('parses nesting up to the limit', () => {
    const d = MAX_NESTING - 1;
    expect(parse(`RETURN ${'('.repeat(d)}1${')'.repeat(d)}`).kind).toBe('SingleQuery');
    expect(parse(`RETURN ${'['.repeat(d)}1${']'.repeat(d)}`).kind).toBe('SingleQuery');
  });

  it('refuses deeper nesting with a SyntaxError, never a RangeError', () => {
    for (const q of [
      `RETURN ${'('.repeat(10_000)}1${')'.repeat(10_000)}`,
      `RETURN ${'('.repeat(10_000)}`,
      `RETURN ${'[{a: '.repeat(5_000)}`,
      `RETURN ${'CASE WHEN true THEN '.repeat(MAX_NESTING + 1)}1${' END'.repeat(MAX_NESTING + 1)}`,
      `MATCH ${'('.repeat(5_000)}n${')'.repeat(5_000)} RETURN n`,
    ]) {
      const e = error(q);
      expect(e.message).toMatch(/deeper than/);
    }
  });

  it('keeps long operator chains flat in the parser', () => {
    expect(parse(`RETURN ${'NOT '.repeat(5_000)}true`).kind).toBe('SingleQuery');
    expect(parse(`RETURN ${'- '.repeat(5_000)}1`).kind).toBe('SingleQuery');
    expect(parse(`RETURN ${Array.from({ length: 5_000 }, () => '1').join(' + ')}`).kind).toBe('SingleQuery');
  });

  it('parses or refuses a 1 MB query within a second', () => {
    const inputs = [
      `RETURN [${Array.from({ length: 150_000 }, (_, i) => i).join(', ')}]`,
      `RETURN '${'x'.repeat(1 << 20)}'`,
      `MATCH (n) RETURN n${'.a'.repeat(350_000)}`,
      `UNWIND [${Array.from({ length: 20_000 }, (_, i) => `{id: ${i}, name: 'n${i}'}`).join(', ')}] AS r CREATE (:P {id: r.id})`,
      `MATCH ${'x'.repeat(1 << 20)}`,
      'x'.repeat(3 << 20),
    ];
    for (const q of inputs) {
      const t0 = performance.now();
      try {
        parse(q);
      } catch (e) {
        expect(isCypherSyntaxError(e)).toBe(true);
      }
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });

  it(`refuses statements of more than ${MAX_TOKENS} tokens`, () => {
    expect(error(`RETURN [${Array.from({ length: MAX_TOKENS }, () => '1').join(',')}]`).message).toMatch(/tokens/);
  });
});

describe('little stack left', () => {
  it('turns a stack overflow inside the parser into a SyntaxError', () => {
    const q = `RETURN ${'['.repeat(MAX_NESTING - 1)}{end: 1}${']'.repeat(MAX_NESTING - 1)}`;
    const outcomes = new Set<string>();
    const at = (depth: number): string => {
      if (depth > 0) return at(depth - 1);
      try {
        parse(q);
        return 'parsed';
      } catch (e) {
        return isCypherSyntaxError(e) ? 'SyntaxError' : `other: ${String(e)}`;
      }
    };
    for (let depth = 0; depth < 20_000; depth += 500) {
      try {
        outcomes.add(at(depth));
      } catch (e) {
        if (!(e instanceof RangeError)) throw e; // the test's own recursion ran out of stack
        break;
      }
    }
    expect([...outcomes].filter((o) => o.startsWith('other'))).toEqual([]);
    expect(outcomes.has('parsed')).toBe(true);
  });
});
