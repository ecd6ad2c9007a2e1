// The `quiver serve` configuration: one schema from which parsing, validation and the `--help` text
// all come. Precedence (DESIGN.md section 11): flags > QUIVER_* environment variables > the JSON
// config file (--config / QUIVER_CONFIG) > defaults.
import { readFileSync } from 'node:fs';
import { parseDuration } from '../dbms/duration.js';
import { validateDatabaseName } from '../dbms/catalog.js';
import { limitsFromJson, type Limits } from '../dbms/limits.js';

/** Invalid configuration: reported with a clear message and exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ServeConfig {
  readonly dataDir: string;
  readonly boltPort: number;
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly host: string;
  readonly auth: 'none' | 'native';
  readonly initialPassword?: string;
  readonly advertisedAddress?: string;
  readonly shutdownTimeoutMs: number;
  /** The database sessions use when they name none; created on first start. */
  readonly defaultDatabase: string;
  /** Most user databases (0 = unlimited). */
  readonly maxDatabases: number;
  /** How long a dropped database's data is kept for UNDROP (ms); absent = the catalog's default. */
  readonly dropRetentionMs?: number;
  /** HTTP transactions untouched this long are rolled back (ms). */
  readonly httpTxIdleTimeoutMs: number;
  /** Queries slower than this are logged (ms; 0 = off). */
  readonly slowQueryMs: number;
  /** pino level of the JSON logs on stdout. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest HTTP request body (bytes); 413 beyond. */
  readonly httpMaxBodyBytes: number;
  /** PEM certificate chain and private key: the Bolt port then speaks TLS (bolt+s, bolt+ssc). */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** Limits every new database starts with (DESIGN.md section 6). */
  readonly defaultLimits?: Limits;
  /** The audit log (JSON lines); absent = `<dataDir>/audit.log`; 'none' = no audit log. */
  readonly auditLog?: string;
  readonly config?: string;
}

type Key = keyof ServeConfig;
export type Source = 'flag' | 'env' | 'file' | 'default';

interface OptionSpec {
  readonly key: Key;
  readonly flag: string;
  readonly env: string;
  readonly metavar: string;
  readonly description: string;
  readonly default?: string | number;
  /** Parses and validates a raw value (string from flags/env, any JSON value from the file). */
  readonly parse: (raw: unknown) => string | number | Limits;
  /** Not allowed inside the config file. */
  readonly notInFile?: boolean;
}

function str(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) throw new Error('expected a non-empty string');
  return raw;
}

