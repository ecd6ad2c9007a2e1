// Scalar functions over entities and miscellany: id, elementId, type, properties, startNode and
// endNode (placeholders: the runtime, which has the graph, registers the real ones over these),
// timestamp, randomUUID, nullIf and valueType.
import { cypherError } from '../../errors.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  TimeValue,
  type Value,
} from '../../values/types.js';
import { equals } from '../operators.js';
import { registerScalar, type FunctionContext } from './registry.js';
import { argTypeError, scalar } from './support.js';

function entity(fn: string, v: Value): NodeValue | RelationshipValue {
  if (v instanceof NodeValue || v instanceof RelationshipValue) return v;
  throw argTypeError(fn, 'a node or relationship', v);
}

function relationship(fn: string, v: Value): RelationshipValue {
  if (v instanceof RelationshipValue) return v;
  throw argTypeError(fn, 'a Relationship', v);
}

function needsGraph(fn: string) {
  return ([v]: readonly Value[]): Value => {
    if (v === null) return null;
    relationship(fn, v!);
    throw cypherError('UnknownError', 'NotImplemented', `${fn}() must be provided by the runtime, which reads the graph`);
  };
}

function properties([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (v instanceof Map) return v;
  if (v instanceof NodeValue || v instanceof RelationshipValue) return new Map(v.properties);
  throw argTypeError('properties', 'a node, a relationship or a literal map', v!);
}

/** A version 4 UUID drawn from the context's random source (seedable in tests). */
export function randomUuid(ctx: FunctionContext): string {
  const bytes = new Array<number>(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(ctx.random() * 256) & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Order of the members of a type union, as Neo4j normalises them.
const TYPE_ORDER = [
  'NULL',
  'BOOLEAN',
  'STRING',
  'INTEGER',
  'FLOAT',
  'DATE',
  'LOCAL TIME',
  'ZONED TIME',
  'LOCAL DATETIME',
  'ZONED DATETIME',
  'DURATION',
  'POINT',
  'BYTES',
  'NODE',
  'RELATIONSHIP',
  'MAP',
  'LIST',
  'PATH',
];

function baseType(v: Value): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
    case 'bigint':
      return 'INTEGER';
    case 'number':
      return 'FLOAT';
  }
  if (Array.isArray(v)) return `LIST<${listInnerType(v as readonly Value[])}>`;
  if (v instanceof Map) return 'MAP';
  if (v instanceof Uint8Array) return 'BYTES';
  if (v instanceof DateValue) return 'DATE';
  if (v instanceof LocalTimeValue) return 'LOCAL TIME';
  if (v instanceof TimeValue) return 'ZONED TIME';
  if (v instanceof LocalDateTimeValue) return 'LOCAL DATETIME';
  if (v instanceof DateTimeValue) return 'ZONED DATETIME';
  if (v instanceof DurationValue) return 'DURATION';
  if (v instanceof PointValue) return 'POINT';
  if (v instanceof NodeValue) return 'NODE';
  if (v instanceof RelationshipValue) return 'RELATIONSHIP';
  if (v instanceof PathValue) return 'PATH';
  return 'ANY';
}

function listInnerType(items: readonly Value[]): string {
  if (items.length === 0) return 'NOTHING';
  const types = new Set<string>();
  let nullable = false;
  for (const x of items) {
    if (x === null) nullable = true;
    else types.add(baseType(x));
  }
  if (types.size === 0) return 'NULL';
  const rank = (t: string): number => TYPE_ORDER.indexOf(t.startsWith('LIST<') ? 'LIST' : t);
  const sorted = [...types].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((t) => (nullable ? t : `${t} NOT NULL`)).join(' | ');
}

/** valueType(v): the Cypher type of a value as a string, e.g. `LIST<INTEGER NOT NULL> NOT NULL`. */
export function valueType(v: Value): string {
  return v === null ? 'NULL' : `${baseType(v)} NOT NULL`;
}

registerScalar(
  scalar('id', 1, 1, ([v]) => (v === null ? null : entity('id', v!).id)),
  scalar('elementId', 1, 1, ([v]) => (v === null ? null : entity('elementId', v!).elementId)),
  scalar('type', 1, 1, ([v]) => (v === null ? null : relationship('type', v!).type)),
  scalar('startNode', 1, 1, needsGraph('startNode')),
  scalar('endNode', 1, 1, needsGraph('endNode')),
  scalar('properties', 1, 1, properties),
  scalar('timestamp', 0, 0, (_args, ctx) => BigInt(ctx.statementInstant.epochMilliseconds), false),
  scalar('randomUUID', 0, 0, (_args, ctx) => randomUuid(ctx), false),
  scalar('nullIf', 2, 2, ([a, b]) => (equals(a!, b!) === true ? null : a!)),
  scalar('valueType', 1, 1, ([v]) => valueType(v!)),
);
