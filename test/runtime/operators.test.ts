// Value-level expectations of Cypher's operators, taken from the openCypher kit
// (../shared/tck/features/expressions: comparison, boolean, null, list, string, mathematical) and
// from Neo4j 5's documented behaviour. Each row: [operator, left, right, expected].
import { describe, expect, it } from 'vitest';
import { BINARY_OPERATORS, isTruthy, negate, not } from '../../src/runtime/operators.js';
import {
  DateValue,
  DurationValue,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  SRID,
  Temporal,
  type Value,
} from '../../src/values/types.js';
import { expectOutcome, lit } from './literal.js';

type Row = readonly [op: string, a: string, b: string, expected: string];

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

const arithmetic: Row[] = [
  // Mathematical2/8 and integer/float mixing
  ['+', '99', '5', '104'],
  ['+', '1', '2.5', '3.5'],
  ['+', '1.5', '1', '2.5'],
  ['-', '12', '20', '-8'],
  ['*', '12', '4', '48'],
  ['*', '2', '0.5', '1.0'],
  ['/', '12', '4', '3'],
  ['/', '7', '2', '3'],
  ['/', '-7', '2', '-3'],
  ['/', '7', '-2', '-3'],
  ['/', '7.0', '2', '3.5'],
  ['/', '1', '0.0', 'Infinity'],
  ['/', '-1', '0.0', '-Infinity'],
  ['/', '0.0', '0.0', 'NaN'],
  ['/', '1', '0', 'error: ArithmeticError/DivisionByZero'],
  ['/', 'null', '0', 'error: ArithmeticError/DivisionByZero'],
  ['/', 'null', '0.0', 'null'],
  ['%', '7', '3', '1'],
  ['%', '-7', '3', '-1'],
  ['%', '7', '-3', '1'],
  ['%', '7.5', '2', '1.5'],
  ['%', '-7.5', '2', '-1.5'],
  ['%', '1', '0', 'error: ArithmeticError/DivisionByZero'],
  ['%', '1', '0.0', 'NaN'],
  ['^', '2', '3', '8.0'],
  ['^', '2', '-1', '0.5'],
  ['^', '4', '0.5', '2.0'],
  // int64 overflow is an error
  ['+', MAX, '1', 'error: ArithmeticError/IntegerOverflow'],
  ['-', MIN, '1', 'error: ArithmeticError/IntegerOverflow'],
  ['*', '4611686018427387904', '2', 'error: ArithmeticError/IntegerOverflow'],
  ['*', '4611686018427387904', '-2', MIN],
  ['/', MIN, '-1', 'error: ArithmeticError/IntegerOverflow'],
  ['%', MIN, '-1', '0'],
  ['+', MAX, '1.0', '9.223372036854776e18'],
  // null propagation
  ['+', 'null', '1', 'null'],
  ['-', '1', 'null', 'null'],
  ['*', 'null', 'null', 'null'],
  ['^', 'null', '2', 'null'],
  ['%', '1', 'null', 'null'],
  ['+', '[1]', 'null', 'null'],
  // strings (String6) and lists (List4)
  ['+', "'ab'", "'cd'", "'abcd'"],
  ['+', "'a'", '1', "'a1'"],
  ['+', '1', "'a'", "'1a'"],
  ['+', "'a'", '1.5', "'a1.5'"],
  ['+', "'a'", '1.0', "'a1.0'"],
  ['+', "'a'", '1e20', "'a1.0E20'"],
  ['+', "'a'", 'true', "'atrue'"],
  ['+', "'a'", '{k: 1}', 'error: TypeError/InvalidArgumentType'],
  ['+', '[1, 10, 100]', '[4, 5]', '[1, 10, 100, 4, 5]'],
  ['+', '[false, true]', 'false', '[false, true, false]'],
  ['+', '1', '[2, 3]', '[1, 2, 3]'],
  ['+', "'a'", "['b']", "['a', 'b']"],
  ['+', '[[], []]', '[[]]', '[[], [], []]'],
  ['+', '[1]', '[null]', '[1, null]'],
  ['||', "'ab'", "'c'", "'abc'"],
  ['||', '[1]', '[2]', '[1, 2]'],
  ['+', 'true', '1', 'error: TypeError/InvalidArgumentType'],
  ['-', "'a'", '1', 'error: TypeError/InvalidArgumentType'],
  ['*', '[1]', '2', 'error: TypeError/InvalidArgumentType'],
  ['^', "'2'", '2', 'error: TypeError/InvalidArgumentType'],
];

