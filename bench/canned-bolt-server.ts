// A reference for `bench/bolt-bench.ts`: a Bolt "server" with no engine, run as its own process,
// that answers every request with canned bytes (HELLO, LOGON, RUN `RETURN 1`, PULL, RESET,
// GOODBYE). Driving it with the same neo4j-driver loop shows what the driver and the network cost
// on their own, i.e. the best any server could do. Prints its port as one JSON line on stdout.
import { createServer } from 'node:net';
import { beginMessage, Dechunker, endMessage } from '../src/server/bolt/chunking.js';
import { Packer, type PackValue } from '../src/server/bolt/packstream.js';

function framed(...messages: [number, ...PackValue[]][]): Buffer {
  const p = new Packer();
  for (const [sig, ...fields] of messages) {
    const s = beginMessage(p);
    p.structHeader(fields.length, sig);
    for (const f of fields) p.pack(f);
    endMessage(p, s);
  }
  return Buffer.from(p.view());
}

const SUCCESS = 0x70, RECORD = 0x71;
const replies = new Map<number, Buffer>([
  [0x01, framed([SUCCESS, { server: 'Neo4j/5.26.0', connection_id: 'canned', hints: {} }])],
  [0x10, framed([SUCCESS, { fields: ['1'], t_first: 0n }])],
  [0x3f, framed([RECORD, [1n]], [SUCCESS, { type: 'r', t_last: 0n, db: 'neo4j', bookmark: 'canned' }])],
]);
const OK = framed([SUCCESS, {}]);

const server = createServer({ noDelay: true }, (socket) => {
  socket.setNoDelay(true);
  let handshaken = false;
  let out: Buffer[] = [];
  const dechunker = new Dechunker((m) => {
    const sig = m[1]!;
    if (sig === 0x02) socket.end();
    else out.push(replies.get(sig) ?? OK);
  });
  socket.on('data', (d: Buffer) => {
    if (!handshaken) {
      handshaken = true;
      socket.write(Buffer.from([0, 0, 8, 5]));
      d = d.subarray(20);
    }
    dechunker.push(d);
    if (out.length > 0) {
      socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
      out = [];
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(JSON.stringify({ port: typeof a === 'object' && a !== null ? a.port : 0 }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
