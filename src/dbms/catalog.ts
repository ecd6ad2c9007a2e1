// The catalog: database names over the store's internal ids (DESIGN.md section 5). Names live in
// the system keyspace and change through ordinary transactions, so a creation or drop is atomic
// and durable like any commit. Catalog changes are serialised by one lock: they are rare, and it
// lets "create the same name twice at once" answer ExistingDatabaseFound rather than a conflict.
import { quiverError } from '../errors.js';
import { Mutex } from '../storage/database-state.js';
import type { Store } from '../storage/index.js';

export interface DatabaseRef {
  readonly name: string;
  readonly id: number;
  readonly uuid: string;
  readonly createdAt: string;
}

const NS = 'catalog.database';
export const SYSTEM_DATABASE = 'system';

/** DESIGN.md section 5: 3–63 chars, ASCII letter first, then letters, digits, `.`, `-`, `_`. */
export function validateDatabaseName(raw: string): string {
  const name = raw.toLowerCase();
  if (!/^[a-z][a-z0-9._-]{2,62}$/.test(name)) {
    throw quiverError(
      'ArgumentError',
      `'${raw}' is not a valid database name: a name has 3 to 63 characters, starts with an ASCII letter, and continues with letters, digits, '.', '-' or '_'.`,
    );
  }
  if (name.startsWith('system') || name.startsWith('_')) {
    throw quiverError('ArgumentError', `'${raw}' is not a valid database name: names starting with 'system' or '_' are reserved.`);
  }
  return name;
}

export class Catalog {
  private readonly byName = new Map<string, DatabaseRef>();
  private readonly lock = new Mutex();

  private constructor(private readonly store: Store) {}

  /** Reads the catalog; on a fresh store creates the default database. */
  static async open(store: Store, opts: { defaultDatabase?: string } = {}): Promise<Catalog> {
    const c = new Catalog(store);
    const tx = store.begin({ readOnly: true });
    try {
      for (const [, v] of await (await store.system(tx)).scan(NS)) {
        const ref = JSON.parse(v.toString('utf8')) as DatabaseRef;
        if (store.database(ref.id) !== undefined) c.byName.set(ref.name, ref);
      }
    } finally {
      await tx.rollback();
    }
    const dflt = opts.defaultDatabase ?? 'neo4j';
    if (!c.byName.has(dflt)) await c.create(dflt, { ifNotExists: true });
    return c;
  }

  /** The database a name refers to; DatabaseNotFound otherwise (never a fallback). */
  resolve(name: string): DatabaseRef {
    const ref = this.byName.get(name.toLowerCase());
    if (ref === undefined) throw quiverError('DatabaseNotFound', `Database does not exist. Database name: '${name}'.`);
    return ref;
  }

  list(): DatabaseRef[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async create(rawName: string, opts: { ifNotExists?: boolean } = {}): Promise<DatabaseRef> {
    const name = validateDatabaseName(rawName);
    const release = await this.lock.lock();
    try {
      const existing = this.byName.get(name);
      if (existing !== undefined) {
        if (opts.ifNotExists) return existing;
        throw quiverError('ExistingDatabaseFound', `Failed to create the specified database '${name}': Database already exists.`);
      }
      const tx = this.store.begin();
      try {
        const entry = await this.store.createDatabase(tx);
        const ref: DatabaseRef = { name, id: entry.id, uuid: entry.uuid, createdAt: new Date().toISOString() };
        (await this.store.system(tx)).put(NS, name, Buffer.from(JSON.stringify(ref)));
        await tx.commit();
        this.byName.set(name, ref);
        return ref;
      } finally {
        await tx.rollback();
      }
    } finally {
      release();
    }
  }

  async drop(rawName: string, opts: { ifExists?: boolean } = {}): Promise<void> {
    const name = rawName.toLowerCase();
    const release = await this.lock.lock();
    try {
      const ref = this.byName.get(name);
      if (ref === undefined) {
        if (opts.ifExists) return;
        throw quiverError('DatabaseNotFound', `Failed to delete the specified database '${name}': Database does not exist.`);
      }
      const tx = this.store.begin();
      try {
        await this.store.dropDatabase(tx, ref.id);
        (await this.store.system(tx)).del(NS, name);
        await tx.commit();
        this.byName.delete(name);
      } finally {
        await tx.rollback();
      }
    } finally {
      release();
    }
  }
}
