// What one run of the suite collects: the results in the order measured, remarks, profiles, and
// the workloads that were skipped or failed. It is the SuiteContext the workloads write into.
import type { Better, Entry, Meta, ProfileSummary, Scale, SuiteContext } from './model.js';
import { ratioOf } from './model.js';
import type { Target, Verdict } from './targets.js';

export class RunState implements SuiteContext {
  readonly entries = new Map<string, Entry>();
  readonly remarks: string[] = [];
  readonly profiles: ProfileSummary[] = [];
  readonly skipped: { id: string; why: string }[] = [];
  readonly failed: { id: string; error: string }[] = [];
  private readonly t0 = performance.now();

  constructor(
    readonly scale: Scale,
    readonly root: string,
    readonly scratch: string,
    private readonly only: readonly string[] | null,
  ) {}

  /** `--only a,b`: result names (`read.one_hop`, with its `_p99`) or groups (`read`, `bolt`). */
  wants(name: string): boolean {
    return this.only === null || this.only.some((p) => name === p || name === `${p}_p99` || name.startsWith(`${p}.`));
  }

  record(name: string, value: number, unit: string, better: Better, peers: Record<string, number>, meta: Meta): void {
    if (!this.wants(name)) return;
    const clean = Object.fromEntries(Object.entries(peers).filter(([, v]) => Number.isFinite(v)));
    const result = { value, unit, better, peers: clean, ratio: ratioOf(value, clean, better) };
    this.entries.set(name, { name, result, meta });
    const peerText = Object.entries(clean).map(([p, v]) => `${p} ${fmtNum(v)}`).join('; ');
    this.progress(`= ${name}: ${fmtNum(value)} ${unit}${peerText ? ` (${peerText})` : ''}${result.ratio === null ? '' : `, ratio ${result.ratio.toFixed(2)}`}`);
  }

  /** A progress line, prefixed with the time since the start (bound: it is passed around). */
  readonly progress = (message: string): void => {
    const s = ((performance.now() - this.t0) / 1000).toFixed(0).padStart(4);
    console.log(`[${s} s] ${message}`);
  };

  remark(text: string): void {
    this.remarks.push(text);
    this.progress(text);
  }

  addProfile(p: ProfileSummary): void {
    this.profiles.push(p);
  }

  verdict(t: Target): Verdict | null {
    const e = this.entries.get(t.name);
    return e === undefined ? null : t.check(e.result);
  }

  elapsedSeconds(): number {
    return (performance.now() - this.t0) / 1000;
  }
}

export function fmtNum(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : Number(n.toPrecision(3)).toString();
}
