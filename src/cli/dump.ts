// `quiver dump` and `quiver load`: through a running server (its HTTP dump/load endpoints, with the
// shell's connection flags) or directly on a stopped server's data directory (--data-dir).
import { createReadStream, createWriteStream, existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { type Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Catalog } from '../dbms/catalog.js';
import { Presets, SingleBar } from 'cli-progress';
import { dumpStream, loadDump, type DumpProgress, type LoadSummary } from '../dbms/dump/index.js';
import { Store } from '../storage/index.js';
import { QUIVER_VERSION } from '../server/server.js';
import { CONNECTION_FLAGS, CONNECTION_HELP, connectionOf, parseFlags, UsageError, type Connection } from './args.js';
import type { CliIo } from './serve.js';

const COMMON_HELP = `${CONNECTION_HELP}  --http URL              The server's HTTP address (default: the -a host, port 7474; https for bolt+s)
Offline (the server stopped):
  --data-dir DIR          Work on this data directory directly instead of through a server
  --default-database NAME The data directory's default database (default neo4j)
Other:
  --quiet                 No progress line (it is shown only on a terminal anyway)
  -h, --help              Show this help
`;

export const DUMP_USAGE = `Usage: quiver dump --database NAME --to FILE [options]

Writes one consistent snapshot of a database to FILE ('-' for stdout): a versioned, checksummed,
gzip-compressed dump of its nodes, relationships, indexes and constraints. Needs the admin role.

${COMMON_HELP}`;

export const LOAD_USAGE = `Usage: quiver load --database NAME --from FILE [--overwrite] [options]

Creates database NAME from a dump ('-' for stdin), all or nothing: a corrupted or truncated dump is
refused and leaves no database behind. --overwrite replaces an existing database of that name.
Needs the admin role.

${COMMON_HELP}`;

const FLAGS = [
  ...CONNECTION_FLAGS,
  { long: 'to' },
  { long: 'from' },
  { long: 'overwrite', switch: true },
  { long: 'http' },
  { long: 'data-dir' },
  { long: 'default-database' },
  { long: 'quiet', switch: true },
  { long: 'help', short: 'h', switch: true },
];

/** Where the stdio streams come from (tests substitute them). */
export interface DumpIo extends CliIo {
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** Show a progress line (default: stderr is a terminal). */
  readonly progress?: boolean;
}

function parse(cmd: 'dump' | 'load', argv: readonly string[], io: CliIo): Map<string, string> | number {
  const usage = cmd === 'dump' ? DUMP_USAGE : LOAD_USAGE;
  try {
    const f = parseFlags(argv, FLAGS);
    if (f.has('help')) {
      io.out(usage);
      return 0;
    }
    if (!f.has('database')) throw new UsageError('--database is required.');
    if (cmd === 'dump' && !f.has('to')) throw new UsageError('--to FILE is required.');
    if (cmd === 'load' && !f.has('from')) throw new UsageError('--from FILE is required.');
    if (cmd === 'dump' && (f.has('from') || f.has('overwrite'))) throw new UsageError('dump takes --to, not --from or --overwrite.');
    if (cmd === 'load' && f.has('to')) throw new UsageError('load takes --from, not --to.');
    return f;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`quiver ${cmd}: ${e.message}\n\n${usage}`);
    return 2;
  }
}

/**
 * A progress bar on stderr (cli-progress) while a dump or load runs on a terminal; nothing
 * otherwise. The bar counts records (nodes + relationships) against the totals when known.
 */
