// The physical operator contract: pull a batch of rows at a time. A plan compiles once into a
// Factory (expressions compiled, children resolved); a Factory is instantiated per execution — and
// per input row for the inner side of an Apply — with the rows its Argument leaf produces.
import type { ExecContext, Row } from '../context.js';

export interface Operator {
  /** The next batch of rows, or null when exhausted. Batches are never empty. */
  next(): Promise<Row[] | null>;
}

export type Factory = (ctx: ExecContext, argument: readonly Row[]) => Operator;

/** Reads an operator to the end. */
export async function drain(op: Operator): Promise<Row[]> {
  const out: Row[] = [];
  for (let b = await op.next(); b !== null; b = await op.next()) for (const r of b) out.push(r);
  return out;
}

/** An operator over a fixed list of rows, in batches. */
export function fromRows(rows: readonly Row[], batch = 512): Operator {
  let i = 0;
  return {
    async next() {
      if (i >= rows.length) return null;
      const b = rows.slice(i, i + batch);
      i += batch;
      return b;
    },
  };
}

/**
 * A helper for operators that turn each input batch into zero or more output rows: `step` gets a
 * batch and returns the rows it produces; empty results are skipped so batches are never empty.
 */
export function mapBatches(input: Operator, step: (rows: Row[]) => Promise<Row[]> | Row[]): Operator {
  return {
    async next() {
      for (;;) {
        const b = await input.next();
        if (b === null) return null;
        const out = await step(b);
        if (out.length > 0) return out;
      }
    },
  };
}

/** Operators that emit rows produced by an async generator. */
export function fromGenerator(gen: AsyncGenerator<Row[]>): Operator {
  return {
    async next() {
      for (;;) {
        const r = await gen.next();
        if (r.done) return null;
        if (r.value.length > 0) return r.value;
      }
    },
  };
}
