// WTF-8: UTF-8 generalised to lone surrogates (see bytes.ts). The fast paths use Node's UTF-8
// encoder/decoder; these routines handle the strings and bytes those cannot.
import { quiverError, type QuiverError } from '../../errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Writes s as WTF-8 at p (the buffer must have room); returns the end position. */
export function writeWtf8Slow(b: Buffer, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) {
      b[p++] = c;
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      b[p++] = 0xf0 | (c >> 18);
      b[p++] = 0x80 | ((c >> 12) & 0x3f);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

/** Decodes WTF-8 (strict: no overlongs, no surrogate pairs spelt as two 3-byte sequences). */
export function decodeWtf8(v: Uint8Array): string {
  const n = v.length;
  if (n <= 64) {
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (v[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return n === 0 ? '' : String.fromCharCode.apply(null, v as unknown as number[]);
  }
  try {
    return decoder.decode(v);
  } catch {
    return decodeWtf8Slow(v);
  }
}

function decodeWtf8Slow(v: Uint8Array): string {
  const units: number[] = [];
  let lastWasLeadSurrogate = false;
  let i = 0;
  const n = v.length;
  const cont = (k: number): number => {
    if (k >= n) throw corrupt('truncated UTF-8 sequence');
    const c = v[k]!;
    if ((c & 0xc0) !== 0x80) throw corrupt('invalid UTF-8 continuation byte');
    return c & 0x3f;
  };
  while (i < n) {
    const c = v[i]!;
    let cp: number;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if (c >= 0xc2 && c < 0xe0) {
      cp = ((c & 0x1f) << 6) | cont(i + 1);
      i += 2;
    } else if (c >= 0xe0 && c < 0xf0) {
      cp = ((c & 0x0f) << 12) | (cont(i + 1) << 6) | cont(i + 2);
      if (cp < 0x800) throw corrupt('overlong UTF-8 sequence');
      i += 3;
    } else if (c >= 0xf0 && c < 0xf5) {
      cp = ((c & 0x07) << 18) | (cont(i + 1) << 12) | (cont(i + 2) << 6) | cont(i + 3);
      if (cp < 0x10000 || cp > 0x10ffff) throw corrupt('invalid UTF-8 code point');
      i += 4;
    } else {
      throw corrupt('invalid UTF-8 lead byte');
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      lastWasLeadSurrogate = false;
    } else {
      // A lead surrogate followed by a trail surrogate must have been written as one 4-byte
      // sequence; accepting the 6-byte spelling would make two encodings of one string.
      if (lastWasLeadSurrogate && cp >= 0xdc00 && cp <= 0xdfff) throw corrupt('surrogate pair spelt as WTF-8 halves');
      units.push(cp);
      lastWasLeadSurrogate = cp >= 0xd800 && cp <= 0xdbff;
    }
  }
  let out = '';
  for (let k = 0; k < units.length; k += 4096) out += String.fromCharCode.apply(null, units.slice(k, k + 4096));
  return out;
}

function corrupt(msg: string): QuiverError {
  return quiverError('CorruptRecord', `Corrupt record: ${msg}.`);
}
