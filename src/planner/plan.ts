// The logical plan: plain readonly data, one node kind per operator. Every node states its output
// row layout (`columns`: slot i holds the variable columns[i]); expressions stay AST expressions
// and are compiled against the input's columns by the runtime. Operators pull rows from `input`.
import type { Expression, PatternElement, Pattern, PatternPart, SetItem, RemoveItem, MergeAction, LabelExpression, MapLiteral, Parameter } from '../cypher/index.js';

export type Columns = readonly string[];

interface Base {
  readonly columns: Columns;
}

/**
 * Which database an operator reads or writes, in a query that names databases (FROM DATABASE,
 * USE): '' is the session database, `name` a database or alias as written (lower-case), `$p` one
 * named by a parameter; resolved when the query runs (so cached plans follow alias changes).
 * Absent in single-database plans: their operators use the session graph and check nothing.
 */
export type DatabaseKey = string;

interface OnDatabase {
  readonly database?: DatabaseKey;
}

/** Produces the input row of an Apply (or one empty row at the top of a query). */
export interface Argument extends Base {
  readonly kind: 'Argument';
}

/** For each input row, every node (with the label, if given). */
export interface NodeScan extends Base, OnDatabase {
  readonly kind: 'NodeScan';
  readonly input: Plan;
  readonly variable: string;
  readonly label: string | null;
}

/** For each input row, the nodes an index finds for an equality (value evaluated per row). */
export interface NodeIndexSeek extends Base, OnDatabase {
  readonly kind: 'NodeIndexSeek';
  readonly input: Plan;
  readonly variable: string;
  readonly index: string;
  readonly label: string;
  readonly property: string;
  readonly value: Expression;
}

/** Node by id: `WHERE id(n) = $x` / elementId. */
export interface NodeById extends Base, OnDatabase {
  readonly kind: 'NodeById';
  readonly input: Plan;
  readonly variable: string;
  readonly ids: Expression;
  readonly element: boolean;
}

/**
 * Expands from a bound node along relationships. `into` when `to` is bound already (checks the
 * other end). Variable length when `length` is set: `rel` then binds a list of relationships and
 * `nodesVar` (hidden) the list of nodes along the path.
 */
export interface Expand extends Base, OnDatabase {
  readonly kind: 'Expand';
  readonly input: Plan;
  readonly from: string;
  readonly rel: string;
  readonly to: string;
  readonly direction: 'out' | 'in' | 'both';
  readonly types: readonly string[] | null;
  readonly into: boolean;
  readonly length: { readonly min: number; readonly max: number } | null;
  readonly nodesVar: string | null;
  /** Relationship variables bound earlier in the same MATCH: a match never reuses one. */
  readonly distinctFrom: readonly string[];
  /**
   * The pattern is walked right to left (the planner started at its right end): a variable-length
   * expansion then lists its relationships and nodes reversed, back in pattern order.
   */
  readonly reversed?: boolean;
}

/**
 * shortestPath / allShortestPaths between two bound nodes: a breadth-first search per input row
 * (from both ends, one batched expand per level). Binds `rel` (the list of relationships, or the
 * one relationship when the pattern has no `*`) and the path variable, if any. No path, no row.
 */
export interface ShortestPath extends Base, OnDatabase {
  readonly kind: 'ShortestPath';
  readonly input: Plan;
  readonly from: string;
  readonly to: string;
  readonly rel: string;
  readonly path: string | null;
  readonly direction: 'out' | 'in' | 'both';
  readonly types: readonly string[] | null;
  /** A type expression that is not a plain list of names (`:!R`), tested per relationship. */
  readonly typeTest: LabelExpression | null;
  /** Every relationship on the path must have these properties (evaluated per input row). */
  readonly properties: MapLiteral | Parameter | null;
  readonly length: { readonly min: number; readonly max: number };
  /** The pattern had no `*`: `rel` binds one relationship rather than a list. */
  readonly single: boolean;
  /** allShortestPaths: every path of the shortest length, not just one. */
  readonly all: boolean;
  /** Relationship variables bound earlier in the same MATCH: a path never uses one. */
  readonly distinctFrom: readonly string[];
  /**
   * WHERE conjuncts about the path or its relationships: the search returns the shortest paths
   * that satisfy them (as Neo4j does), not the shortest paths filtered afterwards.
   */
  readonly predicate: Expression | null;
}

