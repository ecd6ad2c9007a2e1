// `GET /`: the discovery document Neo4j clients and tools read to find the Bolt and HTTP endpoints
// (specs/bolt-and-http.md section 8). Unauthenticated.
import type { FastifyPluginAsync } from 'fastify';

export interface DiscoveryOptions {
  /** The Bolt port actually bound (known after listen). */
  readonly boltPort: () => number;
  /** Advertised Bolt host:port, if configured; otherwise the host the client used, with boltPort. */
  readonly boltAdvertised?: () => string | undefined;
  /** The Neo4j version we present to tools (they gate features on it). */
  readonly neo4jVersion: string;
  readonly quiverVersion: string;
}

export const discoveryPlugin: FastifyPluginAsync<DiscoveryOptions> = async (app, opts) => {
  app.get('/', async (req) => {
    const base = `${req.protocol}://${req.host}`;
    const bolt = opts.boltAdvertised?.() ?? `${bracket(req.hostname)}:${opts.boltPort()}`;
    return {
      bolt_routing: `neo4j://${bolt}`,
      transaction: `${base}/db/{databaseName}/tx`,
      bolt_direct: `bolt://${bolt}`,
      neo4j_version: opts.neo4jVersion,
      neo4j_edition: 'community',
      query: `${base}/db/{databaseName}/query/v2`,
      auth_config: { oidc_providers: [] },
      quiver_version: opts.quiverVersion,
    };
  });
};

/** IPv6 literals need brackets in a URL authority. */
function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
