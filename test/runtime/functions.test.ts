// Value-level expectations of the scalar functions, from the openCypher kit
// (../shared/tck/features/expressions: string, list, typeConversion, mathematical, conditional,
// map, graph) and Neo4j 5's documentation. Each row: [function, arguments as a list literal,
// expected literal or `error: Kind/Detail`].
import { describe, expect, it } from 'vitest';
import '../../src/runtime/functions/index.js';
import { allFunctionNames, lookupScalar } from '../../src/runtime/functions/index.js';
import { NodeValue, PathValue, RelationshipValue, type Value } from '../../src/values/types.js';
import { ctx, expectOutcome, lit } from './literal.js';

type Row = readonly [fn: string, args: string, expected: string];

function call(name: string, args: readonly Value[]): Value {
  const f = lookupScalar(name);
  if (f === undefined) throw new Error(`no function ${name}`);
  if (args.length < f.minArgs || args.length > f.maxArgs) throw new Error(`bad arity for ${name}`);
  return f.call(args, ctx);
}

const strings: Row[] = [
  ['substring', "['0123456789', 1]", "'123456789'"],
  ['substring', "['hello', 1, 3]", "'ell'"],
  ['substring', "['hello', 2]", "'llo'"],
  ['substring', "['hello', 0, 0]", "''"],
  ['substring', "['hello', 10]", "''"],
  ['substring', "['hello', 3, 10]", "'lo'"],
  ['substring', "['\\uD83D\\uDE00ab', 1, 1]", "'a'"],
  ['substring', "[null, 1]", 'null'],
  ['substring', "['hello', -1]", 'error: ArgumentError/NegativeIntegerArgument'],
  ['substring', "['hello', 1, -1]", 'error: ArgumentError/NegativeIntegerArgument'],
  ['substring', "[1, 1]", 'error: TypeError/InvalidArgumentValue'],
  ['left', "['hello', 3]", "'hel'"],
  ['left', "['hello', 30]", "'hello'"],
  ['left', "[null, 3]", 'null'],
  ['left', "['hello', -1]", 'error: ArgumentError/NegativeIntegerArgument'],
  ['right', "['hello', 3]", "'llo'"],
  ['right', "['hello', 30]", "'hello'"],
  ['right', "['hello', 0]", "''"],
  ['right', "['hello', -1]", 'error: ArgumentError/NegativeIntegerArgument'],
  ['toLower', "['HELLO']", "'hello'"],
  ['toUpper', "['hello']", "'HELLO'"],
  ['lower', "['HeLLo']", "'hello'"],
  ['upper', "['HeLLo']", "'HELLO'"],
  ['toUpper', '[null]', 'null'],
  ['toUpper', '[123]', 'error: TypeError/InvalidArgumentValue'],
  ['trim', "['  hello  ']", "'hello'"],
  ['trim', "['\\n\\t hello \\r']", "'hello'"],
  ['trim', "['\\u00A0x\\u00A0']", "'\\u00A0x\\u00A0'"],
  ['lTrim', "['   hello  ']", "'hello  '"],
  ['rTrim', "['  hello   ']", "'  hello'"],
  ['btrim', "['xxyyhelloxyxy', 'xy']", "'hello'"],
  ['lTrim', "['xxyyhelloxyxy', 'xy']", "'helloxyxy'"],
  ['rTrim', "['xxyyhelloxyxy', 'xy']", "'xxyyhello'"],
  ['btrim', "['hello', null]", 'null'],
  ['replace', "['hello', 'l', 'w']", "'hewwo'"],
  ['replace', "['hello', 'x', 'w']", "'hello'"],
  ['replace', "['abc', '', '-']", "'-a-b-c-'"],
  ['replace', "['a$b', '$', '$&']", "'a$&b'"],
  ['replace', "['hello', null, 'w']", 'null'],
  ['split', "['one1two', '1']", "['one', 'two']"],
  ['split', "['one,two', ',']", "['one', 'two']"],
  ['split', "['a,b,', ',']", "['a', 'b', '']"],
  ['split', "['', ',']", "['']"],
  ['split', "[',', ',']", "['', '']"],
  ['split', "['abc', '']", "['a', 'b', 'c']"],
  ['split', "['a-b_c', ['-', '_']]", "['a', 'b', 'c']"],
  ['split', "['abc', null]", 'null'],
  ['reverse', "['anagram']", "'margana'"],
  ['reverse', "['a\\uD83D\\uDE00b']", "'b\\uD83D\\uDE00a'"],
  ['normalize', "['\\u212B']", "'\\u00C5'"],
  ['normalize', "['\\uFE64', 'NFKC']", "'<'"],
  ['normalize', "['a', 'NFX']", 'error: ArgumentError/InvalidArgumentValue'],
  ['char_length', "['\\uD83D\\uDE00ab']", '3'],
  ['character_length', "['hello']", '5'],
  ['size', "['\\uD83D\\uDE00ab']", '3'],
];

