// The HTTP value formats: the transactional API's row/meta/graph/stats and JSON parameters, Jolt
// v1/v2 sparse and strict, and Query API v2's plain and typed JSON with typed parameters. Expected
// outputs follow Neo4j's docs and server code (see the comments in src/server/http/formats).
import fc from 'fast-check';
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { isQuiverError } from '../../src/errors.js';
import {
  countersToJson,
  decodeJsonParameters,
  decodeTypedParameters,
  graphOf,
  joltValue,
  parseJoltMediaType,
  plainJson,
  rowAndMeta,
  statsToJson,
  typedJson,
} from '../../src/server/http/formats/index.js';
import { offsetZoneId } from '../../src/values/temporal-keys.js';
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
  Temporal,
  TimeValue,
  type Value,
} from '../../src/values/types.js';
import { arbStorableScalar, NUM_RUNS } from '../support/arbitraries.js';
import { sameValue, show } from '../support/same-value.js';

// ---------------------------------------------------------------------------------------------
// Fixtures: (a:Person {name:'Ann'})-[:KNOWS {since: 2019}]->(b:Person {name:'Bob'})

const a = new NodeValue(16n, '4:db:16', ['Person'], new Map<string, Value>([['name', 'Ann']]));
const b = new NodeValue(17n, '4:db:17', ['Person', 'Admin'], new Map<string, Value>([['name', 'Bob']]));
const knows = new RelationshipValue(9n, '5:db:9', 'KNOWS', 16n, '4:db:16', 17n, '4:db:17', new Map<string, Value>([['since', 2019n]]));
const forward = new PathValue([a, b], [knows]);
const backward = new PathValue([b, a], [knows]);

/** A live entity deleted earlier in the transaction, as the runtime's GraphNode reports it. */
class DeletedNode extends NodeValue {
  readonly isDeleted = true;
  override get properties(): never {
    throw new Error('deleted');
  }
}

const date = new DateValue(Temporal.PlainDate.from('2015-03-26'));
const localTime = new LocalTimeValue(Temporal.PlainTime.from('12:50:35.556'));
const wholeMinute = new LocalTimeValue(Temporal.PlainTime.from('12:50'));
const time = new TimeValue(Temporal.PlainTime.from('12:50:35.5'), 3600);
const localDateTime = new LocalDateTimeValue(Temporal.PlainDateTime.from('2015-07-04T19:32:24'));
const zoned = new DateTimeValue(Temporal.ZonedDateTime.from('2015-11-21T21:40:32.142[Antarctica/Troll]'), true);
const offset = new DateTimeValue(new Temporal.ZonedDateTime(Temporal.Instant.from('2024-01-01T22:40:32Z').epochNanoseconds, '-01:00'), false);
const duration = new DurationValue(0n, 14n, 16n * 3600n + 12n * 60n, 0);
const cartesian = new PointValue(7203, 1.2, 3.4);
const wgs3d = new PointValue(4979, 12.5, 56.25, 100);

