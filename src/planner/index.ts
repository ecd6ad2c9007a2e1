// The planner: AST -> logical plan (plain readonly data).
export { planStatement, isHidden, extend, type PlanOptions, type ProcedureSignature } from './planner.js';
export type * from './plan.js';
export { children } from './plan.js';
