// Bolt request messages decoded into a readonly discriminated union (with field validation), and
// the response encoders (specs/bolt-and-http.md sections 4-5).
import { ERRORS, quiverError, QuiverError } from '../../errors.js';
import type { CypherMap, Value } from '../../values/types.js';
import type { AccessMode, NotificationFilter } from '../session.js';
import { beginMessage, endMessage } from './chunking.js';
import { type BoltVersion, version } from './handshake.js';
import type { PackValue, Packer, Unpacker } from './packstream.js';

export const Sig = {
  HELLO: 0x01,
  GOODBYE: 0x02,
  RESET: 0x0f,
  RUN: 0x10,
  BEGIN: 0x11,
  COMMIT: 0x12,
  ROLLBACK: 0x13,
  DISCARD: 0x2f,
  PULL: 0x3f,
  TELEMETRY: 0x54,
  ROUTE: 0x66,
  LOGON: 0x6a,
  LOGOFF: 0x6b,
  SUCCESS: 0x70,
  RECORD: 0x71,
  IGNORED: 0x7e,
  FAILURE: 0x7f,
} as const;

/** An authentication token (LOGON, or HELLO before 5.1). */
export interface AuthToken {
  readonly scheme: string;
  readonly principal: string | null;
  readonly credentials: string | null;
  readonly realm: string | null;
}

/** Transaction settings from RUN/BEGIN extra. */
export interface TxExtra {
  readonly db: string | null;
  readonly mode: AccessMode;
  readonly bookmarks: readonly string[];
  readonly txTimeoutMs?: number;
  readonly metadata?: CypherMap;
  readonly impUser: string | null;
  readonly notifications: NotificationFilter | undefined;
}

export type Request =
  | {
      readonly type: 'HELLO';
      readonly userAgent: string;
      /** Bolt 4.4 / 5.0 carry auth in HELLO; 5.1+ use LOGON. */
      readonly auth: AuthToken | null;
      readonly routing: CypherMap | null;
      readonly patchBolt: readonly string[];
      /** Connection-wide notification filter; BEGIN/RUN may override it. */
      readonly notifications: NotificationFilter | undefined;
    }
  | { readonly type: 'LOGON'; readonly auth: AuthToken }
  | { readonly type: 'LOGOFF' }
  | { readonly type: 'GOODBYE' }
  | { readonly type: 'RESET' }
  | { readonly type: 'RUN'; readonly query: string; readonly parameters: CypherMap; readonly tx: TxExtra }
  | { readonly type: 'BEGIN'; readonly tx: TxExtra }
  | { readonly type: 'COMMIT' }
  | { readonly type: 'ROLLBACK' }
  /** n = -1: all; qid = -1: the last query. */
  | { readonly type: 'PULL' | 'DISCARD'; readonly n: number; readonly qid: number }
  | { readonly type: 'TELEMETRY'; readonly api: number }
  | {
      readonly type: 'ROUTE';
      readonly routing: CypherMap;
      readonly bookmarks: readonly string[];
      readonly db: string | null;
      readonly impUser: string | null;
    };

export type RequestType = Request['type'];

/** A request the connection cannot interpret at all (unknown message): answered with FAILURE, then closed. */
export class ProtocolViolation extends QuiverError {}

function invalid(message: string): QuiverError {
  return quiverError('RequestInvalid', message);
}

