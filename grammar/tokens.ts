// Cypher tokens. Keywords are case-insensitive and lexed with `longer_alt: Identifier`, so `matches`
// is a name and `MATCH` a keyword. Two token categories decide where a keyword may stand for a name:
//   AnyName  - every identifier and every keyword: property keys, labels, relationship types, map keys
//   SoftName - identifiers plus the keywords that are not reserved: variables, function and procedure
//              names, database/user/role names.
// The reserved set is openCypher's reserved words plus CALL, YIELD, FOREACH, UNION and IF; everything
// else (COUNT, ANY, INDEX, USER, DATABASE, ...) stays usable as a variable, as in Neo4j.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA });
export const SoftName = createToken({ name: 'SoftName', pattern: Lexer.NA, categories: [AnyName] });

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\n\r\f\v\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

// Letters beyond ASCII, leaving out the Unicode spaces and the surrogate range.
const U = '\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u167F\\u1681-\\u1FFF\\u2070-\\u2FFF\\u3001-\\uD7FF\\uF900-\\uFEFE\\uFF00-\\uFFFD';
export const Identifier = createToken({
  name: 'Identifier',
  pattern: new RegExp(`[A-Za-z_${U}][A-Za-z0-9_${U}]*`),
  categories: [SoftName],
});
// Strings, backtick names and their parameters are scanned by hand rather than by regular expressions:
// nested quantifiers such as /'(?:[^']+)*'/ backtrack exponentially on an unterminated literal.

/** Length of the backtick name starting at `offset` (doubled backticks escape one), or -1. */
function escapedNameLength(text: string, offset: number): number {
  if (text.charCodeAt(offset) !== 96) return -1;
  let i = offset + 1;
  for (;;) {
    const close = text.indexOf('`', i);
    if (close < 0) return -1;
    if (text.charCodeAt(close + 1) === 96) {
      i = close + 2;
      continue;
    }
    return close + 1 - offset;
  }
}

const HEX = /^[0-9a-fA-F]+$/;
const SIMPLE_ESCAPES = new Set(['\\', "'", '"', 'b', 'B', 'f', 'F', 'n', 'N', 'r', 'R', 't', 'T']);

/** Length of the quoted string starting at `offset`, or -1 when unterminated or badly escaped. */
export function stringLength(text: string, offset: number): number {
  const quote = text.charCodeAt(offset);
  if (quote !== 39 && quote !== 34) return -1;
  for (let i = offset + 1; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1 - offset;
    if (c !== 92) {
      i++;
      continue;
    }
    const e = text[i + 1] ?? '';
    if (SIMPLE_ESCAPES.has(e)) i += 2;
    else if (e === 'u' && HEX.test(text.slice(i + 2, i + 6)) && i + 6 <= text.length) i += 6;
    else if (e === 'U' && HEX.test(text.slice(i + 2, i + 10)) && i + 10 <= text.length) i += 10;
    else return -1;
  }
  return -1;
}

const match = (text: string, offset: number, length: number): [string] | null =>
  length < 0 ? null : [text.slice(offset, offset + length)];

export const EscapedIdentifier = createToken({
  name: 'EscapedIdentifier',
  pattern: { exec: (text: string, offset: number) => match(text, offset, escapedNameLength(text, offset)) },
  start_chars_hint: ['`'],
  categories: [SoftName],
  line_breaks: true,
});
const PLAIN_PARAMETER = new RegExp(`\\$(?:[A-Za-z_${U}][A-Za-z0-9_${U}]*|[0-9]+)`, 'y');
export const Parameter = createToken({
  name: 'Parameter',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset + 1) === 96) return match(text, offset, 1 + escapedNameLength(text, offset + 1) || -1);
      PLAIN_PARAMETER.lastIndex = offset;
      const m = PLAIN_PARAMETER.exec(text);
      return m === null ? null : [m[0]];
    },
  },
  start_chars_hint: ['$'],
  line_breaks: true,
});

