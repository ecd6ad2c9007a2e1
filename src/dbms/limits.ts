// Per-database limits (DESIGN.md section 6): the keys, how their values are written and parsed,
// and the one message format every rejection uses ("Database 'x': <limit> = <value> ...
// (observed <figure>)"). Limits are stored in the database's catalog record, so they follow
// renames and aliases and survive restarts; 0 (or REMOVE LIMIT) means unlimited and is not stored.
import { quiverError, type ErrorKind, type QuiverError } from '../errors.js';
import { parseDuration } from './duration.js';

export type LimitKey =
  | 'max_nodes'
  | 'max_relationships'
  | 'max_storage_bytes'
  | 'max_query_time'
  | 'max_results'
  | 'max_concurrent_queries'
  | 'max_connections'
  | 'max_queries_per_second'
  | 'max_writes_per_second'
  | 'max_transaction_memory';

/** A database's limits: only the ones set (a missing key is unlimited). */
export type Limits = Readonly<Partial<Record<LimitKey, number>>>;

type Unit = 'count' | 'bytes' | 'ms' | 'per_second';

interface LimitSpec {
  readonly key: LimitKey;
  readonly unit: Unit;
  readonly aliases?: readonly string[];
  readonly description: string;
}

/** Every limit, in the order SHOW LIMITS lists them. */
export const LIMITS: readonly LimitSpec[] = [
  { key: 'max_nodes', unit: 'count', description: 'Most nodes; checked at commit.' },
  { key: 'max_relationships', unit: 'count', aliases: ['max_edges'], description: 'Most relationships; checked at commit.' },
  { key: 'max_storage_bytes', unit: 'bytes', aliases: ['max_bytes'], description: 'Most bytes of keys and values of graph data in the store; checked at commit.' },
  { key: 'max_query_time', unit: 'ms', description: 'Longest a query may run (ms); it is then cancelled and its transaction rolled back.' },
  { key: 'max_results', unit: 'count', description: 'Most rows a query may return; beyond it the query fails (never truncated).' },
  { key: 'max_concurrent_queries', unit: 'count', description: 'Most queries running at once; checked on admission.' },
  { key: 'max_connections', unit: 'count', description: 'Most Bolt connections that have used the database plus HTTP requests in progress on it.' },
  { key: 'max_queries_per_second', unit: 'per_second', description: 'Queries admitted per second (token bucket); checked on admission.' },
  { key: 'max_writes_per_second', unit: 'per_second', description: 'Write queries admitted per second (token bucket); checked on admission.' },
  { key: 'max_transaction_memory', unit: 'bytes', description: 'Most bytes a query may hold in sorts, aggregations and other buffers.' },
];

const BY_NAME = new Map<string, LimitSpec>(LIMITS.flatMap((s) => [[s.key, s] as const, ...(s.aliases ?? []).map((a) => [a, s] as const)]));

/** "max_nodes, max_relationships (or max_edges), ...": the valid keys, for error messages. */
export function validLimitKeys(): string {
  return LIMITS.map((s) => (s.aliases === undefined ? s.key : `${s.key} (or ${s.aliases.join(', ')})`)).join(', ');
}

/** The canonical key of `raw` (case-insensitive; `max_edges` and `max_bytes` accepted). */
export function limitKey(raw: string): LimitKey {
  const s = BY_NAME.get(raw.toLowerCase());
  if (s === undefined) throw quiverError('ArgumentError', `Unknown limit '${raw}'. Valid limits: ${validLimitKeys()}.`);
  return s.key;
}

export function limitSpec(key: LimitKey): LimitSpec {
  return BY_NAME.get(key)!;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * The stored number for a limit value: counts and rates are non-negative integers; sizes are
 * integers in bytes or strings with a unit (`'10GB'` = 10^10, `'512MiB'` = 2^29); durations are
 * integers in ms or strings (`'60s'`, `'500ms'`, `'2m'`). 0 and null mean unlimited (returned as 0).
 */
export function parseLimitValue(key: LimitKey, raw: unknown): number {
  const spec = limitSpec(key);
  const bad = (expected: string): QuiverError =>
    quiverError('ArgumentError', `Invalid value ${show(raw)} for the limit ${key}: expected ${expected}; 0 means unlimited.`);
  if (raw === null || raw === undefined) return 0;
  let n: number;
  if (typeof raw === 'bigint') n = Number(raw);
  else if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) throw bad(expectation(spec.unit));
    n = raw;
  } else if (typeof raw === 'string' && spec.unit === 'bytes') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
    const mult = m === null ? undefined : SIZE_UNITS[(m[2] || 'b').toLowerCase()];
    if (m === null || mult === undefined) throw bad(expectation(spec.unit));
    n = Math.round(Number(m[1]) * mult);
  } else if (typeof raw === 'string' && spec.unit === 'ms') {
    try {
      n = parseDuration(raw);
    } catch {
      throw bad(expectation(spec.unit));
    }
  } else throw bad(expectation(spec.unit));
  if (n < 0 || !Number.isSafeInteger(n)) throw bad(expectation(spec.unit));
  return n;
}

