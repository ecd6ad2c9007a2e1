// Spatial functions with Neo4j 5 semantics: point() from a map (Cartesian x/y[/z], geographic
// longitude/latitude[/height], `crs` or `srid` to choose explicitly), point.distance (alias
// distance: Euclidean for Cartesian points, haversine on a sphere of Neo4j's earth radius for
// WGS-84, null when the CRSs differ) and point.withinBBox.
import { cypherError } from '../../errors.js';
import { PointValue, SRID, type Value } from '../../values/types.js';
import { registerScalar, type ScalarFunction } from './registry.js';
import { describe, formatPoint, scalar } from './support.js';

/** Neo4j's mean earth radius in metres (CRSCalculator.EARTH_RADIUS_METERS). */
export const EARTH_RADIUS_METERS = 6_378_140.0;

const CRS_BY_NAME: Record<string, number> = {
  cartesian: SRID.cartesian,
  'cartesian-3d': SRID.cartesian3d,
  'wgs-84': SRID.wgs84,
  'wgs-84-3d': SRID.wgs843d,
};
const KNOWN_SRIDS: readonly number[] = [SRID.cartesian, SRID.cartesian3d, SRID.wgs84, SRID.wgs843d];

function invalid(message: string): never {
  throw cypherError('ArgumentError', 'InvalidArgumentValue', message);
}

function isGeographic(srid: number): boolean {
  return srid === SRID.wgs84 || srid === SRID.wgs843d;
}

function is3d(srid: number): boolean {
  return srid === SRID.cartesian3d || srid === SRID.wgs843d;
}

/** Neo4j's string form: `point({x: 1.0, y: 2.0, crs: 'cartesian'})`. */
export function pointToString(p: PointValue): string {
  return formatPoint(p);
}

const POINT_KEYS = ['x', 'y', 'z', 'longitude', 'latitude', 'height', 'crs', 'srid'] as const;

/** point(map): null for a null map or any null entry, else a validated point. */
export function pointFromMap(map: Value): PointValue | null {
  if (map === null) return null;
  if (!(map instanceof Map)) {
    throw cypherError('TypeError', 'InvalidArgumentType', `point() expects a map, got ${describe(map)}`);
  }
  const f = new Map<string, Value>();
  for (const [k, v] of map) {
    const key = POINT_KEYS.find((x) => x === k.toLowerCase());
    if (key === undefined) invalid(`Unknown key '${k}' for creating new point`);
    if (v === null) return null;
    f.set(key, v);
  }
  const num = (k: string): number | undefined => {
    const v = f.get(k);
    if (v === undefined) return undefined;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    throw cypherError('TypeError', 'InvalidArgumentType', `${k} should be a number, got ${describe(v)}`);
  };
  const cartesian = f.has('x') || f.has('y') || f.has('z');
  const geographic = f.has('longitude') || f.has('latitude') || f.has('height');
  if (cartesian && geographic) invalid('Cannot mix Cartesian (x, y, z) and geographic (longitude, latitude, height) keys');
  const x = cartesian ? num('x') : num('longitude');
  const y = cartesian ? num('y') : num('latitude');
  const z = cartesian ? num('z') : num('height');
  if (x === undefined || y === undefined) {
    invalid(geographic ? 'A geographic point needs both longitude and latitude' : 'A point needs both x and y (or longitude and latitude)');
  }
  let srid: number | undefined;
  const crs = f.get('crs');
  if (crs !== undefined) {
    if (typeof crs !== 'string') throw cypherError('TypeError', 'InvalidArgumentType', `crs should be a string, got ${describe(crs)}`);
    srid = CRS_BY_NAME[crs.toLowerCase()];
    if (srid === undefined) invalid(`Unknown coordinate reference system: '${crs}'`);
  }
  const sridArg = f.get('srid');
  if (sridArg !== undefined) {
    if (srid !== undefined) invalid('Cannot specify both crs and srid');
    const s = typeof sridArg === 'bigint' ? Number(sridArg) : typeof sridArg === 'number' ? sridArg : NaN;
    if (!KNOWN_SRIDS.includes(s)) invalid(`Unknown coordinate reference system with srid ${describe(sridArg)}`);
    srid = s;
  }
  if (srid === undefined) {
    srid = geographic ? (z === undefined ? SRID.wgs84 : SRID.wgs843d) : z === undefined ? SRID.cartesian : SRID.cartesian3d;
  } else {
    if (geographic && !isGeographic(srid)) invalid('Geographic keys (longitude, latitude) need a geographic crs');
    if (is3d(srid) !== (z !== undefined)) {
      invalid(`Cannot create a ${is3d(srid) ? '3D' : '2D'} point with ${z === undefined ? 2 : 3} coordinates`);
    }
  }
  if (isGeographic(srid)) {
    if (y < -90 || y > 90) invalid(`Cannot create WGS84 point with invalid coordinate: latitude ${y} is outside [-90, 90]`);
    if (x < -180 || x > 180) invalid(`Cannot create WGS84 point with invalid coordinate: longitude ${x} is outside [-180, 180]`);
  }
  return new PointValue(srid, x, y, z);
}