/** A digit run glued to letters (`123abc`): lexed as one token so the parser can reject it whole. */
export const InvalidNumber = createToken({ name: 'InvalidNumber', pattern: /[0-9][0-9A-Za-z_]*/ });
export const HexInteger = createToken({ name: 'HexInteger', pattern: /0[xX][0-9a-fA-F]+/, longer_alt: InvalidNumber });
export const OctalInteger = createToken({ name: 'OctalInteger', pattern: /0o[0-7]+/, longer_alt: InvalidNumber });
export const Float = createToken({
  name: 'Float',
  pattern: /(?:[0-9]+\.[0-9]+|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+/,
  longer_alt: InvalidNumber,
});
export const DecimalInteger = createToken({ name: 'DecimalInteger', pattern: /[0-9]+/, longer_alt: InvalidNumber });
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: (text: string, offset: number) => match(text, offset, stringLength(text, offset)) },
  start_chars_hint: ["'", '"'],
  line_breaks: true,
});

/**
 * The rest of the input after an unterminated or badly escaped string, an unterminated backtick name
 * or comment: one token, so lexing stays linear and the parser reports it where it starts.
 */
export const Unterminated = createToken({
  name: 'Unterminated',
  pattern: /['"`][\s\S]*|\/\*[\s\S]*/,
  line_breaks: true,
});

// Punctuation; longer operators come before their prefixes.
const p = (name: string, pattern: RegExp | string, label?: string): TokenType =>
  createToken({ name, pattern, label: label ?? `'${typeof pattern === 'string' ? pattern : name}'` });
export const NotEquals = p('NotEquals', '<>');
export const LessEq = p('LessEq', '<=');
export const GreaterEq = p('GreaterEq', '>=');
export const RegexMatch = p('RegexMatch', '=~');
export const PlusEq = p('PlusEq', '+=');
export const DoubleDot = p('DoubleDot', '..');
export const DoubleColon = p('DoubleColon', '::');
export const LParen = p('LParen', '(');
export const RParen = p('RParen', ')');
export const LBracket = p('LBracket', '[');
export const RBracket = p('RBracket', ']');
export const LCurly = p('LCurly', '{');
export const RCurly = p('RCurly', '}');
export const Comma = p('Comma', ',');
export const Dot = p('Dot', '.');
export const Colon = p('Colon', ':');
export const Semicolon = p('Semicolon', ';');
export const Pipe = p('Pipe', '|');
export const Amp = p('Amp', '&');
export const Bang = p('Bang', '!');
export const Equals = p('Equals', '=');
export const Less = p('Less', '<');
export const Greater = p('Greater', '>');
export const Plus = p('Plus', '+');
export const Minus = p('Minus', '-');
export const Star = p('Star', '*');
export const Slash = p('Slash', '/');
export const Percent = p('Percent', '%');
export const Caret = p('Caret', '^');

const RESERVED = new Set([
  'ALL', 'ASC', 'ASCENDING', 'BY', 'CREATE', 'DELETE', 'DESC', 'DESCENDING', 'DETACH', 'EXISTS', 'LIMIT',
  'MATCH', 'MERGE', 'ON', 'OPTIONAL', 'ORDER', 'REMOVE', 'RETURN', 'SET', 'SKIP', 'WHERE', 'WITH', 'UNION',
  'UNWIND', 'AND', 'AS', 'CONTAINS', 'DISTINCT', 'ENDS', 'IN', 'IS', 'NOT', 'OR', 'STARTS', 'XOR', 'CASE',
  'ELSE', 'END', 'THEN', 'WHEN', 'FALSE', 'NULL', 'TRUE', 'CONSTRAINT', 'FOR', 'REQUIRE', 'UNIQUE', 'OF',
  'DROP', 'CALL', 'YIELD', 'FOREACH', 'IF',
]);

const KEYWORD_WORDS = [
  ...RESERVED,
  // query language
  'OPTIONAL', 'OFFSET', 'LOAD', 'CSV', 'HEADERS', 'FROM', 'FIELDTERMINATOR', 'USE', 'EXPLAIN', 'PROFILE',
  'TRANSACTIONS', 'ROW', 'ROWS', 'CONCURRENT', 'ERROR', 'CONTINUE', 'BREAK', 'FAIL', 'REPORT', 'STATUS', 'FINISH',
  'COUNT', 'ANY', 'NONE', 'SINGLE', 'REDUCE', 'COLLECT', 'SHORTESTPATH', 'ALLSHORTESTPATHS', 'TYPED',
  'DATABASE', 'DATABASES',
  // schema
  'INDEX', 'INDEXES', 'CONSTRAINTS', 'NODE', 'KEY', 'RANGE', 'TEXT', 'POINT', 'LOOKUP', 'FULLTEXT', 'VECTOR',
  'BTREE', 'EACH', 'ASSERT', 'OPTIONS', 'RELATIONSHIP', 'REL', 'EXIST', 'EXISTENCE', 'PROPERTY', 'BRIEF',
  'VERBOSE', 'OUTPUT', 'PROCEDURE', 'PROCEDURES', 'FUNCTION', 'FUNCTIONS', 'BUILT', 'USER', 'DEFINED',
  'EXECUTABLE',
  // administration
  'SHOW', 'DEFAULT', 'HOME', 'DROPPED', 'ALTER', 'START', 'STOP', 'RENAME', 'UNDROP', 'WAIT', 'NOWAIT',
  'SEC', 'SECOND', 'SECONDS', 'REPLACE', 'ACCESS', 'READ', 'ONLY', 'WRITE', 'OPTION', 'RESTRICT',
  'CASCADE', 'ALIAS', 'ALIASES', 'DUMP', 'DESTROY', 'DATA', 'TO', 'TARGET', 'PROPERTIES', 'LIMITS', 'USAGE',
  'USERS', 'CURRENT', 'PLAINTEXT', 'ENCRYPTED', 'PASSWORD', 'CHANGE', 'REQUIRED', 'ACTIVE', 'SUSPENDED',
  'ROLE', 'ROLES', 'COPY', 'GRANT', 'DENY', 'REVOKE', 'PRIVILEGES', 'PRIVILEGE', 'COMMAND', 'COMMANDS', 'MANAGEMENT',
  'TRAVERSE', 'GRAPH', 'GRAPHS', 'ELEMENT', 'ELEMENTS', 'NODES', 'RELATIONSHIPS', 'DBMS', 'POPULATED',
  'AUTH', 'AT', 'URL', 'DRIVER', 'LABEL', 'IMMUTABLE', 'TRANSACTION', 'SETTING', 'SETTINGS', 'TERMINATE',
];

/** Keyword tokens by upper-case word (`keywords.MATCH`). */
export const keywords: Record<string, TokenType> = {};
for (const word of new Set(KEYWORD_WORDS)) {
  keywords[word] = createToken({
    name: word,
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: RESERVED.has(word) ? [AnyName] : [SoftName],
    label: `'${word}'`,
  });
}
/** True for a reserved word: it cannot be an unescaped variable name. */
export const isReserved = (word: string): boolean => RESERVED.has(word.toUpperCase());

const K = keywords;
// Order matters where one pattern is a prefix of another: Chevrotain takes the first match.
export const allTokens: TokenType[] = [
  WhiteSpace, LineComment, BlockComment,
  StringLiteral, EscapedIdentifier, Unterminated,
  HexInteger, OctalInteger, Float, DecimalInteger, InvalidNumber,
  Parameter,
  NotEquals, LessEq, GreaterEq, RegexMatch, PlusEq, DoubleDot, DoubleColon,
  LParen, RParen, LBracket, RBracket, LCurly, RCurly, Comma, Dot, Colon, Semicolon, Pipe, Amp, Bang,
  Equals, Less, Greater, Plus, Minus, Star, Slash, Percent, Caret,
  // Longer keywords first so that e.g. DATABASES is not lexed as DATABASE + S.
  ...Object.keys(K).sort((a, b) => b.length - a.length).map((w) => K[w]!),
  Identifier,
  AnyName, SoftName,
];
