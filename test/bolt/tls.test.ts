// TLS on the Bolt port: a self-signed certificate made with the openssl CLI; the real driver
// connects over bolt+ssc:// (trust any certificate) and over bolt:// with the certificate as its
// trusted CA; a plain-text client is refused without harming the server.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { tempDir } from '../support/tmp.js';
import { RawClient } from './raw-client.js';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const OPENSSL = hasOpenssl();
if (!OPENSSL) console.warn('tls.test.ts: skipped: the openssl CLI is not installed, so no certificate can be generated');

describe.skipIf(!OPENSSL)('Bolt over TLS (needs the openssl CLI)', () => {
  let server: RunningServer;
  let cleanup: () => void;
  let certFile: string;
  // A fresh object each time: the driver writes the URL's encryption settings into its config.
  const quiet = () => ({ logging: { level: 'error' as const, logger: () => {} } });

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
    ], { stdio: 'ignore' });
    server = await startServer({ dataDir: join(dir, 'data'), boltPort: 0, httpPort: 0, grpcPort: 0, auth: 'native', initialPassword: 'pw', tls: { certFile, keyFile } });
  });

  afterAll(async () => {
    await server?.stop();
    cleanup?.();
  });

  it('the driver runs queries over bolt+ssc://', async () => {
    const d = neo4j.driver(`bolt+ssc://localhost:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), quiet());
    try {
      await d.verifyConnectivity();
      const r = await d.executeQuery('UNWIND range(1, 5000) AS i RETURN sum(i) AS s, $x AS x', { x: 'über 🦊' });
      expect(r.records[0]!.get('s').toNumber()).toBe(12_502_500);
      expect(r.records[0]!.get('x')).toBe('über 🦊');
      const s = d.session({ fetchSize: 100 });
      try {
        expect((await s.run('UNWIND range(1, 2500) AS i RETURN i')).records.length).toBe(2500);
      } finally {
        await s.close();
      }
    } finally {
      await d.close();
    }
  });

  it('neo4j+ssc:// routes, and bolt:// with the certificate as trusted CA verifies it', async () => {
    const routing = neo4j.driver(`neo4j+ssc://localhost:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), quiet());
    const verified = neo4j.driver(`bolt://localhost:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), {
      ...quiet(),
      encrypted: 'ENCRYPTION_ON',
      trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES',
      trustedCertificates: [certFile],
    });
    try {
      expect((await routing.executeQuery('RETURN 1 AS one')).records[0]!.get('one').toNumber()).toBe(1);
      expect((await verified.executeQuery('RETURN 2 AS two')).records[0]!.get('two').toNumber()).toBe(2);
    } finally {
      await routing.close();
      await verified.close();
    }
  });

  it('the HTTP port speaks HTTPS with the same certificate', async () => {
    const { get, request } = await import('node:https');
    const { readFileSync } = await import('node:fs');
    const ca = readFileSync(certFile);
    const status = await new Promise<number>((resolve, reject) => {
      get({ host: 'localhost', port: server.httpPort, path: '/health/ready', ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: 'localhost', port: server.httpPort, path: '/db/neo4j/query/v2', method: 'POST', ca, headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('neo4j:pw').toString('base64')}` } },
        (res) => {
          let t = '';
          res.on('data', (d: Buffer) => (t += d.toString()));
          res.on('end', () => resolve(t));
        },
      );
      req.on('error', reject);
      req.end('{"statement":"RETURN 2 AS two"}');
    });
    expect(JSON.parse(body).data.values).toEqual([[2]]);
    // Plain HTTP on the HTTPS port gets no answer; the server carries on.
    await expect(fetch(`http://localhost:${server.httpPort}/health/ready`)).rejects.toThrow();
  });

  it('the gRPC port speaks TLS with the same certificate', async () => {
    const grpc = await import('@grpc/grpc-js');
    const protoLoader = await import('@grpc/proto-loader');
    const { readFileSync } = await import('node:fs');
    const { PROTO_OPTIONS, protoPath } = await import('../../src/server/grpc/index.js');
    const pkg = grpc.loadPackageDefinition(protoLoader.loadSync([protoPath('quiver.proto')], PROTO_OPTIONS)) as any;
    const md = new grpc.Metadata();
    md.set('authorization', `Basic ${Buffer.from('neo4j:pw').toString('base64')}`);
    const call = (creds: any) =>
      new Promise<unknown[]>((resolve, reject) => {
        const client = new pkg.quiver.v1.Quiver(`localhost:${server.grpcPort}`, creds);
        const events: unknown[] = [];
        const s = client.Run({ query: 'RETURN 3 AS three' }, md, { deadline: Date.now() + 5000 });
        s.on('data', (e: unknown) => events.push(e));
        s.on('error', (e: unknown) => {
          client.close();
          reject(e);
        });
        s.on('end', () => {
          client.close();
          resolve(events);
        });
      });
    const events = await call(grpc.credentials.createSsl(readFileSync(certFile)));
    expect(events).toContainEqual(expect.objectContaining({ records: { records: [{ values: [{ integer: '3', kind: 'integer' }] }] } }));
    await expect(call(grpc.credentials.createInsecure())).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
  });

  it('a plain-text client gets no Bolt session, and the server carries on', async () => {
    const plain = neo4j.driver(`bolt://localhost:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), { ...quiet(), connectionTimeout: 3000 });
    try {
      await expect(plain.verifyConnectivity()).rejects.toThrow();
    } finally {
      await plain.close();
    }
    const raw = await RawClient.connect(server.boltPort);
    raw.socket.write(Buffer.from('6060b01700000805000004040000000000000000', 'hex'));
    expect(await raw.next(5000)).toBe('closed');
    const d = neo4j.driver(`bolt+ssc://localhost:${server.boltPort}`, neo4j.auth.basic('neo4j', 'pw'), quiet());
    try {
      await d.verifyConnectivity();
    } finally {
      await d.close();
    }
  });
});
