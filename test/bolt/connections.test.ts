// Many connections at once: 1,000 idle connections in READY, then 200 of them busy at the same
// time, each answered correctly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';
import { FakeEngine } from './fake-engine.js';
import { RawClient } from './raw-client.js';

const HELLO = 0x01, RUN = 0x10, PULL = 0x3f, LOGON = 0x6a, SUCCESS = 0x70;

let server: RunningServer;
let cleanup: () => void;
const clients: RawClient[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none', engine: new FakeEngine() });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server.stop();
  cleanup();
});

describe('many connections', () => {
  it('holds 1,000 idle connections and serves 200 busy ones concurrently', async () => {
    for (let batch = 0; batch < 10; batch++) {
      const opened = await Promise.all(
        Array.from({ length: 100 }, async () => {
          const c = await RawClient.connect(server.boltPort);
          await c.handshake();
          c.send([HELLO, { user_agent: 'many' }], [LOGON, { scheme: 'none' }]);
          expect((await c.next()) !== 'closed').toBe(true);
          expect((await c.next()) !== 'closed').toBe(true);
          return c;
        }),
      );
      clients.push(...opened);
    }
    expect(clients.length).toBe(1000);
    const busy = clients.slice(0, 200);
    const results = await Promise.all(
      busy.map(async (c, i) => {
        c.send([RUN, `ROWS ${i + 1}`, {}, {}], [PULL, { n: -1n }]);
        const run = await c.next(20_000);
        const s = await c.summary(20_000);
        return { run: run === 'closed' ? 'closed' : run.sig, last: s.last === 'closed' ? 'closed' : s.last.sig, rows: s.records.length };
      }),
    );
    results.forEach((r, i) => expect(r).toEqual({ run: SUCCESS, last: SUCCESS, rows: i + 1 }));
  });
});
