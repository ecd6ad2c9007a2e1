// Cypher's `=~` uses java.util.regex with whole-string matching (`Matcher.matches()`). This module
// translates the Java syntax people write into an equivalent JavaScript RegExp (unicode mode),
// covering the common differences: leading and embedded flags `(?i)`, `\A \z \Z`, `\Q...\E`,
// POSIX and java classes `\p{Alpha}`, `\h \v \R`, ASCII-only `\s`, possessive quantifiers
// (treated as greedy), atomic groups (treated as plain groups), nested class unions `[a[bc]]`,
// identity escapes of any non-alphanumeric character, and a literal `]` or `}` outside a class.
// What has no JavaScript counterpart (class intersection `&&`, `\G`-style anchors mid-pattern,
// Unicode blocks `\p{InGreek}`) is reported as an invalid regex rather than silently altered.
import { cypherError } from '../errors.js';

const MAX_CACHED = 256;
const cache = new Map<string, RegExp>();

/** Compiles a Java regex for whole-string matching; invalid patterns raise an ArgumentError. */
export function compileJavaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  try {
    const { source, flags } = translate(pattern);
    re = new RegExp(`(?<![\\s\\S])(?:${source})(?![\\s\\S])`, flags);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw cypherError('ArgumentError', 'InvalidArgumentValue', `Invalid Regex: ${why} (in '${pattern}')`);
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, re);
  return re;
}

/** True when the whole of `text` matches the Java regex `pattern`. */
export function javaRegexMatches(text: string, pattern: string): boolean {
  return compileJavaRegex(pattern).test(text);
}

class Unsupported extends Error {}

// Java's POSIX and java.lang.Character classes, as bodies usable inside a JS character class.
const NAMED_CLASSES: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: '\\p{Lowercase}',
  javaUpperCase: '\\p{Uppercase}',
  javaWhitespace: '\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000',
  javaMirrored: '\\p{Bidi_Mirrored}',
  javaLetter: '\\p{L}',
  javaDigit: '\\p{Nd}',
  javaLetterOrDigit: '\\p{L}\\p{Nd}',
  javaAlphabetic: '\\p{Alphabetic}',
  javaSpaceChar: '\\p{Zs}\\p{Zl}\\p{Zp}',
  IsAlphabetic: '\\p{Alphabetic}',
  IsLetter: '\\p{L}',
  IsDigit: '\\p{Nd}',
  IsUppercase: '\\p{Uppercase}',
  IsLowercase: '\\p{Lowercase}',
  IsWhite_Space: '\\p{White_Space}',
  IsWhiteSpace: '\\p{White_Space}',
  IsPunctuation: '\\p{P}',
  IsControl: '\\p{Cc}',
  IsHex_Digit: '\\p{Hex_Digit}',
  IsIdeographic: '\\p{Ideographic}',
};

const SPACE_BODY = ' \\t\\n\\x0B\\f\\r';
const HSPACE_BODY = ' \\t\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000';
const VSPACE_BODY = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';

/** The class body for `\p{name}` / `\pL`. */
function propertyBody(name: string): string {
  const known = NAMED_CLASSES[name];
  if (known !== undefined) return known;
  if (/^In[A-Z]/.test(name)) throw new Unsupported(`Unicode block ${name} is not supported`);
  if (/^Is[A-Z][a-z]/.test(name)) return `\\p{Script=${name.slice(2)}}`; // IsLatin, IsGreek
  if (/^Is[A-Z][a-z]?$/.test(name)) return `\\p{${name.slice(2)}}`; // IsL, IsLu
  if (/^(sc|script|gc|general_category|blk|block)=/i.test(name)) {
    const [k, val] = name.split('=') as [string, string];
    if (/^(blk|block)$/i.test(k)) throw new Unsupported(`Unicode block ${val} is not supported`);
    return /^(sc|script)$/i.test(k) ? `\\p{Script=${val}}` : `\\p{${val}}`;
  }
  return `\\p{${name}}`; // L, Lu, general categories and binary properties JS knows
}

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

