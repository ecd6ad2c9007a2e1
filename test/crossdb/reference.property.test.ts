// Cross-database queries against a reference: the same random data is loaded once into two
// databases (tenant a, tenant b) and once into one database where each node carries a `tenant`
// property. Each cross-database query shape and its single-database rewrite must return the same
// rows (as multisets; the ones with ORDER BY in order): joins, OPTIONAL joins, aggregation across
// databases, UNION of USE parts, correlated and uncorrelated CALL { USE }.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type QuiverDB, type Session } from '../../src/index.js';
import type { Value } from '../../src/values/types.js';
import { tempDir } from '../support/tmp.js';

let db: QuiverDB;
let cleanup: () => void;
let session: Session;
beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  db = await open(dir, { sync: false });
  session = db.session('neo4j');
});
afterAll(async () => {
  await db?.close();
  cleanup();
});

interface Person {
  readonly email: string | null;
  readonly age: number;
}
interface Tenant {
  readonly people: readonly Person[];
  /** KNOWS relationships by index into `people`. */
  readonly knows: readonly (readonly [number, number])[];
}

const person = fc.record({ email: fc.option(fc.constantFrom('e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'), { freq: 6 }), age: fc.integer({ min: 0, max: 9 }) });
const tenant: fc.Arbitrary<Tenant> = fc
  .array(person, { maxLength: 14 })
  .chain((people) =>
    fc.record({
      people: fc.constant(people),
      knows: people.length === 0 ? fc.constant([]) : fc.array(fc.tuple(fc.nat(people.length - 1), fc.nat(people.length - 1)), { maxLength: 12 }),
    }),
  );

/** A cross-database query and its single-database rewrite (A, B, R stand for the databases). */
interface Shape {
  readonly name: string;
  readonly cross: string;
  readonly reference: string;
  readonly ordered?: boolean;
}

const SHAPES: readonly Shape[] = [
  {
    name: 'join on an equality, with predicates on each side',
    cross: 'MATCH (n:Person) FROM DATABASE A MATCH (m:Person) FROM DATABASE B WHERE n.email = m.email AND n.age >= $min AND m.age <= $max RETURN n.name AS a, m.name AS b',
    reference: "MATCH (n:Person {tenant: 'a'}) MATCH (m:Person {tenant: 'b'}) WHERE n.email = m.email AND n.age >= $min AND m.age <= $max RETURN n.name AS a, m.name AS b",
  },
  {
    name: 'join with a residual predicate across the two sides',
    cross: 'MATCH (n:Person) FROM DATABASE A MATCH (m:Person) FROM DATABASE B WHERE n.email = m.email AND n.age < m.age RETURN n.name AS a, m.name AS b',
    reference: "MATCH (n:Person {tenant: 'a'}) MATCH (m:Person {tenant: 'b'}) WHERE n.email = m.email AND n.age < m.age RETURN n.name AS a, m.name AS b",
  },
  {
    name: 'nested loop (no equality)',
    cross: 'MATCH (n:Person) FROM DATABASE A WHERE n.age > $max MATCH (m:Person) FROM DATABASE B WHERE m.age + n.age = 10 RETURN n.name AS a, m.name AS b',
    reference: "MATCH (n:Person {tenant: 'a'}) WHERE n.age > $max MATCH (m:Person {tenant: 'b'}) WHERE m.age + n.age = 10 RETURN n.name AS a, m.name AS b",
  },
  {
    name: 'join after an expansion in one database',
    cross: 'MATCH (n:Person)-[:KNOWS]->(f:Person) FROM DATABASE A MATCH (m:Person) FROM DATABASE B WHERE f.email = m.email RETURN n.name AS a, f.name AS f, m.name AS b',
    reference: "MATCH (n:Person {tenant: 'a'})-[:KNOWS]->(f:Person) MATCH (m:Person {tenant: 'b'}) WHERE f.email = m.email RETURN n.name AS a, f.name AS f, m.name AS b",
  },
  {
    name: 'OPTIONAL join',
    cross: 'MATCH (n:Person) FROM DATABASE A OPTIONAL MATCH (m:Person) FROM DATABASE B WHERE n.email = m.email AND m.age >= $min RETURN n.name AS a, m.name AS b',
    reference: "MATCH (n:Person {tenant: 'a'}) OPTIONAL MATCH (m:Person {tenant: 'b'}) WHERE n.email = m.email AND m.age >= $min RETURN n.name AS a, m.name AS b",
  },
  {
    name: 'aggregation across databases, ordered',
    cross: 'MATCH (n:Person) FROM DATABASE A MATCH (m:Person) FROM DATABASE B WHERE n.email = m.email RETURN n.email AS e, count(*) AS c, sum(m.age) AS s, collect(DISTINCT n.age) AS ages ORDER BY e',
    reference: "MATCH (n:Person {tenant: 'a'}) MATCH (m:Person {tenant: 'b'}) WHERE n.email = m.email RETURN n.email AS e, count(*) AS c, sum(m.age) AS s, collect(DISTINCT n.age) AS ages ORDER BY e",
    ordered: true,
  },
  {
    name: 'UNION of USE parts',
    cross: 'USE A MATCH (n:Person) WHERE n.age >= $min RETURN n.email AS e UNION USE B MATCH (n:Person) WHERE n.age <= $max RETURN n.email AS e',
    reference: "MATCH (n:Person {tenant: 'a'}) WHERE n.age >= $min RETURN n.email AS e UNION MATCH (n:Person {tenant: 'b'}) WHERE n.age <= $max RETURN n.email AS e",
  },
  {
    name: 'UNION ALL of USE parts inside CALL, aggregated after',
    cross: 'CALL { USE A MATCH (n:Person) RETURN n.email AS e, n.age AS age UNION ALL USE B MATCH (n:Person) RETURN n.email AS e, n.age AS age } RETURN e, count(*) AS c, max(age) AS m ORDER BY e',
    reference: "CALL { MATCH (n:Person {tenant: 'a'}) RETURN n.email AS e, n.age AS age UNION ALL MATCH (n:Person {tenant: 'b'}) RETURN n.email AS e, n.age AS age } RETURN e, count(*) AS c, max(age) AS m ORDER BY e",
    ordered: true,
  },
  {
    name: 'correlated CALL { USE }',
    cross: 'MATCH (n:Person) FROM DATABASE A CALL (n) { USE B MATCH (m:Person) WHERE m.email = n.email RETURN count(m) AS k } RETURN n.name AS a, k',
    reference: "MATCH (n:Person {tenant: 'a'}) CALL (n) { MATCH (m:Person {tenant: 'b'}) WHERE m.email = n.email RETURN count(m) AS k } RETURN n.name AS a, k",
  },
  {
    name: 'uncorrelated CALL { USE } after a MATCH, then a filter',
    cross: 'MATCH (n:Person) FROM DATABASE A CALL { USE B MATCH (m:Person) RETURN max(m.age) AS top } WITH n, top WHERE n.age >= top RETURN n.name AS a, top',
    reference: "MATCH (n:Person {tenant: 'a'}) CALL { MATCH (m:Person {tenant: 'b'}) RETURN max(m.age) AS top } WITH n, top WHERE n.age >= top RETURN n.name AS a, top",
  },
  {
    name: 'a value of one database filters the other (WITH, then MATCH with a pattern property)',
    cross: 'MATCH (n:Person) FROM DATABASE A WITH n.email AS e, n.name AS a MATCH (m:Person {email: e}) FROM DATABASE B RETURN a, m.name AS b ORDER BY a, b LIMIT 7',
    reference: "MATCH (n:Person {tenant: 'a'}) WITH n.email AS e, n.name AS a MATCH (m:Person {email: e, tenant: 'b'}) RETURN a, m.name AS b ORDER BY a, b LIMIT 7",
    ordered: true,
  },
];