function progressLine(cmd: string, _io: DumpIo, enabled: boolean): { update: (p: DumpProgress) => void; done: () => void } {
  let bar: SingleBar | null = null;
  return {
    update(p) {
      if (!enabled) return;
      const done = p.nodes + p.relationships;
      const total = p.totalNodes !== undefined && p.totalRelationships !== undefined ? p.totalNodes + p.totalRelationships : 0;
      const payload = { nodes: p.nodes.toLocaleString('en-US'), rels: p.relationships.toLocaleString('en-US'), mb: (p.bytes / 1048576).toFixed(1) };
      if (bar === null) {
        const format = total > 0 ? `${cmd} [{bar}] {percentage}% | {nodes} nodes, {rels} relationships | {mb} MB | {eta_formatted}` : `${cmd} {nodes} nodes, {rels} relationships | {mb} MB`;
        bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, fps: 5 }, Presets.shades_classic);
        bar.start(total, done, payload);
        return;
      }
      if (total > 0 && bar.getTotal() !== total) bar.setTotal(total);
      bar.update(done, payload);
    },
    done() {
      bar?.stop();
      bar = null;
    },
  };
}

export async function runDump(argv: readonly string[], io: DumpIo): Promise<number> {
  const f = parse('dump', argv, io);
  if (typeof f === 'number') return f;
  const database = f.get('database')!;
  const to = f.get('to')!;
  const progress = progressLine('dump', io, io.progress ?? (!f.has('quiet') && process.stderr.isTTY === true));
  const temp = to === '-' ? null : `${to}.partial-${process.pid}`;
  const sink: Writable = temp === null ? (io.stdout ?? process.stdout) : createWriteStream(temp);
  try {
    let bytes = 0;
    let source: Readable;
    let close = async (): Promise<void> => {};
    const offline = f.has('data-dir');
    if (offline) {
      const off = await openOffline(f.get('data-dir')!, f.get('default-database'), false);
      close = off.close;
      const ref = off.catalog.resolve(database);
      source = await dumpStream(off.store, ref.id, { database: ref.name, quiverVersion: QUIVER_VERSION, onProgress: (p) => progress.update({ ...p, bytes }) });
    } else {
      const conn = connectionOf(f, io.env);
      source = await httpCall('GET', `${httpBase(conn, f.get('http'))}/db/${encodeURIComponent(database)}/dump`, conn);
    }
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        if (!offline) progress.update({ nodes: 0, relationships: 0, bytes });
        cb(null, chunk);
      },
    });
    try {
      await pipeline(source, count, sink, { end: temp !== null });
    } finally {
      await close();
    }
    progress.done();
    if (temp !== null) renameSync(temp, to);
    if (to !== '-') io.err(`quiver dump: wrote '${database}' to ${to} (${statSync(to).size.toLocaleString('en-US')} bytes).\n`);
    return 0;
  } catch (e) {
    progress.done();
    if (temp !== null && existsSync(temp)) unlinkSync(temp);
    io.err(`quiver dump: ${errorText(e)}\n`);
    return 1;
  }
}

export async function runLoad(argv: readonly string[], io: DumpIo): Promise<number> {
  const f = parse('load', argv, io);
  if (typeof f === 'number') return f;
  const database = f.get('database')!;
  const from = f.get('from')!;
  const overwrite = f.has('overwrite');
  const progress = progressLine('load', io, io.progress ?? (!f.has('quiet') && process.stderr.isTTY === true));
  try {
    const input: Readable = from === '-' ? (io.stdin ?? process.stdin) : createReadStream(from);
    if (from !== '-') await opened(input);
    let r: LoadSummary;
    if (f.has('data-dir')) {
      const off = await openOffline(f.get('data-dir')!, f.get('default-database'), true);
      try {
        r = await loadDump(off.catalog, off.store, database, input, { overwrite, onProgress: progress.update });
      } finally {
        await off.close();
      }
    } else {
      const conn = connectionOf(f, io.env);
      let bytes = 0;
      input.on('data', (c: Buffer) => {
        bytes += c.length;
        progress.update({ nodes: 0, relationships: 0, bytes });
      });
      const res = await httpCall('POST', `${httpBase(conn, f.get('http'))}/db/${encodeURIComponent(database)}/load${overwrite ? '?overwrite=true' : ''}`, conn, input);
      r = JSON.parse(await text(res)) as LoadSummary;
    }
    progress.done();
    io.err(`quiver load: loaded '${r.database}' from ${from}: ${r.nodes.toLocaleString('en-US')} nodes, ${r.relationships.toLocaleString('en-US')} relationships, ${r.indexes} indexes.\n`);
    return 0;
  } catch (e) {
    progress.done();
    io.err(`quiver load: ${errorText(e)}\n`);
    return 1;
  }
}

