// A fixture for engine tests: a real store in a temporary directory, one database, a session on
// it, opened before the file's tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import { open, type QuiverDB, type Session } from '../../src/index.js';
import { tempDir } from './tmp.js';

export interface EngineFixture {
  readonly db: QuiverDB;
  readonly session: Session;
}

/** Registers beforeAll/afterAll hooks; the returned object is filled in before tests run. */
export function engineFixture(database: string, setup?: (s: Session) => Promise<void>): EngineFixture {
  const f = {} as { db: QuiverDB; session: Session };
  let cleanup: () => void = () => {};
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    f.db = await open(dir, { sync: false });
    await f.db.createDatabase(database);
    f.session = f.db.session(database);
    if (setup) await setup(f.session);
  });
  afterAll(async () => {
    await f.db?.close();
    cleanup();
  });
  return f;
}