function expectation(unit: Unit): string {
  switch (unit) {
    case 'count':
      return 'a non-negative integer';
    case 'per_second':
      return 'a non-negative integer (per second)';
    case 'bytes':
      return "a non-negative integer in bytes or a size such as '10GB' or '512MiB'";
    case 'ms':
      return "a non-negative integer in milliseconds or a duration such as '60s', '500ms' or '2m'";
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Map) return 'a map';
  if (Array.isArray(v)) return 'a list';
  return String(v);
}

/**
 * Applies changes to `current`: `set` values (0 removes the limit) then `remove` keys. Keys are
 * raw (aliases accepted); values raw (parsed here). Throws ArgumentError naming the valid ones.
 */
export function changeLimits(current: Limits, set: ReadonlyMap<string, unknown>, remove: readonly string[] = []): Limits {
  const out: Partial<Record<LimitKey, number>> = { ...current };
  for (const [raw, v] of set) {
    const key = limitKey(raw);
    const n = parseLimitValue(key, v);
    if (n === 0) delete out[key];
    else out[key] = n;
  }
  for (const raw of remove) delete out[limitKey(raw)];
  return out;
}

/** Limits from a JSON object (configuration, HTTP): `{ "max_nodes": 1000, "max_query_time": "60s" }`. */
export function limitsFromJson(v: unknown): Limits {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw quiverError('ArgumentError', `Limits must be a JSON object of limit names to values. Valid limits: ${validLimitKeys()}.`);
  }
  return changeLimits({}, new Map(Object.entries(v as Record<string, unknown>)));
}

/** Every key, with null for unlimited (GET /db/{name}/limits). */
export function limitsToJson(l: Limits): Record<LimitKey, number | null> {
  const out = {} as Record<LimitKey, number | null>;
  for (const s of LIMITS) out[s.key] = l[s.key] ?? null;
  return out;
}

/** A limit value as people read it: `1000`, `60000 ms`, `1073741824 bytes`. */
export function showLimit(key: LimitKey, value: number): string {
  switch (limitSpec(key).unit) {
    case 'bytes':
      return `${value} bytes`;
    case 'ms':
      return `${value} ms`;
    case 'per_second':
      return `${value} per second`;
    case 'count':
      return String(value);
  }
}

/** A rejection, as metrics, the audit log and tests see it. */
export interface LimitRejection {
  readonly database: string;
  readonly limit: LimitKey;
  readonly value: number;
  /** The figure that broke the limit (null when only the message states it). */
  readonly observed: number | null;
  readonly code: string;
  readonly message: string;
  /** Who ran the rejected work, when known. */
  readonly user?: string;
}

/**
 * The rejection error: `Database 'x': <what> (<limit> = <value>; observed <observed>).` — every
 * message names the database, the limit, its value and the observed figure.
 */
export function limitError(kind: ErrorKind, database: string, limit: LimitKey, value: number, observed: string, what: string): QuiverError {
  return quiverError(kind, `Database '${database}': ${what} (limit ${limit} = ${showLimit(limit, value)}; observed ${observed}).`);
}

/** What the commit hook needs to know of one database's commit (see storage CommitCheck). */
export interface CountedFigures {
  readonly after: { readonly nodes: number; readonly relationships: number; readonly bytes: number };
  readonly delta: { readonly nodes: number; readonly relationships: number; readonly bytes: number };
}

/**
 * Checks the counted limits for one committing transaction; returns the rejection or null. Only a
 * transaction that grows a figure is refused, so deleting data from a database over its limit
 * (after the limit was lowered) always works.
 */
export function checkCounted(database: string, limits: Limits, c: CountedFigures): { error: QuiverError; limit: LimitKey; value: number; observed: number } | null {
  if (limits.max_nodes === undefined && limits.max_relationships === undefined && limits.max_storage_bytes === undefined) return null;
  const check = (limit: LimitKey, after: number, delta: number, noun: string): ReturnType<typeof checkCounted> => {
    const max = limits[limit];
    if (max === undefined || delta <= 0 || after <= max) return null;
    const error = limitError(
      'StorageLimitExceeded',
      database,
      limit,
      max,
      `${after - delta} ${noun} committed + ${delta} in this transaction = ${after}`,
      'the transaction would exceed the limit and was rolled back; nothing of it was written',
    );
    return { error, limit, value: max, observed: after };
  };
  return (
    check('max_nodes', c.after.nodes, c.delta.nodes, 'nodes') ??
    check('max_relationships', c.after.relationships, c.delta.relationships, 'relationships') ??
    check('max_storage_bytes', c.after.bytes, c.delta.bytes, 'bytes')
  );
}
