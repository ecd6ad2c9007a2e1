// The database management layer: the catalog of databases and aliases, and the administration
// commands over it (later limits, users and roles).
export {
  Catalog,
  type CatalogOptions,
  type DatabaseRef,
  type AliasRecord,
  type DroppedDatabase,
  type DatabaseAccess,
  type DatabaseStatus,
  type JsonValue,
  validateDatabaseName,
  SYSTEM_DATABASE,
  DEFAULT_DROP_RETENTION_MS,
} from './catalog.js';
export { isDatabaseAdminCommand, runDatabaseAdmin, type AdminContext, type AdminResult } from './admin.js';
export { parseDuration } from './duration.js';
