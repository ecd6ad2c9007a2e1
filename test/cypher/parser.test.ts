// The Cypher front end on hand-written statements: precedence, literals, names, patterns, clauses,
// Neo4j 5 additions, FROM DATABASE, schema commands. Kit-wide checks are in kit.test.ts.
import { describe, expect, it } from 'vitest';
import { CstToAst } from '../../src/cypher/cst-to-ast.js';
import type * as A from '../../src/cypher/index.js';
import { parse, print } from '../../src/cypher/index.js';
import { stripPositions } from './ast-compare.js';

/** A fully parenthesised rendering of an expression, to test precedence and associativity. */
function sexp(e: A.Expression): string {
  switch (e.kind) {
    case 'Binary':
      return `(${sexp(e.left)} ${e.operator} ${sexp(e.right)})`;
    case 'Unary':
      return `(${e.operator} ${sexp(e.operand)})`;
    case 'Comparison':
      return `(${e.operands.map((o, i) => (i === 0 ? '' : `${e.operators[i - 1]} `) + sexp(o)).join(' ')})`;
    case 'IsNull':
      return `(${sexp(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'Literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'Variable':
      return e.name;
    case 'PropertyAccess':
      return `${sexp(e.object)}.${e.key}`;
    case 'HasLabels':
      return `(${sexp(e.expression)}:${print({ kind: 'SingleQuery', pos: e.pos, clauses: [] }) === '' ? 'L' : 'L'})`;
    case 'FunctionCall':
      return `${e.name}(${e.args.map(sexp).join(', ')})`;
    default:
      return e.kind;
  }
}

function returned(q: string, i = 0): A.Expression {
  const s = parse(q) as A.SingleQuery;
  const r = s.clauses[s.clauses.length - 1] as A.ReturnClause;
  return r.projection.items[i]!.expression;
}
const rx = (e: string): string => sexp(returned(`RETURN ${e}`));

function roundTrip(q: string): void {
  const a = parse(q);
  expect(stripPositions(parse(print(a)))).toEqual(stripPositions(a));
}

describe('the CST visitor', () => {
  it('has a method for every grammar rule and no others', () => {
    expect(() => new CstToAst().validateVisitor()).not.toThrow();
  });
});

describe('operator precedence (openCypher)', () => {
  it.each([
    ['true OR true XOR true', '(true OR (true XOR true))'],
    ['true XOR false AND false', '(true XOR (false AND false))'],
    ['NOT true AND false', '((NOT true) AND false)'],
    ['NOT false >= false', '(NOT (false >= false))'],
    ['true OR false = false', '(true OR (false = false))'],
    ['false = true IS NULL', '(false = (true IS NULL))'],
    ['NOT a IS NULL', '(NOT (a IS NULL))'],
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['2 ^ 3 ^ 2', '((2 ^ 3) ^ 2)'],
    ['-2 ^ 2', '(-2 ^ 2)'],
    ['- x ^ 2', '((- x) ^ 2)'],
    ['4 / 2 % 3 * 5', '(((4 / 2) % 3) * 5)'],
    ['a IN b IS NULL', '((a IN b) IS NULL)'],
    ['1 + 2 IN [3]', '((1 + 2) IN ListLiteral)'],
    ["'a' + 'b' STARTS WITH 'a'", "(('a' + 'b') STARTS WITH 'a')"],
    ['a = b < c', '(a = b < c)'],
    ['a < b AND b < c OR d', '(((a < b) AND (b < c)) OR d)'],
    ['n.a.b + 1', '(n.a.b + 1)'],
    ['a =~ b = c', '((a =~ b) = c)'],
  ])('%s', (input, expected) => {
    expect(rx(input)).toBe(expected);
  });

  it('rejects NOT as the operand of a tighter operator', () => {
    expect(() => parse('RETURN 1 + NOT true')).toThrow(/NOT/);
    expect(() => parse('RETURN a = NOT b')).toThrow(/NOT/);
  });

  it('chains comparisons into one node', () => {
    const e = returned('RETURN 1 < 2 <= 3 <> 4') as A.Comparison;
    expect(e.kind).toBe('Comparison');
    expect(e.operators).toEqual(['<', '<=', '<>']);
    expect(e.operands).toHaveLength(4);
  });
});

describe('literals', () => {
  const lit = (s: string): unknown => (returned(`RETURN ${s}`) as A.Literal).value;
  it('reads integers as bigint in every base', () => {
    expect(lit('42')).toBe(42n);
    expect(lit('0x1F')).toBe(31n);
    expect(lit('0XE')).toBe(14n);
    expect(lit('0o17')).toBe(15n);
    expect(lit('-9223372036854775808')).toBe(-(2n ** 63n));
    expect(lit('9223372036854775807')).toBe(2n ** 63n - 1n);
    expect(lit('-0x8000000000000000')).toBe(-(2n ** 63n));
  });
  it('rejects integers out of the 64-bit range at parse time', () => {
    expect(() => parse('RETURN 9223372036854775808')).toThrow(/integer is too large/);
    expect(() => parse('RETURN -9223372036854775809')).toThrow(/integer is too large/);
    expect(() => parse('RETURN 0x8000000000000000')).toThrow(/integer is too large/);
    expect(() => parse('RETURN 123abc')).toThrow(/invalid number literal/);
  });
  it('reads floats with fractions and exponents as numbers', () => {
    expect(lit('1.5')).toBe(1.5);
    expect(lit('.5')).toBe(0.5);
    expect(lit('1e3')).toBe(1000);
    expect(lit('1.5E-3')).toBe(0.0015);
    expect(lit('-2.5e+2')).toBe(-250);
    expect(typeof lit('1.0')).toBe('number');
    expect(() => parse('RETURN 1e400')).toThrow(/too large/);
  });
  it('unescapes strings', () => {
    expect(lit(String.raw`'a\'b\"c\\d\ne\tf\u0041\U0001F600'`)).toBe('a\'b"c\\d\ne\tfA😀');
    expect(lit(`"it's"`)).toBe("it's");
    expect(lit("''")).toBe('');
    expect(() => parse(String.raw`RETURN '\uH'`)).toThrow(/escape/);
    expect(() => parse(String.raw`RETURN '\q'`)).toThrow(/escape/);
  });
  it('reads null, booleans, lists and maps', () => {
    expect(lit('null')).toBe(null);
    expect(lit('TRUE')).toBe(true);
    expect(returned('RETURN [1, [2], {}]').kind).toBe('ListLiteral');
    const m = returned('RETURN {a: 1, `b c`: 2, match: 3}') as A.MapLiteral;
    expect(m.entries.map((e) => e.key)).toEqual(['a', 'b c', 'match']);
  });
  it('reads backtick names with escaped backticks', () => {
    const e = returned('WITH 1 AS `a``b` RETURN `a``b`') as A.Variable;
    expect(e).toMatchObject({ kind: 'Variable', name: 'a`b' });
  });
  it('reads parameters', () => {
    expect(returned('RETURN $p')).toMatchObject({ kind: 'Parameter', name: 'p' });
    expect(returned('RETURN $0')).toMatchObject({ kind: 'Parameter', name: '0' });
    expect(returned('RETURN $`a b`')).toMatchObject({ kind: 'Parameter', name: 'a b' });
  });
});

