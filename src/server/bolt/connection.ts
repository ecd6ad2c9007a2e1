// One Bolt connection: handshake, dechunking, the server state machine of specs/bolt-and-http.md
// section 5 and the translation of requests into QueryEngine calls. Requests are answered strictly
// in order; responses accumulate in one buffer that is written once per batch (when the request
// queue runs dry or the buffer grows large), so pipelined RUN+PULL costs one write.
import { QuiverError, quiverError } from '../../errors.js';
import type { Value } from '../../values/types.js';
import type { EngineTransaction, NotificationFilter, Principal, QueryResult, ResultSummary, TxConfig } from '../session.js';
import type { BoltContext } from './context.js';
import { Dechunker } from './chunking.js';
import { HANDSHAKE_BYTES, negotiate, readManifestPick, type BoltVersion, version } from './handshake.js';
import {
  decodeRequest,
  ProtocolViolation,
  type Request,
  toQuiverError,
  type TxExtra,
  writeFailure,
  writeIgnored,
  writeRecord,
  writeSuccess,
} from './messages.js';
import { CLIENT_UNPACK, Packer, Unpacker } from './packstream.js';
import { summaryMeta } from './summary.js';

/** The byte pipe under a connection: a TCP socket or a WebSocket. */
export interface Transport {
  /** Writes bytes; false means the peer is slow (wait for `drain`). */
  write(data: Buffer): boolean;
  waitDrain(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Flushes and closes. */
  end(): void;
  readonly remoteAddress: string;
}

export type BoltState =
  | 'NEGOTIATION'
  | 'AUTHENTICATION'
  | 'READY'
  | 'STREAMING'
  | 'TX_READY'
  | 'TX_STREAMING'
  | 'FAILED'
  | 'DEFUNCT';

type Item = { readonly req: Request } | { readonly error: QuiverError; readonly fatal: boolean };

const FLUSH_BYTES = 64 * 1024;
const PULL_BATCH = 1000;
const MAX_QUEUED = 256;

let connectionCounter = 0;

export class BoltConnection {
  readonly id = `bolt-${++connectionCounter}`;
  state: BoltState = 'NEGOTIATION';
  version: BoltVersion = 0;
  private phase: 'handshake' | 'manifest' | 'bolt' | 'closed' = 'handshake';
  private pending: Buffer = Buffer.alloc(0);
  // Starts small (idle connections are cheap) and grows to the largest batch it has to hold.
  private readonly packer = new Packer(undefined, 1024);
  private readonly unpacker = new Unpacker(CLIENT_UNPACK);
  private readonly dechunker: Dechunker;
  private readonly queue: Item[] = [];
  private running = false;
  private paused = false;
  private pendingResets = 0;
  private principal: Principal | null = null;
  private notifications: NotificationFilter | undefined;
  private abort = new AbortController();
  private autoResult: { result: QueryResult; db: string } | null = null;
  private tx: { tx: EngineTransaction; results: Map<number, QueryResult>; nextQid: number; lastQid: number } | null = null;
  private noopTimer: NodeJS.Timeout | null = null;
  private wroteSinceTick = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly ctx: BoltContext,
    private readonly transport: Transport,
    private readonly onClose: (c: BoltConnection) => void = () => {},
  ) {
    this.dechunker = new Dechunker((m) => this.onMessage(m), ctx.maxMessageBytes);
  }

  /** No request in flight, no open result or transaction: safe to close at shutdown. */
  get idle(): boolean {
    return !this.running && this.queue.length === 0 && this.autoResult === null && this.tx === null;
  }

