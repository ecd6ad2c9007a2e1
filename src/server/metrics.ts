// The server's Prometheus metrics (DESIGN.md section 10), one registry per server so several servers
// can run in one process (the tests do). Queries are counted by wrapping the QueryEngine that every
// protocol calls: Bolt, HTTP and gRPC are measured the same way, and nothing is done per row.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Catalog } from '../dbms/catalog.js';
import { isQuiverError } from '../errors.js';
import type { EngineTransaction, Principal, QueryEngine, QueryResult, ResultSummary, RunRequest, TxConfig } from './session.js';

export type Protocol = 'bolt' | 'http' | 'grpc';

/** One database's figures for the per-database gauges, read from counters at scrape time. */
export interface DatabaseFigures {
  readonly database: string;
  readonly nodes: number;
  readonly relationships: number;
  readonly storageBytes: number;
  /** Live figures; absent for a database unused since start (no series then). */
  readonly activeQueries?: number;
  readonly connections?: number;
}

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly queries: Counter<'database' | 'type' | 'outcome'>;
  private readonly duration: Histogram<'database'>;
  private readonly openTx: Gauge<'database'>;
  private readonly connections: Gauge<'protocol'>;
  private readonly authFailures: Counter<'protocol'>;
  private readonly limitRejections: Counter<'database' | 'limit'>;
  private readonly dbGauges: Record<'nodes' | 'relationships' | 'storageBytes' | 'activeQueries' | 'connections', Gauge<'database'>>;
  private databaseSource: (() => Promise<readonly DatabaseFigures[]>) | undefined;

  constructor(opts: { readonly defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.queries = new Counter({
      name: 'quiver_queries_total',
      help: 'Queries run, by database, query type (r, w, rw, s) and outcome (success, client_error, transient_error, database_error).',
      labelNames: ['database', 'type', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'quiver_query_duration_seconds',
      help: 'Query duration from RUN to the last row or the error, by database.',
      labelNames: ['database'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.openTx = new Gauge({ name: 'quiver_open_transactions', help: 'Explicit transactions open now, by database.', labelNames: ['database'], registers });
    this.connections = new Gauge({ name: 'quiver_connections', help: 'Client connections open now, by protocol.', labelNames: ['protocol'], registers });
    this.authFailures = new Counter({ name: 'quiver_auth_failures_total', help: 'Failed authentication attempts, by protocol.', labelNames: ['protocol'], registers });
    this.limitRejections = new Counter({
      name: 'quiver_limit_rejections_total',
      help: 'Work refused or failed by a per-database limit, by database and limit (max_nodes, max_query_time, ...).',
      labelNames: ['database', 'limit'],
      registers,
    });
    const gauge = (name: string, help: string): Gauge<'database'> => new Gauge({ name, help, labelNames: ['database'], registers });
    this.dbGauges = {
      nodes: gauge('quiver_database_nodes', 'Nodes per database (committed counter).'),
      relationships: gauge('quiver_database_relationships', 'Relationships per database (committed counter).'),
      storageBytes: gauge('quiver_database_storage_bytes', 'Bytes of keys and values of graph data per database (what max_storage_bytes limits).'),
      activeQueries: gauge('quiver_database_active_queries', 'Queries running now, per database used since start.'),
      connections: gauge('quiver_database_connections', 'Bolt connections and HTTP requests counted against each database (max_connections), per database used since start.'),
    };
  }

  /** Reports per-database figures, read from `source` at scrape time (counters only, never scans). */
  trackDatabases(source: () => Promise<readonly DatabaseFigures[]>): void {
    this.databaseSource = source;
  }

  limitRejected(database: string, limit: string): void {
    this.limitRejections.inc({ database, limit });
  }

  private readonly connectionSources = new Map<Protocol, () => number>();

  /** Reports a protocol's open connections, read from `open` at scrape time. */
  trackConnections(protocol: Protocol, open: () => number): void {
    this.connectionSources.set(protocol, open);
  }

  authFailed(protocol: Protocol): void {
    this.authFailures.inc({ protocol });
  }

  /** The text exposition, with connection gauges read now. */
  async render(): Promise<string> {
    for (const [p, f] of this.connectionSources) this.connections.set({ protocol: p }, f());
    if (this.databaseSource !== undefined) {
      const figures = await this.databaseSource();
      // Reset first: dropped and renamed databases lose their series.
      for (const g of Object.values(this.dbGauges)) g.reset();
      const g = this.dbGauges;
      for (const f of figures) {
        const labels = { database: f.database };
        g.nodes.set(labels, f.nodes);
        g.relationships.set(labels, f.relationships);
        g.storageBytes.set(labels, f.storageBytes);
        if (f.activeQueries !== undefined) g.activeQueries.set(labels, f.activeQueries);
        if (f.connections !== undefined) g.connections.set(labels, f.connections);
      }
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Wraps an engine so every query and explicit transaction is counted. */
  instrument(engine: QueryEngine): QueryEngine {
    const m = this;
    return {
      async run(principal: Principal, request: RunRequest): Promise<QueryResult> {
        const start = performance.now();
        try {
          return m.observe(await engine.run(principal, request), request.database, start);
        } catch (e) {
          m.done(request.database, '', start, e);
          throw e;
        }
      },
      async begin(principal: Principal, config: TxConfig): Promise<EngineTransaction> {
        const tx = await engine.begin(principal, config);
        const database = tx.database;
        m.openTx.inc({ database });
        let open = true;
        const close = (): void => {
          if (open) m.openTx.dec({ database });
          open = false;
        };
        return {
          database,
          async run(query, parameters) {
            const start = performance.now();
            try {
              return m.observe(await tx.run(query, parameters), database, start);
            } catch (e) {
              m.done(database, '', start, e);
              throw e;
            }
          },
          async commit() {
            try {
              return await tx.commit();
            } finally {
              close();
            }
          },
          async rollback() {
            close();
            await tx.rollback();
          },
        };
      },
      close: () => engine.close(),
    };
  }

  private observe(result: QueryResult, database: string, start: number): QueryResult {
    let recorded = false;
    const record = (type: string, error: unknown): void => {
      if (recorded) return;
      recorded = true;
      this.done(database, type, start, error);
    };
    const onSummary = (s: ResultSummary): ResultSummary => {
      record(s.queryType, null);
      return s;
    };
    return {
      fields: result.fields,
      async next(max) {
        try {
          const b = await result.next(max);
          if (b.done) onSummary(await result.summary());
          return b;
        } catch (e) {
          record('', e);
          throw e;
        }
      },
      async discard() {
        try {
          return onSummary(await result.discard());
        } catch (e) {
          record('', e);
          throw e;
        }
      },
      async summary() {
        try {
          return onSummary(await result.summary());
        } catch (e) {
          record('', e);
          throw e;
        }
      },
      async cancel() {
        record('', 'cancelled');
        await result.cancel();
      },
    };
  }

  private done(database: string, type: string, start: number, error: unknown): void {
    this.duration.observe({ database }, (performance.now() - start) / 1000);
    this.queries.inc({ database, type, outcome: outcomeOf(error) });
  }
}

function outcomeOf(error: unknown): string {
  if (error === null) return 'success';
  if (error === 'cancelled') return 'cancelled';
  if (isQuiverError(error)) {
    if (error.classification === 'ClientError') return 'client_error';
    if (error.classification === 'TransientError') return 'transient_error';
  }
  return 'database_error';
}

/** Per-database figures from the catalog: stored counters, plus live ones where the database was used. */
export async function catalogFigures(catalog: Catalog): Promise<DatabaseFigures[]> {
  const refs = catalog.list().filter((r) => r.type !== 'system');
  const counts = await catalog.counters(refs.map((r) => r.id));
  const used = new Set(catalog.meter.used());
  return refs.map((r) => {
    const c = counts.get(r.id) ?? { nodes: 0, relationships: 0, bytes: 0 };
    const live = used.has(r.id) ? catalog.meter.live(r.id) : undefined;
    return {
      database: r.name,
      nodes: c.nodes,
      relationships: c.relationships,
      storageBytes: c.bytes,
      ...(live === undefined ? {} : { activeQueries: live.activeQueries, connections: live.connections }),
    };
  });
}
