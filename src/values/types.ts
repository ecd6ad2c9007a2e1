// The Cypher value model shared by every stage (storage, runtime, Bolt, HTTP, gRPC).
//
// It lives in its own folder rather than under src/runtime (where DESIGN.md lists "values") because
// storage, which sits below the runtime, must encode and compare the same values; keeping it in
// runtime would make storage depend on the stage above it.
//
// Representation, chosen so that the JavaScript type alone tells the Cypher type:
//   NULL -> null, BOOLEAN -> boolean, INTEGER -> bigint (always; 64-bit exact), FLOAT -> number
//   (always; 1.0 stays a float), STRING -> string, BYTES -> Uint8Array, LIST -> readonly array,
//   MAP -> CypherMap (a Map), and one class per structured type below.
import { Temporal } from 'temporal-polyfill';

export { Temporal };

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** A Cypher map value (not storable as a property; properties are maps of storable values). */
export type CypherMap = ReadonlyMap<string, Value>;

/** DATE: a calendar date without time or zone. */
export class DateValue {
  readonly kind = 'Date' as const;
  constructor(readonly date: Temporal.PlainDate) {}
  toString(): string {
    return this.date.toString();
  }
}

/** LOCAL TIME: a time of day without zone. */
export class LocalTimeValue {
  readonly kind = 'LocalTime' as const;
  constructor(readonly time: Temporal.PlainTime) {}
  toString(): string {
    return this.time.toString();
  }
}

/** ZONED TIME (Cypher `time`): a time of day with a fixed UTC offset in seconds. */
export class TimeValue {
  readonly kind = 'Time' as const;
  constructor(
    readonly time: Temporal.PlainTime,
    readonly offsetSeconds: number,
  ) {}
  toString(): string {
    return this.time.toString() + formatOffset(this.offsetSeconds);
  }
}

/** LOCAL DATETIME: a date and time without zone. */
export class LocalDateTimeValue {
  readonly kind = 'LocalDateTime' as const;
  constructor(readonly dateTime: Temporal.PlainDateTime) {}
  toString(): string {
    return this.dateTime.toString();
  }
}

/**
 * ZONED DATETIME: an instant with either a fixed offset (time zone id like "+01:00" or "UTC")
 * or a named IANA zone ("Europe/Stockholm"). `namedZone` says which, because Neo4j keeps the two
 * apart on the wire and in string form.
 */
export class DateTimeValue {
  readonly kind = 'DateTime' as const;
  constructor(
    readonly zoned: Temporal.ZonedDateTime,
    readonly namedZone: boolean,
  ) {}
  toString(): string {
    const base = this.zoned.toString({ timeZoneName: 'never', offset: 'auto' });
    const withZ = this.zoned.offsetNanoseconds === 0 && !this.namedZone ? base.replace(/\+00:00$/, 'Z') : base;
    return this.namedZone ? `${withZ}[${this.zoned.timeZoneId}]` : withZ;
  }
}

/**
 * DURATION as Cypher defines it: months, days, seconds and nanoseconds kept apart (a month is not
 * a fixed number of days). nanoseconds is normalised into [0, 1e9) with the carry in seconds, as
 * Neo4j does.
 */
export class DurationValue {
  readonly kind = 'Duration' as const;
  readonly months: bigint;
  readonly days: bigint;
  readonly seconds: bigint;
  readonly nanoseconds: number;
  constructor(months: bigint, days: bigint, seconds: bigint, nanoseconds: number | bigint) {
    const nanos = BigInt(nanoseconds);
    const carry = nanos >= 0n ? nanos / 1_000_000_000n : -((-nanos + 999_999_999n) / 1_000_000_000n);
    this.months = months;
    this.days = days;
    this.seconds = seconds + carry;
    this.nanoseconds = Number(nanos - carry * 1_000_000_000n);
  }
}

/** Spatial reference identifiers Neo4j uses. */
export const SRID = {
  cartesian: 7203,
  cartesian3d: 9157,
  wgs84: 4326,
  wgs843d: 4979,
} as const;

