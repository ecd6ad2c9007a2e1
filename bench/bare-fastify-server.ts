// The peer for `bench/http-bench.ts`: a bare fastify app, in its own process like the server, with
// one POST route that returns a constant JSON body of the shape `tx/commit` answers. Prints its
// port as one JSON line on stdout and serves until killed.
import Fastify from 'fastify';

const BODY = { results: [{ columns: ['1'], data: [{ row: [1], meta: [null] }] }], errors: [], lastBookmarks: ['quiver:bench'] };
const app = Fastify({ logger: false });
app.post('/db/neo4j/tx/commit', async () => BODY);
await app.listen({ host: '127.0.0.1', port: 0 });
const a = app.server.address();
process.stdout.write(JSON.stringify({ port: typeof a === 'object' && a !== null ? a.port : 0 }) + '\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
