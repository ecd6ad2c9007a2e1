// The openCypher TCK runner (issue 4, "The TCK runner").
//
//   node dist/test/tck/run.js [--features DIR] [--json FILE] [--check-floor] [--filter SUBSTRING]
//                             [--timeout MS] [--verbose]
//
// The main thread reads and expands the features, then feeds scenarios one at a time to a worker
// thread that holds ONE server (`open(tmpdir, {sync: false})`) and gives each scenario a database
// of its own. The worker is what makes the per-scenario timeout hard: an engine stuck in a
// synchronous or microtask-only loop never lets a timer fire in its own thread, so the main
// thread terminates the worker, records "timeout" and starts a fresh one for the rest.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { QuiverDatabaseServer } from '../../src/api-types.js';
import { type Pickle, expandScenarios, parseFeature } from './gherkin.js';
import { runScenario } from './steps.js';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Extra time the main thread allows before it kills a worker that did not time itself out. */
const HARD_TIMEOUT_GRACE_MS = 2_000;
const KIT_COMMIT = '677cbafabb8c3c5eed458fd3b1ec0daec8d67d23';

interface Options {
  readonly features: string;
  readonly json?: string;
  readonly checkFloor: boolean;
  readonly filter?: string;
  readonly timeoutMs: number;
  readonly verbose: boolean;
}

interface Job {
  readonly file: string;
  readonly area: string;
  readonly pickle: Pickle;
}

interface Outcome {
  readonly job: Job;
  readonly reason: string | null;
}

interface WorkerInit {
  readonly graphsDir: string;
  readonly timeoutMs: number;
  /** The server's directory; the main thread creates and removes it (a killed worker cannot). */
  readonly dir: string;
}

type ToWorker = { readonly type: 'run'; readonly index: number; readonly pickle: Pickle } | { readonly type: 'close' };
type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'unavailable'; readonly reason: string }
  | { readonly type: 'done'; readonly index: number; readonly reason: string | null }
  | { readonly type: 'closed' };

/** The repository root: the nearest directory above this file with a package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return resolve('.');
}

class UsageError extends Error {}

function usage(): string {
  return 'usage: run.js [--features DIR] [--json FILE] [--check-floor] [--filter SUBSTRING] [--timeout MS] [--verbose]';
}

function parseArgs(argv: readonly string[]): Options {
  let features: string | undefined;
  let json: string | undefined;
  let filter: string | undefined;
  let checkFloor = false;
  let verbose = false;
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value\n${usage()}`);
      return v;
    };
    switch (arg) {
      case '--features':
        features = resolve(value());
        break;
      case '--json':
        json = resolve(value());
        break;
      case '--filter':
        filter = value();
        break;
      case '--timeout':
        timeoutMs = Number(value());
        if (!(timeoutMs > 0)) throw new UsageError(`bad --timeout\n${usage()}`);
        break;
      case '--check-floor':
        checkFloor = true;
        break;
      case '--verbose':
        verbose = true;
        break;
      case '--if-present':
        // Accepted for the current `npm test` script; a missing kit is never an error anyway.
        break;
      case '-h':
      case '--help':
        console.log(usage());
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown argument ${arg}\n${usage()}`);
    }
  }
  features ??= process.env['TCK_FEATURES'] ? resolve(process.env['TCK_FEATURES']) : resolve(repoRoot(), '../shared/tck/features');
  return { features, checkFloor, verbose, timeoutMs, ...(json ? { json } : {}), ...(filter !== undefined ? { filter } : {}) };
}

function kitMissingMessage(dir: string): string {
  return [
    `openCypher TCK not found: no features directory at ${dir}`,
    'Get the kit (see `npm run tck:fetch`):',
    '  git clone https://github.com/opencypher/openCypher',
    `  git -C openCypher checkout ${KIT_COMMIT}`,
    '  export TCK_FEATURES=$PWD/openCypher/tck/features',
    'or pass --features DIR. Nothing was run.',
  ].join('\n');
}

function featureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...featureFiles(p));
    else if (name.endsWith('.feature')) out.push(p);
  }
  return out;
}

/** The first two directory levels under the features directory: `clauses/match`. */
function areaOf(relativeFile: string): string {
  const dirs = relativeFile.split(sep).slice(0, -1);
  return dirs.length === 0 ? '(root)' : dirs.slice(0, 2).join('/');
}

function loadJobs(dir: string, filter: string | undefined): Job[] {
  const jobs: Job[] = [];
  for (const path of featureFiles(dir)) {
    const file = relative(dir, path).split(sep).join('/');
    const area = areaOf(relative(dir, path));
    for (const pickle of expandScenarios(parseFeature(readFileSync(path, 'utf8')))) {
      if (filter !== undefined && !`${file} ${pickle.feature} ${scenarioLabel(pickle)}`.includes(filter)) continue;
      jobs.push({ file, area, pickle });
    }
  }
  return jobs;
}

function scenarioLabel(p: Pickle): string {
  return p.exampleIndex === undefined ? p.name : `${p.name} #${p.exampleIndex}`;
}