  whenIdle(): Promise<void> {
    if (this.idle || this.phase === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Feeds bytes from the transport. */
  receive(data: Buffer): void {
    if (this.phase === 'bolt') {
      try {
        this.dechunker.push(data);
      } catch (e) {
        this.enqueue({ error: toQuiverError(e), fatal: true });
        this.phase = 'closed';
      }
      return;
    }
    if (this.phase === 'closed') return;
    this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    if (this.phase === 'handshake') {
      if (this.pending.length < HANDSHAKE_BYTES) return;
      const r = negotiate(this.pending);
      const rest = this.pending.subarray(HANDSHAKE_BYTES);
      this.pending = Buffer.alloc(0);
      if (r.kind === 'refused') {
        if (r.reply !== null) this.transport.write(r.reply);
        this.close();
        return;
      }
      this.transport.write(r.reply);
      if (r.kind === 'manifest') {
        this.phase = 'manifest';
        if (rest.length > 0) this.receive(rest);
        return;
      }
      this.start(r.version, rest);
      return;
    }
    const pick = readManifestPick(this.pending);
    if (pick === null) return;
    const rest = this.pending.subarray(pick.consumed);
    this.pending = Buffer.alloc(0);
    if (pick.version === null) return this.close();
    this.start(pick.version, rest);
  }

  private start(v: BoltVersion, rest: Buffer): void {
    this.version = v;
    this.phase = 'bolt';
    // 4.4 without the utc patch uses the legacy DateTime tags; HELLO may switch them.
    const bolt5 = v >= version(5, 0);
    this.packer.options = { elementIds: bolt5, utc: bolt5 };
    this.unpacker.options = { ...CLIENT_UNPACK, legacyDateTime: !bolt5 };
    if (rest.length > 0) this.receive(rest);
  }

  private onMessage(msg: Buffer): void {
    let item: Item;
    try {
      const req = decodeRequest(this.unpacker, msg, this.version);
      if (req.type === 'RESET') {
        // RESET acts at once: whatever runs now is aborted and everything queued before the RESET
        // is answered IGNORED.
        this.pendingResets++;
        this.abort.abort();
      }
      item = { req };
    } catch (e) {
      const err = toQuiverError(e);
      item = { error: err, fatal: e instanceof ProtocolViolation };
    }
    this.enqueue(item);
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    if (this.queue.length > MAX_QUEUED && !this.paused) {
      this.paused = true;
      this.transport.pause();
    }
    if (!this.running) void this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    this.startNoopTimer();
    try {
      while (this.queue.length > 0 && this.state !== 'DEFUNCT') {
        const item = this.queue.shift()!;
        await this.handle(item);
        if (this.packer.pos >= FLUSH_BYTES) await this.flush();
        if (this.paused && this.queue.length < MAX_QUEUED / 2) {
          this.paused = false;
          this.transport.resume();
        }
      }
      await this.flush();
    } catch (e) {
      this.ctx.log?.('error', `${this.id}: ${(e as Error).message}`);
      this.close();
    } finally {
      this.running = false;
      this.stopNoopTimer();
      if (this.idle) for (const w of this.idleWaiters.splice(0)) w();
    }
    if (this.queue.length > 0 && this.state !== 'DEFUNCT') void this.loop();
  }

  /** Writes the buffered responses. */
  private async flush(): Promise<void> {
    const p = this.packer;
    if (p.pos === 0 || this.state === 'DEFUNCT') return;
    let out: Buffer;
    if (p.pos < 8192) {
      out = Buffer.from(p.view()); // small: copy (pooled) and keep our buffer
    } else {
      out = p.view(); // large: hand the buffer to the socket and start a new one
      p.buf = Buffer.allocUnsafe(16 * 1024);
    }
    p.pos = 0;
    this.wroteSinceTick = true;
    if (!this.transport.write(out)) await this.transport.waitDrain();
  }

  private async handle(item: Item): Promise<void> {
    const p = this.packer;
    if ('error' in item) {
      const early = this.state === 'NEGOTIATION' || this.state === 'AUTHENTICATION';
      if ((this.state === 'FAILED' || this.pendingResets > 0) && !item.fatal) return writeIgnored(p);
      writeFailure(p, item.error, this.version);
      if (item.fatal || early) return this.fail(true);
      return this.fail(false);
    }
    const req = item.req;
    if (req.type === 'GOODBYE') {
      await this.flush();
      return this.close();
    }
    if (req.type === 'RESET') {
      this.pendingResets--;
      await this.reset();
      if (this.principal !== null) this.state = 'READY';
      return writeSuccess(p, {});
    }
    if (this.pendingResets > 0 || this.state === 'FAILED') return writeIgnored(p);
    try {
      await this.dispatch(req);
    } catch (e) {
      if (this.abort.signal.aborted && this.pendingResets > 0) {
        // Interrupted by a RESET that is already queued: the RESET answers for it.
        writeIgnored(p);
        return;
      }
      const err = toQuiverError(e);
      if (err.kind === 'UnknownError') this.ctx.log?.('error', `${this.id}: ${String((e as Error).stack ?? e)}`);
      writeFailure(p, err, this.version);
      const fatal = e instanceof ProtocolViolation || this.state === 'NEGOTIATION' || this.state === 'AUTHENTICATION' || (err.code.startsWith('Neo.ClientError.Security.') && err.kind !== 'Forbidden');
      await this.fail(fatal);
    }
  }

  /** After a FAILURE: drop the running work, then FAILED (until RESET) or close. */
  private async fail(fatal: boolean): Promise<void> {
    await this.reset();
    if (fatal) {
      await this.flush();
      this.close();
      return;
    }
    this.state = 'FAILED';
  }

  /** Cancels the current result and rolls back an open transaction. */
  private async reset(): Promise<void> {
    this.abort = new AbortController();
    const auto = this.autoResult;
    const tx = this.tx;
    this.autoResult = null;
    this.tx = null;
    if (auto !== null) await auto.result.cancel();
    if (tx !== null) {
      for (const r of tx.results.values()) await r.cancel();
      await tx.tx.rollback();
    }
  }

  private violation(req: Request): never {
    throw new ProtocolViolation('RequestInvalid', `Message ${req.type} cannot be handled by a session in the ${this.state} state.`);
  }

  private async dispatch(req: Request): Promise<void> {
    const p = this.packer;
    const s = this.state;
    switch (req.type) {
      case 'HELLO': {
        if (s !== 'NEGOTIATION') this.violation(req);
        const legacy = this.version < version(5, 0);
        const utc = legacy && req.patchBolt.includes('utc');
        if (legacy) {
          this.packer.options = { elementIds: false, utc };
          this.unpacker.options = { ...CLIENT_UNPACK, legacyDateTime: !utc };
        }
        this.notifications = req.notifications;
        if (this.version < version(5, 1)) {
          this.principal = await this.ctx.auth.authenticate(req.auth ?? emptyAuth, this.transport.remoteAddress);
        }
        const hints = this.ctx.recvTimeoutSeconds > 0 ? { 'connection.recv_timeout_seconds': BigInt(this.ctx.recvTimeoutSeconds) } : {};
        writeSuccess(p, {
          server: this.ctx.serverAgent,
          connection_id: this.id,
          hints,
          patch_bolt: utc ? ['utc'] : undefined,
        });
        this.state = this.principal === null ? 'AUTHENTICATION' : 'READY';
        return;
      }
      case 'LOGON':
        if (s !== 'AUTHENTICATION') this.violation(req);
        this.principal = await this.ctx.auth.authenticate(req.auth, this.transport.remoteAddress);
        this.state = 'READY';
        return writeSuccess(p, {});
      case 'LOGOFF':
        if (s !== 'READY') this.violation(req);
        this.principal = null;
        this.state = 'AUTHENTICATION';
        return writeSuccess(p, {});
      case 'TELEMETRY':
        if (s !== 'READY' && s !== 'TX_READY') this.violation(req);
        return writeSuccess(p, {});
      case 'ROUTE': {
        if (s !== 'READY') this.violation(req);
        const db = this.resolveDb(req.db);
        const addresses = [this.ctx.advertisedAddress()];
        return writeSuccess(p, {
          rt: {
            ttl: BigInt(this.ctx.routingTtlSeconds),
            db,
            servers: [
              { addresses, role: 'WRITE' },
              { addresses, role: 'READ' },
              { addresses, role: 'ROUTE' },
            ],
          },
        });
      }
      case 'RUN':
        if (s === 'READY') return this.runAutoCommit(req.query, req.parameters, req.tx);
        if (s === 'TX_READY' || s === 'TX_STREAMING') return this.runInTx(req.query, req.parameters);
        return this.violation(req);
      case 'BEGIN': {
        if (s !== 'READY') this.violation(req);
        const config = this.txConfig(req.tx);
        const tx = await this.ctx.engine.begin(this.principal!, config);
        this.tx = { tx, results: new Map(), nextQid: 0, lastQid: -1 };
        this.state = 'TX_READY';
        return writeSuccess(p, { db: this.version >= version(5, 8) && req.tx.db === null ? tx.database : undefined });
      }
      case 'COMMIT': {
        if ((s !== 'TX_READY' && s !== 'TX_STREAMING') || this.tx === null) this.violation(req);
        const t = this.tx;
        for (const r of t.results.values()) await r.discard();
        t.results.clear();
        this.tx = null;
        const { bookmark } = await t.tx.commit();
        this.state = 'READY';
        return writeSuccess(p, { bookmark, db: t.tx.database });
      }
      case 'ROLLBACK':
        if ((s !== 'TX_READY' && s !== 'TX_STREAMING') || this.tx === null) this.violation(req);
        await this.reset();
        this.state = 'READY';
        return writeSuccess(p, {});
      case 'PULL':
      case 'DISCARD':
        return this.pull(req.type === 'DISCARD', req.n, req.qid, req);
    }
    this.violation(req);
  }

  private resolveDb(name: string | null): string {
    // The catalog resolves `system` and aliases too, and refuses unknown and stopped databases.
    const home = name === null && this.principal !== null ? this.ctx.homeDatabase?.(this.principal) : undefined;
    return this.ctx.catalog.resolve(name ?? home ?? this.ctx.defaultDatabase).name;
  }

  private txConfig(x: TxExtra): TxConfig {
    const database = this.resolveDb(x.db);
    // RUN and BEGIN: from here the connection counts against the database (max_connections).
    this.ctx.connections?.use(this, database, this.principal?.username);
    return {
      database,
      mode: x.mode,
      bookmarks: x.bookmarks,
      txTimeoutMs: x.txTimeoutMs,
      metadata: x.metadata,
      impersonatedUser: x.impUser ?? undefined,
      notificationFilter: x.notifications ?? this.notifications,
      signal: this.abort.signal,
    };
  }

  private async runAutoCommit(query: string, parameters: ReadonlyMap<string, Value>, x: TxExtra): Promise<void> {
    const t0 = Date.now();
    const config = this.txConfig(x);
    const result = await this.ctx.engine.run(this.principal!, { ...config, query, parameters });
    this.autoResult = { result, db: config.database };
    this.state = 'STREAMING';
    writeSuccess(this.packer, {
      fields: result.fields,
      t_first: BigInt(Date.now() - t0),
      db: this.version >= version(5, 8) && x.db === null ? config.database : undefined,
    });
  }

  private async runInTx(query: string, parameters: ReadonlyMap<string, Value>): Promise<void> {
    const t = this.tx!;
    const t0 = Date.now();
    const result = await t.tx.run(query, parameters);
    const qid = t.nextQid++;
    t.results.set(qid, result);
    t.lastQid = qid;
    this.state = 'TX_STREAMING';
    writeSuccess(this.packer, { fields: result.fields, t_first: BigInt(Date.now() - t0), qid: BigInt(qid) });
  }

  private async pull(discard: boolean, n: number, qid: number, req: Request): Promise<void> {
    let result: QueryResult;
    let inTx = false;
    let key = -1;
    if (this.state === 'STREAMING' && this.autoResult !== null) {
      result = this.autoResult.result;
    } else if (this.state === 'TX_STREAMING' && this.tx !== null) {
      inTx = true;
      key = qid === -1 ? this.tx.lastQid : qid;
      const r = this.tx.results.get(key);
      if (r === undefined) throw quiverError('RequestInvalid', `No open result with qid ${qid}.`);
      result = r;
    } else {
      return this.violation(req);
    }
    const p = this.packer;
    const t0 = Date.now();
    let summary: ResultSummary | null = null;
    if (discard && n === -1) {
      summary = await result.discard();
    } else {
      let left = n === -1 ? Infinity : n;
      const signal = this.abort.signal;
      while (left > 0) {
        const batch = await result.next(Math.min(left, PULL_BATCH));
        if (signal.aborted) throw quiverError('TransactionTerminated', 'The query was interrupted by RESET.');
        if (!discard) for (const row of batch.rows) writeRecord(p, row);
        left -= batch.rows.length;
        if (p.pos >= FLUSH_BYTES) await this.flush();
        if (batch.done) {
          summary = await result.summary();
          break;
        }
      }
    }
    if (summary === null) return writeSuccess(p, { has_more: true });
    const meta = summaryMeta(summary, Date.now() - t0);
    if (inTx) {
      this.tx!.results.delete(key);
      if (this.tx!.results.size === 0) this.state = 'TX_READY';
      return writeSuccess(p, { ...meta, bookmark: undefined });
    }
    this.autoResult = null;
    this.state = 'READY';
    writeSuccess(p, meta);
  }

  private startNoopTimer(): void {
    const secs = this.ctx.recvTimeoutSeconds;
    if (secs <= 0 || this.noopTimer !== null) return;
    this.wroteSinceTick = false;
    // The driver drops a connection that sends nothing for recv_timeout_seconds while it awaits a
    // reply; a NOOP between messages keeps a long-running query's connection alive.
    this.noopTimer = setInterval(() => {
      if (!this.wroteSinceTick && this.state !== 'DEFUNCT') {
        const noop = Buffer.from([0, 0]);
        this.transport.write(noop);
      }
      this.wroteSinceTick = false;
    }, Math.max(1000, (secs * 1000) / 4));
    this.noopTimer.unref();
  }

  private stopNoopTimer(): void {
    if (this.noopTimer !== null) clearInterval(this.noopTimer);
    this.noopTimer = null;
  }

  /** Closes the connection: aborts running work, rolls back, ends the transport. Idempotent. */
  close(): void {
    if (this.state === 'DEFUNCT') return;
    this.state = 'DEFUNCT';
    this.phase = 'closed';
    this.queue.length = 0;
    this.abort.abort();
    this.stopNoopTimer();
    this.ctx.connections?.release(this);
    void this.reset().catch(() => {});
    this.transport.end();
    for (const w of this.idleWaiters.splice(0)) w();
    this.onClose(this);
  }
}

const emptyAuth = { scheme: 'none', principal: null, credentials: null, realm: null } as const;
