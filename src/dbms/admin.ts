// Database and alias administration commands (admin-cypher.md, DESIGN.md section 5): AST in,
// catalog calls and result rows out. Index and constraint commands belong to a database's schema
// and stay with the engine; these belong to the catalog.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type * as A from '../cypher/index.js';
import { printExpression } from '../cypher/index.js';
import { quiverError } from '../errors.js';
import type { Store } from '../storage/index.js';
import { DateTimeValue, Temporal, type Value } from '../values/types.js';
import type { Catalog, DatabaseRef, JsonValue } from './catalog.js';
import { LIMITS } from './limits.js';
import { USAGE_METRICS, usageOf } from './usage.js';
import { applyShowTail, type QueryRunner, type ShowTable } from './show-tail.js';
import { dumpStream, seedDatabase } from './dump/index.js';
import { SYSTEM_DATABASE } from './catalog.js';

export interface AdminContext {
  readonly catalog: Catalog;
  readonly store: Store;
  readonly params: ReadonlyMap<string, Value>;
  /** The session's home database (SHOW HOME DATABASE); per-user homes come with users. */
  readonly homeDatabase: string;
  /** The Bolt address SHOW DATABASES reports. */
  readonly address: string;
  /** Runs read-only Cypher that touches no data (SHOW tails, constant option values). */
  readonly query: QueryRunner;
  /** Whether the user may see a database (SHOW DATABASES, LIMITS, USAGE list only those); absent = all. */
  readonly visible?: (name: string) => boolean;
}

export interface AdminResult {
  readonly columns: string[];
  readonly rows: Value[][];
  readonly stats?: { readonly systemUpdates?: number };
}

const KINDS = new Set<string>([
  'ShowDatabases',
  'CreateDatabase',
  'AlterDatabase',
  'StartDatabase',
  'StopDatabase',
  'DropDatabase',
  'RenameDatabase',
  'UndropDatabase',
  'CreateAlias',
  'AlterAlias',
  'DropAlias',
  'ShowAliases',
  'ShowLimits',
  'ShowUsage',
]);

type DatabaseAdminCommand = Extract<
  A.Statement,
  {
    kind:
      | 'ShowDatabases'
      | 'CreateDatabase'
      | 'AlterDatabase'
      | 'StartDatabase'
      | 'StopDatabase'
      | 'DropDatabase'
      | 'RenameDatabase'
      | 'UndropDatabase'
      | 'CreateAlias'
      | 'AlterAlias'
      | 'DropAlias'
      | 'ShowAliases'
      | 'ShowLimits'
      | 'ShowUsage';
  }
>;

/** Whether the catalog runs this statement (database and alias commands). */
export function isDatabaseAdminCommand(st: A.Statement): st is DatabaseAdminCommand {
  return KINDS.has(st.kind);
}

const DB_DEFAULTS = ['name', 'type', 'aliases', 'access', 'address', 'role', 'writer', 'requestedStatus', 'currentStatus', 'statusMessage', 'default', 'home', 'constituents'];
const DB_EXTRA = ['databaseID', 'creationTime', 'lastStartTime', 'lastStopTime', 'store', 'lastCommittedTxn', 'options', 'nodes', 'relationships', 'storageBytes'];
const USAGE = new Set(['nodes', 'relationships', 'storageBytes']);
const ALIAS_DEFAULTS = ['name', 'composite', 'database', 'location', 'url', 'user'];
const ALIAS_EXTRA = ['driver', 'properties'];
const DROPPED_COLUMNS = ['name', 'databaseID', 'creationTime', 'droppedAt', 'purgeAt'];
const WAIT_COLUMNS = ['address', 'state', 'message', 'success'];
const LIMIT_COLUMNS = ['database', 'limit', 'value', 'description'];
const USAGE_COLUMNS = ['database', 'metric', 'value', 'limit'];

