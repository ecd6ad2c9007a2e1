// fast-check arbitraries for the value model: every PropertyValue kind, biased towards the edges
// that break codecs and comparators (int64 extremes, floats around 2^53, NaN, -0.0, lone
// surrogates, NUL, temporal range limits, DST gaps, +-18:00 offsets), and general Cypher values.
// Set FC_RUNS to raise the number of runs (`FC_RUNS=2000 npx vitest run ...`).
import fc from 'fast-check';
import { civilFromDays, daysFromCivil, NANOS_PER_DAY } from '../../src/values/temporal-keys.js';
import {
  DateTimeValue,
  DateValue,
  DurationValue,
  INT64_MAX,
  INT64_MIN,
  LocalDateTimeValue,
  LocalTimeValue,
  NodeValue,
  PathValue,
  PointValue,
  RelationshipValue,
  SRID,
  Temporal,
  TimeValue,
  type PropertyValue,
  type StorableScalar,
  type Value,
} from '../../src/values/types.js';

/** Runs per property: modest by default so the suite stays fast. */
export const NUM_RUNS = Number(process.env.FC_RUNS ?? 300);

const P53 = 2n ** 53n;
const P63 = 2n ** 63n;

export const INT_EDGES: readonly bigint[] = [
  INT64_MIN,
  INT64_MIN + 1n,
  INT64_MAX,
  INT64_MAX - 1n,
  INT64_MAX - 511n,
  INT64_MAX - 512n,
  INT64_MAX - 513n,
  -P53 - 1n,
  -P53,
  -P53 + 1n,
  P53 - 1n,
  P53,
  P53 + 1n,
  P53 + 2n,
  P53 + 3n,
  2n ** 62n + 1n,
  -(2n ** 62n) - 1n,
  P63 - 1024n,
  -P63 + 1024n,
  0n,
  1n,
  -1n,
  63n,
  64n,
  -64n,
  -65n,
  8191n,
  8192n,
  -8192n,
  -8193n,
];

/** INTEGER: anywhere in int64, small, or an edge. */
export const arbInt64: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.bigInt({ min: -300n, max: 300n }),
  fc.constantFrom(...INT_EDGES),
  // Integers near 2^53..2^63 where doubles are sparse.
  fc.tuple(fc.integer({ min: 53, max: 62 }), fc.bigInt({ min: -2048n, max: 2048n }), fc.boolean()).map(
    ([e, d, neg]) => (neg ? -1n : 1n) * (2n ** BigInt(e) + d),
  ),
);

export const FLOAT_EDGES: readonly number[] = [
  Number.NaN,
  0,
  -0,
  Infinity,
  -Infinity,
  1,
  -1,
  0.5,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 63,
  -(2 ** 63),
  2 ** 64,
  2 ** 62,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.EPSILON,
];

/** FLOAT: any double (NaN, +-Infinity, -0.0 included), integral values, and doubles of int64s. */
export const arbFloat: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.constantFrom(...FLOAT_EDGES),
  fc.integer({ min: -1000, max: 1000 }).map((n) => n),
  arbInt64.map((i) => Number(i)),
  fc.integer({ min: -1000, max: 1000 }).map((n) => n / 4),
);

const unitChars = fc.constantFrom(
  '\u0000',
  '\u0001',
  'a',
  'b',
  '\u007f',
  '\u0080',
  '\u07ff',
  '\u0800',
  '\ud7ff',
  '\ud800', // lone lead surrogate when not followed by a trail
  '\udbff',
  '\udc00', // lone trail surrogate
  '\udfff',
  '\ue000',
  '\uffff',
  '\ud83d\ude00', // U+1F600
  '\u{10ffff}',
  '\u{10000}',
);

/** STRING: full Unicode (astral), arbitrary UTF-16 units (lone surrogates), NUL-heavy mixes. */
export const arbString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  fc.string({ unit: unitChars, maxLength: 8 }),
  fc.string({ maxLength: 6 }),
  // Few units, so that pairs often share a prefix ending in a lead surrogate.
  fc.string({ unit: fc.constantFrom('\ud83d', '\ude00', '\ue000', '\uffff', 'a', '\u0000'), maxLength: 4 }),
);

/** BYTES, biased towards 0x00 and 0xFF (the escape bytes of order keys). */
export const arbBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 16 }),
  fc.array(fc.constantFrom(0, 1, 0x7f, 0x80, 0xfe, 0xff), { maxLength: 8 }).map((a) => Uint8Array.from(a)),
);

// Temporal's supported range (the polyfill cannot represent Neo4j's +-999,999,999 years).
export const MIN_EPOCH_DAY = daysFromCivil(-271821, 4, 19);
export const MAX_EPOCH_DAY = daysFromCivil(275760, 9, 13);
const MAX_EPOCH_NS = 8_640_000_000_000_000_000_000n;

const arbEpochDay = fc.oneof(
  fc.integer({ min: MIN_EPOCH_DAY, max: MAX_EPOCH_DAY }),
  fc.integer({ min: -800_000, max: 800_000 }),
  fc.constantFrom(MIN_EPOCH_DAY, MAX_EPOCH_DAY, 0, -1, daysFromCivil(2000, 2, 29), daysFromCivil(0, 1, 1)),
);