/** Checks label expressions and property maps of pattern elements bound elsewhere. */
export interface Filter extends Base {
  readonly kind: 'Filter';
  readonly input: Plan;
  readonly predicate: Expression;
}

/** Tests a node's labels (from a pattern), a relationship's type or a property map. */
export interface PatternFilter extends Base {
  readonly kind: 'PatternFilter';
  readonly input: Plan;
  readonly variable: string;
  readonly labels: LabelExpression | null;
  readonly types: LabelExpression | null;
  readonly properties: MapLiteral | Parameter | null;
}

export interface ProjectItem {
  readonly name: string;
  readonly expression: Expression;
}

/** Adds (or with `replace`, keeps only) computed columns. */
export interface Project extends Base {
  readonly kind: 'Project';
  readonly input: Plan;
  readonly items: readonly ProjectItem[];
}

export interface AggregateItem {
  readonly name: string;
  /** A FunctionCall of an aggregate function, or CountStar. */
  readonly call: Expression;
}

export interface Aggregate extends Base {
  readonly kind: 'Aggregate';
  readonly input: Plan;
  readonly groups: readonly ProjectItem[];
  readonly aggregates: readonly AggregateItem[];
}

export interface Distinct extends Base {
  readonly kind: 'Distinct';
  readonly input: Plan;
}

export interface Sort extends Base {
  readonly kind: 'Sort';
  readonly input: Plan;
  readonly keys: readonly { readonly expression: Expression; readonly descending: boolean }[];
}

export interface Skip extends Base {
  readonly kind: 'Skip';
  readonly input: Plan;
  readonly count: Expression;
}

export interface Limit extends Base {
  readonly kind: 'Limit';
  readonly input: Plan;
  readonly count: Expression;
  /** The input writes: it runs to the end whatever the limit (updates are never cut short). */
  readonly exhaust: boolean;
}

export interface Unwind extends Base {
  readonly kind: 'Unwind';
  readonly input: Plan;
  readonly expression: Expression;
  readonly variable: string;
}

/** For each input row, the rows of `inner` (which starts from an Argument with the input row). */
export interface Apply extends Base {
  readonly kind: 'Apply';
  readonly input: Plan;
  readonly inner: Plan;
  /** OPTIONAL MATCH: when inner yields nothing, one row with `nullable` columns set to null. */
  readonly optional: boolean;
  /** A unit subquery (CALL { ... } without RETURN): the input row passes through once. */
  readonly unit: boolean;
}

/** Reads all of its input before passing it on, so later writes cannot affect earlier reads. */
export interface Eager extends Base {
  readonly kind: 'Eager';
  readonly input: Plan;
}

export interface Create extends Base, OnDatabase {
  readonly kind: 'Create';
  readonly input: Plan;
  readonly pattern: Pattern;
}

export interface Merge extends Base, OnDatabase {
  readonly kind: 'Merge';
  readonly input: Plan;
  readonly part: PatternPart;
  /** Plan that matches the pattern from an Argument row. */
  readonly match: Plan;
  readonly actions: readonly MergeAction[];
}

export interface SetProperties extends Base, OnDatabase {
  readonly kind: 'Set';
  readonly input: Plan;
  readonly items: readonly SetItem[];
}

export interface Remove extends Base, OnDatabase {
  readonly kind: 'Remove';
  readonly input: Plan;
  readonly items: readonly RemoveItem[];
}

export interface Delete extends Base, OnDatabase {
  readonly kind: 'Delete';
  readonly input: Plan;
  readonly expressions: readonly Expression[];
  readonly detach: boolean;
}

/** FOREACH: runs `body` (write clauses) for each element; passes input rows through. */
export interface Foreach extends Base {
  readonly kind: 'Foreach';
  readonly input: Plan;
  readonly variable: string;
  readonly list: Expression;
  readonly body: Plan;
}

