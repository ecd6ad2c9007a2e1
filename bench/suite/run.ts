// `npm run bench -- [--quick] [--only a,b] [--json FILE]` — every workload the issues name, beside
// its peers, in one run on this machine (issue 10). Progress while it runs; at the end a table,
// bench/results/<date>-<commit>.json (the JSON contract in model.ts), and, for a run of the whole
// suite, bench/results/latest.md with the latency chart bench/results/latest.svg.
//
//   --quick       100,000 nodes, 500,000 relationships, 1,000 databases (a few minutes)
//                 default: 1,000,000 nodes, 5,000,000 relationships, 10,000 databases
//   --only a,b    result names or groups: read, import, read.two_hop, bolt, multidb, graph (= import,read)
//   --json FILE   also write the JSON to FILE
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { args } from '../lib.js';
import { CHART_PACKAGES, latencyChart } from './chart.js';
import { resolveKuzu } from './kuzu-peer.js';
import { SCALES } from './model.js';
import { buildReport, consoleTable, resultsPage } from './report.js';
import { RunState } from './run-state.js';
import { SUITE_TARGETS } from './targets.js';
import { RESULT_NAMES, WORKLOADS } from './workloads.js';

const ALIASES: Readonly<Record<string, readonly string[]>> = { graph: ['import', 'read'] };

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..'); // dist/bench/suite → repo

function git(...a: string[]): string {
  try {
    return execFileSync('git', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function machine(scale: (typeof SCALES)['quick']): Record<string, unknown> {
  const kuzu = resolveKuzu(root);
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${osType()} ${release()}`,
    loadAverage: loadavg().map((l) => l.toFixed(2)).join(' '),
    date: new Date().toISOString().slice(0, 10),
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    nodes: scale.nodes,
    relationships: scale.relationships,
    databases: scale.databases,
    kuzu: 'version' in kuzu ? kuzu.version : null,
  };
}

async function main(): Promise<number> {
  const a = args();
  const scale = SCALES[a.has('quick') ? 'quick' : 'full'];
  const only = a.has('only') ? a.get('only')!.split(',').flatMap((p) => ALIASES[p.trim()] ?? [p.trim()]) : null;
  const scratch = mkdtempSync(join(tmpdir(), 'quiver-suite-'));
  const state = new RunState(scale, root, scratch, only);
  const unknown = (only ?? []).filter((p) => !RESULT_NAMES.some((n) => new RunState(scale, root, scratch, [p]).wants(n)));
  if (unknown.length > 0) {
    console.error(`bench: --only ${unknown.join(',')} selects nothing. Names:\n  ${RESULT_NAMES.join('\n  ')}`);
    return 2;
  }
  const m = machine(scale);
  state.progress(`QuiverDB bench suite, scale ${scale.name}: ${scale.nodes.toLocaleString('en-US')} nodes, ${scale.relationships.toLocaleString('en-US')} relationships, ${scale.databases.toLocaleString('en-US')} databases; ${String(m['cores'])} cores, Node ${process.version}, load ${String(m['loadAverage'])}`);
  try {
    for (const w of WORKLOADS) {
      if (!w.produces.some((n) => state.wants(n))) continue;
      const why = w.unavailable(state);
      if (why !== null) {
        state.skipped.push({ id: w.id, why });
        state.progress(`skip ${w.id}: ${why}`);
        continue;
      }
      state.progress(`--- ${w.id}: ${w.describe}`);
      try {
        await w.run(state);
      } catch (e) {
        const error = (e as Error).message;
        state.failed.push({ id: w.id, error });
        state.progress(`FAILED ${w.id}: ${error}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  await publish(state, m, only === null, a.get('json'));
  return state.failed.length === 0 ? 0 : 1;
}

async function publish(state: RunState, atStart: Record<string, unknown>, whole: boolean, jsonOut: string | undefined): Promise<void> {
  const dir = join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const m: Record<string, unknown> = { ...atStart, loadAverageAtEnd: loadavg().map((l) => l.toFixed(2)).join(' ') };
  const report = buildReport(state, m);
  // A partial run (--only) never replaces the whole run's file of the same day and commit.
  const jsonFile = `${String(m['date'])}-${String(m['commit'])}${whole ? '' : '-partial'}.json`;
  const text = JSON.stringify(report, null, 2) + '\n';
  writeFileSync(join(dir, jsonFile), text);
  if (jsonOut !== undefined) writeFileSync(resolve(jsonOut), text);
  console.log(`\n${consoleTable([...state.entries.values()])}\n`);
  for (const t of SUITE_TARGETS) {
    const v = state.verdict(t);
    if (v !== null) console.log(`target ${t.name} (${t.text}): ${v.met ? 'met' : 'MISSED'}, ${v.by}`);
  }
  console.log(`wrote bench/results/${jsonFile}${jsonOut === undefined ? '' : ` and ${jsonOut}`}`);
  if (!whole) {
    console.log('(--only: bench/results/latest.md and latest.svg are left as they were; they show whole runs)');
    return;
  }
  const chart = await latencyChart([...state.entries.values()]);
  if (chart !== null) writeFileSync(join(dir, 'latest.svg'), chart.svg);
  const chartNote =
    chart === null
      ? 'No latency workload ran: no chart.'
      : chart.renderer === 'vega-lite'
        ? 'Chart rendered with vega-lite.'
        : `Chart drawn by the suite itself (${CHART_PACKAGES.join(' and ')} not installed; with them it is rendered by vega-lite).`;
  writeFileSync(join(dir, 'latest.md'), resultsPage({ state, machine: m, jsonFile, chartFile: chart === null ? null : 'latest.svg', chartNote }));
  console.log(`wrote bench/results/latest.md${chart === null ? '' : ` and latest.svg (${chart.renderer})`} in ${state.elapsedSeconds().toFixed(0)} s`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
