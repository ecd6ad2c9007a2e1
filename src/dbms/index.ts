// The database management layer: the catalog of databases and aliases, and the administration
// commands over it, per-database limits and usage users, roles and privileges (./security).
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
export {
  LIMITS,
  type LimitKey,
  type Limits,
  type LimitRejection,
  changeLimits,
  limitKey,
  limitsFromJson,
  limitsToJson,
  limitError,
  parseLimitValue,
  validLimitKeys,
} from './limits.js';
export { UsageMeter, usageOf, USAGE_METRICS, type LiveUsage, type DatabaseMeter, type DatabaseUsage } from './usage.js';
