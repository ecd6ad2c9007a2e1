// The `quiver` command: dispatches to subcommands. bin/quiver.js imports this and calls `run()`.
import { QUIVER_VERSION } from '../server/server.js';
import { type CliIo, processIo, runServe } from './serve.js';
import { runShell } from './shell/index.js';
import { runDump, runLoad } from './dump.js';

const USAGE = `Usage: quiver <command> [options]

Commands:
  serve        Run the server (Bolt, HTTP) on an embedded store. 'quiver serve --help' for options.
  shell        A Cypher shell over Bolt (works with any Bolt server).
  dump         Write a database to a dump file (from a running server or a stopped data directory).
  load         Load a dump file into a database (through a running server or a stopped data directory).

Options:
  --help, -h     Show this help.
  --version, -v  Show the version.
`;

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
      io.err(USAGE);
      return 2;
    case '--help':
    case '-h':
    case 'help':
      io.out(USAGE);
      return 0;
    case '--version':
    case '-v':
    case 'version':
      io.out(`quiver ${QUIVER_VERSION}\n`);
      return 0;
    case 'serve':
      return runServe(rest, io);
    case 'shell':
      return runShell(rest, io);
    case 'dump':
      return runDump(rest, io);
    case 'load':
      return runLoad(rest, io);
  }
  io.err(`quiver: unknown command '${cmd}'.\n\n${USAGE}`);
  return 2;
}

/** Entry point for bin/quiver.js: runs with the process arguments and exits with the result. */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`quiver: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
