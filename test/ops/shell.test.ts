// `quiver shell` driven through stdin against a real server: multi-line statements, parameters,
// explicit transactions, :use, the output formats, errors with their status codes and the exit
// code of a script that fails; and once as a real process (bin/quiver.js) reading a pipe.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIo, ensureBuilt, PASSWORD, server } from './helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let srv: Awaited<ReturnType<typeof server>>;
let conn: string[];

beforeAll(async () => {
  srv = await server();
  conn = ['-a', `bolt://127.0.0.1:${srv.s.boltPort}`, '-u', 'neo4j', '-p', PASSWORD];
});
afterAll(async () => {
  await srv?.close();
});

async function shell(input: string, args: string[] = []) {
  const c = captureIo(input);
  const code = await main(['shell', ...conn, ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('quiver shell', () => {
  it('runs multi-line statements, parameters and transactions from stdin', async () => {
    const r = await shell(
      [
        'CREATE DATABASE shelltest;',
        ':use shelltest',
        ':param name => "Ada" + " Lovelace"',
        ':param {born: 1815, tags: ["math", "poetry"]}',
        'CREATE (p:Person {name: $name,',
        '                  born: $born}) // a comment; not the end',
        'RETURN p.name AS name, p.born AS born;',
        ':begin',
        "CREATE (:Person {name: 'Rolled back'});",
        ':rollback',
        ':begin',
        "CREATE (:Person {name: 'Charles; Babbage'});",
        ':commit',
        'MATCH (p:Person) RETURN p.name AS name ORDER BY name;',
        ':params',
        'RETURN $tags AS tags, 1.0 AS f, null AS n, {a: 1} AS m',
      ].join('\n'),
      ['--format', 'plain'],
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('name, born\n"Ada Lovelace", 1815\n');
    expect(r.out).toContain('name\n"Ada Lovelace"\n"Charles; Babbage"\n');
    expect(r.out).not.toContain('Rolled back');
    expect(r.out).toContain(':param name => "Ada Lovelace"\n');
    expect(r.out).toContain('tags, f, n, m\n["math", "poetry"], 1.0, NULL, {a: 1}\n');
  });

  it('prints aligned tables, CSV and JSON', async () => {
    const q = "UNWIND [1, 22] AS x RETURN x, 'v' + x AS label;";
    const t = await shell(q, ['--format', 'table']);
    expect(t.out).toContain(['+----+-------+', '| x  | label |', '+----+-------+', '| 1  | "v1"  |', '| 22 | "v22" |', '+----+-------+', ''].join('\n'));
    expect(t.out).toContain('2 rows');
    const c = await shell(q, ['--format', 'csv']);
    expect(c.out).toBe('x,label\r\n1,v1\r\n22,v22\r\n');
    const j = await shell(q, ['--format', 'json']);
    expect(j.out).toBe('{"x":1,"label":"v1"}\n{"x":22,"label":"v22"}\n');
  });

  it('stops at the first error with exit code 1 and the status code', async () => {
    const r = await shell('RETURN 1 AS one;\nRETURN nope(;\nRETURN 2 AS two;', ['--format', 'plain']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('one\n1\n');
    expect(r.out).not.toContain('two');
    expect(r.err).toMatch(/^Neo\.ClientError\.Statement\.SyntaxError: /m);
    const u = await shell(':use nosuchdb\nRETURN 1;');
    expect(u.code).toBe(1);
    expect(u.err).toMatch(/Neo\.ClientError\.Database\.DatabaseNotFound/);
    const cmd = await shell(':frobnicate');
    expect(cmd.code).toBe(1);
    expect(cmd.err).toMatch(/Unknown command ':frobnicate'/);
  });

  it('runs a file with -f and reports bad credentials', async () => {
    const file = join(srv.dir, 'script.cypher');
    writeFileSync(file, 'RETURN 40 + 2 AS answer');
    const r = await shell('', ['-f', file]);
    expect(r.out).toBe('answer\n42\n');
    const c = captureIo('RETURN 1;');
    expect(await main(['shell', '-a', `bolt://127.0.0.1:${srv.s.boltPort}`, '-u', 'neo4j', '-p', 'wrong'], c.io)).toBe(1);
    expect(c.err()).toMatch(/Neo\.ClientError\.Security\.Unauthorized/);
    const e = captureIo('RETURN 7 AS seven;', { NEO4J_PASSWORD: PASSWORD });
    expect(await main(['shell', '-a', `bolt://127.0.0.1:${srv.s.boltPort}`], e.io)).toBe(0);
    expect(e.out()).toBe('seven\n7\n');
  });

  it('runs as a process reading a pipe (bin/quiver.js)', async () => {
    await ensureBuilt();
    const child = spawn(process.execPath, [join(ROOT, 'bin/quiver.js'), 'shell', ...conn], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdin.end('UNWIND range(1, 3) AS i\nRETURN i * i AS sq;\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toBe('sq\n1\n4\n9\n');
    expect(code).toBe(0);
  }, 120_000);
});
