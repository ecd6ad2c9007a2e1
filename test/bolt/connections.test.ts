// Many connections at once on the real engine: 1,000 idle connections in READY stay open while 200
// other connections run `RETURN 1` in a loop for two seconds; every reply is right, the idle ones
// still answer afterwards, and the server (and a fresh driver) carries on.
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';
import { RawClient } from './raw-client.js';

const HELLO = 0x01, RESET = 0x0f, RUN = 0x10, PULL = 0x3f, LOGON = 0x6a, SUCCESS = 0x70;
const IDLE = 1000;
const BUSY = 200;
const BUSY_MS = 2000;

let server: RunningServer;
let cleanup: () => void;
const clients: RawClient[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none' });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
  cleanup?.();
});

async function open(n: number): Promise<RawClient[]> {
  const out: RawClient[] = [];
  // 100 at a time: the handshake and HELLO/LOGON of each are checked before the next batch.
  for (let done = 0; done < n; done += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - done) }, async () => {
        const c = await RawClient.connect(server.boltPort);
        clients.push(c);
        await c.handshake();
        c.send([HELLO, { user_agent: 'many' }], [LOGON, { scheme: 'none' }]);
        for (let i = 0; i < 2; i++) {
          const r = await c.next(10_000);
          if (r === 'closed' || r.sig !== SUCCESS) throw new Error(`HELLO/LOGON failed: ${JSON.stringify(r)}`);
        }
        return c;
      }),
    );
    out.push(...batch);
  }
  return out;
}

describe('many connections', () => {
  it(`holds ${IDLE} idle connections while ${BUSY} busy ones run RETURN 1 in a loop`, async () => {
    const idle = await open(IDLE);
    const busy = await open(BUSY);
    expect(server.boltConnections().open).toBe(IDLE + BUSY);

    const end = Date.now() + BUSY_MS;
    const counts = await Promise.all(
      busy.map(async (c, i) => {
        let n = 0;
        while (Date.now() < end) {
          c.send([RUN, `RETURN ${i} AS i`, {}, {}], [PULL, { n: -1n }]);
          const run = await c.next(10_000);
          const s = await c.summary(10_000);
          if (run === 'closed' || run.sig !== SUCCESS || s.last === 'closed' || s.last.sig !== SUCCESS) throw new Error(`connection ${i} failed after ${n} queries`);
          if (s.records.length !== 1 || s.records[0]![0] !== BigInt(i)) throw new Error(`connection ${i}: wrong rows ${String(s.records)}`);
          n++;
        }
        return n;
      }),
    );
    const total = counts.reduce((a, b) => a + b, 0);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    console.log(`${total} queries on ${BUSY} busy connections in ${BUSY_MS} ms beside ${IDLE} idle ones`);

    // The idle connections are still alive and in READY.
    for (const c of idle) c.send([RESET]);
    const resets = await Promise.all(idle.map((c) => c.next(10_000)));
    expect(resets.filter((r) => r === 'closed' || r.sig !== SUCCESS).length).toBe(0);
    expect(server.boltConnections().open).toBe(IDLE + BUSY);

    const d = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('x', 'y'), { logging: { level: 'error', logger: () => {} } });
    try {
      const r = await d.executeQuery('RETURN 1 AS one');
      expect(r.records[0]!.get('one').toNumber()).toBe(1);
    } finally {
      await d.close();
    }
  });
});
