// Predicate functions that are plain functions of values. all()/any()/none()/single() and
// exists() take a variable and a predicate (or a pattern) and are evaluated by the runtime itself.
import type { Value } from '../../values/types.js';
import { registerScalar } from './registry.js';
import { argTypeError, scalar } from './support.js';

/** isEmpty(list | map | string). */
function isEmpty([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (typeof v === 'string') return v.length === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  throw argTypeError('isEmpty', 'a List, Map, or String', v!);
}

registerScalar(scalar('isEmpty', 1, 1, isEmpty));
