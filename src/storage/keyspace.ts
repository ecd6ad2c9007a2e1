// The key layout of the one shared store (DESIGN.md section 2).
//
// Every key starts with the owning database's internal id as 4 big-endian bytes; id 0 is the
// system keyspace (the catalog). Then one tag byte names the record family, then fixed-width
// big-endian fields so that byte order equals numeric order and every family is one contiguous
// range. Keys are built only by the functions here, from a `DbPrefix` that the store hands to a
// per-database handle: no caller can name a key outside its database's range.

export const SYSTEM_DB_ID = 0;
export const MAX_DB_ID = 0xffff_fffe;

export const enum Tag {
  Meta = 0x01, //        [name ascii]                       -> value
  Token = 0x02, //       [kind u8][name utf8]               -> token id (u32)
  Counter = 0x03, //     [kind u8][token u32]               -> i64
  Schema = 0x04, //      [index u32]                        -> JSON index definition
  Node = 0x10, //        [node u64]                         -> labels + properties
  Rel = 0x11, //         [rel u64]                          -> type, start, end, properties
  Adj = 0x12, //         [node u64][dir u8][type u32][other u64][rel u64] -> empty
  Label = 0x13, //       [label u32][node u64]              -> empty
  PropIndex = 0x14, //   [index u32][order key...][entity u64] -> empty
  Unique = 0x15, //      [index u32][order key...]          -> entity u64
  RelType = 0x16, //     [type u32][rel u64]                -> empty
  Sys = 0x20, //         system keyspace: [namespace utf8][0x00][key...] -> value
}

export const enum TokenKind {
  Label = 0,
  RelType = 1,
  PropKey = 2,
}

export const enum CounterKind {
  Nodes = 0,
  Rels = 1,
  Label = 2,
  RelType = 3,
  Bytes = 4,
}

export const enum Dir {
  Out = 0,
  In = 1,
}

/** The 4-byte key prefix of one database. Made only by the store. */
export type DbPrefix = Buffer & { readonly __dbPrefix: unique symbol };

export function dbPrefix(dbId: number): DbPrefix {
  if (!Number.isInteger(dbId) || dbId < 0 || dbId > MAX_DB_ID) throw new RangeError(`bad database id ${dbId}`);
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(dbId, 0);
  return b as DbPrefix;
}

/** The smallest key greater than every key starting with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Buffer {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i]! += 1;
      return out.subarray(0, i + 1);
    }
  }
  // All 0xff: no finite upper bound; callers never build such prefixes (ids are bounded).
  throw new RangeError('prefix has no upper bound');
}

/** [gte, lt) covering the whole database. */
export function databaseRange(p: DbPrefix): [Buffer, Buffer] {
  return [Buffer.from(p), prefixEnd(p)];
}

const U32 = 0x1_0000_0000;

function writeU64(b: Buffer, v: number, at: number): void {
  b.writeUInt32BE(Math.floor(v / U32), at);
  b.writeUInt32BE(v % U32, at + 4);
}

export function readU64(b: Uint8Array, at: number): number {
  const dv = b as Buffer;
  return dv.readUInt32BE(at) * U32 + dv.readUInt32BE(at + 4);
}

function head(p: DbPrefix, tag: Tag, size: number): Buffer {
  const b = Buffer.allocUnsafe(5 + size);
  p.copy(b, 0);
  b[4] = tag;
  return b;
}

