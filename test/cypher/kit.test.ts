// The openCypher kit against the parser: every query the kit expects to run parses; every query it
// expects to fail with a compile-time SyntaxError is rejected here or listed in needs-semantic.txt;
// and every parsed query survives print -> parse unchanged (modulo positions).
import { describe, expect, it } from 'vitest';
import { parse, print } from '../../src/cypher/index.js';
import { isQuiverError } from '../../src/errors.js';
import { stripPositions, walk } from './ast-compare.js';
import { KIT_MISSING_MESSAGE, featuresDir, loadKit } from './kit.js';
import { decideExpectedErrors, needsSemanticLines, readNeedsSemantic } from './needs-semantic.js';

const kit = loadKit();
if (kit === null) console.warn(`${KIT_MISSING_MESSAGE} (looked in ${featuresDir()})`);

describe.skipIf(kit === null)('openCypher kit', () => {
  const queries = kit ?? [];
  const unique = [...new Map(queries.filter((q) => q.expectSyntaxError === null).map((q) => [q.text, q])).values()];

  it('has queries to check', () => {
    expect(unique.length).toBeGreaterThan(1000);
  });

  it('parses every query the kit expects to compile', () => {
    const failures: string[] = [];
    for (const q of unique) {
      try {
        parse(q.text);
      } catch (e) {
        failures.push(`${q.id}\n${q.text}\n${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects expected syntax errors or lists them as needing the semantic stage', () => {
    const decisions = decideExpectedErrors(queries);
    for (const d of decisions) if (!d.accepted) expect(isQuiverError(d.error, 'SyntaxError')).toBe(true);
    // The committed list is the contract: a query moving either way is a reviewed change.
    expect(needsSemanticLines(decisions)).toEqual(readNeedsSemantic());
    const rejected = decisions.filter((d) => !d.accepted).length;
    console.log(`kit: ${unique.length} queries parsed, ${decisions.length} expect a SyntaxError: ${rejected} rejected by the parser, ${decisions.length - rejected} need the semantic stage`);
  });

  it('round-trips every parsed query through the printer', () => {
    const failures: string[] = [];
    for (const q of unique) {
      const ast = parse(q.text);
      const printed = print(ast);
      try {
        const again = parse(printed);
        if (JSON.stringify(stripPositions(again), big) !== JSON.stringify(stripPositions(ast), big)) failures.push(`${q.id}\n${q.text}\n=> ${printed}`);
      } catch (e) {
        failures.push(`${q.id}\n${q.text}\n=> ${printed}\n${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives every AST node a position inside the query', () => {
    for (const q of unique.slice(0, 500)) {
      for (const n of walk(parse(q.text))) {
        const pos = n.pos as { offset: number; line: number; column: number } | undefined;
        expect(pos, `${q.id}: ${n.kind} has no pos`).toBeDefined();
        expect(pos!.offset).toBeGreaterThanOrEqual(0);
        expect(pos!.offset).toBeLessThan(q.text.length);
        expect(pos!.line).toBeGreaterThanOrEqual(1);
        expect(pos!.column).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('keeps the source text of unaliased projection items (the column names)', () => {
    for (const q of unique) {
      for (const n of walk(parse(q.text))) {
        if (n.kind !== 'ProjectionItem') continue;
        const item = n as unknown as { text: string; pos: { offset: number } };
        expect(q.text.slice(item.pos.offset, item.pos.offset + item.text.length)).toBe(item.text);
        expect(item.text).toBe(item.text.trim());
      }
    }
  });
});

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}
