// Which databases a query names (FROM DATABASE, USE, USE graph.byName($p)) and the facts about
// them the engine checks before the query runs: every database named, the ones written, and the
// pairs that must turn out to be one database (a variable bound in one and used in a pattern of
// another: a relationship can never connect nodes of two databases).
import type * as A from '../cypher/index.js';
import { cypherError } from '../errors.js';
import type { DatabaseKey } from './plan.js';

export interface DatabaseFacts {
  /** Every database key the query names ('' — the session database — excluded). */
  readonly named: Set<DatabaseKey>;
  /** The keys written by CREATE / MERGE / SET / REMOVE / DELETE ('' = the session database). */
  readonly written: Set<DatabaseKey>;
  /** Keys that must resolve to the same database, with the variable that ties them. */
  readonly sameDatabase: { readonly a: DatabaseKey; readonly b: DatabaseKey; readonly variable: string }[];
}

export function emptyFacts(): DatabaseFacts {
  return { named: new Set(), written: new Set(), sameDatabase: [] };
}

/** The key of a database reference as written: a lower-case name, or `$param`. */
export function refKey(r: A.DatabaseRef): DatabaseKey {
  return r.kind === 'Parameter' ? `$${r.name}` : r.name.toLowerCase();
}

/** The key of a `USE` clause: a name, `$param`, or `graph.byName($param | 'name')`. */
export function useKey(c: A.UseClause): DatabaseKey {
  if (c.args === null) return refKey(c.graph);
  if (c.graph.kind !== 'DatabaseName' || c.graph.name.toLowerCase() !== 'graph.byname') {
    throw cypherError('SyntaxError', 'UnknownFunction', `USE takes a database name, a parameter or graph.byName(...), not ${c.graph.kind === 'DatabaseName' ? c.graph.name : '$' + c.graph.name}(...)`);
  }
  const a = c.args[0];
  if (c.args.length !== 1 || a === undefined) throw cypherError('SyntaxError', 'InvalidNumberOfArguments', 'graph.byName() takes one argument');
  if (a.kind === 'Parameter') return `$${a.name}`;
  if (a.kind === 'Literal' && typeof a.value === 'string') return a.value.toLowerCase();
  // The database must be known before anything runs (access is checked up front).
  throw cypherError('SyntaxError', 'InvalidArgumentType', 'graph.byName() takes a parameter or a string literal: the database must be known before the query runs');
}

/**
 * The database a query switches to as a whole: a leading `USE` (on every part of a UNION, the
 * same one). Null when there is none or the UNION parts name different databases (then each part
 * runs on its own database inside the query).
 */
export function leadingUse(q: A.Query): DatabaseKey | null {
  const parts = q.kind === 'SingleQuery' ? [q] : q.parts;
  let key: DatabaseKey | null = null;
  for (const p of parts) {
    const first = p.clauses[0];
    if (first?.kind !== 'Use') return null;
    const k = useKey(first);
    if (key !== null && k !== key) return null;
    key = k;
  }
  return key;
}

/**
 * Whether a query reads or writes a database other than its session's: any FROM DATABASE, or a
 * USE that is not the leading one the whole query switches to (`sessionUse`).
 */
export function isCrossDatabase(q: A.Query, sessionUse: boolean): boolean {
  const skip = new Set<unknown>();
  if (sessionUse) for (const p of q.kind === 'SingleQuery' ? [q] : q.parts) skip.add(p.clauses[0]);
  let found = false;
  const walk = (x: unknown): void => {
    if (found || typeof x !== 'object' || x === null) return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    const node = x as { kind?: string; fromDatabase?: unknown };
    if ((node.kind === 'Use' && !skip.has(x)) || (node.fromDatabase !== undefined && node.fromDatabase !== null)) {
      found = true;
      return;
    }
    for (const [k, v] of Object.entries(x)) if (k !== 'pos') walk(v);
  };
  walk(q);
  return found;
}

/** Whether any `Variable` in `x` (an AST subtree) is one of `names`. */
export function mentions(x: unknown, names: ReadonlySet<string>): boolean {
  if (typeof x !== 'object' || x === null) return false;
  if (Array.isArray(x)) return x.some((y) => mentions(y, names));
  const node = x as { kind?: string; name?: unknown };
  if (node.kind === 'Variable' && typeof node.name === 'string' && names.has(node.name)) return true;
  for (const [k, v] of Object.entries(x)) if (k !== 'pos' && mentions(v, names)) return true;
  return false;
}
