// Measurement protocols shared by the suite's workloads: warm-up by time (excluded), then several
// repetitions; latencies as median and p99, rates as operations per second.
import { latency } from '../lib.js';

export interface Timing {
  /** How long to run the operation before measuring (the JIT, plan caches, page cache). */
  readonly warmupMs: number;
  /** Seconds per repetition. */
  readonly seconds: number;
  readonly reps: number;
}

export interface Repeated {
  /** Median of the repetitions' medians, µs. */
  readonly medianUs: number;
  /** Median of the repetitions' p99s, µs. */
  readonly p99Us: number;
  readonly samples: number;
  /** Each repetition's median, µs: the spread between runs. */
  readonly repMedians: readonly number[];
}

const mid = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function warm(op: (i: number) => Promise<unknown>, ms: number): Promise<void> {
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) await op(i);
}

/** One operation at a time: median and p99 latency over `reps` repetitions. */
export async function repeatedLatency(op: (i: number) => Promise<unknown>, t: Timing): Promise<Repeated> {
  await warm(op, t.warmupMs);
  const reps = [];
  let offset = 0;
  for (let r = 0; r < t.reps; r++) {
    const start = offset;
    const l = await latency((i) => op(start + i), t.seconds, 0);
    offset += l.samples;
    reps.push(l);
  }
  return { medianUs: mid(reps.map((l) => l.medianUs)), p99Us: mid(reps.map((l) => l.p99Us)), samples: offset, repMedians: reps.map((l) => l.medianUs) };
}

/** A long-running operation (a whole-graph query): one warm-up run, then `runs` timed runs. */
export async function repeatedRuns(op: () => Promise<unknown>, runs: number): Promise<Repeated> {
  await op();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await op();
    times.push((performance.now() - t0) * 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { medianUs: mid(times), p99Us: sorted[sorted.length - 1]!, samples: runs, repMedians: times };
}

export interface Concurrent {
  readonly perSecond: number;
  readonly p99Us: number;
}

/**
 * `workers` loops, each awaiting its operation before the next (one in flight per connection), for
 * `t.seconds` x `t.reps` after the warm-up: operations per second (median repetition) and the p99.
 */
export async function concurrentRate(workers: number, op: (worker: number, i: number) => Promise<unknown>, t: Timing): Promise<Concurrent> {
  const run = async (ms: number, samples: number[] | null): Promise<number> => {
    const end = performance.now() + ms;
    const counts = await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        let n = 0;
        while (performance.now() < end) {
          const t0 = performance.now();
          await op(w, n++);
          samples?.push((performance.now() - t0) * 1000);
        }
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  };
  await run(t.warmupMs, null);
  const rates: number[] = [];
  const p99s: number[] = [];
  for (let r = 0; r < t.reps; r++) {
    const samples: number[] = [];
    const t0 = performance.now();
    const n = await run(t.seconds * 1000, samples);
    rates.push(n / ((performance.now() - t0) / 1000));
    samples.sort((a, b) => a - b);
    p99s.push(samples[Math.floor(samples.length * 0.99)] ?? Number.NaN);
  }
  return { perSecond: mid(rates), p99Us: mid(p99s) };
}

/** Runs `op(i)` for every i in [0, n) from `workers` concurrent loops; seconds taken. */
export async function forEachConcurrent(n: number, workers: number, op: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < n; i = next++) await op(i);
    }),
  );
  return (performance.now() - t0) / 1000;
}