describe('keywords as names', () => {
  it('allows soft keywords as variables and any keyword as a property, label or key', () => {
    expect(returned('WITH 1 AS count RETURN count')).toMatchObject({ kind: 'Variable', name: 'count' });
    expect(returned('MATCH ()-[r]->() RETURN r.end')).toMatchObject({ kind: 'PropertyAccess', key: 'end' });
    expect(returned('MATCH (n) RETURN n.type')).toMatchObject({ kind: 'PropertyAccess', key: 'type' });
    expect(returned('MATCH (n:Match:Return) RETURN n')).toMatchObject({ kind: 'Variable' });
    expect(returned('WITH 1 AS index, 2 AS user, 3 AS database RETURN index + user + database').kind).toBe('Binary');
    expect(returned('RETURN count(*)').kind).toBe('CountStar');
    expect(returned('WITH [1] AS any RETURN any').kind).toBe('Variable');
  });
  it('is case-insensitive for keywords', () => {
    expect(parse('match (n) return n').kind).toBe('SingleQuery');
    expect(parse('MaTcH (n) ReTuRn DiStInCt n').kind).toBe('SingleQuery');
  });
});

describe('patterns', () => {
  const match = (q: string): A.MatchClause => (parse(q) as A.SingleQuery).clauses[0] as A.MatchClause;
  it('reads directions, types, properties and variable length', () => {
    const m = match('MATCH p = (a:A {x: 1})<-[r:T|U*2..5 {y: 2}]-(b)-->(c)--(d) RETURN p');
    const part = m.pattern.parts[0]!;
    expect(part.variable?.name).toBe('p');
    const [r1, r2, r3] = part.element.relationships;
    expect(r1).toMatchObject({ direction: 'in', variable: { name: 'r' }, length: { min: 2n, max: 5n, exact: false } });
    expect(r1!.types).toMatchObject({ kind: 'LabelOr', operands: [{ name: 'T' }, { name: 'U' }] });
    expect(r2).toMatchObject({ direction: 'out', types: null, length: null });
    expect(r3).toMatchObject({ direction: 'both' });
  });
  it.each([
    ['*', null, null, false],
    ['*3', 3n, 3n, true],
    ['*..4', null, 4n, false],
    ['*2..', 2n, null, false],
    ['*1..3', 1n, 3n, false],
  ])('reads the range %s', (range, min, max, exact) => {
    const r = match(`MATCH (a)-[${range}]->(b) RETURN a`).pattern.parts[0]!.element.relationships[0]!;
    expect(r.length).toMatchObject({ min, max, exact });
  });
  it('reads shortestPath and allShortestPaths', () => {
    expect(match('MATCH p = shortestPath((a)-[*]-(b)) RETURN p').pattern.parts[0]!.selector).toBe('shortestPath');
    expect(match('MATCH p = allShortestPaths((a)-[*]-(b)) RETURN p').pattern.parts[0]!.selector).toBe('allShortestPaths');
  });
  it('reads label expressions', () => {
    const labels = (q: string): A.LabelExpression | null => match(q).pattern.parts[0]!.element.nodes[0]!.labels;
    expect(labels('MATCH (n:A:B) RETURN n')).toMatchObject({ kind: 'LabelAnd', colon: true });
    expect(labels('MATCH (n:A&B) RETURN n')).toMatchObject({ kind: 'LabelAnd', colon: false });
    expect(labels('MATCH (n:!A) RETURN n')).toMatchObject({ kind: 'LabelNot', operand: { name: 'A' } });
    expect(labels('MATCH (n:%) RETURN n')).toMatchObject({ kind: 'LabelWildcard' });
    expect(labels('MATCH (n:(A|B)&!C) RETURN n')).toMatchObject({ kind: 'LabelAnd', operands: [{ kind: 'LabelOr' }, { kind: 'LabelNot' }] });
    expect(returned('MATCH (n) RETURN n:A|B')).toMatchObject({ kind: 'HasLabels', labels: { kind: 'LabelOr' } });
  });
  it('reads node and relationship WHERE (Neo4j 5)', () => {
    const m = match('MATCH (a WHERE a.x > 1)-[r WHERE r.w < 2]->(b) RETURN a');
    expect(m.pattern.parts[0]!.element.nodes[0]!.where?.kind).toBe('Comparison');
    expect(m.pattern.parts[0]!.element.relationships[0]!.where?.kind).toBe('Comparison');
  });
  it('tells pattern predicates from parenthesised expressions', () => {
    expect(returned('MATCH (n) RETURN (n)-->()').kind).toBe('PatternExpression');
    expect(returned('WITH 1 AS n RETURN (n) - 1').kind).toBe('Binary');
    expect(returned('WITH 1 AS n RETURN (n) - [1]').kind).toBe('Binary');
    expect(returned('WITH 1 AS n RETURN (n)').kind).toBe('Variable');
    const w = (parse('MATCH (a) WHERE NOT (a)-[:R]->(:B) RETURN a') as A.SingleQuery).clauses[0] as A.MatchClause;
    expect(w.where).toMatchObject({ kind: 'Unary', operand: { kind: 'PatternExpression' } });
  });
});

