// The storage engine's public face: one namespaced classic-level store, per-database handles,
// snapshot-isolated transactions with group commit, and the value codecs.
export { Store, type StoreOptions, type DatabaseEntry } from './store.js';
export { Transaction, type CommitCheck, type CommitHook } from './transaction.js';
export { GraphTx, type Adjacent, type Direction, type IndexInfo, type IndexSpec, type PropInput, type RangeBound } from './graph.js';
export { SystemTx } from './system-tx.js';
export type { NodeRecord, RelRecord } from './records.js';
export { SYSTEM_DB_ID } from './keyspace.js';
