// `npm run bench:grpc` — rows per second streaming `UNWIND range(1, 1000000) AS i RETURN i` over
// the gRPC service (issue 13), next to the same query over Bolt through neo4j-driver (fetch size
// 1000), both against one `quiver serve` process started for the run; the client is this process.
// Writes bench/results/grpc-<date>.json and prints a markdown table.
//
//   node dist/bench/grpc-bench.js [--rows 1000000] [--repeat 3]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import neo4j from 'neo4j-driver';
import { PROTO_OPTIONS, protoPath } from '../src/server/grpc/index.js';
import { args, publish, Table } from './lib.js';
import { freePort } from './suite/server-process.js';

const a = args();
const ROWS = Number(a.get('rows') ?? 1_000_000);
const REPEAT = Number(a.get('repeat') ?? 3);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const QUERY = `UNWIND range(1, ${ROWS}) AS i RETURN i`;


async function start(dataDir: string): Promise<{ child: ChildProcess; bolt: number; grpcPort: number }> {
  const [bolt, http, grpcPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(root, 'bin/quiver.js'), 'serve', '--data-dir', dataDir, '--auth', 'none', '--bolt-port', String(bolt), '--http-port', String(http), '--grpc-port', String(grpcPort)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${http}/health/ready`)).status === 200) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, bolt, grpcPort };
}

const dir = mkdtempSync(join(tmpdir(), 'quiver-grpc-bench-'));
const server = await start(dir);
const table = new Table();
try {
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync([protoPath('quiver.proto')], PROTO_OPTIONS)) as any;
  const client = new pkg.quiver.v1.Quiver(`127.0.0.1:${server.grpcPort}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
  const grpcOnce = () =>
    new Promise<number>((res, rej) => {
      let rows = 0;
      const t = performance.now();
      const call = client.Run({ query: QUERY });
      call.on('data', (ev: any) => {
        if (ev.records) rows += ev.records.records.length;
      });
      call.on('error', rej);
      call.on('end', () => {
        if (rows !== ROWS) rej(new Error(`got ${rows} rows`));
        res(ROWS / ((performance.now() - t) / 1000));
      });
    });
  const driver = neo4j.driver(`bolt://127.0.0.1:${server.bolt}`, neo4j.auth.basic('x', 'y'), { logging: { level: 'error', logger: () => {} } });
  const boltOnce = async () => {
    const s = driver.session({ fetchSize: 1000 });
    const t = performance.now();
    let rows = 0;
    await new Promise<void>((res, rej) => s.run(QUERY).subscribe({ onNext: () => void rows++, onCompleted: () => res(), onError: rej }));
    await s.close();
    if (rows !== ROWS) throw new Error(`got ${rows} rows`);
    return ROWS / ((performance.now() - t) / 1000);
  };
  await grpcOnce();
  await boltOnce();
  let bestGrpc = 0;
  let bestBolt = 0;
  for (let i = 0; i < REPEAT; i++) {
    bestGrpc = Math.max(bestGrpc, await grpcOnce());
    bestBolt = Math.max(bestBolt, await boltOnce());
  }
  client.close();
  await driver.close();
  table.add(`stream ${ROWS.toLocaleString()} rows (best of ${REPEAT})`, 'rows/s', bestGrpc, bestBolt, 'Bolt, neo4j-driver, fetch size 1000', 'higher', 'recorded');
} finally {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
publish('grpc', table, { rows: ROWS, repeat: REPEAT });