describe('expressions', () => {
  it('reads CASE in both forms', () => {
    expect(returned('RETURN CASE x WHEN 1 THEN 2 ELSE 3 END')).toMatchObject({ kind: 'Case', test: { name: 'x' }, else: { value: 3n } });
    expect(returned('RETURN CASE WHEN a THEN 1 WHEN b THEN 2 END')).toMatchObject({ kind: 'Case', test: null, else: null });
  });
  it('reads comprehensions, quantifiers and reduce', () => {
    expect(returned('RETURN [x IN l WHERE x > 1 | x * 2]')).toMatchObject({ kind: 'ListComprehension', variable: { name: 'x' } });
    expect(returned('RETURN [x IN l]')).toMatchObject({ kind: 'ListComprehension', where: null, projection: null });
    expect(returned('MATCH (a) RETURN [p = (a)-->(b) WHERE b.x | b.y]')).toMatchObject({ kind: 'PatternComprehension', variable: { name: 'p' } });
    expect(returned('MATCH (a) RETURN [(a)-->(b) | b]')).toMatchObject({ kind: 'PatternComprehension', variable: null });
    for (const q of ['ALL', 'ANY', 'NONE', 'SINGLE']) expect(returned(`RETURN ${q.toLowerCase()}(x IN l WHERE x)`)).toMatchObject({ kind: 'Quantifier', quantifier: q });
    expect(returned('RETURN reduce(s = 0, x IN l | s + x)')).toMatchObject({ kind: 'Reduce', accumulator: { name: 's' } });
  });
  it('reads map projections', () => {
    const e = returned('MATCH (n) RETURN n {.name, .*, k: 1, x}') as A.MapProjection;
    expect(e.items.map((i) => i.kind)).toEqual(['PropertySelector', 'AllPropertiesSelector', 'LiteralEntry', 'VariableSelector']);
  });
  it('reads EXISTS, COUNT and COLLECT subqueries (the short form as MATCH)', () => {
    expect(returned('MATCH (n) RETURN EXISTS { (n)-->() WHERE true }')).toMatchObject({ kind: 'ExistsSubquery', query: { kind: 'SingleQuery', clauses: [{ kind: 'Match', where: { value: true } }] } });
    expect(returned('MATCH (n) RETURN COUNT { MATCH (n)-->(m) RETURN m }')).toMatchObject({ kind: 'CountSubquery' });
    expect(returned('MATCH (n) RETURN COLLECT { MATCH (n)-->(m) RETURN m.x }')).toMatchObject({ kind: 'CollectSubquery' });
    expect(returned('MATCH (n) RETURN exists(n.x)')).toMatchObject({ kind: 'FunctionCall', name: 'exists' });
  });
  it('reads function calls with namespaces and DISTINCT', () => {
    expect(returned('RETURN date.truncate("day", x)')).toMatchObject({ kind: 'FunctionCall', namespace: ['date'], name: 'truncate' });
    expect(returned('RETURN count(DISTINCT x)')).toMatchObject({ kind: 'FunctionCall', distinct: true });
    expect(() => parse('RETURN foo(*)')).toThrow(/count\(\*\)/);
  });
  it('reads subscripts, slices and IS [NOT] :: TYPE', () => {
    expect(returned('RETURN l[1..2]')).toMatchObject({ kind: 'Slice' });
    expect(returned('RETURN l[..2]')).toMatchObject({ kind: 'Slice', from: null });
    expect(returned('RETURN m["k"]')).toMatchObject({ kind: 'Subscript' });
    expect(returned('RETURN x IS :: INTEGER')).toMatchObject({ kind: 'IsType', negated: false, type: { alternatives: [{ name: 'INTEGER' }] } });
    expect(returned('RETURN x IS NOT :: LIST<STRING NOT NULL> | NULL')).toMatchObject({ kind: 'IsType', negated: true });
    expect(returned('RETURN x :: ZONED DATETIME')).toMatchObject({ kind: 'IsType', type: { alternatives: [{ name: 'ZONED DATETIME' }] } });
  });
});

