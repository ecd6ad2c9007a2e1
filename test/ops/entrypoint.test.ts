// The Docker image's entry point, run outside Docker (no Docker engine on our machines): with a
// temporary data directory and free ports it starts `quiver serve`, answers /health/ready and
// a Bolt login, and exits 0 on SIGTERM; `version` runs the quiver command instead.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp.js';
import { ensureBuilt, freePort } from './helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'docker/entrypoint.sh');

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

describe('docker/entrypoint.sh', () => {
  it('serves on the data directory with QUIVER_* settings, is ready, and stops on SIGTERM', async () => {
    const { dir, cleanup } = tempDir('quiver-entry-');
    const [http, bolt, grpc] = [await freePort(), await freePort(), await freePort()];
    const data = join(dir, 'data');
    const child = spawn('sh', [SCRIPT], {
      env: {
        ...process.env,
        QUIVER_BIN: join(ROOT, 'bin/quiver.js'),
        QUIVER_DATA_DIR: data,
        QUIVER_HTTP_PORT: String(http),
        QUIVER_BOLT_PORT: String(bolt),
        QUIVER_GRPC_PORT: String(grpc),
        QUIVER_INITIAL_PASSWORD: 'entrypoint-secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let ready = false;
      for (let i = 0; i < 200 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${http}/health/ready`).then((r) => r.ok, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, output).toBe(true);
      // It listens on every interface (the image's default host) and uses the given data directory.
      expect(output).toContain(`Data      ${data}`);
      expect(existsSync(join(data, 'CURRENT'))).toBe(true);
      const driver = neo4j.driver(`bolt://127.0.0.1:${bolt}`, neo4j.auth.basic('neo4j', 'entrypoint-secret'));
      try {
        const r = await driver.executeQuery('RETURN 1 AS one');
        expect(r.records[0]!.get('one').toNumber()).toBe(1);
      } finally {
        await driver.close();
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      cleanup();
    }
  }, 60_000);

  it('runs a quiver command given as the first argument', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('sh', [SCRIPT, 'version'], { env: { ...process.env, QUIVER_BIN: join(ROOT, 'bin/quiver.js') } }, (e, stdout) => (e ? reject(e) : resolve(stdout))),
    );
    expect(out).toMatch(/^quiver \d+\.\d+\.\d+/);
  });
});
