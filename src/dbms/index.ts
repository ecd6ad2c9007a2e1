// The database management layer: the catalog of databases (and later aliases, limits, users).
export { Catalog, type DatabaseRef, validateDatabaseName, SYSTEM_DATABASE } from './catalog.js';
