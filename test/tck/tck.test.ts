// Unit tests of the TCK runner's parts. The kit itself runs separately (`node dist/test/tck/run.js`).
import { describe, expect, it } from 'vitest';
import { DateValue, DurationValue, LocalTimeValue, NodeValue, PathValue, RelationshipValue, Temporal } from '../../src/values/types.js';
import type { Value } from '../../src/values/types.js';
import { compareResult, diffSnapshots, floatMatches, matches, multisetMatch, parseSideEffects, snapshotOf } from './compare.js';
import { expandScenarios, parseFeature, parseTableRow } from './gherkin.js';
import { checkError, errorInfo, findStep, parseProcedure } from './steps.js';
import { type Expected, formatDuration, formatExpected, formatValue, parseValue, toValue } from './values.js';

const FEATURE = `
#encoding: utf-8
@featureTag
Feature: Sample - a feature
  Free description text.

  Background:
    Given an empty graph

  Scenario: [1] Plain
    And having executed:
      """
      CREATE (:A {name: 'a'})
        WITH 1 AS x
      """
    When executing query:
      """
      MATCH (n) RETURN n
      """
    Then the result should be, in any order:
      | n                      |
      | (:A {name: 'a'})       |
      | 'x\\|y'                 |
      | '\\nFoo\\n'              |
      | 'a\\\\\\\\b\\'c'         |
    And no side effects

  @outlineTag
  Scenario Outline: [2] Outline <op> works
    When executing query:
      """
      RETURN 1 <op> 2 AS r
      """
    Then the result should be, in any order:
      | r        |
      | <result> |

    Examples:
      | op | result |
      | +  | 3      |
      # | x | commented out |
      | -  | -1     |

    Examples:
      | op | result |
      | *  | 2      |

  Scenario: [3] Procedure
    And there exists a procedure test.doNothing() :: ():
      |
    When executing query: CALL test.doNothing()
    Then the result should be empty
`;

describe('gherkin', () => {
  const feature = parseFeature(FEATURE);
  const pickles = expandScenarios(feature);

  it('reads the feature, background and scenarios', () => {
    expect(feature.name).toBe('Sample - a feature');
    expect(feature.tags).toEqual(['@featureTag']);
    expect(feature.background.map((s) => s.text)).toEqual(['an empty graph']);
    expect(feature.scenarios.map((s) => s.kind)).toEqual(['Scenario', 'Outline', 'Scenario']);
  });

  it('expands outlines over every Examples block, skipping commented rows', () => {
    expect(pickles.map((p) => [p.name, p.exampleIndex])).toEqual([
      ['[1] Plain', undefined],
      ['[2] Outline + works', 1],
      ['[2] Outline - works', 2],
      ['[2] Outline * works', 3],
      ['[3] Procedure', undefined],
    ]);
    const minus = pickles[2]!;
    expect(minus.tags).toEqual(['@featureTag', '@outlineTag']);
    expect(minus.steps[0]!.text).toBe('an empty graph');
    expect(minus.steps[1]!.docString).toBe('RETURN 1 - 2 AS r');
    expect(minus.steps[2]!.table).toEqual([['r'], ['-1']]);
  });

  it('strips doc string indentation to the fence column', () => {
    expect(pickles[0]!.steps[1]!.docString).toBe("CREATE (:A {name: 'a'})\n  WITH 1 AS x");
  });

  it('unescapes table cells as Cucumber does', () => {
    const rows = pickles[0]!.steps[3]!.table!;
    expect(rows[2]).toEqual(["'x|y'"]);
    expect(rows[3]).toEqual(["'\nFoo\n'"]);
    // `\\\\` is two escaped backslashes; `\'` is no Gherkin escape and stays for the value parser.
    expect(rows[4]).toEqual(["'a\\\\b\\'c'"]);
    expect(parseValue(rows[4]![0]!)).toEqual({ kind: 'string', value: "a\\b'c" });
  });

  it('keeps an empty row and inline queries', () => {
    const proc = pickles[4]!;
    expect(proc.steps[1]!.table).toEqual([[]]);
    expect(proc.steps[2]!.text).toBe('executing query: CALL test.doNothing()');
    expect(findStep(proc.steps[2]!.text)?.match[1]?.trim()).toBe('CALL test.doNothing()');
  });

  it('splits rows on unescaped pipes only', () => {
    expect(parseTableRow(String.raw`| a \| b | c\\ | d |`)).toEqual(['a | b', 'c\\', 'd']);
    expect(parseTableRow('|')).toEqual([]);
  });
});

