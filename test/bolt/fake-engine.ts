// A stand-in QueryEngine for protocol tests (the Cypher engine is issue 4). It understands a few
// query shapes:
//   `RETURN $a, $b`   one row echoing the parameters (by name, in parameter order)
//   `ROWS n`          n rows [i] (i = 0..n-1), produced lazily in batches
//   `FAIL`            a SyntaxError when run; `FAIL LATER` fails on the first pull
//   `TRANSIENT`       a transient error (drivers retry), until `transientFailures` have happened
import { quiverError } from '../../src/errors.js';
import type { EngineTransaction, Principal, QueryEngine, QueryResult, ResultSummary, RunRequest, TxConfig } from '../../src/server/session.js';
import type { Value } from '../../src/values/types.js';

export class FakeEngine implements QueryEngine {
  transientFailures = 0;
  runs: { principal: Principal; request: RunRequest | (TxConfig & { query: string }) }[] = [];
  commits = 0;
  rollbacks = 0;
  cancels = 0;
  private bookmark = 0;

  async run(principal: Principal, request: RunRequest): Promise<QueryResult> {
    this.runs.push({ principal, request });
    return this.result(request.query, request.parameters, request.database, `FB:auto-${++this.bookmark}`);
  }

  async begin(principal: Principal, config: TxConfig): Promise<EngineTransaction> {
    let open = true;
    return {
      database: config.database,
      run: async (query, parameters) => {
        if (!open) throw quiverError('TransactionClosed', 'closed');
        this.runs.push({ principal, request: { ...config, query } });
        return this.result(query, parameters, config.database, undefined);
      },
      commit: async () => {
        open = false;
        this.commits++;
        return { bookmark: `FB:tx-${++this.bookmark}` };
      },
      rollback: async () => {
        if (open) this.rollbacks++;
        open = false;
      },
    };
  }

  async close(): Promise<void> {}

  private result(query: string, params: ReadonlyMap<string, Value>, database: string, bookmark: string | undefined): QueryResult {
    const q = query.trim();
    if (q === 'FAIL') throw quiverError('SyntaxError', 'Invalid input FAIL');
    if (q === 'TRANSIENT' && this.transientFailures > 0) {
      this.transientFailures--;
      throw quiverError('TransactionConflict', 'conflict; retry');
    }
    let fields: string[];
    let total: number;
    let row: (i: number) => Value[];
    const rows = /^ROWS (\d+)$/.exec(q);
    if (rows !== null) {
      fields = ['i'];
      total = Number(rows[1]);
      row = (i) => [BigInt(i)];
    } else if (q.startsWith('RETURN $')) {
      fields = [...params.keys()];
      total = 1;
      row = () => [...params.values()];
    } else {
      fields = ['x'];
      total = q === 'FAIL LATER' ? -1 : 1;
      row = () => [1n];
    }
    let next = 0;
    let cancelled = false;
    const summary: ResultSummary = { queryType: 'r', database, stats: {}, notifications: [], bookmark };
    return {
      fields,
      next: async (max) => {
        if (cancelled) throw quiverError('TransactionTerminated', 'cancelled');
        if (total < 0) throw quiverError('ArithmeticError', '/ by zero');
        await new Promise((r) => setImmediate(r));
        const out: Value[][] = [];
        while (out.length < max && next < total) out.push(row(next++));
        return { rows: out, done: next >= total };
      },
      discard: async () => {
        next = total;
        return summary;
      },
      summary: async () => summary,
      cancel: async () => {
        cancelled = true;
        this.cancels++;
      },
    };
  }
}
