// CST -> AST. One method per grammar rule (checked with validateVisitor() in the tests). Expressions
// arrive flat from the grammar (prefix operators, operands and infix/postfix operators in order) and
// are shaped here by operator-precedence parsing with openCypher's precedence table.
import type { CstNode, IToken } from 'chevrotain';
import { cypherParser } from '../../grammar/parser.js';
import type * as A from './ast.js';
import { cypherSyntaxError } from './errors.js';

type Child = CstNode | IToken;
type Ctx = Record<string, Child[] | undefined>;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

const BaseVisitor = cypherParser.getBaseCstVisitorConstructor();

// ------------------------------------------------------------------------------------------ helpers

function tok(ctx: Ctx, key: string, i = 0): IToken | undefined {
  return ctx[key]?.[i] as IToken | undefined;
}
function mustTok(ctx: Ctx, key: string, i = 0): IToken {
  const t = ctx[key]?.[i] as IToken | undefined;
  if (t === undefined) throw new Error(`CST: no token ${key}`);
  return t;
}
function toks(ctx: Ctx, key: string): IToken[] {
  return (ctx[key] as IToken[] | undefined) ?? [];
}
function node(ctx: Ctx, key: string, i = 0): CstNode | undefined {
  return ctx[key]?.[i] as CstNode | undefined;
}
function mustNode(ctx: Ctx, key: string, i = 0): CstNode {
  const n = ctx[key]?.[i] as CstNode | undefined;
  if (n === undefined) throw new Error(`CST: no node ${key}`);
  return n;
}
function nodes(ctx: Ctx, key: string): CstNode[] {
  return (ctx[key] as CstNode[] | undefined) ?? [];
}
function has(ctx: Ctx, key: string): boolean {
  return ctx[key] !== undefined;
}
export function posOf(t: IToken): A.Pos {
  return { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 };
}
function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}
function isToken(c: Child): c is IToken {
  return (c as IToken).image !== undefined;
}
/** The first token of a CST node (smallest offset). */
function firstToken(n: CstNode): IToken {
  const t = firstTokenOrNone(n);
  if (t === undefined) throw new Error(`CST: empty node ${n.name}`);
  return t;
}
function firstTokenOrNone(n: CstNode): IToken | undefined {
  let best: IToken | undefined;
  for (const key in n.children) {
    for (const c of n.children[key]!) {
      const t = isToken(c) ? c : firstTokenOrNone(c);
      if (t !== undefined && (best === undefined || t.startOffset < best.startOffset)) best = t;
      if (t !== undefined) break;
    }
  }
  return best;
}
/** One past the last character of a CST node. */

function endOffset(n: CstNode): number {
  // Fast paths for the expression rules: only their rightmost part can hold the last token.
  const c = n.children;
  switch (n.name) {
    case 'expression': {
      const tails = c['exprTail'];
      return endOffset((tails !== undefined ? tails[tails.length - 1] : c['operand']![0]) as CstNode);
    }
    case 'operand': {
      const pf = c['postfix'];
      if (c['exprLabelOr'] !== undefined) break;
      return endOffset((pf !== undefined ? pf[pf.length - 1] : c['atom']![0]) as CstNode);
    }
    case 'atom':
    case 'nameAtom':
      if (c['SoftName'] !== undefined && c['RCurly'] === undefined) return tokenEnd(c['SoftName'][0] as IToken);
      break;
  }
  let end = -1;
  for (const key in n.children) {
    const arr = n.children[key]!;
    const c = arr[arr.length - 1]!;
    const e = isToken(c) ? tokenEnd(c) : endOffset(c);
    if (e > end) end = e;
  }
  return end;
}

/** The name an identifier token stands for: backtick-quoted names are unescaped. */
export function nameOf(t: IToken): string {
  const s = t.image;
  return s.charCodeAt(0) === 96 ? s.slice(1, -1).replace(/``/g, '`') : s;
}

function unescapeString(raw: string): string {
  const body = raw.slice(1, -1);
  if (body.indexOf('\\') < 0) return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'b':
      case 'B':
        return '\b';
      case 'f':
      case 'F':
        return '\f';
      case 'n':
      case 'N':
        return '\n';
      case 'r':
      case 'R':
        return '\r';
      case 't':
      case 'T':
        return '\t';
      default:
        return e;
    }
  });
}

// Precedence levels (openCypher): higher binds tighter.
const PREC_OR = 1;
const PREC_XOR = 2;
const PREC_AND = 3;
const PREC_NOT = 4;
const PREC_COMPARISON = 5;
const PREC_PREDICATE = 6;
const PREC_ADD = 7;
const PREC_MUL = 8;
const PREC_POW = 9;

type InfixOp = A.BinaryOperator | A.ComparisonOperator;
const INFIX: Record<string, { op: InfixOp; prec: number }> = {
  OR: { op: 'OR', prec: PREC_OR },
  XOR: { op: 'XOR', prec: PREC_XOR },
  AND: { op: 'AND', prec: PREC_AND },
  '=': { op: '=', prec: PREC_COMPARISON },
  '<>': { op: '<>', prec: PREC_COMPARISON },
  '<': { op: '<', prec: PREC_COMPARISON },
  '>': { op: '>', prec: PREC_COMPARISON },
  '<=': { op: '<=', prec: PREC_COMPARISON },
  '>=': { op: '>=', prec: PREC_COMPARISON },
  '=~': { op: '=~', prec: PREC_PREDICATE },
  IN: { op: 'IN', prec: PREC_PREDICATE },
  CONTAINS: { op: 'CONTAINS', prec: PREC_PREDICATE },
  'STARTS WITH': { op: 'STARTS WITH', prec: PREC_PREDICATE },
  'ENDS WITH': { op: 'ENDS WITH', prec: PREC_PREDICATE },
  '+': { op: '+', prec: PREC_ADD },
  '-': { op: '-', prec: PREC_ADD },
  '*': { op: '*', prec: PREC_MUL },
  '/': { op: '/', prec: PREC_MUL },
  '%': { op: '%', prec: PREC_MUL },
  '^': { op: '^', prec: PREC_POW },
};

/** One step of a flat expression: an infix operator with its right operand, or a postfix predicate. */
type Step =
  | { kind: 'infix'; op: InfixOp; prec: number; token: IToken; prefix: IToken[]; operand: CstNode }
  | { kind: 'isNull'; negated: boolean; token: IToken }
  | { kind: 'isType'; negated: boolean; token: IToken; type: CstNode };

const PRIVILEGE_ACTIONS = new Set([
  'ACCESS', 'START', 'STOP', 'TRAVERSE', 'READ', 'MATCH', 'WRITE', 'CREATE', 'DELETE', 'MERGE', 'SET PROPERTY',
  'ALL', 'ALL PRIVILEGES', 'ALL DATABASE PRIVILEGES', 'ALL DBMS PRIVILEGES', 'ALL GRAPH PRIVILEGES',
  'DATABASE MANAGEMENT', 'ALIAS MANAGEMENT', 'LIMIT MANAGEMENT', 'INDEX MANAGEMENT', 'CONSTRAINT MANAGEMENT',
  'NAME MANAGEMENT', 'TRANSACTION MANAGEMENT', 'ROLE MANAGEMENT', 'USER MANAGEMENT', 'PRIVILEGE MANAGEMENT',
  'SERVER MANAGEMENT', 'CREATE INDEX', 'DROP INDEX', 'SHOW INDEX', 'CREATE CONSTRAINT', 'DROP CONSTRAINT',
  'SHOW CONSTRAINT', 'CREATE NEW LABEL', 'CREATE NEW NODE LABEL', 'CREATE NEW TYPE', 'CREATE NEW RELATIONSHIP TYPE',
  'CREATE NEW NAME', 'CREATE NEW PROPERTY NAME', 'CREATE DATABASE', 'DROP DATABASE', 'ALTER DATABASE',
  'SET DATABASE ACCESS', 'CREATE ALIAS', 'DROP ALIAS', 'ALTER ALIAS', 'SHOW ALIAS', 'CREATE ROLE', 'DROP ROLE',
  'RENAME ROLE', 'ASSIGN ROLE', 'REMOVE ROLE', 'SHOW ROLE', 'CREATE USER', 'DROP USER', 'RENAME USER',
  'ALTER USER', 'SHOW USER', 'SET PASSWORD', 'SET PASSWORDS', 'SET USER STATUS', 'SET USER HOME DATABASE',
  'SHOW TRANSACTION', 'SHOW TRANSACTIONS', 'TERMINATE TRANSACTION', 'TERMINATE TRANSACTIONS',
  'ASSIGN PRIVILEGE', 'REMOVE PRIVILEGE', 'SHOW PRIVILEGE', 'SET LIMIT', 'SHOW LIMIT', 'SHOW LIMITS',
  'SHOW USAGE', 'SHOW SETTING', 'EXECUTE PROCEDURE', 'EXECUTE BOOSTED PROCEDURE', 'EXECUTE FUNCTION',
]);
const PROPERTY_ACTIONS = new Set(['READ', 'MATCH', 'SET PROPERTY', 'MERGE']);

// ------------------------------------------------------------------------------------------ the visitor

/** Builds the AST from a CST produced by the parser in grammar/parser.ts for the text `text`. */
export class CstToAst extends BaseVisitor {
  private text = '';

  constructor() {
    super();
  }

  build(cst: CstNode, text: string): A.Statement {
    this.text = text;
    return this.visit(cst) as A.Statement;
  }

  private fail(t: IToken, detail?: string, expected: readonly string[] = []): never {
    throw cypherSyntaxError(this.text, posOf(t), t.image, expected, detail);
  }

  /** For the precedence parser. */
  failAt(t: IToken, detail: string): never {
    return this.fail(t, detail);
  }

  private expr(n: CstNode | undefined): A.Expression {
    if (n === undefined) throw new Error('CST: missing expression');
    return this.visit(n) as A.Expression;
  }
  private optExpr(n: CstNode | undefined): A.Expression | null {
    return n === undefined ? null : (this.visit(n) as A.Expression);
  }
  private variable(t: IToken): A.Variable {
    return { kind: 'Variable', pos: posOf(t), name: nameOf(t) };
  }

