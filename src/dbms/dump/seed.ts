// CREATE DATABASE name OPTIONS { seedURI: 'file:///path/to/dump' }: the new database starts as a
// load of that dump (all or nothing, like `quiver load`). Only file: URIs are read, from the
// server's file system; CREATE DATABASE needs the admin role already.
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { quiverError } from '../../errors.js';
import type { Store } from '../../storage/index.js';
import type { Catalog, JsonValue } from '../catalog.js';
import { loadDump } from './load.js';

/** Creates `name` from the dump at options.seedURI; false when IF NOT EXISTS found it existing. */
export async function seedDatabase(
  catalog: Catalog,
  store: Store,
  name: string,
  options: Record<string, JsonValue>,
  opts: { ifNotExists?: boolean; orReplace?: boolean } = {},
): Promise<boolean> {
  const uri = options.seedURI;
  if (typeof uri !== 'string') throw quiverError('ArgumentError', "OPTIONS seedURI must be a string such as 'file:///backups/db.dump'.");
  let path: string;
  try {
    const u = new URL(uri);
    if (u.protocol !== 'file:') throw new Error('unsupported scheme');
    path = fileURLToPath(u);
  } catch {
    throw quiverError('ArgumentError', `OPTIONS seedURI '${uri}' is not supported: use a file: URI of a dump on the server (file:///path/to/file.dump).`);
  }
  if (catalog.lookup(name) !== undefined && opts.ifNotExists) return false;
  const source = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    source.once('open', () => resolve());
    source.once('error', reject);
  });
  try {
    await opened;
  } catch (e) {
    throw quiverError('ArgumentError', `Cannot read the seed dump '${path}': ${(e as Error).message}`);
  }
  try {
    await loadDump(catalog, store, name, source, { overwrite: opts.orReplace ?? false, options });
  } finally {
    source.destroy();
  }
  return true;
}
