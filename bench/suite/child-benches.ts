// The stand-alone benches the suite runs as they are, as child processes at the suite's scale, and
// how their published JSON maps onto the suite's result names. A bench whose compiled script is not
// in this tree (one still being written on another branch) is skipped and said so.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row } from '../lib.js';
import type { Better, Meta, Scale, SuiteContext, Workload } from './model.js';

/** A row as bolt-bench writes it. */
interface BoltRow {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly reference?: { readonly name: string; readonly value: number };
}
interface Published {
  readonly results: readonly unknown[];
}

type Record_ = (name: string, value: number, unit: string, better: Better, peers: Record<string, number>, meta: Meta) => void;

interface ChildBench {
  readonly id: string;
  readonly script: string;
  readonly describe: string;
  readonly nodeArgs?: readonly string[];
  args(s: Scale): string[];
  readonly produces: readonly string[];
  map(json: Published, record: Record_): void;
}

function find<T extends { readonly name: string }>(json: Published, test: (name: string) => boolean): T | undefined {
  return (json.results as T[]).find((r) => test(r.name));
}

const quick = (s: Scale, q: string[], full: string[]): string[] => (s.name === 'quick' ? q : full);

/** A publish() row whose `ratio` is itself the figure (a speed-up, a slow-down), peer = 1. */
function ratioRow(record: Record_, json: Published, test: (n: string) => boolean, name: string, better: Better, peer: string, meta: Omit<Meta, 'label'>): void {
  const r = find<Row>(json, test);
  if (r === undefined) return;
  const value = better === 'higher' ? r.ratio : 1 / r.ratio;
  record(name, value, 'x', better, { [peer]: 1 }, { label: `${r.name}, as a ratio to ${r.peerName}`, ...meta });
}

export const CHILD_BENCHES: readonly ChildBench[] = [
  {
    id: 'bolt',
    script: 'bolt-bench.js',
    describe: 'bench/bolt-bench: RETURN 1 round trips (1 and 16 connections) vs raw TCP echo; streaming rows vs in-process',
    args: (s) => quick(s, ['--seconds', '2', '--warmup-ms', '1000', '--rows', '200000', '--idle', '1000'], ['--seconds', '5', '--rows', '1000000', '--idle', '1000']),
    produces: ['bolt.return1_1conn', 'bolt.return1_16conn', 'bolt.stream_rows', 'bolt.idle_connection_kib'],
    map(json, record) {
      const via = 'Bolt (neo4j-driver → server process)';
      for (const [conns, name] of [[1, 'bolt.return1_1conn'], [16, 'bolt.return1_16conn']] as const) {
        const label = `RETURN 1 round trips, ${conns} connection${conns === 1 ? '' : 's'}`;
        const r = find<BoltRow>(json, (n) => n === label);
        const canned = find<BoltRow>(json, (n) => n.startsWith(`${label}, canned`));
        if (r?.reference === undefined) continue;
        record(name, r.value, 'round trips/s', 'higher', { 'raw TCP echo between processes': r.reference.value, ...(canned ? { 'canned Bolt server (driver + network only)': canned.value } : {}) }, { label, via });
      }
      const s = find<BoltRow>(json, (n) => n.startsWith('rows streamed') && n.includes('fetch size 1000'));
      if (s?.reference !== undefined) record('bolt.stream_rows', s.value, 'rows/s', 'higher', { 'same query in-process (no Bolt)': s.reference.value }, { label: s.name, via });
      const idle = find<BoltRow>(json, (n) => n.startsWith('idle memory per connection'));
      if (idle !== undefined) record('bolt.idle_connection_kib', idle.value, 'KiB', 'lower', {}, { label: idle.name, via: 'server process RSS' });
    },
  },
  {
    id: 'http',
    script: 'http-bench.js',
    describe: 'bench/http-bench: POST tx/commit RETURN 1 from 16 keep-alive clients vs a bare fastify route',
    args: (s) => quick(s, ['--seconds', '2', '--warmup-ms', '1000'], ['--seconds', '5']),
    produces: ['http.tx_commit_16conn', 'http.query_v2_16conn'],
    map(json, record) {
      for (const [prefix, name] of [['tx/commit RETURN 1', 'http.tx_commit_16conn'], ['query/v2 RETURN 1', 'http.query_v2_16conn']] as const) {
        const r = find<Row>(json, (n) => n.startsWith(prefix));
        if (r !== undefined) record(name, r.quiver, 'requests/s', 'higher', { [`${r.peerName} (own process)`]: r.peer }, { label: r.name, via: 'HTTP (server process, Basic auth)' });
      }
    },
  },
  {
    id: 'parse',
    script: 'parse-bench.js',
    describe: 'bench/parse-bench: Cypher parses per second, OLTP statements under 200 characters',
    args: (s) => quick(s, ['--ms', '500'], ['--ms', '2000']),
    produces: ['parse.rate'],
    map(json, record) {
      const r = (json.results as { corpus: string; parses: number; json: number; meanChars: number }[]).find((x) => x.corpus.startsWith('OLTP'));
      if (r !== undefined) record('parse.rate', r.parses, 'parses/s', 'higher', { 'JSON.parse of same-size documents': r.json }, { label: `parse, ${r.corpus}, mean ${r.meanChars} characters`, via: 'in-process' });
    },
  },
  {
    id: 'storage',
    script: 'storage-bench.js',
    describe: 'bench/storage-bench: the storage API vs raw classic-level on the same keys (in-process floors)',
    args: (s) => quick(s, ['--nodes', '20000', '--seconds', '0.5'], ['--nodes', '200000', '--seconds', '3']),
    produces: ['storage.node_insert', 'storage.rel_insert', 'storage.get_node', 'storage.expand', 'storage.index_seek', 'storage.label_scan', 'storage.record_scan', 'storage.commits_16tx'],
    map(json, record) {
      const rows: [string, string, Better][] = [
        ['node inserts', 'storage.node_insert', 'higher'],
        ['relationship inserts', 'storage.rel_insert', 'higher'],
        ['get node by id', 'storage.get_node', 'lower'],
        ['expand by type', 'storage.expand', 'lower'],
        ['index lookup', 'storage.index_seek', 'lower'],
        ['label scan', 'storage.label_scan', 'higher'],
        ['node record scan', 'storage.record_scan', 'higher'],
        ['durable commits', 'storage.commits_16tx', 'higher'],
      ];
      for (const [prefix, name, better] of rows) {
        const r = find<Row>(json, (n) => n.startsWith(prefix));
        if (r !== undefined) record(name, r.quiver, r.unit, better, { [r.peerName]: r.peer }, { label: r.name, via: 'in-process (storage API)' });
      }
    },
  },
  {
    id: 'grpc',
    script: 'grpc-bench.js',
    describe: 'bench/grpc-bench: rows streamed over gRPC vs over Bolt',
    args: (s) => quick(s, ['--rows', '200000', '--repeat', '2'], ['--rows', '1000000', '--repeat', '3']),
    produces: ['grpc.stream_rows'],
    map(json, record) {
      const r = find<Row>(json, (n) => n.startsWith('stream'));
      if (r !== undefined) record('grpc.stream_rows', r.quiver, 'rows/s', 'higher', { [r.peerName]: r.peer }, { label: r.name, via: 'gRPC (server process)' });
    },
  },
  {
    id: 'crossdb',
    script: 'crossdb-bench.js',
    describe: 'bench/crossdb-bench: 8 per-tenant queries as one cross-database query vs one after another',
    nodeArgs: ['--expose-gc'],
    args: (s) => quick(s, ['--tenant-nodes', '10000', '--join-rows', '20000', '--seconds', '1'], []),
    produces: ['crossdb.parallel_speedup', 'crossdb.parallel_speedup_point'],
    map(json, record) {
      const meta = { via: 'in-process' };
      ratioRow(record, json, (n) => n.includes('filtered count') && n.includes('cross-database'), 'crossdb.parallel_speedup', 'higher', 'queries one after another', meta);
      ratioRow(record, json, (n) => n.includes('point lookup') && n.includes('cross-database'), 'crossdb.parallel_speedup_point', 'higher', 'queries one after another', meta);
    },
  },
  {
    id: 'limits',
    script: 'limits-bench.js',
    describe: "bench/limits-bench: tenant B's p99 while tenant A floods writes against its limit",
    args: (s) => quick(s, ['--seconds', '2', '--reps', '1', '--skip-raw'], []),
    produces: ['limits.noisy_neighbour_p99_ratio', 'limits.enforcement_cost'],
    map(json, record) {
      const meta = { via: 'Bolt (neo4j-driver → server process)' };
      ratioRow(record, json, (n) => n.includes('p99') && n.includes('executeWrite'), 'limits.noisy_neighbour_p99_ratio', 'lower', 'tenant B alone', meta);
      ratioRow(record, json, (n) => n.startsWith('write throughput with all ten limits'), 'limits.enforcement_cost', 'higher', 'no limits', meta);
    },
  },
];