  // -------------------------------------------------------------------------------- statements

  statement(ctx: Ctx): A.Statement {
    const mode = tok(ctx, 'EXPLAIN') ?? tok(ctx, 'PROFILE');
    let inner: A.Statement | undefined;
    for (const key of ['createCommand', 'query', 'dropCommand', 'alterCommand', 'showCommand', 'startStopCommand', 'renameCommand', 'undropCommand', 'grantCommand', 'denyCommand', 'revokeCommand']) {
      const n = node(ctx, key);
      if (n !== undefined) {
        inner = this.visit(n) as A.Statement;
        break;
      }
    }
    if (inner === undefined) throw new Error('CST: empty statement');
    if (mode === undefined) return inner;
    if (inner.kind !== 'SingleQuery' && inner.kind !== 'Union') this.fail(mode, `${mode.image.toUpperCase()} is only supported for queries`);
    return { kind: 'Explain', pos: posOf(mode), mode: mode.image.toUpperCase() as 'EXPLAIN' | 'PROFILE', statement: inner };
  }

  query(ctx: Ctx): A.Query {
    const parts = nodes(ctx, 'singleQuery').map((n) => this.visit(n) as A.SingleQuery);
    if (parts.length === 1) return parts[0]!;
    // Only the ALL of `UNION ALL` is a direct child here: the query's own ALL tokens sit deeper.
    const unions = toks(ctx, 'UNION');
    const alls = toks(ctx, 'ALL');
    const all = unions.map((u, i) => {
      const next = unions[i + 1]?.startOffset ?? Infinity;
      return alls.some((a) => a.startOffset > u.startOffset && a.startOffset < next);
    });
    return { kind: 'Union', pos: parts[0]!.pos, parts, all };
  }

  singleQuery(ctx: Ctx): A.SingleQuery {
    const clauses = nodes(ctx, 'clause').map((n) => this.visit(n) as A.Clause);
    return { kind: 'SingleQuery', pos: clauses[0]!.pos, clauses };
  }

  clause(ctx: Ctx): A.Clause {
    const finish = tok(ctx, 'FINISH');
    if (finish !== undefined) return { kind: 'Finish', pos: posOf(finish) };
    for (const key in ctx) return this.visit(ctx[key]![0] as CstNode) as A.Clause;
    throw new Error('CST: empty clause');
  }

  databaseRef(ctx: Ctx): A.DatabaseRef {
    const p = tok(ctx, 'Parameter');
    if (p !== undefined) return this.parameter(p);
    const parts = toks(ctx, 'part');
    return { kind: 'DatabaseName', pos: posOf(parts[0]!), name: parts.map(nameOf).join('.') };
  }

  private parameter(t: IToken): A.Parameter {
    return { kind: 'Parameter', pos: posOf(t), name: nameOf({ ...t, image: t.image.slice(1) }) };
  }

  symbolicRef(ctx: Ctx): A.NameRef {
    const p = tok(ctx, 'Parameter');
    if (p !== undefined) return this.parameter(p);
    const t = mustTok(ctx, 'SoftName');
    return { kind: 'SymbolicName', pos: posOf(t), name: nameOf(t) };
  }

  symbolicRefList(ctx: Ctx): A.NameRef[] {
    return nodes(ctx, 'symbolicRef').map((n) => this.visit(n) as A.NameRef);
  }

  useClause(ctx: Ctx): A.UseClause {
    const args = node(ctx, 'callArguments');
    return {
      kind: 'Use',
      pos: posOf(mustTok(ctx, 'USE')),
      graph: this.visit(mustNode(ctx, 'databaseRef')) as A.DatabaseRef,
      args: args === undefined ? null : (this.visit(args) as A.Expression[]),
    };
  }

  fromDatabase(ctx: Ctx): A.DatabaseRef {
    return this.visit(mustNode(ctx, 'databaseRef')) as A.DatabaseRef;
  }

  private fromDb(ctx: Ctx): A.DatabaseRef | null {
    const all = nodes(ctx, 'fromDatabase');
    if (all.length > 1) this.fail(firstToken(all[1]!), 'FROM DATABASE may be given once per clause');
    return all.length === 0 ? null : (this.visit(all[0]!) as A.DatabaseRef);
  }

  matchClause(ctx: Ctx): A.MatchClause {
    const first = tok(ctx, 'OPTIONAL') ?? mustTok(ctx, 'MATCH');
    return {
      kind: 'Match',
      pos: posOf(first),
      optional: has(ctx, 'OPTIONAL'),
      pattern: this.visit(mustNode(ctx, 'pattern')) as A.Pattern,
      where: this.optExpr(node(ctx, 'where')),
      fromDatabase: this.fromDb(ctx),
    };
  }

  where(ctx: Ctx): A.Expression {
    return this.expr(node(ctx, 'expression'));
  }

  unwindClause(ctx: Ctx): A.UnwindClause {
    return {
      kind: 'Unwind',
      pos: posOf(mustTok(ctx, 'UNWIND')),
      expression: this.expr(node(ctx, 'expression')),
      variable: this.variable(mustTok(ctx, 'SoftName')),
    };
  }

  callClause(ctx: Ctx): A.CallSubqueryClause | A.CallProcedureClause {
    const first = tok(ctx, 'OPTIONAL') ?? mustTok(ctx, 'CALL');
    const optional = has(ctx, 'OPTIONAL');
    const sub = node(ctx, 'subqueryCall');
    if (sub !== undefined) return this.visit(sub, { pos: posOf(first), optional }) as A.CallSubqueryClause;
    return this.visit(mustNode(ctx, 'procedureCall'), { pos: posOf(first), optional }) as A.CallProcedureClause;
  }

  subqueryCall(ctx: Ctx, p: { pos: A.Pos; optional: boolean }): A.CallSubqueryClause {
    let scope: A.CallSubqueryClause['scope'] = null;
    if (has(ctx, 'LParen')) scope = has(ctx, 'Star') ? '*' : toks(ctx, 'SoftName').map((t) => this.variable(t));
    const tx = node(ctx, 'inTransactions');
    return {
      kind: 'CallSubquery',
      pos: p.pos,
      optional: p.optional,
      scope,
      query: this.visit(mustNode(ctx, 'query')) as A.Query,
      inTransactions: tx === undefined ? null : (this.visit(tx) as A.InTransactions),
    };
  }

  inTransactions(ctx: Ctx): A.InTransactions {
    const batch = nodes(ctx, 'batch');
    const errors = toks(ctx, 'ERROR');
    const reports = toks(ctx, 'REPORT');
    if (batch.length > 1) this.fail(toks(ctx, 'OF')[1]!, 'OF ... ROWS may be given once');
    if (errors.length > 1) this.fail(errors[1]!, 'ON ERROR may be given once');
    if (reports.length > 1) this.fail(reports[1]!, 'REPORT STATUS may be given once');
    const onError = (tok(ctx, 'CONTINUE') ?? tok(ctx, 'BREAK') ?? tok(ctx, 'FAIL'))?.image.toUpperCase() as A.InTransactions['onError'] | undefined;
    const status = tok(ctx, 'SoftName');
    return {
      kind: 'InTransactions',
      pos: posOf(mustTok(ctx, 'IN')),
      concurrent: has(ctx, 'CONCURRENT') ? { concurrency: this.optExpr(node(ctx, 'expression')) } : null,
      batchSize: this.optExpr(batch[0]),
      onError: onError ?? null,
      reportStatusAs: status === undefined ? null : this.variable(status),
    };
  }

  procedureCall(ctx: Ctx, p: { pos: A.Pos; optional: boolean }): A.CallProcedureClause {
    const names = [mustTok(ctx, 'SoftName'), ...toks(ctx, 'AnyName')].map(nameOf);
    const args = node(ctx, 'callArguments');
    let yieldItems: A.CallProcedureClause['yield'] = null;
    if (has(ctx, 'YIELD')) yieldItems = has(ctx, 'Star') ? '*' : nodes(ctx, 'yieldItem').map((n) => this.visit(n) as A.YieldItem);
    return {
      kind: 'CallProcedure',
      pos: p.pos,
      optional: p.optional,
      namespace: names.slice(0, -1),
      name: names[names.length - 1]!,
      args: args === undefined ? null : (this.visit(args) as A.Expression[]),
      yield: yieldItems,
      where: this.optExpr(node(ctx, 'where')),
    };
  }

  yieldItem(ctx: Ctx): A.YieldItem {
    const field = mustTok(ctx, 'field');
    const alias = tok(ctx, 'alias');
    return { kind: 'YieldItem', pos: posOf(field), field: nameOf(field), alias: alias === undefined ? null : this.variable(alias) };
  }

  callArguments(ctx: Ctx): A.Expression[] {
    return nodes(ctx, 'expression').map((n) => this.expr(n));
  }

  withClause(ctx: Ctx): A.WithClause {
    return {
      kind: 'With',
      pos: posOf(mustTok(ctx, 'WITH')),
      projection: this.visit(mustNode(ctx, 'projectionBody')) as A.Projection,
      where: this.optExpr(node(ctx, 'where')),
    };
  }

  returnClause(ctx: Ctx): A.ReturnClause {
    return {
      kind: 'Return',
      pos: posOf(mustTok(ctx, 'RETURN')),
      projection: this.visit(mustNode(ctx, 'projectionBody')) as A.Projection,
    };
  }

  projectionBody(ctx: Ctx): A.Projection {
    const osl = this.visit(mustNode(ctx, 'orderSkipLimit')) as Pick<A.Projection, 'orderBy' | 'skip' | 'limit'>;
    const items = nodes(ctx, 'projectionItem').map((n) => this.visit(n) as A.ProjectionItem);
    const first = tok(ctx, 'DISTINCT') ?? tok(ctx, 'Star');
    return {
      kind: 'Projection',
      pos: first !== undefined ? posOf(first) : items[0]!.pos,
      distinct: has(ctx, 'DISTINCT'),
      star: has(ctx, 'Star'),
      items,
      ...osl,
    };
  }