const arbNanosOfDay = fc.oneof(
  fc.integer({ min: 0, max: NANOS_PER_DAY - 1 }),
  fc.constantFrom(0, 1, NANOS_PER_DAY - 1, 12 * 3600e9, 999_999_999),
  fc.integer({ min: 0, max: 86_399 }).map((s) => s * 1e9),
);

function plainTime(n: number): Temporal.PlainTime {
  const s = Math.floor(n / 1e9);
  return new Temporal.PlainTime(
    Math.floor(s / 3600),
    Math.floor(s / 60) % 60,
    s % 60,
    Math.floor(n / 1e6) % 1000,
    Math.floor(n / 1e3) % 1000,
    n % 1000,
  );
}

export const arbDate: fc.Arbitrary<DateValue> = arbEpochDay.map((d) => {
  const [y, m, day] = civilFromDays(d);
  return new DateValue(new Temporal.PlainDate(y, m, day));
});

export const arbLocalTime: fc.Arbitrary<LocalTimeValue> = arbNanosOfDay.map((n) => new LocalTimeValue(plainTime(n)));

/** Offsets in seconds within Neo4j's +-18:00, biased to whole hours and minutes. */
export const arbOffsetSeconds: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -64_800, max: 64_800 }),
  fc.integer({ min: -18, max: 18 }).map((h) => h * 3600),
  fc.integer({ min: -1080, max: 1080 }).map((m) => m * 60),
  fc.constantFrom(-64_800, 64_800, 0, 3600, -3600),
);

export const arbTime: fc.Arbitrary<TimeValue> = fc.oneof(
  fc.tuple(arbNanosOfDay, arbOffsetSeconds).map(([n, o]) => new TimeValue(plainTime(n), o)),
  // One UTC instant seen from a few offsets: ties broken by the offset.
  fc
    .tuple(fc.constantFrom(0, 1), fc.constantFrom(-3600, 0, 1800, 3600))
    .map(([n, o]) => new TimeValue(plainTime((12 * 3600 + o) * 1e9 + n), o)),
);

export const arbLocalDateTime: fc.Arbitrary<LocalDateTimeValue> = fc
  .tuple(arbEpochDay, arbNanosOfDay)
  .filter(([d, n]) => d > MIN_EPOCH_DAY || n > 0) // the very first nanosecond is outside Temporal's range
  .map(([d, n]) => {
    const [y, m, day] = civilFromDays(d);
    const t = plainTime(n);
    return new LocalDateTimeValue(
      new Temporal.PlainDateTime(y, m, day, t.hour, t.minute, t.second, t.millisecond, t.microsecond, t.nanosecond),
    );
  });

export const NAMED_ZONES: readonly string[] = [
  'Europe/Stockholm',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'America/St_Johns',
  'Africa/Monrovia',
  'Europe/Amsterdam',
  'Etc/GMT+12',
  'UTC',
];

function offsetId(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const arbZone: fc.Arbitrary<{ id: string; named: boolean }> = fc.oneof(
  fc.constantFrom(...NAMED_ZONES).map((id) => ({ id, named: true })),
  fc.integer({ min: -1080, max: 1080 }).map((m) => ({ id: offsetId(m), named: false })),
  fc.constantFrom('+18:00', '-18:00', '+00:00', 'UTC').map((id) => ({ id, named: false })),
);

const arbEpochNs = fc.oneof(
  fc.bigInt({ min: -MAX_EPOCH_NS + 86_400_000_000_000n, max: MAX_EPOCH_NS - 86_400_000_000_000n }),
  fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
);

/** Local wall-clock times inside DST gaps and folds, resolved the way Temporal does ('compatible'). */
const DST_EDGES: readonly [string, string][] = [
  ['2021-03-28T02:30:00', 'Europe/Stockholm'], // gap
  ['2021-10-31T02:30:00', 'Europe/Stockholm'], // fold
  ['2021-03-14T02:30:00', 'America/New_York'], // gap
  ['2021-11-07T01:30:00', 'America/New_York'], // fold
  ['2021-10-03T02:15:00', 'Australia/Lord_Howe'], // 30-minute gap
  ['1937-07-01T00:00:10', 'Europe/Amsterdam'], // +00:19:32 -> +00:20
];

export const arbDateTime: fc.Arbitrary<DateTimeValue> = fc.oneof(
  // One instant in several zones of one offset: ties broken by offset-vs-named, then zone id.
  fc
    .tuple(
      fc.constantFrom(0n, 1n),
      fc.constantFrom(
        { id: '+01:00', named: false },
        { id: 'Europe/Berlin', named: true },
        { id: 'Europe/Stockholm', named: true },
        { id: 'UTC', named: false },
        { id: '+00:00', named: false },
        { id: 'UTC', named: true },
        { id: 'Africa/Abidjan', named: true },
      ),
    )
    .map(([ns, z]) => new DateTimeValue(new Temporal.ZonedDateTime(ns, z.id), z.named)),
  fc.tuple(arbEpochNs, arbZone).map(([ns, z]) => new DateTimeValue(new Temporal.ZonedDateTime(ns, z.id), z.named)),
  fc.tuple(fc.constantFrom(...DST_EDGES), fc.integer({ min: -3, max: 3 })).map(([[local, zone], dNs]) => {
    const z = Temporal.PlainDateTime.from(local).toZonedDateTime(zone);
    return new DateTimeValue(z.add({ nanoseconds: dNs }), true);
  }),
);

const arbDurationPart = fc.oneof(
  fc.bigInt({ min: -3n, max: 3n }),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
  fc.constantFrom(86_400n, -86_400n, 2_629_746n, -2_629_746n, 0n),
);

export const arbDuration: fc.Arbitrary<DurationValue> = fc
  .tuple(arbDurationPart, arbDurationPart, arbDurationPart, fc.oneof(fc.constantFrom(0, 1, 999_999_999), fc.integer({ min: 0, max: 999_999_999 })))
  .map(([m, d, s, n]) => new DurationValue(m, d, s, n));

const arbCoordinate = fc.oneof(fc.double(), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, Number.NaN));

