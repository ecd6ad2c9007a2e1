// Loading QuiverDB the way a Bolt client does: UNWIND batches of 10,000 through neo4j-driver, one
// auto-commit transaction each, nodes first, then the index on Person(id), then relationships.
import type { Driver, Session } from 'neo4j-driver';
import type { Knows, Person, SocialGraph } from './generator.js';
import { BATCH, CREATE_INDEX, INSERT_NODES, INSERT_RELS } from './queries.js';

// Integers go over the wire as Bolt integers (bigint), as a typed client would send them.
const personParam = (p: Person) => ({ id: BigInt(p.id), name: p.name, age: BigInt(p.age) });
const knowsParam = (k: Knows) => ({ f: BigInt(k.f), t: BigInt(k.t), s: BigInt(k.s) });

export interface Imported {
  /** Rows sent, from `from`: all of [from, to) unless the time budget ran out first. */
  readonly rows: number;
  readonly perSecond: number;
}

type Progress = (done: number, perSecond: number) => void;

/** Batches of rows [from, to) through `statement`, stopping after the batch that spends `budgetMs`. */
async function batches<T>(session: Session, statement: string, from: number, to: number, row: (i: number) => T, param: (row: T) => object, budgetMs: number, progress?: Progress): Promise<Imported> {
  const t0 = performance.now();
  let reported = t0;
  let i = from;
  while (i < to && performance.now() - t0 < budgetMs) {
    const n = Math.min(BATCH, to - i);
    await session.run(statement, { rows: Array.from({ length: n }, (_, k) => param(row(i + k))) });
    i += n;
    const now = performance.now();
    if (progress !== undefined && now - reported > 5_000) {
      reported = now;
      progress(i - from, (i - from) / ((now - t0) / 1000));
    }
  }
  return { rows: i - from, perSecond: (i - from) / ((performance.now() - t0) / 1000) };
}

export const importNodes = (session: Session, g: SocialGraph, from: number, to: number, budgetMs = Infinity, progress?: Progress): Promise<Imported> =>
  batches(session, INSERT_NODES, from, to, (i) => g.person(i), personParam, budgetMs, progress);

export const importRels = (session: Session, g: SocialGraph, from: number, to: number, budgetMs = Infinity, progress?: Progress): Promise<Imported> =>
  batches(session, INSERT_RELS, from, to, (i) => g.knows(i), knowsParam, budgetMs, progress);

export interface BoltLoad {
  readonly nodesPerSecond: number;
  readonly indexMs: number;
  /** Relationships loaded through Bolt: all of them, or as many as the time budget allowed. */
  readonly rels: Imported;
}

/** Nodes, the index, then relationships for at most `relBudgetMs` (the rest is the caller's). */
export async function loadOverBolt(driver: Driver, g: SocialGraph, relBudgetMs: number, progress: (m: string) => void): Promise<BoltLoad> {
  const session = driver.session();
  try {
    const say = (what: string, total: number) => (done: number, rate: number) =>
      progress(`QuiverDB: ${what} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s)`);
    const nodes = await importNodes(session, g, 0, g.nodes, Infinity, say('nodes', g.nodes));
    progress(`QuiverDB: ${g.nodes.toLocaleString('en-US')} nodes at ${Math.round(nodes.perSecond).toLocaleString('en-US')}/s; indexing Person(id)`);
    const t = performance.now();
    await session.run(CREATE_INDEX);
    const indexMs = performance.now() - t;
    const rels = await importRels(session, g, 0, g.relationships, relBudgetMs, say('relationships', g.relationships));
    progress(`QuiverDB: ${rels.rows.toLocaleString('en-US')} relationships at ${Math.round(rels.perSecond).toLocaleString('en-US')}/s through Bolt`);
    return { nodesPerSecond: nodes.perSecond, indexMs, rels };
  } finally {
    await session.close();
  }
}
