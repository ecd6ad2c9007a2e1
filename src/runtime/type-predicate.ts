// Type predicates `x IS [NOT] :: T` with Neo4j 5 semantics. A type is a union of terms; every term
// includes null unless written `NOT NULL` (NOTHING never does, NULL is only null). LIST<T> holds
// when every element is of T (so the empty list is of every list type); PROPERTY VALUE is what a
// property can store: a storable scalar or a homogeneous list of them without nulls. Type names
// and their synonyms are resolved when the query compiles; an unknown one is a syntax error.
import type * as A from '../cypher/index.js';
import { cypherError } from '../errors.js';
import { NodeValue, PathValue, RelationshipValue, type StructValue, typeName, type Value } from '../values/types.js';
import { isStorableScalar } from './functions/support.js';

type Test = (v: Value) => boolean;

/** Struct kinds by type name (after synonyms). */
const STRUCT_KIND: Record<string, string> = {
  DATE: 'Date',
  'LOCAL TIME': 'LocalTime',
  'ZONED TIME': 'Time',
  'LOCAL DATETIME': 'LocalDateTime',
  'ZONED DATETIME': 'DateTime',
  DURATION: 'Duration',
  POINT: 'Point',
};

const SYNONYMS: Record<string, string> = {
  'ANY VALUE': 'ANY',
  BOOL: 'BOOLEAN',
  VARCHAR: 'STRING',
  INT: 'INTEGER',
  'SIGNED INTEGER': 'INTEGER',
  'TIME WITHOUT TIME ZONE': 'LOCAL TIME',
  'TIME WITHOUT TIMEZONE': 'LOCAL TIME',
  'TIME WITH TIME ZONE': 'ZONED TIME',
  'TIME WITH TIMEZONE': 'ZONED TIME',
  'TIMESTAMP WITHOUT TIME ZONE': 'LOCAL DATETIME',
  'TIMESTAMP WITHOUT TIMEZONE': 'LOCAL DATETIME',
  'TIMESTAMP WITH TIME ZONE': 'ZONED DATETIME',
  'TIMESTAMP WITH TIMEZONE': 'ZONED DATETIME',
  'ANY NODE': 'NODE',
  VERTEX: 'NODE',
  'ANY VERTEX': 'NODE',
  'ANY RELATIONSHIP': 'RELATIONSHIP',
  EDGE: 'RELATIONSHIP',
  'ANY EDGE': 'RELATIONSHIP',
  'ANY MAP': 'MAP',
  'ANY PROPERTY VALUE': 'PROPERTY VALUE',
  ARRAY: 'LIST',
};

/** `v IS :: type` as a test that always answers true or false. */
export function typePredicate(type: A.CypherType): Test {
  const terms = type.alternatives.map(term);
  if (terms.length === 1) return terms[0]!;
  return (v) => terms.some((t) => t(v));
}

function invalid(message: string): never {
  throw cypherError('SyntaxError', 'InvalidType', message);
}

function term(t: A.TypeTerm): Test {
  const words = t.name;
  let name = SYNONYMS[words] ?? words;
  let inner = t.inner;
  // Postfix list forms: `INTEGER LIST`, `STRING NOT NULL ARRAY` is not in the grammar.
  const postfix = /^(.+) (LIST|ARRAY)$/.exec(words);
  if (postfix && inner === null) {
    const el: A.TypeTerm = { kind: 'TypeTerm', pos: t.pos, name: postfix[1]!, inner: null, notNull: false };
    inner = { kind: 'CypherType', pos: t.pos, alternatives: [el] };
    name = 'LIST';
  }
  const nonNull = base(name, inner, t);
  if (name === 'NULL') {
    if (t.notNull) invalid('NULL NOT NULL is not a valid type: use NOTHING');
    return (v) => v === null;
  }
  if (name === 'NOTHING') return () => false;
  return t.notNull ? (v) => v !== null && nonNull(v) : (v) => v === null || nonNull(v);
}

/** The test for non-null values of a type name. */
function base(name: string, inner: A.CypherType | null, t: A.TypeTerm): Test {
  if (inner !== null && name !== 'LIST' && name !== 'ANY') invalid(`${t.name} does not take an inner type`);
  switch (name) {
    case 'ANY':
      return inner === null ? () => true : typePredicate(inner);
    case 'NOTHING':
    case 'NULL':
      return () => false;
    case 'BOOLEAN':
      return (v) => typeof v === 'boolean';
    case 'STRING':
      return (v) => typeof v === 'string';
    case 'INTEGER':
      return (v) => typeof v === 'bigint';
    case 'FLOAT':
      return (v) => typeof v === 'number';
    case 'NODE':
      return (v) => v instanceof NodeValue;
    case 'RELATIONSHIP':
      return (v) => v instanceof RelationshipValue;
    case 'PATH':
      return (v) => v instanceof PathValue;
    case 'MAP':
      return (v) => v instanceof Map;
    case 'PROPERTY VALUE':
      return isPropertyValue;
    case 'LIST': {
      const el = inner === null ? () => true : typePredicate(inner);
      return (v) => Array.isArray(v) && (v as readonly Value[]).every(el);
    }
  }
  const kind = STRUCT_KIND[name];
  if (kind === undefined) invalid(`Unknown type: ${t.name}`);
  return (v) => typeof v === 'object' && v !== null && (v as StructValue).kind === kind;
}

function isPropertyValue(v: Value): boolean {
  if (v instanceof Uint8Array || isStorableScalar(v)) return true;
  if (!Array.isArray(v)) return false;
  const list = v as readonly Value[];
  if (list.length === 0) return true;
  const first = typeName(list[0]!);
  return list.every((x) => x !== null && isStorableScalar(x) && typeName(x) === first);
}
