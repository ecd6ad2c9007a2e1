// A response body written piece by piece. Small bodies (the common case) are collected and sent
// whole, with a Content-Length; once a body passes `threshold` bytes it is streamed instead, with
// backpressure: `write` resolves when the socket can take more, so a million-row result never sits
// in memory. A client that disconnects makes `aborted` true and later writes no-ops.
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

export class ResponseSink {
  private parts: string[] = [];
  private size = 0;
  private stream: PassThrough | null = null;
  private gone = false;

  constructor(
    private readonly reply: FastifyReply,
    private readonly contentType: string,
    private readonly threshold = 64 * 1024,
  ) {
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) this.gone = true;
    });
  }

  /** True once the client has gone away (the caller should cancel its query). */
  get aborted(): boolean {
    return this.gone;
  }

  /** True once bytes have been sent: the status code can no longer change. */
  get committed(): boolean {
    return this.stream !== null;
  }

  /** Appends text; resolves at once unless the socket is full. */
  write(s: string): Promise<void> | void {
    if (this.gone) return;
    if (this.stream === null) {
      this.parts.push(s);
      this.size += s.length;
      if (this.size < this.threshold) return;
      this.stream = new PassThrough();
      this.reply.header('content-type', this.contentType).send(this.stream);
      s = this.parts.join('');
      this.parts = [];
    }
    if (!this.stream.write(s)) return this.drain();
  }

  /** Finishes the response. */
  end(): void {
    if (this.stream !== null) {
      this.stream.end();
      return;
    }
    if (this.gone) return;
    void this.reply.header('content-type', this.contentType).send(this.parts.join(''));
  }

  /** Abandons a streamed response (the client sees a cut-off body, never a wrong success). */
  destroy(): void {
    this.stream?.destroy();
    this.reply.raw.destroy();
  }

  private drain(): Promise<void> {
    const stream = this.stream!;
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        this.reply.raw.off('close', done);
        resolve();
      };
      stream.once('drain', done);
      this.reply.raw.once('close', done);
    });
  }
}
