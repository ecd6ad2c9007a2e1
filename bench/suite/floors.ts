// Physical floors the suite and the stand-alone benches measure against, in this process.
import { ClassicLevel } from 'classic-level';

/** Durable commits per second with one fsync each: chained one-put batches written with `sync`. */
export async function rawDurableCommitRate(dir: string, seconds: number): Promise<number> {
  const db = new ClassicLevel<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  try {
    const value = Buffer.alloc(100, 1);
    let puts = 0;
    const t0 = performance.now();
    const stop = t0 + seconds * 1000;
    while (performance.now() < stop) {
      const b = db.batch();
      b.put(Buffer.from(`k${puts}`), value);
      await b.write({ sync: true });
      puts++;
    }
    return puts / ((performance.now() - t0) / 1000);
  } finally {
    await db.close();
  }
}
