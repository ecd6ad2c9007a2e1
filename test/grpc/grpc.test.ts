// The gRPC service over real sockets on a real server (real store, native auth), with a
// @grpc/grpc-js client loaded from the same quiver.proto: values (a property over the real
// protobuf encoding, then through queries), transactions, errors, auth, health, cancellation.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWire, PROTO_OPTIONS, protoPath, toWire, type WireValue } from '../../src/server/grpc/index.js';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { offsetZoneId } from '../../src/values/temporal-keys.js';
import { DateTimeValue, INT64_MAX, INT64_MIN, Temporal, type Value } from '../../src/values/types.js';
import { arbValue, NUM_RUNS } from '../support/arbitraries.js';
import { sameValue, show } from '../support/same-value.js';
import { tempDir } from '../support/tmp.js';

const PASSWORD = 'grpc-test-pass';
const defs = protoLoader.loadSync([protoPath('quiver.proto'), protoPath('health.proto')], PROTO_OPTIONS);
const pkg = grpc.loadPackageDefinition(defs) as any;

let server: RunningServer;
let cleanup: () => void;
let client: any;
let health: any;
const auth = new grpc.Metadata();
auth.set('authorization', `Basic ${Buffer.from(`neo4j:${PASSWORD}`).toString('base64')}`);

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir, boltPort: 0, httpPort: 0, grpcPort: 0, auth: 'native', initialPassword: PASSWORD, defaultMetrics: false, httpTxIdleTimeoutMs: 2000 });
  const addr = `127.0.0.1:${server.grpcPort}`;
  client = new pkg.quiver.v1.Quiver(addr, grpc.credentials.createInsecure());
  health = new pkg.grpc.health.v1.Health(addr, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client?.close();
  health?.close();
  await server?.stop();
  cleanup();
});

interface Collected {
  fields: string[];
  rows: WireValue[][];
  summary: any;
}

function collect(call: grpc.ClientReadableStream<any>): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const out: Collected = { fields: [], rows: [], summary: null };
    call.on('data', (ev: any) => {
      if (ev.header) out.fields = ev.header.fields ?? [];
      if (ev.records) for (const r of ev.records.records ?? []) out.rows.push(r.values ?? []);
      if (ev.summary) out.summary = ev.summary;
    });
    call.on('error', reject);
    call.on('end', () => resolve(out));
  });
}

const run = (query: string, parameters: Record<string, WireValue> = {}, extra: object = {}, md = auth) => collect(client.Run({ query, parameters, ...extra }, md));
const unary = (method: string, req: object, md = auth): Promise<any> =>
  new Promise((resolve, reject) => client[method](req, md, (err: unknown, res: unknown) => (err ? reject(err) : resolve(res))));

/** A datetime with a fixed offset travels as that offset: `UTC` comes back as `+00:00`. */
function offsetsAsOffsets(v: Value): Value {
  if (Array.isArray(v)) return (v as Value[]).map(offsetsAsOffsets);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, offsetsAsOffsets(x)]));
  if (v instanceof DateTimeValue && !v.namedZone) {
    return new DateTimeValue(new Temporal.ZonedDateTime(v.zoned.epochNanoseconds, offsetZoneId(v.zoned.offsetNanoseconds / 1e9)), false);
  }
  return v;
}

/** Graph values are results only; strings with lone surrogates have no UTF-8 form (protobuf strings are UTF-8). */
function hasGraph(v: Value): boolean {
  if (typeof v === 'string') return !(v as string & { isWellFormed(): boolean }).isWellFormed();
  if (Array.isArray(v)) return v.some(hasGraph);
  if (v instanceof Map) return [...v.keys()].some(hasGraph) || [...v.values()].some(hasGraph);
  const k = (v as { kind?: string } | null)?.kind;
  return k === 'Node' || k === 'Relationship' || k === 'Path';
}

