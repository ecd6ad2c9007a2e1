// The Bolt server at the byte level, with a bare client: handshake variants, the state machine
// (streaming with has_more, qids in explicit transactions, FAILED/IGNORED/RESET, protocol
// violations), version-dependent encodings, ROUTE, and WebSocket framing on the Bolt port.
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { DateTimeValue, Temporal, type Value } from '../../src/values/types.js';
import { FakeEngine } from './fake-engine.js';
import { HANDSHAKE_5, HANDSHAKE_LEGACY, RawClient, type Response } from './raw-client.js';
import { tempDir } from '../support/tmp.js';

const HELLO = 0x01, GOODBYE = 0x02, RESET = 0x0f, RUN = 0x10, BEGIN = 0x11, COMMIT = 0x12, ROLLBACK = 0x13, DISCARD = 0x2f, PULL = 0x3f, ROUTE = 0x66, LOGON = 0x6a, LOGOFF = 0x6b, TELEMETRY = 0x54;
const SUCCESS = 0x70, IGNORED = 0x7e, FAILURE = 0x7f;

let server: RunningServer;
let engine: FakeEngine;
let cleanup: () => void;
const clients: RawClient[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  engine = new FakeEngine();
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, auth: 'none', engine });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server.stop();
  cleanup();
});

async function client(hs: Buffer = HANDSHAKE_LEGACY): Promise<RawClient> {
  const c = await RawClient.connect(server.boltPort);
  clients.push(c);
  await c.handshake(hs);
  return c;
}

/** A connection in READY (Bolt 5.8, HELLO + LOGON done). */
async function ready(): Promise<RawClient> {
  const c = await client();
  c.send([HELLO, { user_agent: 'test' }], [LOGON, { scheme: 'none' }]);
  expect(sig(await c.next())).toBe(SUCCESS);
  expect(sig(await c.next())).toBe(SUCCESS);
  return c;
}

function sig(r: Response | 'closed'): number | 'closed' {
  return r === 'closed' ? 'closed' : r.sig;
}

function meta(r: Response | 'closed'): Map<string, Value> {
  if (r === 'closed') throw new Error('connection closed');
  return r.fields[0] as Map<string, Value>;
}

