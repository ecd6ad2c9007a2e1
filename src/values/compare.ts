// Cypher orderability: the total order over every value that ORDER BY, min/max and index order use,
// and the equivalence that DISTINCT and grouping use (`compareValues(a, b) === 0`).
//
// Type order, ascending (Neo4j 5 manual, "Equality, ordering, and comparison of value types" ->
// "Hierarchy of values"; Neo4j's ValueGroup enum; TCK ReturnOrderBy1 [11]):
//   MAP < NODE < RELATIONSHIP < LIST < BYTES < PATH < POINT < ZONED DATETIME < LOCAL DATETIME
//   < DATE < ZONED TIME < LOCAL TIME < DURATION < STRING < BOOLEAN < NUMBER < NULL
// POINT sorts before the temporal types (not after DURATION): the manual says so explicitly
// ("POINT values are ordered after lists and before temporal types") and ValueGroup agrees.
// BYTES has no place in Neo4j's hierarchy because Neo4j treats a byte[] as a list of integers; we
// keep BYTES a distinct type (so [1, 2] and bytes 0x0102 are neither equal nor merged by
// DISTINCT) and put it right after LIST, where Neo4j would sort it. Bytes compare unsigned,
// lexicographically, shorter first.
//
// Within a type:
// - NUMBER: INTEGER and FLOAT by exact mathematical value (1 and 1.0 are equivalent; 2^53 + 1
//   sorts above the float 2^53), -0.0 = 0.0, NaN above +Infinity and equal to itself.
// - STRING: Unicode code point order (what Neo4j's StringValue/UTF8StringValue do), not UTF-16
//   unit order; a lone surrogate counts as the code point of its own value. This equals the byte
//   order of the (W)UTF-8 encoding used by the storage codecs.
// - LIST: lexicographic by element, a shorter list first on a common prefix.
// - MAP: by size, then the sorted key lists, then values in key order (Neo4j manual).
// - NODE, RELATIONSHIP: by id. PATH: node, relationship, node, ... pairwise, shorter first.
// - POINT: SRID, then 2D before 3D, then x, y, z (each as FLOAT orderability).
// - DATE: by day. LOCAL TIME: by time of day. LOCAL DATETIME: by date, then time.
// - ZONED TIME: by the UTC-normalised nanos of day (not wrapped), then the offset, west to east
//   (Neo4j TimeValue.unsafeCompareTo).
// - ZONED DATETIME: by instant, then offset (west to east), then offset zones before named
//   zones, then named zone id (Neo4j DateTimeValue.unsafeCompareTo and the manual).
// - DURATION: by average length (months at 30.436875 days, days at 24 h, plus seconds), then
//   nanos, then months, then days (Neo4j DurationValue.COMPARATOR). Two durations compare equal
//   exactly when all four components are equal.
//
// This is NOT Cypher's `=`/`<` (the runtime implements those): the ternary comparison returns
// null when either side is null or (for `<`) when the types differ, treats NaN as unequal to
// everything including NaN, is null for `<` between durations or points, and for lists/maps
// yields null when the only differences involve nulls. `equivalent` here instead says
// null ~ null and NaN ~ NaN, as DISTINCT and grouping require.
import type {
  CypherMap,
  DateTimeValue,
  DateValue,
  DurationValue,
  LocalDateTimeValue,
  LocalTimeValue,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  StructValue,
  TimeValue,
  Value,
} from './types.js';
import { durationAverageSeconds, epochDays, nanosOfDay, timeUtcNanos } from './temporal-keys.js';

/** Rank of each type in the ascending cross-type order. */
export const TYPE_RANK = {
  MAP: 0,
  NODE: 1,
  RELATIONSHIP: 2,
  LIST: 3,
  BYTES: 4,
  PATH: 5,
  POINT: 6,
  DATETIME: 7,
  LOCAL_DATETIME: 8,
  DATE: 9,
  TIME: 10,
  LOCAL_TIME: 11,
  DURATION: 12,
  STRING: 13,
  BOOLEAN: 14,
  NUMBER: 15,
  NULL: 16,
} as const;

