// Loads every built-in function module; each registers its functions with the registry on import.
// Import this once (for its side effects) before looking functions up.
import './string.js';
import './math.js';
import './list.js';
import './conversion.js';
import './scalar.js';
import './predicate.js';
import './aggregate.js';
import './temporal/index.js';
import './spatial.js';

export { allFunctionNames, lookupAggregate, lookupScalar } from './registry.js';
export type { Accumulator, AggregateFunction, FunctionContext, ScalarFunction } from './registry.js';
