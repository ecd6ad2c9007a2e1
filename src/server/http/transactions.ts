// Open transactions of the HTTP transactional API (`POST /db/{db}/tx`). Each has a numeric id, the
// database and user that opened it, and an idle deadline: a transaction nobody touches for the
// idle timeout is rolled back and forgotten (Neo4j's `dbms.rest.transaction.idle_timeout`). One
// request at a time may use a transaction; a second gets TransactionAccessedConcurrently, as in
// Neo4j. One timer per open transaction (refreshed, never recreated); nothing per database.
import { quiverError } from '../../errors.js';
import type { EngineTransaction, Principal } from '../session.js';

export interface OpenTransaction {
  readonly id: number;
  readonly tx: EngineTransaction;
  /** The name the client used in the path (an alias stays an alias in the URLs we return). */
  readonly pathDatabase: string;
  readonly username: string;
  /** When the transaction expires unless touched (epoch ms). */
  expires: number;
  busy: boolean;
  timer: NodeJS.Timeout;
}

export class TransactionRegistry {
  private readonly open = new Map<number, OpenTransaction>();
  private nextId = 1;

  constructor(private readonly idleTimeoutMs: number) {}

  get size(): number {
    return this.open.size;
  }

  /** Registers a new transaction, in use by the calling request until `release`. */
  add(tx: EngineTransaction, pathDatabase: string, principal: Principal): OpenTransaction {
    const id = this.nextId++;
    const timer = setTimeout(() => this.expire(id), this.idleTimeoutMs);
    timer.unref();
    const t: OpenTransaction = { id, tx, pathDatabase, username: principal.username, expires: Date.now() + this.idleTimeoutMs, busy: true, timer };
    this.open.set(id, t);
    return t;
  }

  /**
   * Takes a transaction for one request. Unknown, expired, another user's or (when `database` is
   * given) another database's transaction: TransactionNotFound (a stranger learns nothing about
   * other users' ids).
   */
  acquire(rawId: string, database: string | null, principal: Principal): OpenTransaction {
    const id = /^[0-9]{1,15}$/.test(rawId) ? Number(rawId) : -1;
    const t = this.open.get(id);
    if (t === undefined || t.username !== principal.username || (database !== null && t.tx.database !== database)) {
      throw quiverError('TransactionNotFound', 'Unrecognized transaction id. Transaction may have timed out and been rolled back.');
    }
    if (t.busy) throw quiverError('TransactionAccessedConcurrently', `The transaction ${rawId} is being used by another request; send requests to one transaction one after another.`);
    t.busy = true;
    return t;
  }

  /** Ends a request's use of a transaction that stays open; restarts its idle clock. */
  release(t: OpenTransaction): void {
    t.busy = false;
    t.expires = Date.now() + this.idleTimeoutMs;
    t.timer.refresh();
  }

  /** Forgets a transaction that was committed or rolled back. */
  remove(t: OpenTransaction): void {
    clearTimeout(t.timer);
    this.open.delete(t.id);
  }

  /** Rolls back every open transaction (server shutdown). */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(
      all.map((t) => {
        clearTimeout(t.timer);
        return t.tx.rollback();
      }),
    );
  }

  private expire(id: number): void {
    const t = this.open.get(id);
    if (t === undefined) return;
    // A request in flight keeps the transaction alive; the clock restarts when it releases.
    if (t.busy) {
      t.timer.refresh();
      return;
    }
    this.open.delete(id);
    void t.tx.rollback();
  }
}