function int(min: number, max: number) {
  return (raw: unknown): number => {
    const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (!/^\d+$/.test(s)) throw new Error(`expected an integer from ${min} to ${max}`);
    const n = Number(s);
    if (n < min || n > max) throw new Error(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

function oneOf(values: readonly string[]) {
  return (raw: unknown): string => {
    if (typeof raw !== 'string' || !values.includes(raw)) throw new Error(`expected one of: ${values.join(', ')}`);
    return raw;
  };
}

const port = int(0, 65535);

export const OPTIONS: readonly OptionSpec[] = [
  { key: 'dataDir', flag: 'data-dir', env: 'QUIVER_DATA_DIR', metavar: 'DIR', default: './data', parse: str, description: 'Directory of the store (created if missing).' },
  { key: 'boltPort', flag: 'bolt-port', env: 'QUIVER_BOLT_PORT', metavar: 'PORT', default: 7687, parse: port, description: 'Bolt port (TCP and WebSocket); 0 picks a free port.' },
  { key: 'httpPort', flag: 'http-port', env: 'QUIVER_HTTP_PORT', metavar: 'PORT', default: 7474, parse: port, description: 'HTTP port (discovery, health; the HTTP APIs).' },
  { key: 'grpcPort', flag: 'grpc-port', env: 'QUIVER_GRPC_PORT', metavar: 'PORT', default: 7688, parse: port, description: 'gRPC port (quiver.v1.Quiver and grpc.health.v1.Health); 0 picks a free port.' },
  { key: 'host', flag: 'host', env: 'QUIVER_HOST', metavar: 'HOST', default: '127.0.0.1', parse: str, description: 'Address to listen on (0.0.0.0 for every interface).' },
  { key: 'auth', flag: 'auth', env: 'QUIVER_AUTH', metavar: 'none|native', default: 'native', parse: oneOf(['none', 'native']), description: "Authentication: 'native' checks stored users; 'none' accepts any client (development only)." },
  { key: 'initialPassword', flag: 'initial-password', env: 'QUIVER_INITIAL_PASSWORD', metavar: 'PASSWORD', parse: str, description: "Password of the admin user 'neo4j' created on first start; generated and shown once if absent." },
  { key: 'advertisedAddress', flag: 'advertised-address', env: 'QUIVER_ADVERTISED_ADDRESS', metavar: 'HOST:PORT', parse: hostPort, description: 'Bolt address that routing tables and discovery advertise (default: host:bolt-port).' },
  { key: 'shutdownTimeoutMs', flag: 'shutdown-timeout', env: 'QUIVER_SHUTDOWN_TIMEOUT', metavar: 'MS', default: 10_000, parse: int(0, 3_600_000), description: 'On SIGTERM/SIGINT, how long running transactions may finish before they are rolled back.' },
  { key: 'defaultDatabase', flag: 'default-database', env: 'QUIVER_DEFAULT_DATABASE', metavar: 'NAME', default: 'neo4j', parse: dbName, description: 'The database sessions use when they name none (created on first start).' },
  { key: 'maxDatabases', flag: 'max-databases', env: 'QUIVER_MAX_DATABASES', metavar: 'N', default: 0, parse: int(0, 100_000_000), description: 'Most user databases; CREATE DATABASE beyond it fails with DatabaseLimitReached (0 = unlimited).' },
  { key: 'dropRetentionMs', flag: 'drop-retention', env: 'QUIVER_DROP_RETENTION', metavar: 'DURATION', parse: parseDuration, description: "How long DROP DATABASE keeps the data for UNDROP DATABASE: ms or '30s', '12h', '7d' (default 7d; 0 = delete at once)." },
  { key: 'logLevel', flag: 'log-level', env: 'QUIVER_LOG_LEVEL', metavar: 'LEVEL', default: 'info', parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), description: "Structured JSON logs on stdout (pino, through fastify): the server's messages and the slow-query log; 'debug' adds every HTTP request; secrets are redacted." },
  { key: 'slowQueryMs', flag: 'slow-query-ms', env: 'QUIVER_SLOW_QUERY_MS', metavar: 'MS', default: 0, parse: int(0, 86_400_000), description: 'Log queries slower than this (a structured warn line: database, user, duration, outcome, query text; never parameters); 0 turns it off.' },
  { key: 'httpTxIdleTimeoutMs', flag: 'http-tx-idle-timeout', env: 'QUIVER_HTTP_TX_IDLE_TIMEOUT', metavar: 'MS', default: 60_000, parse: int(1, 86_400_000), description: 'An open HTTP transaction (POST /db/{db}/tx) that no request touches for this long is rolled back.' },
  { key: 'httpMaxBodyBytes', flag: 'http-max-body', env: 'QUIVER_HTTP_MAX_BODY', metavar: 'BYTES', default: 16 * 1024 * 1024, parse: int(1024, 1024 * 1024 * 1024), description: 'Largest HTTP request body accepted; larger ones get 413.' },
  { key: 'tlsCert', flag: 'tls-cert', env: 'QUIVER_TLS_CERT', metavar: 'FILE', parse: str, description: 'PEM certificate (chain) for the Bolt port: with --tls-key, Bolt speaks TLS only (bolt+s://, bolt+ssc://, wss://).' },
  { key: 'tlsKey', flag: 'tls-key', env: 'QUIVER_TLS_KEY', metavar: 'FILE', parse: str, description: 'PEM private key of --tls-cert (unencrypted).' },
  {
    key: 'defaultLimits',
    flag: 'default-limits',
    env: 'QUIVER_DEFAULT_LIMITS',
    metavar: 'JSON',
    parse: defaultLimits,
    description: 'Limits every new database starts with, as a JSON object: \'{"max_nodes": 1000000, "max_query_time": "60s"}\' (an object in the config file).',
  },
  { key: 'auditLog', flag: 'audit-log', env: 'QUIVER_AUDIT_LOG', metavar: 'FILE', parse: str, description: "The audit log (JSON lines: limit rejections); default <data-dir>/audit.log; 'none' disables it." },
  { key: 'config', flag: 'config', env: 'QUIVER_CONFIG', metavar: 'FILE', parse: str, notInFile: true, description: 'JSON config file; keys are the option names in camelCase (boltPort) or as flags (bolt-port).' },
];

function defaultLimits(raw: unknown): Limits {
  let v = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw);
    } catch {
      throw new Error('expected a JSON object of limits, e.g. {"max_nodes": 1000000}');
    }
  }
  return limitsFromJson(v);
}

