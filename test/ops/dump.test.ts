// Dump and load: online (HTTP endpoints) and offline (--data-dir), equality of the loaded database
// (counts and a checksum over every record) while writes continue on the source, and corrupted or
// truncated dumps refused without leaving a database behind.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readDump } from '../../src/dbms/dump/index.js';
import { UserStore } from '../../src/dbms/users.js';
import type { RunningServer } from '../../src/server/server.js';
import { captureIo, PASSWORD, server } from './helpers.js';

let srv: Awaited<ReturnType<typeof server>>;
let s: RunningServer;
let driver: Driver;
let conn: string[];

beforeAll(async () => {
  srv = await server();
  s = srv.s;
  driver = neo4j.driver(`bolt://127.0.0.1:${s.boltPort}`, neo4j.auth.basic('neo4j', PASSWORD));
  conn = ['-a', `bolt://127.0.0.1:${s.boltPort}`, '--http', `http://127.0.0.1:${s.httpPort}`, '-u', 'neo4j', '-p', PASSWORD];
  await driver.executeQuery('CREATE DATABASE src');
  await driver.executeQuery('CREATE INDEX person_name FOR (p:Person) ON (p.name)', {}, { database: 'src' });
  await driver.executeQuery('CREATE CONSTRAINT person_id FOR (p:Person) REQUIRE p.id IS UNIQUE', {}, { database: 'src' });
  await driver.executeQuery(
    `UNWIND range(1, 3000) AS i
     CREATE (p:Person {id: i, name: 'p' + i, score: i * 1.5, big: 9007199254740993 + i, tags: ['a', 'b'], born: date('2000-01-01') + duration({days: i}),
                       at: datetime('2024-05-06T07:08:09.123456789[Europe/Paris]'), loc: point({x: i, y: 2.5}), blob: null})`,
    {},
    { database: 'src' },
  );
  for (const other of ['i + 1', 'i * 2']) {
    await driver.executeQuery(
      `UNWIND range(1, 3000) AS i MATCH (a:Person {id: i}), (b:Person {id: ${other}})
       CREATE (a)-[:KNOWS {since: a.id, w: 0.5, d: duration('P1Y2M3DT4H')}]->(b)`,
      {},
      { database: 'src' },
    );
  }
  await driver.executeQuery(`CREATE (:Empty), (:A:B:C {s: 'multi\\nline ünïcödé', bytes: $b})`, { b: new Uint8Array([1, 2, 255]) }, { database: 'src' });
}, 60_000);

afterAll(async () => {
  await driver?.close();
  await srv?.close();
});

/** Counts and a checksum over every node and relationship (ids left out: a load renumbers them). */
async function fingerprint(db: string): Promise<{ nodes: number; rels: number; sum: string; indexes: string[] }> {
  const nodes = await driver.executeQuery('MATCH (n) RETURN labels(n) AS l, properties(n) AS p', {}, { database: db });
  const rels = await driver.executeQuery('MATCH (a)-[r]->(b) RETURN type(r) AS t, properties(r) AS p, properties(a) AS a, properties(b) AS b', {}, { database: db });
  const canon = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : neo4j.isInt(x) ? `${x.toString()}i` : x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Uint8Array) && Object.getPrototypeOf(x) === Object.prototype ? Object.fromEntries(Object.entries(x).sort()) : x instanceof Uint8Array ? [...x] : typeof x === 'object' && x !== null && 'toString' in x && !Array.isArray(x) && Object.getPrototypeOf(x) !== Object.prototype ? `${x.constructor.name}:${String(x)}` : x));
  const lines = [...nodes.records.map((r) => `N${canon([[...(r.get('l') as string[])].sort(), r.get('p')])}`), ...rels.records.map((r) => `R${canon([r.get('t'), r.get('p'), r.get('a'), r.get('b')])}`)].sort();
  const ix = await driver.executeQuery('SHOW INDEXES', {}, { database: db });
  const indexes = ix.records.map((r) => `${r.get('name')}:${r.get('type')}:${r.get('labelsOrTypes')}:${r.get('properties')}`).sort();
  return { nodes: nodes.records.length, rels: rels.records.length, sum: createHash('sha256').update(lines.join('\n')).digest('hex'), indexes };
}

