// `IS [NOT] :: TYPE` with Neo4j 5 semantics: each row is an expression and its expected value.
import { describe, expect, it } from 'vitest';
import { engineFixture } from '../support/engine.js';
import { isQuiverError, type Session } from '../../src/index.js';

engineFixture('typepred', async (session) => {
  s = session;
  await s.run("CREATE (:N {name: 'n'})-[:R]->(:N)");
});
let s: Session;


const CASES: readonly (readonly [string, boolean])[] = [
  // Scalars; null belongs to every type unless NOT NULL.
  ['42 IS :: INTEGER', true],
  ['42 IS :: FLOAT', false],
  ['4.2 IS :: FLOAT', true],
  ["'abc' IS :: STRING", true],
  ['true IS :: BOOLEAN', true],
  ['true IS :: BOOL', true],
  ["'x' IS :: VARCHAR", true],
  ['1 IS :: INT', true],
  ['1 IS :: SIGNED INTEGER', true],
  ['null IS :: BOOLEAN', true],
  ['null IS :: BOOLEAN NOT NULL', false],
  ['null IS NOT :: DATE', false],
  ['null IS NOT :: DATE NOT NULL', true],
  ["'abc' IS NOT :: STRING", false],
  ['42 IS NOT :: STRING', true],
  ['42 IS TYPED INTEGER', true],
  ['42 :: INTEGER', true],
  // ANY, NOTHING, NULL.
  ['null IS :: ANY', true],
  ['null IS :: ANY NOT NULL', false],
  ['{a: 1} IS :: ANY VALUE', true],
  ['null IS :: NULL', true],
  ['1 IS :: NULL', false],
  ['1 IS :: NOTHING', false],
  ['null IS :: NOTHING', false],
  // Unions.
  ['1.5 IS :: INTEGER | FLOAT', true],
  ["'a' IS :: INTEGER | FLOAT", false],
  ["'a' IS :: ANY<INTEGER | STRING>", true],
  ['null IS :: INTEGER NOT NULL | FLOAT NOT NULL', false],
  // Temporal and spatial.
  ["date('2024-01-02') IS :: DATE", true],
  ["localtime('12:00') IS :: LOCAL TIME", true],
  ["localtime('12:00') IS :: TIME WITHOUT TIME ZONE", true],
  ["time('12:00+01:00') IS :: ZONED TIME", true],
  ["time('12:00+01:00') IS :: LOCAL TIME", false],
  ["localdatetime('2024-01-02T03:04') IS :: LOCAL DATETIME", true],
  ["localdatetime('2024-01-02T03:04') IS :: TIMESTAMP WITHOUT TIME ZONE", true],
  ["datetime('2024-01-02T03:04Z') IS :: ZONED DATETIME", true],
  ["datetime('2024-01-02T03:04Z') IS :: TIMESTAMP WITH TIME ZONE", true],
  ["duration('P1D') IS :: DURATION", true],
  ['point({x: 1, y: 2}) IS :: POINT', true],
  // Lists: every element of the inner type; the empty list is of every list type.
  ['[1, 2] IS :: LIST<INTEGER>', true],
  ['[1, null] IS :: LIST<INTEGER>', true],
  ['[1, null] IS :: LIST<INTEGER NOT NULL>', false],
  ["[1, 'a'] IS :: LIST<INTEGER>", false],
  ["[1, 'a'] IS :: LIST<INTEGER | STRING>", true],
  ['[] IS :: LIST<NOTHING>', true],
  ['[[1], [2]] IS :: LIST<LIST<INTEGER>>', true],
  ['[1, 2] IS :: ARRAY<INTEGER>', true],
  ['[1, 2] IS :: INTEGER LIST', true],
  ['1 IS :: LIST<INTEGER>', false],
  // Maps and property values.
  ['{a: 1} IS :: MAP', true],
  ['{a: 1} IS :: PROPERTY VALUE', false],
  ['[1, 2] IS :: PROPERTY VALUE', true],
  ["[1, 'a'] IS :: PROPERTY VALUE", false],
  ['[1, null] IS :: PROPERTY VALUE', false],
  ["date('2024-01-02') IS :: ANY PROPERTY VALUE", true],
];

describe('IS :: TYPE', () => {
  it.each(CASES)('%s is %s', async (expr, want) => {
    expect((await s.run(`RETURN ${expr} AS v`)).rows).toEqual([[want]]);
  });

  it('tests nodes, relationships and paths', async () => {
    const r = await s.run(
      'MATCH p = (a)-[r]->(b) RETURN a IS :: NODE, a IS :: ANY NODE, a IS :: VERTEX, r IS :: RELATIONSHIP, r IS :: EDGE, p IS :: PATH, a IS :: RELATIONSHIP, a IS :: PROPERTY VALUE, a.name IS :: STRING NOT NULL',
    );
    expect(r.rows).toEqual([[true, true, true, true, true, true, false, false, true]]);
  });

  it('filters rows in WHERE', async () => {
    const r = await s.run("UNWIND [1, 'a', 2.5, null, [1]] AS x WITH x WHERE x IS :: INTEGER | FLOAT NOT NULL RETURN collect(x) AS xs");
    expect(r.rows).toEqual([[[1n, 2.5]]]);
  });

  it('refuses unknown and invalid types at compile time', async () => {
    const fails = (q: string) => expect(s.run(q)).rejects.toSatisfy((e) => isQuiverError(e, 'SyntaxError') && e.phase === 'compile');
    await fails('RETURN 1 IS :: NULL NOT NULL');
    await fails('RETURN 1 IS :: INTEGER<STRING>');
  });
});
