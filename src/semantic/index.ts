// Semantic analysis: scope and type checks on the AST, and expression utilities the planner uses.
export { analyze } from './analyze.js';
export { mapExpression, sameExpression, isAggregateCall, forEachExpression, freeVariables, isExpression, AGGREGATES, expressionChildren } from './expressions.js';
