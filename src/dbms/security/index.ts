// Users, roles and privileges (DESIGN.md section 8): the store, the commands, the checks.
export { SecurityStore, type UserRecord, type RoleRecord, type UserChanges, validateUsername, validateRoleName } from './store.js';
export { isSecurityCommand, runSecurityCommand, type SecurityCommand, type SecurityContext, type SecurityResult } from './commands.js';
export { authorizeStatement, requirePrivilege, canAccess, type StatementAccess } from './authorize.js';
export { BUILT_IN_ROLES, PUBLIC_ROLE, type Need, type Privilege } from './privileges.js';
export { hashPassword, verifyPassword, generatePassword, type PasswordHash } from './passwords.js';
