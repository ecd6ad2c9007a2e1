// Writes test/cypher/needs-semantic.txt: the kit queries expected to fail with a SyntaxError that the
// parser accepts (left for the semantic stage). Run: npm run build && node dist/test/cypher/list-needs-semantic.js
import { writeFileSync } from 'node:fs';
import { KIT_MISSING_MESSAGE, loadKit } from './kit.js';
import { NEEDS_SEMANTIC_FILE, decideExpectedErrors, needsSemanticLines, renderNeedsSemantic } from './needs-semantic.js';

const kit = loadKit();
if (kit === null) {
  console.error(KIT_MISSING_MESSAGE);
  process.exit(1);
}
const decisions = decideExpectedErrors(kit);
const lines = needsSemanticLines(decisions);
writeFileSync(NEEDS_SEMANTIC_FILE, renderNeedsSemantic(lines));
const byCode = new Map<string, number>();
for (const l of lines) byCode.set(l.split('\t')[0]!, (byCode.get(l.split('\t')[0]!) ?? 0) + 1);
console.log(`${decisions.length} kit queries expect a SyntaxError: ${decisions.length - lines.length} rejected by the parser, ${lines.length} need the semantic stage`);
for (const [code, n] of [...byCode].sort((a, b) => b[1] - a[1])) console.log(`  ${code}: ${n}`);
console.log(`wrote ${NEEDS_SEMANTIC_FILE}`);
