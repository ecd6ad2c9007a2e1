// The Bolt port: one TCP server that sniffs the first bytes of each connection. The Bolt magic
// `60 60 B0 17` starts Bolt over TCP; `GET ` starts a WebSocket upgrade (the driver's browser build)
// carrying the same Bolt bytes; anything else is closed. With a certificate and key the port speaks
// TLS only (bolt+s, bolt+ssc, wss) and the same sniffing runs on the decrypted bytes.
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { type BoltContext } from './context.js';
import { BoltConnection, type Transport } from './connection.js';
import { parseUpgrade, waitDrain, WebSocketTransport } from './websocket.js';

export interface BoltListenerOptions {
  readonly host: string;
  /** 0 = any free port (tests). */
  readonly port: number;
  readonly context: BoltContext;
  /** A connection that has not completed the Bolt handshake by then is dropped. */
  readonly handshakeTimeoutMs?: number;
  /** PEM certificate chain and key: the port speaks TLS only (bolt+s, bolt+ssc, wss). */
  readonly tls?: { readonly cert: Buffer | string; readonly key: Buffer | string };
}

/** The kernel caps it at net.core.somaxconn; Node's default (511) is short for a burst of connects. */
const LISTEN_BACKLOG = 4096;

class TcpTransport implements Transport {
  constructor(private readonly socket: Socket) {}
  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }
  write(data: Buffer): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return true;
    return this.socket.write(data);
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
    if (this.socket.destroyed) return;
    this.socket.end();
    // A peer that never reads must not keep the socket (and shutdown) waiting.
    setTimeout(() => this.socket.destroy(), 5_000).unref();
  }
}

const MAGIC = Buffer.from([0x60, 0x60, 0xb0, 0x17]);
const GET = Buffer.from('GET ', 'latin1');

export class BoltListener {
  readonly connections = new Set<BoltConnection>();
  private readonly sockets = new Set<Socket>();
  private accepting = true;
  private accepted = 0;

  private constructor(
    private readonly server: Server,
    private readonly opts: BoltListenerOptions,
  ) {}

  static async listen(opts: BoltListenerOptions): Promise<BoltListener> {
    let server: Server;
    if (opts.tls === undefined) {
      server = createServer({ noDelay: true, keepAlive: true });
    } else {
      server = createTlsServer({ cert: opts.tls.cert, key: opts.tls.key, handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000 });
      // A client that fails the TLS handshake (plain Bolt, wrong certificate) costs only its socket.
      server.on('tlsClientError', (_e, s: TLSSocket) => s.destroy());
    }
    const l = new BoltListener(server, opts);
    server.on(opts.tls === undefined ? 'connection' : 'secureConnection', (s: Socket) => l.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, LISTEN_BACKLOG, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return l;
  }

  /** Open sockets (Bolt, WebSocket, or still negotiating) and sockets accepted since start. */
  get stats(): { readonly open: number; readonly accepted: number } {
    return { open: this.sockets.size, accepted: this.accepted };
  }

  get port(): number {
    const a = this.server.address();
    return typeof a === 'object' && a !== null ? a.port : 0;
  }

  private accept(socket: Socket): void {
    if (!this.accepting) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.accepted++;
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    const timer = setTimeout(() => socket.destroy(), this.opts.handshakeTimeoutMs ?? 10_000);
    timer.unref();
    let sniffed: Buffer = Buffer.alloc(0);
    let conn: BoltConnection | null = null;
    const ws: { t: WebSocketTransport | null } = { t: null };
    let upgraded = false;

    const startConnection = (transport: Transport): BoltConnection => {
      const c = new BoltConnection(this.opts.context, transport, (x) => this.connections.delete(x));
      this.connections.add(c);
      return c;
    };
    const checkNegotiated = (): void => {
      if (conn !== null && conn.version !== 0) clearTimeout(timer);
    };

    const onData = (data: Buffer): void => {
      if (conn !== null && !upgraded) {
        conn.receive(data);
        checkNegotiated();
        return;
      }
      if (ws.t !== null) {
        ws.t.receive(data);
        checkNegotiated();
        return;
      }
      sniffed = sniffed.length === 0 ? data : Buffer.concat([sniffed, data]);
      const n = Math.min(4, sniffed.length);
      if (sniffed.subarray(0, n).equals(MAGIC.subarray(0, n))) {
        if (sniffed.length < 4) return;
        conn = startConnection(new TcpTransport(socket));
        conn.receive(sniffed);
        checkNegotiated();
        return;
      }
      if (!sniffed.subarray(0, n).equals(GET.subarray(0, n))) {
        socket.destroy();
        return;
      }
      if (sniffed.length < 4) return;
      const up = parseUpgrade(sniffed);
      if (up.kind === 'incomplete') return;
      if (up.kind === 'invalid') {
        socket.end(up.response);
        return;
      }
      socket.write(up.response);
      upgraded = true;
      const t = new WebSocketTransport(socket, this.opts.context.maxMessageBytes + 1024);
      ws.t = t;
      conn = startConnection(t);
      const c = conn;
      t.onData = (payload) => c.receive(payload);
      if (up.rest.length > 0) t.receive(up.rest);
    };
    socket.on('data', (data: Buffer) => {
      try {
        onData(data);
      } catch (e) {
        // A bug must cost one connection, never the server.
        this.opts.context.log?.('error', `bolt connection dropped: ${(e as Error).stack ?? String(e)}`);
        socket.destroy();
      }
    });
    socket.on('error', () => {
      // 'close' follows; the connection cleans up there.
    });
    socket.on('close', () => {
      clearTimeout(timer);
      this.sockets.delete(socket);
      conn?.close();
    });
  }

  /**
   * Stops accepting, lets connections finish their current work (up to `graceMs`), then closes
   * every connection (open transactions are rolled back).
   */
  async close(graceMs = 10_000): Promise<void> {
    this.accepting = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const deadline = Date.now() + graceMs;
    const waits = [...this.connections].map(async (c) => {
      const left = deadline - Date.now();
      if (!c.idle && left > 0) {
        await Promise.race([c.whenIdle(), new Promise((r) => setTimeout(r, left).unref())]);
      }
      c.close();
    });
    await Promise.all(waits);
    // Give peers a moment to read the last bytes, then drop whatever is left (including sockets
    // that never completed a handshake).
    if (this.sockets.size > 0) await new Promise((r) => setTimeout(r, 50));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