describe('handshake', () => {
  it('answers a manifest offer with our ranges, then speaks the picked version', async () => {
    const c = await RawClient.connect(server.boltPort);
    clients.push(c);
    const reply = await c.handshake(HANDSHAKE_5);
    expect(reply.toString('hex')).toBe('000001ff03' + '00020805' + '00040405' + '00000404' + '00');
    c.send([HELLO, { user_agent: 'x' }]);
    expect(meta(await c.next()).get('server')).toMatch(/^Neo4j\//);
  });

  it('picks the highest common version from legacy slots, byte by byte', async () => {
    const c = await RawClient.connect(server.boltPort);
    clients.push(c);
    const hs = Buffer.from('6060b017' + '00000104' + '00000404' + '00030605' + '00000000', 'hex');
    const p = c.handshake(Buffer.alloc(0));
    for (const b of hs) {
      c.socket.write(Buffer.from([b]));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect((await p).toString('hex')).toBe('00000605');
  });

  it('refuses when nothing is in common and closes non-Bolt connections', async () => {
    const c = await RawClient.connect(server.boltPort);
    clients.push(c);
    expect((await c.handshake(Buffer.from('6060b017' + '00000003'.repeat(4), 'hex'))).toString('hex')).toBe('00000000');
    expect(await c.next()).toBe('closed');
    const junk = await RawClient.connect(server.boltPort);
    clients.push(junk);
    junk.socket.write('HELLO WORLD\r\n');
    expect(await junk.next()).toBe('closed');
  });
});

describe('state machine', () => {
  it('streams with PULL n and has_more, then the final summary', async () => {
    const c = await ready();
    c.send([RUN, 'ROWS 5', {}, {}], [PULL, { n: 2n }]);
    const run = meta(await c.next());
    expect(run.get('fields')).toEqual(['i']);
    expect(typeof run.get('t_first')).toBe('bigint');
    let s = await c.summary();
    expect(s.records).toEqual([[0n], [1n]]);
    expect(meta(s.last).get('has_more')).toBe(true);
    c.send([PULL, { n: -1n }]);
    s = await c.summary();
    expect(s.records).toEqual([[2n], [3n], [4n]]);
    const summary = meta(s.last);
    expect(summary.get('type')).toBe('r');
    expect(summary.get('db')).toBe('neo4j');
    expect(summary.get('bookmark')).toMatch(/^FB:auto-/);
    expect(summary.has('has_more')).toBe(false);
  });

  it('runs several results in an explicit transaction, addressed by qid', async () => {
    const c = await ready();
    c.send([BEGIN, { db: 'neo4j' }], [RUN, 'ROWS 3', {}, {}], [RUN, 'ROWS 2', {}, {}]);
    expect(sig(await c.next())).toBe(SUCCESS);
    expect(meta(await c.next()).get('qid')).toBe(0n);
    expect(meta(await c.next()).get('qid')).toBe(1n);
    c.send([PULL, { n: -1n, qid: 0n }], [PULL, { n: -1n }]);
    expect((await c.summary()).records).toEqual([[0n], [1n], [2n]]);
    const second = await c.summary();
    expect(second.records).toEqual([[0n], [1n]]);
    expect(meta(second.last).has('bookmark')).toBe(false);
    c.send([COMMIT]);
    expect(meta(await c.next()).get('bookmark')).toMatch(/^FB:tx-/);
    c.send([BEGIN, {}], [RUN, 'ROWS 1', {}, {}], [ROLLBACK]);
    expect([sig(await c.next()), sig(await c.next()), sig(await c.next())]).toEqual([SUCCESS, SUCCESS, SUCCESS]);
    c.send([DISCARD, { n: -1n }]); // nothing is streaming now: a protocol violation
    expect(sig(await c.next())).toBe(FAILURE);
    expect(await c.next()).toBe('closed');
  });

  it('FAILED answers IGNORED until RESET, then works again', async () => {
    const c = await ready();
    c.send([RUN, 'FAIL', {}, {}], [PULL, { n: 1000n }], [RUN, 'ROWS 1', {}, {}]);
    const f = meta(await c.next());
    expect(f.get('neo4j_code')).toBe('Neo.ClientError.Statement.SyntaxError');
    expect(f.get('gql_status')).toBe('42001');
    expect((f.get('diagnostic_record') as Map<string, Value>).get('_classification')).toBe('CLIENT_ERROR');
    expect(sig(await c.next())).toBe(IGNORED);
    expect(sig(await c.next())).toBe(IGNORED);
    c.send([RESET], [RUN, 'ROWS 1', {}, {}], [PULL, { n: 1000n }]);
    expect(sig(await c.next())).toBe(SUCCESS);
    expect(sig(await c.next())).toBe(SUCCESS);
    expect((await c.summary()).records).toEqual([[0n]]);
  });

  it('a failure while pulling fails the stream and cancels the result', async () => {
    const c = await ready();
    const before = engine.cancels;
    c.send([RUN, 'FAIL LATER', {}, {}], [PULL, { n: 1000n }]);
    expect(sig(await c.next())).toBe(SUCCESS);
    expect(meta(await c.next()).get('neo4j_code')).toBe('Neo.ClientError.Statement.ArithmeticError');
    c.send([RESET]);
    expect(sig(await c.next())).toBe(SUCCESS);
    expect(engine.cancels).toBeGreaterThan(before);
  });

  it('RESET interrupts a long stream; the connection carries on', async () => {
    const c = await ready();
    c.send([RUN, 'ROWS 100000000', {}, {}], [PULL, { n: -1n }]);
    expect(sig(await c.next())).toBe(SUCCESS);
    await new Promise((r) => setTimeout(r, 30));
    c.send([RESET]);
    const s = await c.summary(10_000);
    expect(s.records.length).toBeGreaterThan(0);
    expect(sig(s.last)).toBe(IGNORED);
    expect(sig(await c.next())).toBe(SUCCESS); // the RESET
    c.send([RUN, 'ROWS 1', {}, {}], [PULL, { n: 10n }]);
    expect(sig(await c.next())).toBe(SUCCESS);
    expect((await c.summary()).records).toEqual([[0n]]);
  });

  it('LOGOFF returns to AUTHENTICATION; TELEMETRY is acknowledged; GOODBYE closes', async () => {
    const c = await ready();
    c.send([TELEMETRY, 2n], [LOGOFF], [LOGON, { scheme: 'basic', principal: 'u', credentials: 'p' }], [GOODBYE]);
    expect([sig(await c.next()), sig(await c.next()), sig(await c.next())]).toEqual([SUCCESS, SUCCESS, SUCCESS]);
    expect(await c.next()).toBe('closed');
  });

  it('a message out of place is a protocol violation: FAILURE, then close', async () => {
    const c = await client();
    c.send([RUN, 'ROWS 1', {}, {}]);
    expect(meta(await c.next()).get('neo4j_code')).toBe('Neo.ClientError.Request.Invalid');
    expect(await c.next()).toBe('closed');
    const d = await ready();
    d.send([COMMIT]);
    expect(sig(await d.next())).toBe(FAILURE);
    expect(await d.next()).toBe('closed');
  });

  it('bad fields in READY fail the request but keep the connection', async () => {
    const c = await ready();
    c.send([RUN, 'ROWS 1', {}, { mode: 'x' }]);
    expect(meta(await c.next()).get('neo4j_code')).toBe('Neo.ClientError.Request.Invalid');
    c.send([RESET], [RUN, 'ROWS 1', {}, { db: 'nope' }]);
    expect(sig(await c.next())).toBe(SUCCESS);
    expect(meta(await c.next()).get('neo4j_code')).toBe('Neo.ClientError.Database.DatabaseNotFound');
    c.send([RESET]);
    expect(sig(await c.next())).toBe(SUCCESS);
  });

  it('RESET pipelined behind queued requests answers them IGNORED', async () => {
    const c = await ready();
    c.send([RUN, 'ROWS 3', {}, {}], [PULL, { n: 1000n }], [RESET], [RUN, 'ROWS 1', {}, {}], [PULL, { n: 1000n }]);
    const first = await c.summary();
    // The RUN may already be running when the RESET arrives; whatever had not finished is IGNORED.
    expect([SUCCESS, IGNORED]).toContain(sig(first.last));
    const responses: (number | 'closed')[] = [];
    for (;;) {
      const r = await c.summary();
      responses.push(sig(r.last));
      if (r.records.length > 0) break;
    }
    expect(responses.at(-2)).toBe(SUCCESS); // RUN after the RESET
    expect(responses.at(-1)).toBe(SUCCESS); // its PULL
  });

  it('ROUTE names this server for every role and resolves the home database', async () => {
    const c = await ready();
    c.send([ROUTE, { address: 'x:1' }, [], {}]);
    const rt = meta(await c.next()).get('rt') as Map<string, Value>;
    expect(rt.get('db')).toBe('neo4j');
    const servers = rt.get('servers') as Map<string, Value>[];
    expect(servers.map((s) => s.get('role')).sort()).toEqual(['READ', 'ROUTE', 'WRITE']);
    for (const s of servers) expect(s.get('addresses')).toEqual([`127.0.0.1:${server.boltPort}`]);
  });
});

describe('versions', () => {
  it('Bolt 5.6 sends FAILURE with code, not neo4j_code', async () => {
    const c = await client(Buffer.from('6060b017' + '00000605' + '00000000'.repeat(3), 'hex'));
    c.send([HELLO, {}], [LOGON, { scheme: 'none' }], [RUN, 'FAIL', {}, {}]);
    await c.next();
    await c.next();
    const f = meta(await c.next());
    expect(f.get('code')).toBe('Neo.ClientError.Statement.SyntaxError');
    expect(f.has('neo4j_code')).toBe(false);
  });

  it('Bolt 4.4 takes auth in HELLO and uses the utc patch when asked', async () => {
    const dt = new DateTimeValue(new Temporal.ZonedDateTime(0n, '+01:00'), false);
    for (const patch of [true, false]) {
      const c = await client(Buffer.from('6060b017' + '00000404' + '00000000'.repeat(3), 'hex'));
      c.send([HELLO, { user_agent: 'x', scheme: 'none', ...(patch ? { patch_bolt: ['utc'] } : {}) }]);
      const hello = meta(await c.next());
      expect(hello.get('patch_bolt')).toEqual(patch ? ['utc'] : undefined);
      c.send([RUN, 'RETURN $a', { a: dt }, {}], [PULL, { n: -1n }]);
      await c.next();
      const s = await c.summary();
      expect(s.records[0]![0]).toBeInstanceOf(DateTimeValue);
      expect((s.records[0]![0] as DateTimeValue).zoned.epochNanoseconds).toBe(0n);
    }
  });
});

describe('WebSocket on the Bolt port', () => {
  function frame(opcode: number, payload: Buffer): Buffer {
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
    const len = payload.length < 126 ? Buffer.from([0x80 | 0x7f & payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    return Buffer.concat([Buffer.from([0x80 | opcode]), len, mask, masked]);
  }

  it('upgrades, carries the Bolt handshake and messages in binary frames, answers ping', async () => {
    const sock: Socket = connect(server.boltPort, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const waiters: (() => void)[] = [];
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (const w of waiters.splice(0)) w();
    });
    const waitFor = async (pred: () => boolean): Promise<void> => {
      const deadline = Date.now() + 5000;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error('timeout');
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    };
    // Server frames are unmasked: [0x82, len, payload] for short payloads.
    const readFrame = async (): Promise<{ opcode: number; payload: Buffer }> => {
      await waitFor(() => buf.length >= 2 && buf.length >= 2 + (buf[1]! & 0x7f));
      const len = buf[1]! & 0x7f;
      const f = { opcode: buf[0]! & 0x0f, payload: buf.subarray(2, 2 + len) };
      buf = buf.subarray(2 + len);
      return f;
    };
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const key = Buffer.from('0123456789abcdef').toString('base64');
    sock.write(`GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    await waitFor(() => buf.includes('\r\n\r\n'));
    const head = buf.subarray(0, buf.indexOf('\r\n\r\n') + 4).toString();
    buf = buf.subarray(head.length);
    expect(head).toMatch(/^HTTP\/1\.1 101/);
    const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    expect(head).toContain(`Sec-WebSocket-Accept: ${accept}`);

    sock.write(frame(0x2, HANDSHAKE_LEGACY));
    const hs = await readFrame();
    expect(hs.opcode).toBe(0x2);
    expect(hs.payload.toString('hex')).toBe('00000805');

    sock.write(frame(0x9, Buffer.from('hi')));
    const pong = await readFrame();
    expect(pong.opcode).toBe(0xa);
    expect(pong.payload.toString()).toBe('hi');

    // HELLO split over two frames: `00 0f` + `b1 01 a1 8a user_agent 81 x` is not needed; use a tiny HELLO.
    const hello = Buffer.from('0003b101a00000', 'hex');
    sock.write(Buffer.concat([frame(0x2, hello.subarray(0, 3)), frame(0x2, hello.subarray(3))]));
    const resp = await readFrame();
    expect(resp.payload[2]).toBe(0xb1);
    expect(resp.payload[3]).toBe(SUCCESS);

    sock.write(frame(0x8, Buffer.from([0x03, 0xe8])));
    const close = await readFrame();
    expect(close.opcode).toBe(0x8);
    sock.destroy();
  });
});