describe('values', () => {
  it('every non-graph value survives the real protobuf encoding both ways, exactly', () => {
    const method = (defs['quiver.v1.Quiver'] as any).Run;
    fc.assert(
      fc.property(arbValue.filter((v) => !hasGraph(v)), (v) => {
        const bytes: Buffer = method.responseSerialize({ records: { records: [{ values: [toWire(v)] }] } });
        const back = method.responseDeserialize(bytes);
        const decoded = fromWire(back.records.records[0].values[0], 'x');
        if (!sameValue(decoded, offsetsAsOffsets(v))) throw new Error(`${show(v)} came back as ${show(decoded)}`);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('parameters and results through a query: integers exact, temporal, spatial, bytes, nested', async () => {
    const params = {
      max: toWire(INT64_MAX),
      min: toWire(INT64_MIN),
      f: toWire(1.5),
      s: toWire('é😀'),
      l: toWire([1n, 'two', [null, true]]),
      m: toWire(new Map<string, Value>([['k', 2.5]])),
    };
    const r = await run('RETURN $max AS max, $min AS min, $f AS f, $s AS s, $l AS l, $m AS m, date("2024-02-29") AS d, datetime("2024-01-01T10:00:00[Europe/Paris]") AS dt, point({x: 1, y: 2}) AS p, duration("P1Y2M3DT4.5S") AS dur', params);
    expect(r.fields).toEqual(['max', 'min', 'f', 's', 'l', 'm', 'd', 'dt', 'p', 'dur']);
    const row = r.rows[0]!.map((w, i) => fromWire(w, String(i)));
    expect(row.slice(0, 4)).toEqual([INT64_MAX, INT64_MIN, 1.5, 'é😀']);
    expect(sameValue(row[4]!, [1n, 'two', [null, true]])).toBe(true);
    expect(String(row[6])).toBe('2024-02-29');
    expect(row[7]).toMatchObject({ namedZone: true });
    expect(String(row[7])).toMatch(/^2024-01-01T10:00(:00)?\+01:00\[Europe\/Paris\]$/);
    expect(row[8]).toMatchObject({ srid: 7203, x: 1, y: 2 });
    expect(r.rows[0]![9]).toEqual({ kind: 'duration', duration: { months: '14', days: '3', seconds: '4', nanoseconds: 500000000 } });
    expect(r.summary).toMatchObject({ query_type: 'r', database: 'neo4j' });
  });

  it('nodes, relationships and paths carry ids, element ids, labels, types and properties', async () => {
    const r = await run('CREATE p = (a:G1 {n: 1})-[r:LINK {w: 2}]->(b:G2) RETURN a, r, p');
    const [a, rel, path] = r.rows[0]!;
    expect(a!.node).toMatchObject({ labels: ['G1'], properties: { n: { kind: 'integer', integer: '1' } } });
    expect((a!.node as any).element_id).toMatch(/^4:/);
    expect(rel!.relationship).toMatchObject({ type: 'LINK', start_node_id: (a!.node as any).id });
    expect((path!.path as any).nodes).toHaveLength(2);
    expect((path!.path as any).relationships[0].type).toBe('LINK');
    expect(r.summary.counters).toMatchObject({ contains_updates: true, nodes_created: '2', relationships_created: '1' });
    expect(r.summary.bookmark).not.toBe('');
  });

  it('a bad parameter is INVALID_ARGUMENT naming it', async () => {
    await expect(run('RETURN $x', { x: { local_time: { nanosecond_of_day: '99999999999999' } } })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringContaining('$x') });
    await expect(run('RETURN $x', { x: { list: { values: [{ node: { id: '1' } }] } } })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringContaining('$x[0]') });
    await expect(run('RETURN $x', { x: { point: { srid: 1234, x: 1, y: 2 } } })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });
});

describe('transactions', () => {
  it('Begin, RunInTransaction, Commit: isolated until commit; Rollback discards', async () => {
    const tx = await unary('Begin', { database: 'NEO4J' });
    expect(tx.database).toBe('neo4j');
    expect(Number(tx.expires_epoch_ms)).toBeGreaterThan(Date.now());
    const inTx = await collect(client.RunInTransaction({ transaction_id: tx.transaction_id, query: 'CREATE (:GrpcTx) WITH 1 AS x MATCH (n:GrpcTx) RETURN count(n) AS c' }, auth));
    expect(fromWire(inTx.rows[0]![0]!, 'c')).toBe(1n);
    const outside = await run('MATCH (n:GrpcTx) RETURN count(n) AS c');
    expect(fromWire(outside.rows[0]![0]!, 'c')).toBe(0n);
    const done = await unary('Commit', { transaction_id: tx.transaction_id });
    expect(done.bookmark).not.toBe('');
    expect(fromWire((await run('MATCH (n:GrpcTx) RETURN count(n) AS c')).rows[0]![0]!, 'c')).toBe(1n);
    await expect(unary('Commit', { transaction_id: tx.transaction_id })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });

    const tx2 = await unary('Begin', {});
    await collect(client.RunInTransaction({ transaction_id: tx2.transaction_id, query: 'CREATE (:GrpcTx)' }, auth));
    await unary('Rollback', { transaction_id: tx2.transaction_id });
    expect(fromWire((await run('MATCH (n:GrpcTx) RETURN count(n) AS c')).rows[0]![0]!, 'c')).toBe(1n);
  });

  it('an idle transaction expires; a failed statement fails the transaction', async () => {
    const tx = await unary('Begin', {});
    await expect(collect(client.RunInTransaction({ transaction_id: tx.transaction_id, query: 'RETURN 1/0' }, auth))).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(unary('Commit', { transaction_id: tx.transaction_id })).rejects.toMatchObject({ details: expect.stringMatching(/^Neo\.ClientError\.Transaction\./) });
    const idle = await unary('Begin', {});
    await new Promise((r) => setTimeout(r, 2500));
    await expect(unary('Commit', { transaction_id: idle.transaction_id })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });
});

describe('errors and auth', () => {
  it('statement errors carry the Neo4j code in details and trailers', async () => {
    const err: any = await run('RETURN RETURN').catch((e) => e);
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^Neo\.ClientError\.Statement\.SyntaxError: /);
    expect(err.metadata.get('neo4j-code')).toEqual(['Neo.ClientError.Statement.SyntaxError']);
    await expect(run('RETURN 1', {}, { database: 'nosuchdb' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: expect.stringContaining('DatabaseNotFound') });
    await expect(run('CREATE (:ReadOnly)', {}, { access_mode: 'READ' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
  });

  it('calls need credentials: none or wrong is UNAUTHENTICATED; a bearer token works', async () => {
    await expect(run('RETURN 1', {}, {}, new grpc.Metadata())).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    const wrong = new grpc.Metadata();
    wrong.set('authorization', `Basic ${Buffer.from('neo4j:nope').toString('base64')}`);
    await expect(run('RETURN 1', {}, {}, wrong)).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    const res = await fetch(`http://127.0.0.1:${server.httpPort}/auth/token`, { method: 'POST', headers: { authorization: auth.get('authorization')[0] as string } });
    const { token } = (await res.json()) as { token: string };
    const bearer = new grpc.Metadata();
    bearer.set('authorization', `Bearer ${token}`);
    expect(fromWire((await run('RETURN 7 AS x', {}, {}, bearer)).rows[0]![0]!, 'x')).toBe(7n);
  });

  it('the same privileges as Bolt: a reader may read, not write (PERMISSION_DENIED with Forbidden)', async () => {
    await run("CREATE USER grpc_reader SET PASSWORD 'reader-pass-1' CHANGE NOT REQUIRED", {}, { database: 'system' });
    await run('GRANT ROLE reader TO grpc_reader', {}, { database: 'system' });
    const md = new grpc.Metadata();
    md.set('authorization', `Basic ${Buffer.from('grpc_reader:reader-pass-1').toString('base64')}`);
    expect(fromWire((await run('MATCH (n) RETURN count(n) >= 0 AS ok', {}, {}, md)).rows[0]![0]!, 'ok')).toBe(true);
    const denied: any = await run('CREATE (:NotAllowed)', {}, {}, md).catch((e) => e);
    expect(denied.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(denied.metadata.get('neo4j-code')).toEqual(['Neo.ClientError.Security.Forbidden']);
    expect(fromWire((await run('MATCH (n:NotAllowed) RETURN count(n) AS c')).rows[0]![0]!, 'c')).toBe(0n);
  });

  it('health answers SERVING for the server and NOT_FOUND for unknown services', async () => {
    const check = (service: string) => new Promise<any>((resolve, reject) => health.Check({ service }, (e: unknown, r: unknown) => (e ? reject(e) : resolve(r))));
    expect(await check('')).toEqual({ status: 'SERVING' });
    expect(await check('quiver.v1.Quiver')).toEqual({ status: 'SERVING' });
    await expect(check('nope.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });
});

describe('streaming', () => {
  it('streams a large result in batches and honours a slow reader', async () => {
    const call = client.Run({ query: 'UNWIND range(1, 100000) AS x RETURN x' }, auth);
    let batches = 0;
    let rows = 0;
    let last: WireValue | undefined;
    await new Promise<void>((resolve, reject) => {
      call.on('data', (ev: any) => {
        if (!ev.records) return;
        batches++;
        rows += ev.records.records.length;
        last = ev.records.records.at(-1).values[0];
        if (batches === 2) {
          call.pause();
          setTimeout(() => call.resume(), 300);
        }
      });
      call.on('error', reject);
      call.on('end', resolve);
    });
    expect(rows).toBe(100000);
    expect(batches).toBeGreaterThanOrEqual(100);
    expect(fromWire(last!, 'x')).toBe(100000n);
  });

  it('a client that cancels its call cancels the query; the server carries on', async () => {
    // A query only ends up in quiver_queries_total once it has stopped; this one would take hours.
    const ended = async (): Promise<number> => {
      const text = await (await fetch(`http://127.0.0.1:${server.httpPort}/metrics`)).text();
      return [...text.matchAll(/^quiver_queries_total\{database="neo4j",type="",outcome="[a-z_]+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    };
    const before = await ended();
    const call = client.Run({ query: 'UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS c' }, auth);
    const err = new Promise<any>((resolve) => call.on('error', resolve));
    setTimeout(() => call.cancel(), 200);
    expect((await err).code).toBe(grpc.status.CANCELLED);
    const deadline = Date.now() + 5000;
    while ((await ended()) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await ended()).toBe(before + 1);
    expect(fromWire((await run('RETURN 1 AS one')).rows[0]![0]!, 'one')).toBe(1n);
  });
});