const STRUCT_RANK: Record<StructValue['kind'], number> = {
  Node: TYPE_RANK.NODE,
  Relationship: TYPE_RANK.RELATIONSHIP,
  Path: TYPE_RANK.PATH,
  Point: TYPE_RANK.POINT,
  DateTime: TYPE_RANK.DATETIME,
  LocalDateTime: TYPE_RANK.LOCAL_DATETIME,
  Date: TYPE_RANK.DATE,
  Time: TYPE_RANK.TIME,
  LocalTime: TYPE_RANK.LOCAL_TIME,
  Duration: TYPE_RANK.DURATION,
};

/** The value's position in the cross-type order (see TYPE_RANK). */
export function typeRank(v: Value): number {
  if (v === null) return TYPE_RANK.NULL;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return TYPE_RANK.NUMBER;
    case 'string':
      return TYPE_RANK.STRING;
    case 'boolean':
      return TYPE_RANK.BOOLEAN;
  }
  if (v instanceof Uint8Array) return TYPE_RANK.BYTES;
  if (Array.isArray(v)) return TYPE_RANK.LIST;
  if (v instanceof Map) return TYPE_RANK.MAP;
  const rank = STRUCT_RANK[(v as StructValue).kind];
  if (rank === undefined) throw new TypeError(`not a Cypher value: ${String(v)}`);
  return rank;
}

/** Cypher orderability: negative, zero or positive as a sorts before, with, or after b. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  // Same-type fast paths for the common scalar cases.
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'string') return compareStrings(a as string, b as string);
    if (ta === 'number') return compareFloats(a as number, b as number);
    if (ta === 'bigint') return (a as bigint) < (b as bigint) ? -1 : 1;
  }
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case TYPE_RANK.NULL:
      return 0;
    case TYPE_RANK.NUMBER:
      return compareNumbers(a as number | bigint, b as number | bigint);
    case TYPE_RANK.STRING:
      return compareStrings(a as string, b as string);
    case TYPE_RANK.BOOLEAN:
      return a === b ? 0 : a ? 1 : -1;
    case TYPE_RANK.BYTES:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case TYPE_RANK.LIST:
      return compareLists(a as readonly Value[], b as readonly Value[]);
    case TYPE_RANK.MAP:
      return compareMaps(a as CypherMap, b as CypherMap);
    case TYPE_RANK.NODE:
      return compareBigints((a as NodeValue).id, (b as NodeValue).id);
    case TYPE_RANK.RELATIONSHIP:
      return compareBigints((a as RelationshipValue).id, (b as RelationshipValue).id);
    case TYPE_RANK.PATH:
      return comparePaths(a as PathValue, b as PathValue);
    case TYPE_RANK.POINT:
      return comparePoints(a as PointValue, b as PointValue);
    case TYPE_RANK.DATE:
      return compareNums(epochDays((a as DateValue).date), epochDays((b as DateValue).date));
    case TYPE_RANK.LOCAL_TIME:
      return compareNums(nanosOfDay((a as LocalTimeValue).time), nanosOfDay((b as LocalTimeValue).time));
    case TYPE_RANK.TIME:
      return compareTimes(a as TimeValue, b as TimeValue);
    case TYPE_RANK.LOCAL_DATETIME:
      return compareLocalDateTimes(a as LocalDateTimeValue, b as LocalDateTimeValue);
    case TYPE_RANK.DATETIME:
      return compareDateTimes(a as DateTimeValue, b as DateTimeValue);
    case TYPE_RANK.DURATION:
      return compareDurations(a as DurationValue, b as DurationValue);
  }
  throw new TypeError(`unexpected type rank ${ra}`);
}

/**
 * Equivalence for DISTINCT, grouping and set semantics: like equality, but null ~ null, NaN ~ NaN,
 * and 1 ~ 1.0. Always equal to `compareValues(a, b) === 0`.
 */
export function equivalent(a: Value, b: Value): boolean {
  return a === b || compareValues(a, b) === 0;
}

function compareNums(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FLOAT orderability: -0.0 = 0.0, NaN after +Infinity, NaN = NaN. */
export function compareFloats(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a;
  const bn = b !== b;
  return an === bn ? 0 : an ? 1 : -1;
}

/** INTEGER/FLOAT orderability by exact mathematical value. */
export function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number') {
    return typeof b === 'number' ? compareFloats(a, b) : 0 - compareIntFloat(b, a);
  }
  return typeof b === 'bigint' ? compareBigints(a, b) : compareIntFloat(a, b);
}

