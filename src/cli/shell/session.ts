// The shell's state: the driver session on the current database, an explicit transaction if one
// is open, and the parameters; runs Cypher and the `:` commands and prints what they give.
import neo4j, { type Driver, type QueryResult, type RecordShape, type Result, type ResultSummary, type Session, type Transaction } from 'neo4j-driver';
import type { CliIo } from '../serve.js';
import { literal, render, type OutputFormat } from './format.js';

export const SHELL_HELP = `Commands:
  :begin                 Open an explicit transaction
  :commit                Commit the open transaction
  :rollback              Roll the open transaction back
  :use [database]        Switch to another database (no name: the server's default)
  :param name => expr    Set a parameter to the value of a Cypher expression ($name in queries)
  :param {a: 1, b: 'x'}  Set several parameters from a map
  :param clear           Remove every parameter
  :params                List the parameters
  :help                  Show this help
  :exit                  Leave the shell (also :quit, Ctrl-D)
Cypher statements end with ';' and may span lines.
`;

/** The status code and message of a driver or server error: `Neo.ClientError...: message`. */
export function errorText(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' && err.code.startsWith('Neo.') ? err.code : undefined;
  const message = typeof err.message === 'string' ? err.message : String(e);
  if (code !== undefined) return `${code}: ${message}`;
  if (typeof err.code === 'string' && err.code.length > 0) return `${err.code}: ${message}`;
  return message;
}

export class ShellSession {
  private session: Session;
  private tx: Transaction | null = null;
  private params: Record<string, unknown> = {};
  exited = false;

  constructor(
    private readonly driver: Driver,
    private database: string | undefined,
    private readonly format: OutputFormat,
    private readonly io: CliIo,
    private readonly interactive: boolean,
  ) {
    this.session = this.open(database);
  }

  private open(database: string | undefined): Session {
    return this.driver.session(database === undefined ? {} : { database });
  }

  promptText(): string {
    return `${this.database ?? '(default)'}${this.tx === null ? '> ' : '# '}`;
  }


  /** Runs one Cypher statement; false after printing an error. */
  async cypher(text: string): Promise<boolean> {
    try {
      const result = this.tx !== null ? this.tx.run(text, this.params) : this.session.run(text, this.params);
      await this.print(result);
      return true;
    } catch (e) {
      this.io.err(`${errorText(e)}\n`);
      // A failed statement inside an explicit transaction ends it on the server.
      if (this.tx !== null && !this.tx.isOpen()) {
        this.tx = null;
        this.io.err('The transaction was rolled back.\n');
      }
      return false;
    }
  }

