// Reading a dump: gunzip, split into frames, decode, and check the checksum and totals at the end.
// Records are handed out as they are decoded (bounded memory); the caller must treat everything
// as provisional until the iteration finishes without an error, because a corrupted or truncated
// dump is only known to be so at its end.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isQuiverError } from '../../errors.js';
import { ByteReader } from '../../storage/codec/bytes.js';
import { decodeProperty } from '../../storage/codec/property-codec.js';
import type { PropertyValue } from '../../values/types.js';
import { type DumpEnd, type DumpHeader, type DumpIndex, Frame, FORMAT_VERSION, invalidDump, MAGIC, MAX_FRAME } from './format.js';

export interface DumpNode {
  readonly id: number;
  readonly labels: readonly string[];
  readonly properties: Map<string, PropertyValue>;
}

export interface DumpRel {
  readonly id: number;
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly properties: Map<string, PropertyValue>;
}

export type DumpItem =
  | { readonly kind: 'header'; readonly header: DumpHeader }
  | { readonly kind: 'index'; readonly index: DumpIndex }
  | { readonly kind: 'nodes'; readonly nodes: DumpNode[] }
  | { readonly kind: 'rels'; readonly rels: DumpRel[] }
  | { readonly kind: 'end'; readonly end: DumpEnd };

/** Decodes a gzip dump stream; throws InvalidDump for anything wrong, at the latest at the end. */
export async function* readDump(source: Readable, onBytes?: (n: number) => void): AsyncGenerator<DumpItem> {
  const gunzip = createGunzip();
  source.on('error', (e) => gunzip.destroy(e));
  if (onBytes !== undefined) source.on('data', (c: Buffer) => onBytes(c.length));
  source.pipe(gunzip);
  const hash = createHash('sha256');
  let pending: Buffer = Buffer.alloc(0);
  let stage: 'magic' | 'header' | 'index' | 'nodes' | 'rels' | 'done' = 'magic';
  let nodes = 0;
  let rels = 0;
  let indexes = 0;
  let lastNode = -1;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      for (;;) {
        if (stage === 'done') {
          if (at < pending.length) throw invalidDump('there are bytes after the end of the dump.');
          break;
        }
        if (stage === 'magic') {
          if (pending.length - at < MAGIC.length + 1) break;
          if (!pending.subarray(0, MAGIC.length).equals(MAGIC)) throw invalidDump('this is not a QuiverDB dump (bad magic bytes).');
          const v = pending[MAGIC.length]!;
          if (v !== FORMAT_VERSION) throw invalidDump(`format version ${v} is not supported (this QuiverDB reads version ${FORMAT_VERSION}).`);
          hash.update(pending.subarray(0, MAGIC.length + 1));
          at = MAGIC.length + 1;
          stage = 'header';
          continue;
        }
        if (pending.length - at < 5) break;
        const kind = pending[at]!;
        const len = pending.readUInt32BE(at + 1);
        if (len > MAX_FRAME) throw invalidDump(`a frame claims ${len} bytes; the dump is corrupted.`);
        if (pending.length - at < 5 + len) break;
        const whole = pending.subarray(at, at + 5 + len);
        const payload = whole.subarray(5);
        at += 5 + len;
        if (kind !== Frame.End) hash.update(whole);
        switch (kind) {
          case Frame.Header: {
            if (stage !== 'header') throw order('a second header');
            const h = json(payload) as DumpHeader;
            if (h.format !== 'quiver-dump' || typeof h.database !== 'string') throw invalidDump('the header is not a QuiverDB dump header.');
            stage = 'index';
            yield { kind: 'header', header: h };
            break;
          }
          case Frame.Index: {
            if (stage !== 'index') throw order('an index definition after data');
            indexes++;
            yield { kind: 'index', index: json(payload) as DumpIndex };
            break;
          }
          case Frame.Nodes: {
            if (stage !== 'index' && stage !== 'nodes') throw order('nodes after relationships');
            stage = 'nodes';
            const batch = decode(payload, decodeNodes);
            for (const n of batch) {
              if (n.id <= lastNode) throw invalidDump('node ids are not in ascending order; the dump is corrupted.');
              lastNode = n.id;
            }
            nodes += batch.length;
            yield { kind: 'nodes', nodes: batch };
            break;
          }
          case Frame.Rels: {
            if (stage === 'header') throw order('relationships before the header');
            stage = 'rels';
            const batch = decode(payload, decodeRels);
            rels += batch.length;
            yield { kind: 'rels', rels: batch };
            break;
          }
          case Frame.End: {
            if (stage === 'header') throw order('the end before the header');
            const end = json(payload) as DumpEnd;
            const sum = hash.digest('hex');
            if (end.sha256 !== sum) throw invalidDump(`the checksum does not match (expected ${String(end.sha256)}, computed ${sum}); the dump is corrupted.`);
            if (end.nodes !== nodes || end.relationships !== rels || end.indexes !== indexes) {
              throw invalidDump(`the totals do not match (the end says ${end.nodes} nodes, ${end.relationships} relationships, ${end.indexes} indexes; read ${nodes}, ${rels}, ${indexes}).`);
            }
            stage = 'done';
            yield { kind: 'end', end };
            break;
          }
          default:
            throw invalidDump(`unknown frame kind ${kind}; the dump is corrupted.`);
        }
      }
      pending = at === pending.length ? Buffer.alloc(0) : pending.subarray(at);
    }
  } catch (e) {
    if (isQuiverError(e)) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test((e as Error).message)) throw invalidDump('the file is truncated (the compressed stream ends early).', e);
    if (typeof code === 'string' && code.startsWith('Z_')) throw invalidDump(`the compressed data is corrupted (${(e as Error).message}).`, e);
    throw e;
  } finally {
    source.unpipe(gunzip);
    gunzip.destroy();
  }
  const finalStage = stage as string;
  if (finalStage !== 'done') throw invalidDump(finalStage === 'magic' ? 'the file is empty or not a QuiverDB dump.' : 'the file is truncated (no end record).');
}

function order(what: string): Error {
  return invalidDump(`${what}: the records are out of order; the dump is corrupted.`);
}

function json(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch (e) {
    throw invalidDump('a metadata record is not valid JSON; the dump is corrupted.', e);
  }
}

function decode<T>(payload: Buffer, f: (r: ByteReader) => T): T {
  try {
    const r = new ByteReader(payload);
    const v = f(r);
    r.expectEnd('frame');
    return v;
  } catch (e) {
    if (isQuiverError(e, 'InvalidDump')) throw e;
    throw invalidDump(`a record cannot be decoded (${(e as Error).message}); the dump is corrupted.`, e);
  }
}

function readProps(r: ByteReader): Map<string, PropertyValue> {
  const n = r.varint();
  const m = new Map<string, PropertyValue>();
  for (let i = 0; i < n; i++) {
    const k = r.string();
    m.set(k, decodeProperty(r.view(r.varint())));
  }
  return m;
}

function decodeNodes(r: ByteReader): DumpNode[] {
  const n = r.varint();
  const out: DumpNode[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = r.varint();
    const lc = r.varint();
    const labels: string[] = new Array(lc);
    for (let j = 0; j < lc; j++) labels[j] = r.string();
    out[i] = { id, labels, properties: readProps(r) };
  }
  return out;
}

function decodeRels(r: ByteReader): DumpRel[] {
  const n = r.varint();
  const out: DumpRel[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = r.varint();
    const type = r.string();
    const start = r.varint();
    const end = r.varint();
    out[i] = { id, type, start, end, properties: readProps(r) };
  }
  return out;
}