const lists: Row[] = [
  ['size', '[[1, 2, 3]]', '3'],
  ['size', '[[[], []]]', '2'],
  ['size', '[null]', 'null'],
  ['size', '[1]', 'error: TypeError/InvalidArgumentValue'],
  ['head', '[[1, 2]]', '1'],
  ['head', '[[]]', 'null'],
  ['head', '[null]', 'null'],
  ['last', '[[1, 2]]', '2'],
  ['last', '[[]]', 'null'],
  ['tail', '[[1, 2, 3]]', '[2, 3]'],
  ['tail', '[[]]', '[]'],
  ['tail', '[null]', 'null'],
  ['reverse', '[[1, 2, null]]', '[null, 2, 1]'],
  ['reverse', '[null]', 'null'],
  ['keys', "[{name: 'Alice', age: 38}]", "['name', 'age']"],
  ['keys', '[{k: null, l: 1}]', "['k', 'l']"],
  ['keys', '[null]', 'null'],
  ['keys', '[1]', 'error: TypeError/InvalidArgumentValue'],
  ['coalesce', '[null, 1, 2]', '1'],
  ['coalesce', '[null, null]', 'null'],
  ['coalesce', "['CEO', 'Nobody']", "'CEO'"],
  ['toStringList', "[[1, 2.5, true, 'a', null, [1]]]", "['1', '2.5', 'true', 'a', null, null]"],
  ['toIntegerList', "[[1, 2.9, '3', 'x', true, null]]", '[1, 2, 3, null, 1, null]'],
  ['toFloatList', "[[1, 2.5, '3', 'x', true, null]]", '[1.0, 2.5, 3.0, null, null, null]'],
  ['toBooleanList', "[[true, 'false', 0, 1.5, 'x', null]]", '[true, false, false, null, null, null]'],
  ['toIntegerList', '[null]', 'null'],
  ['toIntegerList', '[1]', 'error: TypeError/InvalidArgumentValue'],
  ['isEmpty', '[[]]', 'true'],
  ['isEmpty', '[[1]]', 'false'],
  ['isEmpty', '[{}]', 'true'],
  ['isEmpty', "['']", 'true'],
  ['isEmpty', '[null]', 'null'],
  ['isEmpty', '[1]', 'error: TypeError/InvalidArgumentValue'],
];

// List11 [1], [2], [4], [5]
const ranges: Row[] = [
  ...(
    [
      ['-1236', '-1234', '[-1236, -1235, -1234]'],
      ['-1234', '-1234', '[-1234]'],
      ['-10', '-3', '[-10, -9, -8, -7, -6, -5, -4, -3]'],
      ['0', '-123', '[]'],
      ['0', '0', '[0]'],
      ['6', '10', '[6, 7, 8, 9, 10]'],
    ] as const
  ).map(([s, e, r]): Row => ['range', `[${s}, ${e}]`, r]),
  ...(
    [
      ['1381', '-3412', '-1298', '[1381, 83, -1215, -2513]'],
      ['0', '-2000', '-1298', '[0, -1298]'],
      ['10', '-10', '-3', '[10, 7, 4, 1, -2, -5, -8]'],
      ['0', '-1', '-1', '[0, -1]'],
      ['0', '1', '-123', '[]'],
      ['0', '-1', '1', '[]'],
      ['0', '0', '-1', '[0]'],
      ['0', '1', '2', '[0]'],
      ['-10', '10', '3', '[-10, -7, -4, -1, 2, 5, 8]'],
      ['-3412', '1381', '1298', '[-3412, -2114, -816, 482]'],
    ] as const
  ).map(([s, e, st, r]): Row => ['range', `[${s}, ${e}, ${st}]`, r]),
  ['range', '[0, 0, 0]', 'error: ArgumentError/NumberOutOfRange'],
  ['range', '[2, -8, 0]', 'error: ArgumentError/NumberOutOfRange'],
  ...['[true, 1, 1]', '[0, true, 1]', '[-1.1, 1, 1]', '[-0.0, 1, 1]', '[0, 1.1, 1]', '[0, 1, 1.1]', "['xyz', 1, 1]", '[0, [1], 1]', '[0, 1, {step: 1}]', '[null, 1]'].map(
    (args): Row => ['range', args, 'error: ArgumentError/InvalidArgumentType'],
  ),
  ['range', '[0, 100000000000]', 'error: ArgumentError/NumberOutOfRange'],
];

