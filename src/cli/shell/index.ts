// `quiver shell`: a Cypher shell over Bolt with the official driver, so it works against QuiverDB
// and any other Bolt server (only driver calls and plain Cypher, nothing QuiverDB-specific).
// Interactive with line editing and history when stdin is a terminal; otherwise it runs the
// statements of `-f FILE` or stdin and stops at the first error with exit code 1.
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import neo4j, { type Driver } from 'neo4j-driver';
import { CONNECTION_FLAGS, CONNECTION_HELP, connectionOf, parseFlags, UsageError, type Connection } from '../args.js';
import type { CliIo } from '../serve.js';
import type { OutputFormat } from './format.js';
import { ShellSession, errorText } from './session.js';
import { StatementSplitter } from './statements.js';

/** What the shell reads besides the CLI's output streams (tests pass their own). */
export interface ShellIo extends CliIo {
  readonly stdin?: Readable;
  /** The terminal readline echoes to (interactive mode only). */
  readonly stdout?: Writable;
  /** Default: stdin is a TTY and no -f was given. */
  readonly interactive?: boolean;
}

export const SHELL_USAGE = `Usage: quiver shell [options]

A Cypher shell over Bolt. Statements end with ';' and may span lines. Reads -f FILE or stdin when
it is not a terminal and exits 1 at the first error.

${CONNECTION_HELP}
Options:
  -f, --file FILE         Run the statements of FILE, then exit
  --format FORMAT         table | plain | json | csv (default: table on a terminal, plain otherwise)
  -P, --param 'n => e'    Set a parameter before running (repeatable as :param lines in a file)
  --history FILE          History file (default ~/.quiver_history; env QUIVER_HISTORY)
  -h, --help              Show this help

Commands inside the shell: type :help.
`;

const FLAGS = [
  ...CONNECTION_FLAGS,
  { long: 'file', short: 'f' },
  { long: 'format' },
  { long: 'param', short: 'P' },
  { long: 'history' },
  { long: 'help', short: 'h', switch: true },
];

const FORMATS = new Set<OutputFormat>(['table', 'plain', 'json', 'csv']);

export async function runShell(argv: readonly string[], io: ShellIo): Promise<number> {
  let flags;
  try {
    flags = parseFlags(argv, FLAGS);
    const f = flags.get('format');
    if (f !== undefined && !FORMATS.has(f as OutputFormat)) throw new UsageError(`--format must be one of table, plain, json, csv (not '${f}').`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`quiver shell: ${e.message}\n\n${SHELL_USAGE}`);
    return 2;
  }
  if (flags.has('help')) {
    io.out(SHELL_USAGE);
    return 0;
  }
  const file = flags.get('file');
  const stdin = io.stdin ?? process.stdin;
  const interactive = io.interactive ?? (file === undefined && (stdin as { isTTY?: boolean }).isTTY === true);
  const format = (flags.get('format') as OutputFormat | undefined) ?? (interactive ? 'table' : 'plain');
  let input: Readable;
  if (file !== undefined) {
    try {
      readFileSync(file, { flag: 'r' }).length; // fail early with a clear message
    } catch (e) {
      io.err(`quiver shell: cannot read '${file}': ${(e as Error).message}\n`);
      return 1;
    }
    input = createReadStream(file);
  } else input = stdin;

  const conn = connectionOf(flags, io.env);
  let driver: Driver;
  let server: string;
  try {
    ({ driver, server } = await connect(conn, interactive, io, stdin));
  } catch (e) {
    io.err(`${errorText(e)}\n`);
    return 1;
  }
  const session = new ShellSession(driver, conn.database, format, io, interactive);
  try {
    const p = flags.get('param');
    if (p !== undefined && !(await session.command(`:param ${p}`))) return 1;
    return interactive ? await interactiveLoop(session, io, stdin, flags.get('history'), server) : await batch(session, input, io);
  } finally {
    await session.close();
    await driver.close();
  }
}

