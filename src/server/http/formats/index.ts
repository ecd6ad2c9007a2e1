// Value encoders and parameter decoders of the HTTP APIs: the transactional API's JSON and Jolt,
// and Query API v2's plain and typed JSON. Pure functions; the routes call them per record.
export {
  decodeJsonParameters,
  GraphCollector,
  graphOf,
  type NodeResolver,
  rowAndMeta,
  rowValue,
  statsToJson,
  type TxGraph,
} from './transactional.js';
export { joltValue, type JoltFormat, type JoltOptions, parseJoltMediaType } from './jolt.js';
export { countersToJson, decodeTypedParameters, plainJson, typedJson } from './query-api.js';
