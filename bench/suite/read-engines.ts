// The two engines the read workloads compare, behind one small interface: QuiverDB through
// neo4j-driver against the server process, Kùzu in this process. A client runs one query at a time,
// as a connection does.
import type { Driver } from 'neo4j-driver';
import type { KuzuPeer } from './kuzu-peer.js';

export type Row = Record<string, unknown>;

export interface ReadClient {
  /** Runs `query`, with `$id` bound when `id` is given; all rows read, as plain objects. */
  run(query: string, id?: number): Promise<Row[]>;
}

export interface ReadEngine {
  readonly name: string;
  /** `n` clients, each its own connection (a driver session, a Kùzu connection). */
  clients(n: number): ReadClient[];
  close(): Promise<void>;
}

export function quiverEngine(driver: Driver): ReadEngine {
  const open: { close(): Promise<void> }[] = [];
  return {
    name: 'QuiverDB',
    clients(n) {
      return Array.from({ length: n }, () => {
        const session = driver.session({ defaultAccessMode: 'READ' });
        open.push(session);
        return {
          async run(query, id) {
            const r = await session.run(query, id === undefined ? {} : { id: BigInt(id) });
            return r.records.map((rec) => rec.toObject());
          },
        };
      });
    },
    async close() {
      await Promise.all(open.splice(0).map((s) => s.close()));
    },
  };
}

export function kuzuEngine(peer: KuzuPeer): ReadEngine {
  return {
    name: `Kùzu ${peer.version} (in-process)`,
    clients(n) {
      return peer.connections(n).map((conn) => {
        const prepared = new Map<string, Promise<(params?: Record<string, unknown>) => Promise<Row[]>>>();
        return {
          async run(query, id) {
            let p = prepared.get(query);
            if (p === undefined) prepared.set(query, (p = peer.prepared(query, conn)));
            return (await p)(id === undefined ? {} : { id });
          },
        };
      });
    },
    async close() {},
  };
}