describe('clauses', () => {
  const clauses = (q: string): readonly A.Clause[] => (parse(q) as A.SingleQuery).clauses;
  it('reads projections with DISTINCT, *, ORDER BY, SKIP, LIMIT', () => {
    const r = clauses('MATCH (n) WITH DISTINCT *, n.x AS x ORDER BY x DESC, n SKIP 1 LIMIT $l WHERE x > 0 RETURN x')[1] as A.WithClause;
    expect(r.projection).toMatchObject({ distinct: true, star: true, skip: { value: 1n }, limit: { kind: 'Parameter' } });
    expect(r.projection.orderBy.map((o) => o.descending)).toEqual([true, false]);
    expect(r.where?.kind).toBe('Comparison');
  });
  it('reads updating clauses', () => {
    const cs = clauses('MATCH (n) SET n.x = 1, n += {y: 2}, n = {}, n:A:B, n[$k] = 3 REMOVE n.x, n:A DETACH DELETE n');
    expect((cs[1] as A.SetClause).items.map((i) => i.kind)).toEqual(['SetProperty', 'SetAllProperties', 'SetAllProperties', 'SetLabels', 'SetProperty']);
    expect((cs[2] as A.RemoveClause).items.map((i) => i.kind)).toEqual(['RemoveProperty', 'RemoveLabels']);
    expect(cs[3]).toMatchObject({ kind: 'Delete', detach: true });
    expect(() => parse('MATCH (n) SET n.x')).toThrow(/SET item/);
    expect(() => parse('MATCH (n) SET 1 = 2')).toThrow();
  });
  it('reads MERGE with actions, UNWIND, FOREACH, LOAD CSV, UNION', () => {
    expect(clauses('MERGE (n:A {id: 1}) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2')[0]).toMatchObject({ kind: 'Merge', actions: [{ on: 'CREATE' }, { on: 'MATCH' }] });
    expect(clauses('UNWIND [1] AS x RETURN x')[0]).toMatchObject({ kind: 'Unwind', variable: { name: 'x' } });
    expect(clauses('FOREACH (x IN [1] | CREATE (:A) SET x.y = 1)')[0]).toMatchObject({ kind: 'Foreach', clauses: [{ kind: 'Create' }, { kind: 'Set' }] });
    expect(clauses("LOAD CSV WITH HEADERS FROM 'file:///a.csv' AS row FIELDTERMINATOR ';' RETURN row")[0]).toMatchObject({ kind: 'LoadCsv', withHeaders: true, fieldTerminator: ';' });
    expect(parse('RETURN 1 AS a UNION ALL RETURN 2 AS a UNION RETURN 3 AS a')).toMatchObject({ kind: 'Union', all: [true, false] });
  });
  it('reads procedure calls', () => {
    expect(clauses('CALL db.labels')[0]).toMatchObject({ kind: 'CallProcedure', namespace: ['db'], name: 'labels', args: null, yield: null });
    expect(clauses('CALL db.labels() YIELD label AS l WHERE l <> "" RETURN l')[0]).toMatchObject({ args: [], yield: [{ field: 'label', alias: { name: 'l' } }], where: { kind: 'Comparison' } });
    expect(clauses('CALL test.my.proc(1, 2) YIELD *')[0]).toMatchObject({ namespace: ['test', 'my'], yield: '*' });
  });
  it('reads CALL subqueries in every form', () => {
    expect(clauses('CALL { RETURN 1 AS x } RETURN x')[0]).toMatchObject({ kind: 'CallSubquery', scope: null, inTransactions: null });
    expect(clauses('WITH 1 AS a CALL (a) { RETURN a AS b } RETURN b')[1]).toMatchObject({ scope: [{ name: 'a' }] });
    expect(clauses('WITH 1 AS a CALL (*) { RETURN a AS b } RETURN b')[1]).toMatchObject({ scope: '*' });
    expect(clauses('UNWIND [1] AS x CALL { WITH x CREATE (:A {x: x}) } IN TRANSACTIONS OF 100 ROWS ON ERROR CONTINUE REPORT STATUS AS s')[1]).toMatchObject({
      inTransactions: { batchSize: { value: 100n }, onError: 'CONTINUE', reportStatusAs: { name: 's' }, concurrent: null },
    });
    expect(clauses('UNWIND [1] AS x CALL { CREATE (:A) } IN 4 CONCURRENT TRANSACTIONS')[1]).toMatchObject({ inTransactions: { concurrent: { concurrency: { value: 4n } } } });
    expect(clauses('OPTIONAL CALL { RETURN 1 AS x } RETURN x')[0]).toMatchObject({ optional: true });
  });
  it('reads USE, EXPLAIN and PROFILE', () => {
    expect(clauses('USE tenant_a MATCH (n) RETURN n')[0]).toMatchObject({ kind: 'Use', graph: { kind: 'DatabaseName', name: 'tenant_a' }, args: null });
    expect(clauses('USE composite.`tenant-a` RETURN 1')[0]).toMatchObject({ graph: { name: 'composite.tenant-a' } });
    expect(clauses('USE graph.byName($g) RETURN 1')[0]).toMatchObject({ graph: { name: 'graph.byName' }, args: [{ kind: 'Parameter' }] });
    expect(parse('EXPLAIN MATCH (n) RETURN n')).toMatchObject({ kind: 'Explain', mode: 'EXPLAIN', statement: { kind: 'SingleQuery' } });
    expect(parse('profile RETURN 1')).toMatchObject({ kind: 'Explain', mode: 'PROFILE' });
    expect(() => parse('EXPLAIN SHOW DATABASES')).toThrow(/only supported for queries/);
    expect(parse('RETURN 1;').kind).toBe('SingleQuery');
  });
});

