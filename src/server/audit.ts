// The audit log (DESIGN.md section 10): one JSON object per line, appended to a file (default
// `<dataDir>/audit.log`). It records limit rejections, authentication failures (server.ts),
// administration commands and cross-database queries (local-engine.ts), all through `write`.
// Secrets never reach it: any field whose name says password, secret, credentials, token or
// authorization is replaced by "[redacted]" at any depth, whatever the caller passes.
//
// A client hammering a limit must not turn the audit log into a disk-filling amplifier: per
// database and limit, the first 100 rejections of each second are written one by one, the rest
// of that second as one `limit_rejections_suppressed` line with their count.
//
//   {"time":"2026-11-23T10:00:00.000Z","event":"limit_rejection","database":"tenant_a",
//    "limit":"max_nodes","value":1000,"observed":1001,"code":"Neo.ClientError.Database.StorageLimitExceeded",...}
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { LimitRejection } from '../dbms/limits.js';

export interface AuditEvent {
  /** What happened: `limit_rejection`, `limit_rejections_suppressed`, `auth_failure`, `admin_command`, `cross_database_query`. */
  readonly event: string;
  readonly [field: string]: unknown;
}

/** Rejections written one by one per database, limit and second; the rest are counted. */
const REJECTIONS_PER_SECOND = 100;

const SECRET = /pass(word)?|secret|credential|token|authori[sz]ation/i;

function redact(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || depth > 8) return typeof v === 'bigint' ? v.toString() : v;
  if (Array.isArray(v)) return v.map((x) => redact(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET.test(k) ? '[redacted]' : redact(x, depth + 1);
  return out;
}

export class AuditLog {
  private stream: WriteStream | null;
  private failed = false;
  private readonly windows = new Map<string, { database: string; limit: string; second: number; written: number; suppressed: number }>();
  private flushTimer: NodeJS.Timeout | undefined;

  /** `path` null = no audit log (writes are dropped). */
  constructor(
    readonly path: string | null,
    private readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void,
  ) {
    if (path === null) {
      this.stream = null;
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    this.stream.on('error', (e) => {
      // A full or unwritable disk must not take the server down; say so once.
      if (!this.failed) this.log?.('error', `the audit log '${path}' cannot be written: ${e.message}`);
      this.failed = true;
      this.stream = null;
    });
  }

  /** Appends one event (buffered; never throws). */
  write(e: AuditEvent): void {
    if (this.stream === null) return;
    const line = JSON.stringify({ time: new Date().toISOString(), ...(redact(e) as object) });
    this.stream.write(line + '\n');
  }

  /** A limit rejection (rate-capped per database, limit and second; see above). */
  limitRejection(r: LimitRejection): void {
    if (this.stream === null) return;
    const second = Math.floor(Date.now() / 1000);
    const key = `${r.database}\u0000${r.limit}`;
    let w = this.windows.get(key);
    if (w === undefined || w.second !== second) {
      if (w !== undefined) this.flushWindow(w);
      w = { database: r.database, limit: r.limit, second, written: 0, suppressed: 0 };
      this.windows.set(key, w);
    }
    if (w.written < REJECTIONS_PER_SECOND) {
      w.written++;
      this.write({ event: 'limit_rejection', ...r });
      return;
    }
    w.suppressed++;
    if (this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.flushAll(Math.floor(Date.now() / 1000));
      }, 1100);
      this.flushTimer.unref();
    }
  }

  private flushWindow(w: { database: string; limit: string; second: number; suppressed: number }): void {
    if (w.suppressed === 0) return;
    this.write({ event: 'limit_rejections_suppressed', database: w.database, limit: w.limit, second: new Date(w.second * 1000).toISOString(), count: w.suppressed });
    w.suppressed = 0;
  }

  /** Writes the counts of finished seconds and forgets their windows. */
  private flushAll(current: number): void {
    for (const [k, w] of this.windows) {
      if (w.second >= current) continue;
      this.flushWindow(w);
      this.windows.delete(k);
    }
  }

  /** Flushes and closes. */
  async close(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushAll(Infinity);
    const s = this.stream;
    this.stream = null;
    if (s === null) return;
    await new Promise<void>((resolve) => s.end(resolve));
  }
}