  orderSkipLimit(ctx: Ctx): Pick<A.Projection, 'orderBy' | 'skip' | 'limit'> {
    return {
      orderBy: nodes(ctx, 'sortItem').map((n) => this.visit(n) as A.SortItem),
      skip: this.optExpr(node(ctx, 'skip')),
      limit: this.optExpr(node(ctx, 'limit')),
    };
  }

  projectionItem(ctx: Ctx): A.ProjectionItem {
    const e = mustNode(ctx, 'expression');
    const expression = this.expr(e);
    const alias = tok(ctx, 'SoftName');
    // From the item's first token: a parenthesised expression's own position is inside the
    // parentheses, but its column name (`(n:Foo)`) keeps them.
    const pos = posOf(firstToken(e));
    return {
      kind: 'ProjectionItem',
      pos,
      expression,
      alias: alias === undefined ? null : this.variable(alias),
      text: this.text.slice(pos.offset, endOffset(e)),
    };
  }

  sortItem(ctx: Ctx): A.SortItem {
    const expression = this.expr(node(ctx, 'expression'));
    return { kind: 'SortItem', pos: expression.pos, expression, descending: has(ctx, 'DESC') || has(ctx, 'DESCENDING') };
  }

  createClause(ctx: Ctx): A.CreateClause {
    return {
      kind: 'Create',
      pos: posOf(mustTok(ctx, 'CREATE')),
      pattern: this.visit(mustNode(ctx, 'pattern')) as A.Pattern,
      fromDatabase: this.fromDb(ctx),
    };
  }

  mergeClause(ctx: Ctx): A.MergeClause {
    return {
      kind: 'Merge',
      pos: posOf(mustTok(ctx, 'MERGE')),
      part: this.visit(mustNode(ctx, 'patternPart')) as A.PatternPart,
      actions: nodes(ctx, 'mergeAction').map((n) => this.visit(n) as A.MergeAction),
      fromDatabase: this.fromDb(ctx),
    };
  }

  mergeAction(ctx: Ctx): A.MergeAction {
    return {
      kind: 'MergeAction',
      pos: posOf(mustTok(ctx, 'ON')),
      on: has(ctx, 'MATCH') ? 'MATCH' : 'CREATE',
      items: nodes(ctx, 'setItem').map((n) => this.visit(n) as A.SetItem),
    };
  }

  setClause(ctx: Ctx): A.SetClause {
    return {
      kind: 'Set',
      pos: posOf(mustTok(ctx, 'SET')),
      items: nodes(ctx, 'setItem').map((n) => this.visit(n) as A.SetItem),
      fromDatabase: this.fromDb(ctx),
    };
  }

  setItem(ctx: Ctx): A.SetItem {
    const targetNode = mustNode(ctx, 'operand');
    const target = this.expr(targetNode);
    const assign = tok(ctx, 'Equals') ?? tok(ctx, 'PlusEq');
    if (assign === undefined) {
      const labels = this.simpleLabels(target);
      if (labels === null) this.fail(firstToken(targetNode), 'Invalid SET item: expected a property assignment or labels');
      return { kind: 'SetLabels', pos: target.pos, variable: labels.variable, labels: labels.labels };
    }
    const value = this.expr(node(ctx, 'expression'));
    if (target.kind === 'Variable') return { kind: 'SetAllProperties', pos: target.pos, variable: target, value, merge: assign.image === '+=' };
    if ((target.kind === 'PropertyAccess' || target.kind === 'Subscript') && assign.image === '=') {
      return { kind: 'SetProperty', pos: target.pos, target, value };
    }
    return this.fail(assign, `Invalid input '${assign.image}': expected a variable or a property before it`);
  }

  /** `n:A:B` as (variable, [A, B]), or null when the expression is anything else. */
  private simpleLabels(e: A.Expression): { variable: A.Variable; labels: string[] } | null {
    if (e.kind !== 'HasLabels' || e.expression.kind !== 'Variable') return null;
    const l = e.labels;
    if (l.kind === 'LabelName') return { variable: e.expression, labels: [l.name] };
    if (l.kind === 'LabelAnd' && l.colon && l.operands.every((o) => o.kind === 'LabelName')) {
      return { variable: e.expression, labels: l.operands.map((o) => (o as A.LabelName).name) };
    }
    return null;
  }

  removeClause(ctx: Ctx): A.RemoveClause {
    const items = nodes(ctx, 'operand').map((n): A.RemoveItem => {
      const e = this.expr(n);
      if (e.kind === 'PropertyAccess' || e.kind === 'Subscript') return { kind: 'RemoveProperty', pos: e.pos, target: e };
      const labels = this.simpleLabels(e);
      if (labels === null) this.fail(firstToken(n), 'Invalid REMOVE item: expected a property or labels');
      return { kind: 'RemoveLabels', pos: e.pos, variable: labels.variable, labels: labels.labels };
    });
    return { kind: 'Remove', pos: posOf(mustTok(ctx, 'REMOVE')), items, fromDatabase: this.fromDb(ctx) };
  }

  deleteClause(ctx: Ctx): A.DeleteClause {
    return {
      kind: 'Delete',
      pos: posOf(tok(ctx, 'DETACH') ?? mustTok(ctx, 'DELETE')),
      detach: has(ctx, 'DETACH'),
      expressions: nodes(ctx, 'expression').map((n) => this.expr(n)),
      fromDatabase: this.fromDb(ctx),
    };
  }

  foreachClause(ctx: Ctx): A.ForeachClause {
    return {
      kind: 'Foreach',
      pos: posOf(mustTok(ctx, 'FOREACH')),
      variable: this.variable(mustTok(ctx, 'SoftName')),
      list: this.expr(node(ctx, 'expression')),
      clauses: nodes(ctx, 'clause').map((n) => this.visit(n) as A.Clause),
    };
  }

  loadCsvClause(ctx: Ctx): A.LoadCsvClause {
    const ft = tok(ctx, 'StringLiteral');
    return {
      kind: 'LoadCsv',
      pos: posOf(mustTok(ctx, 'LOAD')),
      withHeaders: has(ctx, 'HEADERS'),
      url: this.expr(node(ctx, 'expression')),
      variable: this.variable(mustTok(ctx, 'SoftName')),
      fieldTerminator: ft === undefined ? null : unescapeString(ft.image),
    };
  }

  // -------------------------------------------------------------------------------- patterns

  pattern(ctx: Ctx): A.Pattern {
    const parts = nodes(ctx, 'patternPart').map((n) => this.visit(n) as A.PatternPart);
    return { kind: 'Pattern', pos: parts[0]!.pos, parts };
  }

  patternPart(ctx: Ctx): A.PatternPart {
    const v = tok(ctx, 'SoftName');
    const sel = tok(ctx, 'SHORTESTPATH') ?? tok(ctx, 'ALLSHORTESTPATHS');
    const element = this.visit(mustNode(ctx, 'patternElement')) as A.PatternElement;
    const selector = sel === undefined ? null : sel.tokenType.name === 'SHORTESTPATH' ? 'shortestPath' : 'allShortestPaths';
    return {
      kind: 'PatternPart',
      pos: v !== undefined ? posOf(v) : sel !== undefined ? posOf(sel) : element.pos,
      variable: v === undefined ? null : this.variable(v),
      selector,
      element,
    };
  }

  patternElement(ctx: Ctx): A.PatternElement {
    const inner = node(ctx, 'patternElement');
    if (inner !== undefined) return this.visit(inner) as A.PatternElement;
    const ns = nodes(ctx, 'nodePattern').map((n) => this.visit(n) as A.NodePattern);
    const rs = nodes(ctx, 'relationshipPattern').map((n) => this.visit(n) as A.RelationshipPattern);
    return { kind: 'PatternElement', pos: ns[0]!.pos, nodes: ns, relationships: rs };
  }

  nodePattern(ctx: Ctx): A.NodePattern {
    const v = tok(ctx, 'SoftName');
    const labels = node(ctx, 'labelExpression');
    const props = node(ctx, 'properties');
    return {
      kind: 'NodePattern',
      pos: posOf(mustTok(ctx, 'LParen')),
      variable: v === undefined ? null : this.variable(v),
      labels: labels === undefined ? null : (this.visit(labels) as A.LabelExpression),
      properties: props === undefined ? null : (this.visit(props) as A.MapLiteral | A.Parameter),
      where: this.optExpr(node(ctx, 'where')),
    };
  }

  properties(ctx: Ctx): A.MapLiteral | A.Parameter {
    const p = tok(ctx, 'Parameter');
    return p !== undefined ? this.parameter(p) : (this.visit(mustNode(ctx, 'mapLiteral')) as A.MapLiteral);
  }

  relationshipPattern(ctx: Ctx): A.RelationshipPattern {
    const left = has(ctx, 'Less');
    const right = has(ctx, 'Greater');
    const v = tok(ctx, 'SoftName');
    const types = node(ctx, 'labelExpression');
    const range = node(ctx, 'rangeLiteral');
    const props = node(ctx, 'properties');
    return {
      kind: 'RelationshipPattern',
      pos: posOf(tok(ctx, 'Less') ?? mustTok(ctx, 'Minus')),
      direction: left && !right ? 'in' : right && !left ? 'out' : 'both',
      variable: v === undefined ? null : this.variable(v),
      types: types === undefined ? null : (this.visit(types) as A.LabelExpression),
      length: range === undefined ? null : (this.visit(range) as A.VarLength),
      properties: props === undefined ? null : (this.visit(props) as A.MapLiteral | A.Parameter),
      where: this.optExpr(node(ctx, 'where')),
    };
  }

