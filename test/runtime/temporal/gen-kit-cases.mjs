// Regenerates kit-cases.json from the openCypher kit's temporal features:
//   node test/runtime/temporal/gen-kit-cases.mjs /work/shared/tck/features/expressions/temporal
// Each scenario (and each Examples row of an outline) becomes {id, query, expected}, where the
// graph set-up (`CREATE (:L {p: e})` ... `MATCH (v:L)`) is folded into `WITH {p: e} AS v` so
// that the value-level evaluator in kit-literals.ts can run it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2] ?? '/work/shared/tck/features/expressions/temporal';
const out = join(dirname(fileURLToPath(import.meta.url)), 'kit-cases.json');

function cells(line) {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

function parseFeature(text, file) {
  const lines = text.split('\n');
  const scenarios = [];
  let cur = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const sm = /^Scenario(?: Outline)?:\s*(.*)$/.exec(line);
    if (sm) {
      cur = { name: `${file} ${sm[1]}`, setup: [], query: '', expected: null, examples: null, error: false };
      scenarios.push(cur);
      continue;
    }
    if (!cur) continue;
    const block = () => {
      const body = [];
      i += 2;
      while (lines[i].trim() !== '"""') body.push(lines[i++].trim());
      return body.join(' ');
    };
    const table = () => {
      const rows = [];
      while (i + 1 < lines.length && lines[i + 1].trim().startsWith('|')) rows.push(cells(lines[++i]));
      return rows;
    };
    if (/^And having executed:/.test(line)) cur.setup.push(block());
    else if (/^When executing control query:/.test(line)) {
      cur.setup.push(cur.query);
      cur.query = block();
    } else if (/^When executing query:/.test(line)) cur.query = block();
    else if (/^Then the result should be empty/.test(line)) cur.expected = null;
    else if (/^Then the result should be/.test(line)) cur.expected = table();
    else if (/^Then .*error/.test(line)) cur.error = true;
    else if (/^Examples:/.test(line)) cur.examples = table();
  }
  return scenarios;
}

function substitute(s, vars) {
  return s.replace(/<(\w+)>/g, (m, k) => (k in vars ? vars[k] : m));
}

/** Folds CREATE set-up and MATCH patterns into WITH bindings of maps. */
function fold(setup, query) {
  const nodes = new Map();
  for (const stmt of setup) {
    for (const c of stmt.split(/(?=CREATE)/)) {
      const m = /^CREATE\s*\((\w*)(?::(\w+))?\s*(\{.*\})\s*\)\s*$/.exec(c.trim());
      if (!m) throw new Error(`unsupported set-up: ${c}`);
      nodes.set(m[2] ?? '', m[3]);
    }
  }
  return query.replace(/MATCH\s+((?:\(\w+(?:\s*:\s*\w+)?\)\s*,?\s*)+)/g, (_, pats) => {
    const binds = [...pats.matchAll(/\((\w+)(?:\s*:\s*(\w+))?\)/g)].map(([, v, l]) => {
      if (!nodes.has(l ?? '')) throw new Error(`no node for ${l}`);
      return `${nodes.get(l ?? '')} AS ${v}`;
    });
    return `WITH ${binds.join(', ')} `;
  });
}

const cases = [];
for (const f of readdirSync(dir).filter((x) => x.endsWith('.feature')).sort()) {
  for (const sc of parseFeature(readFileSync(join(dir, f), 'utf8'), f.replace('.feature', ''))) {
    if (sc.error || !sc.expected) continue;
    const rows = sc.examples ? sc.examples.slice(1).map((r) => Object.fromEntries(sc.examples[0].map((h, k) => [h, r[k]]))) : [{}];
    rows.forEach((vars, n) => {
      const query = fold(sc.setup.map((s) => substitute(s, vars)), substitute(sc.query, vars)).replace(/\s+/g, ' ').trim();
      const expected = sc.expected.slice(1).map((r) => r.map((c) => substitute(c, vars)));
      cases.push({ id: sc.examples ? `${sc.name} #${n + 1}` : sc.name, query, expected });
    });
  }
}
writeFileSync(out, `[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
console.log(`${cases.length} cases -> ${out}`);
