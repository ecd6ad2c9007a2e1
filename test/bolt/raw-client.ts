// A bare Bolt client over node:net for protocol-level tests: handshake, framed messages, and a
// reader that decodes responses (or reports that the server closed the connection).
import { connect, type Socket } from 'node:net';
import { beginMessage, Dechunker, endMessage } from '../../src/server/bolt/chunking.js';
import { Packer, type PackValue, Unpacker } from '../../src/server/bolt/packstream.js';
import type { Value } from '../../src/values/types.js';

export const HANDSHAKE_5 = Buffer.from('6060b017000001ff0008080500020404000000 03'.replace(/ /g, ''), 'hex');
export const HANDSHAKE_LEGACY = Buffer.from('6060b017000008050000040400000000000000 00'.replace(/ /g, ''), 'hex');

export interface Response {
  readonly sig: number;
  readonly fields: Value[];
}

export class RawClient {
  private readonly responses: (Response | 'closed')[] = [];
  private waiters: (() => void)[] = [];
  private raw: Buffer = Buffer.alloc(0);
  private mode: 'raw' | 'bolt' = 'raw';
  closed = false;
  private readonly dechunker = new Dechunker((m) => {
    const u = new Unpacker({ graphValues: true, legacyDateTime: true, maxDepth: 64 }).reset(m);
    const [n, sig] = u.structHeader();
    const fields: Value[] = [];
    for (let i = 0; i < n; i++) fields.push(u.value());
    this.push({ sig, fields });
  });

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      if (this.mode === 'raw') {
        this.raw = Buffer.concat([this.raw, d]);
        this.wake();
      } else {
        this.dechunker.push(d);
      }
    });
    socket.on('close', () => {
      this.closed = true;
      this.push('closed');
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private push(r: Response | 'closed'): void {
    this.responses.push(r);
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async until(cond: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends the handshake and reads the raw reply (4 bytes, or the manifest which it answers with 5.8). */
  async handshake(hs: Buffer = HANDSHAKE_LEGACY): Promise<Buffer> {
    this.socket.write(hs);
    await this.until(() => this.raw.length >= 4 || this.closed, 5000);
    let reply = this.raw.subarray(0, 4);
    if (reply.equals(Buffer.from([0, 0, 1, 0xff]))) {
      await this.until(() => this.raw.length >= 4 + 1 + 12 + 1 || this.closed, 5000);
      reply = this.raw.subarray(0, 18);
      this.socket.write(Buffer.from([0, 0, 8, 5, 0]));
    }
    this.mode = 'bolt';
    const rest = this.raw.subarray(reply.length);
    if (rest.length > 0) this.dechunker.push(rest);
    return Buffer.from(reply);
  }

  /** Frames and sends one or more messages in one write: [signature, ...fields]. */
  send(...messages: [number, ...PackValue[]][]): void {
    const p = new Packer();
    for (const [sig, ...fields] of messages) {
      const s = beginMessage(p);
      p.structHeader(fields.length, sig);
      for (const f of fields) p.pack(f);
      endMessage(p, s);
    }
    this.socket.write(Buffer.from(p.view()));
  }

  /** Sends a message body (already PackStream) as one framed message. */
  sendFramed(body: Uint8Array): void {
    const p = new Packer();
    const s = beginMessage(p);
    p.raw(body);
    endMessage(p, s);
    this.socket.write(Buffer.from(p.view()));
  }

  /** The next response, or 'closed'. */
  async next(timeoutMs = 5000): Promise<Response | 'closed'> {
    await this.until(() => this.responses.length > 0, timeoutMs);
    const r = this.responses[0]!;
    if (r !== 'closed') this.responses.shift();
    return r;
  }

  /** Reads until a summary message (SUCCESS/FAILURE/IGNORED), collecting RECORDs. */
  async summary(timeoutMs = 5000): Promise<{ records: Value[][]; last: Response | 'closed' }> {
    const records: Value[][] = [];
    for (;;) {
      const r = await this.next(timeoutMs);
      if (r !== 'closed' && r.sig === 0x71) {
        records.push(r.fields[0] as Value[]);
        continue;
      }
      return { records, last: r };
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
