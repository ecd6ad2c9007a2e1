// Memory accounting: sort, aggregation, DISTINCT and eager buffers are charged to the statement;
// beyond RunOptions.maxTransactionMemory the statement fails with TransactionOutOfMemoryError and
// the database stays usable.
import { describe, expect, it } from 'vitest';
import { engineFixture } from '../support/engine.js';
import { isQuiverError, type Session } from '../../src/index.js';

engineFixture('memory', async (session) => {
  s = session;
});
let s: Session;


const LIMIT = { maxTransactionMemory: 1_000_000 };
const outOfMemory = (e: unknown) => isQuiverError(e, 'TransactionOutOfMemory') && e.code === 'Neo.ClientError.General.TransactionOutOfMemoryError';

describe('maxTransactionMemory', () => {
  it('fails a big collect() cleanly; the same query without a limit runs', async () => {
    const q = 'UNWIND range(1, 200000) AS i RETURN size(collect(i)) AS n';
    await expect(s.run(q, {}, LIMIT)).rejects.toSatisfy(outOfMemory);
    expect((await s.run(q)).rows).toEqual([[200000n]]);
    expect((await s.run('UNWIND range(1, 1000) AS i RETURN size(collect(i)) AS n', {}, LIMIT)).rows).toEqual([[1000n]]);
  });

  it('charges ORDER BY, DISTINCT, grouping and eager buffers', async () => {
    await expect(s.run('UNWIND range(1, 100000) AS i RETURN i ORDER BY i DESC LIMIT 1', {}, LIMIT)).rejects.toSatisfy(outOfMemory);
    await expect(s.run('UNWIND range(1, 100000) AS i RETURN DISTINCT i', {}, LIMIT)).rejects.toSatisfy(outOfMemory);
    await expect(s.run('UNWIND range(1, 100000) AS i RETURN i % 50000 AS k, count(*) AS c', {}, LIMIT)).rejects.toSatisfy(outOfMemory);
    await expect(s.run('UNWIND range(1, 100000) AS i CREATE (:M {i: i}) WITH i MATCH (m:M) RETURN count(*)', {}, LIMIT)).rejects.toSatisfy(outOfMemory);
    // Few groups stay small however many rows stream through.
    expect((await s.run('UNWIND range(1, 100000) AS i RETURN i % 3 AS k, count(*) AS c ORDER BY k', {}, LIMIT)).rows).toEqual([
      [0n, 33333n],
      [1n, 33334n],
      [2n, 33333n],
    ]);
  });

  it('releases what a subquery held after each run', async () => {
    const q = 'UNWIND range(1, 2000) AS i CALL { WITH i UNWIND range(1, 100) AS j WITH j ORDER BY j DESC RETURN j LIMIT 1 } RETURN count(*) AS n, max(j) AS m';
    expect((await s.run(q, {}, { maxTransactionMemory: 200_000 })).rows).toEqual([[2000n, 100n]]);
  });

  it('leaves the database usable: nothing of the failed write stays, later statements run', async () => {
    expect((await s.run('MATCH (m:M) RETURN count(m)')).rows).toEqual([[0n]]);
    await s.run('CREATE (:Ok {x: 1})');
    expect((await s.run('MATCH (o:Ok) RETURN o.x', {}, LIMIT)).rows).toEqual([[1n]]);
    const tx = await s.begin();
    await expect(tx.run('UNWIND range(1, 200000) AS i RETURN collect(i)', {}, LIMIT)).rejects.toSatisfy(outOfMemory);
    await tx.rollback();
    expect((await s.run('RETURN 1 AS one')).rows).toEqual([[1n]]);
  });
});