/** One worker thread with its server, driven one scenario at a time. */
class WorkerHandle {
  private readonly worker: Worker;
  private pending: ((m: FromWorker | { type: 'crashed'; reason: string }) => void) | null = null;
  private dead = false;
  private readonly dir: string;

  constructor(init: Omit<WorkerInit, 'dir'>) {
    this.dir = mkdtempSync(join(tmpdir(), 'quiver-tck-'));
    this.worker = new Worker(new URL(import.meta.url), { workerData: { ...init, dir: this.dir } satisfies WorkerInit });
    this.worker.on('message', (m: FromWorker) => this.deliver(m));
    this.worker.on('error', (e) => this.deliver({ type: 'crashed', reason: `worker crashed: ${e.message}` }));
    this.worker.on('exit', (code) => {
      this.dead = true;
      this.deliver({ type: 'crashed', reason: `worker exited with code ${code}` });
    });
  }

  private deliver(m: FromWorker | { type: 'crashed'; reason: string }): void {
    const p = this.pending;
    this.pending = null;
    p?.(m);
  }

  /** The worker's next message, or a timeout / crash marker. */
  next(timeoutMs: number): Promise<FromWorker | { type: 'crashed'; reason: string } | { type: 'timeout' }> {
    if (this.dead) return Promise.resolve({ type: 'crashed', reason: 'worker is gone' });
    return new Promise((resolveNext) => {
      const timer = setTimeout(() => {
        this.pending = null;
        resolveNext({ type: 'timeout' });
      }, timeoutMs);
      this.pending = (m) => {
        clearTimeout(timer);
        resolveNext(m);
      };
    });
  }

