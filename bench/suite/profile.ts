// Where a target is missed, what bounds it: the server restarted on the same data under
// `node --cpu-prof`, driven through the workload alone, and its profile summarised by self time.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProfileSummary } from './model.js';
import { startQuiver, type ServerProcess } from './server-process.js';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * Runs `drive` against a profiled server on `dataDir`; the profile lands in bench/results/profiles.
 * `drive` calls `mark()` once warmed up: the summary covers only what the server did after it
 * (start-up — module loading, the grammar — and the warm-up are left out). Profile timestamps and
 * `process.hrtime` read the same monotonic clock.
 */
export async function captureProfile(root: string, workload: string, dataDir: string, scratch: string, drive: (s: ServerProcess, mark: () => void) => Promise<void>): Promise<ProfileSummary> {
  const dir = mkdtempSync(join(scratch, 'cpuprof-'));
  const server = await startQuiver({ root, dataDir, cpuProfDir: dir });
  let fromUs = 0;
  try {
    await drive(server, () => void (fromUs = Number(process.hrtime.bigint() / 1000n)));
  } finally {
    await server.stop();
  }
  const written = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (written.length !== 1) throw new Error(`expected one .cpuprofile in ${dir}, found ${written.length}`);
  const keep = join(root, 'bench/results/profiles');
  mkdirSync(keep, { recursive: true });
  const file = join(keep, `${workload}.cpuprofile`);
  renameSync(join(dir, written[0]!), file);
  return summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, workload, relative(root, file), root, fromUs);
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Self time per function and per area from `fromUs` on; shares are of busy time (idle excluded). */
export function summarise(p: CpuProfile, workload: string, file: string, root: string, fromUs = 0): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (at >= fromUs) selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const fns = new Map<string, { name: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const f = byId.get(id)!;
    total += us;
    if (f.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = place(f, root);
    const key = `${f.functionName}|${where}`;
    const e = fns.get(key) ?? { name: f.functionName || '(anonymous)', where, us: 0 };
    e.us += us;
    fns.set(key, e);
    const area = areaOf(f, root);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busy = Math.max(1, total - idle);
  return {
    workload,
    file,
    totalMs: total / 1000,
    idleShare: idle / Math.max(1, total),
    functions: [...fns.values()].sort((a, b) => b.us - a.us).slice(0, 12).map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: e.us / busy })),
    areas: [...areas].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([area, us]) => ({ area, selfMs: us / 1000, share: us / busy })),
  };
}

function shortUrl(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  if (path.startsWith(join(root, 'dist') + '/')) return path.slice(root.length + 6); // src/..., bench/...
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + 14);
  return path;
}

function place(f: CallFrame, root: string): string {
  if (SPECIAL.has(f.functionName)) return '';
  if (f.url === '') return '(native)';
  return `${shortUrl(f.url, root)}:${f.lineNumber + 1}`;
}

function areaOf(f: CallFrame, root: string): string {
  if (SPECIAL.has(f.functionName)) return f.functionName;
  if (f.url === '') return '(native code)';
  if (f.url.startsWith('node:')) return 'Node internals';
  const u = shortUrl(f.url, root);
  if (u.startsWith('src/')) return u.split('/').slice(0, u.split('/').length > 3 ? 3 : 2).join('/');
  const nm = f.url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = u.split('/');
    return `package ${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return u;
}
