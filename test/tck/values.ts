// The kit's expected-value literals (tck/README.adoc, "Format of the expected results"): integers,
// floats (`NaN`, `Inf`, `-Inf`, exponents), single-quoted strings, booleans, null, lists, maps,
// nodes `(:A:B {k: v})`, relationships `[:T {k: v}]` and paths `<(a)-[:T]->(b)<-[:U]-(c)>`.
// Temporal and spatial values are written as strings and compared with the value's string form.
//
// Also the reverse direction: `formatValue` prints an engine value in the same notation, for
// failure messages and for keying graph snapshots.
import type { CypherMap, Value } from '../../src/values/types.js';
import { temporalToString } from '../../src/runtime/functions/temporal/format.js';
import type { TemporalValue } from '../../src/values/types.js';

export interface NodeLiteral {
  readonly kind: 'node';
  readonly labels: readonly string[];
  readonly properties: ReadonlyMap<string, Expected>;
}

export interface RelationshipLiteral {
  readonly kind: 'relationship';
  readonly type: string;
  readonly properties: ReadonlyMap<string, Expected>;
}

export interface PathLink {
  /** true for `-[r]->`, false for `<-[r]-`. */
  readonly forward: boolean;
  readonly relationship: RelationshipLiteral;
  readonly node: NodeLiteral;
}

/** A parsed expected value. Floats keep their text: how many digits the kit wrote matters. */
export type Expected =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly Expected[]; readonly ordered: boolean }
  | { readonly kind: 'map'; readonly entries: ReadonlyMap<string, Expected> }
  | NodeLiteral
  | RelationshipLiteral
  | { readonly kind: 'path'; readonly start: NodeLiteral; readonly links: readonly PathLink[] };

export class ValueSyntaxError extends Error {
  constructor(message: string, readonly source: string, readonly offset: number) {
    super(`${message} at offset ${offset} in ${JSON.stringify(source)}`);
    this.name = 'ValueSyntaxError';
  }
}

export interface ParseOptions {
  /** false under `(ignoring element order for lists)`: every list, nested too, is a multiset. */
  readonly orderedLists?: boolean;
}