  rangeLiteral(ctx: Ctx): A.VarLength {
    const from = tok(ctx, 'from');
    const to = tok(ctx, 'to');
    const dots = has(ctx, 'DoubleDot');
    const int = (t: IToken | undefined): bigint | null => {
      if (t === undefined) return null;
      const v = BigInt(t.image);
      if (v > INT64_MAX) this.fail(t, 'integer is too large');
      return v;
    };
    const min = int(from);
    return { kind: 'VarLength', pos: posOf(mustTok(ctx, 'Star')), min, max: dots ? int(to) : min, exact: !dots && min !== null };
  }

  labelExpression(ctx: Ctx): A.LabelExpression {
    return this.visit(mustNode(ctx, 'labelOr')) as A.LabelExpression;
  }

  labelOr(ctx: Ctx): A.LabelExpression {
    const operands = nodes(ctx, 'labelAnd').map((n) => this.visit(n) as A.LabelExpression);
    return operands.length === 1 ? operands[0]! : { kind: 'LabelOr', pos: operands[0]!.pos, operands };
  }

  exprLabelOr(ctx: Ctx): A.LabelExpression {
    return this.labelOr(ctx);
  }

  labelAnd(ctx: Ctx): A.LabelExpression {
    const operands = nodes(ctx, 'labelNot').map((n) => this.visit(n) as A.LabelExpression);
    if (operands.length === 1) return operands[0]!;
    return { kind: 'LabelAnd', pos: operands[0]!.pos, operands, colon: !has(ctx, 'Amp') };
  }

  labelNot(ctx: Ctx): A.LabelExpression {
    let e: A.LabelExpression;
    const name = tok(ctx, 'AnyName');
    const pct = tok(ctx, 'Percent');
    if (name !== undefined) e = { kind: 'LabelName', pos: posOf(name), name: nameOf(name) };
    else if (pct !== undefined) e = { kind: 'LabelWildcard', pos: posOf(pct) };
    else e = this.visit(mustNode(ctx, 'labelOr')) as A.LabelExpression;
    const bangs = toks(ctx, 'Bang');
    for (let i = bangs.length - 1; i >= 0; i--) e = { kind: 'LabelNot', pos: posOf(bangs[i]!), operand: e };
    return e;
  }

  // -------------------------------------------------------------------------------- expressions

  expression(ctx: Ctx): A.Expression {
    const operand = ctx['operand']![0] as CstNode;
    if (ctx['exprTail'] === undefined && ctx['prefixOperator'] === undefined) return this.operand(operand.children as Ctx);
    const steps: Step[] = [];
    for (const t of nodes(ctx, 'exprTail')) steps.push(this.visit(t) as Step);
    const prefix = nodes(ctx, 'prefixOperator').map((n) => mustTok(n.children as Ctx, Object.keys(n.children)[0]!));
    return new Pratt(this, steps).parse(prefix, mustNode(ctx, 'operand'));
  }

  prefixOperator(ctx: Ctx): IToken {
    for (const key in ctx) return ctx[key]![0] as IToken;
    throw new Error('CST: empty prefix operator');
  }

  exprTail(ctx: Ctx): Step {
    const ops = toks(ctx, 'op');
    const first = ops[0]!;
    const operand = node(ctx, 'operand');
    if (operand !== undefined) {
      const key = ops.length === 2 ? `${ops[0]!.image.toUpperCase()} WITH` : /^[a-z]/i.test(first.image) ? first.image.toUpperCase() : first.image;
      const info = INFIX[key]!;
      const prefix = nodes(ctx, 'prefixOperator').map((n) => this.visit(n) as IToken);
      return { kind: 'infix', op: info.op, prec: info.prec, token: first, prefix, operand };
    }
    const negated = ops.some((t) => t.tokenType.name === 'NOT');
    const type = node(ctx, 'typeSpec');
    if (type !== undefined) return { kind: 'isType', negated, token: first, type };
    return { kind: 'isNull', negated, token: first };
  }

  typeSpec(ctx: Ctx): A.CypherType {
    const alternatives = nodes(ctx, 'typeTerm').map((n) => this.visit(n) as A.TypeTerm);
    return { kind: 'CypherType', pos: alternatives[0]!.pos, alternatives };
  }

  typeTerm(ctx: Ctx): A.TypeTerm {
    const words = toks(ctx, 'AnyName');
    const inner = node(ctx, 'typeSpec');
    return {
      kind: 'TypeTerm',
      pos: posOf(words[0]!),
      name: words.map((w) => w.image.toUpperCase()).join(' '),
      inner: inner === undefined ? null : (this.visit(inner) as A.CypherType),
      notNull: has(ctx, 'NOT'),
    };
  }

  /** `negate`: a unary minus directly before a number literal, folded into the literal. */
  operand(ctx: Ctx, negate?: IToken): A.Expression {
    let e: A.Expression = this.visit(mustNode(ctx, 'atom'), negate) as A.Expression;
    for (const pf of nodes(ctx, 'postfix')) {
      const c = pf.children as Ctx;
      const key = tok(c, 'AnyName');
      if (key !== undefined) {
        e = { kind: 'PropertyAccess', pos: e.pos, object: e, key: nameOf(key) };
      } else if (has(c, 'DoubleDot')) {
        e = { kind: 'Slice', pos: e.pos, object: e, from: this.optExpr(node(c, 'from')), to: this.optExpr(node(c, 'to')) };
      } else {
        e = { kind: 'Subscript', pos: e.pos, object: e, index: this.expr(node(c, 'from')) };
      }
    }
    const labels = node(ctx, 'exprLabelOr');
    if (labels !== undefined) e = { kind: 'HasLabels', pos: e.pos, expression: e, labels: this.visit(labels) as A.LabelExpression };
    return e;
  }

  postfix(): never {
    throw new Error('CST: postfix is read by operand');
  }

  atom(ctx: Ctx, negate?: IToken): A.Expression {
    const name = ctx['nameAtom'];
    if (name !== undefined) return this.nameAtom((name[0] as CstNode).children as Ctx);
    for (const key in ctx) {
      const c = ctx[key]![0]!;
      if (!isToken(c)) return this.visit(c) as A.Expression;
      return this.literal(c, negate);
    }
    throw new Error('CST: empty atom');
  }

  private literal(t: IToken, negate?: IToken): A.Expression {
    const pos = posOf(negate ?? t);
    switch (t.tokenType.name) {
      case 'DecimalInteger':
      case 'HexInteger':
      case 'OctalInteger': {
        let v = BigInt(t.image);
        if (negate !== undefined) v = -v;
        if (v > INT64_MAX || v < INT64_MIN) this.fail(negate ?? t, `integer is too large: ${negate !== undefined ? '-' : ''}${t.image}`);
        return { kind: 'Literal', pos, value: v };
      }
      case 'Float': {
        let v = Number(t.image);
        if (!Number.isFinite(v)) this.fail(t, `floating point number is too large: ${t.image}`);
        if (negate !== undefined) v = -v;
        return { kind: 'Literal', pos, value: v };
      }
      case 'StringLiteral':
        return { kind: 'Literal', pos, value: unescapeString(t.image) };
      case 'TRUE':
        return { kind: 'Literal', pos, value: true };
      case 'FALSE':
        return { kind: 'Literal', pos, value: false };
      case 'NULL':
        return { kind: 'Literal', pos, value: null };
      case 'Parameter':
        return this.parameter(t);
      default:
        throw new Error(`CST: unexpected atom token ${t.tokenType.name}`);
    }
  }

  parenAtom(ctx: Ctx): A.Expression {
    const el = node(ctx, 'patternElement');
    if (el !== undefined) {
      const element = this.visit(el) as A.PatternElement;
      return { kind: 'PatternExpression', pos: element.pos, element };
    }
    return this.expr(node(ctx, 'expression'));
  }

  listAtom(ctx: Ctx): A.Expression {
    const pos = posOf(mustTok(ctx, 'LBracket'));
    if (has(ctx, 'patternPipe')) {
      const v = tok(ctx, 'pathVariable');
      return {
        kind: 'PatternComprehension',
        pos,
        variable: v === undefined ? null : this.variable(v),
        element: this.visit(mustNode(ctx, 'patternElement')) as A.PatternElement,
        where: this.optExpr(node(ctx, 'where')),
        projection: this.expr(node(ctx, 'projection')),
      };
    }
    const v = tok(ctx, 'variable');
    if (v !== undefined) {
      return {
        kind: 'ListComprehension',
        pos,
        variable: this.variable(v),
        list: this.expr(node(ctx, 'list')),
        where: this.optExpr(node(ctx, 'where')),
        projection: this.optExpr(node(ctx, 'projection')),
      };
    }
    return { kind: 'ListLiteral', pos, elements: nodes(ctx, 'element').map((n) => this.expr(n)) };
  }

  mapLiteral(ctx: Ctx): A.MapLiteral {
    return {
      kind: 'MapLiteral',
      pos: posOf(mustTok(ctx, 'LCurly')),
      entries: nodes(ctx, 'mapEntry').map((n) => this.visit(n) as A.MapEntry),
    };
  }

  mapEntry(ctx: Ctx): A.MapEntry {
    const k = mustTok(ctx, 'AnyName');
    return { kind: 'MapEntry', pos: posOf(k), key: nameOf(k), value: this.expr(node(ctx, 'expression')) };
  }

  caseExpression(ctx: Ctx): A.Case {
    const whens = nodes(ctx, 'when');
    const thens = nodes(ctx, 'then');
    const whenToks = toks(ctx, 'WHEN');
    return {
      kind: 'Case',
      pos: posOf(mustTok(ctx, 'CASE')),
      test: this.optExpr(node(ctx, 'test')),
      alternatives: whens.map((w, i) => ({ kind: 'CaseAlternative', pos: posOf(whenToks[i]!), when: this.expr(w), then: this.expr(thens[i]) })),
      else: this.optExpr(node(ctx, 'else')),
    };
  }