  private async print(result: Result<RecordShape>): Promise<void> {
    const keys = await result.keys();
    if (this.format === 'table') {
      const r: QueryResult = await result;
      const rows = r.records.map((rec) => keys.map((k) => rec.get(k)));
      this.io.out(render('table', { keys, rows }));
      if (this.interactive || keys.length > 0 || hasCounters(r.summary)) this.io.out(summaryText(rows.length, r.summary, keys.length > 0, this.interactive));
      return;
    }
    // Streamed: output does not wait for (or hold) the whole result.
    if (keys.length > 0 && this.format !== 'json') this.io.out(render(this.format, { keys, rows: [] }));
    const batch: unknown[][] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      const text = render(this.format, { keys, rows: batch });
      // plain/csv render a header line first: drop it.
      this.io.out(this.format === 'json' ? text : text.slice(text.indexOf(this.format === 'csv' ? '\r\n' : '\n') + (this.format === 'csv' ? 2 : 1)));
      batch.length = 0;
    };
    for await (const rec of result) {
      batch.push(keys.map((k) => rec.get(k)));
      if (batch.length >= 500) flush();
    }
    flush();
  }

  /** Runs a `:` command; false after printing an error. */
  async command(text: string): Promise<boolean> {
    const m = /^:(\w+)\s*([\s\S]*)$/.exec(text.trim());
    const name = m?.[1]?.toLowerCase();
    const arg = (m?.[2] ?? '').trim().replace(/;$/, '').trim();
    try {
      switch (name) {
        case 'exit':
        case 'quit':
          this.exited = true;
          return true;
        case 'help':
          this.io.out(SHELL_HELP);
          return true;
        case 'begin':
          if (this.tx !== null) throw new ShellError('There is already an open transaction.');
          this.tx = this.session.beginTransaction();
          return true;
        case 'commit':
          if (this.tx === null) throw new ShellError('There is no open transaction to commit.');
          try {
            await this.tx.commit();
          } finally {
            this.tx = null;
          }
          return true;
        case 'rollback':
          if (this.tx === null) throw new ShellError('There is no open transaction to roll back.');
          try {
            await this.tx.rollback();
          } finally {
            this.tx = null;
          }
          return true;
        case 'use':
          return await this.use(arg.replace(/^`(.*)`$/, '$1'));
        case 'param':
          return await this.param(arg);
        case 'params':
          if (arg === 'clear') this.params = {};
          else this.io.out(Object.keys(this.params).map((k) => `:param ${k} => ${literal(this.params[k])}\n`).join(''));
          return true;
        default:
          throw new ShellError(`Unknown command '${text.trim().split(/\s/)[0]}'. Type :help for the commands.`);
      }
    } catch (e) {
      this.io.err(`${errorText(e)}\n`);
      return false;
    }
  }

  private async use(database: string): Promise<boolean> {
    if (this.tx !== null) throw new ShellError('Commit or roll back the open transaction before switching databases.');
    const target = database === '' ? undefined : database;
    const next = this.open(target);
    try {
      // Fails with the server's own error for an unknown or unavailable database.
      await next.run('RETURN 1');
    } catch (e) {
      await next.close();
      throw e;
    }
    await this.session.close();
    this.session = next;
    this.database = target;
    return true;
  }

  private async param(arg: string): Promise<boolean> {
    if (arg === 'clear') {
      this.params = {};
      return true;
    }
    if (arg.startsWith('{')) {
      const v = await this.evaluate(arg);
      if (v === null || typeof v !== 'object' || Array.isArray(v) || neo4j.isNode(v as never)) throw new ShellError(':param {...} needs a map.');
      Object.assign(this.params, v);
      return true;
    }
    // `name => expr` (cypher-shell 5) or the older `name: expr`.
    const m = /^(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)\s*(?:=>|:)\s*([\s\S]+)$/.exec(arg);
    if (m === null) throw new ShellError("Usage: :param name => expression   (e.g. :param limit => 10)");
    const name = m[1]!.replace(/^`|`$/g, '');
    this.params[name] = await this.evaluate(m[2]!);
    return true;
  }

  /** The value of a Cypher expression, computed by the server (so any Bolt server works). */
  private async evaluate(expr: string): Promise<unknown> {
    const r = this.tx !== null ? await this.tx.run(`RETURN ${expr} AS value`, this.params) : await this.session.run(`RETURN ${expr} AS value`, this.params);
    return r.records[0]?.get('value');
  }

  /** Rolls back an open explicit transaction; true if there was one. */
  async rollbackOpen(): Promise<boolean> {
    if (this.tx === null) return false;
    const tx = this.tx;
    this.tx = null;
    await tx.rollback().catch(() => {});
    return true;
  }

  async close(): Promise<void> {
    await this.rollbackOpen();
    await this.session.close().catch(() => {});
  }
}

class ShellError extends Error {
  override readonly name = 'ShellError';
}

function hasCounters(s: ResultSummary): boolean {
  return s.counters.containsUpdates() || s.counters.containsSystemUpdates();
}

function summaryText(rows: number, s: ResultSummary, hasColumns: boolean, timing: boolean): string {
  const lines: string[] = [];
  if (hasColumns) lines.push(`${rows} row${rows === 1 ? '' : 's'}`);
  const avail = s.resultAvailableAfter?.toNumber?.();
  const consumed = s.resultConsumedAfter?.toNumber?.();
  if (timing && avail !== undefined && consumed !== undefined) lines.push(`ready to start consuming query after ${avail} ms, results consumed after another ${consumed} ms`);
  const u = s.counters.updates() as unknown as Record<string, number>;
  const parts: string[] = [];
  const names: [string, string][] = [
    ['nodesCreated', 'Added %d nodes'],
    ['nodesDeleted', 'Deleted %d nodes'],
    ['relationshipsCreated', 'Created %d relationships'],
    ['relationshipsDeleted', 'Deleted %d relationships'],
    ['propertiesSet', 'Set %d properties'],
    ['labelsAdded', 'Added %d labels'],
    ['labelsRemoved', 'Removed %d labels'],
    ['indexesAdded', 'Added %d indexes'],
    ['indexesRemoved', 'Removed %d indexes'],
    ['constraintsAdded', 'Added %d constraints'],
    ['constraintsRemoved', 'Removed %d constraints'],
  ];
  for (const [k, t] of names) if ((u[k] ?? 0) > 0) parts.push(t.replace('%d', String(u[k])));
  if (s.counters.containsSystemUpdates()) parts.push(`System updates: ${s.counters.systemUpdates()}`);
  if (parts.length > 0) lines.push(parts.join(', '));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
