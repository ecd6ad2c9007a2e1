// A transaction's handle on the system keyspace: namespaced key-value records for the catalog
// (databases, aliases, limits, users). Every write is conflict-checked, so two catalog changes to
// the same record can never both commit.
import { Keys, prefixEnd } from './keyspace.js';
import type { TxDb, Transaction } from './transaction.js';
import { i64 } from './transaction.js';
import { readRange, toKeyString } from './write-set.js';

export class SystemTx {
  constructor(
    private readonly tx: Transaction,
    private readonly d: TxDb,
  ) {}

  async get(namespace: string, key: string): Promise<Buffer | undefined> {
    this.tx.checkOpen();
    const k = Keys.sys(this.d.state.prefix, namespace, key);
    const own = this.tx.ws.get(k);
    if (own !== undefined) return own.value ?? undefined;
    return this.tx.snapshot.get(k);
  }

  /** All records of a namespace as [key, value], in key order. */
  async scan(namespace: string): Promise<[string, Buffer][]> {
    this.tx.checkOpen();
    const p = Keys.sysPrefix(this.d.state.prefix, namespace);
    const rows = await readRange(this.tx.snapshot, this.tx.ws, p, prefixEnd(p), false);
    return rows.map(([k, v]) => [k.subarray(p.length).toString('utf8'), v]);
  }

  put(namespace: string, key: string, value: Buffer): void {
    this.write(Keys.sys(this.d.state.prefix, namespace, key), value);
  }

  del(namespace: string, key: string): void {
    this.write(Keys.sys(this.d.state.prefix, namespace, key), null);
  }

  putMeta(name: string, value: number): void {
    this.write(Keys.meta(this.d.state.prefix, name), i64(value));
  }

  private write(k: Buffer, v: Buffer | null): void {
    this.tx.checkWritable();
    this.tx.ws.put(k, v, -1);
    this.d.conflictWrites.add(toKeyString(k));
    this.d.wrote = true;
  }
}
