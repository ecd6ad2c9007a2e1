// The targets the issues set, as data: checked against each run's results on the results page.
// Issue 10's own targets (the Bolt path through the driver) get a CPU profile where missed.
import type { Result } from './model.js';

export interface Verdict {
  readonly met: boolean;
  /** By how much, in words ("2.1x slower than Kùzu (450 µs vs 210 µs)"). */
  readonly by: string;
}

export interface Target {
  readonly name: string;
  readonly issue: number;
  readonly text: string;
  /** Null when it cannot be judged (no peer measured). */
  check(r: Result): Verdict | null;
}

const n = (x: number): string => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

/** Better than the primary peer (ratio > 1). */
function beatsPeer(name: string, issue: number, text: string): Target {
  return {
    name,
    issue,
    text,
    check(r) {
      const [peer, v] = Object.entries(r.peers)[0] ?? [];
      if (r.ratio === null || peer === undefined || v === undefined) return null;
      const factor = r.ratio >= 1 ? r.ratio : 1 / r.ratio;
      const ahead = r.ratio >= 1;
      const word = r.better === 'lower' ? (ahead ? 'faster' : 'slower') : ahead ? 'higher' : 'lower';
      return { met: r.ratio > 1, by: `${factor.toFixed(2)}x ${word} than ${peer} (${n(r.value)} vs ${n(v)} ${r.unit})` };
    },
  };
}

/** The value itself against a bound. */
function bound(name: string, issue: number, text: string, limit: number, kind: 'min' | 'max'): Target {
  return {
    name,
    issue,
    text,
    check(r) {
      const met = kind === 'min' ? r.value >= limit : r.value <= limit;
      const off = kind === 'min' ? r.value / limit - 1 : limit / r.value - 1;
      return { met, by: `${n(r.value)} ${r.unit}: ${Math.abs(off * 100).toFixed(0)}% ${off >= 0 ? 'better than' : 'short of'} ${n(limit)}` };
    },
  };
}

/** The ratio against the primary peer, against a bound. */
function ratioAtLeast(name: string, issue: number, text: string, limit: number): Target {
  return {
    name,
    issue,
    text,
    check(r) {
      if (r.ratio === null) return null;
      const [peer] = Object.keys(r.peers);
      return { met: r.ratio >= limit, by: `ratio ${r.ratio.toFixed(2)} against ${peer} (target ${limit})` };
    },
  };
}

/** Issue 10: the Bolt path, through the driver. */
export const SUITE_TARGETS: readonly Target[] = [
  beatsPeer('read.point_lookup', 10, 'point lookup median faster than Kùzu in-process'),
  beatsPeer('read.one_hop', 10, '1-hop count median faster than Kùzu in-process'),
  beatsPeer('read.two_hop', 10, '2-hop count(DISTINCT) median faster than Kùzu in-process'),
  bound('import.nodes_bolt', 10, 'UNWIND import >= 100,000 nodes/s', 100_000, 'min'),
  bound('import.rels_bolt', 10, 'UNWIND import >= 100,000 relationships/s', 100_000, 'min'),
];

/** Other issues' targets, measured by the same run (reported, not profiled). */
export const OTHER_TARGETS: readonly Target[] = [
  ratioAtLeast('bolt.return1_1conn', 5, 'RETURN 1 round trips >= 50% of a raw TCP echo', 0.5),
  bound('bolt.stream_rows', 5, 'streaming >= 300,000 rows/s', 300_000, 'min'),
  ratioAtLeast('http.tx_commit_16conn', 6, 'tx/commit >= 50% of a bare fastify route', 0.5),
  bound('parse.rate', 3, '>= 20,000 parses/s (statements under 200 characters)', 20_000, 'min'),
  ratioAtLeast('write.commits_16conn', 2, 'concurrent durable commits >= 2x one fsync per commit', 2),
  bound('multidb.create_rate', 7, 'CREATE DATABASE >= 500/s', 500, 'min'),
  bound('multidb.rss_10k_mb', 7, 'server memory < 500 MB with all databases created', 500, 'max'),
  bound('multidb.lookup_ratio', 7, 'point lookup on a random database <= 1.2x one database', 1.2, 'max'),
  bound('crossdb.parallel_speedup', 9, 'one cross-database query >= 2x the same queries one after another', 2, 'min'),
  bound('limits.noisy_neighbour_p99_ratio', 8, "tenant B's p99 under a neighbour's flood <= 1.5x alone", 1.5, 'max'),
];