/** Runs one database or alias command. */
export async function runDatabaseAdmin(st: DatabaseAdminCommand, ctx: AdminContext): Promise<AdminResult> {
  const c = ctx.catalog;
  const name = (r: A.DatabaseRef): string => nameOf(r, ctx.params);
  const done = (changed: boolean, wait: A.WaitOption | null = null): AdminResult => {
    const stats = { systemUpdates: changed ? 1 : 0 };
    if (wait?.wait) return { columns: WAIT_COLUMNS, rows: [[ctx.address, 'CaughtUp', 'caught up', true]], stats };
    return { columns: [], rows: [], stats };
  };
  switch (st.kind) {
    case 'ShowDatabases':
      return showDatabases(st, ctx);
    case 'ShowAliases':
      return showAliases(st, ctx);
    case 'ShowLimits':
      return showLimits(st, ctx);
    case 'ShowUsage':
      return showUsage(st, ctx);
    case 'CreateDatabase': {
      const options = st.options === null ? {} : await jsonMap(st.options, ctx, 'OPTIONS');
      // seedURI: the database starts as a load of that dump (src/dbms/dump).
      if (options.seedURI !== undefined) return done(await seedDatabase(c, ctx.store, name(st.name), options, { ifNotExists: st.ifNotExists, orReplace: st.orReplace }), st.wait);
      const r = await c.createDatabase(name(st.name), { ifNotExists: st.ifNotExists, orReplace: st.orReplace, options });
      return done(r.created, st.wait);
    }
    case 'DropDatabase': {
      // DUMP DATA: a dump in `<data dir>/dumps/` first; the drop happens only once it is complete.
      if (st.dataAction === 'DUMP') {
        const ref = c.lookup(name(st.name));
        if (ref !== undefined && ref.name !== SYSTEM_DATABASE && ref.name === name(st.name).toLowerCase()) await dumpBeforeDrop(ctx.store, ref);
      }
      const dropped = await c.drop(name(st.name), { ifExists: st.ifExists, cascade: st.aliasAction === 'CASCADE', destroy: st.dataAction === 'DESTROY' });
      return done(dropped, st.wait);
    }
    case 'UndropDatabase':
      await c.undrop(name(st.name));
      return done(true);
    case 'RenameDatabase':
      return done(await c.rename(name(st.from), name(st.to), { ifExists: st.ifExists }));
    case 'StartDatabase':
      return done(await c.start(name(st.name)), st.wait);
    case 'StopDatabase':
      return done(await c.stop(name(st.name)), st.wait);
    case 'AlterDatabase': {
      let changed = false;
      const n = name(st.name);
      for (const a of st.actions) {
        switch (a.kind) {
          case 'SetAccess':
            changed = (await c.setAccess(n, a.access === 'READ ONLY' ? 'read-only' : 'read-write', { ifExists: st.ifExists })) || changed;
            break;
          case 'SetOption':
            changed = (await c.setOption(n, a.key, toJson(await constant(a.value, ctx), a.key), { ifExists: st.ifExists })) || changed;
            break;
          case 'RemoveOption':
            changed = (await c.setOption(n, a.key, undefined, { ifExists: st.ifExists })) || changed;
            break;
          case 'SetLimits': {
            const set = new Map<string, unknown>();
            for (const l of a.limits) set.set(l.key, await constant(l.value, ctx));
            changed = (await c.setLimits(n, set, [], { ifExists: st.ifExists })) || changed;
            break;
          }
          case 'RemoveLimits':
            changed = (await c.setLimits(n, new Map(), a.keys, { ifExists: st.ifExists })) || changed;
            break;
        }
      }
      return done(changed, st.wait);
    }
    case 'CreateAlias': {
      refuseRemote(st);
      const properties = st.properties === null ? {} : await jsonMap(st.properties, ctx, 'PROPERTIES');
      return done(await c.createAlias(name(st.name), name(st.target), { orReplace: st.orReplace, ifNotExists: st.ifNotExists, properties }));
    }
    case 'AlterAlias': {
      refuseRemote(st);
      const properties = st.properties === null ? undefined : await jsonMap(st.properties, ctx, 'PROPERTIES');
      return done(
        await c.alterAlias(name(st.name), {
          ...(st.target === null ? {} : { target: name(st.target) }),
          ...(properties === undefined ? {} : { properties }),
          ifExists: st.ifExists,
        }),
      );
    }
    case 'DropAlias':
      return done(await c.dropAlias(name(st.name), { ifExists: st.ifExists }));
  }
}

function refuseRemote(st: A.AliasSettings): void {
  if (st.url !== null || st.user !== null || st.password !== null || st.driver !== null) {
    throw quiverError('SyntaxError', 'Remote database aliases (AT url USER ... PASSWORD ...) are not supported; aliases target local databases.');
  }
}

