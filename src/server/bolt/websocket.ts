// The minimal server side of RFC 6455 that the driver's browser build needs: the HTTP Upgrade
// handshake, binary frames (masked from the client, unmasked from us), fragmentation, ping/pong and
// close. Bolt is a byte stream, so frame payloads are handed on as they arrive.
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Transport } from './connection.js';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const MAX_UPGRADE_BYTES = 8 * 1024;

export type UpgradeResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid'; readonly response: string }
  | { readonly kind: 'upgrade'; readonly response: string; readonly rest: Buffer };

/** Parses the client's HTTP Upgrade request from the bytes seen so far. */
export function parseUpgrade(buf: Buffer): UpgradeResult {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) {
    return buf.length > MAX_UPGRADE_BYTES ? { kind: 'invalid', response: httpError(431, 'Request Header Fields Too Large') } : { kind: 'incomplete' };
  }
  const lines = buf.toString('latin1', 0, end).split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const key = headers.get('sec-websocket-key');
  const upgrade = headers.get('upgrade')?.toLowerCase();
  if (!/^GET \S+ HTTP\/1\.1$/.test(lines[0] ?? '') || upgrade !== 'websocket' || key === undefined || key.length === 0) {
    return { kind: 'invalid', response: httpError(400, 'Bad Request') };
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  const response = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
  return { kind: 'upgrade', response, rest: buf.subarray(end + 4) };
}

function httpError(status: number, text: string): string {
  return `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
}

/** Builds an unmasked server frame header for a payload of `len` bytes. */
export function frameHeader(opcode: number, len: number): Buffer {
  if (len < 126) return Buffer.from([0x80 | opcode, len]);
  if (len <= 0xffff) {
    const h = Buffer.allocUnsafe(4);
    h[0] = 0x80 | opcode;
    h[1] = 126;
    h.writeUInt16BE(len, 2);
    return h;
  }
  const h = Buffer.allocUnsafe(10);
  h[0] = 0x80 | opcode;
  h[1] = 127;
  h.writeBigUInt64BE(BigInt(len), 2);
  return h;
}

/** A WebSocket carrying Bolt: parses incoming frames, frames outgoing bytes. */
export class WebSocketTransport implements Transport {
  private pending: Buffer = Buffer.alloc(0);
  private closed = false;
  onData: (payload: Buffer) => void = () => {};

  constructor(
    private readonly socket: Socket,
    private readonly maxFrameBytes: number,
  ) {}

  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  write(data: Buffer): boolean {
    if (this.closed || this.socket.destroyed) return true;
    this.socket.cork();
    this.socket.write(frameHeader(0x2, data.length));
    const ok = this.socket.write(data);
    this.socket.uncork();
    return ok;
  }

  waitDrain(): Promise<void> {
    return waitDrain(this.socket);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  end(): void {
    this.closeWith(1000);
  }

  private closeWith(code: number): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.socket.destroyed) {
      const payload = Buffer.allocUnsafe(2);
      payload.writeUInt16BE(code, 0);
      this.socket.write(Buffer.concat([frameHeader(0x8, 2), payload]));
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 5_000).unref();
    }
  }

  /** Feeds raw socket bytes; payloads of binary frames go to `onData`. */
  receive(data: Buffer): void {
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    while (!this.closed) {
      const buf = this.pending;
      if (buf.length < 2) return;
      const b0 = buf[0]!;
      const b1 = buf[1]!;
      const opcode = b0 & 0x0f;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        const big = buf.readBigUInt64BE(2);
        if (big > BigInt(this.maxFrameBytes)) return this.closeWith(1009);
        len = Number(big);
        off = 10;
      }
      if ((b0 & 0x70) !== 0 || (b1 & 0x80) === 0) return this.closeWith(1002); // no extensions; clients must mask
      if (len > this.maxFrameBytes) return this.closeWith(1009);
      if (opcode >= 8 && (len > 125 || (b0 & 0x80) === 0)) return this.closeWith(1002);
      if (buf.length < off + 4 + len) return;
      const mask = buf.subarray(off, off + 4);
      const payload = Buffer.allocUnsafe(len);
      const start = off + 4;
      for (let i = 0; i < len; i++) payload[i] = buf[start + i]! ^ mask[i & 3]!;
      this.pending = buf.subarray(start + len);
      switch (opcode) {
        case 0x0: // continuation
        case 0x2: // binary
          if (len > 0) this.onData(payload);
          break;
        case 0x8: // close: answer and go
          return this.closeWith(1000);
        case 0x9: // ping
          this.socket.write(Buffer.concat([frameHeader(0xa, len), payload]));
          break;
        case 0xa: // pong
          break;
        default: // text frames are not Bolt
          return this.closeWith(1003);
      }
    }
  }
}

/** Resolves on `drain`, or when the socket closes (nothing will drain then). */
export function waitDrain(socket: Socket): Promise<void> {
  if (socket.destroyed || !socket.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
