// Reads the openCypher kit (Gherkin feature files) into plain query records for the parser tests
// and the parse benchmark. Scenario Outlines are expanded once per Examples row.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KitQuery {
  /** `<feature path>:<line> <scenario name>` (plus the example row for outlines). */
  readonly id: string;
  readonly text: string;
  /** The scenario's `When executing query` (as opposed to setup or control queries). */
  readonly main: boolean;
  /** Set when the scenario expects a SyntaxError at compile time for this query: the detail code. */
  readonly expectSyntaxError: string | null;
}

/** The repository root: the nearest folder above this file with a tsconfig.json (works from dist/ too). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'tsconfig.json'))) return dir;
    dir = dirname(dir);
  }
  return resolve('.');
}

/** The kit's features directory: env TCK_FEATURES, else ../shared/tck/features from the repo root. */
export function featuresDir(): string {
  return process.env['TCK_FEATURES'] ?? resolve(repoRoot(), '../shared/tck/features');
}

export const KIT_MISSING_MESSAGE =
  'openCypher kit not found: set TCK_FEATURES to its features directory or run `npm run tck:fetch` ' +
  '(expected at ../shared/tck/features); kit-driven tests are skipped.';

function featureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...featureFiles(p));
    else if (name.endsWith('.feature')) out.push(p);
  }
  return out;
}

interface RawStep {
  kind: 'setup' | 'main' | 'control';
  text: string;
}

/** Every query of the kit, or null when the kit is missing. */
export function loadKit(dir = featuresDir()): KitQuery[] | null {
  if (!existsSync(dir)) return null;
  const out: KitQuery[] = [];
  for (const file of featureFiles(dir)) out.push(...parseFeature(readFileSync(file, 'utf8'), relative(dir, file)));
  return out;
}

export function parseFeature(source: string, name: string): KitQuery[] {
  const lines = source.split(/\r?\n/);
  const out: KitQuery[] = [];
  let scenario: { name: string; line: number; steps: RawStep[]; error: string | null; examples: Record<string, string>[] } | null = null;
  let pendingKind: RawStep['kind'] | null = null;
  let exampleHeader: string[] | null = null;
  const flush = (): void => {
    if (scenario === null) return;
    const rows = scenario.examples.length > 0 ? scenario.examples : [null];
    rows.forEach((row, r) => {
      for (const step of scenario!.steps) {
        const text = row === null ? step.text : step.text.replace(/<([^<>\s]+)>/g, (m, k: string) => row[k] ?? m);
        out.push({
          id: `${name}:${scenario!.line} ${scenario!.name}${row === null ? '' : ` #${r + 1}`}`,
          text,
          main: step.kind === 'main',
          expectSyntaxError: step.kind === 'main' ? scenario!.error : null,
        });
      }
    });
    scenario = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (/^Scenario( Outline)?:/.test(line)) {
      flush();
      scenario = { name: line.replace(/^Scenario( Outline)?:\s*/, ''), line: i + 1, steps: [], error: null, examples: [] };
      exampleHeader = null;
      continue;
    }
    if (scenario === null) continue;
    if (/^(When|And|Given) executing query:/.test(line)) pendingKind = 'main';
    else if (/^(When|And|Given) executing control query:/.test(line)) pendingKind = 'control';
    else if (/^(And|Given) having executed:/.test(line)) pendingKind = 'setup';
    else if (line === '"""' && pendingKind !== null) {
      const body: string[] = [];
      let indent = Infinity;
      for (i++; i < lines.length && lines[i]!.trim() !== '"""'; i++) {
        const l = lines[i]!;
        body.push(l);
        if (l.trim() !== '') indent = Math.min(indent, l.length - l.trimStart().length);
      }
      scenario.steps.push({ kind: pendingKind, text: body.map((l) => l.slice(Math.min(indent, l.length))).join('\n') });
      pendingKind = null;
    } else if (/^Then a SyntaxError should be raised at compile time:/.test(line)) {
      scenario.error = line.replace(/^.*compile time:\s*/, '');
    } else if (/^Examples:/.test(line)) {
      exampleHeader = [];
    } else if (exampleHeader !== null && line.startsWith('|')) {
      const cells = line.slice(1, line.lastIndexOf('|')).split('|').map((c) => c.trim());
      if (exampleHeader.length === 0) exampleHeader = cells;
      else scenario.examples.push(Object.fromEntries(exampleHeader.map((h, k) => [h, cells[k] ?? ''])));
    } else if (line !== '' && !line.startsWith('|') && !line.startsWith('#')) {
      if (exampleHeader !== null && !/^Examples:/.test(line)) exampleHeader = null;
    }
  }
  flush();
  return out;
}