describe('dump and load through a running server', () => {
  it('dumps one snapshot while writes continue, and loads an equal database', async () => {
    const before = await fingerprint('src');
    const file = `${srv.dir}/src.dump`;
    let writing = true;
    const writes = (async () => {
      let i = 0;
      while (writing) await driver.executeQuery('CREATE (:Late {i: $i})', { i: i++ }, { database: 'src' });
      return i;
    })();
    const c = captureIo();
    const code = await main(['dump', ...conn, '--database', 'src', '--to', file], c.io);
    writing = false;
    const late = await writes;
    expect(c.err()).toMatch(/wrote 'src'/);
    expect(code).toBe(0);
    expect(late).toBeGreaterThan(0);

    const l = captureIo();
    expect(await main(['load', ...conn, '--database', 'copy', '--from', file], l.io)).toBe(0);
    expect(l.err()).toMatch(/loaded 'copy'.*nodes/);
    const copy = await fingerprint('copy');
    // The dump is a snapshot: it has all of `before`, and at most the :Late nodes written meanwhile.
    const lateInCopy = (await driver.executeQuery('MATCH (n:Late) RETURN count(n) AS c', {}, { database: 'copy' })).records[0]!.get('c').toNumber();
    expect(copy.nodes - lateInCopy).toBe(before.nodes);
    expect(copy.rels).toBe(before.rels);
    expect(copy.indexes).toEqual(before.indexes);
    await driver.executeQuery('MATCH (n:Late) DELETE n', {}, { database: 'copy' });
    expect((await fingerprint('copy')).sum).toBe(before.sum);
    // The unique constraint came along and is enforced.
    await expect(driver.executeQuery('CREATE (:Person {id: 1})', {}, { database: 'copy' })).rejects.toThrow(/already exists|constraint/i);
  });

  it('refuses to replace a database without --overwrite, and replaces it with it', async () => {
    const file = `${srv.dir}/small.dump`;
    await driver.executeQuery('CREATE DATABASE small');
    await driver.executeQuery('CREATE (:X {v: 1})', {}, { database: 'small' });
    expect(await main(['dump', ...conn, '--database', 'small', '--to', file], captureIo().io)).toBe(0);
    const c = captureIo();
    expect(await main(['load', ...conn, '--database', 'small', '--from', file], c.io)).toBe(1);
    expect(c.err()).toMatch(/ExistingDatabaseFound.*--overwrite/);
    await driver.executeQuery('CREATE (:X {v: 2})', {}, { database: 'small' });
    expect(await main(['load', ...conn, '--database', 'small', '--from', file, '--overwrite'], captureIo().io)).toBe(0);
    const r = await driver.executeQuery('MATCH (x:X) RETURN x.v AS v', {}, { database: 'small' });
    expect(r.records.map((x) => x.get('v').toNumber())).toEqual([1]);
  });

  it('needs the admin role', async () => {
    await new UserStore(s.security).createUser('reader', 'reader-password', ['reader', 'PUBLIC']);
    const c = captureIo();
    const args = ['-a', `bolt://127.0.0.1:${s.boltPort}`, '--http', `http://127.0.0.1:${s.httpPort}`, '-u', 'reader', '-p', 'reader-password'];
    expect(await main(['dump', ...args, '--database', 'src', '--to', `${srv.dir}/x.dump`], c.io)).toBe(1);
    expect(c.err()).toMatch(/Forbidden|admin/);
    const bad = captureIo();
    expect(await main(['dump', ...conn.slice(0, 6), '-p', 'wrong', '--database', 'src', '--to', `${srv.dir}/x.dump`], bad.io)).toBe(1);
    expect(bad.err()).toMatch(/Unauthorized/);
  });

  it('refuses corrupted and truncated dumps and leaves no database behind', async () => {
    const file = `${srv.dir}/src2.dump`;
    expect(await main(['dump', ...conn, '--database', 'src', '--to', file], captureIo().io)).toBe(0);
    const good = readFileSync(file);
    const raw = gunzipSync(good);
    const cases: [string, Buffer, RegExp][] = [
      ['truncated', good.subarray(0, Math.floor(good.length * 0.7)), /truncated/],
      ['truncated-clean', gzipSync(raw.subarray(0, raw.length - 40)), /truncated/],
      ['flipped', gzipSync(Buffer.from(raw.map((b, i) => (i === Math.floor(raw.length / 2) ? b ^ 0x10 : b)))), /checksum|corrupted|cannot be decoded/],
      ['not-gzip', Buffer.from('hello, this is not a dump'), /corrupted|not a QuiverDB dump|truncated/],
      ['not-a-dump', gzipSync(Buffer.from('{"hello": 1}')), /not a QuiverDB dump|empty|bad magic/],
      ['garbage-gzip', Buffer.concat([good.subarray(0, 100), Buffer.alloc(200, 7), good.subarray(300)]), /corrupted|invalid|truncated|checksum/i],
    ];
    const dbsBefore = (await driver.executeQuery('SHOW DATABASES YIELD name RETURN name ORDER BY name', {}, { database: 'system' })).records.map((r) => r.get('name'));
    for (const [name, bytes, message] of cases) {
      const bad = `${srv.dir}/${name}.dump`;
      writeFileSync(bad, bytes);
      const c = captureIo();
      expect(await main(['load', ...conn, '--database', `bad-${name}`, '--from', bad], c.io), name).toBe(1);
      expect(c.err(), name).toMatch(message);
      expect(c.err(), name).toMatch(/Invalid dump/);
    }
    const dbsAfter = (await driver.executeQuery('SHOW DATABASES YIELD name RETURN name ORDER BY name', {}, { database: 'system' })).records.map((r) => r.get('name'));
    expect(dbsAfter).toEqual(dbsBefore);
  });

  it('creates a database from a dump with CREATE DATABASE ... OPTIONS { seedURI }', async () => {
    const file = `${srv.dir}/seed.dump`;
    expect(await main(['dump', ...conn, '--database', 'src', '--to', file], captureIo().io)).toBe(0);
    await driver.executeQuery(`CREATE DATABASE seeded OPTIONS { seedURI: $uri }`, { uri: `file://${file}` }, { database: 'system' });
    const r = await driver.executeQuery('MATCH (p:Person) RETURN count(p) AS c', {}, { database: 'seeded' });
    expect(r.records[0]!.get('c').toNumber()).toBe(3000);
    writeFileSync(`${srv.dir}/cut.dump`, readFileSync(file).subarray(0, 500));
    await expect(driver.executeQuery(`CREATE DATABASE seeded2 OPTIONS { seedURI: $uri }`, { uri: `file://${srv.dir}/cut.dump` }, { database: 'system' })).rejects.toThrow(/truncated/);
    const names = (await driver.executeQuery('SHOW DATABASES YIELD name RETURN name', {}, { database: 'system' })).records.map((x) => x.get('name'));
    expect(names).not.toContain('seeded2');
  });
});

