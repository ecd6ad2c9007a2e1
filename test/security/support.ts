// A real server with native auth, and helpers to talk to it as different users over Bolt (the
// real driver) and HTTP.
import neo4j, { type Driver } from 'neo4j-driver';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';

export const ADMIN_PASSWORD = 'admin-pass-1';
const quiet = { logging: { level: 'error' as const, logger: () => {} } };

export interface SecurityHarness {
  server: RunningServer;
  readonly dir: string;
  /** A driver for a user (cached per user and password; closed by stop). */
  driver(user: string, password: string): Driver;
  /** A new driver (no pooled connection: a new login), closed by stop. */
  fresh(user: string, password: string): Driver;
  /** Runs as the admin on `database` (default system); rows as plain objects. */
  admin(query: string, params?: Record<string, unknown>, database?: string): Promise<Record<string, unknown>[]>;
  /** POST /db/{db}/tx/commit as `user`; the parsed body and status. */
  http(method: string, path: string, user: string, password: string, body?: unknown): Promise<{ status: number; body: any; text: string }>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSecurityHarness(): Promise<SecurityHarness> {
  const { dir, cleanup } = tempDir('quiver-security-');
  const start = () => startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'native', initialPassword: ADMIN_PASSWORD, authCacheTtlMs: 60_000 });
  let server = await start();
  const drivers = new Map<string, Driver>();
  const driver = (user: string, password: string): Driver => {
    const key = `${server.boltPort}\u0000${user}\u0000${password}`;
    let d = drivers.get(key);
    if (d === undefined) drivers.set(key, (d = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic(user, password), quiet)));
    return d;
  };
  const extra: Driver[] = [];
  const closeDrivers = async (): Promise<void> => {
    await Promise.all([...drivers.values(), ...extra].map((d) => d.close()));
    drivers.clear();
    extra.length = 0;
  };
  const h: SecurityHarness = {
    get server() {
      return server;
    },
    set server(s) {
      server = s;
    },
    dir,
    driver,
    fresh(user, password) {
      const d = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic(user, password), quiet);
      extra.push(d);
      return d;
    },
    async admin(query, params = {}, database = 'system') {
      const r = await driver('neo4j', ADMIN_PASSWORD).executeQuery(query, params, { database });
      return r.records.map((x) => x.toObject());
    },
    async http(method, path, user, password, body) {
      const res = await fetch(`http://127.0.0.1:${server.httpPort}${path}`, {
        method,
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      return { status: res.status, body: parsed, text };
    },
    async restart() {
      await closeDrivers();
      await server.stop();
      server = await start();
    },
    async stop() {
      await closeDrivers();
      await server.stop();
      cleanup();
    },
  };
  return h;
}

/** The error of a promise that must fail: code and message. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a failure');
}
