// The HTTP plugins through app.inject(): discovery document and health probes.
import { describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/server/http/app.js';

async function app(ready: { value: boolean }, advertised?: string) {
  return buildHttpApp({
    health: { ready: () => ready.value },
    discovery: { boltPort: () => 7687, boltAdvertised: () => advertised, neo4jVersion: '5.26.0', quiverVersion: '0.1.0' },
  });
}

describe('health', () => {
  it('live is always 200; ready follows the server state', async () => {
    const ready = { value: false };
    const a = await app(ready);
    expect((await a.inject({ url: '/health/live' })).statusCode).toBe(200);
    const starting = await a.inject({ url: '/health/ready' });
    expect(starting.statusCode).toBe(503);
    expect(starting.json()).toEqual({ status: 'DOWN' });
    ready.value = true;
    expect((await a.inject({ url: '/health/ready' })).statusCode).toBe(200);
    await a.close();
  });
});

describe('discovery', () => {
  it('GET / names the Bolt and HTTP endpoints from the host the client used', async () => {
    const a = await app({ value: true });
    const res = await a.inject({ url: '/', headers: { host: 'db.example:7474' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      bolt_routing: 'neo4j://db.example:7687',
      bolt_direct: 'bolt://db.example:7687',
      transaction: 'http://db.example:7474/db/{databaseName}/tx',
      query: 'http://db.example:7474/db/{databaseName}/query/v2',
      neo4j_version: '5.26.0',
      neo4j_edition: 'community',
      auth_config: { oidc_providers: [] },
    });
    await a.close();
  });

  it('uses the advertised Bolt address when configured', async () => {
    const a = await app({ value: true }, 'bolt.example:443');
    const res = await a.inject({ url: '/', headers: { host: 'x:1' } });
    expect(res.json().bolt_direct).toBe('bolt://bolt.example:443');
    await a.close();
  });
});