  send(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  async terminate(): Promise<void> {
    this.pending = null;
    await this.worker.terminate();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function runAll(jobs: readonly Job[], init: Omit<WorkerInit, 'dir'>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let handle: WorkerHandle | null = null;
  let unavailable: string | null = null;

  const start = async (): Promise<void> => {
    handle = new WorkerHandle(init);
    const first = await handle.next(60_000);
    if (first.type === 'ready') return;
    unavailable =
      first.type === 'unavailable' || first.type === 'crashed'
        ? first.reason
        : first.type === 'timeout'
          ? 'engine did not open within 60 s'
          : `unexpected worker message ${first.type}`;
    await handle.terminate();
    handle = null;
  };

  for (let index = 0; index < jobs.length; index++) {
    const job = jobs[index]!;
    if (unavailable === null && handle === null) await start();
    if (unavailable !== null || handle === null) {
      outcomes.push({ job, reason: unavailable ?? 'engine unavailable' });
      continue;
    }
    const h: WorkerHandle = handle;
    h.send({ type: 'run', index, pickle: job.pickle });
    const reply = await h.next(init.timeoutMs + HARD_TIMEOUT_GRACE_MS);
    if (reply.type === 'done' && reply.index === index) {
      outcomes.push({ job, reason: reply.reason });
      continue;
    }
    outcomes.push({
      job,
      reason: reply.type === 'timeout' ? 'timeout' : reply.type === 'crashed' ? reply.reason : `unexpected worker message ${reply.type}`,
    });
    await h.terminate();
    handle = null;
  }
  const last = handle as WorkerHandle | null;
  if (last) {
    last.send({ type: 'close' });
    await last.next(10_000);
    await last.terminate();
  }
  return outcomes;
}

interface AreaCounts {
  passed: number;
  failed: number;
  total: number;
}

function summarise(outcomes: readonly Outcome[]): { areas: Record<string, AreaCounts>; passed: number; failed: number } {
  const areas: Record<string, AreaCounts> = {};
  let passed = 0;
  for (const { job, reason } of outcomes) {
    const a = (areas[job.area] ??= { passed: 0, failed: 0, total: 0 });
    a.total++;
    if (reason === null) {
      a.passed++;
      passed++;
    } else a.failed++;
  }
  const sorted = Object.fromEntries(Object.entries(areas).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return { areas: sorted, passed, failed: outcomes.length - passed };
}

function printTable(areas: Record<string, AreaCounts>, passed: number, failed: number): void {
  const width = Math.max(5, ...Object.keys(areas).map((a) => a.length));
  const row = (name: string, p: number | string, f: number | string, t: number | string): string =>
    `${name.padEnd(width)}  ${String(p).padStart(6)}  ${String(f).padStart(6)}  ${String(t).padStart(6)}`;
  console.log(row('area', 'passed', 'failed', 'total'));
  for (const [name, c] of Object.entries(areas)) console.log(row(name, c.passed, c.failed, c.total));
  console.log(row('total', passed, failed, passed + failed));
}

/** The most frequent first lines of failure reasons: what to fix first. */
function printCommonReasons(outcomes: readonly Outcome[]): void {
  const counts = new Map<string, number>();
  for (const { reason } of outcomes) {
    if (reason === null) continue;
    const key = reason.replace(/^step '[^']*' \(line \d+\): /, '').split('\n')[0]!.slice(0, 160);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (top.length === 0) return;
  console.log('most common failure reasons:');
  for (const [reason, n] of top) console.log(`  ${String(n).padStart(5)}  ${reason}`);
  console.log('');
}

function readFloor(): number {
  const file = join(repoRoot(), 'test', 'tck', 'floor.json');
  if (!existsSync(file)) return 0;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { passed?: unknown };
  return typeof parsed.passed === 'number' ? parsed.passed : 0;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(options.features) || !statSync(options.features).isDirectory()) {
    console.log(kitMissingMessage(options.features));
    return 0;
  }
  const started = Date.now();
  const jobs = loadJobs(options.features, options.filter);
  const outcomes = await runAll(jobs, { graphsDir: resolve(options.features, '..', 'graphs'), timeoutMs: options.timeoutMs });
  const { areas, passed, failed } = summarise(outcomes);

  if (options.verbose) {
    for (const { job, reason } of outcomes) {
      if (reason !== null) console.log(`FAIL ${job.file}:${job.pickle.line} ${scenarioLabel(job.pickle)}\n  ${reason.split('\n').join('\n  ')}`);
    }
    console.log('');
  }
  printCommonReasons(outcomes);
  printTable(areas, passed, failed);
  console.log(`(${jobs.length} scenarios from ${options.features} in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

  if (options.json) {
    const report = {
      total: outcomes.length,
      passed,
      failed,
      areas,
      failures: outcomes
        .filter((o) => o.reason !== null)
        .map(({ job, reason }) => ({ feature: job.file, scenario: scenarioLabel(job.pickle), reason })),
    };
    writeFileSync(options.json, JSON.stringify(report, null, 2) + '\n');
  }

  let code = 0;
  if (options.checkFloor) {
    const floor = readFloor();
    if (passed < floor) {
      console.log(`TCK floor not met: ${passed} passed < floor ${floor} (test/tck/floor.json)`);
      code = 1;
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return code;
}

// ---- worker side ------------------------------------------------------------------------------

type OpenFn = (dir: string, options?: { sync?: boolean }) => Promise<QuiverDatabaseServer>;

/** Imports the engine; null plus a reason when it is not built or not implemented yet. */
async function loadOpen(): Promise<{ open: OpenFn } | { reason: string }> {
  const url = new URL('../../src/index.js', import.meta.url);
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
    return { reason: `engine not built: ${fileURLToPath(url)} does not exist` };
  }
  try {
    const mod = (await import(url.href)) as { open?: unknown };
    if (typeof mod.open !== 'function') return { reason: 'engine unavailable: src/index.ts exports no open()' };
    return { open: mod.open as OpenFn };
  } catch (e) {
    return { reason: `engine unavailable: ${(e as Error).message}` };
  }
}

async function workerMain(): Promise<void> {
  const init = workerData as WorkerInit;
  const port = parentPort!;
  const post = (m: FromWorker): void => port.postMessage(m);
  const loaded = await loadOpen();
  if ('reason' in loaded) {
    post({ type: 'unavailable', reason: loaded.reason });
    return;
  }
  let server: QuiverDatabaseServer;
  try {
    server = await loaded.open(init.dir, { sync: false });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    post({ type: 'unavailable', reason: /not implemented/i.test(message) ? `engine not implemented: ${message}` : `open() failed: ${message}` });
    return;
  }
  port.on('message', (m: ToWorker) => {
    if (m.type === 'close') {
      void server
        .close()
        .catch(() => {})
        .finally(() => {
          post({ type: 'closed' });
          port.close();
        });
      return;
    }
    void runOne(server, m.index, m.pickle, init).then((reason) => post({ type: 'done', index: m.index, reason }));
  });
  post({ type: 'ready' });
}

async function runOne(server: QuiverDatabaseServer, index: number, pickle: Pickle, init: WorkerInit): Promise<string | null> {
  const database = `tck_${index}`;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolveTimeout) => {
    timer = setTimeout(() => {
      controller.abort();
      resolveTimeout('timeout');
    }, init.timeoutMs);
  });
  const scenario = (async (): Promise<string | null> => {
    try {
      await server.createDatabase(database);
    } catch (e) {
      return `createDatabase('${database}') failed: ${(e as Error).message}`;
    }
    try {
      return await runScenario(server, database, pickle, {
        graphsDir: init.graphsDir,
        signal: controller.signal,
        queryTimeoutMs: init.timeoutMs,
      });
    } finally {
      await server.dropDatabase(database).catch(() => {});
    }
  })();
  try {
    return await Promise.race([scenario, timeout]);
  } catch (e) {
    return `runner error: ${(e as Error).stack ?? String(e)}`;
  } finally {
    clearTimeout(timer);
  }
}

if (isMainThread) {
  // Run only as a script, not when imported (the unit tests import nothing from here, but be safe).
  const invoked = process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url;
  if (invoked) {
    main().then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        console.error(e instanceof UsageError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e));
        process.exitCode = 2;
      },
    );
  }
} else {
  void workerMain();
}
