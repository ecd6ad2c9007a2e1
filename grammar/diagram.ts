// Writes grammar/cypher-diagram.html: Chevrotain's railroad diagrams of the whole Cypher grammar.
// Run with `npm run grammar:diagram` (node dist/grammar/diagram.js).
import { createSyntaxDiagramsCode } from 'chevrotain';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cypherParser } from './parser.js';

/** The repository root: the nearest folder with a tsconfig.json above this file (also from dist/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'tsconfig.json'))) return dir;
    dir = dirname(dir);
  }
  return resolve('.');
}

const out = join(repoRoot(), 'grammar', 'cypher-diagram.html');
writeFileSync(out, createSyntaxDiagramsCode(cypherParser.getSerializedGastProductions()));
console.log(`wrote ${out}`);