  existsAtom(ctx: Ctx): A.Expression {
    const pos = posOf(mustTok(ctx, 'EXISTS'));
    const body = node(ctx, 'subqueryBody');
    if (body !== undefined) return { kind: 'ExistsSubquery', pos, query: this.visit(body) as A.Query };
    const name = mustTok(ctx, 'EXISTS').image;
    return { kind: 'FunctionCall', pos, namespace: [], name, distinct: false, args: [this.expr(node(ctx, 'expression'))] };
  }

  countSubquery(ctx: Ctx): A.CountSubquery {
    return { kind: 'CountSubquery', pos: posOf(mustTok(ctx, 'COUNT')), query: this.visit(mustNode(ctx, 'subqueryBody')) as A.Query };
  }

  collectSubquery(ctx: Ctx): A.CollectSubquery {
    return { kind: 'CollectSubquery', pos: posOf(mustTok(ctx, 'COLLECT')), query: this.visit(mustNode(ctx, 'query')) as A.Query };
  }

  /** The short form `{ pattern [WHERE p] }` becomes the query `MATCH pattern [WHERE p]`. */
  subqueryBody(ctx: Ctx): A.Query {
    const q = node(ctx, 'query');
    if (q !== undefined) return this.visit(q) as A.Query;
    const pattern = this.visit(mustNode(ctx, 'pattern')) as A.Pattern;
    const match: A.MatchClause = { kind: 'Match', pos: pattern.pos, optional: false, pattern, where: this.optExpr(node(ctx, 'where')), fromDatabase: null };
    return { kind: 'SingleQuery', pos: pattern.pos, clauses: [match] };
  }

  quantifier(ctx: Ctx): A.Quantifier {
    const q = tok(ctx, 'ALL') ?? tok(ctx, 'ANY') ?? tok(ctx, 'NONE') ?? mustTok(ctx, 'SINGLE');
    return {
      kind: 'Quantifier',
      pos: posOf(q),
      quantifier: q.tokenType.name as A.Quantifier['quantifier'],
      variable: this.variable(mustTok(ctx, 'SoftName')),
      list: this.expr(node(ctx, 'expression')),
      where: this.optExpr(node(ctx, 'where')),
    };
  }

  reduceExpression(ctx: Ctx): A.Reduce {
    return {
      kind: 'Reduce',
      pos: posOf(mustTok(ctx, 'REDUCE')),
      accumulator: this.variable(mustTok(ctx, 'accumulator')),
      init: this.expr(node(ctx, 'init')),
      variable: this.variable(mustTok(ctx, 'variable')),
      list: this.expr(node(ctx, 'list')),
      expression: this.expr(node(ctx, 'body')),
    };
  }

  functionCall(ctx: Ctx): A.Expression {
    const names = toks(ctx, 'name');
    const pos = posOf(names[0]!);
    const star = tok(ctx, 'Star');
    if (star !== undefined) {
      if (names.length !== 1 || names[0]!.image.toLowerCase() !== 'count') this.fail(star, `Invalid input '*': only count(*) takes *`);
      return { kind: 'CountStar', pos };
    }
    const ids = names.map(nameOf);
    return {
      kind: 'FunctionCall',
      pos,
      namespace: ids.slice(0, -1),
      name: ids[ids.length - 1]!,
      distinct: has(ctx, 'DISTINCT'),
      args: nodes(ctx, 'expression').map((n) => this.expr(n)),
    };
  }

  nameAtom(ctx: Ctx): A.Expression {
    const name = tok(ctx, 'SoftName');
    if (name === undefined) {
      for (const key in ctx) return this.visit(ctx[key]![0] as CstNode) as A.Expression;
    }
    const variable = this.variable(name!);
    if (!has(ctx, 'LCurly')) return variable;
    return { kind: 'MapProjection', pos: variable.pos, variable, items: nodes(ctx, 'mapProjectionItem').map((n) => this.visit(n) as A.MapProjectionItem) };
  }

  mapProjectionItem(ctx: Ctx): A.MapProjectionItem {
    const dot = tok(ctx, 'Dot');
    if (dot !== undefined) {
      const p = tok(ctx, 'property');
      return p === undefined ? { kind: 'AllPropertiesSelector', pos: posOf(dot) } : { kind: 'PropertySelector', pos: posOf(dot), key: nameOf(p) };
    }
    const key = tok(ctx, 'key');
    if (key !== undefined) return { kind: 'LiteralEntry', pos: posOf(key), key: nameOf(key), value: this.expr(node(ctx, 'expression')) };
    const v = mustTok(ctx, 'variable');
    return { kind: 'VariableSelector', pos: posOf(v), variable: this.variable(v) };
  }

  // -------------------------------------------------------------------------------- shared admin pieces

  mapOrParam(ctx: Ctx): A.MapLiteral | A.Parameter {
    const p = tok(ctx, 'Parameter');
    return p !== undefined ? this.parameter(p) : (this.visit(mustNode(ctx, 'mapLiteral')) as A.MapLiteral);
  }

  ifNotExists(): true {
    return true;
  }

  ifExists(): true {
    return true;
  }

  waitClause(ctx: Ctx): A.WaitOption {
    const w = tok(ctx, 'WAIT');
    const n = tok(ctx, 'DecimalInteger');
    return { kind: 'Wait', pos: posOf(w ?? mustTok(ctx, 'NOWAIT')), wait: w !== undefined, seconds: n === undefined ? null : BigInt(n.image) };
  }

  private optWait(ctx: Ctx): A.WaitOption | null {
    const w = node(ctx, 'waitClause');
    return w === undefined ? null : (this.visit(w) as A.WaitOption);
  }

  private optMap(n: CstNode | undefined): A.MapLiteral | A.Parameter | null {
    return n === undefined ? null : (this.visit(n) as A.MapLiteral | A.Parameter);
  }

  private ref(n: CstNode | undefined): A.DatabaseRef {
    if (n === undefined) throw new Error('CST: missing database name');
    return this.visit(n) as A.DatabaseRef;
  }

  private nameRef(n: CstNode | undefined): A.NameRef {
    if (n === undefined) throw new Error('CST: missing name');
    return this.visit(n) as A.NameRef;
  }

  // -------------------------------------------------------------------------------- CREATE ...

  createCommand(ctx: Ctx): A.Statement {
    const p = { pos: posOf(mustTok(ctx, 'CREATE')), orReplace: has(ctx, 'REPLACE') };
    for (const key in ctx) {
      const c = ctx[key]![0]!;
      if (!isToken(c)) return this.visit(c, p) as A.Statement;
    }
    throw new Error('CST: empty CREATE command');
  }

  createDatabase(ctx: Ctx, p: { pos: A.Pos; orReplace: boolean }): A.CreateDatabase {
    return {
      kind: 'CreateDatabase',
      pos: p.pos,
      name: this.ref(node(ctx, 'databaseRef')),
      orReplace: p.orReplace,
      ifNotExists: has(ctx, 'ifNotExists'),
      options: this.optMap(node(ctx, 'mapOrParam')),
      wait: this.optWait(ctx),
    };
  }

  private aliasSettings(list: CstNode[]): A.AliasSettings {
    const s: { -readonly [K in keyof A.AliasSettings]: A.AliasSettings[K] } = { url: null, user: null, password: null, driver: null, properties: null };
    for (const n of list) {
      const c = n.children as Ctx;
      const first = firstToken(n);
      const set = <K extends keyof A.AliasSettings>(k: K, v: A.AliasSettings[K]): void => {
        if (s[k] !== null) this.fail(first, `${first.image.toUpperCase()} may be given once`);
        s[k] = v;
      };
      if (has(c, 'AT')) set('url', this.expr(node(c, 'url')));
      else if (has(c, 'USER')) set('user', this.nameRef(node(c, 'user')));
      else if (has(c, 'PASSWORD')) set('password', this.expr(node(c, 'password')));
      else if (has(c, 'DRIVER')) set('driver', this.optMap(node(c, 'driver')));
      else set('properties', this.optMap(node(c, 'properties')));
    }
    return s;
  }

  aliasSetting(): never {
    throw new Error('CST: aliasSetting is read by its parent');
  }

  createAlias(ctx: Ctx, p: { pos: A.Pos; orReplace: boolean }): A.CreateAlias {
    return {
      kind: 'CreateAlias',
      pos: p.pos,
      name: this.ref(node(ctx, 'alias')),
      orReplace: p.orReplace,
      ifNotExists: has(ctx, 'ifNotExists'),
      target: this.ref(node(ctx, 'target')),
      ...this.aliasSettings(nodes(ctx, 'aliasSetting')),
    };
  }

  createUser(ctx: Ctx, p: { pos: A.Pos; orReplace: boolean }): A.CreateUser {
    return {
      kind: 'CreateUser',
      pos: p.pos,
      name: this.nameRef(node(ctx, 'symbolicRef')),
      orReplace: p.orReplace,
      ifNotExists: has(ctx, 'ifNotExists'),
      settings: nodes(ctx, 'userSetting').map((n) => this.visit(n) as A.UserSetting),
    };
  }

  userSetting(ctx: Ctx): A.UserSetting {
    const first = firstToken({ name: 'userSetting', children: ctx as Record<string, Child[]> });
    const pos = posOf(first);
    if (has(ctx, 'PASSWORD')) {
      const change = node(ctx, 'passwordChange');
      return {
        kind: 'SetPassword',
        pos,
        password: this.optExpr(node(ctx, 'password')),
        encrypted: has(ctx, 'ENCRYPTED') ? true : has(ctx, 'PLAINTEXT') ? false : null,
        changeRequired: change === undefined ? null : (this.visit(change) as boolean),
      };
    }
    if (has(ctx, 'STATUS')) return { kind: 'SetStatus', pos, status: has(ctx, 'ACTIVE') ? 'ACTIVE' : 'SUSPENDED' };
    return { kind: 'SetHomeDatabase', pos, database: this.ref(node(ctx, 'databaseRef')) };
  }

  passwordChange(ctx: Ctx): boolean {
    return !has(ctx, 'NOT');
  }