describe('value literals', () => {
  it('parses scalars', () => {
    expect(parseValue('9223372036854775807')).toEqual({ kind: 'integer', value: 9223372036854775807n });
    expect(parseValue('-9223372036854775808')).toEqual({ kind: 'integer', value: -9223372036854775808n });
    expect(parseValue('1.5e-3')).toMatchObject({ kind: 'float', value: 0.0015 });
    expect(parseValue('1e2')).toMatchObject({ kind: 'float', value: 100 });
    expect(parseValue('.5')).toMatchObject({ kind: 'float', value: 0.5 });
    expect(Object.is((parseValue('-0.0') as { value: number }).value, -0)).toBe(true);
    expect(Number.isNaN((parseValue('NaN') as { value: number }).value)).toBe(true);
    expect(parseValue('Inf')).toMatchObject({ kind: 'float', value: Infinity });
    expect(parseValue('-Inf')).toMatchObject({ kind: 'float', value: -Infinity });
    expect(parseValue('true')).toEqual({ kind: 'boolean', value: true });
    expect(parseValue('null')).toEqual({ kind: 'null' });
    expect(parseValue("'it\\'s \\\\ \\u00e9'")).toEqual({ kind: 'string', value: "it's \\ é" });
    expect(parseValue("''")).toEqual({ kind: 'string', value: '' });
  });

  it('parses nested lists and maps', () => {
    const v = parseValue("[1, [2.0, 'a'], {k: [null], `odd key`: {}}, []]");
    expect(formatExpected(v)).toBe("[1, [2.0, 'a'], {k: [null], odd key: {}}, []]");
    expect(toValue(v)).toEqual([1n, [2, 'a'], new Map<string, Value>([['k', [null]], ['odd key', new Map()]]), []]);
  });

  it('parses nodes, relationships and paths', () => {
    expect(parseValue("(:A:B {name: 'x', n: 1})")).toEqual({
      kind: 'node',
      labels: ['A', 'B'],
      properties: new Map<string, Expected>([
        ['name', { kind: 'string', value: 'x' }],
        ['n', { kind: 'integer', value: 1n }],
      ]),
    });
    expect(parseValue('()')).toEqual({ kind: 'node', labels: [], properties: new Map() });
    expect(parseValue('[:T {w: 2}]')).toMatchObject({ kind: 'relationship', type: 'T' });
    const path = parseValue('<(:A)-[:T]->({n: 1})<-[:U {k: 1}]-()>');
    expect(path.kind).toBe('path');
    expect(formatExpected(path)).toBe('<(:A)-[:T]->({n: 1})<-[:U {k: 1}]-()>');
    expect(parseValue('<()>')).toMatchObject({ kind: 'path', links: [] });
  });

  it('marks lists unordered when asked, nested ones too', () => {
    expect(parseValue('[[1]]', { orderedLists: false })).toEqual({
      kind: 'list',
      ordered: false,
      items: [{ kind: 'list', ordered: false, items: [{ kind: 'integer', value: 1n }] }],
    });
  });

  it('rejects malformed literals', () => {
    expect(() => parseValue('[1, 2')).toThrow();
    expect(() => parseValue("'open")).toThrow();
    expect(() => parseValue('1 2')).toThrow();
  });

  it('formats engine values in the kit notation', () => {
    expect(formatValue([1n, 1, -0, NaN, 'a\'b', null, new Map([['k', true]])])).toBe("[1, 1.0, -0.0, NaN, 'a\\'b', null, {k: true}]");
    expect(formatDuration(new DurationValue(14n, 3n, 3725n, 500_000_000))).toBe('P1Y2M3DT1H2M5.5S');
    expect(formatDuration(new DurationValue(0n, 0n, 0n, 0))).toBe('PT0S');
    expect(formatDuration(new DurationValue(0n, 0n, 0n, -500_000_000))).toBe('PT-0.5S');
  });
});

const node = (id: number, labels: string[], props: [string, Value][] = []): NodeValue =>
  new NodeValue(BigInt(id), `n${id}`, labels, new Map(props));
const rel = (id: number, type: string, start: number, end: number, props: [string, Value][] = []): RelationshipValue =>
  new RelationshipValue(BigInt(id), `r${id}`, type, BigInt(start), `n${start}`, BigInt(end), `n${end}`, new Map(props));

