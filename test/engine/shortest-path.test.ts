// shortestPath / allShortestPaths on small graphs with known answers: directions, types, length
// bounds, property predicates, no path (no row; null under OPTIONAL MATCH), path counts.
import { describe, expect, it } from 'vitest';
import { engineFixture } from '../support/engine.js';
import { isQuiverError, type Session } from '../../src/index.js';

engineFixture('spaths', async (session) => {
  s = session;
  // A diamond a->b->d, a->c->d (two shortest R paths), a long R detour a->x->y->z->d, and d-[:S]->a.
  await s.run(`
  CREATE (a:A {name: 'a'}), (b {name: 'b'}), (c {name: 'c'}), (d:B {name: 'd'}),
         (x {name: 'x'}), (y {name: 'y'}), (z {name: 'z'}), (lone:B {name: 'lone'}),
         (a)-[:R {w: 1}]->(b)-[:R {w: 1}]->(d),
         (a)-[:R {w: 2}]->(c)-[:R {w: 1}]->(d),
         (a)-[:R {w: 1}]->(x)-[:R {w: 1}]->(y)-[:R {w: 1}]->(z)-[:R {w: 1}]->(d),
         (d)-[:S]->(a)`);
  // A 3x3 grid of G nodes: 6 shortest paths between opposite corners.
  await s.run(`
  UNWIND range(0, 2) AS i UNWIND range(0, 2) AS j CREATE (:G {i: i, j: j})`);
  await s.run(`
  MATCH (p:G), (q:G)
  WHERE (q.i = p.i + 1 AND q.j = p.j) OR (q.i = p.i AND q.j = p.j + 1)
  CREATE (p)-[:E]->(q)`);
  // A chain of 12 C nodes with a shortcut from 0 to 8.
  await s.run('UNWIND range(0, 11) AS i CREATE (:C {i: i})');
  await s.run('MATCH (p:C), (q:C) WHERE q.i = p.i + 1 CREATE (p)-[:N]->(q)');
  await s.run("MATCH (p:C {i: 0}), (q:C {i: 8}) CREATE (p)-[:N {shortcut: true}]->(q)");
});
let s: Session;


const rows = async (q: string, params?: Record<string, unknown>) => (await s.run(q, params as never)).rows.map((r) => [...r]);
const AD = "MATCH (a {name: 'a'}), (d {name: 'd'}) ";

describe('shortestPath', () => {
  it('finds a shortest path along directed relationships of a type', async () => {
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:R*]->(d)) RETURN length(p)')).toEqual([[2n]]);
    const [[names]] = await rows(AD + 'MATCH p = shortestPath((a)-[:R*]->(d)) RETURN [n IN nodes(p) | n.name]');
    expect([['a', 'b', 'd'], ['a', 'c', 'd']]).toContainEqual(names);
  });

  it('honours direction: against the arrows there is no R path, S goes straight back', async () => {
    expect(await rows(AD + 'MATCH p = shortestPath((d)-[:R*]->(a)) RETURN p')).toEqual([]);
    expect(await rows(AD + 'MATCH p = shortestPath((d)-[*]->(a)) RETURN length(p)')).toEqual([[1n]]);
    expect(await rows(AD + 'MATCH p = shortestPath((d)-[:R*]-(a)) RETURN length(p)')).toEqual([[2n]]);
    // Written from d against incoming arrows: the path starts at d, relationships keep their direction.
    const [[names, starts]] = await rows(AD + 'MATCH p = shortestPath((d)<-[:R*]-(a)) RETURN [n IN nodes(p) | n.name], [r IN relationships(p) | startNode(r).name]');
    expect((names as string[])[0]).toBe('d');
    expect((names as string[])[2]).toBe('a');
    expect((starts as string[])[1]).toBe('a');
  });

  it('restricts types and the maximum length', async () => {
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:S*]-(d)) RETURN length(p)')).toEqual([[1n]]);
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:R*..1]->(d)) RETURN p')).toEqual([]);
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:R*..2]->(d)) RETURN length(p)')).toEqual([[2n]]);
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:!S*]-(d)) RETURN length(p)')).toEqual([[2n]]);
  });

  it('binds the relationship variable as a list (or one relationship without *)', async () => {
    expect(await rows(AD + 'MATCH shortestPath((a)-[r:R*]->(d)) RETURN size(r), [x IN r | type(x)]')).toEqual([[2n, ['R', 'R']]]);
    expect(await rows("MATCH (a {name: 'a'}), (b {name: 'b'}) MATCH p = shortestPath((a)-[r:R]->(b)) RETURN type(r), length(p)")).toEqual([['R', 1n]]);
  });

  it('filters relationships by a property map', async () => {
    // Only a-b-d has w = 1 throughout among the length-2 paths.
    expect(await rows(AD + 'MATCH p = allShortestPaths((a)-[:R* {w: 1}]->(d)) RETURN [n IN nodes(p) | n.name]')).toEqual([[['a', 'b', 'd']]]);
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:R* {w: $w}]->(d)) RETURN length(p)', { w: 3n })).toEqual([]);
  });

  it('yields no row without a path, and null under OPTIONAL MATCH', async () => {
    expect(await rows("MATCH (a {name: 'a'}), (l {name: 'lone'}) MATCH p = shortestPath((a)-[*]-(l)) RETURN p")).toEqual([]);
    expect(await rows("MATCH (a {name: 'a'}), (l {name: 'lone'}) OPTIONAL MATCH p = shortestPath((a)-[*]-(l)) RETURN a.name, p")).toEqual([['a', null]]);
  });

  it('plans unbound endpoints itself, by label', async () => {
    expect(await rows('MATCH p = shortestPath((a:A)-[:R*..5]->(b:B)) RETURN b.name, length(p)')).toEqual([['d', 2n]]);
  });

  it('between a node and itself: the empty path when length 0 is allowed, else none', async () => {
    expect(await rows("MATCH (a {name: 'a'}) MATCH p = shortestPath((a)-[*0..]-(a)) RETURN length(p)")).toEqual([[0n]]);
    expect(await rows("MATCH (a {name: 'a'}) MATCH p = shortestPath((a)-[*]-(a)) RETURN p")).toEqual([]);
  });

  it('takes a shortcut on a long chain (bidirectional search meets in the middle)', async () => {
    const q = 'MATCH (p:C {i: 0}), (q:C {i: 11}) MATCH path = shortestPath((p)-[:N*]->(q)) RETURN length(path), [n IN nodes(path) | n.i]';
    expect(await rows(q)).toEqual([[4n, [0n, 8n, 9n, 10n, 11n]]]);
    expect(await rows('MATCH (p:C {i: 11}), (q:C {i: 0}) MATCH path = shortestPath((p)-[:N*]-(q)) RETURN length(path)')).toEqual([[4n]]);
    expect(await rows('MATCH (p:C {i: 2}), (q:C {i: 7}) MATCH path = shortestPath((p)-[:N*]->(q)) RETURN length(path)')).toEqual([[5n]]);
  });
});