function asPoint(fn: string, v: Value): PointValue {
  if (v instanceof PointValue) return v;
  throw cypherError('TypeError', 'InvalidArgumentType', `${fn} expects points, got ${describe(v)}`);
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

/**
 * Distance between two points of one CRS, null when the CRSs differ. For WGS-84 3D points, the
 * great-circle distance at the mean height combined with the height difference (Neo4j's rule).
 */
export function pointDistance(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  const p = asPoint('point.distance', a);
  const q = asPoint('point.distance', b);
  if (p.srid !== q.srid) return null;
  if (!isGeographic(p.srid)) {
    const dz = p.z !== undefined && q.z !== undefined ? p.z - q.z : 0;
    return Math.sqrt((p.x - q.x) ** 2 + (p.y - q.y) ** 2 + dz ** 2);
  }
  const lat1 = rad(p.y);
  const lat2 = rad(q.y);
  const dLat = lat2 - lat1;
  const dLon = rad(q.x) - rad(p.x);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) ** 2;
  const c = 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  if (p.z === undefined || q.z === undefined) return EARTH_RADIUS_METERS * c;
  const surface = (EARTH_RADIUS_METERS + (p.z + q.z) / 2) * c;
  return Math.sqrt(surface ** 2 + (q.z - p.z) ** 2);
}

/**
 * point.withinBBox(p, lowerLeft, upperRight): null unless all three share a CRS. For geographic
 * boxes whose lower-left longitude exceeds the upper-right one, the box crosses the antimeridian.
 */
export function pointWithinBBox(p: Value, ll: Value, ur: Value): boolean | null {
  if (p === null || ll === null || ur === null) return null;
  const pt = asPoint('point.withinBBox', p);
  const lo = asPoint('point.withinBBox', ll);
  const hi = asPoint('point.withinBBox', ur);
  if (pt.srid !== lo.srid || pt.srid !== hi.srid) return null;
  const geographic = isGeographic(pt.srid);
  if (geographic && lo.y > hi.y) return false;
  const inX = geographic && lo.x > hi.x ? pt.x >= lo.x || pt.x <= hi.x : pt.x >= lo.x && pt.x <= hi.x;
  const inY = pt.y >= lo.y && pt.y <= hi.y;
  const inZ = pt.z === undefined || lo.z === undefined || hi.z === undefined || (pt.z >= lo.z && pt.z <= hi.z);
  return inX && inY && inZ;
}

export const SPATIAL_FUNCTIONS: readonly ScalarFunction[] = [
  scalar('point', 1, 1, ([m]) => pointFromMap(m!)),
  scalar('point.distance', 2, 2, ([a, b]) => pointDistance(a!, b!)),
  scalar('distance', 2, 2, ([a, b]) => pointDistance(a!, b!)),
  scalar('point.withinBBox', 3, 3, ([p, ll, ur]) => pointWithinBBox(p!, ll!, ur!)),
];

registerScalar(...SPATIAL_FUNCTIONS);