const conversions: Row[] = [
  // TypeConversion1-4
  ['toBoolean', '[true]', 'true'],
  ['toBoolean', "['true']", 'true'],
  ['toBoolean', "['false']", 'false'],
  ['toBoolean', "['TRUE']", 'true'],
  ['toBoolean', "['  false ']", 'false'],
  ['toBoolean', "['']", 'null'],
  ['toBoolean', "[' tru ']", 'null'],
  ['toBoolean', "['f alse']", 'null'],
  ['toBoolean', '[null]', 'null'],
  ['toBoolean', '[0]', 'false'],
  ['toBoolean', '[-3]', 'true'],
  ...['[[]]', '[{}]', '[1.0]'].map((a): Row => ['toBoolean', a, 'error: TypeError/InvalidArgumentValue']),
  ['toBooleanOrNull', '[1.0]', 'null'],
  ['toBooleanOrNull', "['true']", 'true'],
  ['toInteger', '[82.9]', '82'],
  ['toInteger', '[-2.9]', '-2'],
  ['toInteger', "['foo']", 'null'],
  ['toInteger', "['']", 'null'],
  ['toInteger', "['1.7']", '1'],
  ['toInteger', "['2.9']", '2'],
  ['toInteger', "['-2.9']", '-2'],
  ['toInteger', "['42']", '42'],
  ['toInteger', "['+42']", '42'],
  ['toInteger', "['1e3']", '1000'],
  ['toInteger', "['.5']", '0'],
  ['toInteger', "[' 3 ']", 'null'],
  ['toInteger', "['0x1F']", 'null'],
  ['toInteger', "['9223372036854775807']", '9223372036854775807'],
  ['toInteger', "['9223372036854775808']", 'error: TypeError/InvalidArgumentValue'],
  ['toInteger', "['1e30']", 'error: TypeError/InvalidArgumentValue'],
  ['toIntegerOrNull', "['1e30']", 'null'],
  ['toInteger', '[true]', '1'],
  ['toInteger', '[false]', '0'],
  ['toInteger', '[NaN]', '0'],
  ['toInteger', '[1e30]', '9223372036854775807'],
  ['toInteger', '[null]', 'null'],
  ...['[[]]', '[{}]'].map((a): Row => ['toInteger', a, 'error: TypeError/InvalidArgumentValue']),
  ['toIntegerOrNull', '[[]]', 'null'],
  ['toFloat', '[3]', '3.0'],
  ['toFloat', '[3.4]', '3.4'],
  ['toFloat', "['5']", '5.0'],
  ['toFloat', "['foo']", 'null'],
  ['toFloat', "['']", 'null'],
  ['toFloat', "[' 1.5 ']", '1.5'],
  ['toFloat', "['1e3']", '1000.0'],
  ['toFloat', "['2f']", '2.0'],
  ['toFloat', "['NaN']", 'NaN'],
  ['toFloat', "['-Infinity']", '-Infinity'],
  ['toFloat', "['0x1p3']", '8.0'],
  ...['[true]', '[[]]', '[{}]'].map((a): Row => ['toFloat', a, 'error: TypeError/InvalidArgumentValue']),
  ['toFloatOrNull', '[true]', 'null'],
  ['toString', '[42]', "'42'"],
  ['toString', '[true]', "'true'"],
  ['toString', '[2.3]', "'2.3'"],
  ['toString', '[11.5]', "'11.5'"],
  ['toString', '[1.0]', "'1.0'"],
  ['toString', '[-0.0]', "'-0.0'"],
  ['toString', '[1e7]', "'1.0E7'"],
  ['toString', '[1.5e-5]', "'1.5E-5'"],
  ['toString', '[0.001]', "'0.001'"],
  ['toString', '[123456.789]', "'123456.789'"],
  ['toString', '[NaN]', "'NaN'"],
  ['toString', "['apa']", "'apa'"],
  ['toString', '[null]', 'null'],
  ...['[[]]', '[{}]'].map((a): Row => ['toString', a, 'error: TypeError/InvalidArgumentValue']),
  ['toStringOrNull', "[['A']]", 'null'],
];

