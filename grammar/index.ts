// The Cypher grammar: tokens, the lexer and the one parser instance (a pure CstParser).
export { allTokens, keywords, isReserved, AnyName, SoftName } from './tokens.js';
export { cypherLexer, tokenize } from './lexer.js';
export { CypherParser, cypherParser } from './parser.js';
