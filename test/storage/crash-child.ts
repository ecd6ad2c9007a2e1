// Child process for the crash-safety test: commits transactions forever, each writing a batch of
// nodes into two databases, and prints "ack <n>" after each commit is acknowledged. The parent
// kills it with SIGKILL at a random moment.
import { Catalog } from '../../src/dbms/index.js';
import { Store } from '../../src/storage/index.js';

const [dir, startArg] = process.argv.slice(2);
const PER_TX = 25;

const store = await Store.open(dir!);
const catalog = await Catalog.open(store);
const a = await catalog.create('crash_a', { ifNotExists: true });
const b = await catalog.create('crash_b', { ifNotExists: true });
process.stdout.write('ready\n');
// Several committers at once, so that group commit (many batches, one fsync) is what gets killed.
let next = Number(startArg ?? 0);
async function committer(): Promise<void> {
  for (;;) {
    const n = next++;
    const tx = store.begin();
    const items = Array.from({ length: PER_TX }, (_, i) => ({ labels: ['C'], properties: { seq: BigInt(n), i: BigInt(i), pad: 'x'.repeat(200) } }));
    await (await store.graph(tx, a.id)).createNodes(items);
    await (await store.graph(tx, b.id)).createNodes(items);
    await tx.commit();
    process.stdout.write(`ack ${n}\n`);
  }
}
await Promise.all([committer(), committer(), committer(), committer()]);
