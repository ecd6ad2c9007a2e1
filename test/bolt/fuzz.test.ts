// Bad bytes at every connection state: random and mutated messages get an answer (FAILURE, or
// IGNORED in FAILED, or a SUCCESS when the mutation happens to be valid) or the connection is
// closed — never a hang — and the server and another connection carry on.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { Packer, type PackValue } from '../../src/server/bolt/packstream.js';
import { FakeEngine } from './fake-engine.js';
import { RawClient } from './raw-client.js';
import { tempDir } from '../support/tmp.js';

const HELLO = 0x01, RUN = 0x10, BEGIN = 0x11, PULL = 0x3f, LOGON = 0x6a;
const SUCCESS = 0x70, RECORD = 0x71, IGNORED = 0x7e, FAILURE = 0x7f;

let server: RunningServer;
let cleanup: () => void;
let witness: RawClient;

function body(sig: number, ...fields: PackValue[]): Uint8Array {
  const p = new Packer();
  p.structHeader(fields.length, sig);
  for (const f of fields) p.pack(f);
  return Uint8Array.from(p.view());
}

const VALID: Uint8Array[] = [
  body(HELLO, { user_agent: 'fuzz', bolt_agent: { product: 'x' } }),
  body(LOGON, { scheme: 'basic', principal: 'neo4j', credentials: 'secret' }),
  body(RUN, 'ROWS 10', { a: 1n, b: [1.5, 'x', null], c: { d: true } }, { db: 'neo4j', mode: 'r', bookmarks: ['FB:1'] }),
  body(PULL, { n: 5n }),
  body(PULL, { n: -1n, qid: 0n }),
  body(0x2f, { n: -1n }),
  body(BEGIN, { tx_timeout: 1000n, tx_metadata: { k: 'v' } }),
  body(0x12),
  body(0x13),
  body(0x0f),
  body(0x54, 1n),
  body(0x66, { address: 'h:1' }, ['b'], { db: 'neo4j' }),
  body(0x6b),
];

const mutated = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(fc.tuple(fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate'), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
  )
  .map(([base, ops]) => {
    let b = [...base];
    for (const [op, at, byte] of ops) {
      const i = b.length === 0 ? 0 : at % b.length;
      if (op === 'flip') b[i] = (b[i] ?? 0) ^ (1 << (byte % 8));
      else if (op === 'set') b[i] = byte;
      else if (op === 'insert') b.splice(i, 0, byte);
      else if (op === 'delete') b.splice(i, 1);
      else b = b.slice(0, i);
    }
    return Uint8Array.from(b.length === 0 ? [0xb0] : b);
  });
const framedInput = fc.oneof(mutated, fc.uint8Array({ minLength: 1, maxLength: 120 }));

type State = 'NEGOTIATION' | 'AUTHENTICATION' | 'READY' | 'STREAMING' | 'TX_READY' | 'TX_STREAMING' | 'FAILED';
const STATES: readonly State[] = ['NEGOTIATION', 'AUTHENTICATION', 'READY', 'STREAMING', 'TX_READY', 'TX_STREAMING', 'FAILED'];

async function summaryOf(c: RawClient): Promise<number | 'closed'> {
  for (;;) {
    const r = await c.next(5000);
    if (r === 'closed') return 'closed';
    if (r.sig !== RECORD) return r.sig;
  }
}

/** Opens a connection and drives it into `state`. */
async function inState(state: State): Promise<RawClient> {
  const c = await RawClient.connect(server.boltPort);
  await c.handshake();
  const steps: [number, ...PackValue[]][] = [];
  if (state !== 'NEGOTIATION') steps.push([HELLO, { user_agent: 'fuzz' }]);
  if (state !== 'NEGOTIATION' && state !== 'AUTHENTICATION') steps.push([LOGON, { scheme: 'none' }]);
  if (state === 'STREAMING') steps.push([RUN, 'ROWS 10', {}, {}]);
  if (state === 'TX_READY' || state === 'TX_STREAMING') steps.push([BEGIN, {}]);
  if (state === 'TX_STREAMING') steps.push([RUN, 'ROWS 10', {}, {}]);
  if (state === 'FAILED') steps.push([RUN, 'FAIL', {}, {}]);
  if (steps.length > 0) c.send(...steps);
  for (let i = 0; i < steps.length; i++) await c.next();
  return c;
}

/** The witness connection still completes a query. */
async function witnessWorks(): Promise<void> {
  witness.send([RUN, 'ROWS 2', {}, {}], [PULL, { n: -1n }]);
  expect(await summaryOf(witness)).toBe(SUCCESS);
  const s = await witness.summary();
  expect(s.records).toEqual([[0n], [1n]]);
}

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none', engine: new FakeEngine() });
  witness = await inState('READY');
});

afterAll(async () => {
  witness.close();
  await server.stop();
  cleanup();
});

describe('fuzzing every state', () => {
  for (const state of STATES) {
    it(`framed random and mutated messages in ${state}`, async () => {
      await fc.assert(
        fc.asyncProperty(framedInput, async (input) => {
          const c = await inState(state);
          try {
            c.sendFramed(input);
            const answer = await summaryOf(c);
            expect([SUCCESS, FAILURE, IGNORED, 'closed']).toContain(answer);
            // In FAILED, only a message that is not Bolt at all (a protocol violation) gets a FAILURE,
            // and the connection closes after it; anything else is IGNORED (or a RESET's SUCCESS).
            if (state === 'FAILED' && answer === FAILURE) expect(await c.next()).toBe('closed');
          } finally {
            c.close();
          }
          await witnessWorks();
        }),
        { numRuns: 100 },
      );
    });

    it(`unframed garbage in ${state} closes that connection only`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (garbage) => {
          const c = await inState(state);
          c.socket.end(garbage);
          // Whatever the server makes of the bytes, it answers or waits, and closes on EOF.
          for (;;) {
            const r = await c.next(5000);
            if (r === 'closed') break;
          }
          await witnessWorks();
        }),
        { numRuns: 30 },
      );
    });
  }

  it('the server is still healthy', async () => {
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/health/ready`);
    expect(res.status).toBe(200);
  });
});
