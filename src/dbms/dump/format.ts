// The dump format (version 1): logical records of one database, gzip-compressed (node:zlib).
//
// Uncompressed layout:
//   magic "QUIVERDUMP" (10 bytes), format version (u8)
//   frames: kind (u8), payload length (u32 BE), payload
//     HEADER  JSON: { database, createdAt, quiverVersion, nodes, relationships } (expected totals)
//     INDEX   JSON: { name, entity, token, properties, unique, constraintName? }  (before any data)
//     NODES   varint count, then per node: varint id, varint label count, labels (strings),
//             properties
//     RELS    varint count, then per relationship: varint id, type (string), varint start id,
//             varint end id, properties
//     END     JSON: { nodes, relationships, indexes, sha256 }: the totals and the SHA-256 (hex) of
//             every byte before this frame
//   properties: varint count, then per property: key (string), varint length + the value in the
//   storage property codec (src/storage/codec/property-codec.ts: every Neo4j property type, exact)
//   strings: varint byte length + WTF-8.
// Node frames come in ascending node id order, all of them before the relationship frames; ids
// are the source's and are remapped on load. A reader refuses anything else, a checksum or total
// mismatch, a missing END (truncation) and bytes after it.
import { quiverError, type QuiverError } from '../../errors.js';

export const MAGIC = Buffer.from('QUIVERDUMP', 'ascii');
export const FORMAT_VERSION = 1;
/** A frame larger than this is corruption, not data (frames hold at most a few thousand records). */
export const MAX_FRAME = 64 * 1024 * 1024;

export const Frame = {
  Header: 1,
  Index: 2,
  Nodes: 3,
  Rels: 4,
  End: 0x7f,
} as const;
export type FrameKind = (typeof Frame)[keyof typeof Frame];

export interface DumpHeader {
  readonly format: 'quiver-dump';
  readonly version: number;
  readonly database: string;
  readonly createdAt: string;
  readonly quiverVersion: string;
  /** Totals in the snapshot (for progress; END holds the ones to check). */
  readonly nodes: number;
  readonly relationships: number;
}

export interface DumpIndex {
  readonly name: string;
  readonly entity: 'node' | 'relationship';
  readonly token: string;
  readonly properties: readonly string[];
  readonly unique: boolean;
  readonly constraintName?: string;
}

export interface DumpEnd {
  readonly nodes: number;
  readonly relationships: number;
  readonly indexes: number;
  readonly sha256: string;
}

/** Figures a dump or load reports as it goes (records = nodes + relationships). */
export interface DumpProgress {
  readonly nodes: number;
  readonly relationships: number;
  /** Expected totals, when known. */
  readonly totalNodes?: number;
  readonly totalRelationships?: number;
  /** Bytes read or written (compressed). */
  readonly bytes: number;
}

export function invalidDump(message: string, cause?: unknown): QuiverError {
  return quiverError('InvalidDump', `Invalid dump: ${message}`, cause);
}

/** One frame's bytes: kind, length, payload. */
export function frame(kind: FrameKind, payload: Uint8Array): Buffer {
  const head = Buffer.allocUnsafe(5);
  head[0] = kind;
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

export function jsonFrame(kind: FrameKind, value: unknown): Buffer {
  return frame(kind, Buffer.from(JSON.stringify(value), 'utf8'));
}

export function preamble(): Buffer {
  return Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION])]);
}
