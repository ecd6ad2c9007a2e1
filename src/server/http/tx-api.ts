// Neo4j's HTTP transactional API (specs/bolt-and-http.md section 8):
//   POST   /db/{db}/tx/commit        statements in one transaction that commits (200)
//   POST   /db/{db}/tx               opens a transaction (201, Location), runs statements
//   POST   /db/{db}/tx/{id}          more statements, or an empty keep-alive
//   POST   /db/{db}/tx/{id}/commit   statements, then commit
//   DELETE /db/{db}/tx/{id}          rollback
// The response is streamed, so the status is decided before any statement runs: statement errors
// come back inside a 200/201 body, in `errors`, and roll the transaction back. Results are JSON
// (row, graph) or Jolt (v1/v2, line or json-seq, sparse or strict), chosen by `Accept`.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isQuiverError, quiverError } from '../../errors.js';
import type { Value } from '../../values/types.js';
import type { EngineTransaction, Notification, PlanNode, QueryResult, ResultSummary } from '../session.js';
import { errorJson, errorReply, InvalidBody, statusOf } from './body.js';
import { accessMode, admit, type Admitted, baseUrl, bookmarksHeader, type CypherApiOptions, maxExecutionTime } from './context.js';
import { decodeJsonParameters, graphOf, joltValue, rowAndMeta, statsToJson } from './formats/index.js';
import { ResponseSink } from './sink.js';
import type { OpenTransaction } from './transactions.js';

interface Statement {
  readonly statement: string;
  readonly parameters: ReadonlyMap<string, Value>;
  readonly row: boolean;
  readonly graph: boolean;
  readonly includeStats: boolean;
}

type Params = { db: string; id: string };

const BATCH = 1000;

export const transactionalApiPlugin: FastifyPluginAsync<CypherApiOptions> = async (app, opts) => {
  app.post<{ Params: Params }>('/db/:db/tx/commit', (req, reply) => handle(opts, req, reply, 'implicit'));
  app.post<{ Params: Params }>('/db/:db/tx', (req, reply) => handle(opts, req, reply, 'begin'));
  app.post<{ Params: Params }>('/db/:db/tx/:id', (req, reply) => handle(opts, req, reply, 'continue'));
  app.post<{ Params: Params }>('/db/:db/tx/:id/commit', (req, reply) => handle(opts, req, reply, 'commit'));
  app.delete<{ Params: Params }>('/db/:db/tx/:id', async (req, reply) => {
    const a = await admit(opts, req, reply);
    if (a === null) return reply;
    let t: OpenTransaction;
    try {
      t = a.ctx.transactions.acquire(req.params.id, a.database, a.principal);
    } catch (e) {
      return errorReply(reply, statusOf(e), e as never);
    }
    a.ctx.transactions.remove(t);
    await t.tx.rollback();
    return reply.header('content-type', 'application/json; charset=utf-8').send('{"results":[],"errors":[]}');
  });
};

type Mode = 'implicit' | 'begin' | 'continue' | 'commit';

async function handle(opts: CypherApiOptions, req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, mode: Mode): Promise<FastifyReply> {
  const a = await admit(opts, req, reply);
  if (a === null) return reply;
  const format = negotiate(req.headers.accept);
  let open: OpenTransaction | null = null;
  let tx: EngineTransaction;
  try {
    if (mode === 'continue' || mode === 'commit') {
      open = a.ctx.transactions.acquire(req.params.id, a.database, a.principal);
      tx = open.tx;
    } else {
      const config = { database: a.database, mode: accessMode(req), bookmarks: bookmarksHeader(req), txTimeoutMs: maxExecutionTime(req) };
      tx = await a.ctx.engine.begin(a.principal, config);
      if (mode === 'begin') open = a.ctx.transactions.add(tx, a.database, a.principal);
    }
  } catch (e) {
    return errorReply(reply, statusOf(e), isQuiverError(e) ? e : quiverError('UnknownError', String(e)));
  }

  const base = `${baseUrl(req)}/db/${encodeURIComponent(req.params.db)}/tx`;
  if (mode === 'begin') reply.code(201).header('location', `${base}/${open!.id}`);
  const sink = new ResponseSink(reply, format.contentType);
  const out = format.kind === 'json' ? new JsonWriter(sink) : new JoltWriter(sink, format);
  const parsed = statementsOf(req.body);
  let failed = !Array.isArray(parsed);
  if (!Array.isArray(parsed)) out.error(parsed);
  else {
    for (const st of parsed) {
      const ok = await runStatement(tx, st, out, sink);
      if (!ok) {
        failed = true;
        break;
      }
    }
  }

  let bookmark: string | undefined;
  let keepOpen = false;
  if (failed || sink.aborted) {
    if (open !== null) a.ctx.transactions.remove(open);
    await tx.rollback();
  } else if (mode === 'implicit' || mode === 'commit') {
    if (open !== null) a.ctx.transactions.remove(open);
    try {
      bookmark = (await tx.commit()).bookmark;
    } catch (e) {
      out.error(e);
    }
  } else {
    a.ctx.transactions.release(open!);
    keepOpen = true;
  }
  await out.finish({
    ...(keepOpen ? { commit: `${base}/${open!.id}/commit`, expires: new Date(open!.expires).toUTCString() } : {}),
    ...(bookmark !== undefined ? { bookmarks: [bookmark] } : {}),
  });
  sink.end();
  return reply;
}

