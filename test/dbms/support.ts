// A real server on random ports and a real neo4j-driver, for the multi-database tests.
import neo4j, { type Driver, type Record as NeoRecord } from 'neo4j-driver';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';

export interface Harness {
  readonly server: RunningServer;
  readonly driver: Driver;
  readonly dir: string;
  /** Runs on a database (default `system`) and returns plain records. */
  run(query: string, params?: Record<string, unknown>, database?: string): Promise<Record<string, unknown>[]>;
  /** Restarts the server on the same data directory. */
  restart(opts?: Partial<ServerOptions>): Promise<Harness>;
  stop(): Promise<void>;
}

export async function startHarness(opts: Partial<ServerOptions> = {}, dir?: string, cleanup?: () => void): Promise<Harness> {
  let own: { dir: string; cleanup: () => void } | undefined;
  if (dir === undefined) {
    own = tempDir('quiver-dbms-');
    dir = own.dir;
    cleanup = own.cleanup;
  }
  const server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none', ...opts });
  const driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('admin', 'x'), { logging: { level: 'error', logger: () => {} } });
  const h: Harness = {
    server,
    driver,
    dir,
    async run(query, params = {}, database = 'system') {
      const s = driver.session({ database });
      try {
        const r = await s.run(query, params);
        return r.records.map(plain);
      } finally {
        await s.close();
      }
    },
    async restart(next = {}) {
      await driver.close();
      await server.stop();
      return startHarness({ ...opts, ...next }, dir, cleanup);
    },
    async stop() {
      await driver.close();
      await server.stop();
      cleanup?.();
    },
  };
  return h;
}

export function plain(r: NeoRecord): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of r.keys) o[k as string] = toPlain(r.get(k));
  return o;
}

function toPlain(v: unknown): unknown {
  if (neo4j.isInt(v)) return (v as { toNumber(): number }).toNumber();
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object' && v.constructor === Object) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/** The Neo4j status code a promise fails with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  throw new Error('expected a failure');
}
