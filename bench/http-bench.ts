// `npm run bench:http` — the HTTP transactional API under load (issue 6): single-statement
// `POST /db/neo4j/tx/commit` requests per second from 16 concurrent clients on keep-alive
// connections, against `quiver serve` in its own process with native auth (Basic credentials on
// every request, as clients send them), next to a bare fastify route returning a constant JSON
// body (bench/bare-fastify-server.ts) measured in the same run. Target: at least 50% of the bare
// route's rate. Also the Query API v2 and a streamed 100,000-row result, for the record.
// Writes bench/results/http-<date>.json and prints a markdown table.
//
//   node dist/bench/http-bench.js [--seconds 5] [--clients 16] [--warmup-ms 2000]
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { args, publish, Table } from './lib.js';
import { freePort } from './suite/server-process.js';

const a = args();
const SECONDS = Number(a.get('seconds') ?? 5);
const CLIENTS = Number(a.get('clients') ?? 16);
const WARMUP_MS = Number(a.get('warmup-ms') ?? 2000);
const PASSWORD = 'bench-password';
const AUTH = `Basic ${Buffer.from(`neo4j:${PASSWORD}`).toString('base64')}`;

const here = fileURLToPath(new URL('.', import.meta.url)); // dist/bench/
const root = resolve(here, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


async function startQuiver(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(root, 'bin/quiver.js'), 'serve', '--data-dir', dataDir, '--initial-password', PASSWORD, '--bolt-port', String(await freePort()), '--http-port', String(port), '--grpc-port', '0'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready');
    await sleep(100);
  }
  return { child, port };
}

async function startBare(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(here, 'bare-fastify-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((res, rej) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) res((JSON.parse(text.slice(0, nl)) as { port: number }).port);
    });
    child.once('exit', (c) => rej(new Error(`bare server exited with ${c}`)));
  });
  return { child, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function post(agent: Agent, port: number, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      r.on('error', rej);
    });
    req.on('error', rej);
    req.end(body);
  });
}

/** Requests per second from CLIENTS loops, each awaiting its response before sending the next. */
async function rate(port: number, path: string, body: string, headers: Record<string, string>, check: (b: string) => void): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const first = await post(agent, port, path, body, headers);
  check(first.body);
  const run = async (ms: number): Promise<number> => {
    let n = 0;
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end) {
          const r = await post(agent, port, path, body, headers);
          if (r.status >= 300) throw new Error(`HTTP ${r.status}: ${r.body}`);
          n++;
        }
      }),
    );
    return n;
  };
  await run(WARMUP_MS);
  const t = performance.now();
  const n = await run(SECONDS * 1000);
  agent.destroy();
  return n / ((performance.now() - t) / 1000);
}

const table = new Table();
const dir = mkdtempSync(join(tmpdir(), 'quiver-http-bench-'));
const quiver = await startQuiver(dir);
const bare = await startBare();
try {
  const txBody = JSON.stringify({ statements: [{ statement: 'RETURN 1' }] });
  const headers = { authorization: AUTH };
  const okTx = (b: string) => {
    const j = JSON.parse(b) as { errors: unknown[]; results: { data: { row: unknown[] }[] }[] };
    if (j.errors.length > 0 || j.results[0]!.data[0]!.row[0] !== 1) throw new Error(`unexpected answer: ${b}`);
  };
  const bareRate = await rate(bare.port, '/db/neo4j/tx/commit', txBody, {}, okTx);
  const txRate = await rate(quiver.port, '/db/neo4j/tx/commit', txBody, headers, okTx);
  table.add(`tx/commit RETURN 1, ${CLIENTS} clients, keep-alive`, 'req/s', txRate, bareRate, 'bare fastify route', 'higher', '>= 0.5 of bare route');

  const qBody = JSON.stringify({ statement: 'RETURN 1' });
  const qRate = await rate(quiver.port, '/db/neo4j/query/v2', qBody, headers, (b) => {
    if ((JSON.parse(b) as { data: { values: unknown[][] } }).data.values[0]![0] !== 1) throw new Error(`unexpected answer: ${b}`);
  });
  table.add(`query/v2 RETURN 1, ${CLIENTS} clients, keep-alive`, 'req/s', qRate, bareRate, 'bare fastify route', 'higher', 'recorded');

  const agent = new Agent({ keepAlive: true });
  const bigBody = JSON.stringify({ statements: [{ statement: 'UNWIND range(1, 100000) AS x RETURN x' }] });
  await post(agent, quiver.port, '/db/neo4j/tx/commit', bigBody, headers);
  const t = performance.now();
  const big = await post(agent, quiver.port, '/db/neo4j/tx/commit', bigBody, headers);
  const rowsPerSec = 100_000 / ((performance.now() - t) / 1000);
  if ((JSON.parse(big.body) as { results: { data: unknown[] }[] }).results[0]!.data.length !== 100_000) throw new Error('short result');
  agent.destroy();
  table.add('tx/commit streaming 100,000 rows', 'rows/s', rowsPerSec, rowsPerSec, '(no peer)', 'higher', 'recorded');
} finally {
  await stop(quiver.child);
  await stop(bare.child);
  rmSync(dir, { recursive: true, force: true });
}
publish('http', table, { seconds: SECONDS, clients: CLIENTS, auth: 'native (Basic on every request)' });