function nameOf(r: A.DatabaseRef, params: ReadonlyMap<string, Value>): string {
  if (r.kind === 'DatabaseName') return r.name;
  const v = params.get(r.name);
  if (v === undefined) throw quiverError('ParameterMissing', `Expected parameter(s): ${r.name}`);
  if (typeof v !== 'string') throw quiverError('ArgumentError', `Expected the parameter $${r.name} to be a database or alias name (a STRING).`);
  return v;
}

// ------------------------------------------------------------------------------ SHOW DATABASES

async function showDatabases(st: A.ShowDatabases, ctx: AdminContext): Promise<AdminResult> {
  const c = ctx.catalog;
  if (st.scope === 'DROPPED') {
    const rows = c.droppedDatabases().map((d) => [d.name, d.uuid, dateTime(d.createdAt), dateTime(d.droppedAt), dateTime(d.purgeAt)] as Value[]);
    return applyShowTail({ columns: DROPPED_COLUMNS, defaults: DROPPED_COLUMNS, rows }, st.tail, ctx.params, ctx.query);
  }
  let refs: DatabaseRef[];
  switch (st.scope) {
    case 'ALL':
      refs = c.list();
      break;
    case 'NAMED': {
      const ref = c.lookup(nameOf(st.name!, ctx.params));
      refs = ref === undefined ? [] : [ref];
      break;
    }
    case 'DEFAULT':
      refs = [c.lookup(c.defaultDatabase)].filter((r): r is DatabaseRef => r !== undefined);
      break;
    case 'HOME':
      refs = [c.lookup(ctx.homeDatabase)].filter((r): r is DatabaseRef => r !== undefined);
      break;
  }
  if (ctx.visible !== undefined) refs = refs.filter((r) => ctx.visible!(r.name));
  const columns = [...DB_DEFAULTS, ...DB_EXTRA];
  const defaults = st.scope === 'DEFAULT' || st.scope === 'HOME' ? DB_DEFAULTS.filter((k) => k !== 'default' && k !== 'home') : DB_DEFAULTS;
  // Usage comes from the counters, and only when asked for: it is the one per-database read here.
  const y = st.tail?.yield ?? null;
  const wantUsage = y !== null && (y.star || y.items.some((i) => USAGE.has(i.field)));
  const usage = wantUsage ? await ctx.store.usage(refs.filter((r) => r.type !== 'system').map((r) => r.id)) : new Map<number, { nodes: number; relationships: number; bytes: number }>();
  const rows = refs.map((r) => {
    const u = usage.get(r.id);
    const online = r.status === 'online';
    return [
      r.name,
      r.type,
      c.aliasesOf(r.id),
      r.access,
      ctx.address,
      'primary',
      true,
      r.status,
      r.status,
      online ? '' : 'stopped',
      r.name === c.defaultDatabase,
      r.name === ctx.homeDatabase,
      [],
      r.uuid,
      dateTime(r.createdAt),
      dateTime(r.lastStartTime),
      dateTime(r.lastStopTime),
      'quiver-kv-1.0',
      null,
      fromJson(r.options),
      u === undefined ? null : BigInt(u.nodes),
      u === undefined ? null : BigInt(u.relationships),
      u === undefined ? null : BigInt(u.bytes),
    ] as Value[];
  });
  return applyShowTail({ columns, defaults, rows }, st.tail, ctx.params, ctx.query);
}

async function showAliases(st: A.ShowAliases, ctx: AdminContext): Promise<AdminResult> {
  const c = ctx.catalog;
  let aliases = c.aliases();
  if (st.name !== null) {
    const n = nameOf(st.name, ctx.params).toLowerCase();
    aliases = aliases.filter((a) => a.name === n);
  }
  if (st.target !== null) {
    const t = nameOf(st.target, ctx.params);
    const ref = c.lookup(t);
    if (ref === undefined) throw quiverError('DatabaseNotFound', `Database does not exist. Database name: '${t}'.`);
    aliases = aliases.filter((a) => a.targetId === ref.id);
  }
  const rows = aliases.map((a) => [a.name, null, c.byInternalId(a.targetId)?.name ?? null, 'local', null, null, null, fromJson(a.properties)] as Value[]);
  return applyShowTail({ columns: [...ALIAS_DEFAULTS, ...ALIAS_EXTRA], defaults: ALIAS_DEFAULTS, rows } satisfies ShowTable, st.tail, ctx.params, ctx.query);
}

