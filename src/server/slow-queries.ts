// The slow-query log: a query that takes longer than the threshold (from RUN to its last row or
// its error) is logged as one JSON line with the database, the user, the duration, the outcome and
// the query text (cut at 2,000 characters). Parameters are never logged: they may hold secrets.
// It wraps the QueryEngine, as the metrics do, so Bolt, HTTP and gRPC are covered alike.
import { isQuiverError } from '../errors.js';
import type { EngineTransaction, Principal, QueryEngine, QueryResult } from './session.js';

/** Receives one entry per slow query (the server logs it as a JSON line). */
export type SlowQueryLog = (entry: Record<string, unknown>) => void;

export function logSlowQueries(engine: QueryEngine, thresholdMs: number, log: SlowQueryLog): QueryEngine {
  const watch = (result: QueryResult, principal: Principal, database: string, query: string, start: number): QueryResult => {
    let logged = false;
    const done = (error: unknown): void => {
      if (logged) return;
      logged = true;
      const ms = performance.now() - start;
      if (ms < thresholdMs) return;
      log({
        event: 'slow_query',
        time: new Date().toISOString(),
        database,
        user: principal.username,
        ms: Math.round(ms),
        outcome: error === null ? 'success' : isQuiverError(error) ? error.code : 'error',
        query: query.length > 2000 ? `${query.slice(0, 2000)}…` : query,
      });
    };
    const through = async <T>(p: Promise<T>, end: (v: T) => boolean): Promise<T> => {
      try {
        const v = await p;
        if (end(v)) done(null);
        return v;
      } catch (e) {
        done(e);
        throw e;
      }
    };
    return {
      fields: result.fields,
      next: (max) => through(result.next(max), (b) => b.done),
      discard: () => through(result.discard(), () => true),
      summary: () => through(result.summary(), () => true),
      cancel: async () => {
        done('cancelled');
        await result.cancel();
      },
    };
  };
  return {
    async run(principal, request) {
      const start = performance.now();
      return watch(await engine.run(principal, request), principal, request.database, request.query, start);
    },
    async begin(principal, config): Promise<EngineTransaction> {
      const tx = await engine.begin(principal, config);
      return {
        database: tx.database,
        async run(query, parameters) {
          const start = performance.now();
          return watch(await tx.run(query, parameters), principal, tx.database, query, start);
        },
        commit: () => tx.commit(),
        rollback: () => tx.rollback(),
      };
    },
    close: () => engine.close(),
  };
}