/** Runs `bench` as a child process (its own process group) and maps the JSON it publishes. */
async function runChild(ctx: SuiteContext, bench: ChildBench, script: string): Promise<void> {
  const cwd = join(ctx.scratch, `child-${bench.id}`);
  const out = join(cwd, 'bench/results'); // bolt-bench writes relative to its cwd, the rest to QUIVER_BENCH_RESULTS
  mkdirSync(out, { recursive: true });
  const child = spawn(process.execPath, [...(bench.nodeArgs ?? []), script, ...bench.args(ctx.scale)], {
    cwd,
    env: { ...process.env, QUIVER_BENCH_RESULTS: out },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const limitMs = (ctx.scale.name === 'quick' ? 180 : 1_800) * 1000;
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGTERM'), limitMs);
  let stderr = '';
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    for (const l of lines) if (l.trim() !== '' && !l.startsWith('|') && !l.startsWith('wrote ')) ctx.progress(`  [${bench.id}] ${l.trim()}`);
  });
  child.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${bench.script} exited with ${code ?? 'a signal'}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`);
  const file = readdirSync(out).find((f) => f.startsWith(`${bench.id}-`) && f.endsWith('.json'));
  if (file === undefined) throw new Error(`${bench.script} published no ${bench.id}-<date>.json`);
  bench.map(JSON.parse(readFileSync(join(out, file), 'utf8')) as Published, (...a) => ctx.record(...a));
}

export const childWorkloads: readonly Workload[] = CHILD_BENCHES.map((bench) => {
  const script = (ctx: SuiteContext) => join(ctx.root, 'dist/bench', bench.script);
  return {
    id: bench.id,
    describe: bench.describe,
    produces: bench.produces,
    unavailable: (ctx) => (existsSync(script(ctx)) ? null : `dist/bench/${bench.script} is not built in this tree (bench/${bench.script.replace(/\.js$/, '.ts')} missing)`),
    run: (ctx) => runChild(ctx, bench, script(ctx)),
  };
});
