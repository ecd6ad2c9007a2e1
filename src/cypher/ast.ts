// The Cypher AST: readonly discriminated unions on `kind`, a source position on every node.
// Produced by cst-to-ast.ts, printed back to Cypher by printer.ts, consumed by src/semantic.
//
// Conventions: names are the unescaped identifiers as written (case kept); keywords that select a
// variant are string unions in upper case; `null` means "absent" (never undefined).

/** Where a node starts in the query text: offset from 0, line and column from 1. */
export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

interface Node {
  readonly pos: Pos;
}

// ------------------------------------------------------------------------------------------ statements

export type Statement = Explain | Query | SchemaCommand | AdminCommand;

/** `EXPLAIN <statement>` / `PROFILE <statement>`. */
export interface Explain extends Node {
  readonly kind: 'Explain';
  readonly mode: 'EXPLAIN' | 'PROFILE';
  readonly statement: Query;
}

export type Query = SingleQuery | Union;

export interface SingleQuery extends Node {
  readonly kind: 'SingleQuery';
  readonly clauses: readonly Clause[];
}

/** `parts[0] UNION [ALL] parts[1] ...`; `all[i]` is the keyword between parts i and i + 1. */
export interface Union extends Node {
  readonly kind: 'Union';
  readonly parts: readonly SingleQuery[];
  readonly all: readonly boolean[];
}

// ------------------------------------------------------------------------------------------ clauses

export type Clause =
  | UseClause
  | MatchClause
  | UnwindClause
  | CallSubqueryClause
  | CallProcedureClause
  | WithClause
  | ReturnClause
  | CreateClause
  | MergeClause
  | SetClause
  | RemoveClause
  | DeleteClause
  | ForeachClause
  | LoadCsvClause
  | FinishClause;

/** A database named in USE / FROM DATABASE / admin commands: a (possibly dotted) name or a parameter. */
export type DatabaseRef = DatabaseName | Parameter;
export interface DatabaseName extends Node {
  readonly kind: 'DatabaseName';
  /** Dotted parts joined with '.', unescaped (`comp.alias`). */
  readonly name: string;
}

/** A user, role, index or constraint name, or a parameter. */
export type NameRef = SymbolicName | Parameter;
export interface SymbolicName extends Node {
  readonly kind: 'SymbolicName';
  readonly name: string;
}

export interface UseClause extends Node {
  readonly kind: 'Use';
  readonly graph: DatabaseRef;
  /** `USE graph.byName($x)`: the arguments when the reference is a function call. */
  readonly args: readonly Expression[] | null;
}

export interface MatchClause extends Node {
  readonly kind: 'Match';
  readonly optional: boolean;
  readonly pattern: Pattern;
  readonly where: Expression | null;
  /** Our extension: `MATCH ... FROM DATABASE x`. */
  readonly fromDatabase: DatabaseRef | null;
}

export interface UnwindClause extends Node {
  readonly kind: 'Unwind';
  readonly expression: Expression;
  readonly variable: Variable;
}

export interface CallSubqueryClause extends Node {
  readonly kind: 'CallSubquery';
  readonly optional: boolean;
  /** `CALL (a, b) {`: the imported variables; `'*'` for `CALL (*) {`; null for the old form `CALL {`. */
  readonly scope: readonly Variable[] | '*' | null;
  readonly query: Query;
  readonly inTransactions: InTransactions | null;
}

export interface InTransactions extends Node {
  readonly kind: 'InTransactions';
  /** `IN [n] CONCURRENT TRANSACTIONS`: null when not concurrent; the expression may be null. */
  readonly concurrent: { readonly concurrency: Expression | null } | null;
  readonly batchSize: Expression | null;
  readonly onError: 'CONTINUE' | 'BREAK' | 'FAIL' | null;
  readonly reportStatusAs: Variable | null;
}

export interface CallProcedureClause extends Node {
  readonly kind: 'CallProcedure';
  readonly optional: boolean;
  readonly namespace: readonly string[];
  readonly name: string;
  /** null for the implicit-argument form `CALL db.labels` (no parentheses). */
  readonly args: readonly Expression[] | null;
  /** null without YIELD; `'*'` for `YIELD *`. */
  readonly yield: readonly YieldItem[] | '*' | null;
  readonly where: Expression | null;
}

export interface YieldItem extends Node {
  readonly kind: 'YieldItem';
  readonly field: string;
  readonly alias: Variable | null;
}