function compareIntFloat(i: bigint, f: number): number {
  if (f !== f || f === Infinity) return -1;
  if (f === -Infinity) return 1;
  // Rounding to the nearest double is monotone and leaves f fixed, so a strict inequality between
  // Number(i) and f carries over to i; only when they coincide is f an integer to compare exactly.
  const n = Number(i);
  if (n !== f) return n < f ? -1 : 1;
  return compareBigints(i, BigInt(f));
}

/** Code point order; a lone surrogate counts as the code point equal to its own value. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  if (i > 0) {
    const prev = a.charCodeAt(i - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) {
      // The shared unit before i is a lead surrogate: a trail at i completes a supplementary code
      // point, which sorts above the lone lead surrogate of the other string.
      const ta = ca >= 0xdc00 && ca <= 0xdfff;
      const tb = cb >= 0xdc00 && cb <= 0xdfff;
      if (ta && tb) return ca - cb;
      if (ta) return 1;
      if (tb) return -1;
    }
  }
  return a.codePointAt(i)! - b.codePointAt(i)!;
}

/** Unsigned lexicographic byte order, shorter first on a common prefix. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function compareLists(a: readonly Value[], b: readonly Value[]): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareMaps(a: CypherMap, b: CypherMap): number {
  if (a.size !== b.size) return a.size - b.size;
  const ka = [...a.keys()].sort(compareStrings);
  const kb = [...b.keys()].sort(compareStrings);
  for (let i = 0; i < ka.length; i++) {
    const c = compareStrings(ka[i]!, kb[i]!);
    if (c !== 0) return c;
  }
  for (const k of ka) {
    const c = compareValues(a.get(k)!, b.get(k)!);
    if (c !== 0) return c;
  }
  return 0;
}

function comparePaths(a: PathValue, b: PathValue): number {
  const n = Math.min(a.nodes.length, b.nodes.length);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const r = compareBigints(a.relationships[i - 1]!.id, b.relationships[i - 1]!.id);
      if (r !== 0) return r;
    }
    const c = compareBigints(a.nodes[i]!.id, b.nodes[i]!.id);
    if (c !== 0) return c;
  }
  return a.nodes.length - b.nodes.length;
}

function comparePoints(a: PointValue, b: PointValue): number {
  if (a.srid !== b.srid) return a.srid < b.srid ? -1 : 1;
  const da = a.z === undefined ? 2 : 3;
  const db = b.z === undefined ? 2 : 3;
  if (da !== db) return da - db;
  return compareFloats(a.x, b.x) || compareFloats(a.y, b.y) || (da === 3 ? compareFloats(a.z!, b.z!) : 0);
}

function compareTimes(a: TimeValue, b: TimeValue): number {
  return compareNums(timeUtcNanos(a), timeUtcNanos(b)) || compareNums(a.offsetSeconds, b.offsetSeconds);
}

function compareLocalDateTimes(a: LocalDateTimeValue, b: LocalDateTimeValue): number {
  const x = a.dateTime;
  const y = b.dateTime;
  return compareNums(epochDays(x), epochDays(y)) || compareNums(nanosOfDay(x), nanosOfDay(y));
}

function compareDateTimes(a: DateTimeValue, b: DateTimeValue): number {
  const c = compareBigints(a.zoned.epochNanoseconds, b.zoned.epochNanoseconds);
  if (c !== 0) return c;
  const o = compareNums(a.zoned.offsetNanoseconds, b.zoned.offsetNanoseconds);
  if (o !== 0) return o;
  if (a.namedZone !== b.namedZone) return a.namedZone ? 1 : -1;
  return a.namedZone ? compareStrings(a.zoned.timeZoneId, b.zoned.timeZoneId) : 0;
}

function compareDurations(a: DurationValue, b: DurationValue): number {
  return (
    compareBigints(durationAverageSeconds(a), durationAverageSeconds(b)) ||
    compareNums(a.nanoseconds, b.nanoseconds) ||
    compareBigints(a.months, b.months) ||
    compareBigints(a.days, b.days)
  );
}