function dbName(raw: unknown): string {
  return validateDatabaseName(str(raw));
}

function hostPort(raw: unknown): string {
  const s = str(raw);
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s\]]+):(\d+)$/.exec(s);
  if (m === null || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error('expected HOST:PORT');
  return s;
}

export interface ResolvedConfig {
  readonly config: ServeConfig;
  readonly sources: Readonly<Record<Key, Source>>;
  readonly help: boolean;
}

/** Parses `serve` arguments, the environment and the config file; throws ConfigError. */
export function resolveConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ResolvedConfig {
  const byFlag = new Map(OPTIONS.map((o) => [o.flag, o]));
  const flags = new Map<Key, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (!a.startsWith('--')) throw new ConfigError(`Unexpected argument '${a}'.`);
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = byFlag.get(name);
    if (spec === undefined) throw new ConfigError(`Unknown option '--${name}'.`);
    let value: string;
    if (eq >= 0) {
      value = a.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`Option '--${name}' needs a value (${spec.metavar}).`);
      value = next;
      i++;
    }
    flags.set(spec.key, value);
  }

  const configPath = flags.get('config') ?? nonEmpty(env.QUIVER_CONFIG);
  let file: Record<string, unknown> = {};
  if (configPath !== undefined && !help) file = readConfigFile(configPath, readFile);

  const out: Record<string, string | number | Limits | undefined> = {};
  const sources = {} as Record<Key, Source>;
  for (const o of OPTIONS) {
    const candidates: [Source, unknown, string][] = [
      ['flag', flags.get(o.key), `--${o.flag}`],
      ['env', nonEmpty(env[o.env]), o.env],
      ['file', o.notInFile ? undefined : fileValue(file, o), `'${o.key}' in ${configPath ?? ''}`],
    ];
    const hit = candidates.find(([, v]) => v !== undefined);
    if (hit === undefined) {
      out[o.key] = o.default;
      sources[o.key] = 'default';
      continue;
    }
    const [source, raw, where] = hit;
    try {
      out[o.key] = o.parse(raw);
    } catch (e) {
      // Never echo the value of a secret.
      const shown = o.key === 'initialPassword' ? '' : ` '${typeof raw === 'object' ? JSON.stringify(raw) : String(raw)}'`;
      throw new ConfigError(`Invalid value${shown} for ${where}: ${(e as Error).message}.`);
    }
    sources[o.key] = source;
  }
  if (!help && (out.tlsCert === undefined) !== (out.tlsKey === undefined)) {
    throw new ConfigError('TLS needs both --tls-cert and --tls-key (QUIVER_TLS_CERT / QUIVER_TLS_KEY).');
  }
  return { config: out as unknown as ServeConfig, sources, help };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function readConfigFile(path: string, readFile: (path: string) => string): Record<string, unknown> {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    throw new ConfigError(`Cannot read the config file '${path}': ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`The config file '${path}' is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`The config file '${path}' must hold a JSON object.`);
  }
  const known = new Set(OPTIONS.filter((o) => !o.notInFile).flatMap((o) => [o.key, o.flag]));
  for (const k of Object.keys(parsed)) {
    if (!known.has(k)) throw new ConfigError(`Unknown key '${k}' in the config file '${path}'.`);
  }
  return parsed as Record<string, unknown>;
}

function fileValue(file: Record<string, unknown>, o: OptionSpec): unknown {
  const v = file[o.key] ?? file[o.flag];
  return v === null ? undefined : v;
}

/** The `quiver serve --help` text, generated from the schema. */
export function helpText(): string {
  const rows = OPTIONS.map((o) => {
    const left = `  --${o.flag} ${o.metavar}`;
    const dflt = o.default === undefined ? '' : ` (default: ${o.default})`;
    return `${left.padEnd(34)} ${o.description}${dflt}\n${''.padEnd(35)}env: ${o.env}`;
  });
  return [
    'Usage: quiver serve [options]',
    '',
    'Runs the QuiverDB server: Bolt (TCP and WebSocket) and HTTP on an embedded store.',
    '',
    'Options (precedence: flags > environment variables > config file > defaults):',
    ...rows,
    `  ${'--help'.padEnd(32)} Show this help.`,
    '',
  ].join('\n');
}
