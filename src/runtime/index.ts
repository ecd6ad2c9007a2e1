// The runtime: batched pull operators, the expression compiler, functions and value operators.
export { build } from './physical/build.js';
export { Profile, type OperatorStats } from './physical/profile.js';
export { drain, type Operator, type Factory } from './physical/operator.js';
export { ExecContext, emptyStats, type Row, type MutableStats, type DatabaseBinding } from './context.js';
export { materialize, GraphNode, GraphRel } from './entities.js';
export { checkDeletedNodes } from './physical/write.js';
export { registerProcedure, lookupProcedure, hasDatabaseProcedures, type Procedure } from './physical/procedure.js';
export { compile, setSubqueryCompiler } from './expressions.js';
import './functions/index.js';
