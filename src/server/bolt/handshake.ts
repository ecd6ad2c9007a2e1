// The Bolt handshake (specs/bolt-and-http.md section 1): `60 60 B0 17` then four 4-byte version
// slots `[0][range][minor][major]`. A slot `00 00 01 FF` offers manifest v1, in which the server
// lists its ranges and the client answers with its pick. Every reply goes out in one write because
// the driver (and its WebSocket channel) reads the first data event as the whole reply.

export const BOLT_MAGIC = 0x6060b017;
export const HANDSHAKE_BYTES = 20;

/** A Bolt version as major * 256 + minor (5.8 = 0x508), so versions compare as numbers. */
export type BoltVersion = number;

export const version = (major: number, minor: number): BoltVersion => (major << 8) | minor;
export const majorOf = (v: BoltVersion): number => v >> 8;
export const minorOf = (v: BoltVersion): number => v & 0xff;
export const formatVersion = (v: BoltVersion): string => `${majorOf(v)}.${minorOf(v)}`;

/**
 * The versions we speak, highest first. 5.5 is left out on purpose: no server shipped it and the
 * JavaScript driver does not know it.
 */
export const SUPPORTED_VERSIONS: readonly BoltVersion[] = [
  version(5, 8),
  version(5, 7),
  version(5, 6),
  version(5, 4),
  version(5, 3),
  version(5, 2),
  version(5, 1),
  version(5, 0),
  version(4, 4),
];

/** Our ranges as manifest entries: 5.8–5.6, 5.4–5.0, 4.4. */
const MANIFEST_RANGES: readonly Buffer[] = [
  Buffer.from([0, 2, 8, 5]),
  Buffer.from([0, 4, 4, 5]),
  Buffer.from([0, 0, 4, 4]),
];

export type HandshakeResult =
  /** A version was agreed; write `reply` and start Bolt. */
  | { readonly kind: 'agreed'; readonly version: BoltVersion; readonly reply: Buffer }
  /** Manifest v1 was offered; write `reply` and wait for the client's 5+ byte pick. */
  | { readonly kind: 'manifest'; readonly reply: Buffer }
  /** Nothing in common (or not Bolt at all): write `reply` (if any) and close. */
  | { readonly kind: 'refused'; readonly reply: Buffer | null; readonly reason: string };

/** Reads the 20-byte client handshake. */
export function negotiate(hs: Buffer): HandshakeResult {
  if (hs.length < HANDSHAKE_BYTES || hs.readUInt32BE(0) !== BOLT_MAGIC) {
    return { kind: 'refused', reply: null, reason: 'not a Bolt handshake' };
  }
  let best = -1;
  let manifest = false;
  for (let slot = 0; slot < 4; slot++) {
    const off = 4 + slot * 4;
    const range = hs[off + 1]!;
    const minor = hs[off + 2]!;
    const major = hs[off + 3]!;
    if (major === 0xff && minor === 1) {
      manifest = true;
      continue;
    }
    for (const v of SUPPORTED_VERSIONS) {
      if (majorOf(v) === major && minorOf(v) <= minor && minorOf(v) >= minor - range && v > best) best = v;
    }
  }
  if (manifest) {
    const parts = [Buffer.from([0, 0, 1, 0xff]), varint(MANIFEST_RANGES.length), ...MANIFEST_RANGES, varint(0)];
    return { kind: 'manifest', reply: Buffer.concat(parts) };
  }
  if (best < 0) return { kind: 'refused', reply: Buffer.from([0, 0, 0, 0]), reason: 'no common Bolt version' };
  return { kind: 'agreed', version: best, reply: Buffer.from([0, 0, minorOf(best), majorOf(best)]) };
}

/**
 * Reads the client's manifest pick: a 4-byte version then a varint capability mask. Returns the
 * number of bytes consumed and the version (or an error), or null when more bytes are needed.
 */
export function readManifestPick(buf: Buffer): { consumed: number; version: BoltVersion | null } | null {
  if (buf.length < 5) return null;
  let pos = 4;
  for (let i = 0; i < 5; i++, pos++) {
    if (pos >= buf.length) return null;
    if ((buf[pos]! & 0x80) === 0) {
      const v = version(buf[3]!, buf[2]!);
      const ok = buf[0] === 0 && buf[1] === 0 && SUPPORTED_VERSIONS.includes(v);
      return { consumed: pos + 1, version: ok ? v : null };
    }
  }
  return { consumed: pos, version: null }; // a capability mask longer than 5 bytes is malformed
}

/** LEB128, low group first. */
export function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}
