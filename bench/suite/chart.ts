// The latency chart (bench/results/latest.svg): median latency per workload, QuiverDB beside its
// peers, log scale. Rendered with vega-lite + vega (SVG, no canvas) when they resolve; otherwise
// a plain SVG bar chart drawn here, so the suite never needs them to run.
import type { Entry } from './model.js';

interface Bar {
  readonly workload: string;
  readonly engine: string;
  readonly ms: number;
}

export const CHART_PACKAGES = ['vega', 'vega-lite'];

function bars(entries: readonly Entry[]): Bar[] {
  const toMs = (v: number, unit: string) => (unit === 'µs' ? v / 1000 : v);
  return entries
    .filter((e) => e.meta.latency === true)
    .flatMap((e) => [
      { workload: e.name, engine: 'QuiverDB', ms: toMs(e.result.value, e.result.unit) },
      ...Object.entries(e.result.peers).map(([engine, v]) => ({ workload: e.name, engine, ms: toMs(v, e.result.unit) })),
    ])
    .filter((b) => Number.isFinite(b.ms) && b.ms > 0);
}

const TITLE = 'Median latency, ms (log scale; lower is better)';

/** The SVG text and how it was drawn. */
export async function latencyChart(entries: readonly Entry[]): Promise<{ svg: string; renderer: string } | null> {
  const data = bars(entries);
  if (data.length === 0) return null;
  const viaVega = await withVega(data).catch(() => null);
  return viaVega ?? { svg: handMade(data), renderer: 'hand-made SVG' };
}

async function withVega(data: Bar[]): Promise<{ svg: string; renderer: string } | null> {
  // Names in variables: optional packages, not resolved at compile time.
  const [vegaName, liteName] = CHART_PACKAGES;
  const vega = (await import(vegaName!).catch(() => null)) as { View: new (r: unknown, o: object) => { toSVG(): Promise<string> }; parse(s: unknown): unknown } | null;
  const lite = (await import(liteName!).catch(() => null)) as { compile(s: object): { spec: unknown } } | null;
  if (vega === null || lite === null) return null;
  // Bars on a log scale need a start other than zero: the decade below the smallest value.
  const floor = 10 ** Math.floor(Math.log10(Math.min(...data.map((b) => b.ms))));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: TITLE,
    width: 520,
    data: { values: data },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'workload', type: 'nominal', sort: null, title: null },
      yOffset: { field: 'engine', sort: null },
      x: { field: 'ms', type: 'quantitative', scale: { type: 'log', domainMin: floor }, title: 'ms' },
      x2: { datum: floor },
      color: { field: 'engine', sort: null, legend: { orient: 'bottom', columns: 1, labelLimit: 0 } },
    },
  };
  const view = new vega.View(vega.parse(lite.compile(spec).spec), { renderer: 'none' });
  return { svg: await view.toSVG(), renderer: 'vega-lite' };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756'];

function handMade(data: Bar[]): string {
  const workloads = [...new Set(data.map((b) => b.workload))];
  const engines = [...new Set(data.map((b) => b.engine))];
  const lo = Math.floor(Math.log10(Math.min(...data.map((b) => b.ms))));
  const hi = Math.ceil(Math.log10(Math.max(...data.map((b) => b.ms))));
  const [left, plotW, barH, gap, top] = [180, 480, 14, 12, 40];
  const x = (ms: number) => left + ((Math.log10(ms) - lo) / Math.max(1, hi - lo)) * plotW;
  const groupH = engines.length * barH + gap;
  const plotBottom = top + workloads.length * groupH;
  const height = plotBottom + 40 + engines.length * 18;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${left + plotW + 90}" height="${height}" font-family="sans-serif" font-size="11">`];
  out.push(`<text x="${left}" y="20" font-size="13" font-weight="bold">${esc(TITLE)}</text>`);
  for (let d = lo; d <= hi; d++) {
    const tx = x(10 ** d);
    out.push(`<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${plotBottom}" stroke="#ddd"/>`, `<text x="${tx}" y="${plotBottom + 14}" text-anchor="middle" fill="#555">${10 ** d >= 1 ? 10 ** d : (10 ** d).toFixed(-d)}</text>`);
  }
  workloads.forEach((w, wi) => {
    const y0 = top + wi * groupH;
    out.push(`<text x="${left - 8}" y="${y0 + (engines.length * barH) / 2 + 4}" text-anchor="end">${esc(w)}</text>`);
    engines.forEach((eng, ei) => {
      const b = data.find((d) => d.workload === w && d.engine === eng);
      if (b === undefined) return;
      const y = y0 + ei * barH;
      const w2 = Math.max(1, x(b.ms) - left);
      const label = b.ms >= 1 ? `${b.ms.toFixed(b.ms >= 100 ? 0 : 1)} ms` : `${Math.round(b.ms * 1000)} µs`;
      out.push(`<rect x="${left}" y="${y}" width="${w2.toFixed(1)}" height="${barH - 2}" fill="${COLORS[ei % COLORS.length]}"><title>${esc(`${eng}: ${label}`)}</title></rect>`);
      out.push(`<text x="${(left + w2 + 4).toFixed(1)}" y="${y + barH - 4}" fill="#333">${label}</text>`);
    });
  });
  engines.forEach((eng, ei) => {
    const y = plotBottom + 28 + ei * 18;
    out.push(`<rect x="${left}" y="${y}" width="12" height="12" fill="${COLORS[ei % COLORS.length]}"/>`, `<text x="${left + 18}" y="${y + 10}">${esc(eng)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