describe('comparison', () => {
  it('keeps INTEGER and FLOAT apart', () => {
    expect(matches(parseValue('1'), 1n)).toBe(true);
    expect(matches(parseValue('1'), 1)).toBe(false);
    expect(matches(parseValue('1.0'), 1n)).toBe(false);
    expect(matches(parseValue('NaN'), NaN)).toBe(true);
    expect(matches(parseValue('-Inf'), -Infinity)).toBe(true);
  });

  it('compares floats exactly, as the reference runner does', () => {
    const lit = (t: string) => parseValue(t) as { value: number; text: string };
    expect(floatMatches(lit('0.3'), 0.1 + 0.2)).toBe(false);
    expect(floatMatches(lit('0.30000000000000004'), 0.1 + 0.2)).toBe(true);
    expect(floatMatches(lit('0.3333333333'), 1 / 3)).toBe(false);
    expect(floatMatches(lit('2.0'), 2.04)).toBe(false);
    expect(floatMatches(lit('0.30000000000000004'), 0.3)).toBe(false);
    expect(floatMatches(lit('0.3'), 0.31)).toBe(false);
    expect(floatMatches(lit('1.5e-3'), 0.0015)).toBe(true);
  });

  it('compares nodes by labels and properties, not identity or label order', () => {
    const n = node(7, ['B', 'A'], [['name', 'x']]);
    expect(matches(parseValue("(:A:B {name: 'x'})"), n)).toBe(true);
    expect(matches(parseValue('(:A:B)'), n)).toBe(false);
    expect(matches(parseValue("(:A {name: 'x'})"), n)).toBe(false);
  });

  it('checks path directions', () => {
    const a = node(1, ['A']);
    const b = node(2, ['B']);
    const c = node(3, []);
    const p = new PathValue([a, b, c], [rel(10, 'T', 1, 2), rel(11, 'U', 3, 2, [['k', 1n]])]);
    expect(matches(parseValue('<(:A)-[:T]->(:B)<-[:U {k: 1}]-()>'), p)).toBe(true);
    expect(matches(parseValue('<(:A)<-[:T]-(:B)<-[:U {k: 1}]-()>'), p)).toBe(false);
    expect(matches(parseValue('<(:A)-[:T]->(:B)>'), p)).toBe(false);
  });

  it('matches temporal values by their string form', () => {
    expect(matches(parseValue("'1984-10-11'"), new DateValue(Temporal.PlainDate.from('1984-10-11')))).toBe(true);
    expect(matches(parseValue("'1984-10-12'"), new DateValue(Temporal.PlainDate.from('1984-10-11')))).toBe(false);
    expect(matches(parseValue("'P1Y'"), new DurationValue(12n, 0n, 0n, 0))).toBe(true);
    // Neo4j's form drops zero seconds: the kit writes '12:00'.
    expect(matches(parseValue("'12:00'"), new LocalTimeValue(Temporal.PlainTime.from('12:00')))).toBe(true);
    expect(matches(parseValue("'12:00:00'"), new LocalTimeValue(Temporal.PlainTime.from('12:00')))).toBe(false);
  });

  it('compares lists in order unless told otherwise', () => {
    expect(matches(parseValue('[1, 2, 2]'), [2n, 1n, 2n])).toBe(false);
    expect(matches(parseValue('[1, 2, 2]', { orderedLists: false }), [2n, 1n, 2n])).toBe(true);
    expect(matches(parseValue('[1, 2, 2]', { orderedLists: false }), [2n, 1n, 1n])).toBe(false);
    expect(matches(parseValue('[[1, 2], [3]]', { orderedLists: false }), [[3n], [2n, 1n]])).toBe(true);
  });

  it('compares maps by key set', () => {
    expect(matches(parseValue('{a: 1, b: null}'), new Map<string, Value>([['b', null], ['a', 1n]]))).toBe(true);
    expect(matches(parseValue('{a: 1}'), new Map<string, Value>([['a', 1n], ['b', null]]))).toBe(false);
  });

  it('compares tables as multisets or sequences', () => {
    const expected = { columns: ['x'], rows: [[parseValue('1')], [parseValue('2')], [parseValue('2')]] };
    const actual = { columns: ['x'], rows: [[2n], [1n], [2n]] };
    expect(compareResult(expected, actual, false)).toBeNull();
    expect(compareResult(expected, actual, true)).toMatch(/row 1 differs/);
    expect(compareResult(expected, { columns: ['x'], rows: [[2n], [1n], [1n]] }, false)).toMatch(/no result row/);
    expect(compareResult(expected, { columns: ['y'], rows: actual.rows }, false)).toMatch(/columns differ/);
    expect(compareResult(expected, { columns: ['x'], rows: [[1n]] }, false)).toMatch(/expected 3 rows, got 1/);
  });

  it('finds a matching where greedy pairing would fail', () => {
    // Expected a matches both actuals, b only the first: greedy gives a the first and fails.
    expect(multisetMatch(['a', 'b'], [1, 2], (e, x) => e === 'a' || x === 1)).toBeNull();
    expect(multisetMatch(['b', 'b'], [1, 2], (_e, x) => x === 1)).toBe(1);
  });

  it('diffs graph snapshots as the kit observes them', () => {
    const before = snapshotOf([node(1, ['A'], [['p', 1n]]), node(2, ['A'])], []);
    const after = snapshotOf(
      [node(1, ['A'], [['p', 2n]]), node(3, ['B'], [['q', 1.0]])],
      [rel(5, 'T', 1, 3, [['w', 'x']])],
    );
    expect(diffSnapshots(before, after)).toEqual({
      ...parseSideEffects([]),
      '+nodes': 1,
      '-nodes': 1,
      '+relationships': 1,
      '+labels': 1,
      '+properties': 3,
      '-properties': 1,
    });
    expect(parseSideEffects([['+nodes', '2'], ['-labels', '1']])).toMatchObject({ '+nodes': 2, '-labels': 1, '+properties': 0 });
  });
});

