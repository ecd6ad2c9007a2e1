// The Cypher front end (grammar/ -> CST -> AST): `parse` and the AST types, nothing else.
export { parse, MAX_NESTING, MAX_TOKENS, MAX_QUERY_LENGTH } from './parse.js';
export { print, expr as printExpression } from './printer.js';
export { isCypherSyntaxError, type CypherSyntaxError } from './errors.js';
export type * from './ast.js';
export { assertNever } from './ast.js';