describe('shortest paths with a WHERE on the path', () => {
  it('finds the shortest path that satisfies the predicate, not the shortest path filtered', async () => {
    const q = AD + "MATCH p = shortestPath((a)-[:R*]->(d)) WHERE none(n IN nodes(p) WHERE n.name IN ['b', 'c']) RETURN [n IN nodes(p) | n.name]";
    expect(await rows(q)).toEqual([[['a', 'x', 'y', 'z', 'd']]]);
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:R*]->(d)) WHERE length(p) > 2 RETURN length(p)')).toEqual([[4n]]);
    expect(await rows(AD + 'MATCH p = shortestPath((a)-[:R*..3]->(d)) WHERE length(p) > 2 RETURN p')).toEqual([]);
  });

  it('applies predicates on the relationship list, and keeps other conjuncts as a filter', async () => {
    expect(await rows(AD + 'MATCH p = allShortestPaths((a)-[rs:R*]->(d)) WHERE all(r IN rs WHERE r.w = 1) AND a.name = $n RETURN [n IN nodes(p) | n.name]', { n: 'a' })).toEqual([[['a', 'b', 'd']]]);
    expect(await rows(AD + 'MATCH p = allShortestPaths((a)-[rs:R*]->(d)) WHERE all(r IN rs WHERE r.w = 1) AND a.name = $n RETURN p', { n: 'z' })).toEqual([]);
    const q = AD + "MATCH p = allShortestPaths((a)-[:R*]->(d)) WHERE none(n IN nodes(p) WHERE n.name = 'b') RETURN [n IN nodes(p) | n.name]";
    expect(await rows(q)).toEqual([[['a', 'c', 'd']]]);
    expect(await rows("MATCH (a {name: 'a'}), (l {name: 'lone'}) OPTIONAL MATCH p = shortestPath((a)-[*]-(l)) WHERE length(p) > 1 RETURN a.name, p")).toEqual([['a', null]]);
  });
});

describe('allShortestPaths', () => {
  it('yields every shortest path: both sides of the diamond', async () => {
    const r = await rows(AD + 'MATCH p = allShortestPaths((a)-[:R*]->(d)) RETURN [n IN nodes(p) | n.name] AS names ORDER BY names');
    expect(r).toEqual([[['a', 'b', 'd']], [['a', 'c', 'd']]]);
  });

  it('counts the 6 monotone paths across a 3x3 grid, in either direction of search', async () => {
    const corner = 'MATCH (p:G {i: 0, j: 0}), (q:G {i: 2, j: 2}) ';
    expect(await rows(corner + 'MATCH path = allShortestPaths((p)-[:E*]->(q)) RETURN count(path), min(length(path)), max(length(path))')).toEqual([[6n, 4n, 4n]]);
    expect(await rows(corner + 'MATCH path = allShortestPaths((q)-[:E*]-(p)) RETURN count(DISTINCT path)')).toEqual([[6n]]);
    expect(await rows(corner + 'MATCH path = shortestPath((p)-[:E*]->(q)) RETURN count(path)')).toEqual([[1n]]);
  });

  it('checks patterns at compile time', async () => {
    const fails = async (q: string) => expect(s.run(q)).rejects.toSatisfy((e) => isQuiverError(e, 'SyntaxError'));
    await fails('MATCH (a), (b) MATCH p = shortestPath((a)-[*2..]-(b)) RETURN p');
    await fails('MATCH (a), (b) MATCH p = shortestPath((a)-[*]-()-[*]-(b)) RETURN p');
  });
});