const comparison: Row[] = [
  // Comparison1: equality
  ['=', '[1, 2]', "'foo'", 'false'],
  ['=', '[1]', '[1, null]', 'false'],
  ['=', '[1, 2]', '[null, 2]', 'null'],
  ['=', '[1, 2]', "[null, 'foo']", 'false'],
  ['=', '[[1]]', '[[1], [null]]', 'false'],
  ['=', '[[1, 2], [1, 3]]', "[[1, 2], [null, 'foo']]", 'false'],
  ['=', "[[1, 2], ['foo', 'bar']]", "[[1, 2], [null, 'bar']]", 'null'],
  ['=', '[1, 2]', '[1]', 'false'],
  ['=', '[null]', '[1]', 'null'],
  ['=', "['a']", '[1]', 'false'],
  ['=', '[[1], [2]]', '[[1], [null]]', 'null'],
  ['=', '[[1], [2, 3]]', '[[1], [null]]', 'false'],
  ['=', '{}', '{}', 'true'],
  ['=', '{k: true}', '{k: true}', 'true'],
  ['=', '{k: 1}', '{k: 1}', 'true'],
  ['=', '{k: 1.0}', '{k: 1.0}', 'true'],
  ['=', "{k: 'abc'}", "{k: 'abc'}", 'true'],
  ['=', "{k: 'a', l: 2}", "{k: 'a', l: 2}", 'true'],
  ['=', '{}', '{k: null}', 'false'],
  ['=', '{k: null}', '{}', 'false'],
  ['=', '{k: 1}', '{k: 1, l: null}', 'false'],
  ['=', '{k: null, l: 1}', '{l: 1}', 'false'],
  ['=', '{k: null}', '{k: null, l: null}', 'false'],
  ['=', '{k: null}', '{k: null}', 'null'],
  ['=', '{k: 1}', '{k: null}', 'null'],
  ['=', '{k: 1, l: null}', '{k: null, l: null}', 'null'],
  ['=', '{k: 1, l: null}', '{k: null, l: 1}', 'null'],
  ['=', '{k: 1, l: null}', '{k: 1, l: 1}', 'null'],
  ['=', 'NaN', '1', 'false'],
  ['=', 'NaN', '1.0', 'false'],
  ['=', 'NaN', 'NaN', 'false'],
  ['=', 'NaN', "'a'", 'false'],
  ['<>', 'NaN', 'NaN', 'true'],
  ['<>', 'NaN', "'a'", 'true'],
  ['=', '1.0', '1.0', 'true'],
  ['=', '1', '1.0', 'true'],
  ['=', "'1.0'", '1.0', 'false'],
  ['=', "'1'", '1', 'false'],
  ['=', '0', '0.0', 'true'],
  ['=', '0.5', '0', 'false'],
  ['=', '4611686018427387905', '4611686018427387905', 'true'],
  ['=', '4611686018427387905', '4611686018427387900', 'false'],
  ['=', '9007199254740993', '9007199254740992.0', 'false'],
  ['=', '-0.0', '0.0', 'true'],
  ['=', 'null', 'null', 'null'],
  ['<>', 'null', 'null', 'null'],
  ['=', 'true', '1', 'false'],
  ['<>', '1', '2', 'true'],
  // Comparison2: comparability
  ['>=', '[1, 0]', '[1]', 'true'],
  ['>=', '[1, null]', '[1]', 'true'],
  ['>=', '[1, 2]', '[1, null]', 'null'],
  ['>=', "[1, 'a']", '[1, null]', 'null'],
  ['>=', '[1, 2]', '[3, null]', 'false'],
  ['>', 'NaN', '1', 'false'],
  ['>=', 'NaN', '1', 'false'],
  ['<', 'NaN', '1', 'false'],
  ['<=', 'NaN', '1', 'false'],
  ['<=', 'NaN', 'NaN', 'false'],
  ['>', 'NaN', "'a'", 'null'],
  ['<', '1.0', '1.0', 'false'],
  ['<', '1', '1.0', 'false'],
  ['<=', '1', '1.0', 'true'],
  ['<', "'1.0'", '1.0', 'null'],
  ['<', "'1'", '1', 'null'],
  ['<', '1', '3.14', 'true'],
  ['>', '3.14', '1', 'true'],
  ['<', "'a'", "'b'", 'true'],
  ['<', "'B'", "'a'", 'true'],
  ['<', "'abc'", "'abc1'", 'true'],
  ['>', "'xx'", "'x'", 'true'],
  ['>', '0', "'x'", 'null'],
  ['<', 'false', 'true', 'true'],
  ['<', 'true', '1', 'null'],
  ['<', '[]', '{}', 'null'],
  ['<', '{a: 1}', '{a: 2}', 'null'],
  ['<', '[1, 2]', '[1, 3]', 'true'],
  ['<', '[1]', "['a']", 'null'],
  ['<', 'null', '1', 'null'],
  ['<', '9007199254740993', '9007199254740992.0', 'false'],
  ['>', '9007199254740993', '9007199254740992.0', 'true'],
];