export const arbPoint: fc.Arbitrary<PointValue> = fc.oneof(
  fc
    .tuple(fc.constantFrom(SRID.cartesian, SRID.wgs84), arbCoordinate, arbCoordinate)
    .map(([s, x, y]) => new PointValue(s, x, y)),
  fc
    .tuple(fc.constantFrom(SRID.cartesian3d, SRID.wgs843d), arbCoordinate, arbCoordinate, arbCoordinate)
    .map(([s, x, y, z]) => new PointValue(s, x, y, z)),
);

/** One arbitrary per storable scalar kind, by name. */
export const scalarArbitraries = {
  boolean: fc.boolean(),
  integer: arbInt64,
  float: arbFloat,
  string: arbString,
  bytes: arbBytes,
  date: arbDate,
  localTime: arbLocalTime,
  time: arbTime,
  localDateTime: arbLocalDateTime,
  dateTime: arbDateTime,
  duration: arbDuration,
  point: arbPoint,
} as const satisfies Record<string, fc.Arbitrary<StorableScalar>>;

export const arbStorableScalar: fc.Arbitrary<StorableScalar> = fc.oneof(
  ...Object.values(scalarArbitraries as Record<string, fc.Arbitrary<StorableScalar>>),
);

/** A homogeneous list of one scalar kind (the empty list included). */
export const arbPropertyList: fc.Arbitrary<readonly StorableScalar[]> = fc.oneof(
  ...Object.values(scalarArbitraries as Record<string, fc.Arbitrary<StorableScalar>>).map((a) =>
    fc.array(a, { maxLength: 5 }),
  ),
);

/** Anything storable as a property. */
export const arbPropertyValue: fc.Arbitrary<PropertyValue> = fc.oneof(
  { weight: 3, arbitrary: arbStorableScalar },
  { weight: 1, arbitrary: arbPropertyList },
);

/**
 * A property value as the storage layer would see it: like arbPropertyValue, but a list of points
 * keeps one SRID (toPropertyValue refuses mixes) and a list never holds BYTES.
 */
export const arbStorableProperty: fc.Arbitrary<PropertyValue> = arbPropertyValue.filter((v) => {
  if (!Array.isArray(v) || v.length === 0) return true;
  if (v[0] instanceof Uint8Array) return false;
  if (v[0] instanceof PointValue) return v.every((p) => (p as PointValue).srid === (v[0] as PointValue).srid);
  return true;
});

const arbSmallId = fc.bigInt({ min: 0n, max: 5n });

export const arbNode: fc.Arbitrary<NodeValue> = arbSmallId.map(
  (id) => new NodeValue(id, `4:db:${id}`, ['L'], new Map()),
);

export const arbRelationship: fc.Arbitrary<RelationshipValue> = arbSmallId.map(
  (id) => new RelationshipValue(id, `5:db:${id}`, 'R', 0n, '4:db:0', 1n, '4:db:1', new Map()),
);

export const arbPath: fc.Arbitrary<PathValue> = fc
  .array(fc.tuple(arbRelationship, arbNode), { maxLength: 3 })
  .chain((steps) =>
    arbNode.map((start) => new PathValue([start, ...steps.map(([, n]) => n)], steps.map(([r]) => r))),
  );

/** Any Cypher value: scalars, null, nested mixed lists, maps, nodes, relationships, paths. */
export const arbValue: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: arbStorableScalar as fc.Arbitrary<Value> },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: arbNode as fc.Arbitrary<Value> },
    { weight: 1, arbitrary: arbRelationship as fc.Arbitrary<Value> },
    { weight: 1, arbitrary: arbPath as fc.Arbitrary<Value> },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }) as fc.Arbitrary<Value> },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'é', '\u{1F600}'), tie('value')), { maxLength: 3 })
        .map((entries) => new Map(entries) as Value),
    },
  ),
})).value;
