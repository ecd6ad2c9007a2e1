// The `quiver` command: configuration precedence and validation in process, then `serve` as a
// real child process (built output, as `npm start` runs it): ready probe, driver login, SIGTERM
// exit 0, a store that reopens cleanly, and the generated password shown only on first start.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/cli/config.js';
import { main } from '../../src/cli/main.js';
import { Catalog } from '../../src/dbms/catalog.js';
import { UserStore } from '../../src/dbms/users.js';
import { Store } from '../../src/storage/index.js';
import { tempDir } from '../support/tmp.js';

const ROOT = new URL('../../', import.meta.url).pathname;

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env }, out, err };
}

describe('configuration', () => {
  it('takes flags over env over the config file over defaults', () => {
    const file = JSON.stringify({ boltPort: 1111, httpPort: 2222, host: '0.0.0.0', 'data-dir': '/from/file', auth: 'none' });
    const env = { QUIVER_CONFIG: '/etc/quiver.json', QUIVER_BOLT_PORT: '3333', QUIVER_HTTP_PORT: '4444' };
    const r = resolveConfig(['--bolt-port', '5555', '--data-dir=/from/flag'], env, (p) => {
      expect(p).toBe('/etc/quiver.json');
      return file;
    });
    expect(r.config).toMatchObject({ boltPort: 5555, httpPort: 4444, host: '0.0.0.0', dataDir: '/from/flag', auth: 'none', grpcPort: 7688 });
    expect(r.sources).toMatchObject({ boltPort: 'flag', httpPort: 'env', host: 'file', dataDir: 'flag', grpcPort: 'default', auth: 'file' });
  });

  it('has Neo4j-compatible defaults', () => {
    const r = resolveConfig([], {});
    expect(r.config).toMatchObject({ dataDir: './data', boltPort: 7687, httpPort: 7474, grpcPort: 7688, host: '127.0.0.1', auth: 'native' });
  });

  it.each([
    [['--bolt-port', '70000'], {}, /--bolt-port.*0 to 65535/],
    [['--auth', 'maybe'], {}, /--auth.*none, native/],
    [['--nope'], {}, /Unknown option '--nope'/],
    [['--http-port'], {}, /needs a value/],
    [[], { QUIVER_HTTP_PORT: 'eighty' }, /QUIVER_HTTP_PORT/],
    [['--advertised-address', 'no-port'], {}, /HOST:PORT/],
    [['--config', '/definitely/missing.json'], {}, /Cannot read the config file/],
    [['--tls-cert', '/some/cert.pem'], {}, /both --tls-cert and --tls-key/],
    [[], { QUIVER_TLS_KEY: '/some/key.pem' }, /both --tls-cert and --tls-key/],
  ] as const)('exits 2 with a message for %j %j', async (argv, env, message) => {
    const c = io(env);
    expect(await main(['serve', ...argv], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(message);
  });

  it('rejects unknown keys and bad JSON in the config file, and never echoes a password', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{"boltPort": 1, "colour": "red"}');
      let c = io();
      expect(await main(['serve', '--config', bad], c.io)).toBe(2);
      expect(c.err.join('')).toMatch(/Unknown key 'colour'/);
      writeFileSync(bad, '{boltPort: 1');
      c = io();
      expect(await main(['serve', '--config', bad], c.io)).toBe(2);
      expect(c.err.join('')).toMatch(/not valid JSON/);
      writeFileSync(bad, '{"initialPassword": 12345678}');
      c = io();
      expect(await main(['serve', '--config', bad], c.io)).toBe(2);
      expect(c.err.join('')).not.toContain('12345678');
    } finally {
      cleanup();
    }
  });

  it('exits 1 before starting anything when the TLS certificate cannot be read', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const c = io();
      const argv = ['serve', '--data-dir', join(dir, 'data'), '--bolt-port', '0', '--http-port', '0', '--tls-cert', '/missing/cert.pem', '--tls-key', '/missing/key.pem'];
      expect(await main(argv, c.io)).toBe(1);
      expect(c.err.join('')).toMatch(/cannot read the TLS certificate file '\/missing\/cert.pem'/);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      cleanup();
    }
  });

  it('--help lists every option and its environment variable; --version prints the version', async () => {
    let c = io();
    expect(await main(['serve', '--help'], c.io)).toBe(0);
    const help = c.out.join('');
    for (const flag of ['--data-dir', '--bolt-port', '--http-port', '--grpc-port', '--host', '--auth', '--initial-password', '--tls-cert', '--tls-key', '--config']) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('QUIVER_INITIAL_PASSWORD');
    expect(help).toContain('QUIVER_TLS_CERT');
    expect(help).toContain('QUIVER_TLS_KEY');
    c = io();
    expect(await main(['--version'], c.io)).toBe(0);
    expect(c.out.join('')).toMatch(/^quiver \d+\.\d+\.\d+/);
    c = io();
    expect(await main(['frobnicate'], c.io)).toBe(2);
  });
});

