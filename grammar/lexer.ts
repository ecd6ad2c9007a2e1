// The one Cypher lexer instance. `ensureOptimizations` makes Chevrotain refuse to build if a token
// pattern defeats its first-character dispatch, which would make every token try every pattern.
import { Lexer, type ILexingResult } from 'chevrotain';
import { allTokens } from './tokens.js';

export const cypherLexer = new Lexer(allTokens, {
  positionTracking: 'onlyStart',
  ensureOptimizations: true,
});

/** Splits Cypher text into tokens; lexing errors are in `errors` (the caller decides how to report). */
export function tokenize(text: string): ILexingResult {
  return cypherLexer.tokenize(text);
}