function errorOf(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isQuiverError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

// ---------------------------------------------------------------------------------------------

describe('transactional API: row and meta', () => {
  it('writes entities as their properties with node/relationship metas', () => {
    expect(rowAndMeta([a, knows, 'x'])).toEqual({
      row: [{ name: 'Ann' }, { since: 2019 }, 'x'],
      meta: [
        { id: 16, elementId: '4:db:16', type: 'node', deleted: false },
        { id: 9, elementId: '5:db:9', type: 'relationship', deleted: false },
        null,
      ],
    });
  });

  it('writes a path as alternating property maps and a nested meta array', () => {
    expect(rowAndMeta([forward])).toEqual({
      row: [[{ name: 'Ann' }, { since: 2019 }, { name: 'Bob' }]],
      meta: [
        [
          { id: 16, elementId: '4:db:16', type: 'node', deleted: false },
          { id: 9, elementId: '5:db:9', type: 'relationship', deleted: false },
          { id: 17, elementId: '4:db:17', type: 'node', deleted: false },
        ],
      ],
    });
  });

  it('flattens the metas of lists and maps inline, as Neo4j does', () => {
    const { row, meta } = rowAndMeta([[a, b], new Map<string, Value>([['n', a], ['k', 1n]]), [], 5n]);
    expect(row).toEqual([[{ name: 'Ann' }, { name: 'Bob' }], { n: { name: 'Ann' }, k: 1 }, [], 5]);
    expect(meta).toEqual([
      { id: 16, elementId: '4:db:16', type: 'node', deleted: false },
      { id: 17, elementId: '4:db:17', type: 'node', deleted: false },
      { id: 16, elementId: '4:db:16', type: 'node', deleted: false },
      null,
      null,
    ]);
  });

  it('writes temporal values in their Cypher string forms with typed metas', () => {
    const values = [date, time, localTime, wholeMinute, zoned, offset, localDateTime, duration];
    expect(rowAndMeta(values)).toEqual({
      row: [
        '2015-03-26',
        '12:50:35.500+01:00',
        '12:50:35.556',
        '12:50',
        '2015-11-21T21:40:32.142Z[Antarctica/Troll]',
        '2024-01-01T21:40:32-01:00',
        '2015-07-04T19:32:24',
        'P14DT16H12M',
      ],
      meta: ['date', 'time', 'localtime', 'localtime', 'datetime', 'datetime', 'localdatetime', 'duration'].map((type) => ({ type })),
    });
  });

  it('writes points as GeoJSON-like objects with the CRS link', () => {
    expect(rowAndMeta([cartesian, wgs3d])).toEqual({
      row: [
        {
          type: 'Point',
          coordinates: [1.2, 3.4],
          crs: { srid: 7203, name: 'cartesian', type: 'link', properties: { href: 'http://spatialreference.org/ref/sr-org/7203/ogcwkt/', type: 'ogcwkt' } },
        },
        {
          type: 'Point',
          coordinates: [12.5, 56.25, 100],
          crs: { srid: 4979, name: 'wgs-84-3d', type: 'link', properties: { href: 'http://spatialreference.org/ref/epsg/4979/ogcwkt/', type: 'ogcwkt' } },
        },
      ],
      meta: [{ type: 'point' }, { type: 'point' }],
    });
  });

  it('writes numbers, bytes and non-finite floats as Neo4j’s Jackson does', () => {
    const { row, meta } = rowAndMeta([2n ** 53n + 1n, 1.5, NaN, Infinity, -Infinity, Uint8Array.of(0, 1, 127, 128, 255), null, true]);
    expect(row).toEqual([2 ** 53, 1.5, 'NaN', 'Infinity', '-Infinity', [0, 1, 127, -128, -1], null, true]);
    expect(meta).toEqual([null, null, null, null, null, null, null, null]);
    expect(JSON.stringify(row)).toBe('[9007199254740992,1.5,"NaN","Infinity","-Infinity",[0,1,127,-128,-1],null,true]');
  });

  it('marks entities deleted in the transaction and leaves out their properties', () => {
    const gone = new DeletedNode(3n, '4:db:3');
    expect(rowAndMeta([gone])).toEqual({ row: [{}], meta: [{ id: 3, elementId: '4:db:3', type: 'node', deleted: true }] });
    expect(graphOf([gone]).nodes).toEqual([{ id: '3', elementId: '4:db:3', deleted: true }]);
  });

  it('keeps a map key named __proto__ as an ordinary key', () => {
    const { row } = rowAndMeta([new Map<string, Value>([['__proto__', 1n]])]);
    expect(JSON.stringify(row)).toBe('[{"__proto__":1}]');
  });
});

describe('transactional API: graph', () => {
  it('collects distinct entities from columns, paths, lists and maps with string ids', () => {
    const g = graphOf([a, [forward], new Map<string, Value>([['r', knows], ['l', [b, a]]])]);
    expect(g).toEqual({
      nodes: [
        { id: '16', elementId: '4:db:16', labels: ['Person'], properties: { name: 'Ann' } },
        { id: '17', elementId: '4:db:17', labels: ['Person', 'Admin'], properties: { name: 'Bob' } },
      ],
      relationships: [
        {
          id: '9',
          elementId: '5:db:9',
          type: 'KNOWS',
          startNode: '16',
          startNodeElementId: '4:db:16',
          endNode: '17',
          endNodeElementId: '4:db:17',
          properties: { since: 2019 },
        },
      ],
    });
  });

  it('adds the end nodes of a lone relationship when a resolver finds them', () => {
    expect(graphOf([knows]).nodes).toEqual([]);
    const byId = new Map([a, b].map((n) => [n.elementId, n]));
    const g = graphOf([knows, 1n], (_id, elementId) => byId.get(elementId));
    expect(g.nodes.map((n) => (n as { id: string }).id)).toEqual(['16', '17']);
  });
});

describe('transactional API: stats and parameters', () => {
  it('writes the 14 stats in Neo4j’s order and spelling', () => {
    const s = statsToJson({ nodesCreated: 2, relationshipsDeleted: 1, containsUpdates: true });
    expect(Object.keys(s)).toEqual([
      'contains_updates',
      'nodes_created',
      'nodes_deleted',
      'properties_set',
      'relationships_created',
      'relationship_deleted',
      'labels_added',
      'labels_removed',
      'indexes_added',
      'indexes_removed',
      'constraints_added',
      'constraints_removed',
      'contains_system_updates',
      'system_updates',
    ]);
    expect(s).toMatchObject({ contains_updates: true, nodes_created: 2, relationship_deleted: 1, contains_system_updates: false, system_updates: 0 });
  });

  it('decodes lossless-json parameters: bigint INTEGER, number FLOAT, arrays, objects', () => {
    const p = decodeJsonParameters({ i: 1n, f: 1, s: 'x', b: false, n: null, l: [1n, 'a', [2.5]], m: { k: { z: 2n } } });
    expect([...p.keys()]).toEqual(['i', 'f', 's', 'b', 'n', 'l', 'm']);
    const expected: Value[] = [1n, 1, 'x', false, null, [1n, 'a', [2.5]], new Map([['k', new Map([['z', 2n]])]])];
    [...p.values()].forEach((v, i) => expect(sameValue(v, expected[i]!), show(v)).toBe(true));
  });

  it('rejects integers outside int64 and naming where they are', () => {
    expect(decodeJsonParameters({ x: 2n ** 63n - 1n }).get('x')).toBe(2n ** 63n - 1n);
    expect(errorOf(() => decodeJsonParameters({ x: 2n ** 63n }))).toEqual({
      code: 'Neo.ClientError.Request.InvalidFormat',
      message: 'Unable to read value for parameter $x: the integer 9223372036854775808 is outside the 64-bit range.',
    });
    expect(errorOf(() => decodeJsonParameters({ m: { l: [0n, -(2n ** 63n) - 1n] } })).message).toContain('$m.l[1]');
  });

  it('rejects parameters that are not a JSON object', () => {
    for (const bad of [null, [1n], 'x', 1n, undefined, true]) {
      expect(errorOf(() => decodeJsonParameters(bad)).code).toBe('Neo.ClientError.Request.InvalidFormat');
    }
    expect(errorOf(() => decodeJsonParameters([])).message).toContain('must be a JSON object, not an array');
  });
});

// ---------------------------------------------------------------------------------------------

const SPARSE_V1 = { version: 1, strict: false } as const;
const SPARSE_V2 = { version: 2, strict: false } as const;
const STRICT_V2 = { version: 2, strict: true } as const;

describe('Jolt', () => {
  it('leaves JSON-native values bare in sparse mode', () => {
    expect(['s', true, null, 42n, -(2n ** 31n), 2n ** 31n - 1n].map((v) => joltValue(v, SPARSE_V2))).toEqual(['s', true, null, 42, -(2 ** 31), 2 ** 31 - 1]);
    expect(joltValue([1n, 'a', [false]], SPARSE_V2)).toEqual([1, 'a', [false]]);
  });

  it('tags everything else, also in sparse mode', () => {
    expect(joltValue(2n ** 31n, SPARSE_V2)).toEqual({ Z: '2147483648' });
    expect(joltValue(1, SPARSE_V2)).toEqual({ R: '1.0' });
    expect(joltValue(NaN, SPARSE_V2)).toEqual({ R: 'NaN' });
    expect(joltValue(3.2e9, SPARSE_V2)).toEqual({ R: '3.2E9' });
    expect(joltValue(new Map<string, Value>([['a', 1n], ['b', 'x']]), SPARSE_V2)).toEqual({ '{}': { a: 1, b: 'x' } });
    expect(joltValue(Uint8Array.of(0, 1, 0xab, 0xff), SPARSE_V2)).toEqual({ '#': '0001ABFF' });
    expect(joltValue(cartesian, SPARSE_V2)).toEqual({ '@': 'SRID=7203;POINT(1.2 3.4)' });
    expect(joltValue(wgs3d, SPARSE_V2)).toEqual({ '@': 'SRID=4979;POINT Z (12.5 56.25 100.0)' });
  });

  it('writes temporal values with java.time’s ISO formatters', () => {
    const out = [date, time, localTime, wholeMinute, zoned, offset, localDateTime, duration].map((v) => joltValue(v, SPARSE_V2));
    expect(out).toEqual(
      [
        '2015-03-26',
        '12:50:35.5+01:00',
        '12:50:35.556',
        '12:50:00',
        '2015-11-21T21:40:32.142Z[Antarctica/Troll]',
        '2024-01-01T21:40:32-01:00',
        '2015-07-04T19:32:24',
        'P14DT16H12M',
      ].map((T) => ({ T })),
    );
  });

  it('tags every non-null value in strict mode, with Neo4j’s integer sigils', () => {
    expect(joltValue('s', STRICT_V2)).toEqual({ U: 's' });
    expect(joltValue(true, STRICT_V2)).toEqual({ '?': 'true' });
    expect(joltValue(null, STRICT_V2)).toBe(null);
    expect(joltValue(42n, STRICT_V2)).toEqual({ Z: '42' });
    expect(joltValue(-(2n ** 31n), STRICT_V2)).toEqual({ Z: '-2147483648' });
    expect(joltValue(2n ** 31n - 1n, STRICT_V2)).toEqual({ R: '2147483647' });
    expect(joltValue(2n ** 40n, STRICT_V2)).toEqual({ R: '1099511627776' });
    expect(joltValue([1n, ['a']], STRICT_V2)).toEqual({ '[]': [{ Z: '1' }, { '[]': [{ U: 'a' }] }] });
    expect(joltValue(new Map<string, Value>([['k', false]]), STRICT_V2)).toEqual({ '{}': { k: { '?': 'false' } } });
  });

  it('writes entities with integer ids in v1 and element ids in v2', () => {
    expect(joltValue(a, SPARSE_V1)).toEqual({ '()': [16, ['Person'], { name: 'Ann' }] });
    expect(joltValue(a, SPARSE_V2)).toEqual({ '()': ['4:db:16', ['Person'], { name: 'Ann' }] });
    expect(joltValue(knows, SPARSE_V1)).toEqual({ '->': [9, 16, 'KNOWS', 17, { since: 2019 }] });
    expect(joltValue(knows, STRICT_V2)).toEqual({ '->': ['5:db:9', '4:db:16', 'KNOWS', '4:db:17', { since: { Z: '2019' } }] });
  });

  it('writes paths so they read left to right, reversing relationships walked backwards', () => {
    expect(joltValue(forward, SPARSE_V2)).toEqual({
      '..': [
        { '()': ['4:db:16', ['Person'], { name: 'Ann' }] },
        { '->': ['5:db:9', '4:db:16', 'KNOWS', '4:db:17', { since: 2019 }] },
        { '()': ['4:db:17', ['Person', 'Admin'], { name: 'Bob' }] },
      ],
    });
    expect(joltValue(backward, SPARSE_V1)).toEqual({
      '..': [
        { '()': [17, ['Person', 'Admin'], { name: 'Bob' }] },
        { '<-': [9, 17, 'KNOWS', 16, { since: 2019 }] },
        { '()': [16, ['Person'], { name: 'Ann' }] },
      ],
    });
  });

  it('reads Jolt media types', () => {
    expect(parseJoltMediaType('application/vnd.neo4j.jolt')).toEqual({ version: 1, strict: false, seq: false });
    expect(parseJoltMediaType('application/vnd.neo4j.jolt-v1+json-seq')).toEqual({ version: 1, strict: false, seq: true });
    expect(parseJoltMediaType('application/vnd.neo4j.jolt-v2; strict=true')).toEqual({ version: 2, strict: true, seq: false });
    expect(parseJoltMediaType('application/vnd.neo4j.jolt-v2+json-seq;strict=false')).toEqual({ version: 2, strict: false, seq: true });
    expect(parseJoltMediaType('application/json')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('Query API: plain JSON', () => {
  it('maps values to the closest JSON types, as the docs’ type table shows', () => {
    const values = [null, true, 123n, 4.56, 'Hello World', Uint8Array.of(0x03, 0x6f, 0xbf), [123n, 456n], date, time, localTime, zoned, localDateTime, duration, cartesian, wgs3d];
    expect(values.map(plainJson)).toEqual([
      null,
      true,
      123,
      4.56,
      'Hello World',
      'A2+/',
      [123, 456],
      '2015-03-26',
      '12:50:35.5+01:00',
      '12:50:35.556',
      '2015-11-21T21:40:32.142Z[Antarctica/Troll]',
      '2015-07-04T19:32:24',
      'P14DT16H12M',
      'SRID=7203;POINT (1.2 3.4)',
      'SRID=4979;POINT Z (12.5 56.25 100.0)',
    ]);
    expect([NaN, -Infinity].map(plainJson)).toEqual(['NaN', '-Infinity']);
  });

  it('writes nodes, relationships and paths as objects', () => {
    expect(plainJson(backward)).toEqual([
      { elementId: '4:db:17', labels: ['Person', 'Admin'], properties: { name: 'Bob' } },
      { elementId: '5:db:9', startNodeElementId: '4:db:16', endNodeElementId: '4:db:17', type: 'KNOWS', properties: { since: 2019 } },
      { elementId: '4:db:16', labels: ['Person'], properties: { name: 'Ann' } },
    ]);
  });
});

describe('Query API: typed JSON', () => {
  it('tags every value as the docs’ type table shows', () => {
    const cases: [Value, unknown][] = [
      [null, { $type: 'Null', _value: null }],
      [true, { $type: 'Boolean', _value: true }],
      [123n, { $type: 'Integer', _value: '123' }],
      [4.56, { $type: 'Float', _value: '4.56' }],
      [3.2e9, { $type: 'Float', _value: '3.2E9' }],
      [-Infinity, { $type: 'Float', _value: '-Infinity' }],
      ['Hello World', { $type: 'String', _value: 'Hello World' }],
      [Uint8Array.of(0x03, 0x6f, 0xbf), { $type: 'Base64', _value: 'A2+/' }],
      [['A', 'B'], { $type: 'List', _value: [{ $type: 'String', _value: 'A' }, { $type: 'String', _value: 'B' }] }],
      [new Map<string, Value>([['fieldA', 'A']]), { $type: 'Map', _value: { fieldA: { $type: 'String', _value: 'A' } } }],
      [date, { $type: 'Date', _value: '2015-03-26' }],
      [time, { $type: 'Time', _value: '12:50:35.5+01:00' }],
      [localTime, { $type: 'LocalTime', _value: '12:50:35.556' }],
      [zoned, { $type: 'ZonedDateTime', _value: '2015-11-21T21:40:32.142Z[Antarctica/Troll]' }],
      [offset, { $type: 'OffsetDateTime', _value: '2024-01-01T21:40:32-01:00' }],
      [localDateTime, { $type: 'LocalDateTime', _value: '2015-07-04T19:32:24' }],
      [duration, { $type: 'Duration', _value: 'P14DT16H12M' }],
      [cartesian, { $type: 'Point', _value: 'SRID=7203;POINT (1.2 3.4)' }],
      [new PointValue(9157, 1, 2, 3), { $type: 'Point', _value: 'SRID=9157;POINT Z (1.0 2.0 3.0)' }],
    ];
    for (const [v, expected] of cases) expect(typedJson(v), show(v)).toEqual(expected);
  });

  it('writes nodes, relationships and paths with underscored keys and typed properties', () => {
    expect(typedJson(forward)).toEqual({
      $type: 'Path',
      _value: [
        { $type: 'Node', _value: { _element_id: '4:db:16', _labels: ['Person'], _properties: { name: { $type: 'String', _value: 'Ann' } } } },
        {
          $type: 'Relationship',
          _value: {
            _element_id: '5:db:9',
            _start_node_element_id: '4:db:16',
            _end_node_element_id: '4:db:17',
            _type: 'KNOWS',
            _properties: { since: { $type: 'Integer', _value: '2019' } },
          },
        },
        { $type: 'Node', _value: { _element_id: '4:db:17', _labels: ['Person', 'Admin'], _properties: { name: { $type: 'String', _value: 'Bob' } } } },
      ],
    });
  });

  it('writes the 14 counters in camelCase', () => {
    expect(countersToJson({ relationshipsDeleted: 3, systemUpdates: 1, containsSystemUpdates: true })).toEqual({
      containsUpdates: false,
      nodesCreated: 0,
      nodesDeleted: 0,
      propertiesSet: 0,
      relationshipsCreated: 0,
      relationshipsDeleted: 3,
      labelsAdded: 0,
      labelsRemoved: 0,
      indexesAdded: 0,
      indexesRemoved: 0,
      constraintsAdded: 0,
      constraintsRemoved: 0,
      containsSystemUpdates: true,
      systemUpdates: 1,
    });
  });
});

describe('Query API: typed parameters', () => {
  it('reads typed values, other spellings Neo4j accepts, and plain JSON next to them', () => {
    const p = decodeTypedParameters({
      name: { $type: 'String', _value: 'Phil' },
      plain: 1n,
      list: [1.5, { $type: 'Integer', _value: '-7' }],
      i: { $type: 'Integer', _value: 42n },
      f: { $type: 'Float', _value: '2.0E-7' },
      nan: { $type: 'Float', _value: '-NaN' },
      t: { $type: 'Time', _value: '12:50:35.556Z' },
      dt: { $type: 'DateTime', _value: '2015-11-21T21:40:32.142+01:00' },
      p2: { $type: 'Point', _value: 'SRID=4326;POINT(1 2)' },
      p3: { $type: 'Point', _value: 'SRID=9157;POINT Z (1.0 2.0 3.0)' },
      b: { $type: 'Base64', _value: 'AQI' },
      n: { $type: 'Null', _value: null },
    });
    const expected: Record<string, Value> = {
      name: 'Phil',
      plain: 1n,
      list: [1.5, -7n],
      i: 42n,
      f: 2e-7,
      nan: NaN,
      t: new TimeValue(Temporal.PlainTime.from('12:50:35.556'), 0),
      dt: new DateTimeValue(Temporal.ZonedDateTime.from('2015-11-21T21:40:32.142+01:00[+01:00]'), false),
      p2: new PointValue(4326, 1, 2),
      p3: new PointValue(9157, 1, 2, 3),
      b: Uint8Array.of(1, 2),
      n: null,
    };
    for (const [k, v] of Object.entries(expected)) expect(sameValue(p.get(k)!, v), `${k}: ${show(p.get(k)!)}`).toBe(true);
  });

  it('rejects bad $types and _values with a message naming the parameter', () => {
    const bad: [unknown, string][] = [
      [{ $type: 'Int', _value: '1' }, 'unknown $type "Int"'],
      [{ $type: 7, _value: '1' }, '"$type" must be a string'],
      [{ $type: 'Integer' }, 'needs "_value"'],
      [{ $type: 'Integer', _value: '1.5' }, '"1.5" is not an Integer'],
      [{ $type: 'Integer', _value: '9223372036854775808' }, 'outside the 64-bit range'],
      [{ $type: 'Float', _value: 'one' }, 'is not a Float'],
      [{ $type: 'Boolean', _value: 'true' }, 'a Boolean needs true or false'],
      [{ $type: 'Null', _value: 0n }, 'a Null needs'],
      [{ $type: 'Base64', _value: 'A===' }, 'not valid Base64'],
      [{ $type: 'Base64', _value: 'QQ=' }, 'not valid Base64'],
      [{ $type: 'Date', _value: '2015-13-01' }, 'is not a valid Date'],
      [{ $type: 'Time', _value: '12:50' }, 'a Time needs an offset'],
      [{ $type: 'OffsetDateTime', _value: '2015-11-21T21:40:32Z[Europe/Berlin]' }, 'a OffsetDateTime needs'],
      [{ $type: 'ZonedDateTime', _value: '2015-11-21' }, 'a ZonedDateTime needs'],
      [{ $type: 'Duration', _value: 'P1X' }, 'is not a valid Duration'],
      [{ $type: 'Point', _value: 'POINT (1 2)' }, 'is not a WKT point'],
      [{ $type: 'Point', _value: 'SRID=9157;POINT (1 2)' }, 'SRID 9157 takes 3 coordinates'],
      [{ $type: 'Point', _value: 'SRID=1234;POINT (1 2)' }, 'unknown SRID 1234'],
      [{ $type: 'List', _value: { a: 1n } }, 'a List needs an array'],
      [{ $type: 'Map', _value: [1n] }, 'a Map needs an object'],
      [{ $type: 'Node', _value: { _element_id: '4:x:1', _labels: [], _properties: {} } }, 'Type Node is not a valid parameter type'],
    ];
    for (const [value, message] of bad) {
      const e = errorOf(() => decodeTypedParameters({ x: value }));
      expect(e.code).toBe('Neo.ClientError.Request.InvalidFormat');
      expect(e.message).toContain('parameter $x:');
      expect(e.message).toContain(message);
    }
    const nested = errorOf(() => decodeTypedParameters({ m: { $type: 'Map', _value: { l: { $type: 'List', _value: [{ $type: 'Integer', _value: 'x' }] } } } }));
    expect(nested.message).toContain('$m.l[0]');
    expect(errorOf(() => decodeTypedParameters([{ $type: 'Null', _value: null }])).code).toBe('Neo.ClientError.Request.InvalidFormat');
    expect(errorOf(() => decodeTypedParameters(null)).code).toBe('Neo.ClientError.Request.InvalidFormat');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const KEYS = fc.constantFrom('a', 'b', '$type', '_value', '__proto__', 'é', '\u{1F600}');

/** Every non-graph value: storable scalars, null, and nested mixed lists and maps. */
const arbNonGraph: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: arbStorableScalar as fc.Arbitrary<Value> },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 3 }) as fc.Arbitrary<Value> },
    { weight: 1, arbitrary: fc.array(fc.tuple(KEYS, tie('value')), { maxLength: 3 }).map((e) => new Map(e) as Value) },
  ),
})).value;

/** Offset DATETIMEs come back with the `+HH:MM` zone id ('UTC' as an offset is `+00:00`). */
function normalize(v: Value): Value {
  if (Array.isArray(v)) return (v as readonly Value[]).map(normalize);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, normalize(x as Value)]));
  if (v instanceof DateTimeValue && !v.namedZone) {
    const id = offsetZoneId(Math.round(v.zoned.offsetNanoseconds / 1e9));
    return new DateTimeValue(v.zoned.withTimeZone(id), false);
  }
  return v;
}