describe('steps', () => {
  const quiver = (kind: string, detail: string, phase: string) => errorInfo({ kind, code: 'x', detail, phase, message: 'm' });

  it('maps our error kinds to the kit types', () => {
    expect(checkError(quiver('SemanticError', 'UndefinedVariable', 'compile'), 'SyntaxError', 'compile time', 'UndefinedVariable')).toBeNull();
    expect(checkError(quiver('SemanticError', 'UndefinedVariable', 'runtime'), 'SyntaxError', 'compile time', 'UndefinedVariable')).toMatch(/wrong phase/);
    expect(checkError(quiver('TypeError', 'Whatever', 'runtime'), 'TypeError', 'any time', '*')).toBeNull();
    expect(checkError(quiver('DeleteConnectedNode', 'DeleteConnectedNode', 'runtime'), 'ConstraintVerificationFailed', 'runtime', 'DeleteConnectedNode')).toBeNull();
    expect(checkError(quiver('ProcedureNotFound', 'ProcedureNotFound', 'compile'), 'ProcedureError', 'compile time', 'ProcedureNotFound')).toBeNull();
    expect(checkError(quiver('ArgumentError', 'NumberOutOfRange', 'runtime'), 'TypeError', 'runtime', 'NumberOutOfRange')).toMatch(/wrong type/);
    expect(checkError(quiver('TypeError', 'A', 'runtime'), 'TypeError', 'runtime', 'B')).toMatch(/wrong detail/);
    expect(checkError(errorInfo(new RangeError('boom')), 'TypeError', 'any time', '*')).toMatch(/non-QuiverError RangeError: boom/);
  });

  it('recognises every step sentence of the kit', () => {
    for (const text of [
      'an empty graph',
      'any graph',
      'the binary-tree-2 graph',
      'having executed:',
      'parameters are:',
      'there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: INTEGER?):',
      'executing query:',
      'executing control query:',
      'the result should be, in any order:',
      'the result should be, in order:',
      'the result should be (ignoring element order for lists):',
      'the result should be empty',
      'no side effects',
      'the side effects should be:',
      'a SyntaxError should be raised at compile time: VariableAlreadyBound',
      'a TypeError should be raised at any time: *',
    ]) {
      expect(findStep(text), text).not.toBeNull();
    }
    expect(findStep('something else')).toBeNull();
  });

  it('builds test procedures from their table', () => {
    const proc = parseProcedure('test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?) ', [
      ['name', 'id', 'city'],
      ["'Stefan'", '1', "'Berlin'"],
      ["'Stefan'", '2', "'München'"],
      ["'Petra'", '1', "'London'"],
    ]);
    expect(proc.name).toBe('test.my.proc');
    expect(proc.inputs).toEqual([
      { name: 'name', type: 'STRING?' },
      { name: 'id', type: 'INTEGER?' },
    ]);
    expect(proc.call(['Stefan', 1n])).toEqual([['Berlin']]);
    expect(proc.call(['Stefan', 2.0])).toEqual([['München']]);
    expect(parseProcedure('test.doNothing() :: ()', [[]]).call([])).toEqual([]);
  });
});