const maths: Row[] = [
  ['abs', '[-1]', '1'],
  ['abs', '[-1.5]', '1.5'],
  ['abs', '[-9223372036854775808]', 'error: ArithmeticError/IntegerOverflow'],
  ['abs', '[null]', 'null'],
  ['abs', "['1']", 'error: TypeError/InvalidArgumentValue'],
  ['sqrt', '[12.96]', '3.6'],
  ['sqrt', '[16]', '4.0'],
  ['ceil', '[0.1]', '1.0'],
  ['ceil', '[1]', '1.0'],
  ['floor', '[0.9]', '0.0'],
  ['round', '[3.141592]', '3.0'],
  ['round', '[-1.5]', '-1.0'],
  ['round', '[2.5]', '3.0'],
  ['round', '[-0.4]', '0.0'],
  ['round', '[3.141592, 3]', '3.142'],
  ['round', '[-1.5, 0]', '-1.0'],
  ['round', '[-1.55, 1]', '-1.6'],
  ['round', '[1.249, 1, \'UP\']', '1.3'],
  ['round', "[-1.251, 1, 'UP']", '-1.3'],
  ['round', "[1.25, 1, 'UP']", '1.3'],
  ['round', "[-1.35, 1, 'UP']", '-1.4'],
  ['round', "[1.249, 1, 'DOWN']", '1.2'],
  ['round', "[-1.35, 1, 'DOWN']", '-1.3'],
  ['round', "[-1.251, 1, 'CEILING']", '-1.2'],
  ['round', "[1.25, 1, 'CEILING']", '1.3'],
  ['round', "[-1.251, 1, 'FLOOR']", '-1.3'],
  ['round', "[1.249, 1, 'FLOOR']", '1.2'],
  ['round', "[1.25, 1, 'HALF_UP']", '1.3'],
  ['round', "[-1.35, 1, 'HALF_UP']", '-1.4'],
  ['round', "[1.25, 1, 'HALF_DOWN']", '1.2'],
  ['round', "[-1.35, 1, 'HALF_DOWN']", '-1.3'],
  ['round', "[-1.251, 1, 'HALF_DOWN']", '-1.3'],
  ['round', "[1.25, 1, 'HALF_EVEN']", '1.2'],
  ['round', "[-1.35, 1, 'HALF_EVEN']", '-1.4'],
  ['round', "[-1.5, 0, 'HALF_UP']", '-2.0'],
  ['round', "[0.004, 2, 'UP']", '0.01'],
  ['round', "[1234.5, 10]", '1234.5'],
  ['round', "[1.25, 1, 'UNNECESSARY']", 'error: ArithmeticError/InvalidArgumentValue'],
  ['round', "[1.25, 2, 'UNNECESSARY']", '1.25'],
  ['round', "[1.25, 1, 'SIDEWAYS']", 'error: ArgumentError/InvalidArgumentValue'],
  ['round', '[1.25, -1]', 'error: ArgumentError/NumberOutOfRange'],
  ['round', '[null, 1]', 'null'],
  ['round', '[NaN, 1]', 'NaN'],
  ['sign', '[-17]', '-1'],
  ['sign', '[0.1]', '1'],
  ['sign', '[0]', '0'],
  ['sign', '[NaN]', '0'],
  ['exp', '[0]', '1.0'],
  ['log', '[1]', '0.0'],
  ['log', '[0]', '-Infinity'],
  ['log10', '[1000]', '3.0'],
  ['e', '[]', `${Math.E}`],
  ['pi', '[]', `${Math.PI}`],
  ['sin', '[0]', '0.0'],
  ['cos', '[0]', '1.0'],
  ['tan', '[0]', '0.0'],
  ['cot', '[0]', 'Infinity'],
  ['asin', '[1]', `${Math.PI / 2}`],
  ['acos', '[1]', '0.0'],
  ['atan', '[0]', '0.0'],
  ['atan2', '[1, 1]', `${Math.PI / 4}`],
  ['atan2', '[null, 1]', 'null'],
  ['degrees', '[3.141592653589793]', '180.0'],
  ['radians', '[180]', `${Math.PI}`],
  ['haversin', '[0]', '0.0'],
  ['isNaN', '[NaN]', 'true'],
  ['isNaN', '[1]', 'false'],
  ['isNaN', '[1.0]', 'false'],
  ['isNaN', '[null]', 'null'],
  ['rand', '[]', '0.5'],
];