interface Translation {
  source: string;
  flags: string;
}

function translate(pattern: string): Translation {
  const flags = new Set<string>(['u']);
  let comments = false;
  const setFlags = (on: string): void => {
    for (const f of on) {
      if (f === 'i' || f === 's' || f === 'm') flags.add(f);
      else if (f === 'x') comments = true;
      else if (f !== 'u' && f !== 'd' && f !== 'U') throw new Unsupported(`unknown inline flag ${f}`);
    }
  };
  let out = '';
  let i = 0;
  let classDepth = 0; // > 0 inside a character class; nested Java classes are flattened (unions)
  const n = pattern.length;

  const escape = (inClass: boolean): string => {
    // pattern[i] is the character after the backslash; consumes it (and any argument)
    const c = pattern[i];
    if (c === undefined) throw new Unsupported('trailing backslash');
    i++;
    switch (c) {
      case 'Q': {
        const end = pattern.indexOf('\\E', i);
        const literal = pattern.slice(i, end < 0 ? n : end);
        i = end < 0 ? n : end + 2;
        return Array.from(literal, (ch) => hex(ch.codePointAt(0)!)).join('');
      }
      case 'E':
        return '';
      case 'A':
      case 'G':
        if (inClass) throw new Unsupported(`\\${c} in a class`);
        return '(?<![\\s\\S])';
      case 'z':
        if (inClass) throw new Unsupported('\\z in a class');
        return '(?![\\s\\S])';
      case 'Z':
        if (inClass) throw new Unsupported('\\Z in a class');
        return `(?=(?:\\r\\n|[${VSPACE_BODY}])?(?![\\s\\S]))`;
      case 'R':
        if (inClass) throw new Unsupported('\\R in a class');
        return `(?:\\r\\n|[${VSPACE_BODY}])`;
      case 's':
        return inClass ? SPACE_BODY : `[${SPACE_BODY}]`;
      case 'S':
        return inClass ? '\\S' : `[^${SPACE_BODY}]`;
      case 'h':
        return inClass ? HSPACE_BODY : `[${HSPACE_BODY}]`;
      case 'H':
        if (inClass) throw new Unsupported('\\H in a class');
        return `[^${HSPACE_BODY}]`;
      case 'v':
        return inClass ? VSPACE_BODY : `[${VSPACE_BODY}]`;
      case 'V':
        if (inClass) throw new Unsupported('\\V in a class');
        return `[^${VSPACE_BODY}]`;
      case 'e':
        return '\\x1B';
      case 'a':
        return '\\x07';
      case 'x':
        if (pattern[i] === '{') {
          const end = pattern.indexOf('}', i);
          if (end < 0) throw new Unsupported('unclosed \\x{');
          const digits = pattern.slice(i + 1, end);
          i = end + 1;
          return hex(parseInt(digits, 16));
        }
        return '\\x';
      case '0': {
        const m = /^[0-7]{1,3}/.exec(pattern.slice(i));
        if (m === null) throw new Unsupported('illegal octal escape');
        let digits = m[0];
        if (digits.length === 3 && digits[0]! > '3') digits = digits.slice(0, 2);
        i += digits.length;
        return hex(parseInt(digits, 8));
      }
      case 'p':
      case 'P': {
        let name: string;
        if (pattern[i] === '{') {
          const end = pattern.indexOf('}', i);
          if (end < 0) throw new Unsupported('unclosed \\p{');
          name = pattern.slice(i + 1, end);
          i = end + 1;
        } else {
          name = pattern[i] ?? '';
          i++;
        }
        let negate = c === 'P';
        if (name.startsWith('^')) {
          negate = !negate;
          name = name.slice(1);
        }
        const body = propertyBody(name);
        if (!negate) return inClass ? body : `[${body}]`;
        if (inClass) {
          if (/^\\p\{[^}]+\}$/.test(body)) return `\\P${body.slice(2)}`;
          throw new Unsupported(`negated \\P{${name}} inside a class`);
        }
        return `[^${body}]`;
      }
      default:
        break;
    }
    if (/[0-9]/.test(c)) {
      if (inClass) throw new Unsupported('back reference in a class');
      return `\\${c}`;
    }
    if (/[dDwWbBnrtfuck]/.test(c)) {
      if (c === 'c') {
        const ctl = pattern[i];
        i++;
        return `\\c${ctl ?? ''}`;
      }
      return `\\${c}`;
    }
    if (/[A-Za-z]/.test(c)) throw new Unsupported(`illegal/unsupported escape sequence \\${c}`);
    // Java lets any other character be escaped; emit it as a code point escape.
    const cp = pattern.codePointAt(i - 1)!;
    if (cp > 0xffff) i++;
    return hex(cp);
  };

  const quantifierTail = (): void => {
    // Possessive quantifiers (`a*+`) become greedy; lazy ones (`a*?`) are the same in both.
    if (pattern[i] === '+') i++;
    else if (pattern[i] === '?') {
      out += '?';
      i++;
    }
  };

  // Leading flag groups: `(?i)`, `(?is)`, `(?i-s)` -- the usual way to ask for case-insensitivity.
  for (;;) {
    const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(pattern.slice(i));
    if (m === null) break;
    setFlags(m[1] ?? '');
    i += m[0].length;
  }

  while (i < n) {
    const c = pattern[i]!;
    if (classDepth > 0) {
      i++;
      if (c === '\\') out += escape(true);
      else if (c === '[') {
        if (pattern[i] === '^') throw new Unsupported('negated nested class');
        classDepth++;
      } else if (c === ']') {
        classDepth--;
        if (classDepth === 0) out += ']';
      } else if (c === '&' && pattern[i] === '&') throw new Unsupported('class intersection (&&)');
      else if (c === '[' || c === '/') out += `\\${c}`;
      else out += c;
      continue;
    }
    if (comments && (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\x0B')) {
      i++;
      continue;
    }
    if (comments && c === '#') {
      while (i < n && pattern[i] !== '\n') i++;
      continue;
    }
    i++;
    switch (c) {
      case '\\':
        out += escape(false);
        break;
      case '[':
        classDepth = 1;
        out += '[';
        if (pattern[i] === '^') {
          out += '^';
          i++;
        }
        break;
      case ']':
        out += '\\]';
        break;
      case '}':
        out += '\\}';
        break;
      case '{': {
        const m = /^(\d+)(,\d*)?\}/.exec(pattern.slice(i));
        if (m === null) throw new Unsupported(`illegal repetition near index ${i - 1}`);
        out += `{${m[0]}`;
        i += m[0].length;
        quantifierTail();
        break;
      }
      case '*':
      case '+':
      case '?':
        out += c;
        quantifierTail();
        break;
      case '(': {
        if (pattern[i] !== '?') {
          out += '(';
          break;
        }
        const rest = pattern.slice(i + 1);
        const flagGroup = /^([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
        if (flagGroup !== null && (flagGroup[1] !== '' || flagGroup[2] !== undefined)) {
          // Embedded flags: JavaScript (Node 20) has no scoped modifiers, so they apply to the whole
          // pattern -- right for the common `(?i)` at or near the start.
          setFlags(flagGroup[1] ?? '');
          i += 1 + flagGroup[0].length;
          if (flagGroup[3] === ':') out += '(?:';
        } else if (rest.startsWith('>')) {
          out += '(?:';
          i += 2;
        } else {
          out += '(';
        }
        break;
      }
      default:
        out += c;
    }
  }
  if (classDepth > 0) throw new Unsupported('unclosed character class');
  return { source: out, flags: [...flags].join('') };
}
