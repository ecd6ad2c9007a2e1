// Shared set-up of the operations tests: a real server on free ports, a CLI io that captures output.
import { Readable } from 'node:stream';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { tempDir } from '../support/tmp.js';

export const PASSWORD = 'ops-test-password';

export async function server(extra: { auth?: 'none' | 'native' } = {}): Promise<{ s: RunningServer; dir: string; close: () => Promise<void> }> {
  const { dir, cleanup } = tempDir('quiver-ops-');
  const s = await startServer({ dataDir: `${dir}/data`, boltPort: 0, httpPort: 0, auth: extra.auth ?? 'native', initialPassword: PASSWORD, defaultMetrics: false, auditLog: null });
  return {
    s,
    dir,
    close: async () => {
      await s.stop();
      cleanup();
    },
  };
}

/** A CliIo that records output, with stdin from `input` (non-interactive). */
export function captureIo(input = '', env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      env,
      stdin: Readable.from([input]),
      interactive: false,
      progress: false,
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/**
 * Builds dist/ (what bin/quiver.js runs) when a source is newer than it, as test/server/cli.test.ts
 * does; errors elsewhere in the tree do not stop tsc from emitting.
 */
export async function ensureBuilt(): Promise<void> {
  const { execFile } = await import('node:child_process');
  const { existsSync, readdirSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = new URL('../../', import.meta.url).pathname;
  const newest = (dir: string): number => {
    let n = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      n = Math.max(n, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
    }
    return n;
  };
  const built = join(root, 'dist/src/cli/main.js');
  if (!existsSync(built) || newest(join(root, 'src')) > statSync(built).mtimeMs) {
    await new Promise<void>((resolve) => execFile('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root }, () => resolve()));
  }
}

/** A free TCP port (briefly bound, then released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}
