// The planner: AST -> logical plan (plain readonly data).
export { planStatement, planQuery, type PlannedQuery, isHidden, extend, type PlanOptions, type ProcedureSignature } from './planner.js';
export type * from './plan.js';
export { children } from './plan.js';
export { leadingUse, refKey, useKey, type DatabaseFacts } from './databases.js';
