// The statements both engines run, word for word: QuiverDB through the driver, Kùzu in-process.

/** Rows per UNWIND batch when loading, for both engines. */
export const BATCH = 10_000;

/** Nodes, in UNWIND batches (the idiom every Bolt client uses to load). */
export const INSERT_NODES = 'UNWIND $rows AS r CREATE (:Person {id: r.id, name: r.name, age: r.age})';
/** Relationships between existing nodes, found by id (an index seek per row where there is one). */
export const INSERT_RELS = 'UNWIND $rows AS r MATCH (a:Person {id: r.f}), (b:Person {id: r.t}) CREATE (a)-[:KNOWS {since: r.s}]->(b)';
export const CREATE_INDEX = 'CREATE INDEX person_id FOR (p:Person) ON (p.id)';

export const POINT_LOOKUP = 'MATCH (p:Person {id: $id}) RETURN p.name AS name';
export const ONE_HOP = 'MATCH (p:Person {id: $id})-[:KNOWS]->(f) RETURN count(f) AS c';
export const TWO_HOP = 'MATCH (p:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(f) RETURN count(DISTINCT f) AS c';
export const AGGREGATE_ALL = 'MATCH (p:Person) RETURN p.age AS age, count(*) AS c';
export const FILTER_SCAN = "MATCH (p:Person) WHERE p.age > 60 AND p.name STARTS WITH 'A' RETURN count(p) AS c";
