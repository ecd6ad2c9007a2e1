// Splits shell input into statements: Cypher ends at a `;` outside strings, quoted names and
// comments, and may span lines; a line starting with `:` (outside a statement) is a shell command.

export type ShellInput = { readonly kind: 'cypher'; readonly text: string } | { readonly kind: 'command'; readonly text: string };

type Mode = 'code' | 'single' | 'double' | 'backtick' | 'line-comment' | 'block-comment';

/** Feeds lines in, gets complete statements and commands out; keeps the unfinished rest. */
export class StatementSplitter {
  private buf = '';
  private mode: Mode = 'code';

  /** True while a statement is unfinished (the prompt shows a continuation). */
  get pending(): boolean {
    return this.buf.trim().length > 0;
  }

  /** Takes one line (without its newline); returns what it completes. */
  push(line: string): ShellInput[] {
    if (!this.pending && this.mode === 'code' && line.trimStart().startsWith(':')) {
      return [{ kind: 'command', text: line.trim() }];
    }
    const out: ShellInput[] = [];
    const text = this.buf.length === 0 ? line : `${this.buf}\n${line}`;
    let start = 0;
    // Re-scan only the new line: the state at the end of `buf` is kept in `mode`.
    let i = this.buf.length === 0 ? 0 : this.buf.length + 1;
    for (; i < text.length; i++) {
      const c = text[i]!;
      const next = text[i + 1];
      switch (this.mode) {
        case 'code':
          if (c === ';') {
            const stmt = text.slice(start, i).trim();
            if (stmt.length > 0) out.push({ kind: 'cypher', text: stmt });
            start = i + 1;
          } else if (c === "'") this.mode = 'single';
          else if (c === '"') this.mode = 'double';
          else if (c === '`') this.mode = 'backtick';
          else if (c === '/' && next === '/') {
            this.mode = 'line-comment';
            i++;
          } else if (c === '/' && next === '*') {
            this.mode = 'block-comment';
            i++;
          }
          break;
        case 'single':
        case 'double':
          if (c === '\\') i++;
          else if (c === (this.mode === 'single' ? "'" : '"')) this.mode = 'code';
          break;
        case 'backtick':
          if (c === '`') this.mode = 'code';
          break;
        case 'line-comment':
          break;
        case 'block-comment':
          if (c === '*' && next === '/') {
            this.mode = 'code';
            i++;
          }
          break;
      }
    }
    if (this.mode === 'line-comment') this.mode = 'code';
    this.buf = text.slice(start);
    if (this.buf.trim().length === 0 && this.mode === 'code') this.buf = '';
    return out;
  }

  /** What is left at the end of input (a last statement without `;`), or null. */
  finish(): ShellInput | null {
    const rest = this.buf.trim();
    this.buf = '';
    this.mode = 'code';
    if (rest.length === 0 || isOnlyComments(rest)) return null;
    return { kind: 'cypher', text: rest };
  }

  /** Drops an unfinished statement (Ctrl-C at the prompt). */
  clear(): void {
    this.buf = '';
    this.mode = 'code';
  }
}

function isOnlyComments(s: string): boolean {
  return s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').trim().length === 0;
}