describe.each([
  ['string functions', strings],
  ['list functions', lists],
  ['range()', ranges],
  ['conversion functions', conversions],
  ['mathematical functions', maths],
] as const)('%s', (_name, rows) => {
  it.each(rows.map((r) => [`${r[0]}(${r[1].slice(1, -1)}) -> ${r[2]}`, r] as const))('%s', (_t, [fn, args, expected]) => {
    expectOutcome(() => call(fn, lit(args) as readonly Value[]), expected);
  });
});

describe('entity and scalar functions', () => {
  const a = new NodeValue(1n, '4:db:1', ['A', 'B'], new Map<string, Value>([['name', 'x']]));
  const b = new NodeValue(2n, '4:db:2');
  const r = new RelationshipValue(3n, '5:db:3', 'T', 1n, '4:db:1', 2n, '4:db:2', new Map([['w', 1n]]));
  const p = new PathValue([a, b], [r]);

  it('reads nodes, relationships and paths', () => {
    expect(call('id', [a])).toBe(1n);
    expect(call('elementId', [r])).toBe('5:db:3');
    expect(call('labels', [a])).toEqual(['A', 'B']);
    expect(call('type', [r])).toBe('T');
    expect(call('keys', [a])).toEqual(['name']);
    expect(call('properties', [r])).toEqual(new Map([['w', 1n]]));
    expect(call('nodes', [p])).toEqual([a, b]);
    expect(call('relationships', [p])).toEqual([r]);
    expect(call('length', [p])).toBe(1n);
    for (const f of ['id', 'elementId', 'labels', 'type', 'keys', 'properties', 'nodes', 'length', 'startNode']) {
      expect(call(f, [null])).toBe(null);
    }
  });

  it('rejects wrong entity kinds with InvalidArgumentValue (Graph4 [6], Path3)', () => {
    for (const bad of [0n, 1.0, true, '', []] as Value[]) expectOutcome(() => call('type', [bad]), 'error: TypeError/InvalidArgumentValue');
    expectOutcome(() => call('type', [a]), 'error: TypeError/InvalidArgumentValue');
    expectOutcome(() => call('labels', [r]), 'error: TypeError/InvalidArgumentValue');
    expectOutcome(() => call('length', [a]), 'error: TypeError/InvalidArgumentValue');
    expectOutcome(() => call('properties', [1n]), 'error: TypeError/InvalidArgumentValue');
    for (const x of [[] as Value[], new Map(), a, r, p]) expectOutcome(() => call('toInteger', [x]), 'error: TypeError/InvalidArgumentValue');
  });

  it('startNode/endNode are placeholders for the runtime', () => {
    expect(() => call('startNode', [r])).toThrow(/runtime/);
    expectOutcome(() => call('endNode', [1n]), 'error: TypeError/InvalidArgumentValue');
  });

  it('timestamp, randomUUID, nullIf, valueType', () => {
    expect(call('timestamp', [])).toBe(1_700_000_000_123n);
    expect(call('randomUUID', [])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('nullIf', [1n, 1.0])).toBe(null);
    expect(call('nullIf', [1n, 2n])).toBe(1n);
    expect(call('valueType', [1n])).toBe('INTEGER NOT NULL');
    expect(call('valueType', [null])).toBe('NULL');
    expect(call('valueType', [lit('[1, 2]')])).toBe('LIST<INTEGER NOT NULL> NOT NULL');
    expect(call('valueType', [lit("[1, 'a', null]")])).toBe('LIST<STRING | INTEGER> NOT NULL');
    expect(call('valueType', [lit('[]')])).toBe('LIST<NOTHING> NOT NULL');
  });

  it('registers every function it documents', () => {
    const names = allFunctionNames();
    for (const n of ['tolower', 'btrim', 'percentilecont', 'tointegerlist', 'randomuuid', 'character_length', 'haversin']) {
      expect(names).toContain(n);
    }
    expect(lookupScalar('ToLower')).toBe(lookupScalar('tolower'));
    expect(lookupScalar('rand')!.deterministic).toBe(false);
  });
});