const logic: Row[] = [
  // Boolean1-3 truth tables
  ...(['true', 'false', 'null'] as const).flatMap((a) =>
    (['true', 'false', 'null'] as const).flatMap((b): Row[] => {
      const t = (x: string): boolean | null => (x === 'null' ? null : x === 'true');
      const x = t(a);
      const y = t(b);
      const andR = x === false || y === false ? false : x === null || y === null ? null : true;
      const orR = x === true || y === true ? true : x === null || y === null ? null : false;
      const xorR = x === null || y === null ? null : x !== y;
      return [
        ['AND', a, b, String(andR)],
        ['OR', a, b, String(orR)],
        ['XOR', a, b, String(xorR)],
      ];
    }),
  ),
  ['AND', '123', 'true', 'error: TypeError/InvalidArgumentType'],
  ['OR', 'false', "'foo'", 'error: TypeError/InvalidArgumentType'],
  ['XOR', '[true]', 'null', 'error: TypeError/InvalidArgumentType'],
];

const membership: Row[] = [
  // Null3 [4]
  ['IN', 'null', 'null', 'null'],
  ['IN', 'null', '[1, 2, 3]', 'null'],
  ['IN', 'null', '[1, 2, 3, null]', 'null'],
  ['IN', 'null', '[]', 'false'],
  ['IN', '1', '[1, 2, 3, null]', 'true'],
  ['IN', '1', '[null, 1]', 'true'],
  ['IN', '5', '[1, 2, 3, null]', 'null'],
  ['IN', '5', '[1, 2, 3]', 'false'],
  ['IN', '1', '[1.0]', 'true'],
  ['IN', '[1]', '[[1], 2]', 'true'],
  ['IN', '[1, 2]', '[[1, null]]', 'null'],
  ['IN', "'exists'", "['exists', 'notMissing']", 'true'],
  ['IN', '1', '1', 'error: TypeError/InvalidArgumentType'],
  // String8-10
  ['STARTS WITH', "'ABCDEF'", "'ABC'", 'true'],
  ['STARTS WITH', "'ABCDEF'", "''", 'true'],
  ['STARTS WITH', "'abc'", "'ABC'", 'false'],
  ['STARTS WITH', "'\\nFoo\\n'", "'\\n'", 'true'],
  ['STARTS WITH', "'abc'", 'null', 'null'],
  ['STARTS WITH', 'null', "'a'", 'null'],
  ['STARTS WITH', '1', '1', 'null'],
  ['STARTS WITH', '[]', '{}', 'null'],
  ['ENDS WITH', "'ABCDEF'", "'DEF'", 'true'],
  ['ENDS WITH', "'AB'", "'ABCDEF'", 'false'],
  ['ENDS WITH', "''", "''", 'true'],
  ['ENDS WITH', '3.14', 'true', 'null'],
  ['CONTAINS', "'ABCDEF'", "'CD'", 'true'],
  ['CONTAINS', "'Foo Foo'", "' '", 'true'],
  ['CONTAINS', "'Foo\\tFoo'", "' '", 'false'],
  ['CONTAINS', "'abcdef'", "'CD'", 'false'],
  ['CONTAINS', "'a'", 'null', 'null'],
  ['CONTAINS', 'true', "'t'", 'null'],
];

function run(op: string, a: string, b: string): Value {
  const f = BINARY_OPERATORS[op];
  if (f === undefined) throw new Error(`no operator ${op}`);
  return f(lit(a), lit(b));
}

describe.each([
  ['arithmetic', arithmetic],
  ['comparison', comparison],
  ['logic', logic],
  ['membership and string predicates', membership],
] as const)('%s', (_name, rows) => {
  it.each(rows.map((r) => [`${r[1]} ${r[0]} ${r[2]} -> ${r[3]}`, r] as const))('%s', (_title, [op, a, b, expected]) => {
    expectOutcome(() => run(op, a, b), expected);
  });
});