/** Decodes one dechunked message. Throws ProtocolViolation for unknown messages, QuiverError for bad fields. */
export function decodeRequest(u: Unpacker, msg: Buffer, v: BoltVersion): Request {
  u.reset(msg);
  const [n, sig] = u.structHeader();
  const f: Value[] = [];
  for (let i = 0; i < n; i++) f.push(u.value());
  if (u.remaining !== 0) throw quiverError('RequestInvalidFormat', `${u.remaining} unexpected bytes after the message`);
  const expect = (count: number): void => {
    if (f.length !== count) throw invalid(`${sigName(sig)} expects ${count} fields, got ${f.length}.`);
  };
  switch (sig) {
    case Sig.HELLO: {
      expect(1);
      const extra = asMap(f[0], 'HELLO extra');
      const patch = extra.get('patch_bolt');
      return {
        type: 'HELLO',
        userAgent: optString(extra, 'user_agent') ?? '',
        auth: v < version(5, 1) ? authToken(extra) : null,
        routing: extra.has('routing') && extra.get('routing') !== null ? asMap(extra.get('routing'), 'routing') : null,
        patchBolt: Array.isArray(patch) ? patch.filter((p): p is string => typeof p === 'string') : [],
        notifications: notificationFilter(extra),
      };
    }
    case Sig.LOGON:
      if (v < version(5, 1)) break;
      expect(1);
      return { type: 'LOGON', auth: authToken(asMap(f[0], 'LOGON auth')) };
    case Sig.LOGOFF:
      if (v < version(5, 1)) break;
      expect(0);
      return { type: 'LOGOFF' };
    case Sig.GOODBYE:
      expect(0);
      return { type: 'GOODBYE' };
    case Sig.RESET:
      expect(0);
      return { type: 'RESET' };
    case Sig.RUN: {
      expect(3);
      if (typeof f[0] !== 'string') throw invalid('RUN query must be a string.');
      return { type: 'RUN', query: f[0], parameters: asMap(f[1], 'RUN parameters'), tx: txExtra(asMap(f[2], 'RUN extra')) };
    }
    case Sig.BEGIN:
      expect(1);
      return { type: 'BEGIN', tx: txExtra(asMap(f[0], 'BEGIN extra')) };
    case Sig.COMMIT:
      expect(0);
      return { type: 'COMMIT' };
    case Sig.ROLLBACK:
      expect(0);
      return { type: 'ROLLBACK' };
    case Sig.PULL:
    case Sig.DISCARD: {
      expect(1);
      const extra = asMap(f[0], sig === Sig.PULL ? 'PULL extra' : 'DISCARD extra');
      const nv = extra.get('n');
      if (typeof nv !== 'bigint' || (nv !== -1n && nv <= 0n)) throw invalid(`${sigName(sig)} needs n: a positive integer or -1.`);
      const q = extra.get('qid') ?? -1n;
      if (typeof q !== 'bigint' || q < -1n) throw invalid(`${sigName(sig)} qid must be an integer >= -1.`);
      const big = BigInt(Number.MAX_SAFE_INTEGER);
      return { type: sig === Sig.PULL ? 'PULL' : 'DISCARD', n: Number(nv > big ? big : nv), qid: Number(q > big ? big : q) };
    }
    case Sig.TELEMETRY: {
      if (v < version(5, 4)) break;
      expect(1);
      if (typeof f[0] !== 'bigint') throw invalid('TELEMETRY api must be an integer.');
      return { type: 'TELEMETRY', api: Number(f[0]) };
    }
    case Sig.ROUTE: {
      expect(3);
      const routing = asMap(f[0], 'ROUTE routing');
      const bookmarks = stringList(f[1], 'ROUTE bookmarks');
      if (f[2] === null || typeof f[2] === 'string') return { type: 'ROUTE', routing, bookmarks, db: f[2], impUser: null };
      const extra = asMap(f[2], 'ROUTE extra');
      return { type: 'ROUTE', routing, bookmarks, db: optString(extra, 'db'), impUser: optString(extra, 'imp_user') };
    }
  }
  throw new ProtocolViolation('RequestInvalid', `Message 0x${sig.toString(16).padStart(2, '0')} is not supported in Bolt ${v >> 8}.${v & 0xff}.`);
}

function sigName(sig: number): string {
  for (const [k, s] of Object.entries(Sig)) if (s === sig) return k;
  return `0x${sig.toString(16)}`;
}

function asMap(v: Value | undefined, what: string): CypherMap {
  if (!(v instanceof Map)) throw invalid(`${what} must be a map.`);
  return v as CypherMap;
}

function optString(m: CypherMap, key: string): string | null {
  const v = m.get(key);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalid(`${key} must be a string.`);
  return v;
}

function stringList(v: Value | undefined, what: string): string[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw invalid(`${what} must be a list of strings.`);
  return v as string[];
}

function authToken(m: CypherMap): AuthToken {
  const scheme = m.get('scheme');
  // Credentials are never put into an error message.
  const credentials = m.get('credentials');
  return {
    scheme: typeof scheme === 'string' ? scheme : 'none',
    principal: optString(m, 'principal'),
    credentials: typeof credentials === 'string' ? credentials : null,
    realm: typeof m.get('realm') === 'string' ? (m.get('realm') as string) : null,
  };
}

