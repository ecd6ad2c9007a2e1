// Child process for the cross-database crash test: forever, one query writes a batch of nodes to
// two databases at once (each node tagged with the round). Before each it prints "want <round>",
// after the commit is acknowledged "ack <round>". The parent SIGKILLs it at a random moment.
import { open } from '../../src/index.js';

const [dir] = process.argv.slice(2);
const db = await open(dir!);
const s = db.session('neo4j');
const last = await s.run('MATCH (t:T) FROM DATABASE cx_a RETURN coalesce(max(t.round), 0) AS r');
let round = Number(last.rows[0]![0]);
process.stdout.write('ready\n');
for (;;) {
  round++;
  process.stdout.write(`want ${round}\n`);
  await s.run('UNWIND range(1, 200) AS k CREATE (:T {round: $r, k: k, pad: $pad}) FROM DATABASE cx_a CREATE (:U {round: $r, k: k, pad: $pad}) FROM DATABASE cx_b', {
    r: BigInt(round),
    pad: 'x'.repeat(200),
  });
  process.stdout.write(`ack ${round}\n`);
}
