// Bolt message framing (specs/bolt-and-http.md section 2): a message is one or more
// `[u16 size][bytes]` chunks followed by `00 00`; a lone `00 00` is a NOOP. TCP may split a message
// anywhere (even inside a chunk header) and may carry several messages in one packet.
import { quiverError } from '../../errors.js';
import type { Packer } from './packstream.js';

export const MAX_CHUNK = 0xffff;

/** Default upper bound on one request message; larger ones are refused before they are buffered. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * Reassembles messages from arbitrary slices of the byte stream. A message that arrives as one
 * chunk inside one packet is handed on as a view (no copy).
 */
export class Dechunker {
  private headerByte = -1; // first byte of a chunk header split across packets
  private remaining = 0; // bytes left in the current chunk
  private parts: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly onMessage: (message: Buffer) => void,
    private readonly maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
  ) {}

  /** True when no partial message or chunk is buffered. */
  get idle(): boolean {
    return this.headerByte < 0 && this.remaining === 0 && this.size === 0;
  }

  push(data: Buffer): void {
    let pos = 0;
    const n = data.length;
    while (pos < n) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, n - pos);
        this.parts.push(data.subarray(pos, pos + take));
        this.size += take;
        this.remaining -= take;
        pos += take;
        continue;
      }
      let chunkSize: number;
      if (this.headerByte >= 0) {
        chunkSize = (this.headerByte << 8) | data[pos]!;
        this.headerByte = -1;
        pos += 1;
      } else if (pos + 1 < n) {
        chunkSize = (data[pos]! << 8) | data[pos + 1]!;
        pos += 2;
      } else {
        this.headerByte = data[pos]!;
        pos += 1;
        continue;
      }
      if (chunkSize === 0) {
        this.endOfMessage();
        continue;
      }
      if (this.size + chunkSize > this.maxMessageBytes) {
        throw quiverError('RequestInvalid', `A request message exceeds the limit of ${this.maxMessageBytes} bytes.`);
      }
      this.remaining = chunkSize;
    }
  }

  private endOfMessage(): void {
    if (this.size === 0) return; // NOOP (keep-alive)
    const msg = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.onMessage(msg);
  }
}

/** Reserves a chunk header for a message about to be packed; pass the result to `endMessage`. */
export function beginMessage(p: Packer): number {
  const start = p.pos;
  p.ensure(2);
  p.pos += 2;
  return start;
}

/**
 * Frames the message packed since `beginMessage`: patches the chunk header and appends `00 00`.
 * Messages over 65535 bytes (rare: a large record) are split in place into several chunks.
 */
export function endMessage(p: Packer, start: number): void {
  const len = p.pos - start - 2;
  if (len <= MAX_CHUNK) {
    p.buf.writeUInt16BE(len, start);
    p.u16(0);
    return;
  }
  const chunks = Math.ceil(len / MAX_CHUNK);
  const extra = 2 * (chunks - 1);
  p.ensure(extra + 2);
  const body = start + 2;
  // Move chunks from the last to the first so that nothing is overwritten before it is moved.
  for (let i = chunks - 1; i >= 0; i--) {
    const from = body + i * MAX_CHUNK;
    const size = Math.min(MAX_CHUNK, len - i * MAX_CHUNK);
    const to = start + i * (MAX_CHUNK + 2);
    p.buf.copyWithin(to + 2, from, from + size);
    p.buf.writeUInt16BE(size, to);
  }
  p.pos = start + len + 2 * chunks;
  p.u16(0);
}

/** Writes `00 00` (a NOOP) between messages. */
export function writeNoop(p: Packer): void {
  p.u16(0);
}
