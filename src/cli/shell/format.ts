// Result formatting for the shell: values as Cypher-like literals (as cypher-shell prints them),
// aligned tables, plain lines, CSV and JSON lines. Values are the driver's (any Bolt server).
import neo4j, { type Integer } from 'neo4j-driver';

export type OutputFormat = 'table' | 'plain' | 'json' | 'csv';

export interface Rendered {
  readonly keys: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : `\`${k.replace(/`/g, '``')}\``;
}

function props(p: Record<string, unknown>): string {
  const ks = Object.keys(p);
  return ks.length === 0 ? '' : ` {${ks.map((k) => `${key(k)}: ${literal(p[k])}`).join(', ')}}`;
}

function float(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? n.toFixed(1) : String(n);
}

function nodeText(n: { labels: string[]; properties: Record<string, unknown> }): string {
  return `(${n.labels.map((l) => `:${key(l)}`).join('')}${props(n.properties)})`;
}

function relText(r: { type: string; properties: Record<string, unknown> }): string {
  return `[:${key(r.type)}${props(r.properties)}]`;
}

/** A value as a Cypher-like literal: `"text"`, `1`, `1.0`, `[1, 2]`, `{a: 1}`, `(:L {k: 1})`. */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return float(v);
  if (typeof v === 'bigint') return v.toString();
  if (neo4j.isInt(v)) return (v as Integer).toString();
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v instanceof Uint8Array || v instanceof Int8Array) return `0x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (neo4j.isNode(v)) return nodeText(v);
  if (neo4j.isRelationship(v) || neo4j.isUnboundRelationship(v)) return relText(v);
  if (neo4j.isPath(v)) {
    let s = nodeText(v.start);
    for (const seg of v.segments) {
      const forward = seg.relationship.startNodeElementId === seg.start.elementId;
      s += forward ? `-${relText(seg.relationship)}->` : `<-${relText(seg.relationship)}-`;
      s += nodeText(seg.end);
    }
    return s;
  }
  if (neo4j.isPoint(v)) {
    const z = v.z === undefined ? '' : `, z: ${float(v.z)}`;
    return `point({srid: ${literal(v.srid)}, x: ${float(v.x)}, y: ${float(v.y)}${z}})`;
  }
  if (isTemporal(v)) return String(v);
  if (isPlainObject(v)) return `{${Object.keys(v).map((k) => `${key(k)}: ${literal(v[k])}`).join(', ')}}`;
  return String(v);
}

function isTemporal(v: unknown): boolean {
  return neo4j.isDate(v as never) || neo4j.isDateTime(v as never) || neo4j.isLocalDateTime(v as never) || neo4j.isLocalTime(v as never) || neo4j.isTime(v as never) || neo4j.isDuration(v as never);
}

/** A value as plain JSON: safe integers as numbers (others as strings), entities as objects. */
export function toJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (neo4j.isInt(v)) {
    const i = v as Integer;
    return i.inSafeRange() ? i.toNumber() : i.toString();
  }
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Uint8Array || v instanceof Int8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (neo4j.isNode(v)) return { elementId: v.elementId, labels: v.labels, properties: toJson(v.properties) };
  if (neo4j.isRelationship(v)) {
    return { elementId: v.elementId, type: v.type, startNodeElementId: v.startNodeElementId, endNodeElementId: v.endNodeElementId, properties: toJson(v.properties) };
  }
  if (neo4j.isUnboundRelationship(v)) return { elementId: v.elementId, type: v.type, properties: toJson(v.properties) };
  if (neo4j.isPath(v)) return { nodes: [v.start, ...v.segments.map((s) => s.end)].map(toJson), relationships: v.segments.map((s) => toJson(s.relationship)) };
  if (neo4j.isPoint(v)) return { srid: toJson(v.srid), x: v.x, y: v.y, ...(v.z === undefined ? {} : { z: v.z }) };
  if (isTemporal(v)) return String(v);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return String(v);
}

/** A text cell: strings in tables and plain output are quoted, as cypher-shell prints them. */
export function cell(v: unknown): string {
  return literal(v);
}

/** An aligned table with borders; `(no changes, no records)` when there is nothing to show. */
export function table(r: Rendered): string {
  if (r.keys.length === 0) return '';
  const cells = r.rows.map((row) => row.map((v) => cell(v).replace(/\n/g, '\\n')));
  const widths = r.keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i]!.length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const fmt = (cs: readonly string[]): string => `|${cs.map((c, i) => ` ${c.padEnd(widths[i]!)} `).join('|')}|\n`;
  return line + fmt(r.keys) + line + cells.map(fmt).join('') + line;
}

/** cypher-shell's plain format: the column names, then one line per record, comma-separated. */
export function plain(r: Rendered): string {
  if (r.keys.length === 0) return '';
  return `${r.keys.join(', ')}\n${r.rows.map((row) => `${row.map(cell).join(', ')}\n`).join('')}`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: a header, then one line per record; strings unquoted unless needed, null empty. */
export function csv(r: Rendered): string {
  if (r.keys.length === 0) return '';
  const f = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : literal(v));
  return `${r.keys.map(csvField).join(',')}\r\n${r.rows.map((row) => `${row.map((v) => csvField(f(v))).join(',')}\r\n`).join('')}`;
}

/** JSON lines: one object per record, keyed by column. */
export function jsonLines(r: Rendered): string {
  return r.rows.map((row) => `${JSON.stringify(Object.fromEntries(r.keys.map((k, i) => [k, toJson(row[i])])))}\n`).join('');
}

export function render(format: OutputFormat, r: Rendered): string {
  switch (format) {
    case 'table':
      return table(r);
    case 'plain':
      return plain(r);
    case 'csv':
      return csv(r);
    case 'json':
      return jsonLines(r);
  }
}
