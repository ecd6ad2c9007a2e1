// Isolation as a property: random operations on random databases of one real store, checked
// against an in-memory model. No database may ever see another's data — including after a drop
// and re-creation of the same name — and multi-database commits are all-or-nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/dbms/index.js';
import { Store } from '../../src/storage/index.js';
import { tempDir } from '../support/tmp.js';

const NAMES = ['tenant_a', 'tenant_b', 'tenant_c', 'tenant_d'] as const;

type Op =
  | { op: 'create'; db: number }
  | { op: 'drop'; db: number }
  | { op: 'put'; db: number; key: number; value: string }
  | { op: 'del'; db: number; key: number }
  | { op: 'multi'; dbs: [number, number]; key: number; value: string; rollback: boolean }
  | { op: 'check' };

const db = fc.integer({ min: 0, max: NAMES.length - 1 });
const key = fc.integer({ min: 0, max: 5 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('create' as const), db }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('drop' as const), db }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('put' as const), db, key, value: fc.string({ maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('del' as const), db, key }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('multi' as const), dbs: fc.tuple(db, db), key, value: fc.string({ maxLength: 8 }), rollback: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('check' as const) }) },
);

let store: Store;
let catalog: Catalog;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  store = await Store.open(dir, { sync: false });
  catalog = await Catalog.open(store);
});
afterAll(async () => {
  await store.close();
  cleanup();
});

/** The model: per live database name, key -> value. */
type Model = Map<string, Map<number, string>>;

async function readAll(name: string): Promise<Map<number, string>> {
  const tx = store.begin({ readOnly: true });
  try {
    const g = await store.graph(tx, catalog.resolve(name).id);
    const out = new Map<number, string>();
    for await (const recs of g.scanNodes()) {
      for (const r of recs) {
        const k = Number(g.property(r, 'k') as bigint);
        if (out.has(k)) throw new Error(`duplicate key ${k} in ${name}`);
        out.set(k, g.property(r, 'v') as string);
      }
    }
    expect(await g.countNodes()).toBe(out.size);
    return out;
  } finally {
    await tx.rollback();
  }
}

async function nodeFor(g: Awaited<ReturnType<Store['graph']>>, k: number): Promise<number | undefined> {
  for await (const recs of g.scanNodes('Item')) for (const r of recs) if (g.property(r, 'k') === BigInt(k)) return r.id;
  return undefined;
}

async function put(g: Awaited<ReturnType<Store['graph']>>, k: number, v: string): Promise<void> {
  const id = await nodeFor(g, k);
  if (id === undefined) await g.createNode(['Item'], { k: BigInt(k), v });
  else await g.setProperties('node', id, { v });
}

async function checkAll(model: Model): Promise<void> {
  const live = catalog.list().map((d) => d.name).filter((n) => (NAMES as readonly string[]).includes(n));
  expect(live.sort()).toEqual([...model.keys()].sort());
  for (const [name, data] of model) expect(await readAll(name)).toEqual(data);
}

describe('isolation between databases', () => {
  it('matches an in-memory model under random create/drop/put/delete/multi-database operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40 }), async (ops) => {
        for (const n of NAMES) await catalog.drop(n, { ifExists: true });
        const model: Model = new Map();
        for (const o of ops) {
          switch (o.op) {
            case 'create': {
              const n = NAMES[o.db]!;
              await catalog.create(n, { ifNotExists: true });
              if (!model.has(n)) model.set(n, new Map());
              break;
            }
            case 'drop': {
              const n = NAMES[o.db]!;
              await catalog.drop(n, { ifExists: true });
              model.delete(n);
              break;
            }
            case 'put':
            case 'del': {
              const n = NAMES[o.db]!;
              if (!model.has(n)) break;
              const tx = store.begin();
              const g = await store.graph(tx, catalog.resolve(n).id);
              if (o.op === 'put') {
                await put(g, o.key, o.value);
                model.get(n)!.set(o.key, o.value);
              } else {
                const id = await nodeFor(g, o.key);
                if (id !== undefined) await g.deleteNode(id);
                model.get(n)!.delete(o.key);
              }
              await tx.commit();
              break;
            }
            case 'multi': {
              const names = [...new Set(o.dbs.map((i) => NAMES[i]!))].filter((n) => model.has(n));
              const tx = store.begin();
              for (const n of names) await put(await store.graph(tx, catalog.resolve(n).id), o.key, `${o.value}@${n}`);
              if (o.rollback) await tx.rollback();
              else {
                await tx.commit();
                for (const n of names) model.get(n)!.set(o.key, `${o.value}@${n}`);
              }
              break;
            }
            case 'check':
              await checkAll(model);
              break;
          }
        }
        await checkAll(model);
      }),
      { numRuns: 40 },
    );
  });
});
