// The Cypher front end's entry point: text -> tokens -> CST -> AST, with every failure turned into a
// Neo4j-style SyntaxError (never a Chevrotain message alone, never a stack overflow).
import { EOF, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { tokenize } from '../../grammar/lexer.js';
import { cypherParser } from '../../grammar/parser.js';
import { allTokens } from '../../grammar/tokens.js';
import { isQuiverError } from '../errors.js';
import type { Pos, Statement } from './ast.js';
import { CstToAst, posOf } from './cst-to-ast.js';
import { cypherSyntaxError, positionAt, type CypherSyntaxError } from './errors.js';

/**
 * Brackets (and CASE ... END) nested deeper than this are refused before parsing: the parser and the
 * AST builder recurse per level, and later stages recurse over the AST.
 */
export const MAX_NESTING = 200;

/**
 * Statements longer than this many tokens are refused, so that parsing stays well under a second:
 * large values belong in parameters, not in the query text.
 */
export const MAX_TOKENS = 50_000;

/** Text longer than this is refused before lexing (about 2 MB). */
export const MAX_QUERY_LENGTH = 2 * 1024 * 1024;

/** Content assist (the exact expected-token list) is skipped for errors this far into the input. */
const CONTENT_ASSIST_TOKEN_LIMIT = 200;

let builder: CstToAst | undefined;

/** The AST builder (one instance, like the parser). */
export function astBuilder(): CstToAst {
  builder ??= new CstToAst();
  return builder;
}

/**
 * Parses one Cypher statement (a query, EXPLAIN/PROFILE, a schema or an administration command; an
 * optional trailing `;`). Throws a QuiverError of kind SyntaxError with `position`, `offendingToken`
 * and `expected` on bad input.
 *
 * @example parse('MATCH (n:Person) RETURN n.name').kind === 'SingleQuery'
 */
export function parse(text: string): Statement {
  if (text.length > MAX_QUERY_LENGTH) {
    throw cypherSyntaxError(text, positionAt(text, MAX_QUERY_LENGTH), text[MAX_QUERY_LENGTH] ?? '', [], `The query is ${text.length} characters long, more than the ${MAX_QUERY_LENGTH} a statement may have; pass large values as parameters`);
  }
  if (text.length > 65_536) precheckTokenCount(text);
  const lexed = tokenize(text);
  if (lexed.errors.length > 0) {
    const e = lexed.errors[0]!;
    throw lexError(text, e.offset);
  }
  const tokens = lexed.tokens;
  if (tokens.length > MAX_TOKENS) {
    const t = tokens[MAX_TOKENS]!;
    throw cypherSyntaxError(text, posOf(t), t.image, [], `The query has ${tokens.length} tokens, more than the ${MAX_TOKENS} a statement may have; pass large values as parameters`);
  }
  checkNesting(text, tokens);
  const parser = cypherParser;
  parser.input = tokens;
  let cst;
  try {
    cst = parser.statement();
  } catch (err) {
    throw internalFailure(text, tokens, err);
  }
  if (parser.errors.length > 0) throw parseError(text, tokens, parser.errors[0]!);
  try {
    return astBuilder().build(cst, text);
  } catch (err) {
    throw internalFailure(text, tokens, err);
  }
}

/**
 * Lexing a megabyte of tiny tokens takes most of a second by itself, so long texts are first counted
 * with one cheap, linear regular expression (words and symbols) and refused when clearly too long.
 */
function precheckTokenCount(text: string): void {
  const re = /\w+|[^\s\w]/g;
  let n = 0;
  const limit = MAX_TOKENS * 2;
  while (re.exec(text) !== null) {
    if (++n > limit) {
      const at = positionAt(text, re.lastIndex - 1);
      throw cypherSyntaxError(text, at, text[re.lastIndex - 1] ?? '', [], `The query has more than ${MAX_TOKENS} tokens, the most a statement may have; pass large values as parameters`);
    }
  }
}

function internalFailure(text: string, tokens: IToken[], err: unknown): unknown {
  if (isQuiverError(err)) return err;
  if (err instanceof RangeError) {
    const at = tokens[0] === undefined ? positionAt(text, 0) : posOf(tokens[0]);
    return cypherSyntaxError(text, at, tokens[0]?.image ?? '', [], 'The query is too deeply nested to parse');
  }
  return err;
}

function checkNesting(text: string, tokens: IToken[]): void {
  // A stack of what is open: brackets close their own kind, END closes only a CASE (END is also a name).
  const open: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const n = t.tokenType.name;
    if (n === 'LParen' || n === 'LBracket' || n === 'LCurly' || (n === 'CASE' && tokens[i - 1]?.tokenType.name !== 'Dot')) {
      open.push(n);
      if (open.length > MAX_NESTING) {
        throw cypherSyntaxError(text, posOf(t), t.image, [], `Invalid input '${t.image}': the query nests brackets or CASE deeper than ${MAX_NESTING} levels`);
      }
    } else if (n === 'RParen' || n === 'RBracket' || n === 'RCurly') {
      const want = n === 'RParen' ? 'LParen' : n === 'RBracket' ? 'LBracket' : 'LCurly';
      while (open.length > 0 && open[open.length - 1] === 'CASE') open.pop();
      if (open[open.length - 1] === want) open.pop();
    } else if (n === 'END' && open[open.length - 1] === 'CASE') {
      open.pop();
    }
  }
}

