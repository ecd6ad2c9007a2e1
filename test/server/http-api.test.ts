// The HTTP APIs over real sockets on a real server (real store on disk, native auth): the
// transactional API, the Query API v2, Jolt, auth, metrics, bad input, and agreement with Bolt.
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/server.js';
import { tempDir } from '../support/tmp.js';

const PASSWORD = 'http-test-pass';
const AUTH = `Basic ${Buffer.from(`neo4j:${PASSWORD}`).toString('base64')}`;

let server: RunningServer;
let cleanup: () => void;
let base: string;
let driver: Driver;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  server = await startServer({
    dataDir: dir,
    boltPort: 0,
    httpPort: 0,
    auth: 'native',
    initialPassword: PASSWORD,
    httpTxIdleTimeoutMs: 700,
    httpMaxBodyBytes: 4096,
    authRateLimit: { maxFailedAttempts: 2, lockMs: 60_000 },
    defaultMetrics: false,
  });
  base = `http://127.0.0.1:${server.httpPort}`;
  driver = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.basic('neo4j', PASSWORD), { disableLosslessIntegers: true });
});

afterAll(async () => {
  await driver?.close();
  await server?.stop();
  cleanup();
});

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const init: RequestInit = { method, headers: { authorization: AUTH, 'content-type': 'application/json', accept: 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${base}${path}`, init);
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

const commit = (statements: unknown[], headers?: Record<string, string>) => http('POST', '/db/neo4j/tx/commit', { statements }, headers);

async function boltCount(label: string): Promise<number> {
  const r = await driver.executeQuery(`MATCH (n:${label}) RETURN count(n) AS c`);
  return r.records[0]!.get('c') as number;
}

describe('transactional API', () => {
  it('runs statements in one committed transaction, with row, meta, graph and stats', async () => {
    const r = await commit([
      { statement: 'CREATE (a:HttpPerson {name: $name, age: $age})-[r:KNOWS {since: 2020}]->(b:HttpPerson {name: "Bob"}) RETURN a, r, b, a.age AS age', parameters: { name: 'Ann', age: 41 }, resultDataContents: ['row', 'graph'], includeStats: true },
      { statement: 'RETURN 1.0 AS f, 1 AS i, [1, "x", null] AS l, {k: true} AS m' },
    ]);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(Object.keys(r.json)).toEqual(['results', 'errors', 'lastBookmarks']);
    expect(r.json.errors).toEqual([]);
    const [first, second] = r.json.results;
    expect(first.columns).toEqual(['a', 'r', 'b', 'age']);
    expect(first.data[0].row).toEqual([{ name: 'Ann', age: 41 }, { since: 2020 }, { name: 'Bob' }, 41]);
    expect(first.data[0].meta[0]).toMatchObject({ type: 'node', deleted: false });
    expect(first.data[0].meta[0].elementId).toMatch(/^4:/);
    expect(first.data[0].meta[1]).toMatchObject({ type: 'relationship', deleted: false });
    expect(first.data[0].meta[3]).toBeNull();
    expect(first.data[0].graph.nodes).toHaveLength(2);
    expect(first.data[0].graph.relationships[0]).toMatchObject({ type: 'KNOWS', properties: { since: 2020 } });
    expect(typeof first.data[0].graph.nodes[0].id).toBe('string');
    expect(first.stats).toMatchObject({ contains_updates: true, nodes_created: 2, relationships_created: 1, properties_set: 4, labels_added: 2, relationship_deleted: 0 });
    expect(second.data[0].row).toEqual([1, 1, [1, 'x', null], { k: true }]);
    expect(r.json.lastBookmarks).toHaveLength(1);
    expect(await boltCount('HttpPerson')).toBe(2);
  });

  it('an open transaction is isolated from a concurrent Bolt reader until it commits', async () => {
    const begin = await http('POST', '/db/neo4j/tx', { statements: [{ statement: 'CREATE (:Isolated {n: 1})' }] });
    expect(begin.status).toBe(201);
    const location = begin.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${base}/db/neo4j/tx/\\d+$`));
    expect(begin.json.commit).toBe(`${location}/commit`);
    expect(new Date(begin.json.transaction.expires).getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(begin.json.errors).toEqual([]);
    const path = new URL(location).pathname;

    const more = await http('POST', path, { statements: [{ statement: 'CREATE (:Isolated {n: 2}) WITH 1 AS x MATCH (i:Isolated) RETURN count(i) AS c' }] });
    expect(more.status).toBe(200);
    expect(more.json.results[0].data[0].row).toEqual([2]);
    expect(await boltCount('Isolated')).toBe(0);

    const keepAlive = await http('POST', path, { statements: [] });
    expect(keepAlive.status).toBe(200);
    expect(keepAlive.json.transaction).toBeDefined();

    const done = await http('POST', `${path}/commit`, { statements: [] });
    expect(done.status).toBe(200);
    expect(done.json.errors).toEqual([]);
    expect(done.json.lastBookmarks).toHaveLength(1);
    expect(done.json.transaction).toBeUndefined();
    expect(await boltCount('Isolated')).toBe(2);
    // Gone once committed.
    const again = await http('POST', path, { statements: [] });
    expect(again.status).toBe(404);
    expect(again.json.errors[0].code).toBe('Neo.ClientError.Transaction.TransactionNotFound');
  });

  it('DELETE rolls back; the id is then unknown', async () => {
    const begin = await http('POST', '/db/neo4j/tx', { statements: [{ statement: 'CREATE (:RolledBack)' }] });
    const path = new URL(begin.headers.get('location')!).pathname;
    const del = await http('DELETE', path);
    expect(del.status).toBe(200);
    expect(del.json).toEqual({ results: [], errors: [] });
    expect(await boltCount('RolledBack')).toBe(0);
    expect((await http('DELETE', path)).status).toBe(404);
  });

  it('an idle transaction expires and is rolled back', async () => {
    const begin = await http('POST', '/db/neo4j/tx', { statements: [{ statement: 'CREATE (:Expired)' }] });
    const path = new URL(begin.headers.get('location')!).pathname;
    await new Promise((r) => setTimeout(r, 1200));
    const late = await http('POST', `${path}/commit`, { statements: [] });
    expect(late.status).toBe(404);
    expect(late.json.errors[0]).toEqual({ code: 'Neo.ClientError.Transaction.TransactionNotFound', message: expect.stringContaining('timed out') });
    expect(await boltCount('Expired')).toBe(0);
  });

  it('a statement error mid-transaction answers 200 with errors and rolls everything back', async () => {
    const begin = await http('POST', '/db/neo4j/tx', { statements: [{ statement: 'CREATE (:Doomed)' }] });
    const path = new URL(begin.headers.get('location')!).pathname;
    const bad = await http('POST', path, { statements: [{ statement: 'CREATE (:Doomed)' }, { statement: 'RETURN 1/0 AS boom' }, { statement: 'CREATE (:Doomed)' }] });
    expect(bad.status).toBe(200);
    expect(bad.json.errors).toEqual([{ code: 'Neo.ClientError.Statement.ArithmeticError', message: expect.any(String) }]);
    expect(bad.json.transaction).toBeUndefined();
    expect(bad.json.commit).toBeUndefined();
    expect(bad.json.results).toHaveLength(2);
    expect((await http('POST', `${path}/commit`, { statements: [] })).status).toBe(404);
    expect(await boltCount('Doomed')).toBe(0);

    const syntax = await commit([{ statement: 'CREATE (:Doomed)' }, { statement: 'THIS IS NOT CYPHER' }]);
    expect(syntax.status).toBe(200);
    expect(syntax.json.errors[0].code).toBe('Neo.ClientError.Statement.SyntaxError');
    expect(syntax.json.lastBookmarks).toBeUndefined();
    expect(await boltCount('Doomed')).toBe(0);
  });

  it('Access-Mode READ refuses writes; Bookmarks and max-execution-time are checked', async () => {
    const r = await commit([{ statement: 'CREATE (:ReadOnly)' }], { 'access-mode': 'READ' });
    expect(r.status).toBe(200);
    expect(r.json.errors).toHaveLength(1);
    expect(await boltCount('ReadOnly')).toBe(0);
    expect((await commit([{ statement: 'RETURN 1' }], { 'access-mode': 'SIDEWAYS' })).status).toBe(400);
    expect((await commit([{ statement: 'RETURN 1' }], { bookmarks: 'not json' })).json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');
    const ok = await commit([{ statement: 'RETURN 1' }], { bookmarks: JSON.stringify(['quiver:x']), 'max-execution-time': '5000' });
    expect(ok.json.errors).toEqual([]);
    const slow = await commit([{ statement: 'UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a WHERE a < 0 RETURN count(a)' }], { 'max-execution-time': '50' });
    expect(slow.json.errors[0].code).toBe('Neo.ClientError.Transaction.TransactionTimedOut');
  });

  it('answers bad requests as Neo4j does, and stays up', async () => {
    const invalid = await http('POST', '/db/neo4j/tx/commit', '{"statements": [');
    expect(invalid.status).toBe(200);
    expect(invalid.json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');

    const firstKey = await http('POST', '/db/neo4j/tx/commit', { foo: 1, statements: [] });
    expect(firstKey.json.errors[0]).toMatchObject({ code: 'Neo.ClientError.Request.InvalidFormat', message: expect.stringContaining("'statements'") });

    const notList = await http('POST', '/db/neo4j/tx/commit', { statements: 'RETURN 1' });
    expect(notList.json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');
    const noStatement = await http('POST', '/db/neo4j/tx/commit', { statements: [{ query: 'RETURN 1' }] });
    expect(noStatement.json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');
    const badParams = await http('POST', '/db/neo4j/tx/commit', { statements: [{ statement: 'RETURN $x', parameters: [1] }] });
    expect(badParams.json.errors[0].code).toMatch(/^Neo\.ClientError\./);

    const empty = await http('POST', '/db/neo4j/tx/commit', '');
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ results: [], errors: [] });

    const wrongType = await http('POST', '/db/neo4j/tx/commit', 'statements=x', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');

    const huge = await http('POST', '/db/neo4j/tx/commit', { statements: [{ statement: `RETURN '${'x'.repeat(5000)}'` }] });
    expect(huge.status).toBe(413);
    expect(huge.json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');

    const unknownDb = await commit.call(null, [{ statement: 'RETURN 1' }]).then(() => http('POST', '/db/nosuchdb/tx/commit', { statements: [] }));
    expect(unknownDb.status).toBe(404);
    expect(unknownDb.json.errors[0].code).toBe('Neo.ClientError.Database.DatabaseNotFound');

    const unknownTx = await http('POST', '/db/neo4j/tx/999999/commit', { statements: [] });
    expect(unknownTx.status).toBe(404);
    const junkTx = await http('DELETE', '/db/neo4j/tx/abc');
    expect(junkTx.status).toBe(404);

    // Integers stay integers and floats floats, beyond 2^53 too.
    const exact = await commit([{ statement: 'RETURN $i + 1 AS i, $f AS f', parameters: { i: 1, f: 1.5 } }]);
    expect(exact.json.results[0].data[0].row).toEqual([2, 1.5]);
    // Raw JSON text: JavaScript's own JSON.stringify would already have lost 1.0 and the last digit.
    const types = await http('POST', '/db/neo4j/tx/commit', '{"statements":[{"statement":"RETURN valueType($i) AS a, valueType($f) AS b, toString($big) AS c","parameters":{"i":1,"f":1.0,"big":9007199254740993}}]}');
    expect(types.json.results[0].data[0].row).toEqual(['INTEGER NOT NULL', 'FLOAT NOT NULL', '9007199254740993']);

    expect((await commit([{ statement: 'RETURN 42 AS answer' }])).json.results[0].data[0].row).toEqual([42]);
  });

  it('streams a large result instead of building it in memory', async () => {
    const res = await fetch(`${base}/db/neo4j/tx/commit`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ statements: [{ statement: 'UNWIND range(1, 200000) AS x RETURN x, "row " + x AS s' }] }),
    });
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const body: any = await res.json();
    expect(body.results[0].data).toHaveLength(200000);
    expect(body.results[0].data[199999].row).toEqual([200000, 'row 200000']);
    expect(body.errors).toEqual([]);
  });

  it('speaks Jolt v1 and v2, line-delimited and json-seq, sparse and strict', async () => {
    const st = { statements: [{ statement: 'CREATE (n:JoltNode {x: 1}) RETURN n, 1 AS i, 2.5 AS f, "s" AS s, true AS b, [1] AS l', includeStats: true }] };
    const v2 = await http('POST', '/db/neo4j/tx/commit', st, { accept: 'application/vnd.neo4j.jolt-v2' });
    expect(v2.status).toBe(200);
    const events = v2.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.keys(events[0])).toEqual(['header']);
    expect(events[0].header.fields).toEqual(['n', 'i', 'f', 's', 'b', 'l']);
    const node = events[1].data[0]['()'];
    expect(typeof node[0]).toBe('string');
    expect(node[1]).toEqual(['JoltNode']);
    expect(events[2].summary.stats.nodes_created).toBe(1);
    expect(Object.keys(events[3])).toEqual(['info']);
    expect(events[3].info.lastBookmarks).toHaveLength(1);

    const v1 = await http('POST', '/db/neo4j/tx/commit', { statements: [{ statement: 'MATCH (n:JoltNode) RETURN n' }] }, { accept: 'application/vnd.neo4j.jolt+json-seq' });
    const seq = v1.text.split('\u001e').filter((s) => s !== '');
    expect(seq.every((s) => s.endsWith('\n'))).toBe(true);
    const v1node = JSON.parse(seq[1]!).data[0]['()'];
    expect(typeof v1node[0]).toBe('number');

    const strict = await http('POST', '/db/neo4j/tx/commit', { statements: [{ statement: 'RETURN "s" AS s, true AS b' }] }, { accept: 'application/vnd.neo4j.jolt-v2;strict=true' });
    const data = strict.text.trim().split('\n').map((l) => JSON.parse(l))[1].data;
    expect(data).toEqual([{ U: 's' }, { '?': 'true' }]);

    const err = await http('POST', '/db/neo4j/tx/commit', { statements: [{ statement: 'RETURN 1/0' }] }, { accept: 'application/vnd.neo4j.jolt-v2' });
    const errEvents = err.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(errEvents.some((e) => e.error?.errors[0].code === 'Neo.ClientError.Statement.ArithmeticError')).toBe(true);
  });
});