export const Keys = {
  tagRange(p: DbPrefix, tag: Tag): [Buffer, Buffer] {
    const b = head(p, tag, 0);
    return [b, prefixEnd(b)];
  },
  meta(p: DbPrefix, name: string): Buffer {
    const n = Buffer.from(name, 'latin1');
    const b = head(p, Tag.Meta, n.length);
    n.copy(b, 5);
    return b;
  },
  token(p: DbPrefix, kind: TokenKind, name: string): Buffer {
    const n = Buffer.from(name, 'utf8');
    const b = head(p, Tag.Token, 1 + n.length);
    b[5] = kind;
    n.copy(b, 6);
    return b;
  },
  counter(p: DbPrefix, kind: CounterKind, token = 0): Buffer {
    const b = head(p, Tag.Counter, 5);
    b[5] = kind;
    b.writeUInt32BE(token, 6);
    return b;
  },
  schema(p: DbPrefix, indexId: number): Buffer {
    const b = head(p, Tag.Schema, 4);
    b.writeUInt32BE(indexId, 5);
    return b;
  },
  node(p: DbPrefix, id: number): Buffer {
    const b = head(p, Tag.Node, 8);
    writeU64(b, id, 5);
    return b;
  },
  rel(p: DbPrefix, id: number): Buffer {
    const b = head(p, Tag.Rel, 8);
    writeU64(b, id, 5);
    return b;
  },
  adj(p: DbPrefix, node: number, dir: Dir, type: number, other: number, rel: number): Buffer {
    const b = head(p, Tag.Adj, 29);
    writeU64(b, node, 5);
    b[13] = dir;
    b.writeUInt32BE(type, 14);
    writeU64(b, other, 18);
    writeU64(b, rel, 26);
    return b;
  },
  /** Adjacency prefix: a node, optionally a direction, optionally a type. */
  adjPrefix(p: DbPrefix, node: number, dir?: Dir, type?: number): Buffer {
    const size = dir === undefined ? 8 : type === undefined ? 9 : 13;
    const b = head(p, Tag.Adj, size);
    writeU64(b, node, 5);
    if (dir !== undefined) b[13] = dir;
    if (type !== undefined) b.writeUInt32BE(type, 14);
    return b;
  },
  label(p: DbPrefix, label: number, node: number): Buffer {
    const b = head(p, Tag.Label, 12);
    b.writeUInt32BE(label, 5);
    writeU64(b, node, 9);
    return b;
  },
  labelPrefix(p: DbPrefix, label: number): Buffer {
    const b = head(p, Tag.Label, 4);
    b.writeUInt32BE(label, 5);
    return b;
  },
  relType(p: DbPrefix, type: number, rel: number): Buffer {
    const b = head(p, Tag.RelType, 12);
    b.writeUInt32BE(type, 5);
    writeU64(b, rel, 9);
    return b;
  },
  relTypePrefix(p: DbPrefix, type: number): Buffer {
    const b = head(p, Tag.RelType, 4);
    b.writeUInt32BE(type, 5);
    return b;
  },
  /** [index][order key] — the prefix of a property-index entry, and the whole unique-index key. */
  indexPrefix(p: DbPrefix, tag: Tag.PropIndex | Tag.Unique, indexId: number, orderKey?: Uint8Array): Buffer {
    const k = orderKey ?? Buffer.alloc(0);
    const b = head(p, tag, 4 + k.length);
    b.writeUInt32BE(indexId, 5);
    b.set(k, 9);
    return b;
  },
  propIndex(p: DbPrefix, indexId: number, orderKey: Uint8Array, entity: number): Buffer {
    const b = head(p, Tag.PropIndex, 4 + orderKey.length + 8);
    b.writeUInt32BE(indexId, 5);
    b.set(orderKey, 9);
    writeU64(b, entity, 9 + orderKey.length);
    return b;
  },
  sys(p: DbPrefix, namespace: string, key: string): Buffer {
    return Buffer.concat([head(p, Tag.Sys, 0), Buffer.from(namespace, 'utf8'), Buffer.of(0), Buffer.from(key, 'utf8')]);
  },
  sysPrefix(p: DbPrefix, namespace: string): Buffer {
    return Buffer.concat([head(p, Tag.Sys, 0), Buffer.from(namespace, 'utf8'), Buffer.of(0)]);
  },
} as const;

/** Offsets of the fields inside an adjacency key (after the 5-byte head). */
export const AdjKey = {
  dir: (k: Uint8Array): Dir => k[13] as Dir,
  type: (k: Uint8Array): number => (k as Buffer).readUInt32BE(14),
  other: (k: Uint8Array): number => readU64(k, 18),
  rel: (k: Uint8Array): number => readU64(k, 26),
} as const;

/** Whether a key counts toward a database's storage bytes: graph data yes, bookkeeping no. */
export function countsTowardBytes(key: Uint8Array): boolean {
  const tag = key[4];
  return tag !== Tag.Counter && tag !== Tag.Meta;
}