  createRole(ctx: Ctx, p: { pos: A.Pos; orReplace: boolean }): A.CreateRole {
    const src = node(ctx, 'source');
    return {
      kind: 'CreateRole',
      pos: p.pos,
      name: this.nameRef(node(ctx, 'role')),
      orReplace: p.orReplace,
      ifNotExists: has(ctx, 'ifNotExists'),
      copyOf: src === undefined ? null : this.nameRef(src),
    };
  }

  createIndex(ctx: Ctx, p: { pos: A.Pos; orReplace: boolean }): A.CreateIndex {
    const typeTok = tok(ctx, 'indexType');
    const name = node(ctx, 'name');
    const base = {
      kind: 'CreateIndex' as const,
      pos: p.pos,
      indexType: (typeTok?.image.toUpperCase() ?? null) as A.IndexType | null,
      name: name === undefined ? null : this.nameRef(name),
      orReplace: p.orReplace,
      ifNotExists: has(ctx, 'ifNotExists'),
    };
    const old = node(ctx, 'oldSchemaTarget');
    if (old !== undefined) {
      const o = this.visit(old) as { label: string; labelPos: A.Pos; properties: string[]; propertyPos: A.Pos[] };
      return {
        ...base,
        syntax: 'ON',
        entity: { kind: 'SchemaEntity', pos: o.labelPos, entity: 'NODE', variable: '', labels: { kind: 'LabelName', pos: o.labelPos, name: o.label }, direction: 'both' },
        properties: o.properties.map((k, i) => ({ kind: 'PropertyRef', pos: o.propertyPos[i]!, variable: '', key: k })),
        each: null,
        options: null,
      };
    }
    const fn = tok(ctx, 'eachFunction');
    const list = node(ctx, 'propertyRefList');
    return {
      ...base,
      syntax: 'FOR',
      entity: this.visit(mustNode(ctx, 'schemaPattern')) as A.SchemaEntity,
      properties: list === undefined ? [] : (this.visit(list) as A.PropertyRef[]),
      each: fn !== undefined ? { function: nameOf(fn) } : has(ctx, 'EACH') ? 'list' : null,
      options: this.optMap(node(ctx, 'mapOrParam')),
    };
  }

  oldSchemaTarget(ctx: Ctx): { label: string; labelPos: A.Pos; properties: string[]; propertyPos: A.Pos[] } {
    const label = mustTok(ctx, 'label');
    const props = toks(ctx, 'property');
    return { label: nameOf(label), labelPos: posOf(label), properties: props.map(nameOf), propertyPos: props.map(posOf) };
  }

  schemaPattern(ctx: Ctx): A.SchemaEntity {
    const v = mustTok(ctx, 'variable');
    const labels = node(ctx, 'labelExpression');
    const rel = has(ctx, 'LBracket');
    const left = has(ctx, 'left');
    const right = has(ctx, 'right');
    return {
      kind: 'SchemaEntity',
      pos: posOf(mustTok(ctx, 'LParen')),
      entity: rel ? 'RELATIONSHIP' : 'NODE',
      variable: nameOf(v),
      labels: labels === undefined ? null : (this.visit(labels) as A.LabelExpression),
      direction: left && !right ? 'in' : right && !left ? 'out' : 'both',
    };
  }

  propertyRef(ctx: Ctx): A.PropertyRef {
    const v = mustTok(ctx, 'SoftName');
    return { kind: 'PropertyRef', pos: posOf(v), variable: nameOf(v), key: nameOf(mustTok(ctx, 'AnyName')) };
  }

  propertyRefList(ctx: Ctx): A.PropertyRef[] {
    return nodes(ctx, 'propertyRef').map((n) => this.visit(n) as A.PropertyRef);
  }

  createConstraint(ctx: Ctx, p: { pos: A.Pos; orReplace: boolean }): A.CreateConstraint {
    const name = node(ctx, 'name');
    const on = has(ctx, 'ON');
    if (on && has(ctx, 'REQUIRE')) this.fail(mustTok(ctx, 'REQUIRE'), `Invalid input 'REQUIRE': expected "ASSERT"`);
    if (!on && has(ctx, 'ASSERT')) this.fail(mustTok(ctx, 'ASSERT'), `Invalid input 'ASSERT': expected "REQUIRE"`);
    return {
      kind: 'CreateConstraint',
      pos: p.pos,
      name: name === undefined ? null : this.nameRef(name),
      orReplace: p.orReplace,
      ifNotExists: has(ctx, 'ifNotExists'),
      syntax: on ? 'ON' : 'FOR',
      entity: this.visit(mustNode(ctx, 'schemaPattern')) as A.SchemaEntity,
      spec: this.visit(mustNode(ctx, 'constraintBody')) as A.ConstraintSpec,
      options: this.optMap(node(ctx, 'mapOrParam')),
    };
  }

  constraintBody(ctx: Ctx): A.ConstraintSpec {
    const exists = tok(ctx, 'EXISTS');
    const list = node(ctx, 'propertyRefList');
    const single = node(ctx, 'propertyRef');
    const properties = list !== undefined ? (this.visit(list) as A.PropertyRef[]) : [this.visit(single!) as A.PropertyRef];
    const pos = exists !== undefined ? posOf(exists) : properties[0]!.pos;
    if (exists !== undefined) {
      return { kind: 'ConstraintSpec', pos, constraint: 'NOT_NULL', entityKeyword: null, properties, parenthesized: false, type: null, form: 'EXISTS' };
    }
    const kindTok = toks(ctx, 'kind');
    const k = kindTok[0]!;
    const entityTok = tok(ctx, 'entity');
    const entityKeyword = (entityTok?.image.toUpperCase() ?? null) as A.ConstraintSpec['entityKeyword'];
    const type = node(ctx, 'typeSpec');
    let constraint: A.ConstraintKind;
    let form: A.ConstraintSpec['form'] = 'IS';
    switch (k.tokenType.name) {
      case 'UNIQUE':
        constraint = 'UNIQUE';
        break;
      case 'KEY':
        constraint = entityKeyword === null ? 'KEY' : entityKeyword === 'NODE' ? 'NODE_KEY' : 'RELATIONSHIP_KEY';
        break;
      case 'NOT':
        constraint = 'NOT_NULL';
        break;
      default:
        constraint = 'PROPERTY_TYPE';
        form = k.tokenType.name === 'TYPED' ? 'IS TYPED' : has(ctx, 'IS') ? 'IS ::' : '::';
    }
    return {
      kind: 'ConstraintSpec',
      pos,
      constraint,
      entityKeyword,
      properties,
      parenthesized: list !== undefined,
      type: type === undefined ? null : (this.visit(type) as A.CypherType),
      form,
    };
  }

  // -------------------------------------------------------------------------------- DROP / ALTER / ...

  dropCommand(ctx: Ctx): A.Statement {
    const pos = posOf(mustTok(ctx, 'DROP'));
    const ifExists = has(ctx, 'ifExists');
    if (has(ctx, 'DATABASE') && !has(ctx, 'FOR')) {
      const cascade = has(ctx, 'CASCADE');
      return {
        kind: 'DropDatabase',
        pos,
        name: this.ref(node(ctx, 'databaseRef')),
        ifExists,
        aliasAction: cascade ? 'CASCADE' : has(ctx, 'RESTRICT') ? 'RESTRICT' : null,
        dataAction: has(ctx, 'DUMP') ? 'DUMP' : has(ctx, 'DESTROY') ? 'DESTROY' : null,
        wait: this.optWait(ctx),
      };
    }
    if (has(ctx, 'ALIAS') && has(ctx, 'FOR')) return { kind: 'DropAlias', pos, name: this.ref(node(ctx, 'databaseRef')), ifExists };
    if (has(ctx, 'USER')) return { kind: 'DropUser', pos, name: this.nameRef(node(ctx, 'symbolicRef')), ifExists };
    if (has(ctx, 'ROLE')) return { kind: 'DropRole', pos, name: this.nameRef(node(ctx, 'symbolicRef')), ifExists };
    const name = node(ctx, 'name');
    const isIndex = has(ctx, 'INDEX');
    if (isIndex) {
      const old = node(ctx, 'oldSchemaTarget');
      if (has(ctx, 'ASSERT')) this.fail(mustTok(ctx, 'ASSERT'), `Invalid input 'ASSERT': expected ":"`);
      const o = old === undefined ? null : (this.visit(old) as { label: string; properties: string[] });
      return { kind: 'DropIndex', pos, name: name === undefined ? null : this.nameRef(name), ifExists, on: o === null ? null : { label: o.label, properties: o.properties } };
    }
    if (has(ctx, 'oldSchemaTarget')) this.fail(firstToken(mustNode(ctx, 'oldSchemaTarget')), `Invalid input ':': expected "("`);
    const sp = node(ctx, 'schemaPattern');
    return {
      kind: 'DropConstraint',
      pos,
      name: name === undefined ? null : this.nameRef(name),
      ifExists,
      on: sp === undefined ? null : { entity: this.visit(sp) as A.SchemaEntity, spec: this.visit(mustNode(ctx, 'constraintBody')) as A.ConstraintSpec },
    };
  }