describe('FROM DATABASE (our extension)', () => {
  const clauses = (q: string): readonly A.Clause[] => (parse(q) as A.SingleQuery).clauses;
  it('attaches to MATCH, OPTIONAL MATCH, CREATE, MERGE, SET, REMOVE and DELETE', () => {
    const cs = clauses(
      'MATCH (n:Person) FROM DATABASE tenant_a WHERE n.x = 1 OPTIONAL MATCH (m) FROM DATABASE $db ' +
        'CREATE (:Invoice) FROM DATABASE billing MERGE (k:K) FROM DATABASE `tenant-b` ON CREATE SET k.x = 1 ' +
        'SET n.y = 2 FROM DATABASE tenant_a REMOVE n.y FROM DATABASE tenant_a DETACH DELETE m FROM DATABASE comp.alias',
    );
    expect(cs.map((c) => (c as { fromDatabase?: A.DatabaseRef | null }).fromDatabase)).toMatchObject([
      { kind: 'DatabaseName', name: 'tenant_a' },
      { kind: 'Parameter', name: 'db' },
      { name: 'billing' },
      { name: 'tenant-b' },
      { name: 'tenant_a' },
      { name: 'tenant_a' },
      { name: 'comp.alias' },
    ]);
    expect((cs[0] as A.MatchClause).where?.kind).toBe('Comparison');
  });
  it('accepts FROM DATABASE after the WHERE of a MATCH, but only once', () => {
    expect((clauses('MATCH (n) WHERE n.x FROM DATABASE a RETURN n')[0] as A.MatchClause).fromDatabase).toMatchObject({ name: 'a' });
    expect(() => parse('MATCH (n) FROM DATABASE a WHERE n.x FROM DATABASE b RETURN n')).toThrow(/once/);
  });
  it('round-trips', () => {
    roundTrip('MATCH (n:Person) FROM DATABASE tenant_a MATCH (m:Person) FROM DATABASE tenant_b WHERE n.email = m.email RETURN n.email, n.name, m.name');
    roundTrip('MATCH (o:Order) FROM DATABASE sales CREATE (:Invoice {order: o.id}) FROM DATABASE billing');
    roundTrip('CALL { USE tenant_a MATCH (n:Person) RETURN n.name AS name UNION ALL USE tenant_b MATCH (n:Person) RETURN n.name AS name } RETURN name');
  });
});

