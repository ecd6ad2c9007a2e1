// Child process for the catalog crash test: applies random catalog changes (CREATE, soft and
// destroying DROP with CASCADE, RENAME, UNDROP, CREATE/ALTER/DROP ALIAS) forever. Before each it
// prints "want <state>" (the catalog it expects once the change commits), after it "ack". The
// parent SIGKILLs it at a random moment and checks the reopened catalog is one of the two.
import { Catalog } from '../../src/dbms/index.js';
import { Store } from '../../src/storage/index.js';
import { catalogState, type CatalogState } from './crash-state.js';

const [dir] = process.argv.slice(2);
const store = await Store.open(dir!);
const catalog = await Catalog.open(store);
const NAMES = ['c_a', 'c_b', 'c_c', 'c_d', 'c_e', 'c_f'];
const ALIASES = ['al_x', 'al_y', 'al_z'];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

let state: CatalogState = catalogState(catalog);
process.stdout.write('ready\n');
for (;;) {
  const dbs = new Set(state.databases);
  const aliases = new Map(state.aliases.map((a) => a.split('->') as [string, string]));
  const free = NAMES.filter((n) => !dbs.has(n));
  const user = [...dbs].filter((n) => n !== 'neo4j');
  const r = Math.random();
  let op: () => Promise<unknown>;
  const next = { databases: [...dbs], aliases: new Map(aliases), dropped: [...state.dropped] };
  if (r < 0.3 && free.length > 0) {
    const n = pick(free);
    next.databases.push(n);
    op = () => catalog.create(n);
  } else if (r < 0.5 && user.length > 0) {
    const n = pick(user);
    const destroy = Math.random() < 0.3;
    next.databases = next.databases.filter((d) => d !== n);
    for (const [a, t] of aliases) if (t === n) next.aliases.delete(a);
    if (!destroy) next.dropped.push(n);
    op = () => catalog.drop(n, { cascade: true, destroy });
  } else if (r < 0.65 && user.length > 0 && free.length > 0) {
    const from = pick(user);
    const to = pick(free);
    next.databases = next.databases.map((d) => (d === from ? to : d));
    for (const [a, t] of aliases) if (t === from) next.aliases.set(a, to);
    op = () => catalog.rename(from, to);
  } else if (r < 0.75 && state.dropped.some((d) => !dbs.has(d))) {
    const n = pick(state.dropped.filter((d) => !dbs.has(d)));
    next.databases.push(n);
    next.dropped.splice(next.dropped.indexOf(n), 1);
    op = () => catalog.undrop(n);
  } else if (r < 0.9 && user.length > 0) {
    const a = pick(ALIASES);
    const t = pick(user);
    next.aliases.set(a, t);
    op = () => (aliases.has(a) ? catalog.alterAlias(a, { target: t }) : catalog.createAlias(a, t));
  } else if (aliases.size > 0) {
    const a = pick([...aliases.keys()]);
    next.aliases.delete(a);
    op = () => catalog.dropAlias(a);
  } else continue;
  const want: CatalogState = {
    databases: next.databases.sort(),
    aliases: [...next.aliases].map(([a, t]) => `${a}->${t}`).sort(),
    dropped: next.dropped.sort(),
  };
  process.stdout.write(`want ${JSON.stringify(want)}\n`);
  await op();
  state = catalogState(catalog);
  if (JSON.stringify(state) !== JSON.stringify(want)) {
    process.stderr.write(`model mismatch: ${JSON.stringify(state)} vs ${JSON.stringify(want)}\n`);
    process.exit(3);
  }
  process.stdout.write('ack\n');
}
