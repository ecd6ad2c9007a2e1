// A small reader of Cypher value literals, so that test tables read like the TCK's:
// `1` (INTEGER), `1.0` / `1e3` / `NaN` / `Infinity` / `-0.0` (FLOAT), `'a\n'`, `[1, null]`,
// `{k: 1}`, `true`, `null`. Expectations written as `error: Kind/Detail` name an error.
import { expect } from 'vitest';
import { isQuiverError } from '../../src/errors.js';
import type { FunctionContext } from '../../src/runtime/functions/index.js';
import { Temporal, type Value } from '../../src/values/types.js';
import { sameValue } from '../support/same-value.js';

export function lit(text: string): Value {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (): Value => {
    ws();
    const c = text[i];
    if (c === '[') {
      i++;
      const out: Value[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return out;
        } else throw new Error(`bad list at ${i} in ${text}`);
      }
    }
    if (c === '{') {
      i++;
      const out = new Map<string, Value>();
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const key = /^(`[^`]*`|\w+)/.exec(text.slice(i));
        if (key === null) throw new Error(`bad key at ${i} in ${text}`);
        i += key[0].length;
        ws();
        if (text[i] !== ':') throw new Error(`expected : at ${i} in ${text}`);
        i++;
        out.set(key[0].replace(/`/g, ''), value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return out;
        } else throw new Error(`bad map at ${i} in ${text}`);
      }
    }
    if (c === "'") {
      i++;
      let s = '';
      while (text[i] !== "'") {
        if (i >= text.length) throw new Error(`unterminated string in ${text}`);
        if (text[i] === '\\') {
          const e = text[i + 1]!;
          i += 2;
          if (e === 'u') {
            s += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
            i += 4;
          } else s += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'" } as Record<string, string>)[e] ?? e;
        } else s += text[i++];
      }
      i++;
      return s;
    }
    const word = /^(-?Infinity|NaN|null|true|false|-?\d+(\.\d*)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (word === null) throw new Error(`bad literal at ${i} in ${text}`);
    i += word[0].length;
    const w = word[0];
    if (w === 'null') return null;
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (/^-?\d+$/.test(w)) return BigInt(w);
    return Number(w);
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`trailing text at ${i} in ${text}`);
  return v;
}

/** Asserts that `run()` gives the expected literal, or raises `error: Kind/Detail`. */
export function expectOutcome(run: () => Value, expected: string): void {
  const err = /^error: (\w+)\/(\w+)$/.exec(expected);
  if (err !== null) {
    let caught: unknown;
    try {
      run();
    } catch (e) {
      caught = e;
    }
    expect(isQuiverError(caught), `expected ${expected}, got ${String(caught)}`).toBe(true);
    const q = caught as { kind: string; detail?: string };
    expect(`${q.kind}/${q.detail}`).toBe(`${err[1]}/${err[2]}`);
    return;
  }
  const actual = run();
  const want = lit(expected);
  expect(sameValue(actual, want), `got ${show(actual)}, expected ${expected}`).toBe(true);
}

export function show(v: Value): string {
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}.0` : `${v}`;
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${k}: ${show(x)}`).join(', ')}}`;
  return String(v);
}

/** A function context with a fixed clock and a constant random source. */
export const ctx: FunctionContext = {
  statementInstant: Temporal.Instant.fromEpochMilliseconds(1_700_000_000_123),
  defaultTimeZone: 'UTC',
  random: () => 0.5,
};