export interface WithClause extends Node {
  readonly kind: 'With';
  readonly projection: Projection;
  readonly where: Expression | null;
}

export interface ReturnClause extends Node {
  readonly kind: 'Return';
  readonly projection: Projection;
}

/** The body shared by WITH and RETURN (and SHOW ... YIELD). */
export interface Projection extends Node {
  readonly kind: 'Projection';
  readonly distinct: boolean;
  /** `RETURN *` / `WITH *, x`. */
  readonly star: boolean;
  readonly items: readonly ProjectionItem[];
  readonly orderBy: readonly SortItem[];
  readonly skip: Expression | null;
  readonly limit: Expression | null;
}

export interface ProjectionItem extends Node {
  readonly kind: 'ProjectionItem';
  readonly expression: Expression;
  readonly alias: Variable | null;
  /** The expression's source text: the column name when there is no alias (as Neo4j names it). */
  readonly text: string;
}

export interface SortItem extends Node {
  readonly kind: 'SortItem';
  readonly expression: Expression;
  readonly descending: boolean;
}

export interface CreateClause extends Node {
  readonly kind: 'Create';
  readonly pattern: Pattern;
  readonly fromDatabase: DatabaseRef | null;
}

export interface MergeClause extends Node {
  readonly kind: 'Merge';
  readonly part: PatternPart;
  readonly actions: readonly MergeAction[];
  readonly fromDatabase: DatabaseRef | null;
}

export interface MergeAction extends Node {
  readonly kind: 'MergeAction';
  readonly on: 'MATCH' | 'CREATE';
  readonly items: readonly SetItem[];
}

export interface SetClause extends Node {
  readonly kind: 'Set';
  readonly items: readonly SetItem[];
  readonly fromDatabase: DatabaseRef | null;
}

export type SetItem = SetProperty | SetAllProperties | SetLabels;

/** `n.p = v`, `n[key] = v`, `(expr).p = v`. */
export interface SetProperty extends Node {
  readonly kind: 'SetProperty';
  readonly target: PropertyAccess | Subscript;
  readonly value: Expression;
}

/** `n = map` (replace) or `n += map` (merge). */
export interface SetAllProperties extends Node {
  readonly kind: 'SetAllProperties';
  readonly variable: Variable;
  readonly value: Expression;
  readonly merge: boolean;
}

export interface SetLabels extends Node {
  readonly kind: 'SetLabels';
  readonly variable: Variable;
  readonly labels: readonly string[];
}

export interface RemoveClause extends Node {
  readonly kind: 'Remove';
  readonly items: readonly RemoveItem[];
  readonly fromDatabase: DatabaseRef | null;
}

export type RemoveItem = RemoveProperty | RemoveLabels;
export interface RemoveProperty extends Node {
  readonly kind: 'RemoveProperty';
  readonly target: PropertyAccess | Subscript;
}
export interface RemoveLabels extends Node {
  readonly kind: 'RemoveLabels';
  readonly variable: Variable;
  readonly labels: readonly string[];
}

export interface DeleteClause extends Node {
  readonly kind: 'Delete';
  readonly detach: boolean;
  readonly expressions: readonly Expression[];
  readonly fromDatabase: DatabaseRef | null;
}

export interface ForeachClause extends Node {
  readonly kind: 'Foreach';
  readonly variable: Variable;
  readonly list: Expression;
  readonly clauses: readonly Clause[];
}

export interface LoadCsvClause extends Node {
  readonly kind: 'LoadCsv';
  readonly withHeaders: boolean;
  readonly url: Expression;
  readonly variable: Variable;
  readonly fieldTerminator: string | null;
}

export interface FinishClause extends Node {
  readonly kind: 'Finish';
}

// ------------------------------------------------------------------------------------------ patterns

export interface Pattern extends Node {
  readonly kind: 'Pattern';
  readonly parts: readonly PatternPart[];
}

export interface PatternPart extends Node {
  readonly kind: 'PatternPart';
  /** The path variable of `p = (...)`. */
  readonly variable: Variable | null;
  readonly selector: 'shortestPath' | 'allShortestPaths' | null;
  readonly element: PatternElement;
}

/** A chain: nodes.length === relationships.length + 1; relationships[i] joins nodes[i] and nodes[i+1]. */
export interface PatternElement extends Node {
  readonly kind: 'PatternElement';
  readonly nodes: readonly NodePattern[];
  readonly relationships: readonly RelationshipPattern[];
}

