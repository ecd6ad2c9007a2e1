// Syntax errors the way Neo4j reports them:
//
//   Invalid input 'RETRUN': expected "CALL", "CREATE", "MATCH" or ... (line 1, column 1 (offset: 0))
//   "RETRUN 1"
//    ^
//
// The error is a QuiverError of kind SyntaxError (Neo.ClientError.Statement.SyntaxError) carrying the
// position, the offending text and the expected list as fields.
import { QuiverError, isQuiverError, quiverError } from '../errors.js';
import type { Pos } from './ast.js';

/** A QuiverError of kind SyntaxError with where and what. */
export interface CypherSyntaxError extends QuiverError {
  readonly kind: 'SyntaxError';
  readonly position: Pos;
  /** The text of the offending token ('' at the end of the input). */
  readonly offendingToken: string;
  /** Human-readable alternatives (`"MATCH"`, `"("`, `an identifier`), possibly empty. */
  readonly expected: readonly string[];
}

export function isCypherSyntaxError(e: unknown): e is CypherSyntaxError {
  return isQuiverError(e, 'SyntaxError') && 'position' in e;
}

const EXCERPT_WIDTH = 120;

/** The line of `text` containing `pos`, trimmed around the column for long lines, and its caret line. */
export function excerpt(text: string, pos: Pos): string {
  const start = pos.offset - (pos.column - 1);
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  let line = text.slice(start, end).replace(/\r$/, '');
  let caret = pos.column - 1;
  if (line.length > EXCERPT_WIDTH) {
    const from = Math.max(0, Math.min(caret - EXCERPT_WIDTH / 2, line.length - EXCERPT_WIDTH));
    line = line.slice(from, from + EXCERPT_WIDTH);
    caret -= from;
  }
  return `"${line}"\n${' '.repeat(caret + 1)}^`;
}

export function formatExpected(expected: readonly string[]): string {
  if (expected.length === 0) return '';
  if (expected.length === 1) return expected[0]!;
  return `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]!}`;
}

export function positionSuffix(pos: Pos): string {
  return `(line ${pos.line}, column ${pos.column} (offset: ${pos.offset}))`;
}

/**
 * Builds the SyntaxError. `detail` replaces the "expected ..." part when the problem is not a missing
 * token (an integer too large, a bad escape sequence).
 */
export function cypherSyntaxError(
  text: string,
  pos: Pos,
  offendingToken: string,
  expected: readonly string[],
  detail?: string,
): CypherSyntaxError {
  const shown = offendingToken.length > 40 ? `${offendingToken.slice(0, 40)}...` : offendingToken;
  const head = detail ?? (expected.length > 0 ? `Invalid input '${shown}': expected ${formatExpected(expected)}` : `Invalid input '${shown}'`);
  const message = `${head} ${positionSuffix(pos)}\n${excerpt(text, pos)}`;
  const e = quiverError('SyntaxError', message) as QuiverError & {
    position: Pos;
    offendingToken: string;
    expected: readonly string[];
  };
  e.position = pos;
  e.offendingToken = offendingToken;
  e.expected = expected;
  e.detail = openCypherDetail(detail);
  return e as CypherSyntaxError;
}

/** openCypher's name for a syntax error (what the kit and clients that classify errors check). */
function openCypherDetail(detail: string | undefined): string {
  if (detail === undefined) return 'UnexpectedSyntax';
  if (/integer is too large/i.test(detail)) return 'IntegerOverflow';
  if (/unicode escape/i.test(detail)) return 'InvalidUnicodeLiteral';
  if (/invalid number literal/i.test(detail)) return 'InvalidNumberLiteral';
  return 'UnexpectedSyntax';
}

/** The position of `offset` in `text` (line and column from 1), for errors found after lexing. */
export function positionAt(text: string, offset: number): Pos {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}