describe('Query API v2', () => {
  const query = (db: string, body: unknown, headers?: Record<string, string>) => http('POST', `/db/${db}/query/v2`, body, headers);

  it('answers 202 with fields, rows, counters and bookmarks', async () => {
    const r = await query('neo4j', { statement: 'CREATE (n:QueryApi {name: $n}) RETURN n, n.name AS name, 7 AS seven', parameters: { n: 'q' }, includeCounters: true });
    expect(r.status).toBe(202);
    expect(r.json.data.fields).toEqual(['n', 'name', 'seven']);
    expect(r.json.data.values).toHaveLength(1);
    const [n, name, seven] = r.json.data.values[0];
    expect(n).toMatchObject({ labels: ['QueryApi'], properties: { name: 'q' } });
    expect(n.elementId).toMatch(/^4:/);
    expect([name, seven]).toEqual(['q', 7]);
    expect(r.json.counters).toMatchObject({ containsUpdates: true, nodesCreated: 1, propertiesSet: 1, labelsAdded: 1, relationshipsDeleted: 0 });
    expect(r.json.bookmarks).toHaveLength(1);
  });

  it('typed JSON in and out', async () => {
    const r = await query(
      'neo4j',
      { statement: 'RETURN $i + 1 AS i, $d AS d, 1.5 AS f, null AS z', parameters: { i: { $type: 'Integer', _value: '41' }, d: { $type: 'Date', _value: '2024-02-29' } } },
      { 'content-type': 'application/vnd.neo4j.query', accept: 'application/vnd.neo4j.query' },
    );
    expect(r.status).toBe(202);
    expect(r.json.data.values[0]).toEqual([
      { $type: 'Integer', _value: '42' },
      { $type: 'Date', _value: '2024-02-29' },
      { $type: 'Float', _value: '1.5' },
      { $type: 'Null', _value: null },
    ]);
  });

  it('errors: 400 for a bad statement or body, 404 for an unknown database, 401 without credentials', async () => {
    const syntax = await query('neo4j', { statement: 'RETURN RETURN' });
    expect(syntax.status).toBe(400);
    expect(syntax.json.errors[0].code).toBe('Neo.ClientError.Statement.SyntaxError');
    const noStatement = await query('neo4j', { query: 'RETURN 1' });
    expect(noStatement.status).toBe(400);
    expect(noStatement.json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');
    expect((await query('neo4j', '{not json')).status).toBe(400);
    expect((await query('neo4j', { statement: 'RETURN 1', accessMode: 'Sideways' })).status).toBe(400);
    const readWrite = await query('neo4j', { statement: 'CREATE (:NoWrite)', accessMode: 'Read' });
    expect(readWrite.status).toBe(400);
    expect(await boltCount('NoWrite')).toBe(0);
    const badTyped = await query('neo4j', { statement: 'RETURN $x', parameters: { x: { $type: 'Integer', _value: 'abc' } } }, { 'content-type': 'application/vnd.neo4j.query' });
    expect(badTyped.status).toBe(400);
    expect((await query('nope_db', { statement: 'RETURN 1' })).json.errors[0].code).toBe('Neo.ClientError.Database.DatabaseNotFound');
    const anon = await fetch(`${base}/db/neo4j/query/v2`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"statement":"RETURN 1"}' });
    expect(anon.status).toBe(401);
    const runtime = await query('neo4j', { statement: 'UNWIND [1, 0] AS x RETURN 1 / x' });
    expect(runtime.status).toBe(400);
    expect(runtime.json.errors[0].code).toBe('Neo.ClientError.Statement.ArithmeticError');
  });
});

describe('authentication', () => {
  it('401 with the challenge, 400 for a malformed header, None for the browser, 429 when rate-limited', async () => {
    const none = await fetch(`${base}/db/neo4j/tx/commit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"statements":[]}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="Neo4j", Bearer realm="Neo4j"');
    expect(((await none.json()) as any).errors[0]).toEqual({ code: 'Neo.ClientError.Security.Unauthorized', message: 'No authentication header supplied.' });

    const malformed = await http('POST', '/db/neo4j/tx/commit', { statements: [] }, { authorization: 'Basic !!!' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].code).toBe('Neo.ClientError.Request.InvalidFormat');

    const bad = (user: string) => `Basic ${Buffer.from(`${user}:wrong`).toString('base64')}`;
    const wrong = await http('POST', '/db/neo4j/tx/commit', { statements: [] }, { authorization: bad('mallory'), 'x-ajax-browser-auth': 'true' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('None');
    await http('POST', '/db/neo4j/tx/commit', { statements: [] }, { authorization: bad('mallory') });
    const limited = await http('POST', '/db/neo4j/tx/commit', { statements: [] }, { authorization: bad('mallory') });
    expect(limited.status).toBe(429);
    expect(limited.json.errors[0].code).toBe('Neo.ClientError.Security.AuthenticationRateLimit');
    // Discovery and health need no credentials; the right ones still work.
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect((await commit([{ statement: 'RETURN 1' }])).json.errors).toEqual([]);
  });
});

describe('databases and aliases over HTTP', () => {
  it('a path may name an alias; stopped, read-only and unknown databases answer with their codes', async () => {
    const admin = (statement: string) => http('POST', '/db/system/tx/commit', { statements: [{ statement }] });
    expect((await admin('CREATE DATABASE httpdb')).json.errors).toEqual([]);
    expect((await admin('CREATE ALIAS httpalias FOR DATABASE httpdb')).json.errors).toEqual([]);
    const w = await http('POST', '/db/httpalias/query/v2', { statement: 'CREATE (:ViaAlias) RETURN 1 AS x' });
    expect(w.status).toBe(202);
    const begin = await http('POST', '/db/httpAlias/tx', { statements: [{ statement: 'MATCH (n:ViaAlias) RETURN count(n) AS c' }] });
    expect(begin.status).toBe(201);
    expect(begin.headers.get('location')).toContain('/db/httpAlias/tx/');
    expect(begin.json.results[0].data[0].row).toEqual([1]);
    const path = new URL(begin.headers.get('location')!).pathname;
    // The same transaction through the database's own name, and through another database: not found there.
    expect((await http('POST', path.replace('/httpAlias/', '/neo4j/'), { statements: [] })).status).toBe(404);
    expect((await http('POST', `${path.replace('/httpAlias/', '/httpdb/')}/commit`, { statements: [] })).status).toBe(200);

    expect((await admin('ALTER DATABASE httpdb SET ACCESS READ ONLY')).json.errors).toEqual([]);
    const ro = await http('POST', '/db/httpdb/tx/commit', { statements: [{ statement: 'CREATE (:Nope)' }] });
    expect(ro.json.errors[0].code).toBe('Neo.ClientError.General.WriteOnReadOnlyAccessDatabase');
    expect((await http('POST', '/db/httpdb/query/v2', { statement: 'MATCH (n) RETURN count(n) AS c' })).json.data.values).toEqual([[1]]);

    expect((await admin('STOP DATABASE httpdb')).json.errors).toEqual([]);
    const stopped = await http('POST', '/db/httpalias/query/v2', { statement: 'RETURN 1' });
    expect(stopped.status).toBe(404);
    expect(stopped.json.errors[0].code).toBe('Neo.TransientError.General.DatabaseUnavailable');
    expect((await admin('START DATABASE httpdb')).json.errors).toEqual([]);
    expect((await http('POST', '/db/httpalias/query/v2', { statement: 'RETURN 1 AS one' })).status).toBe(202);
    const show = await admin('SHOW ALIASES FOR DATABASE');
    expect(show.json.results[0].data.map((d: { row: unknown[] }) => d.row[0])).toContain('httpalias');
  });
});

describe('bearer tokens', () => {
  it('POST /auth/token trades Basic credentials for a token that HTTP and Bolt accept', async () => {
    const r = await http('POST', '/auth/token', { ttlSeconds: 120 });
    expect(r.status).toBe(200);
    expect(r.json.token).toMatch(/^qv1\./);
    expect(new Date(r.json.expires).getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(r.text).not.toContain(PASSWORD);
    const bearer = { authorization: `Bearer ${r.json.token}` };
    const q = await http('POST', '/db/neo4j/query/v2', { statement: 'RETURN 5 AS five' }, bearer);
    expect(q.status).toBe(202);
    expect(q.json.data.values).toEqual([[5]]);
    const d = neo4j.driver(`bolt://127.0.0.1:${server.boltPort}`, neo4j.auth.bearer(r.json.token));
    try {
      expect((await d.executeQuery('RETURN 6 AS six')).records[0]!.get('six').toNumber()).toBe(6);
    } finally {
      await d.close();
    }
    // A token cannot mint another; a forged or mangled one is refused.
    expect((await http('POST', '/auth/token', {}, bearer)).status).toBe(400);
    const forged = r.json.token.slice(0, -4) + (r.json.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const bad = await http('POST', '/db/neo4j/query/v2', { statement: 'RETURN 1' }, { authorization: `Bearer ${forged}` });
    expect(bad.status).toBe(401);
    expect(bad.json.errors[0].code).toBe('Neo.ClientError.Security.Unauthorized');
    expect((await http('POST', '/auth/token', { ttlSeconds: 5 })).status).toBe(400);
    const anon = await fetch(`${base}/auth/token`, { method: 'POST' });
    expect(anon.status).toBe(401);
  });
});

describe('Bolt and HTTP agree', () => {
  it('the same queries give the same values', async () => {
    const queries = [
      'RETURN 1 AS a, -9007199254740991 AS b, 2.5 AS c, "é😀" AS d, true AS e, null AS f',
      'RETURN [1, [2, 3.5], {k: ["v"]}] AS l, {a: {b: null}} AS m',
      'CREATE (n:Agree {x: 1, ys: [1, 2]})-[r:R {w: 0.5}]->(m:Agree {x: 2}) RETURN n, r, m',
      'MATCH p = (:Agree {x: 1})-[:R]->(:Agree) RETURN p',
    ];
    for (const q of queries) {
      const http1 = await commit([{ statement: q }]);
      expect(http1.json.errors).toEqual([]);
      const row = http1.json.results[0].data[0].row;
      const bolt = await driver.executeQuery(q.replace(/^CREATE/, 'MERGE'));
      const values = bolt.keys.map((k) => toHttpRow(bolt.records[0]!.get(k)));
      expect(row).toEqual(values);
    }
    // Temporal values are ISO strings in `row`: the same strings Cypher's toString() gives.
    const temporal = "date('2024-02-29') AS d, localtime('12:34:56.789') AS t, datetime('2024-01-01T10:00:00+02:00') AS dt, datetime('2024-01-01T10:00:00[Europe/Paris]') AS z, duration('P1Y2M3DT4H') AS dur";
    const h = await commit([{ statement: `RETURN ${temporal}` }]);
    const b = await driver.executeQuery(`WITH ${temporal} RETURN toString(d), toString(t), toString(dt), toString(z), toString(dur)`);
    expect(h.json.results[0].data[0].row).toEqual(b.records[0]!.keys.map((k) => b.records[0]!.get(k)));
    expect(h.json.results[0].data[0].meta).toEqual([{ type: 'date' }, { type: 'localtime' }, { type: 'datetime' }, { type: 'datetime' }, { type: 'duration' }]);
  });
});

describe('metrics', () => {
  it('exposes query counts by database and outcome, durations, open transactions and connections', async () => {
    await commit([{ statement: 'RETURN 1' }]);
    await commit([{ statement: 'RETURN 1/0' }]);
    const begin = await http('POST', '/db/neo4j/tx', { statements: [] });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/quiver_queries_total\{database="neo4j",type="r",outcome="success"\} \d+/);
    expect(text).toMatch(/quiver_queries_total\{database="neo4j",type="",outcome="client_error"\} \d+/);
    expect(text).toMatch(/quiver_query_duration_seconds_bucket\{le="0.5",database="neo4j"\} \d+/);
    expect(text).toMatch(/quiver_open_transactions\{database="neo4j"\} [1-9]/);
    expect(text).toMatch(/quiver_connections\{protocol="bolt"\} [1-9]/);
    expect(text).toMatch(/quiver_connections\{protocol="http"\} [1-9]/);
    expect(text).toMatch(/quiver_auth_failures_total\{protocol="http"\} [1-9]/);
    await http('DELETE', new URL(begin.headers.get('location')!).pathname);
    const after = await (await fetch(`${base}/metrics`)).text();
    expect(after).toMatch(/quiver_open_transactions\{database="neo4j"\} 0/);
  });
});

/** A driver value as the transactional API's `row` shows it. */
function toHttpRow(v: unknown): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toHttpRow);
  if (neo4j.isNode(v as never) || neo4j.isRelationship(v as never)) return toHttpRow((v as { properties: unknown }).properties);
  if (neo4j.isPath(v as never)) {
    const p = v as { start: { properties: unknown }; segments: { relationship: { properties: unknown }; end: { properties: unknown } }[] };
    const out: unknown[] = [toHttpRow(p.start.properties)];
    for (const s of p.segments) out.push(toHttpRow(s.relationship.properties), toHttpRow(s.end.properties));
    return out;
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, toHttpRow(x)]));
  return v;
}
