// The network floor for `bench/bolt-bench.ts`: a raw TCP echo server run as its own process, so the
// echo round trips cross the same process boundary as the Bolt ones. Prints its port as one JSON
// line on stdout, then echoes every byte back until killed.
import { createServer } from 'node:net';

const server = createServer({ noDelay: true }, (socket) => {
  socket.setNoDelay(true);
  socket.on('data', (d) => socket.write(d));
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(JSON.stringify({ port: typeof a === 'object' && a !== null ? a.port : 0 }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
