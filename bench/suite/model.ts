// What the suite's workloads produce and what they are given. The JSON contract (other tools read
// it) is `Report`; everything else here is for the runner and the results page.
import type { Target, Verdict } from './targets.js';

export type Better = 'higher' | 'lower';

/** One result in the published JSON. `ratio` compares with the first peer; > 1 = QuiverDB better. */
export interface Result {
  readonly value: number;
  readonly unit: string;
  readonly better: Better;
  readonly peers: Readonly<Record<string, number>>;
  readonly ratio: number | null;
}

export interface Report {
  readonly machine: Readonly<Record<string, unknown>>;
  readonly scale: 'quick' | 'full';
  readonly results: Readonly<Record<string, Result>>;
}

/** How a figure was obtained, for the results page. */
export interface Meta {
  /** What was measured, in words. */
  readonly label: string;
  /** The path measured: 'Bolt (driver → server process)', 'in-process', ... */
  readonly via: string;
  readonly note?: string;
  /** A latency: drawn in the chart. */
  readonly latency?: boolean;
}

export interface Entry {
  readonly name: string;
  readonly result: Result;
  readonly meta: Meta;
}

export interface Scale {
  readonly name: 'quick' | 'full';
  readonly nodes: number;
  readonly relationships: number;
  readonly databases: number;
  /** Latency and rate measurements: warm-up, seconds per repetition, repetitions. */
  readonly warmupMs: number;
  readonly seconds: number;
  readonly reps: number;
  /** Timed runs of whole-graph queries after one warm-up run. */
  readonly scanRuns: number;
  /** Seconds of Kùzu relationship inserts to sample (they scan without an index). */
  readonly kuzuRelSampleSeconds: number;
  /** Most seconds of relationship import through Bolt; what is left is loaded in-process, untimed. */
  readonly boltRelSeconds: number;
}

export const SCALES: Readonly<Record<'quick' | 'full', Scale>> = {
  quick: { name: 'quick', nodes: 100_000, relationships: 500_000, databases: 1_000, warmupMs: 1_000, seconds: 1.5, reps: 3, scanRuns: 5, kuzuRelSampleSeconds: 3, boltRelSeconds: 20 },
  full: { name: 'full', nodes: 1_000_000, relationships: 5_000_000, databases: 10_000, warmupMs: 3_000, seconds: 5, reps: 3, scanRuns: 5, kuzuRelSampleSeconds: 10, boltRelSeconds: 900 },
};

export interface ProfileSummary {
  readonly workload: string;
  /** The .cpuprofile file, relative to the repository. */
  readonly file: string;
  readonly totalMs: number;
  /** Share of the profile the server was idle (waiting for the network or the disk). */
  readonly idleShare: number;
  /** Top functions by self time, as shares of the busy (non-idle) time. */
  readonly functions: readonly { readonly name: string; readonly where: string; readonly selfMs: number; readonly share: number }[];
  /** Self time by area (a src/ folder, a package, Node internals, GC). */
  readonly areas: readonly { readonly area: string; readonly selfMs: number; readonly share: number }[];
}

/** What a workload is given: the scale, where to work, and where to put what it measures. */
export interface SuiteContext {
  readonly scale: Scale;
  /** Repository root (where bin/quiver.js and bench/ are). */
  readonly root: string;
  /** A scratch directory for this run (data directories, CSV files, child outputs). */
  readonly scratch: string;
  /** Whether a result name was selected (`--only`). */
  wants(name: string): boolean;
  record(name: string, value: number, unit: string, better: Better, peers: Record<string, number>, meta: Meta): void;
  progress(message: string): void;
  /** A remark for the results page (a missing peer, a skipped workload, a sanity check). */
  remark(text: string): void;
  addProfile(p: ProfileSummary): void;
  /** A target's verdict on this run's result; null when the result or its peer was not measured. */
  verdict(t: Target): Verdict | null;
}

/** The index's unit: a named group of results and how to produce them. */
export interface Workload {
  readonly id: string;
  readonly describe: string;
  /** Result names it can produce; it runs when `--only` selects any of them. */
  readonly produces: readonly string[];
  /** Why it cannot run here (a script not built yet), or null. */
  unavailable(ctx: SuiteContext): string | null;
  run(ctx: SuiteContext): Promise<void>;
}

export function ratioOf(value: number, peers: Record<string, number>, better: Better): number | null {
  const primary = Object.values(peers)[0];
  if (primary === undefined || !Number.isFinite(primary) || !Number.isFinite(value) || primary === 0 || value === 0) return null;
  return better === 'higher' ? value / primary : primary / value;
}