describe('unary operators and predicates', () => {
  it('negate', () => {
    expectOutcome(() => negate(lit('5')), '-5');
    expectOutcome(() => negate(lit('-1.5')), '1.5');
    expectOutcome(() => negate(lit('null')), 'null');
    expectOutcome(() => negate(lit(MIN)), 'error: ArithmeticError/IntegerOverflow');
    expectOutcome(() => negate(lit("'a'")), 'error: TypeError/InvalidArgumentType');
  });
  it('not', () => {
    expect(not(true)).toBe(false);
    expect(not(false)).toBe(true);
    expect(not(null)).toBe(null);
    expectOutcome(() => not(0n), 'error: TypeError/InvalidArgumentType');
  });
  it('isTruthy keeps only true', () => {
    expect(isTruthy(true)).toBe(true);
    expect(isTruthy(false)).toBe(false);
    expect(isTruthy(null)).toBe(false);
    expect(isTruthy([])).toBe(false);
    expect(isTruthy([null])).toBe(true);
    expectOutcome(() => isTruthy(1n), 'error: TypeError/InvalidArgumentType');
  });
});

describe('equality of entities', () => {
  const n1 = new NodeValue(1n, 'n1', ['A']);
  const n1again = new NodeValue(1n, 'n1', ['A', 'B']);
  const n2 = new NodeValue(2n, 'n2');
  const loop = new RelationshipValue(7n, 'r7', 'LOOP', 1n, 'n1', 1n, 'n1');
  const eq = BINARY_OPERATORS['=']!;
  it('nodes and relationships by identity', () => {
    expect(eq(n1, n1again)).toBe(true);
    expect(eq(n1, n2)).toBe(false);
    expect(eq(loop, loop)).toBe(true);
    expect(eq(n1, loop)).toBe(false);
    expect(eq(n1, new Map())).toBe(false);
    expect(eq(n1, null)).toBe(null);
  });
  it('paths by their entities, whatever direction they were matched in (Comparison1 [14])', () => {
    const p1 = new PathValue([n1, n1], [loop]);
    const p2 = new PathValue([n1again, n1], [loop]);
    expect(eq(p1, p2)).toBe(true);
    expect(eq(p1, new PathValue([n1], []))).toBe(false);
  });
  it('comparing entities with < is null', () => {
    expect(BINARY_OPERATORS['<']!(n1, n2)).toBe(null);
  });
});

describe('temporal and spatial operands', () => {
  const date = new DateValue(Temporal.PlainDate.from('1984-10-11'));
  const day = new DurationValue(0n, 1n, 0n, 0);
  it('concatenate with strings by their string form', () => {
    expect(BINARY_OPERATORS['+']!('d: ', date)).toBe('d: 1984-10-11');
    expect(BINARY_OPERATORS['+']!(day, '!')).toBe('P1D!');
    expect(BINARY_OPERATORS['+']!('', new PointValue(SRID.cartesian, 1, 2))).toBe("point({x: 1.0, y: 2.0, crs: 'cartesian'})");
  });
  it('delegate arithmetic to the temporal hook', () => {
    const next = BINARY_OPERATORS['+']!(date, day);
    expect(next instanceof DateValue && next.date.toString()).toBe('1984-10-12');
    const minus = negate(day);
    expect(minus instanceof DurationValue && minus.days).toBe(-1n);
    expectOutcome(() => BINARY_OPERATORS['+']!(date, date), 'error: TypeError/InvalidArgumentType');
    expectOutcome(() => BINARY_OPERATORS['+']!(date, 1n), 'error: TypeError/InvalidArgumentType');
  });
  it('compare instants of one type only; durations and points are incomparable', () => {
    const later = new DateValue(Temporal.PlainDate.from('1984-10-12'));
    expect(BINARY_OPERATORS['<']!(date, later)).toBe(true);
    expect(BINARY_OPERATORS['<']!(date, 'x')).toBe(null);
    expect(BINARY_OPERATORS['<']!(day, day)).toBe(null);
    expect(BINARY_OPERATORS['=']!(day, new DurationValue(0n, 1n, 0n, 0))).toBe(true);
    expect(BINARY_OPERATORS['=']!(day, new DurationValue(0n, 0n, 86400n, 0))).toBe(false);
    const p = new PointValue(SRID.cartesian, 1, 2);
    expect(BINARY_OPERATORS['<']!(p, p)).toBe(null);
    expect(BINARY_OPERATORS['=']!(p, new PointValue(SRID.cartesian, 1, 2))).toBe(true);
    expect(BINARY_OPERATORS['=']!(p, new PointValue(SRID.wgs84, 1, 2))).toBe(false);
  });
});