function txExtra(m: CypherMap): TxExtra {
  const mode = optString(m, 'mode');
  if (mode !== null && mode !== 'r' && mode !== 'w') throw invalid(`mode must be "r" or "w", not "${mode}".`);
  const timeout = m.get('tx_timeout');
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'bigint' || timeout < 0n)) {
    throw invalid('tx_timeout must be a non-negative integer (milliseconds).');
  }
  const meta = m.get('tx_metadata');
  return {
    db: optString(m, 'db'),
    mode: mode === 'r' ? 'read' : 'write',
    bookmarks: stringList(m.get('bookmarks'), 'bookmarks'),
    txTimeoutMs: typeof timeout === 'bigint' && timeout > 0n ? Number(timeout) : undefined,
    metadata: meta === undefined || meta === null ? undefined : asMap(meta, 'tx_metadata'),
    impUser: optString(m, 'imp_user'),
    notifications: notificationFilter(m),
  };
}

const SEVERITIES = new Set(['OFF', 'WARNING', 'INFORMATION']);

function notificationFilter(m: CypherMap): NotificationFilter | undefined {
  const severity = optString(m, 'notifications_minimum_severity');
  const disabled = m.get('notifications_disabled_classifications') ?? m.get('notifications_disabled_categories');
  if (severity === null && (disabled === undefined || disabled === null)) return undefined;
  if (severity !== null && !SEVERITIES.has(severity)) throw invalid(`notifications_minimum_severity must be OFF, WARNING or INFORMATION, not "${severity}".`);
  const filter: { minimumSeverity?: 'OFF' | 'WARNING' | 'INFORMATION'; disabledCategories?: readonly string[] } = {};
  if (severity !== null) filter.minimumSeverity = severity as 'OFF' | 'WARNING' | 'INFORMATION';
  if (disabled !== undefined && disabled !== null) filter.disabledCategories = stringList(disabled, 'notifications_disabled_classifications');
  return filter;
}

// ---- responses -----------------------------------------------------------------------------------

/** SUCCESS with metadata (a plain object; undefined entries are left out). */
export function writeSuccess(p: Packer, meta: { readonly [key: string]: PackValue }): void {
  const s = beginMessage(p);
  p.structHeader(1, Sig.SUCCESS);
  p.pack(meta);
  endMessage(p, s);
}

export function writeRecord(p: Packer, values: readonly Value[]): void {
  const s = beginMessage(p);
  p.structHeader(1, Sig.RECORD);
  p.listHeader(values.length);
  for (let i = 0; i < values.length; i++) p.pack(values[i]);
  endMessage(p, s);
}

export function writeIgnored(p: Packer): void {
  const s = beginMessage(p);
  p.structHeader(0, Sig.IGNORED);
  endMessage(p, s);
}

const CLASSIFICATION = { ClientError: 'CLIENT_ERROR', TransientError: 'TRANSIENT_ERROR', DatabaseError: 'DATABASE_ERROR' } as const;

/** FAILURE: `neo4j_code` plus GQL fields from Bolt 5.7 on, `code` before. */
export function writeFailure(p: Packer, e: QuiverError, v: BoltVersion): void {
  const s = beginMessage(p);
  p.structHeader(1, Sig.FAILURE);
  if (v >= version(5, 7)) {
    p.pack({
      neo4j_code: e.code,
      message: e.message,
      gql_status: e.gqlStatus,
      description: `error: ${ERRORS[e.kind].description}`,
      diagnostic_record: {
        OPERATION: '',
        OPERATION_CODE: '0',
        CURRENT_SCHEMA: '/',
        _classification: CLASSIFICATION[e.classification],
      },
    });
  } else {
    p.pack({ code: e.code, message: e.message });
  }
  endMessage(p, s);
}

/** Anything thrown below the session boundary, as a QuiverError (bugs become UnknownError). */
export function toQuiverError(e: unknown): QuiverError {
  if (e instanceof QuiverError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return quiverError('UnknownError', `An unexpected error occurred: ${msg}`, e);
}