/** Runs one statement, writing its result; false when it failed (the error is written). */
async function runStatement(tx: EngineTransaction, st: Statement, out: TxWriter, sink: ResponseSink): Promise<boolean> {
  let result: QueryResult;
  try {
    result = await tx.run(st.statement, st.parameters);
  } catch (e) {
    out.error(e);
    return false;
  }
  await out.resultStart(result.fields);
  try {
    for (;;) {
      if (sink.aborted) {
        await result.cancel();
        return false;
      }
      const batch = await result.next(BATCH);
      for (const row of batch.rows) {
        const w = out.row(row, st);
        if (w !== undefined) await w;
      }
      if (batch.done) break;
    }
    await out.resultEnd(await result.summary(), st);
    return true;
  } catch (e) {
    await out.resultEnd(null, st);
    out.error(e);
    return false;
  }
}

/** The `statements` of a request body, or the InvalidFormat error to report. */
function statementsOf(body: unknown): Statement[] | unknown {
  if (body === undefined || body === null) return [];
  if (body instanceof InvalidBody) return quiverError('RequestInvalidFormat', body.message);
  if (typeof body !== 'object' || Array.isArray(body)) return quiverError('RequestInvalidFormat', 'Unable to deserialize request: the body must be a JSON object with a `statements` list.');
  const keys = Object.keys(body);
  if (keys.length === 0) return [];
  if (keys[0] !== 'statements') return quiverError('RequestInvalidFormat', `Unable to deserialize request. Expected first field to be 'statements', but was '${keys[0]}'.`);
  const list = (body as { statements: unknown }).statements;
  if (!Array.isArray(list)) return quiverError('RequestInvalidFormat', 'Unable to deserialize request: `statements` must be a list.');
  const out: Statement[] = [];
  for (const [i, s] of list.entries()) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return quiverError('RequestInvalidFormat', `Unable to deserialize request: statement ${i} must be an object.`);
    const o = s as Record<string, unknown>;
    if (typeof o.statement !== 'string') return quiverError('RequestInvalidFormat', `Unable to deserialize request: statement ${i} has no \`statement\` string.`);
    let parameters: ReadonlyMap<string, Value>;
    try {
      parameters = o.parameters === undefined || o.parameters === null ? new Map() : decodeJsonParameters(o.parameters);
    } catch (e) {
      return e;
    }
    let row = true;
    let graph = false;
    if (o.resultDataContents !== undefined && o.resultDataContents !== null) {
      const c = o.resultDataContents;
      if (!Array.isArray(c) || !c.every((x) => typeof x === 'string')) return quiverError('RequestInvalidFormat', 'Unable to deserialize request: `resultDataContents` must be a list of strings.');
      const lower = c.map((x: string) => x.toLowerCase());
      for (const x of lower) if (x !== 'row' && x !== 'graph' && x !== 'rest') return quiverError('RequestInvalidFormat', `Unable to deserialize request: unknown result data content '${x}' (row and graph are supported).`);
      row = lower.includes('row') || lower.includes('rest');
      graph = lower.includes('graph');
      if (!row && !graph) row = true;
    }
    out.push({ statement: o.statement, parameters, row, graph, includeStats: o.includeStats === true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output formats

interface Format {
  readonly kind: 'json' | 'jolt';
  readonly contentType: string;
  readonly version: 1 | 2;
  readonly seq: boolean;
  readonly strict: boolean;
}

const JSON_FORMAT: Format = { kind: 'json', contentType: 'application/json; charset=utf-8', version: 1, seq: false, strict: false };

/** The first media type of `Accept` we can produce; JSON when none (or `*\/*`). */
export function negotiate(accept: string | undefined): Format {
  if (accept === undefined) return JSON_FORMAT;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type.startsWith('application/vnd.neo4j.jolt')) {
      const version = type.startsWith('application/vnd.neo4j.jolt-v2') ? 2 : 1;
      const seq = type.endsWith('+json-seq');
      const strict = params.includes('strict=true');
      return { kind: 'jolt', contentType: type, version, seq, strict };
    }
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return JSON_FORMAT;
  }
  return JSON_FORMAT;
}

interface FinishInfo {
  readonly commit?: string;
  readonly expires?: string;
  readonly bookmarks?: readonly string[];
}

interface TxWriter {
  resultStart(fields: readonly string[]): Promise<void> | void;
  row(values: readonly Value[], st: Statement): Promise<void> | void;
  /** summary null: the statement failed after its result started. */
  resultEnd(summary: ResultSummary | null, st: Statement): Promise<void> | void;
  error(e: unknown): void;
  finish(info: FinishInfo): Promise<void> | void;
}

class JsonWriter implements TxWriter {
  private results = 0;
  private readonly errors: { code: string; message: string }[] = [];
  private readonly notifications: Notification[] = [];
  private rows = 0;

  constructor(private readonly sink: ResponseSink) {
    void sink.write('{"results":[');
  }

  resultStart(fields: readonly string[]) {
    this.rows = 0;
    return this.sink.write(`${this.results++ === 0 ? '' : ','}{"columns":${JSON.stringify(fields)},"data":[`);
  }

  row(values: readonly Value[], st: Statement) {
    let s: string;
    if (st.row) {
      const { row, meta } = rowAndMeta(values);
      s = st.graph ? JSON.stringify({ row, meta, graph: graphOf(values) }) : JSON.stringify({ row, meta });
    } else {
      s = JSON.stringify({ graph: graphOf(values) });
    }
    return this.sink.write(this.rows++ === 0 ? s : ',' + s);
  }

  resultEnd(summary: ResultSummary | null, st: Statement) {
    let s = ']';
    if (summary !== null) {
      if (st.includeStats) s += `,"stats":${JSON.stringify(statsToJson(summary.stats))}`;
      const plan = summary.profile ?? summary.plan;
      if (plan !== undefined) s += `,"plan":${JSON.stringify({ root: planJson(plan) })}`;
      for (const n of summary.notifications) this.notifications.push(n);
    }
    return this.sink.write(s + '}');
  }

  error(e: unknown) {
    this.errors.push(errorJson(e));
  }

  finish(info: FinishInfo) {
    let s = ']';
    if (this.notifications.length > 0) s += `,"notifications":${JSON.stringify(this.notifications.map(notificationJson))}`;
    s += `,"errors":${JSON.stringify(this.errors)}`;
    if (info.commit !== undefined) s += `,"commit":${JSON.stringify(info.commit)}`;
    if (info.expires !== undefined) s += `,"transaction":${JSON.stringify({ expires: info.expires })}`;
    if (info.bookmarks !== undefined) s += `,"lastBookmarks":${JSON.stringify(info.bookmarks)}`;
    return this.sink.write(s + '}');
  }
}

class JoltWriter implements TxWriter {
  private readonly errors: { code: string; message: string }[] = [];
  private readonly notifications: Notification[] = [];
  private readonly opts: { version: 1 | 2; strict: boolean };

  constructor(
    private readonly sink: ResponseSink,
    private readonly format: Format,
  ) {
    this.opts = { version: format.version, strict: format.strict };
  }

  private event(json: string) {
    return this.sink.write(this.format.seq ? `\u001e${json}\n` : `${json}\n`);
  }

  resultStart(fields: readonly string[]) {
    return this.event(`{"header":{"fields":${JSON.stringify(fields)}}}`);
  }

  row(values: readonly Value[]) {
    const out = new Array<unknown>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = joltValue(values[i]!, this.opts);
    return this.event(`{"data":${JSON.stringify(out)}}`);
  }

  resultEnd(summary: ResultSummary | null, st: Statement) {
    if (summary === null) return;
    const s: Record<string, unknown> = {};
    if (st.includeStats) s.stats = statsToJson(summary.stats);
    const plan = summary.profile ?? summary.plan;
    if (plan !== undefined) s.plan = { root: planJson(plan) };
    for (const n of summary.notifications) this.notifications.push(n);
    return this.event(JSON.stringify({ summary: s }));
  }

  error(e: unknown) {
    this.errors.push(errorJson(e));
  }

  async finish(info: FinishInfo) {
    if (this.errors.length > 0) await this.event(JSON.stringify({ error: { errors: this.errors } }));
    const i: Record<string, unknown> = {};
    if (this.notifications.length > 0) i.notifications = this.notifications.map(notificationJson);
    if (info.commit !== undefined) i.commit = info.commit;
    if (info.expires !== undefined) i.transaction = { expires: info.expires };
    if (info.bookmarks !== undefined) i.lastBookmarks = info.bookmarks;
    await this.event(JSON.stringify({ info: i }));
  }
}

function notificationJson(n: Notification): Record<string, unknown> {
  return { code: n.code, severity: n.severity, title: n.title, description: n.description, ...(n.position ? { position: n.position } : {}) };
}

/** A plan as Neo4j's HTTP API writes it: operatorType, the arguments as keys, identifiers, children. */
export function planJson(p: PlanNode): Record<string, unknown> {
  const o: Record<string, unknown> = { operatorType: p.operatorType };
  for (const [k, v] of p.args) o[k] = simple(v);
  if (p.rows !== undefined) o.rows = p.rows;
  if (p.dbHits !== undefined) o.dbHits = p.dbHits;
  o.identifiers = p.identifiers;
  o.children = p.children.map(planJson);
  return o;
}

function simple(v: Value): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, simple(x)]));
  if (Array.isArray(v)) return v.map(simple);
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

export type { Admitted };
