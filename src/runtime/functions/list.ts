// List functions, and the functions that take a list or a string (size, reverse) or read the
// parts of an entity or path (keys, labels, nodes, relationships, length). null gives null.
import { cypherError } from '../../errors.js';
import { NodeValue, PathValue, RelationshipValue, type Value } from '../../values/types.js';
import { registerScalar } from './registry.js';
import { argTypeError, codePointLength, describe, scalar } from './support.js';
import { reverseString } from './string.js';

/** Longest list range() materialises; beyond it the query would exhaust memory long before. */
export const MAX_RANGE_LENGTH = 100_000_000;

function size([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (typeof v === 'string') return BigInt(codePointLength(v));
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Uint8Array) return BigInt(v.length);
  throw argTypeError('size', 'a String or List', v!);
}

function list(fn: string, v: Value): readonly Value[] {
  if (!Array.isArray(v)) throw argTypeError(fn, 'a List', v);
  return v as readonly Value[];
}

function rangeArg(what: string, v: Value | undefined): bigint {
  if (typeof v === 'bigint') return v;
  throw cypherError(
    'ArgumentError',
    'InvalidArgumentType',
    `Invalid input for ${what} value in function 'range()': Expected an INTEGER but got: ${describe(v ?? null)}`,
  );
}

/** range(start, end[, step]): INTEGERs from start towards end inclusive; empty if step points away. */
export function range(args: readonly Value[]): Value {
  const start = rangeArg('start', args[0]);
  const end = rangeArg('end', args[1]);
  const step = args.length > 2 ? rangeArg('step', args[2]) : 1n;
  if (step === 0n) {
    throw cypherError('ArgumentError', 'NumberOutOfRange', "Step argument to 'range()' cannot be zero");
  }
  if ((step > 0n && start > end) || (step < 0n && start < end)) return [];
  const count = (end - start) / step + 1n;
  if (count > BigInt(MAX_RANGE_LENGTH)) {
    throw cypherError(
      'ArgumentError',
      'NumberOutOfRange',
      `range(${start}, ${end}, ${step}) would have ${count} elements; at most ${MAX_RANGE_LENGTH} are supported`,
    );
  }
  const out = new Array<bigint>(Number(count));
  let x = start;
  for (let i = 0; i < out.length; i++, x += step) out[i] = x;
  return out;
}

function reverse([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (typeof v === 'string') return reverseString(v);
  if (Array.isArray(v)) return [...(v as readonly Value[])].reverse();
  throw argTypeError('reverse', 'a string or a list', v!);
}

function keys([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (v instanceof Map) return [...v.keys()];
  if (v instanceof NodeValue || v instanceof RelationshipValue) return [...v.properties.keys()];
  throw argTypeError('keys', 'a node, a relationship or a literal map', v!);
}

function labels([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (v instanceof NodeValue) return [...v.labels];
  throw argTypeError('labels', 'a Node', v!);
}

function path(fn: string, v: Value): PathValue {
  if (v instanceof PathValue) return v;
  throw argTypeError(fn, 'a Path', v);
}

registerScalar(
  scalar('size', 1, 1, size),
  scalar('head', 1, 1, ([v]) => (v === null ? null : (list('head', v!)[0] ?? null))),
  scalar('last', 1, 1, ([v]) => {
    if (v === null) return null;
    const l = list('last', v!);
    return l.length === 0 ? null : l[l.length - 1]!;
  }),
  // Neo4j gives [] for tail() of a non-list rather than an error.
  scalar('tail', 1, 1, ([v]) => (v === null ? null : Array.isArray(v) ? v.slice(1) : [])),
  scalar('range', 2, 3, range),
  scalar('reverse', 1, 1, reverse),
  scalar('keys', 1, 1, keys),
  scalar('labels', 1, 1, labels),
  scalar('nodes', 1, 1, ([v]) => (v === null ? null : [...path('nodes', v!).nodes])),
  scalar('relationships', 1, 1, ([v]) => (v === null ? null : [...path('relationships', v!).relationships])),
  scalar('length', 1, 1, ([v]) => (v === null ? null : BigInt(path('length', v!).relationships.length))),
  scalar('coalesce', 1, Infinity, (args) => args.find((a) => a !== null) ?? null),
);
