// Random and mutated input never makes the parser throw anything but a SyntaxError, and never hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../grammar/lexer.js';
import { parse, print } from '../../src/cypher/index.js';
import { isQuiverError } from '../../src/errors.js';
import { loadKit } from './kit.js';

function parsesOrSyntaxError(q: string): void {
  const t0 = performance.now();
  try {
    const ast = parse(q);
    // Whatever parses must print to something that parses again.
    parse(print(ast));
  } catch (e) {
    if (!isQuiverError(e, 'SyntaxError')) throw new Error(`non-SyntaxError for ${JSON.stringify(q)}: ${String(e)}`, { cause: e });
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

const kit = loadKit();
const corpus = kit === null
  ? ['MATCH (n:Person {name: $name})-[:KNOWS*1..2]->(m) WHERE m.age > 30 RETURN m.name ORDER BY m.name LIMIT 10', 'CREATE DATABASE a IF NOT EXISTS WAIT']
  : [...new Set(kit.map((q) => q.text))];

const PIECES = ['(', ')', '[', ']', '{', '}', ',', '.', '..', ':', '|', '-', '->', '<-', '*', '=', '+=', "'", '"', '`', '$', 'MATCH', 'RETURN', 'WHERE', 'CASE', 'END', 'NOT', 'IS', 'NULL', 'CALL', 'EXISTS', 'COUNT', '{}', '0x', '1.5e', '\\u', '/*', '//', '\n', ' '];

const mutation = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...PIECES) }),
  fc.record({ op: fc.constant('dropToken' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapTokens' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(q: string, m: Mutation): string {
  if (q.length === 0) return q;
  const at = m.at % q.length;
  switch (m.op) {
    case 'insert':
      return q.slice(0, at) + m.text + q.slice(at);
    case 'delete':
      return q.slice(0, at) + q.slice(at + m.len);
    case 'replace':
      return q.slice(0, at) + m.text + q.slice(at + 1);
    case 'dropToken':
    case 'swapTokens': {
      const toks = tokenize(q).tokens;
      if (toks.length < 2) return q;
      const i = m.at % (toks.length - 1);
      const a = toks[i]!;
      const b = toks[i + 1]!;
      const aEnd = a.startOffset + a.image.length;
      const bEnd = b.startOffset + b.image.length;
      if (m.op === 'dropToken') return q.slice(0, a.startOffset) + q.slice(aEnd);
      return q.slice(0, a.startOffset) + b.image + q.slice(aEnd, b.startOffset) + a.image + q.slice(bEnd);
    }
  }
}

describe('fuzzing the parser', () => {
  it('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => parsesOrSyntaxError(s)), { numRuns: 2_000 });
  });

  it('random strings over Cypher characters', () => {
    const chars = fc.constantFrom(...'()[]{}<>-=+*/%^:;,.|&!$`\'"\\ \nabcnMATCHRETURN0123456789xeE_'.split(''));
    fc.assert(fc.property(fc.array(chars, { maxLength: 120 }).map((a) => a.join('')), (s) => parsesOrSyntaxError(s)), { numRuns: 3_000 });
  });

  it('random token soups', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES, 'n', 'x', '1', 'a.b', 'WITH', 'AS', 'UNION', 'SET', 'ON'), { maxLength: 40 }).map((a) => a.join(' ')), (s) => parsesOrSyntaxError(s)), {
      numRuns: 3_000,
    });
  });

  it('mutated kit queries', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }), (q, ms) => {
        parsesOrSyntaxError(ms.reduce(mutate, q));
      }),
      { numRuns: 5_000 },
    );
  });
});