  alterCommand(ctx: Ctx): A.Statement {
    const pos = posOf(mustTok(ctx, 'ALTER'));
    const ifExists = has(ctx, 'ifExists');
    if (has(ctx, 'CURRENT')) {
      return { kind: 'AlterCurrentUser', pos, oldPassword: this.expr(node(ctx, 'oldPassword')), newPassword: this.expr(node(ctx, 'newPassword')) };
    }
    if (has(ctx, 'USER')) {
      const settings: A.UserSetting[] = [];
      const sets = nodes(ctx, 'userSetting');
      const removes = toks(ctx, 'REMOVE');
      // Keep the written order of SET and REMOVE HOME DATABASE items.
      const items: { offset: number; s: () => A.UserSetting }[] = [
        ...sets.map((n) => ({ offset: firstToken(n).startOffset, s: () => this.visit(n) as A.UserSetting })),
        ...removes.map((t) => ({ offset: t.startOffset, s: (): A.UserSetting => ({ kind: 'RemoveHomeDatabase', pos: posOf(t) }) })),
      ];
      items.sort((a, b) => a.offset - b.offset);
      for (const it of items) settings.push(it.s());
      return { kind: 'AlterUser', pos, name: this.nameRef(node(ctx, 'symbolicRef')), ifExists, settings };
    }
    if (has(ctx, 'ALIAS')) {
      const target = node(ctx, 'target');
      return {
        kind: 'AlterAlias',
        pos,
        name: this.ref(node(ctx, 'alias')),
        ifExists,
        target: target === undefined ? null : this.ref(target),
        ...this.aliasSettings(nodes(ctx, 'aliasSetting')),
      };
    }
    return {
      kind: 'AlterDatabase',
      pos,
      name: this.ref(node(ctx, 'databaseRef')),
      ifExists,
      actions: nodes(ctx, 'alterDatabaseAction').map((n) => this.visit(n) as A.AlterDatabaseAction),
      wait: this.optWait(ctx),
    };
  }

  alterDatabaseAction(ctx: Ctx): A.AlterDatabaseAction {
    const pos = posOf(tok(ctx, 'SET') ?? mustTok(ctx, 'REMOVE'));
    if (has(ctx, 'ACCESS')) return { kind: 'SetAccess', pos, access: has(ctx, 'ONLY') ? 'READ ONLY' : 'READ WRITE' };
    const keys = toks(ctx, 'key');
    if (has(ctx, 'OPTION')) {
      if (has(ctx, 'SET')) return { kind: 'SetOption', pos, key: nameOf(keys[0]!), value: this.expr(node(ctx, 'value')) };
      return { kind: 'RemoveOption', pos, key: nameOf(keys[0]!) };
    }
    if (has(ctx, 'SET')) return { kind: 'SetLimits', pos, limits: nodes(ctx, 'limitAssignment').map((n) => this.visit(n) as A.LimitAssignment) };
    return { kind: 'RemoveLimits', pos, keys: keys.map(nameOf) };
  }

  limitAssignment(ctx: Ctx): A.LimitAssignment {
    const k = mustTok(ctx, 'AnyName');
    return { kind: 'LimitAssignment', pos: posOf(k), key: nameOf(k), value: this.expr(node(ctx, 'expression')) };
  }

  startStopCommand(ctx: Ctx): A.StartDatabase | A.StopDatabase {
    const start = tok(ctx, 'START');
    return {
      kind: start !== undefined ? 'StartDatabase' : 'StopDatabase',
      pos: posOf(start ?? mustTok(ctx, 'STOP')),
      name: this.ref(node(ctx, 'databaseRef')),
      wait: this.optWait(ctx),
    };
  }

  renameCommand(ctx: Ctx): A.Statement {
    const pos = posOf(mustTok(ctx, 'RENAME'));
    const ifExists = has(ctx, 'ifExists');
    if (has(ctx, 'DATABASE')) return { kind: 'RenameDatabase', pos, from: this.ref(node(ctx, 'from')), to: this.ref(node(ctx, 'to')), ifExists };
    return {
      kind: has(ctx, 'USER') ? 'RenameUser' : 'RenameRole',
      pos,
      from: this.nameRef(node(ctx, 'fromName')),
      to: this.nameRef(node(ctx, 'toName')),
      ifExists,
    };
  }

  undropCommand(ctx: Ctx): A.UndropDatabase {
    return { kind: 'UndropDatabase', pos: posOf(mustTok(ctx, 'UNDROP')), name: this.ref(node(ctx, 'databaseRef')) };
  }

  // -------------------------------------------------------------------------------- SHOW

  showCommand(ctx: Ctx): A.Statement {
    const pos = posOf(mustTok(ctx, 'SHOW'));
    const t = node(ctx, 'showTail');
    const tail = t === undefined ? null : (this.visit(t) as A.ShowTail);
    const base = { pos, tail };
    const priv = node(ctx, 'privilegesKeyword');
    if (priv !== undefined) {
      const p = this.visit(priv) as { asCommands: A.ShowPrivileges['asCommands']; word: string };
      const list = node(ctx, 'users') ?? node(ctx, 'roles');
      const names = list === undefined ? [] : (this.visit(list) as A.NameRef[]);
      const lead = tok(ctx, 'ALL') ?? tok(ctx, 'USER') ?? tok(ctx, 'USERS') ?? tok(ctx, 'ROLE') ?? tok(ctx, 'ROLES');
      const leadWord = lead?.image.toUpperCase() ?? '';
      const scope = leadWord.startsWith('USER') ? 'USER' : leadWord.startsWith('ROLE') ? 'ROLE' : 'ALL';
      return { kind: 'ShowPrivileges', ...base, scope, names, asCommands: p.asCommands, keywords: `${leadWord}${leadWord === '' ? '' : ' '}${p.word}` };
    }
    const kindNode = node(ctx, 'schemaShowKind');
    if (kindNode !== undefined) {
      const k = this.visit(kindNode) as { constraints: boolean; output: 'BRIEF' | 'VERBOSE' | null; word: string };
      const filter = [...(has(ctx, 'ALL') ? ['ALL'] : []), ...nodes(ctx, 'schemaFilterWord').map((n) => this.visit(n) as string)];
      return k.constraints ? { kind: 'ShowConstraints', ...base, filter, output: k.output } : { kind: 'ShowIndexes', ...base, filter, output: k.output };
    }
    if (has(ctx, 'ROLES') || has(ctx, 'ROLE')) {
      return {
        kind: 'ShowRoles',
        ...base,
        scope: has(ctx, 'ALL') ? 'ALL' : has(ctx, 'rolesScope') ? 'POPULATED' : null,
        withUsers: has(ctx, 'WITH'),
      };
    }
    if (has(ctx, 'CURRENT')) return { kind: 'ShowCurrentUser', ...base };
    if (has(ctx, 'USERS')) return { kind: 'ShowUsers', ...base, withAuth: has(ctx, 'AUTH') };
    const target = node(ctx, 'target');
    if (has(ctx, 'LIMITS')) return { kind: 'ShowLimits', ...base, database: target === undefined ? null : this.ref(target) };
    if (has(ctx, 'USAGE')) return { kind: 'ShowUsage', ...base, database: target === undefined ? null : this.ref(target) };
    if (has(ctx, 'ALIAS') || has(ctx, 'ALIASES')) {
      const alias = node(ctx, 'alias');
      return {
        kind: 'ShowAliases',
        ...base,
        name: alias === undefined ? null : this.ref(alias),
        target: target === undefined ? null : this.ref(target),
        plural: has(ctx, 'ALIASES'),
        pluralDatabase: has(ctx, 'DATABASES'),
      };
    }
    const catalog = tok(ctx, 'catalog');
    if (catalog !== undefined) return { kind: 'ShowCatalog', ...base, catalog: catalog.image.toUpperCase() as A.ShowCatalog['catalog'] };
    const which = tok(ctx, 'which');
    const named = node(ctx, 'databaseRef');
    const plural = has(ctx, 'DATABASES');
    let scope: A.ShowDatabases['scope'] = named !== undefined ? 'NAMED' : 'ALL';
    if (which !== undefined) scope = which.image.toUpperCase() as 'DEFAULT' | 'HOME';
    if (has(ctx, 'DROPPED')) scope = 'DROPPED';
    return { kind: 'ShowDatabases', ...base, scope, name: named === undefined ? null : this.ref(named), plural };
  }

  privilegesKeyword(ctx: Ctx): { asCommands: A.ShowPrivileges['asCommands']; word: string } {
    const word = (tok(ctx, 'PRIVILEGE') ?? mustTok(ctx, 'PRIVILEGES')).image.toUpperCase();
    if (!has(ctx, 'AS')) return { asCommands: null, word };
    const cmd = (tok(ctx, 'COMMAND') ?? mustTok(ctx, 'COMMANDS')).image.toUpperCase();
    return { asCommands: has(ctx, 'REVOKE') ? 'REVOKE COMMANDS' : 'COMMANDS', word: `${word} AS ${has(ctx, 'REVOKE') ? 'REVOKE ' : ''}${cmd}` };
  }

  schemaFilterWord(ctx: Ctx): string {
    for (const key in ctx) return (ctx[key]![0] as IToken).image.toUpperCase();
    throw new Error('CST: empty filter word');
  }

  schemaShowKind(ctx: Ctx): { constraints: boolean; output: 'BRIEF' | 'VERBOSE' | null; word: string } {
    const w = (tok(ctx, 'INDEX') ?? tok(ctx, 'INDEXES') ?? tok(ctx, 'CONSTRAINT') ?? mustTok(ctx, 'CONSTRAINTS')).image.toUpperCase();
    return {
      constraints: w.startsWith('CONSTRAINT'),
      output: has(ctx, 'BRIEF') ? 'BRIEF' : has(ctx, 'VERBOSE') ? 'VERBOSE' : null,
      word: w,
    };
  }

  showTail(ctx: Ctx): A.ShowTail {
    const first = firstToken({ name: 'showTail', children: ctx as Record<string, Child[]> });
    const wheres = nodes(ctx, 'where');
    if (!has(ctx, 'YIELD')) return { kind: 'ShowTail', pos: posOf(first), yield: null, where: this.expr(wheres[0]), return: null };
    const osl = this.visit(mustNode(ctx, 'orderSkipLimit')) as Pick<A.Projection, 'orderBy' | 'skip' | 'limit'>;
    const ret = node(ctx, 'returnClause');
    return {
      kind: 'ShowTail',
      pos: posOf(first),
      yield: { star: has(ctx, 'Star'), items: nodes(ctx, 'yieldItem').map((n) => this.visit(n) as A.YieldItem), ...osl },
      where: this.optExpr(wheres[0]),
      return: ret === undefined ? null : (this.visit(ret) as A.ReturnClause),
    };
  }

  // -------------------------------------------------------------------------------- privileges

  grantCommand(ctx: Ctx): A.Statement {
    return this.privilegeOrRole(ctx, 'GRANT');
  }