describe('schema commands', () => {
  it('reads CREATE INDEX in the Neo4j 5 and 4 forms', () => {
    expect(parse('CREATE INDEX idx IF NOT EXISTS FOR (n:Person) ON (n.name, n.age) OPTIONS {indexProvider: "range-1.0"}')).toMatchObject({
      kind: 'CreateIndex', name: { name: 'idx' }, ifNotExists: true, indexType: null, syntax: 'FOR',
      entity: { entity: 'NODE', variable: 'n', labels: { name: 'Person' } },
      properties: [{ variable: 'n', key: 'name' }, { key: 'age' }], options: { kind: 'MapLiteral' },
    });
    expect(parse('CREATE TEXT INDEX FOR ()-[r:KNOWS]-() ON (r.since)')).toMatchObject({ indexType: 'TEXT', name: null, entity: { entity: 'RELATIONSHIP', labels: { name: 'KNOWS' } } });
    expect(parse('CREATE LOOKUP INDEX FOR (n) ON EACH labels(n)')).toMatchObject({ indexType: 'LOOKUP', each: { function: 'labels' }, entity: { labels: null } });
    expect(parse('CREATE FULLTEXT INDEX ft FOR (n:A|B) ON EACH [n.x, n.y]')).toMatchObject({ indexType: 'FULLTEXT', each: 'list' });
    expect(parse('CREATE INDEX ON :Person(name, age)')).toMatchObject({ syntax: 'ON', properties: [{ key: 'name' }, { key: 'age' }] });
    expect(parse('CREATE OR REPLACE RANGE INDEX $name FOR (n:P) ON (n.x)')).toMatchObject({ orReplace: true, name: { kind: 'Parameter', name: 'name' } });
  });
  it('reads CREATE CONSTRAINT in the Neo4j 5 and 4 forms', () => {
    expect(parse('CREATE CONSTRAINT c FOR (n:Person) REQUIRE n.email IS UNIQUE')).toMatchObject({ kind: 'CreateConstraint', syntax: 'FOR', spec: { constraint: 'UNIQUE' } });
    expect(parse('CREATE CONSTRAINT IF NOT EXISTS FOR (n:P) REQUIRE (n.a, n.b) IS NODE KEY')).toMatchObject({ ifNotExists: true, spec: { constraint: 'NODE_KEY', parenthesized: true } });
    expect(parse('CREATE CONSTRAINT FOR ()-[r:R]-() REQUIRE r.x IS NOT NULL')).toMatchObject({ entity: { entity: 'RELATIONSHIP' }, spec: { constraint: 'NOT_NULL' } });
    expect(parse('CREATE CONSTRAINT FOR (n:P) REQUIRE n.x IS :: INTEGER')).toMatchObject({ spec: { constraint: 'PROPERTY_TYPE', type: { alternatives: [{ name: 'INTEGER' }] } } });
    expect(parse('CREATE CONSTRAINT ON (n:P) ASSERT n.x IS UNIQUE')).toMatchObject({ syntax: 'ON', spec: { constraint: 'UNIQUE' } });
    expect(parse('CREATE CONSTRAINT ON (n:P) ASSERT exists(n.x)')).toMatchObject({ spec: { constraint: 'NOT_NULL', form: 'EXISTS' } });
    expect(() => parse('CREATE CONSTRAINT FOR (n:P) ASSERT n.x IS UNIQUE')).toThrow(/REQUIRE/);
  });
  it('reads DROP and SHOW', () => {
    expect(parse('DROP INDEX idx IF EXISTS')).toMatchObject({ kind: 'DropIndex', name: { name: 'idx' }, ifExists: true, on: null });
    expect(parse('DROP INDEX ON :P(x)')).toMatchObject({ kind: 'DropIndex', on: { label: 'P', properties: ['x'] } });
    expect(parse('DROP CONSTRAINT $c')).toMatchObject({ kind: 'DropConstraint', name: { kind: 'Parameter' } });
    expect(parse('DROP CONSTRAINT ON (n:P) ASSERT n.x IS UNIQUE')).toMatchObject({ kind: 'DropConstraint', on: { spec: { constraint: 'UNIQUE' } } });
    expect(parse('SHOW INDEXES')).toMatchObject({ kind: 'ShowIndexes', filter: [], tail: null });
    expect(parse('SHOW RANGE INDEXES YIELD name, type WHERE type = "RANGE" RETURN name')).toMatchObject({ kind: 'ShowIndexes', filter: ['RANGE'], tail: { yield: { items: [{ field: 'name' }, { field: 'type' }] } } });
    expect(parse('SHOW ALL CONSTRAINTS')).toMatchObject({ kind: 'ShowConstraints', filter: ['ALL'] });
    expect(parse('SHOW NODE KEY CONSTRAINTS WHERE name = "x"')).toMatchObject({ kind: 'ShowConstraints', filter: ['NODE', 'KEY'], tail: { yield: null } });
  });
  it('round-trips', () => {
    for (const q of [
      'CREATE INDEX idx IF NOT EXISTS FOR (n:Person) ON (n.name, n.age)',
      'CREATE POINT INDEX FOR ()-[r:R]->() ON (r.p) OPTIONS {}',
      'CREATE LOOKUP INDEX FOR ()-[r]-() ON EACH type(r)',
      'CREATE INDEX ON :Person(name)',
      'CREATE CONSTRAINT c FOR (n:P) REQUIRE (n.a, n.b) IS NODE KEY',
      'CREATE CONSTRAINT FOR (n:P) REQUIRE n.x IS TYPED LIST<INTEGER NOT NULL>',
      'DROP CONSTRAINT ON (n:P) ASSERT n.x IS UNIQUE',
      'SHOW TEXT INDEXES YIELD * ORDER BY name SKIP 1 LIMIT 2 WHERE true RETURN name',
    ]) roundTrip(q);
  });
});