/** JSON-native Cypher values: what a plain JSON request can carry exactly. */
const arbJsonNative: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.string(),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.array(tie('value'), { maxLength: 3 }) as fc.Arbitrary<Value>,
    fc.array(fc.tuple(KEYS, tie('value')), { maxLength: 3 }).map((e) => new Map(e) as Value),
  ),
})).value;

/** The JSON text a client would send for a JSON-native value. */
function toJsonText(v: Value): string {
  const plain = (x: Value): unknown => {
    if (Array.isArray(x)) return (x as readonly Value[]).map(plain);
    if (x instanceof Map) {
      const o: Record<string, unknown> = {};
      for (const [k, e] of x) Object.defineProperty(o, k, { value: plain(e as Value), enumerable: true, writable: true, configurable: true });
      return o;
    }
    return x;
  };
  return stringifyLossless({ p: plain(v) })!;
}

/** As the HTTP layer parses bodies: integral numbers as bigint, others as number. */
function parseJson(text: string): unknown {
  return parseLossless(text, null, (s) => (/^-?[0-9]+$/.test(s) ? BigInt(s) : Number(s)));
}

describe('format properties', () => {
  it('typedJson -> JSON text -> decodeTypedParameters gives back every non-graph value exactly', () => {
    fc.assert(
      fc.property(arbNonGraph, (v) => {
        const wire = JSON.parse(JSON.stringify({ p: typedJson(v) })) as unknown;
        const back = decodeTypedParameters(wire).get('p')!;
        expect(sameValue(back, normalize(v)), `${show(v)} -> ${JSON.stringify(typedJson(v))} -> ${show(back)}`).toBe(true);
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('decodeJsonParameters reads JSON-native values as sent, and so does decodeTypedParameters', () => {
    fc.assert(
      fc.property(arbJsonNative, (v) => {
        const wire = parseJson(toJsonText(v));
        const plain = decodeJsonParameters(wire).get('p')!;
        expect(sameValue(plain, v), `${show(v)} -> ${show(plain)}`).toBe(true);
        if (!containsTypeKey(v)) expect(sameValue(decodeTypedParameters(wire).get('p')!, v)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('every encoder produces values JSON.stringify writes without loss (no bigint, NaN or undefined)', () => {
    const arbAny = fc.oneof(arbNonGraph, fc.constantFrom<Value>(a, knows, forward, backward, [forward, new Map<string, Value>([['r', knows]])]));
    fc.assert(
      fc.property(arbAny, (v) => {
        const outputs = [rowAndMeta([v]), graphOf([v]), plainJson(v), typedJson(v), joltValue(v, SPARSE_V1), joltValue(v, STRICT_V2)];
        for (const out of outputs) expect(jsonSafe(out), JSON.stringify(out)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

/** Only what JSON.stringify writes as itself: null, booleans, strings, finite numbers, arrays, plain objects. */
function jsonSafe(x: unknown): boolean {
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(jsonSafe);
  if (typeof x === 'object') {
    const proto: unknown = Object.getPrototypeOf(x);
    return (proto === Object.prototype || proto === null) && Object.values(x).every(jsonSafe);
  }
  return false;
}

function containsTypeKey(v: Value): boolean {
  if (Array.isArray(v)) return (v as readonly Value[]).some(containsTypeKey);
  if (v instanceof Map) return v.has('$type') || [...v.values()].some((x) => containsTypeKey(x as Value));
  return false;
}
