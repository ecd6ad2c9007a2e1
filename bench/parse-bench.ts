// Cypher parse throughput: a mixed corpus (openCypher kit queries and typical OLTP statements),
// reported as parses per second next to JSON.parse of a document of the same size in the same run.
// Run: npm run bench:parse [-- --ms 2000] (measurement time per corpus and peer).
// Writes bench/results/parse-<date>.json and prints a markdown table.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../src/cypher/index.js';
import { loadKit } from '../test/cypher/kit.js';
import { args } from './lib.js';

const MS = Number(args().get('ms') ?? 2_000);

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'tsconfig.json'))) return dir;
    dir = dirname(dir);
  }
  return resolve('.');
}

/** Statements an OLTP application sends over Bolt, all under 200 characters. */
const OLTP = [
  'MATCH (p:Person {id: $id}) RETURN p',
  'MATCH (p:Person {id: $id})-[:KNOWS]->(f) RETURN count(f)',
  'MATCH (p:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(fof) RETURN count(DISTINCT fof)',
  'MATCH (n:Person) WHERE n.age > $age AND n.name STARTS WITH $prefix RETURN n.name, n.age ORDER BY n.age DESC LIMIT 10',
  'UNWIND $batch AS row CREATE (:Person {id: row.id, name: row.name, age: row.age})',
  'UNWIND $rows AS r MATCH (a:Person {id: r.from}), (b:Person {id: r.to}) CREATE (a)-[:KNOWS {since: r.since}]->(b)',
  'MERGE (u:User {email: $email}) ON CREATE SET u.created = timestamp() ON MATCH SET u.seen = timestamp() RETURN u',
  'MATCH (o:Order {id: $id}) FROM DATABASE sales RETURN o.total, o.items',
  'MATCH (u:User {id: $id}) SET u += $props RETURN u',
  'MATCH (u:User {id: $id}) DETACH DELETE u',
  'MATCH (p:Person) RETURN p.age AS age, count(*) AS n ORDER BY n DESC',
  'MATCH (a:Account {id: $id})-[t:TRANSFER]->(b) WHERE t.amount > $min RETURN b.id, sum(t.amount) AS total',
  'MATCH (n:Product) WHERE n.price >= $lo AND n.price < $hi RETURN n {.id, .name, .price} ORDER BY n.price SKIP $skip LIMIT $limit',
  'CALL { MATCH (n:Person) RETURN n.name AS name UNION ALL MATCH (n:Company) RETURN n.name AS name } RETURN name',
  'MATCH (n) WHERE EXISTS { (n)-[:OWNS]->(:Car) } RETURN n.name, COUNT { (n)-[:KNOWS]->() } AS friends',
  'SHOW DATABASES YIELD name, currentStatus WHERE currentStatus = "online"',
  "ALTER DATABASE tenant_a SET LIMIT max_nodes = 1000000, max_query_time = '60s'",
];

function rate(fn: () => void, minMs: number): { ops: number; ms: number } {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    t = performance.now();
  }
  return { ops: n, ms: t - t0 };
}

/** Parses/s over a corpus, and JSON.parse/s of JSON documents holding the same statements. */
function measure(corpus: readonly string[], ms: number): { parses: number; json: number; meanChars: number } {
  const meanChars = Math.round(corpus.reduce((s, q) => s + q.length, 0) / corpus.length);
  let i = 0;
  // Warm up until the JIT has settled on this corpus.
  rate(() => {
    parse(corpus[i++ % corpus.length]!);
  }, 1_000);
  const p = rate(() => {
    parse(corpus[i++ % corpus.length]!);
  }, ms);
  // The same text as a JSON document ({"statement": ..., "parameters": ...}): a same-size peer.
  const docs = corpus.map((q) => JSON.stringify({ statement: q, parameters: { id: 1 } }));
  let j = 0;
  const js = rate(() => {
    JSON.parse(docs[j++ % docs.length]!);
  }, ms);
  return { parses: Math.round((p.ops / p.ms) * 1000), json: Math.round((js.ops / js.ms) * 1000), meanChars };
}

const kit = loadKit();
const kitQueries = kit === null ? [] : [...new Set(kit.filter((q) => q.expectSyntaxError === null).map((q) => q.text))];
const short = kitQueries.filter((q) => q.length < 200);
const rows = [
  { corpus: 'OLTP statements (<200 chars)', queries: OLTP },
  { corpus: 'kit queries <200 chars', queries: short },
  { corpus: 'mixed: kit <200 + OLTP', queries: [...short, ...OLTP] },
  { corpus: 'all kit queries', queries: kitQueries },
].filter((r) => r.queries.length > 0);

const results = rows.map((r) => ({ corpus: r.corpus, statements: r.queries.length, ...measure(r.queries, MS) }));
const date = new Date().toISOString().slice(0, 10);
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  target: '>= 20000 parses/s for statements under 200 characters',
  results: results.map((r) => ({ ...r, ratioToJsonParse: +(r.parses / r.json).toFixed(4) })),
};
const dir = process.env['QUIVER_BENCH_RESULTS'] ?? join(repoRoot(), 'bench', 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `parse-${date}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

console.log('| corpus | statements | mean chars | parses/s | JSON.parse/s (same-size docs) | parse / JSON.parse |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of report.results) {
  console.log(`| ${r.corpus} | ${r.statements} | ${r.meanChars} | ${r.parses.toLocaleString('en')} | ${r.json.toLocaleString('en')} | ${(r.ratioToJsonParse * 100).toFixed(1)}% |`);
}
console.log(`\n${report.node}, ${report.cpus} x ${report.cpuModel}; wrote ${file}`);
