// The server: process wiring (store, catalog, auth), the Bolt and HTTP front ends, and the
// protocol-neutral session API they call.
export { startServer, type ServerOptions, type RunningServer, type ServerState, QUIVER_VERSION, NEO4J_COMPAT_VERSION } from './server.js';
export type {
  QueryEngine,
  EngineTransaction,
  QueryResult,
  ResultBatch,
  ResultSummary,
  QueryStats,
  PlanNode,
  Notification,
  Principal,
  AccessMode,
  NotificationFilter,
  TxConfig,
  RunRequest,
} from './session.js';
export { UnavailableEngine } from './session.js';