  denyCommand(ctx: Ctx): A.Statement {
    return this.privilegeOrRole(ctx, 'DENY');
  }

  revokeCommand(ctx: Ctx): A.Statement {
    return this.privilegeOrRole(ctx, 'REVOKE');
  }

  private privilegeOrRole(ctx: Ctx, command: 'GRANT' | 'DENY' | 'REVOKE'): A.Statement {
    const pos = posOf(mustTok(ctx, command));
    const rm = node(ctx, 'roleMembership');
    if (rm !== undefined) {
      const m = this.visit(rm) as { roles: A.NameRef[]; users: A.NameRef[]; to: IToken };
      if (command === 'REVOKE' && m.to.image.toUpperCase() !== 'FROM') this.fail(m.to, `Invalid input '${m.to.image}': expected "FROM"`);
      if (command === 'GRANT' && m.to.image.toUpperCase() !== 'TO') this.fail(m.to, `Invalid input '${m.to.image}': expected "TO"`);
      return { kind: command === 'GRANT' ? 'GrantRole' : 'RevokeRole', pos, roles: m.roles, users: m.users };
    }
    const body = this.visit(mustNode(ctx, 'privilegeBody')) as Pick<A.PrivilegeCommand, 'immutable' | 'action' | 'properties' | 'labels' | 'target'>;
    const kind = tok(ctx, 'revokeKind');
    return {
      kind: 'PrivilegeCommand',
      pos,
      command,
      revokeKind: (kind?.image.toUpperCase() ?? null) as A.PrivilegeCommand['revokeKind'],
      ...body,
      roles: this.visit(mustNode(ctx, 'symbolicRefList')) as A.NameRef[],
    };
  }

  roleMembership(ctx: Ctx): { roles: A.NameRef[]; users: A.NameRef[]; to: IToken } {
    return {
      roles: this.visit(mustNode(ctx, 'roles')) as A.NameRef[],
      users: this.visit(mustNode(ctx, 'users')) as A.NameRef[],
      to: tok(ctx, 'TO') ?? mustTok(ctx, 'FROM'),
    };
  }

  privilegeBody(ctx: Ctx): Pick<A.PrivilegeCommand, 'immutable' | 'action' | 'properties' | 'labels' | 'target'> {
    let words = toks(ctx, 'word');
    let immutable = false;
    if (words[0]?.image.toUpperCase() === 'IMMUTABLE') {
      immutable = true;
      words = words.slice(1);
    }
    const sel = node(ctx, 'propertySelector');
    const properties = sel === undefined ? null : (this.visit(sel) as readonly string[] | '*');
    const upper = words.map((w) => w.image.toUpperCase());
    let action: string;
    let labels: A.PrivilegeCommand['labels'] = null;
    const bad = (t: IToken | undefined): never =>
      this.fail(t ?? mustTok(ctx, 'ON'), `Invalid privilege '${words.map((w) => w.image).join(' ')}'`);
    if ((upper[0] === 'SET' || upper[0] === 'REMOVE') && upper[1] === 'LABEL') {
      action = `${upper[0]} LABEL`;
      const rest = words.slice(2);
      if (rest.length === 1 && rest[0]!.image === '*') labels = '*';
      else {
        const names = rest.filter((_, i) => i % 2 === 0);
        if (names.length === 0 || rest.some((w, i) => (i % 2 === 1) !== (w.image === ','))) bad(rest[0]);
        labels = names.map(nameOf);
      }
    } else {
      if (words.some((w) => w.image === '*' || w.image === ',')) bad(words.find((w) => w.image === '*' || w.image === ','));
      action = upper.join(' ');
      if (!PRIVILEGE_ACTIONS.has(action)) bad(words[0]);
    }
    if (properties !== null && !PROPERTY_ACTIONS.has(action)) bad(firstToken(sel!));
    return { immutable, action, properties, labels, target: this.visit(mustNode(ctx, 'privilegeTarget')) as A.PrivilegeTarget };
  }

  propertySelector(ctx: Ctx): readonly string[] | '*' {
    return has(ctx, 'Star') ? '*' : toks(ctx, 'AnyName').map(nameOf);
  }

  privilegeTarget(ctx: Ctx): A.PrivilegeTarget {
    const dbms = tok(ctx, 'DBMS');
    if (dbms !== undefined) return { kind: 'Dbms', pos: posOf(dbms) };
    const kindTok = mustTok(ctx, 'kind');
    const scopeTok = tok(ctx, 'scope');
    const k = kindTok.image.toUpperCase();
    const q = node(ctx, 'privilegeQualifier');
    return {
      kind: k.startsWith('DATABASE') ? 'DatabaseTarget' : 'GraphTarget',
      pos: posOf(scopeTok ?? kindTok),
      scope: scopeTok !== undefined ? (scopeTok.image.toUpperCase() as 'HOME' | 'DEFAULT') : has(ctx, 'Star') ? 'ALL' : 'NAMED',
      names: nodes(ctx, 'databaseRef').map((n) => this.ref(n)),
      plural: k.endsWith('S'),
      qualifier: q === undefined ? null : (this.visit(q) as A.PrivilegeQualifier),
    };
  }

  privilegeQualifier(ctx: Ctx): A.PrivilegeQualifier {
    const k = mustTok(ctx, 'kind');
    const names = toks(ctx, 'name');
    return {
      kind: 'PrivilegeQualifier',
      pos: posOf(k),
      entity: k.image.toUpperCase() as A.PrivilegeQualifier['entity'],
      names: names.length === 0 ? null : names.map(nameOf),
      starSuffix: has(ctx, 'LParen'),
    };
  }
}

/**
 * Operator-precedence parsing over one flat `expression` CST node. Recursion happens per precedence
 * level, never per operator, so long chains (`1 + 1 + ...`, `NOT NOT ...`) stay shallow.
 */
class Pratt {
  private i = 0;
  constructor(
    private readonly v: CstToAst,
    private readonly steps: readonly Step[],
  ) {}

  parse(prefix: IToken[], operand: CstNode): A.Expression {
    return this.loop(this.unary(prefix, operand, 0), 0);
  }

  /** Extends `left` with the following steps whose operators bind at least as tight as `minPrec`. */
  private loop(left: A.Expression, minPrec: number): A.Expression {
    for (;;) {
      const s = this.steps[this.i];
      if (s === undefined) return left;
      if (s.kind !== 'infix') {
        if (PREC_PREDICATE < minPrec) return left;
        this.i++;
        left =
          s.kind === 'isNull'
            ? { kind: 'IsNull', pos: left.pos, operand: left, negated: s.negated }
            : { kind: 'IsType', pos: left.pos, operand: left, negated: s.negated, type: this.v.visit(s.type) as A.CypherType };
        continue;
      }
      if (s.prec < minPrec) return left;
      if (s.prec === PREC_COMPARISON) {
        // openCypher chains comparisons: a < b <= c means a < b AND b <= c.
        const operands: A.Expression[] = [left];
        const operators: A.ComparisonOperator[] = [];
        for (let c = this.steps[this.i]; c?.kind === 'infix' && c.prec === PREC_COMPARISON; c = this.steps[this.i]) {
          operators.push(c.op as A.ComparisonOperator);
          operands.push(this.rightOperand(c, PREC_COMPARISON + 1));
        }
        left = { kind: 'Comparison', pos: left.pos, operands, operators };
        continue;
      }
      // Left associative: the right operand takes only operators binding tighter.
      const right = this.rightOperand(s, s.prec + 1);
      left = { kind: 'Binary', pos: left.pos, operator: s.op as A.BinaryOperator, left, right };
    }
  }

  private rightOperand(s: Extract<Step, { kind: 'infix' }>, minPrec: number): A.Expression {
    this.i++;
    return this.loop(this.unary(s.prefix, s.operand, minPrec), minPrec);
  }

  /** Applies prefix operators (NOT..., then +/-...) to an operand. */
  private unary(prefix: IToken[], operand: CstNode, minPrec: number): A.Expression {
    let k = 0;
    while (k < prefix.length && prefix[k]!.tokenType.name === 'NOT') k++;
    if (k > 0 && minPrec > PREC_NOT) {
      this.v.failAt(prefix[0]!, `Invalid input 'NOT': NOT cannot be the operand of an operator that binds tighter; use parentheses`);
    }
    const signs = prefix.slice(k);
    const badNot = signs.find((t) => t.tokenType.name === 'NOT');
    if (badNot !== undefined) this.v.failAt(badNot, `Invalid input 'NOT': expected an expression`);
    if (k > 0) {
      // NOT takes everything that binds tighter than NOT: comparisons and below.
      let e = this.loop(this.unary(signs, operand, PREC_NOT + 1), PREC_NOT + 1);
      for (let j = k - 1; j >= 0; j--) e = { kind: 'Unary', pos: posOf(prefix[j]!), operator: 'NOT', operand: e };
      return e;
    }
    // Unary +/- bind tighter than every infix operator (-2^2 is (-2)^2): they take the operand alone.
    let e: A.Expression;
    let last = signs.length;
    if (last > 0 && signs[last - 1]!.image === '-' && isNumberLiteral(operand)) {
      e = this.v.operand(operand.children as Ctx, signs[last - 1]);
      last--;
    } else {
      e = this.v.visit(operand) as A.Expression;
    }
    for (let j = last - 1; j >= 0; j--) e = { kind: 'Unary', pos: posOf(signs[j]!), operator: signs[j]!.image as '-' | '+', operand: e };
    return e;
  }
}

/** An operand that is a bare number literal (no property access, subscript or label). */
function isNumberLiteral(operand: CstNode): boolean {
  const c = operand.children;
  if (c['postfix'] !== undefined || c['exprLabelOr'] !== undefined) return false;
  const atom = (c['atom']![0] as CstNode).children;
  return atom['DecimalInteger'] !== undefined || atom['HexInteger'] !== undefined || atom['OctalInteger'] !== undefined || atom['Float'] !== undefined;
}