let round = 0;

async function load(s: Session, t: Tenant, prefix: string, tenantProp: string | null): Promise<void> {
  const rows: Value[] = t.people.map((p, i) => new Map<string, Value>([['name', `${prefix}${i}`], ['age', BigInt(p.age)], ['email', p.email], ['tenant', tenantProp]]));
  await s.run('UNWIND $rows AS r CREATE (p:Person) SET p = r', { rows });
  const edges: Value[] = t.knows.map(([a, b]) => [`${prefix}${a}`, `${prefix}${b}`]);
  await s.run('UNWIND $edges AS e MATCH (a:Person {name: e[0]}), (b:Person {name: e[1]}) CREATE (a)-[:KNOWS]->(b)', { edges });
}

function canon(rows: readonly (readonly Value[])[], ordered: boolean): string[] {
  const out = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
  return ordered ? out : out.sort();
}

describe('cross-database queries equal their single-database rewrites', () => {
  it('over random data and every query shape', { timeout: 40_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(tenant, tenant, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.boolean(), async (a, b, min, max, indexed) => {
        const n = round++;
        const [A, B, R] = [`xa_${n}`, `xb_${n}`, `xr_${n}`];
        for (const name of [A, B, R]) await db.createDatabase(name);
        // An index in B (sometimes) turns its scans into seeks chosen when the query runs.
        if (indexed) await db.session(B).run('CREATE INDEX FOR (p:Person) ON (p.email)');
        await load(db.session(A), a, 'a', null);
        await load(db.session(B), b, 'b', null);
        await load(db.session(R), a, 'a', 'a');
        await load(db.session(R), b, 'b', 'b');
        const params = { min: BigInt(min), max: BigInt(max) };
        for (const shape of SHAPES) {
          const cross = shape.cross.replace(/\bA\b/g, A).replace(/\bB\b/g, B);
          const got = await session.run(cross, params);
          const want = await db.session(R).run(shape.reference, params);
          expect(got.columns, shape.name).toEqual(want.columns);
          expect(canon(got.rows, shape.ordered === true), `${shape.name}\n${cross}`).toEqual(canon(want.rows, shape.ordered === true));
        }
        for (const name of [A, B, R]) await db.dropDatabase(name);
      }),
      { numRuns: 60 },
    );
  });
});