describe('quiver serve as a process', () => {
  beforeAll(async () => {
    // The child runs the built output (bin/quiver.js imports dist/), as `npm start` does. Rebuild
    // when any source is newer than it (`npm test` has just built; a bare vitest run may not have).
    // Errors elsewhere in the tree do not stop tsc from emitting.
    const built = join(ROOT, 'dist/src/cli/main.js');
    if (!existsSync(built) || newestSource(join(ROOT, 'src')) > statSync(built).mtimeMs) {
      await new Promise<void>((resolve) => execFile('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT }, () => resolve()));
    }
    expect(existsSync(built)).toBe(true);
  }, 120_000);

  function newestSource(dir: string): number {
    let newest = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      newest = Math.max(newest, e.isDirectory() ? newestSource(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
    }
    return newest;
  }

  function serve(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
    const child = spawn(process.execPath, [join(ROOT, 'bin/quiver.js'), 'serve', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout!.on('data', (d) => (text += d));
    child.stderr!.on('data', (d) => (text += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output: () => text, exited };
  }

  async function waitFor<T>(f: () => T | undefined, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = f();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('invalid configuration exits 2 before starting', async () => {
    const p = serve(['--bolt-port', 'nope']);
    expect(await p.exited).toBe(2);
    expect(p.output()).toMatch(/Invalid value 'nope' for --bolt-port/);
  });

  it('starts, turns ready, accepts the driver, stops on SIGTERM with 0; the store reopens cleanly', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const p = serve(['--bolt-port', '0', '--http-port', '0', '--grpc-port', '0', '--slow-query-ms', '1'], { QUIVER_DATA_DIR: dir, QUIVER_INITIAL_PASSWORD: 'from-env-pw' });
      const banner = await waitFor(() => (/HTTP\s+http:\/\/[^:]+:(\d+)\//.test(p.output()) ? p.output() : undefined));
      expect(banner).not.toContain('from-env-pw');
      const httpPort = Number(/HTTP\s+http:\/\/[^:]+:(\d+)\//.exec(banner)![1]);
      const boltPort = Number(/bolt:\/\/[^:]+:(\d+)/.exec(banner)![1]);
      const ready = await fetch(`http://127.0.0.1:${httpPort}/health/ready`);
      expect(ready.status).toBe(200);
      const driver = neo4j.driver(`bolt://127.0.0.1:${boltPort}`, neo4j.auth.basic('neo4j', 'from-env-pw'));
      await driver.verifyConnectivity();
      await driver.executeQuery('UNWIND range(1, 200000) AS x RETURN count(x) AS c', { secret: 'param-secret' });
      await driver.close();
      // Structured logs: pino JSON lines on stdout, the slow-query log among them, no parameters.
      const slow = await waitFor(() => p.output().split('\n').find((l) => l.startsWith('{') && l.includes('"slow query"')));
      expect(JSON.parse(slow)).toMatchObject({ level: 40, msg: 'slow query', event: 'slow_query', database: 'neo4j', user: 'neo4j', query: expect.stringContaining('range(1, 200000)') });
      expect(p.output()).not.toContain('param-secret');
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(p.output()).toContain('QuiverDB stopped.');

      const store = await Store.open(dir);
      try {
        expect((await Catalog.open(store)).resolve('neo4j').name).toBe('neo4j');
        await expect(new UserStore(store).authenticate('neo4j', 'from-env-pw', 'x')).resolves.toMatchObject({ username: 'neo4j' });
      } finally {
        await store.close();
      }
    } finally {
      cleanup();
    }
  }, 60_000);

  it('shows a generated admin password on the first start only', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const banners: string[] = [];
      for (let i = 0; i < 2; i++) {
        const p = serve(['--data-dir', dir, '--bolt-port', '0', '--http-port', '0', '--grpc-port', '0']);
        banners.push(await waitFor(() => (p.output().includes('Auth ') ? p.output() : undefined)));
        await new Promise((r) => setTimeout(r, 100));
        p.child.kill('SIGINT');
        expect(await p.exited).toBe(0);
      }
      const pw = /generated password:\s+(\S+)/.exec(banners[0]!)?.[1];
      expect(pw).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(banners[1]).not.toContain(pw!);
      expect(banners[1]).not.toMatch(/generated password/);
    } finally {
      cleanup();
    }
  }, 60_000);
});
