// PROFILE: per-operator counts of rows produced and storage reads ("db hits"). Only a profiled
// build wraps operators, so an ordinary query pays nothing. Each wrapped operator sees the graph
// through a counting proxy: every storage call it makes counts the records it reads or writes
// (one per node, relationship or index entry returned, one per adjacency list plus one per
// relationship in it, one per counter read or per write). Entity properties read lazily on first
// access (outside any operator's call) are not counted.
import type { Plan } from '../../planner/index.js';
import type { GraphTx } from '../../storage/index.js';
import type { Factory } from './operator.js';

export interface OperatorStats {
  rows: number;
  dbHits: number;
}

/** The counters of one profiled execution, by plan node. */
export class Profile {
  private readonly stats = new Map<Plan, OperatorStats>();

  /** The counters of `p` (created on first use). */
  of(p: Plan): OperatorStats {
    let s = this.stats.get(p);
    if (s === undefined) {
      s = { rows: 0, dbHits: 0 };
      this.stats.set(p, s);
    }
    return s;
  }

  get(p: Plan): OperatorStats | undefined {
    return this.stats.get(p);
  }
}

/** Wraps an operator factory so that its instances count rows and storage reads into `stats`. */
export function profiled(f: Factory, stats: OperatorStats): Factory {
  return (ctx, arg) => {
    const wrap = (g: GraphTx): GraphTx => countingGraph(g, stats);
    const op = f(ctx.withGraph(wrap(ctx.graph), wrap), arg);
    return {
      async next() {
        const b = await op.next();
        if (b !== null) stats.rows += b.length;
        return b;
      },
    };
  };
}

/** GraphTx methods that reach storage (the rest answer from memory: tokens, decoding, ids). */
const STORAGE_CALLS = new Set<string | symbol>([
  'getNodes',
  'getNode',
  'getNodeSync',
  'getRelSync',
  'getRels',
  'getRel',
  'expand',
  'degree',
  'labelScan',
  'allNodes',
  'relTypeScan',
  'allRels',
  'scanNodes',
  'indexSeek',
  'indexRange',
  'countNodes',
  'countRels',
  'createNodes',
  'createNode',
  'createRels',
  'createRel',
  'setProperties',
  'addLabels',
  'removeLabels',
  'deleteNode',
  'deleteNodeDeferred',
  'withRelationships',
  'deleteRel',
]);

const TARGET = Symbol('countedGraph');

function countingGraph(graph: GraphTx, stats: OperatorStats): GraphTx {
  // A child operator gets its parent's view: count against the real handle, not the parent's.
  const base = (graph as unknown as { [TARGET]?: GraphTx })[TARGET] ?? graph;
  return new Proxy(base, {
    get(target, prop) {
      if (prop === TARGET) return target;
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function' || !STORAGE_CALLS.has(prop)) return v;
      const fn = v as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => counted(fn.apply(target, args), stats);
    },
  });
}

function counted(r: unknown, stats: OperatorStats): unknown {
  if (r instanceof Promise) {
    return r.then((x: unknown) => {
      stats.dbHits += hits(x);
      return x;
    });
  }
  if (r !== null && typeof r === 'object' && Symbol.asyncIterator in r) {
    const src = r as AsyncIterable<unknown>;
    return (async function* () {
      for await (const batch of src) {
        stats.dbHits += Array.isArray(batch) ? batch.length : 1;
        yield batch;
      }
    })();
  }
  stats.dbHits += hits(r);
  return r;
}

/** Records in a storage call's result: an adjacency list counts itself and each entry. */
function hits(x: unknown): number {
  if (!Array.isArray(x)) return 1;
  let n = 0;
  for (const e of x) n += Array.isArray(e) ? 1 + e.length : 1;
  return n;
}
