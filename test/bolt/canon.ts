// A canonical, comparable form of a Value for tests: tells apart what equality would blur
// (-0 and 0, NaN, integer vs float, named zone vs offset) and ignores object identity.
import { DateTimeValue, type Value } from '../../src/values/types.js';

export function canon(v: Value): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return `i:${v}`;
    case 'number':
      return `f:${Object.is(v, -0) ? '-0' : String(v)}`;
  }
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return (v as Value[]).map(canon);
  if (v instanceof Map) return { map: [...v].map(([k, e]) => [k, canon(e)]) };
  const s = v as Exclude<Value, null | boolean | bigint | number | string | Uint8Array | readonly Value[] | ReadonlyMap<string, Value>>;
  switch (s.kind) {
    case 'Date':
    case 'LocalTime':
    case 'LocalDateTime':
      return `${s.kind}:${s.toString()}`;
    case 'Time':
      return `Time:${s.time.toString()}:${s.offsetSeconds}`;
    case 'DateTime': {
      const d = s as DateTimeValue;
      return `DateTime:${d.zoned.epochNanoseconds}:${d.zoned.timeZoneId}:${d.namedZone}`;
    }
    case 'Duration':
      return `Duration:${s.months}:${s.days}:${s.seconds}:${s.nanoseconds}`;
    case 'Point':
      return ['Point', s.srid, canon(s.x), canon(s.y), s.z === undefined ? 'none' : canon(s.z)];
    case 'Node':
      return ['Node', `${s.id}`, s.elementId, s.labels, canon(s.properties)];
    case 'Relationship':
      return ['Rel', `${s.id}`, s.elementId, s.type, `${s.startId}`, s.startElementId, `${s.endId}`, s.endElementId, canon(s.properties)];
    case 'Path':
      return ['Path', s.nodes.map(canon), s.relationships.map(canon)];
  }
}
