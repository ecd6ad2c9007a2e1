// The suite's data, seeded and random-access: any batch of the social graph or of a tenant can be
// produced on its own, in any order, and is the same on every run and for every engine loading it
// (QuiverDB through the driver, Kùzu through inserts and CSV).
//
// Social graph: Person {id, name, age}, KNOWS {since}. Both ends of a relationship are drawn with a
// Zipf-like weight (rank r has weight ~ r^-1/2, so degrees follow a power law with exponent ~3, as
// in preferential attachment); ranks are scattered over ids by a fixed permutation so hubs are not
// the smallest ids. No self-loops, so relationship-isomorphism (Neo4j) and walk (Kùzu) semantics
// count the same 2-hop neighbourhoods.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface Person {
  readonly id: number;
  readonly name: string;
  readonly age: number;
}

export interface Knows {
  readonly f: number;
  readonly t: number;
  readonly s: number;
}

const FIRST = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Anna', 'Adam', 'Zoe', 'Max', 'Ida', 'Omar', 'Lena', 'Aiko', 'Tom', 'Mia', 'Hugo'];

/** A 32-bit integer hash (the finaliser of murmur3) mapped to [0, 1). */
function unit(seed: number, i: number, stream: number): number {
  let h = (Math.imul(i, 0x9e3779b1) ^ Math.imul(seed + stream, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 0x1_0000_0000;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export class SocialGraph {
  private readonly step: number;

  constructor(
    readonly nodes: number,
    readonly relationships: number,
    readonly seed = 20_251_123,
  ) {
    let step = 1_000_003; // a prime; moved on until it is coprime with `nodes` (a bijection)
    while (gcd(step, nodes) !== 1) step += 2;
    this.step = step;
  }

  person(id: number): Person {
    const u = unit(this.seed, id, 1);
    return { id, name: `${FIRST[Math.floor(u * FIRST.length)]}${id}`, age: 18 + Math.floor(unit(this.seed, id, 2) * 70) };
  }

  persons(from: number, count: number): Person[] {
    const n = Math.max(0, Math.min(count, this.nodes - from));
    return Array.from({ length: n }, (_, k) => this.person(from + k));
  }

  knows(i: number): Knows {
    const f = this.scatter(this.rank(unit(this.seed, i, 3)));
    let t = this.scatter(this.rank(unit(this.seed, i, 4)));
    if (t === f) t = (t + 1) % this.nodes;
    return { f, t, s: 1990 + Math.floor(unit(this.seed, i, 5) * 35) };
  }

  knowsBatch(from: number, count: number): Knows[] {
    const n = Math.max(0, Math.min(count, this.relationships - from));
    return Array.from({ length: n }, (_, k) => this.knows(from + k));
  }

  /** The `i`-th id of a repeatable uniform sequence (the ids that point lookups ask for). */
  sampleId(i: number): number {
    return Math.floor(unit(this.seed, i, 6) * this.nodes);
  }

  private rank(u: number): number {
    return Math.min(this.nodes - 1, Math.floor(this.nodes * u * u));
  }

  private scatter(rank: number): number {
    return (rank * this.step + 7) % this.nodes;
  }
}

/** Writes rows `[from, to)` as headerless CSV, produced batch by batch (5M rows never sit in memory). */
export async function writeCsv<T>(path: string, from: number, to: number, batch: (from: number, count: number) => T[], line: (row: T) => string): Promise<void> {
  const out = createWriteStream(path);
  for (let i = from; i < to; i += 50_000) {
    const text = batch(i, Math.min(50_000, to - i)).map(line).join('\n') + '\n';
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export const personCsv = (p: Person): string => `${p.id},${p.name},${p.age}`;
export const knowsCsv = (k: Knows): string => `${k.f},${k.t},${k.s}`;

/** Multi-tenant data: tenant `i`'s database name and its rows (the same shape for every tenant). */
export const Tenants = {
  name: (i: number): string => `tenant_${String(i).padStart(6, '0')}`,
  items(i: number, count: number): { id: number; name: string; price: number }[] {
    return Array.from({ length: count }, (_, k) => ({ id: k, name: `item-${i}-${k}`, price: Math.round(unit(i, k, 7) * 10_000) / 100 }));
  },
};
