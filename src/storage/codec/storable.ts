// Which Cypher values may be stored as properties, following Neo4j 5 (ValueRepresentation and
// makeValueNeoSafe in the Cypher runtime):
// - scalars: BOOLEAN, INTEGER (64-bit), FLOAT, STRING, BYTES, the temporal types, POINT;
// - lists of one of those types. An INTEGER/FLOAT mix is coerced to a list of FLOATs (Neo4j's
//   INT64.coerce(FLOAT64) = FLOAT64); points in one list must share CRS and dimension; the empty
//   list is storable;
// - never: null (a caller turns `SET n.k = null` into a removal), maps, nodes, relationships,
//   paths, lists holding null, lists holding lists or byte arrays (Neo4j treats byte[] as a list).
// Error texts start with Neo4j's sentence and then name the property key and offending type.
import { quiverError, type QuiverError } from '../../errors.js';
import {
  INT64_MAX,
  INT64_MIN,
  typeName,
  type PropertyValue,
  type StorableScalar,
  type StructValue,
  type Value,
} from '../../values/types.js';

/** Validates `v` for storage under property `key`, returning the value to store. */
export function toPropertyValue(v: Value, key: string): PropertyValue {
  if (v === null) {
    throw refuse(key, 'NULL', 'NULL cannot be stored as a property value; setting a property to null removes it.');
  }
  if (Array.isArray(v)) return toStorableList(v as readonly Value[], key);
  const problem = scalarProblem(v);
  if (problem !== undefined) throw refuse(key, typeName(v), problem);
  return v as StorableScalar;
}

const NOT_PRIMITIVE = 'Property values can only be of primitive types or arrays thereof.';

/** Why a non-list value is not a storable scalar, or undefined if it is one. */
function scalarProblem(v: Value): string | undefined {
  switch (typeof v) {
    case 'boolean':
    case 'number':
    case 'string':
      return undefined;
    case 'bigint':
      return v >= INT64_MIN && v <= INT64_MAX ? undefined : 'INTEGER values must fit in 64 bits.';
  }
  if (v instanceof Uint8Array) return undefined;
  if (v === null || Array.isArray(v) || v instanceof Map) return NOT_PRIMITIVE;
  const s = v as StructValue;
  switch (s.kind) {
    case 'Date':
    case 'LocalTime':
    case 'Time':
    case 'LocalDateTime':
    case 'DateTime':
    case 'Point':
      return undefined;
    case 'Duration':
      return fitsInt64(s.months) && fitsInt64(s.days) && fitsInt64(s.seconds)
        ? undefined
        : 'DURATION components must fit in 64 bits.';
  }
  return NOT_PRIMITIVE;
}

function fitsInt64(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** Storage group of a scalar: values of one group may share a list. */
function group(v: Value): string {
  switch (typeof v) {
    case 'bigint':
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
  }
  return typeName(v);
}

function toStorableList(list: readonly Value[], key: string): PropertyValue {
  let firstGroup: string | undefined;
  let first: Value | undefined;
  let sawInt = false;
  let sawFloat = false;
  for (const e of list) {
    if (e === null) {
      throw refuse(key, 'LIST containing NULL', 'Collections containing null values can not be stored in properties.');
    }
    if (Array.isArray(e) || e instanceof Uint8Array) {
      throw refuse(
        key,
        `LIST containing ${typeName(e)}`,
        'Collections containing collections can not be stored in properties.',
      );
    }
    const problem = scalarProblem(e);
    if (problem !== undefined) throw refuse(key, `LIST containing ${typeName(e)}`, problem);
    const g = group(e);
    if (firstGroup === undefined) {
      firstGroup = g;
      first = e;
    } else if (g !== firstGroup) {
      throw refuse(
        key,
        `LIST containing ${typeName(first!)} and ${typeName(e)}`,
        'Collections containing mixed types can not be stored in properties.',
      );
    }
    if (typeof e === 'bigint') sawInt = true;
    else if (typeof e === 'number') sawFloat = true;
    else if (firstGroup === 'POINT') checkPoints(first as StructValue, e as StructValue, key);
  }
  // Neo4j 5 stores [1, 2.5] as a FLOAT array (ValueRepresentation INT64.coerce(FLOAT64)).
  if (sawInt && sawFloat) return list.map((e) => (typeof e === 'bigint' ? Number(e) : (e as number)));
  return list as readonly StorableScalar[];
}

function checkPoints(a: StructValue, b: StructValue, key: string): void {
  if (a.kind !== 'Point' || b.kind !== 'Point') return;
  if (a.srid !== b.srid) {
    throw refuse(
      key,
      `LIST containing POINT values with SRIDs ${a.srid} and ${b.srid}`,
      'Collections containing point values with different CRS can not be stored in properties.',
    );
  }
  if ((a.z === undefined) !== (b.z === undefined)) {
    throw refuse(
      key,
      'LIST containing 2D and 3D POINT values',
      'Collections containing point values with different dimensions can not be stored in properties.',
    );
  }
}

function refuse(key: string, type: string, neo4jSentence: string): QuiverError {
  return quiverError(
    'PropertyValueNotStorable',
    `${neo4jSentence} Property '${key}' cannot be set to a value of type ${type}.`,
  );
}