export interface Union extends Base {
  readonly kind: 'Union';
  readonly parts: readonly Plan[];
  readonly distinct: boolean;
  /** Read-only parts on several databases: run them at once (results still in part order). */
  readonly concurrent?: boolean;
}

export interface ProcedureCall extends Base, OnDatabase {
  readonly kind: 'ProcedureCall';
  readonly input: Plan;
  readonly procedure: string;
  readonly args: readonly Expression[] | null;
  /** [procedure output field, column name] */
  readonly yields: readonly (readonly [string, string])[];
}

/** Builds path values from pattern elements already bound. */
export interface BuildPath extends Base {
  readonly kind: 'BuildPath';
  readonly input: Plan;
  readonly variable: string;
  readonly element: PatternElement;
  /** Names bound for every node and relationship of the element (anonymous ones included). */
  readonly nodes: readonly string[];
  readonly rels: readonly string[];
  readonly nodeLists: readonly (string | null)[];
}

/** Counts from the count store: `MATCH (n:L) RETURN count(n)` without a scan. */
export interface NodeCount extends Base, OnDatabase {
  readonly kind: 'NodeCount';
  readonly input: Plan;
  readonly label: string | null;
  readonly name: string;
}

/**
 * Evaluates a subquery expression for each row into a hidden column: EXISTS { } and pattern
 * predicates ('exists'), COUNT { } ('count'), COLLECT { } and pattern comprehensions ('collect',
 * of the inner plan's `collectColumn`).
 */
export interface SubqueryValue extends Base {
  readonly kind: 'SubqueryValue';
  readonly input: Plan;
  readonly inner: Plan;
  readonly name: string;
  readonly mode: 'exists' | 'count' | 'collect';
  readonly collectColumn: string | null;
}

/**
 * Joins two independent inputs (a cross-database MATCH or an uncorrelated CALL { USE ... }): both
 * run at once, one side is held in a hash table on `rightKeys`/`leftKeys` (no keys: every row in
 * one bucket, a nested loop) and the other probes it. `build: 'adaptive'` holds whichever side
 * ends first (the smaller, when both produce at a similar rate); 'right' always holds the right
 * side, keeping the left side's order (CALL semantics). `residual` is tested on each joined row;
 * `optional` keeps left rows without a match, padded with nulls (OPTIONAL MATCH). `sequential`:
 * the left side writes, so the right side starts only after it is finished.
 */
export interface Join extends Base {
  readonly kind: 'Join';
  readonly left: Plan;
  readonly right: Plan;
  readonly leftKeys: readonly Expression[];
  readonly rightKeys: readonly Expression[];
  readonly residual: Expression | null;
  readonly optional: boolean;
  readonly build: 'adaptive' | 'right';
  readonly sequential: boolean;
}

/** The result: which columns, under which names, in which order. */
export interface Produce extends Base {
  readonly kind: 'Produce';
  readonly input: Plan;
}

/** No rows, no columns: the end of a query whose last clause writes. */
export interface Discard extends Base {
  readonly kind: 'Discard';
  readonly input: Plan;
}

export type Plan =
  | Argument
  | NodeScan
  | NodeIndexSeek
  | NodeById
  | Expand
  | ShortestPath
  | Filter
  | PatternFilter
  | Project
  | Aggregate
  | Distinct
  | Sort
  | Skip
  | Limit
  | Unwind
  | Apply
  | Eager
  | Create
  | Merge
  | SetProperties
  | Remove
  | Delete
  | Foreach
  | Union
  | ProcedureCall
  | BuildPath
  | NodeCount
  | SubqueryValue
  | Join
  | Produce
  | Discard;

export type PlanKind = Plan['kind'];

/** The inputs of a plan node, in order (for generic walks). */
export function children(p: Plan): Plan[] {
  switch (p.kind) {
    case 'Argument':
      return [];
    case 'Union':
      return [...p.parts];
    case 'Apply':
      return [p.input, p.inner];
    case 'Merge':
      return [p.input, p.match];
    case 'Foreach':
      return [p.input, p.body];
    case 'SubqueryValue':
      return [p.input, p.inner];
    case 'Join':
      return [p.left, p.right];
    default:
      return [p.input];
  }
}
