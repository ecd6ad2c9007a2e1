// The run's outputs: the JSON other tools read (model.ts `Report`), the console table, and
// bench/results/latest.md, the page the README's Performance section shows.
import type { Entry, ProfileSummary, Report, Scale } from './model.js';
import { fmtNum, type RunState } from './run-state.js';
import { OTHER_TARGETS, SUITE_TARGETS, type Target } from './targets.js';

export function buildReport(state: RunState, machine: Record<string, unknown>): Report {
  return { machine, scale: state.scale.name, results: Object.fromEntries([...state.entries].map(([name, e]) => [name, e.result])) };
}

const peersText = (e: Entry): string =>
  Object.entries(e.result.peers)
    .map(([p, v], i) => `${i === 0 ? '' : '<br>'}${p}: ${fmtNum(v)}`)
    .join('') || '—';

const ratioText = (e: Entry): string => (e.result.ratio === null ? '—' : e.result.ratio.toFixed(2));

/** The results as a markdown table (also what the console prints at the end). */
export function resultsTable(entries: readonly Entry[]): string {
  const lines = ['| workload | QuiverDB | peers, same run (first = primary) | ratio (>1 = QuiverDB better) | measured through | what |', '|---|--:|---|--:|---|---|'];
  for (const e of entries) {
    const note = e.meta.note ? ` (${e.meta.note})` : '';
    lines.push(`| \`${e.name}\` | ${fmtNum(e.result.value)} ${e.result.unit} | ${peersText(e)} | ${ratioText(e)} | ${e.meta.via} | ${e.meta.label}${note} |`);
  }
  return lines.join('\n');
}

/** A compact table for the terminal: name, value, primary peer, ratio. */
export function consoleTable(entries: readonly Entry[]): string {
  const rows = entries.map((e) => {
    const [peer, v] = Object.entries(e.result.peers)[0] ?? ['—', Number.NaN];
    return [e.name, `${fmtNum(e.result.value)} ${e.result.unit}`, Number.isNaN(v) ? '—' : `${fmtNum(v)} (${peer})`, ratioText(e)];
  });
  const head = ['workload', 'QuiverDB', 'primary peer', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function targetTable(state: RunState, targets: readonly Target[]): string {
  const lines = ['| target | issue | verdict | by how much |', '|---|--:|---|---|'];
  for (const t of targets) {
    const v = state.verdict(t);
    const verdict = v === null ? (state.entries.has(t.name) ? 'not judged (no peer measured)' : 'not measured') : v.met ? 'met' : '**missed**';
    lines.push(`| \`${t.name}\`: ${t.text} | ${t.issue} | ${verdict} | ${v?.by ?? '—'} |`);
  }
  return lines.join('\n');
}

function profileSection(p: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `### \`${p.workload}\``,
    '',
    `Server process under \`node --cpu-prof\`, this workload alone: ${(p.totalMs / 1000).toFixed(1)} s profiled, idle ${pct(p.idleShare)} of it (waiting on the network or the disk). Shares below are of the busy time. Profile: [${p.file.split('/').pop()}](${p.file.replace(/^bench\/results\//, '')}) (kept locally, not committed; open it in Chrome DevTools or speedscope).`,
    '',
    '| self time by area | ms | share of busy |',
    '|---|--:|--:|',
    ...p.areas.map((a) => `| ${a.area} | ${a.selfMs.toFixed(0)} | ${pct(a.share)} |`),
    '',
    '| top functions by self time | where (compiled JS) | ms | share of busy |',
    '|---|---|--:|--:|',
    ...p.functions.map((f) => `| \`${f.name}\` | ${f.where || '—'} | ${f.selfMs.toFixed(0)} | ${pct(f.share)} |`),
  ].join('\n');
}

export interface PageInput {
  readonly state: RunState;
  readonly machine: Record<string, unknown>;
  readonly jsonFile: string;
  readonly chartFile: string | null;
  readonly chartNote: string;
}

const scaleText = (s: Scale): string =>
  `**${s.name}**: ${s.nodes.toLocaleString('en-US')} nodes, ${s.relationships.toLocaleString('en-US')} relationships, ${s.databases.toLocaleString('en-US')} databases; latencies are the median of ${s.reps} repetitions of ${s.seconds} s after ${s.warmupMs / 1000} s of warm-up, whole-graph queries the median of ${s.scanRuns} runs after one`;

export function resultsPage(i: PageInput): string {
  const { state, machine: m } = i;
  const entries = [...state.entries.values()];
  const out = [
    '# QuiverDB benchmark results',
    '',
    `Run ${String(m['date'])} at commit \`${String(m['commit'])}\`${m['dirty'] ? ' (uncommitted changes)' : ''} by \`npm run bench${state.scale.name === 'quick' ? ' -- --quick' : ''}\` in ${state.elapsedSeconds().toFixed(0)} s. Machine: ${String(m['cores'])} cores (${String(m['cpu'])}), ${String(m['memoryGiB'])} GiB, Node ${String(m['node'])}, ${String(m['os'])}; load average ${String(m['loadAverage'])} at the start and ${String(m['loadAverageAtEnd'])} at the end (1, 5, 15 min; other work on the machine skews figures). Raw figures: [${i.jsonFile}](${i.jsonFile}).`,
    '',
    `Scale ${scaleText(state.scale)}. QuiverDB runs as its own process (\`quiver serve\`, fsync on) and is driven through the real neo4j-driver unless the "measured through" column says otherwise (in-process figures are labelled so). Peers are measured in the same run on the same machine; the ratio compares with the first peer listed, oriented so that more than 1 means QuiverDB is better.`,
    '',
    i.chartFile === null ? i.chartNote : `![Latency workloads: QuiverDB and peers](${i.chartFile})\n\n${i.chartNote}`,
    '',
    '## Targets of issue 10 (Bolt path, through the driver)',
    '',
    targetTable(state, SUITE_TARGETS),
    '',
    "## Other issues' targets, same run",
    '',
    targetTable(state, OTHER_TARGETS),
    '',
    '## Results',
    '',
    resultsTable(entries),
  ];
  if (state.profiles.length > 0) out.push('', '## What bounds the missed targets (CPU profiles of the server)', '', ...state.profiles.map(profileSection).join('\n\n').split('\n'));
  const notes = [
    ...state.remarks,
    ...state.skipped.map((s) => `Skipped \`${s.id}\`: ${s.why}.`),
    ...state.failed.map((f) => `**Failed** \`${f.id}\`: ${f.error}`),
  ];
  if (notes.length > 0) out.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}