function lexError(text: string, offset: number): CypherSyntaxError {
  const pos = positionAt(text, offset);
  const c = text[offset] ?? '';
  if (c === "'" || c === '"') {
    const bad = /\\(?![\\'"bBfFnNrRtT]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g;
    bad.lastIndex = offset + 1;
    let end = offset + 1;
    while (end < text.length && text[end] !== c) end += text[end] === '\\' ? 2 : 1;
    const m = bad.exec(text);
    if (m !== null && m.index < end) {
      const at = positionAt(text, m.index);
      let seq = text.slice(m.index, m.index + (/[uU]/.test(text[m.index + 1] ?? '') ? 6 : 2));
      const q = seq.indexOf(c, 1);
      if (q > 0) seq = seq.slice(0, q);
      const what = /^\\[uU]/.test(seq) ? 'invalid unicode escape sequence' : 'invalid escape sequence';
      return cypherSyntaxError(text, at, seq, [], `Invalid input '${seq}': ${what} in string literal`);
    }
    return cypherSyntaxError(text, pos, c, [], `Invalid input '${c}': unterminated string literal`);
  }
  if (c === '`') return cypherSyntaxError(text, pos, c, [], `Invalid input '${c}': unterminated escaped name`);
  if (text.startsWith('/*', offset)) return cypherSyntaxError(text, pos, '/*', [], `Invalid input '/*': unterminated comment`);
  if (c === '$') return cypherSyntaxError(text, pos, c, [], `Invalid input '$': expected a parameter name`);
  const shown = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  return cypherSyntaxError(text, pos, shown, [], `Invalid input '${shown}': unexpected character`);
}

function parseError(text: string, tokens: IToken[], e: IRecognitionException): CypherSyntaxError {
  const t = e.token;
  if (t.tokenType.name === 'Unterminated') return lexError(text, t.startOffset);
  const atEnd = t.tokenType === EOF || Number.isNaN(t.startOffset);
  const pos: Pos = atEnd ? positionAt(text, endOfInput(text, tokens)) : posOf(t);
  const found = atEnd ? '' : t.image;
  let expected: string[] = [];
  const index = atEnd ? tokens.length : tokens.indexOf(t);
  if (index >= 0 && index <= CONTENT_ASSIST_TOKEN_LIMIT) {
    try {
      const suggestions = cypherParser.computeContentAssist('statement', tokens.slice(0, index));
      expected = describe(suggestions.map((s) => s.nextTokenType));
    } catch {
      expected = [];
    }
  }
  if (expected.length === 0) expected = describe(expectedFromMessage(e.message));
  if (t.tokenType.name === 'InvalidNumber') {
    return cypherSyntaxError(text, pos, found, expected, `Invalid input '${found}': invalid number literal`);
  }
  if (atEnd) {
    return cypherSyntaxError(text, pos, found, expected, `Unexpected end of input: expected ${formatList(expected)}`);
  }
  return cypherSyntaxError(text, pos, found, expected);
}

function endOfInput(text: string, tokens: IToken[]): number {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return text.length;
  return last.startOffset + last.image.length;
}

function formatList(xs: readonly string[]): string {
  if (xs.length <= 1) return xs[0] ?? 'more input';
  return `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]!}`;
}

/** Token type names out of Chevrotain's default messages (used when content assist is skipped). */
function expectedFromMessage(message: string): TokenType[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/-->\s*(\w+)\s*<--/g)) names.add(m[1]!);
  for (const m of message.matchAll(/\[\s*(\w+)/g)) names.add(m[1]!);
  const byName = new Map(allTokens.map((t) => [t.name, t]));
  return [...names].map((n) => byName.get(n)).filter((x): x is TokenType => x !== undefined);
}

const DESCRIPTIONS: Record<string, string> = {
  SoftName: 'an identifier',
  Identifier: 'an identifier',
  EscapedIdentifier: 'an identifier',
  AnyName: 'a name',
  Parameter: 'a parameter',
  StringLiteral: 'a string',
  DecimalInteger: 'an integer',
  HexInteger: 'an integer',
  OctalInteger: 'an integer',
  Float: 'a float',
  EOF: 'end of input',
};

/** Readable, de-duplicated, ordered: keywords and symbols quoted, then the categories. */
function describe(types: readonly TokenType[]): string[] {
  const quoted = new Set<string>();
  const words = new Set<string>();
  for (const t of types) {
    const d = DESCRIPTIONS[t.name];
    if (d !== undefined) words.add(d);
    else if (typeof t.LABEL === 'string') quoted.add(`"${t.LABEL.replace(/^'(.*)'$/, '$1')}"`);
    else quoted.add(`"${t.name}"`);
  }
  return [...[...quoted].sort(), ...[...words].sort()];
}