// ------------------------------------------------------------------------------ SHOW LIMITS / USAGE

/** The named database (aliases resolved, stopped ones included), or every user database. */
function limitTargets(database: A.DatabaseRef | null, ctx: AdminContext): DatabaseRef[] {
  if (database === null) return ctx.catalog.list().filter((r) => r.type !== 'system' && (ctx.visible?.(r.name) ?? true));
  const n = nameOf(database, ctx.params);
  const ref = ctx.catalog.lookup(n);
  if (ref === undefined) throw quiverError('DatabaseNotFound', `Database does not exist. Database name: '${n}'.`);
  return [ref];
}

/** One row per database and limit; value null = unlimited. Durations in ms, sizes in bytes. */
async function showLimits(st: A.ShowLimits, ctx: AdminContext): Promise<AdminResult> {
  const rows: Value[][] = [];
  for (const ref of limitTargets(st.database, ctx)) {
    for (const l of LIMITS) {
      const v = ref.limits[l.key];
      rows.push([ref.name, l.key, v === undefined ? null : BigInt(v), l.description]);
    }
  }
  return applyShowTail({ columns: LIMIT_COLUMNS, defaults: LIMIT_COLUMNS, rows }, st.tail, ctx.params, ctx.query);
}

/** One row per database and metric, from counters and live figures (never a scan). */
async function showUsage(st: A.ShowUsage, ctx: AdminContext): Promise<AdminResult> {
  const rows: Value[][] = [];
  for (const u of await usageOf(ctx.catalog, limitTargets(st.database, ctx))) {
    for (const m of USAGE_METRICS) {
      const v = u.values[m.metric];
      const limit = u.ref.limits[m.limit];
      const rate = m.metric === 'queries_per_second' || m.metric === 'writes_per_second';
      rows.push([u.ref.name, m.metric, rate ? v : BigInt(v), limit === undefined ? null : BigInt(limit)]);
    }
  }
  return applyShowTail({ columns: USAGE_COLUMNS, defaults: USAGE_COLUMNS, rows }, st.tail, ctx.params, ctx.query);
}

function dateTime(iso: string | null): Value {
  return iso === null ? null : new DateTimeValue(Temporal.Instant.from(iso).toZonedDateTimeISO('UTC'), false);
}

// ------------------------------------------------------------------------------ option values

async function constant(e: A.Expression, ctx: AdminContext): Promise<Value> {
  const r = await ctx.query(`RETURN ${printExpression(e)} AS v`, ctx.params);
  return r.rows[0]?.[0] ?? null;
}

async function jsonMap(m: A.MapLiteral | A.Parameter, ctx: AdminContext, what: string): Promise<Record<string, JsonValue>> {
  const v = m.kind === 'Parameter' ? ctx.params.get(m.name) : await constant(m, ctx);
  if (v === undefined) throw quiverError('ParameterMissing', `Expected parameter(s): ${(m as A.Parameter).name}`);
  if (!(v instanceof Map)) throw quiverError('ArgumentError', `${what} must be a map.`);
  const out: Record<string, JsonValue> = {};
  for (const [k, x] of v) out[k] = toJson(x, k);
  return out;
}

/** Catalog values are JSON; integers are tagged so that they come back as INTEGERs, not FLOATs. */
function toJson(v: Value, key: string): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return { $int: v.toString() };
  if (Array.isArray(v)) return v.map((x) => toJson(x, key));
  if (v instanceof Map) {
    const o: Record<string, JsonValue> = {};
    for (const [k, x] of v) o[k] = toJson(x, key);
    return o;
  }
  throw quiverError('ArgumentError', `The value of '${key}' must be a boolean, number, string, list or map.`);
}

function fromJson(v: JsonValue): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(fromJson);
  const o = v as Record<string, JsonValue>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === '$int' && typeof o.$int === 'string') return BigInt(o.$int);
  return new Map(keys.map((k) => [k, fromJson(o[k]!)]));
}

/** Writes `<data dir>/dumps/<name>-<time>.dump` (via a temporary file, renamed when complete). */
async function dumpBeforeDrop(store: Store, ref: { readonly name: string; readonly id: number }): Promise<string> {
  const dir = join(store.dir, 'dumps');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${ref.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
  const tmp = `${file}.partial`;
  try {
    await pipeline(await dumpStream(store, ref.id, { database: ref.name }), createWriteStream(tmp));
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return file;
}