/** Connects (verifying the address and credentials); asks for a password on a terminal if needed. */
async function connect(c: Connection, interactive: boolean, io: ShellIo, stdin: Readable): Promise<{ driver: Driver; server: string }> {
  const open = async (user: string, password: string | undefined): Promise<{ driver: Driver; server: string }> => {
    // No password: no credentials at all (a server without authentication accepts that).
    const token = password === undefined ? undefined : neo4j.auth.basic(user, password);
    const d = neo4j.driver(c.address, token, { userAgent: 'quiver-shell/1' });
    try {
      const info = await d.getServerInfo(c.database === undefined ? {} : { database: c.database });
      return { driver: d, server: `${info.agent ?? 'a Bolt server'} at ${info.address ?? c.address} as ${password === undefined ? 'no user' : user}` };
    } catch (e) {
      await d.close();
      throw e;
    }
  };
  try {
    return await open(c.username, c.password);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (!interactive || c.password !== undefined || code !== 'Neo.ClientError.Security.Unauthorized') throw e;
  }
  const password = await askHidden(`password for ${c.username}: `, io, stdin);
  return open(c.username, password);
}

/** Reads a line without echoing it. */
function askHidden(prompt: string, io: ShellIo, stdin: Readable): Promise<string> {
  return new Promise((resolve) => {
    const out = io.stdout ?? process.stdout;
    const rl = createInterface({ input: stdin, output: out, terminal: true }) as Interface & { _writeToOutput?: (s: string) => void };
    let muted = false;
    rl._writeToOutput = (s: string) => {
      if (!muted) out.write(s);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      out.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** Runs every statement of `input`; stops at the first error. */
async function batch(session: ShellSession, input: Readable, io: ShellIo): Promise<number> {
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  const splitter = new StatementSplitter();
  for await (const line of rl) {
    for (const item of splitter.push(line)) {
      const ok = item.kind === 'command' ? await session.command(item.text) : await session.cypher(item.text);
      if (!ok) {
        rl.close();
        await session.rollbackOpen();
        return 1;
      }
      if (session.exited) {
        rl.close();
        return (await session.rollbackOpen()) ? 1 : 0;
      }
    }
  }
  const last = splitter.finish();
  if (last !== null && !(await session.cypher(last.text))) return 1;
  if (await session.rollbackOpen()) {
    io.err('quiver shell: the input ended inside an explicit transaction (:begin without :commit); it was rolled back.\n');
    return 1;
  }
  return 0;
}

function historyFile(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.QUIVER_HISTORY || join(homedir(), '.quiver_history'));
}

async function interactiveLoop(session: ShellSession, io: ShellIo, stdin: Readable, historyFlag: string | undefined, server: string): Promise<number> {
  const path = historyFile(historyFlag, io.env);
  let history: string[] = [];
  try {
    history = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).reverse().slice(0, 1000);
  } catch {
    // no history yet
  }
  const out = io.stdout ?? process.stdout;
  const rl = createInterface({ input: stdin, output: out, terminal: true, history, historySize: 1000, removeHistoryDuplicates: true });
  const splitter = new StatementSplitter();
  io.out(`Connected to ${server}.\nType :help for a list of commands, :exit to leave. Statements end with ';'.\n`);
  const prompt = (): void => {
    rl.setPrompt(splitter.pending ? `${' '.repeat(Math.max(0, session.promptText().length - 2))}| ` : session.promptText());
    rl.prompt();
  };
  rl.on('SIGINT', () => {
    if (splitter.pending) {
      splitter.clear();
      out.write('\n');
      prompt();
    } else rl.close();
  });
  prompt();
  try {
    for await (const line of rl) {
      for (const item of splitter.push(line)) {
        if (item.kind === 'command') await session.command(item.text);
        else await session.cypher(item.text);
        if (session.exited) break;
      }
      if (session.exited) break;
      prompt();
    }
  } finally {
    const lines = (rl as Interface & { history?: string[] }).history ?? [];
    rl.close();
    try {
      writeFileSync(path, [...lines].reverse().join('\n') + '\n', { mode: 0o600 });
    } catch {
      // history is a convenience
    }
  }
  if (await session.rollbackOpen()) io.err('The open transaction was rolled back.\n');
  return 0;
}