export interface NodePattern extends Node {
  readonly kind: 'NodePattern';
  readonly variable: Variable | null;
  readonly labels: LabelExpression | null;
  readonly properties: MapLiteral | Parameter | null;
  readonly where: Expression | null;
}

export interface RelationshipPattern extends Node {
  readonly kind: 'RelationshipPattern';
  /** 'out' is `-->`, 'in' is `<--`, 'both' is `--` and `<-->`. */
  readonly direction: 'out' | 'in' | 'both';
  readonly variable: Variable | null;
  readonly types: LabelExpression | null;
  /** Variable length `*min..max`; null when the relationship is not variable length. */
  readonly length: VarLength | null;
  readonly properties: MapLiteral | Parameter | null;
  readonly where: Expression | null;
}

export interface VarLength extends Node {
  readonly kind: 'VarLength';
  readonly min: bigint | null;
  readonly max: bigint | null;
  /** `*2` (exact): min === max and no `..` was written. */
  readonly exact: boolean;
}

/** Label and relationship-type expressions. `:A:B` and `:A&B` are both And. */
export type LabelExpression = LabelName | LabelWildcard | LabelNot | LabelAnd | LabelOr;
export interface LabelName extends Node {
  readonly kind: 'LabelName';
  readonly name: string;
}
export interface LabelWildcard extends Node {
  readonly kind: 'LabelWildcard';
}
export interface LabelNot extends Node {
  readonly kind: 'LabelNot';
  readonly operand: LabelExpression;
}
export interface LabelAnd extends Node {
  readonly kind: 'LabelAnd';
  readonly operands: readonly LabelExpression[];
  /** True when written with colons (`:A:B`), false for `&`; printing keeps the form. */
  readonly colon: boolean;
}
export interface LabelOr extends Node {
  readonly kind: 'LabelOr';
  readonly operands: readonly LabelExpression[];
}

// ------------------------------------------------------------------------------------------ expressions

export type Expression =
  | Literal
  | Parameter
  | Variable
  | ListLiteral
  | MapLiteral
  | PropertyAccess
  | Subscript
  | Slice
  | HasLabels
  | FunctionCall
  | CountStar
  | Unary
  | Binary
  | Comparison
  | IsNull
  | IsType
  | Case
  | ListComprehension
  | PatternComprehension
  | Quantifier
  | Reduce
  | MapProjection
  | PatternExpression
  | ExistsSubquery
  | CountSubquery
  | CollectSubquery;

/** INTEGER literals are bigint, FLOAT are number (src/values/types.ts). */
export type LiteralValue = null | boolean | bigint | number | string;

export interface Literal extends Node {
  readonly kind: 'Literal';
  readonly value: LiteralValue;
}

export interface Parameter extends Node {
  readonly kind: 'Parameter';
  readonly name: string;
}

export interface Variable extends Node {
  readonly kind: 'Variable';
  readonly name: string;
}

export interface ListLiteral extends Node {
  readonly kind: 'ListLiteral';
  readonly elements: readonly Expression[];
}

export interface MapLiteral extends Node {
  readonly kind: 'MapLiteral';
  readonly entries: readonly MapEntry[];
}
export interface MapEntry extends Node {
  readonly kind: 'MapEntry';
  readonly key: string;
  readonly value: Expression;
}

export interface PropertyAccess extends Node {
  readonly kind: 'PropertyAccess';
  readonly object: Expression;
  readonly key: string;
}

/** `list[i]`, `map[key]`, `n[key]`. */
export interface Subscript extends Node {
  readonly kind: 'Subscript';
  readonly object: Expression;
  readonly index: Expression;
}

export interface Slice extends Node {
  readonly kind: 'Slice';
  readonly object: Expression;
  readonly from: Expression | null;
  readonly to: Expression | null;
}

/** `n:A:B` / `n:A|B` as a predicate. */
export interface HasLabels extends Node {
  readonly kind: 'HasLabels';
  readonly expression: Expression;
  readonly labels: LabelExpression;
}

export interface FunctionCall extends Node {
  readonly kind: 'FunctionCall';
  readonly namespace: readonly string[];
  /** As written; function names are case-insensitive, the semantic stage resolves them. */
  readonly name: string;
  readonly distinct: boolean;
  readonly args: readonly Expression[];
}