function errorText(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' && err.code.startsWith('Neo.') ? `${err.code}: ` : '';
  return `${code}${typeof err.message === 'string' ? err.message : String(e)}`;
}

function causes(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let c: unknown = e; c !== undefined && c !== null && out.length < 10; c = (c as { cause?: unknown }).cause) out.push(c);
  return out;
}

function opened(s: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('open', () => resolve());
    s.once('error', reject);
  });
}

/** A stopped server's store and catalog; refuses a data directory that a server has open. */
async function openOffline(dir: string, defaultDatabase: string | undefined, create: boolean): Promise<{ store: Store; catalog: Catalog; close: () => Promise<void> }> {
  if (!create && !existsSync(join(dir, 'CURRENT'))) throw new Error(`'${dir}' is not a QuiverDB data directory.`);
  let store: Store;
  try {
    store = await Store.open(dir);
  } catch (e) {
    if (causes(e).some((c) => (c as { code?: string }).code === 'LEVEL_LOCKED' || /lock/i.test(String((c as Error).message)))) {
      throw new Error(`cannot open the data directory '${dir}': it is in use (is a server running on it? Then go through the server with -a instead of --data-dir).`);
    }
    throw e;
  }
  try {
    const catalog = await Catalog.open(store, defaultDatabase === undefined ? {} : { defaultDatabase });
    return {
      store,
      catalog,
      close: async () => {
        catalog.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** The server's HTTP base URL: --http, the -a URL if it is http(s), else the -a host on 7474. */
export function httpBase(c: Connection, http: string | undefined): string {
  const raw = http ?? c.address;
  const u = new URL(raw);
  if (u.protocol === 'http:' || u.protocol === 'https:') return `${u.protocol}//${u.host}`;
  const secure = /\+s(sc)?:$/.test(u.protocol);
  return `${secure ? 'https' : 'http'}://${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:7474`;
}

/** One HTTP request; resolves to the response once it is known to be a success (2xx). */
function httpCall(method: 'GET' | 'POST', url: string, c: Connection, body?: Readable): Promise<IncomingMessage> {
  const u = new URL(url);
  const headers: Record<string, string> = { accept: 'application/vnd.quiver.dump, application/json' };
  if (c.password !== undefined) headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  if (body !== undefined) headers['content-type'] = 'application/vnd.quiver.dump';
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(u, { method, headers }, (res) => {
      if ((res.statusCode ?? 500) >= 300) {
        text(res).then(
          (t) => reject(serverError(res.statusCode ?? 0, t)),
          (e: unknown) => reject(e),
        );
        return;
      }
      // A response cut short (the server failed mid-dump) must fail the pipeline.
      res.once('aborted', () => res.destroy(new Error('the server closed the connection before the dump was complete.')));
      resolve(res);
    });
    req.once('error', (e) => reject(new Error(`cannot reach ${u.origin}: ${e.message}`)));
    if (body === undefined) req.end();
    else {
      body.once('error', (e) => req.destroy(e));
      body.pipe(req);
    }
  });
}

function text(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.on('data', (c: Buffer) => parts.push(c));
    res.once('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    res.once('error', reject);
  });
}

function serverError(status: number, body: string): Error {
  try {
    const j = JSON.parse(body) as { errors?: { code: string; message: string }[] };
    const first = j.errors?.[0];
    if (first !== undefined) return Object.assign(new Error(first.message), { code: first.code });
  } catch {
    // not JSON
  }
  return new Error(`the server answered ${status}: ${body.slice(0, 200)}`);
}