const NUMBER = /-?(?:\d+\.\d+(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)/y;
const NAME = /[A-Za-z0-9_$]+/y;

/** Parses one cell of a result or parameter table. */
export function parseValue(text: string, options: ParseOptions = {}): Expected {
  const p = new ValueParser(text, options.orderedLists ?? true);
  const value = p.value();
  p.skipSpace();
  if (!p.atEnd()) p.fail('unexpected trailing text');
  return value;
}

class ValueParser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly orderedLists: boolean,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  fail(message: string): never {
    throw new ValueSyntaxError(message, this.src, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  private expect(s: string): void {
    this.skipSpace();
    if (!this.startsWith(s)) this.fail(`expected '${s}'`);
    this.pos += s.length;
  }

  /** Consumes `s` (after spaces) if present. */
  private accept(s: string): boolean {
    this.skipSpace();
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }

  value(): Expected {
    this.skipSpace();
    const ch = this.peek();
    if (ch === '(') return this.node();
    if (ch === '<') return this.path();
    if (ch === '[') {
      const save = this.pos;
      this.pos++;
      this.skipSpace();
      const isRel = this.peek() === ':';
      this.pos = save;
      return isRel ? this.relationship() : this.list();
    }
    if (ch === '{') return { kind: 'map', entries: this.map() };
    if (ch === "'" || ch === '"') return { kind: 'string', value: this.string() };
    for (const [word, value] of [
      ['-Infinity', -Infinity],
      ['Infinity', Infinity],
      ['-Inf', -Infinity],
      ['Inf', Infinity],
      ['NaN', NaN],
    ] as const) {
      if (this.startsWith(word) && !/[A-Za-z0-9_]/.test(this.src[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return { kind: 'float', value, text: word };
      }
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
    ] as const) {
      if (this.keyword(word)) return { kind: 'boolean', value };
    }
    if (this.keyword('null')) return { kind: 'null' };
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.src);
    if (m) {
      this.pos += m[0].length;
      const text = m[0];
      if (/[.eE]/.test(text)) return { kind: 'float', value: Number(text), text };
      return { kind: 'integer', value: BigInt(text) };
    }
    return this.fail('expected a value');
  }

  private keyword(word: string): boolean {
    const end = this.pos + word.length;
    if (this.src.slice(this.pos, end).toLowerCase() !== word) return false;
    if (/[A-Za-z0-9_]/.test(this.src[end] ?? '')) return false;
    this.pos = end;
    return true;
  }

  private string(): string {
    const quote = this.peek();
    this.pos++;
    let out = '';
    while (true) {
      if (this.atEnd()) this.fail('unterminated string');
      const ch = this.src[this.pos++]!;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.src[this.pos++] ?? this.fail('unterminated escape');
      switch (esc) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          const hex = this.src.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        case "'":
        case '"':
        case '\\':
          out += esc;
          break;
        default:
          out += '\\' + esc;
      }
    }
  }

  /** A label, type or key: a symbolic name or a backquoted one. */
  private name(): string {
    this.skipSpace();
    if (this.peek() === '`') {
      this.pos++;
      let out = '';
      while (true) {
        if (this.atEnd()) this.fail('unterminated `name`');
        const ch = this.src[this.pos++]!;
        if (ch !== '`') out += ch;
        else if (this.peek() === '`') {
          out += '`';
          this.pos++;
        } else return out;
      }
    }
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  private mapKey(): string {
    this.skipSpace();
    const ch = this.peek();
    return ch === "'" || ch === '"' ? this.string() : this.name();
  }

  private map(): ReadonlyMap<string, Expected> {
    this.expect('{');
    const entries = new Map<string, Expected>();
    if (this.accept('}')) return entries;
    do {
      const key = this.mapKey();
      this.expect(':');
      entries.set(key, this.value());
    } while (this.accept(','));
    this.expect('}');
    return entries;
  }

  private list(): Expected {
    this.expect('[');
    const items: Expected[] = [];
    if (!this.accept(']')) {
      do items.push(this.value());
      while (this.accept(','));
      this.expect(']');
    }
    return { kind: 'list', items, ordered: this.orderedLists };
  }

  private node(): NodeLiteral {
    this.expect('(');
    const labels: string[] = [];
    while (this.accept(':')) labels.push(this.name());
    this.skipSpace();
    const properties = this.peek() === '{' ? this.map() : new Map<string, Expected>();
    this.expect(')');
    return { kind: 'node', labels, properties };
  }

  private relationship(): RelationshipLiteral {
    this.expect('[');
    this.expect(':');
    const type = this.name();
    this.skipSpace();
    const properties = this.peek() === '{' ? this.map() : new Map<string, Expected>();
    this.expect(']');
    return { kind: 'relationship', type, properties };
  }

  private path(): Expected {
    this.expect('<');
    const start = this.node();
    const links: PathLink[] = [];
    while (true) {
      this.skipSpace();
      if (this.startsWith('<-')) {
        this.pos += 2;
        const relationship = this.relationship();
        this.expect('-');
        links.push({ forward: false, relationship, node: this.node() });
      } else if (this.startsWith('-')) {
        this.pos += 1;
        const relationship = this.relationship();
        this.expect('->');
        links.push({ forward: true, relationship, node: this.node() });
      } else break;
    }
    this.expect('>');
    return { kind: 'path', start, links };
  }
}

/** Converts a parsed literal into an engine value (for `parameters are:`). */
export function toValue(e: Expected): Value {
  switch (e.kind) {
    case 'null':
      return null;
    case 'boolean':
    case 'integer':
    case 'float':
    case 'string':
      return e.value;
    case 'list':
      return e.items.map(toValue);
    case 'map':
      return new Map([...e.entries].map(([k, v]) => [k, toValue(v)] as const));
    case 'node':
    case 'relationship':
    case 'path':
      throw new Error(`a ${e.kind} literal cannot be used as a parameter value`);
  }
}

/** The kit's notation for an expected value. */
export function formatExpected(e: Expected): string {
  switch (e.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(e.value);
    case 'integer':
      return e.value.toString();
    case 'float':
      return e.text;
    case 'string':
      return quote(e.value);
    case 'list':
      return `[${e.items.map(formatExpected).join(', ')}]`;
    case 'map':
      return formatEntries(e.entries, formatExpected);
    case 'node':
      return formatNode(e.labels, e.properties, formatExpected);
    case 'relationship':
      return formatRel(e.type, e.properties, formatExpected);
    case 'path':
      return `<${formatExpected(e.start)}${e.links
        .map((l) => (l.forward ? `-${formatExpected(l.relationship)}->` : `<-${formatExpected(l.relationship)}-`) + formatExpected(l.node))
        .join('')}>`;
  }
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function formatEntries<V>(entries: ReadonlyMap<string, V>, f: (v: V) => string): string {
  return `{${[...entries].map(([k, v]) => `${k}: ${f(v)}`).join(', ')}}`;
}

function formatNode<V>(labels: readonly string[], props: ReadonlyMap<string, V>, f: (v: V) => string): string {
  const l = labels.map((x) => `:${x}`).join('');
  const p = props.size > 0 ? formatEntries(props, f) : '';
  return `(${[l, p].filter((x) => x !== '').join(' ')})`;
}

function formatRel<V>(type: string, props: ReadonlyMap<string, V>, f: (v: V) => string): string {
  return `[:${type}${props.size > 0 ? ' ' + formatEntries(props, f) : ''}]`;
}

/** A FLOAT in the kit's notation: always with a decimal point or exponent, `NaN`, `Inf`, `-Inf`. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

interface Kinded {
  readonly kind?: string;
}

/** True for the values the kit writes as strings: temporal and spatial values. */
export function isStringlyTyped(v: Value): boolean {
  const kind = typeof v === 'object' && v !== null ? (v as Kinded).kind : undefined;
  return (
    kind === 'Date' ||
    kind === 'LocalTime' ||
    kind === 'Time' ||
    kind === 'LocalDateTime' ||
    kind === 'DateTime' ||
    kind === 'Duration' ||
    kind === 'Point'
  );
}

/**
 * The string form of a temporal or spatial value: its own `toString()`, or, for classes that
 * do not define one yet, Neo4j's format computed here.
 */
export function stringForm(v: Value): string {
  const obj = v as object;
  const kind = (obj as Kinded).kind;
  // Temporal values print as Neo4j (and the kit) print them, e.g. `12:00` rather than `12:00:00`.
  if (kind !== undefined && TEMPORAL_KINDS.has(kind)) return temporalToString(v as TemporalValue);
  if (kind === 'Point') return formatPoint(obj as PointLike);
  const own = (obj as { toString?: () => string }).toString;
  if (typeof own === 'function' && own !== Object.prototype.toString) return own.call(obj);
  if (kind === 'Duration') return formatDuration(obj as DurationLike);
  return String(v);
}

const TEMPORAL_KINDS = new Set(['Date', 'LocalTime', 'Time', 'LocalDateTime', 'DateTime', 'Duration']);

interface DurationLike {
  readonly months: bigint;
  readonly days: bigint;
  readonly seconds: bigint;
  readonly nanoseconds: number;
}

/** Neo4j's ISO-8601 duration form: `P1Y2M3DT4H5M6.000000007S`, `PT0S` when zero. */
export function formatDuration(d: DurationLike): string {
  const { months, days } = d;
  // Combine seconds and nanos into one signed nanosecond count, then split it for printing.
  const totalNanos = d.seconds * 1_000_000_000n + BigInt(d.nanoseconds);
  if (months === 0n && days === 0n && totalNanos === 0n) return 'PT0S';
  let out = 'P';
  const years = months / 12n;
  const mon = months % 12n;
  if (years !== 0n) out += `${years}Y`;
  if (mon !== 0n) out += `${mon}M`;
  if (days !== 0n) out += `${days}D`;
  if (totalNanos !== 0n) {
    out += 'T';
    const neg = totalNanos < 0n;
    const abs = neg ? -totalNanos : totalNanos;
    const secsAbs = abs / 1_000_000_000n;
    const nanos = abs % 1_000_000_000n;
    const hours = secsAbs / 3600n;
    const minutes = (secsAbs % 3600n) / 60n;
    const secs = secsAbs % 60n;
    const sign = neg ? '-' : '';
    if (hours !== 0n) out += `${sign}${hours}H`;
    if (minutes !== 0n) out += `${sign}${minutes}M`;
    if (secs !== 0n || nanos !== 0n) {
      const frac = nanos === 0n ? '' : '.' + nanos.toString().padStart(9, '0').replace(/0+$/, '');
      out += `${sign}${secs}${frac}S`;
    }
  }
  return out;
}

interface PointLike {
  readonly srid: number;
  readonly x: number;
  readonly y: number;
  readonly z?: number;
}

/** Neo4j's point form: `point({srid:7203, x:1.0, y:2.0})`. */
export function formatPoint(p: PointLike): string {
  const coords = p.z === undefined ? `x:${formatFloat(p.x)}, y:${formatFloat(p.y)}` : `x:${formatFloat(p.x)}, y:${formatFloat(p.y)}, z:${formatFloat(p.z)}`;
  return `point({srid:${p.srid}, ${coords}})`;
}

interface NodeLike {
  readonly kind: 'Node';
  readonly labels: readonly string[];
  readonly properties: CypherMap;
}

interface RelLike {
  readonly kind: 'Relationship';
  readonly type: string;
  readonly properties: CypherMap;
  readonly startId: bigint;
}

interface PathLike {
  readonly kind: 'Path';
  readonly nodes: readonly (NodeLike & { readonly id: bigint })[];
  readonly relationships: readonly RelLike[];
}

/** An engine value in the kit's notation (labels and map keys in the value's own order). */
export function formatValue(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v);
    case 'string':
      return quote(v);
  }
  if (v instanceof Uint8Array) return `bytes(${Buffer.from(v).toString('hex')})`;
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (v instanceof Map) return formatEntries(v as CypherMap, formatValue);
  if (isStringlyTyped(v)) return quote(stringForm(v));
  const kind = (v as Kinded).kind;
  if (kind === 'Node') {
    const n = v as unknown as NodeLike;
    return formatNode(n.labels, n.properties, formatValue);
  }
  if (kind === 'Relationship') {
    const r = v as unknown as RelLike;
    return formatRel(r.type, r.properties, formatValue);
  }
  if (kind === 'Path') {
    const p = v as unknown as PathLike;
    let out = `<${formatValue(p.nodes[0] as unknown as Value)}`;
    p.relationships.forEach((r, i) => {
      const rel = formatValue(r as unknown as Value);
      const forward = r.startId === p.nodes[i]!.id;
      out += (forward ? `-${rel}->` : `<-${rel}-`) + formatValue(p.nodes[i + 1] as unknown as Value);
    });
    return `${out}>`;
  }
  return String(v);
}