describe('dump and load on a stopped data directory', () => {
  it('round-trips offline and refuses a data directory in use', async () => {
    const file = `${srv.dir}/offline.dump`;
    const busy = captureIo();
    expect(await main(['dump', '--data-dir', `${srv.dir}/data`, '--database', 'src', '--to', file], busy.io)).toBe(1);
    expect(busy.err()).toMatch(/in use/);
    expect(await main(['dump', ...conn, '--database', 'src', '--to', file], captureIo().io)).toBe(0);
    const dir = `${srv.dir}/offline-data`;
    expect(await main(['load', '--data-dir', dir, '--database', 'neo4j', '--from', file], captureIo().io)).toBe(0);
    expect(await main(['load', '--data-dir', dir, '--database', 'other', '--from', file], captureIo().io)).toBe(0);
    const again = `${srv.dir}/offline2.dump`;
    expect(await main(['dump', '--data-dir', dir, '--database', 'other', '--to', again], captureIo().io)).toBe(0);
    // The same records came back out (a verified read of both dumps).
    const totals = async (f: string) => {
      for await (const item of readDump(createReadStream(f))) if (item.kind === 'end') return [item.end.nodes, item.end.relationships, item.end.indexes];
      return [];
    };
    expect(await totals(again)).toEqual(await totals(file));
    expect((await totals(file))[0]).toBeGreaterThan(3000);
    const c = captureIo();
    expect(await main(['load', '--data-dir', dir, '--database', 'neo4j', '--from', file], c.io)).toBe(1);
    expect(c.err()).toMatch(/default database/);
  });
});
