// Exact structural identity of values for round-trip tests: floats bit-exact (Object.is, so -0.0
// differs from 0.0; NaN equals NaN), bigints exactly, temporal values by fields and zone, and
// INTEGER never equal to FLOAT. This is stricter than Cypher equivalence (values/compare.ts).
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
} from '../../src/values/types.js';

export function sameValue(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object') return Object.is(a, b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    return a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x: Value, i: number) => sameValue(x, (b as readonly Value[])[i]!));
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    const bm = b as CypherMap;
    return [...(a as CypherMap)].every(([k, v]) => bm.has(k) && sameValue(v, bm.get(k)!));
  }
  const x = a as StructValue;
  const y = b as StructValue;
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case 'Date':
      return x.date.equals((y as DateValue).date);
    case 'LocalTime':
      return x.time.equals((y as LocalTimeValue).time);
    case 'Time':
      return x.time.equals((y as TimeValue).time) && x.offsetSeconds === (y as TimeValue).offsetSeconds;
    case 'LocalDateTime':
      return x.dateTime.equals((y as LocalDateTimeValue).dateTime);
    case 'DateTime': {
      const o = y as DateTimeValue;
      return (
        x.zoned.epochNanoseconds === o.zoned.epochNanoseconds &&
        x.zoned.timeZoneId === o.zoned.timeZoneId &&
        x.namedZone === o.namedZone
      );
    }
    case 'Duration': {
      const o = y as DurationValue;
      return x.months === o.months && x.days === o.days && x.seconds === o.seconds && x.nanoseconds === o.nanoseconds;
    }
    case 'Point': {
      const o = y as PointValue;
      return x.srid === o.srid && Object.is(x.x, o.x) && Object.is(x.y, o.y) && Object.is(x.z, o.z);
    }
    case 'Node':
      return x.id === (y as NodeValue).id;
    case 'Relationship':
      return x.id === (y as RelationshipValue).id;
    case 'Path': {
      const o = y as PathValue;
      return (
        x.nodes.length === o.nodes.length &&
        x.nodes.every((n, i) => n.id === o.nodes[i]!.id) &&
        x.relationships.every((r, i) => r.id === o.relationships[i]!.id)
      );
    }
  }
}

/** A short printable form for assertion messages. */
export function show(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0.0' : `${v}f`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${k}: ${show(x as Value)}`).join(', ')}}`;
  const s = v as StructValue;
  switch (s.kind) {
    case 'Point':
      return `point(${s.srid}, ${s.x}, ${s.y}${s.z === undefined ? '' : `, ${s.z}`})`;
    case 'Duration':
      return `duration(${s.months}m, ${s.days}d, ${s.seconds}s, ${s.nanoseconds}ns)`;
    case 'DateTime':
      return `datetime(${s.toString()}${s.namedZone ? '' : ' offset'})`;
    case 'Node':
    case 'Relationship':
      return `${s.kind}(${s.id})`;
    case 'Path':
      return `path(${s.nodes.map((n) => n.id).join('-')})`;
    default:
      return `${s.kind}(${s.toString()})`;
  }
}
