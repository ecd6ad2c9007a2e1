// Argument parsing for the client commands (shell, dump, load): short and long flags, `--x=v`,
// boolean switches, and the connection flags they share (-a, -u, -p, -d) with their environment
// variables (cypher-shell's NEO4J_* names, and QUIVER_* ones, which win).

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FlagSpec {
  readonly long: string;
  readonly short?: string;
  /** A switch takes no value. */
  readonly switch?: boolean;
}

/** Parses argv by `specs`; returns values by long name (switches as 'true'). */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Map<string, string> {
  const out = new Map<string, string>();
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(`--${s.long}`, s);
    if (s.short !== undefined) byName.set(`-${s.short}`, s);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq < 0 ? a : a.slice(0, eq);
    const spec = byName.get(name);
    if (spec === undefined) throw new UsageError(a.startsWith('-') ? `Unknown option '${name}'.` : `Unexpected argument '${a}'.`);
    if (spec.switch) {
      if (eq >= 0) throw new UsageError(`Option '--${spec.long}' takes no value.`);
      out.set(spec.long, 'true');
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new UsageError(`Option '${name}' needs a value.`);
    out.set(spec.long, value);
  }
  return out;
}

export const CONNECTION_FLAGS: readonly FlagSpec[] = [
  { long: 'address', short: 'a' },
  { long: 'username', short: 'u' },
  { long: 'password', short: 'p' },
  { long: 'database', short: 'd' },
];

export interface Connection {
  /** A Bolt URL (neo4j://, bolt://, with +s/+ssc), or an http(s):// URL for dump and load. */
  readonly address: string;
  readonly username: string;
  /** Absent: none given (the shell may ask, or connect without credentials). */
  readonly password: string | undefined;
  readonly database: string | undefined;
}

function env(e: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = e[n];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The connection from flags, then QUIVER_* / NEO4J_* environment variables, then defaults. */
export function connectionOf(flags: ReadonlyMap<string, string>, e: NodeJS.ProcessEnv): Connection {
  let address = flags.get('address') ?? env(e, 'QUIVER_ADDRESS', 'NEO4J_ADDRESS', 'NEO4J_URI') ?? 'neo4j://localhost:7687';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) address = `neo4j://${address}`;
  return {
    address,
    username: flags.get('username') ?? env(e, 'QUIVER_USERNAME', 'NEO4J_USERNAME') ?? 'neo4j',
    password: flags.get('password') ?? env(e, 'QUIVER_PASSWORD', 'NEO4J_PASSWORD'),
    database: flags.get('database') ?? env(e, 'QUIVER_DATABASE', 'NEO4J_DATABASE'),
  };
}

export const CONNECTION_HELP = `Connection:
  -a, --address URL       Server address (default neo4j://localhost:7687; env QUIVER_ADDRESS, NEO4J_ADDRESS)
  -u, --username NAME     User (default neo4j; env QUIVER_USERNAME, NEO4J_USERNAME)
  -p, --password PASS     Password (env QUIVER_PASSWORD, NEO4J_PASSWORD)
  -d, --database NAME     Database (default: the server's default; env QUIVER_DATABASE, NEO4J_DATABASE)
`;