/** POINT: 2D or 3D, Cartesian or WGS-84 (by SRID). z is undefined for 2D points. */
export class PointValue {
  readonly kind = 'Point' as const;
  constructor(
    readonly srid: number,
    readonly x: number,
    readonly y: number,
    readonly z?: number,
  ) {}
  get is3d(): boolean {
    return this.z !== undefined;
  }
}

/**
 * A node as a value. `labels` and `properties` are getters so that the runtime can subclass it
 * with entities whose contents are read from the transaction on demand (and stay current after a
 * SET in the same query); values built from wire input or tests carry them directly.
 */
const NO_LABELS: readonly string[] = Object.freeze([]);
const NO_PROPERTIES: CypherMap = new Map();

export class NodeValue {
  readonly kind = 'Node' as const;
  private readonly _labels: readonly string[];
  private readonly _properties: CypherMap;
  private readonly _id: bigint;
  private readonly _elementId: string;
  constructor(id: bigint, elementId: string, labels: readonly string[] = NO_LABELS, properties: CypherMap = NO_PROPERTIES) {
    this._id = id;
    this._elementId = elementId;
    this._labels = labels;
    this._properties = properties;
  }
  get id(): bigint {
    return this._id;
  }
  get elementId(): string {
    return this._elementId;
  }
  get labels(): readonly string[] {
    return this._labels;
  }
  get properties(): CypherMap {
    return this._properties;
  }
}

/** A relationship as a value; `properties` is a getter for the same reason as NodeValue's. */
export class RelationshipValue {
  readonly kind = 'Relationship' as const;
  private readonly _properties: CypherMap;
  constructor(
    readonly id: bigint,
    readonly elementId: string,
    readonly type: string,
    readonly startId: bigint,
    readonly startElementId: string,
    readonly endId: bigint,
    readonly endElementId: string,
    properties: CypherMap = NO_PROPERTIES,
  ) {
    this._properties = properties;
  }
  get properties(): CypherMap {
    return this._properties;
  }
}

/** A path: nodes[0], rels[0], nodes[1], ... ; rels.length === nodes.length - 1. */
export class PathValue {
  readonly kind = 'Path' as const;
  constructor(
    readonly nodes: readonly NodeValue[],
    readonly relationships: readonly RelationshipValue[],
  ) {}
}

export type TemporalValue =
  | DateValue
  | LocalTimeValue
  | TimeValue
  | LocalDateTimeValue
  | DateTimeValue
  | DurationValue;

export type StructValue = TemporalValue | PointValue | NodeValue | RelationshipValue | PathValue;

export type Value =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | readonly Value[]
  | CypherMap
  | StructValue;

/** A scalar that may be stored as a property, alone or in a homogeneous list. */
export type StorableScalar =
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | TemporalValue
  | PointValue;

/** What a property may hold: a storable scalar or a homogeneous list of them. */
export type PropertyValue = StorableScalar | readonly StorableScalar[];

/** Properties of an entity, keyed by property name. */
export type Properties = ReadonlyMap<string, PropertyValue>;

/** The Cypher type name of a value, as Neo4j spells it in messages (`INTEGER`, `LIST<ANY>`, ...). */
export function typeName(v: Value): string {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'boolean':
      return 'BOOLEAN';
    case 'bigint':
      return 'INTEGER';
    case 'number':
      return 'FLOAT';
    case 'string':
      return 'STRING';
  }
  if (v instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(v)) return 'LIST<ANY>';
  if (v instanceof Map) return 'MAP';
  switch ((v as StructValue).kind) {
    case 'Date':
      return 'DATE';
    case 'LocalTime':
      return 'LOCAL TIME';
    case 'Time':
      return 'ZONED TIME';
    case 'LocalDateTime':
      return 'LOCAL DATETIME';
    case 'DateTime':
      return 'ZONED DATETIME';
    case 'Duration':
      return 'DURATION';
    case 'Point':
      return 'POINT';
    case 'Node':
      return 'NODE';
    case 'Relationship':
      return 'RELATIONSHIP';
    case 'Path':
      return 'PATH';
  }
  return 'ANY';
}

/** `+01:00`, `-05:30`, `Z` for zero; seconds are shown when present, as Neo4j does. */
export function formatOffset(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'Z';
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const hm = `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return s === 0 ? hm : `${hm}:${String(s).padStart(2, '0')}`;
}