/** `count(*)`. */
export interface CountStar extends Node {
  readonly kind: 'CountStar';
}

export type UnaryOperator = 'NOT' | '-' | '+';
export interface Unary extends Node {
  readonly kind: 'Unary';
  readonly operator: UnaryOperator;
  readonly operand: Expression;
}

export type BinaryOperator =
  | 'OR'
  | 'XOR'
  | 'AND'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'IN'
  | 'STARTS WITH'
  | 'ENDS WITH'
  | 'CONTAINS'
  | '=~';
export interface Binary extends Node {
  readonly kind: 'Binary';
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export type ComparisonOperator = '=' | '<>' | '<' | '>' | '<=' | '>=';
/** `a < b <= c` is one chain: operands.length === operators.length + 1 (openCypher: a < b AND b <= c). */
export interface Comparison extends Node {
  readonly kind: 'Comparison';
  readonly operands: readonly Expression[];
  readonly operators: readonly ComparisonOperator[];
}

export interface IsNull extends Node {
  readonly kind: 'IsNull';
  readonly operand: Expression;
  readonly negated: boolean;
}

/** `x IS [NOT] :: TYPE`, `x IS [NOT] TYPED TYPE`, `x :: TYPE`. */
export interface IsType extends Node {
  readonly kind: 'IsType';
  readonly operand: Expression;
  readonly negated: boolean;
  readonly type: CypherType;
}

/** A type in `IS :: T`: alternatives of words (normalised upper case) with an inner type for LIST/ANY. */
export interface CypherType extends Node {
  readonly kind: 'CypherType';
  readonly alternatives: readonly TypeTerm[];
}
export interface TypeTerm extends Node {
  readonly kind: 'TypeTerm';
  readonly name: string;
  readonly inner: CypherType | null;
  readonly notNull: boolean;
}

/** `CASE [test] WHEN .. THEN .. [ELSE ..] END`; `test` is null for the generic form. */
export interface Case extends Node {
  readonly kind: 'Case';
  readonly test: Expression | null;
  readonly alternatives: readonly CaseAlternative[];
  readonly else: Expression | null;
}
export interface CaseAlternative extends Node {
  readonly kind: 'CaseAlternative';
  readonly when: Expression;
  readonly then: Expression;
}

export interface ListComprehension extends Node {
  readonly kind: 'ListComprehension';
  readonly variable: Variable;
  readonly list: Expression;
  readonly where: Expression | null;
  readonly projection: Expression | null;
}

export interface PatternComprehension extends Node {
  readonly kind: 'PatternComprehension';
  readonly variable: Variable | null;
  readonly element: PatternElement;
  readonly where: Expression | null;
  readonly projection: Expression;
}

export interface Quantifier extends Node {
  readonly kind: 'Quantifier';
  readonly quantifier: 'ALL' | 'ANY' | 'NONE' | 'SINGLE';
  readonly variable: Variable;
  readonly list: Expression;
  readonly where: Expression | null;
}

export interface Reduce extends Node {
  readonly kind: 'Reduce';
  readonly accumulator: Variable;
  readonly init: Expression;
  readonly variable: Variable;
  readonly list: Expression;
  readonly expression: Expression;
}

export interface MapProjection extends Node {
  readonly kind: 'MapProjection';
  readonly variable: Variable;
  readonly items: readonly MapProjectionItem[];
}
export type MapProjectionItem = PropertySelector | AllPropertiesSelector | LiteralEntry | VariableSelector;
/** `.name` */
export interface PropertySelector extends Node {
  readonly kind: 'PropertySelector';
  readonly key: string;
}
/** `.*` */
export interface AllPropertiesSelector extends Node {
  readonly kind: 'AllPropertiesSelector';
}
/** `key: expression` */
export interface LiteralEntry extends Node {
  readonly kind: 'LiteralEntry';
  readonly key: string;
  readonly value: Expression;
}
/** `x` (shorthand for `x: x`) */
export interface VariableSelector extends Node {
  readonly kind: 'VariableSelector';
  readonly variable: Variable;
}

/** A relationship pattern used as an expression (pattern predicate): `WHERE (a)-[:R]->()`. */
export interface PatternExpression extends Node {
  readonly kind: 'PatternExpression';
  readonly element: PatternElement;
}

/** `EXISTS { ... }`; the short form `EXISTS { pattern WHERE p }` is read as `EXISTS { MATCH pattern WHERE p }`. */
export interface ExistsSubquery extends Node {
  readonly kind: 'ExistsSubquery';
  readonly query: Query;
}
export interface CountSubquery extends Node {
  readonly kind: 'CountSubquery';
  readonly query: Query;
}
export interface CollectSubquery extends Node {
  readonly kind: 'CollectSubquery';
  readonly query: Query;
}

// ------------------------------------------------------------------------------------------ schema commands

export type SchemaCommand = CreateIndex | DropIndex | CreateConstraint | DropConstraint | ShowIndexes | ShowConstraints;

/** `(n:Label)` or `()-[r:TYPE]-()` in an index or constraint definition. */
export interface SchemaEntity extends Node {
  readonly kind: 'SchemaEntity';
  readonly entity: 'NODE' | 'RELATIONSHIP';
  readonly variable: string;
  /** Null for LOOKUP indexes `(n)` and `()-[r]-()`. */
  readonly labels: LabelExpression | null;
  readonly direction: 'out' | 'in' | 'both';
}

export interface PropertyRef extends Node {
  readonly kind: 'PropertyRef';
  readonly variable: string;
  readonly key: string;
}

export type IndexType = 'RANGE' | 'TEXT' | 'POINT' | 'LOOKUP' | 'FULLTEXT' | 'VECTOR' | 'BTREE';

export interface CreateIndex extends Node {
  readonly kind: 'CreateIndex';
  /** null when no type keyword was given (a RANGE index, or LOOKUP for `ON EACH labels(n)`). */
  readonly indexType: IndexType | null;
  readonly name: NameRef | null;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  /** The Neo4j 4 form `CREATE INDEX ON :Label(p)` keeps `syntax: 'ON'`. */
  readonly syntax: 'FOR' | 'ON';
  readonly entity: SchemaEntity;
  readonly properties: readonly PropertyRef[];
  /** `ON EACH labels(n)` / `ON EACH type(r)` (LOOKUP): the function name; `ON EACH [..]` is 'list'. */
  readonly each: { readonly function: string } | 'list' | null;
  readonly options: MapLiteral | Parameter | null;
}

export interface DropIndex extends Node {
  readonly kind: 'DropIndex';
  readonly name: NameRef | null;
  readonly ifExists: boolean;
  /** The Neo4j 4 form `DROP INDEX ON :Label(p)`. */
  readonly on: { readonly label: string; readonly properties: readonly string[] } | null;
}

export type ConstraintKind = 'UNIQUE' | 'NODE_KEY' | 'RELATIONSHIP_KEY' | 'KEY' | 'NOT_NULL' | 'PROPERTY_TYPE';

export interface ConstraintSpec extends Node {
  readonly kind: 'ConstraintSpec';
  readonly constraint: ConstraintKind;
  /** `NODE`/`RELATIONSHIP`/`REL` written before UNIQUE (`IS NODE UNIQUE`). */
  readonly entityKeyword: 'NODE' | 'RELATIONSHIP' | 'REL' | null;
  readonly properties: readonly PropertyRef[];
  /** True when the properties were written in parentheses. */
  readonly parenthesized: boolean;
  readonly type: CypherType | null;
  /** How the type or the existence was written: `IS ::`, `IS TYPED`, `::`, old `exists(n.p)`. */
  readonly form: 'IS' | 'IS TYPED' | 'IS ::' | '::' | 'EXISTS';
}

export interface CreateConstraint extends Node {
  readonly kind: 'CreateConstraint';
  readonly name: NameRef | null;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  /** `FOR ... REQUIRE` (Neo4j 5) or `ON ... ASSERT` (Neo4j 4). */
  readonly syntax: 'FOR' | 'ON';
  readonly entity: SchemaEntity;
  readonly spec: ConstraintSpec;
  readonly options: MapLiteral | Parameter | null;
}

export interface DropConstraint extends Node {
  readonly kind: 'DropConstraint';
  readonly name: NameRef | null;
  readonly ifExists: boolean;
  /** The Neo4j 4 form `DROP CONSTRAINT ON (n:L) ASSERT ...`. */
  readonly on: { readonly entity: SchemaEntity; readonly spec: ConstraintSpec } | null;
}

/** `YIELD ... [WHERE] [RETURN]` or `WHERE` after a SHOW command. */
export interface ShowTail extends Node {
  readonly kind: 'ShowTail';
  /** null without YIELD; star for `YIELD *`. */
  readonly yield: { readonly star: boolean; readonly items: readonly YieldItem[]; readonly orderBy: readonly SortItem[]; readonly skip: Expression | null; readonly limit: Expression | null } | null;
  readonly where: Expression | null;
  readonly return: ReturnClause | null;
}

interface ShowBase extends Node {
  readonly tail: ShowTail | null;
}

export interface ShowIndexes extends ShowBase {
  readonly kind: 'ShowIndexes';
  /** Filter words before INDEXES (`RANGE`, `ALL`, ...), upper case; empty for all. */
  readonly filter: readonly string[];
  readonly output: 'BRIEF' | 'VERBOSE' | null;
}

export interface ShowConstraints extends ShowBase {
  readonly kind: 'ShowConstraints';
  readonly filter: readonly string[];
  readonly output: 'BRIEF' | 'VERBOSE' | null;
}

// ------------------------------------------------------------------------------------------ administration

export type AdminCommand =
  | ShowDatabases
  | CreateDatabase
  | AlterDatabase
  | StartDatabase
  | StopDatabase
  | DropDatabase
  | RenameDatabase
  | UndropDatabase
  | CreateAlias
  | AlterAlias
  | DropAlias
  | ShowAliases
  | ShowLimits
  | ShowUsage
  | CreateUser
  | AlterUser
  | AlterCurrentUser
  | RenameUser
  | DropUser
  | ShowUsers
  | ShowCurrentUser
  | CreateRole
  | RenameRole
  | DropRole
  | ShowRoles
  | GrantRole
  | RevokeRole
  | PrivilegeCommand
  | ShowPrivileges
  | ShowCatalog;

/** `WAIT [n [SECONDS]]` / `NOWAIT`; `seconds` null means the server default. */
export interface WaitOption extends Node {
  readonly kind: 'Wait';
  readonly wait: boolean;
  readonly seconds: bigint | null;
}

export interface ShowDatabases extends ShowBase {
  readonly kind: 'ShowDatabases';
  /** `SHOW DATABASE x` (one), `SHOW DATABASES` (all), `SHOW DEFAULT|HOME DATABASE`, `SHOW DROPPED DATABASES` (ext). */
  readonly scope: 'ALL' | 'NAMED' | 'DEFAULT' | 'HOME' | 'DROPPED';
  readonly name: DatabaseRef | null;
  /** Which keyword was written (`DATABASE` vs `DATABASES`), so printing round-trips. */
  readonly plural: boolean;
}

export interface CreateDatabase extends Node {
  readonly kind: 'CreateDatabase';
  readonly name: DatabaseRef;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly options: MapLiteral | Parameter | null;
  readonly wait: WaitOption | null;
}

export type AlterDatabaseAction =
  | { readonly kind: 'SetAccess'; readonly pos: Pos; readonly access: 'READ ONLY' | 'READ WRITE' }
  | { readonly kind: 'SetOption'; readonly pos: Pos; readonly key: string; readonly value: Expression }
  | { readonly kind: 'RemoveOption'; readonly pos: Pos; readonly key: string }
  | { readonly kind: 'SetLimits'; readonly pos: Pos; readonly limits: readonly LimitAssignment[] }
  | { readonly kind: 'RemoveLimits'; readonly pos: Pos; readonly keys: readonly string[] };

export interface LimitAssignment extends Node {
  readonly kind: 'LimitAssignment';
  /** As written (`max_nodes`); the catalog normalises aliases such as `max_edges`. */
  readonly key: string;
  readonly value: Expression;
}

export interface AlterDatabase extends Node {
  readonly kind: 'AlterDatabase';
  readonly name: DatabaseRef;
  readonly ifExists: boolean;
  readonly actions: readonly AlterDatabaseAction[];
  readonly wait: WaitOption | null;
}

export interface StartDatabase extends Node {
  readonly kind: 'StartDatabase';
  readonly name: DatabaseRef;
  readonly wait: WaitOption | null;
}

export interface StopDatabase extends Node {
  readonly kind: 'StopDatabase';
  readonly name: DatabaseRef;
  readonly wait: WaitOption | null;
}

export interface DropDatabase extends Node {
  readonly kind: 'DropDatabase';
  readonly name: DatabaseRef;
  readonly ifExists: boolean;
  /** RESTRICT (default when null) or CASCADE ALIAS[ES]. */
  readonly aliasAction: 'RESTRICT' | 'CASCADE' | null;
  /** DUMP DATA / DESTROY DATA (null: the default, DESTROY). */
  readonly dataAction: 'DUMP' | 'DESTROY' | null;
  readonly wait: WaitOption | null;
}

export interface RenameDatabase extends Node {
  readonly kind: 'RenameDatabase';
  readonly from: DatabaseRef;
  readonly to: DatabaseRef;
  readonly ifExists: boolean;
}

export interface UndropDatabase extends Node {
  readonly kind: 'UndropDatabase';
  readonly name: DatabaseRef;
}

/** Settings of CREATE/ALTER ALIAS; remote-alias fields are null for local aliases. */
export interface AliasSettings {
  readonly url: Expression | null;
  readonly user: NameRef | null;
  readonly password: Expression | null;
  readonly driver: MapLiteral | Parameter | null;
  readonly properties: MapLiteral | Parameter | null;
}

export interface CreateAlias extends Node, AliasSettings {
  readonly kind: 'CreateAlias';
  readonly name: DatabaseRef;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly target: DatabaseRef;
}

export interface AlterAlias extends Node, AliasSettings {
  readonly kind: 'AlterAlias';
  readonly name: DatabaseRef;
  readonly ifExists: boolean;
  readonly target: DatabaseRef | null;
}

export interface DropAlias extends Node {
  readonly kind: 'DropAlias';
  readonly name: DatabaseRef;
  readonly ifExists: boolean;
}

export interface ShowAliases extends ShowBase {
  readonly kind: 'ShowAliases';
  readonly name: DatabaseRef | null;
  /** (ext) `SHOW ALIASES FOR DATABASE target`: only aliases of that database. */
  readonly target: DatabaseRef | null;
  readonly plural: boolean;
  readonly pluralDatabase: boolean;
}

export interface ShowLimits extends ShowBase {
  readonly kind: 'ShowLimits';
  readonly database: DatabaseRef | null;
}

export interface ShowUsage extends ShowBase {
  readonly kind: 'ShowUsage';
  readonly database: DatabaseRef | null;
}

/** One `SET ...` of CREATE/ALTER USER. */
export type UserSetting =
  | {
      readonly kind: 'SetPassword';
      readonly pos: Pos;
      readonly password: Expression | null;
      readonly encrypted: boolean | null;
      /** CHANGE REQUIRED (true) / CHANGE NOT REQUIRED (false) / not given (null). */
      readonly changeRequired: boolean | null;
    }
  | { readonly kind: 'SetStatus'; readonly pos: Pos; readonly status: 'ACTIVE' | 'SUSPENDED' }
  | { readonly kind: 'SetHomeDatabase'; readonly pos: Pos; readonly database: DatabaseRef }
  | { readonly kind: 'RemoveHomeDatabase'; readonly pos: Pos };

export interface CreateUser extends Node {
  readonly kind: 'CreateUser';
  readonly name: NameRef;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly settings: readonly UserSetting[];
}

export interface AlterUser extends Node {
  readonly kind: 'AlterUser';
  readonly name: NameRef;
  readonly ifExists: boolean;
  readonly settings: readonly UserSetting[];
}

export interface AlterCurrentUser extends Node {
  readonly kind: 'AlterCurrentUser';
  readonly oldPassword: Expression;
  readonly newPassword: Expression;
}

export interface RenameUser extends Node {
  readonly kind: 'RenameUser';
  readonly from: NameRef;
  readonly to: NameRef;
  readonly ifExists: boolean;
}

export interface DropUser extends Node {
  readonly kind: 'DropUser';
  readonly name: NameRef;
  readonly ifExists: boolean;
}

export interface ShowUsers extends ShowBase {
  readonly kind: 'ShowUsers';
  readonly withAuth: boolean;
}

export interface ShowCurrentUser extends ShowBase {
  readonly kind: 'ShowCurrentUser';
}

export interface CreateRole extends Node {
  readonly kind: 'CreateRole';
  readonly name: NameRef;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly copyOf: NameRef | null;
}

export interface RenameRole extends Node {
  readonly kind: 'RenameRole';
  readonly from: NameRef;
  readonly to: NameRef;
  readonly ifExists: boolean;
}

export interface DropRole extends Node {
  readonly kind: 'DropRole';
  readonly name: NameRef;
  readonly ifExists: boolean;
}

export interface ShowRoles extends ShowBase {
  readonly kind: 'ShowRoles';
  readonly scope: 'ALL' | 'POPULATED' | null;
  readonly withUsers: boolean;
}

export interface GrantRole extends Node {
  readonly kind: 'GrantRole';
  readonly roles: readonly NameRef[];
  readonly users: readonly NameRef[];
}

export interface RevokeRole extends Node {
  readonly kind: 'RevokeRole';
  readonly roles: readonly NameRef[];
  readonly users: readonly NameRef[];
}

/** What a privilege is on. */
export type PrivilegeTarget =
  | { readonly kind: 'Dbms'; readonly pos: Pos }
  | {
      readonly kind: 'DatabaseTarget' | 'GraphTarget';
      readonly pos: Pos;
      /** `HOME`/`DEFAULT` database or graph, `*`, or names. */
      readonly scope: 'HOME' | 'DEFAULT' | 'ALL' | 'NAMED';
      readonly names: readonly DatabaseRef[];
      readonly plural: boolean;
      readonly qualifier: PrivilegeQualifier | null;
    };

/** `NODES A, B` / `RELATIONSHIPS *` / `ELEMENTS *` after a graph target. */
export interface PrivilegeQualifier extends Node {
  readonly kind: 'PrivilegeQualifier';
  readonly entity: 'NODE' | 'NODES' | 'RELATIONSHIP' | 'RELATIONSHIPS' | 'ELEMENT' | 'ELEMENTS';
  /** null for `*`. */
  readonly names: readonly string[] | null;
  readonly starSuffix: boolean;
}

export interface PrivilegeCommand extends Node {
  readonly kind: 'PrivilegeCommand';
  /** `REVOKE GRANT ...` / `REVOKE DENY ...` give `revokeKind`. */
  readonly command: 'GRANT' | 'DENY' | 'REVOKE';
  readonly revokeKind: 'GRANT' | 'DENY' | null;
  readonly immutable: boolean;
  /** Normalised action words, upper case: `ACCESS`, `READ`, `ALL DATABASE PRIVILEGES`, `DATABASE MANAGEMENT`, `SET LABEL`. */
  readonly action: string;
  /** `READ {a, b}` / `MATCH {*}` / `SET PROPERTY {*}`: null when the action takes none, `'*'` for all. */
  readonly properties: readonly string[] | '*' | null;
  /** `SET LABEL A, B` / `REMOVE LABEL *`: the labels (null when not a label action, `'*'` for all). */
  readonly labels: readonly string[] | '*' | null;
  readonly target: PrivilegeTarget;
  readonly roles: readonly NameRef[];
}

export interface ShowPrivileges extends ShowBase {
  readonly kind: 'ShowPrivileges';
  /** `SHOW [ALL] PRIVILEGES`, `SHOW USER [u] PRIVILEGES`, `SHOW ROLE r PRIVILEGES`. */
  readonly scope: 'ALL' | 'USER' | 'ROLE';
  /** Users or roles named; empty for `SHOW USER PRIVILEGES` (the current user). */
  readonly names: readonly NameRef[];
  readonly asCommands: 'COMMANDS' | 'REVOKE COMMANDS' | null;
  /** The exact keywords written, so the printer can round-trip (`ALL`, `USERS`, `ROLE`, `PRIVILEGE`). */
  readonly keywords: string;
}

/** `SHOW PROCEDURES|FUNCTIONS|TRANSACTIONS|SETTINGS`. */
export interface ShowCatalog extends ShowBase {
  readonly kind: 'ShowCatalog';
  readonly catalog: 'PROCEDURE' | 'PROCEDURES' | 'FUNCTION' | 'FUNCTIONS' | 'TRANSACTION' | 'TRANSACTIONS' | 'SETTING' | 'SETTINGS';
}

/** Every statement kind, for exhaustive handler tables. */
export type StatementKind = Statement['kind'];
export type ClauseKind = Clause['kind'];
export type ExpressionKind = Expression['kind'];

/** Exhaustiveness helper for `switch` over a union's `kind`. */
export function assertNever(x: never): never {
  throw new Error(`unexpected AST node: ${JSON.stringify(x)}`);
}
