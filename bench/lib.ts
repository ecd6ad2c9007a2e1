// Shared helpers for the benchmarks: timing, a seeded generator, result tables and files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { Driver } from 'neo4j-driver';

export function args(): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = process.argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      m.set(a.slice(2), next);
      i++;
    } else m.set(a.slice(2), 'true');
  }
  return m;
}

/** A small, fast, seeded generator (LCG) so runs are repeatable. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}

export interface Latency {
  readonly medianUs: number;
  readonly p99Us: number;
  readonly samples: number;
}

/** Runs `op` for `seconds` after `warmup` calls; returns median and p99 latency in µs. */
export async function latency(op: (i: number) => Promise<unknown>, seconds: number, warmup = 200): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await op(i);
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  let i = 0;
  while (performance.now() < end) {
    const t = performance.now();
    await op(i++);
    samples.push((performance.now() - t) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { medianUs: samples[Math.floor(samples.length / 2)]!, p99Us: samples[Math.floor(samples.length * 0.99)]!, samples: samples.length };
}

export interface Row {
  readonly name: string;
  readonly unit: string;
  readonly quiver: number;
  readonly peer: number;
  readonly peerName: string;
  /** Oriented so that more than 1 means QuiverDB is better. */
  readonly ratio: number;
  readonly target: string;
  readonly note?: string;
}

export class Table {
  readonly rows: Row[] = [];
  add(name: string, unit: string, quiver: number, peer: number, peerName: string, better: 'higher' | 'lower', target: string, note?: string): void {
    const ratio = better === 'higher' ? quiver / peer : peer / quiver;
    this.rows.push({ name, unit, quiver, peer, peerName, ratio, target, ...(note ? { note } : {}) });
    console.log(`  ${name}: ${fmt(quiver)} ${unit} (${peerName} ${fmt(peer)}) ratio ${ratio.toFixed(2)}${note ? ` — ${note}` : ''}`);
  }
  markdown(): string {
    const lines = ['| workload | QuiverDB | peer (same run) | ratio (>1 = QuiverDB better) | target |', '|---|---|---|---|---|'];
    for (const r of this.rows) lines.push(`| ${r.name} | ${fmt(r.quiver)} ${r.unit} | ${r.peerName}: ${fmt(r.peer)} ${r.unit} | ${r.ratio.toFixed(2)} | ${r.target} |`);
    return lines.join('\n');
  }
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

export function machine(): Record<string, unknown> {
  return { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, uvThreadpool: process.env.UV_THREADPOOL_SIZE };
}

/**
 * Where the stand-alone benches write their JSON: bench/results, or QUIVER_BENCH_RESULTS when the
 * suite (bench/suite/run.ts) runs them as children and reads their figures back from a scratch dir.
 */
export function resultsDir(): string {
  return process.env['QUIVER_BENCH_RESULTS'] ?? 'bench/results';
}

/** Writes <resultsDir>/<name>-<date>.json and prints the table. */
export function publish(name: string, table: Table, extra: Record<string, unknown>): void {
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(resultsDir(), { recursive: true });
  const file = `${resultsDir()}/${name}-${date}.json`;
  writeFileSync(file, JSON.stringify({ bench: name, date, machine: machine(), ...extra, results: table.rows }, null, 2) + '\n');
  console.log(`\n${table.markdown()}\n\nwrote ${file}`);
}

/** Runs one auto-commit query on `database` in a session of its own; the records. */
export async function runIn(driver: Driver, database: string, query: string, params: Record<string, unknown> = {}): Promise<unknown[]> {
  const s = driver.session({ database });
  try {
    return (await s.run(query, params)).records;
  } finally {
    await s.close();
  }
}
