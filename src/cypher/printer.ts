// AST -> Cypher text, such that parse(print(ast)) equals ast up to positions and the source text of
// unaliased projection items. Parentheses are added only where precedence requires them. Used by the
// tests, EXPLAIN output and the audit log.
import { isReserved, keywords } from '../../grammar/tokens.js';
import type * as A from './ast.js';
import { assertNever } from './ast.js';

/** Prints a statement as one line of Cypher. */
export function print(s: A.Statement): string {
  switch (s.kind) {
    case 'Explain':
      return `${s.mode} ${query(s.statement)}`;
    case 'SingleQuery':
    case 'Union':
      return query(s);
    default:
      return command(s);
  }
}

// ------------------------------------------------------------------------------------------ names

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A label, type, property key or map key: any keyword may stand unescaped. */
function key(name: string): string {
  return PLAIN.test(name) ? name : escape(name);
}

/** A variable or other symbolic name: keywords are escaped so that no gate can misread them. */
function sym(name: string): string {
  return PLAIN.test(name) && keywords[name.toUpperCase()] === undefined ? name : escape(name);
}

function escape(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function param(p: A.Parameter): string {
  return /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)$/.test(p.name) ? `$${p.name}` : `$${escape(p.name)}`;
}

function dbRef(r: A.DatabaseRef): string {
  if (r.kind === 'Parameter') return param(r);
  return r.name
    .split('.')
    .map((part, i) => (i === 0 ? sym(part) : key(part)))
    .join('.');
}

function nameRef(r: A.NameRef): string {
  return r.kind === 'Parameter' ? param(r) : sym(r.name);
}

function string(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

function float(v: number): string {
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

// ------------------------------------------------------------------------------------------ queries

function query(q: A.Query): string {
  if (q.kind === 'SingleQuery') return clauses(q.clauses);
  return q.parts.map((p, i) => (i === 0 ? '' : q.all[i - 1] ? ' UNION ALL ' : ' UNION ') + clauses(p.clauses)).join('');
}

function clauses(cs: readonly A.Clause[]): string {
  return cs.map(clause).join(' ');
}

function from(db: A.DatabaseRef | null): string {
  return db === null ? '' : ` FROM DATABASE ${dbRef(db)}`;
}

function where(e: A.Expression | null): string {
  return e === null ? '' : ` WHERE ${expr(e)}`;
}

function list<T>(xs: readonly T[], f: (x: T) => string): string {
  return xs.map(f).join(', ');
}

function clause(c: A.Clause): string {
  switch (c.kind) {
    case 'Use':
      return `USE ${dbRef(c.graph)}${c.args === null ? '' : `(${list(c.args, expr)})`}`;
    case 'Match':
      return `${c.optional ? 'OPTIONAL ' : ''}MATCH ${pattern(c.pattern)}${from(c.fromDatabase)}${where(c.where)}`;
    case 'Unwind':
      return `UNWIND ${expr(c.expression)} AS ${sym(c.variable.name)}`;
    case 'CallSubquery': {
      const scope = c.scope === null ? '' : c.scope === '*' ? ' (*)' : ` (${list(c.scope, (v) => sym(v.name))})`;
      return `${c.optional ? 'OPTIONAL ' : ''}CALL${scope} { ${query(c.query)} }${c.inTransactions === null ? '' : inTransactions(c.inTransactions)}`;
    }
    case 'CallProcedure': {
      const name = [...c.namespace, c.name].map((n, i) => (i === 0 ? sym(n) : key(n))).join('.');
      const args = c.args === null ? '' : `(${list(c.args, expr)})`;
      let y = '';
      if (c.yield === '*') y = ' YIELD *';
      else if (c.yield !== null) y = ` YIELD ${list(c.yield, yieldItem)}${where(c.where)}`;
      return `${c.optional ? 'OPTIONAL ' : ''}CALL ${name}${args}${y}`;
    }
    case 'With':
      return `WITH ${projection(c.projection)}${where(c.where)}`;
    case 'Return':
      return `RETURN ${projection(c.projection)}`;
    case 'Create':
      return `CREATE ${pattern(c.pattern)}${from(c.fromDatabase)}`;
    case 'Merge':
      return `MERGE ${patternPart(c.part)}${from(c.fromDatabase)}${c.actions.map((a) => ` ON ${a.on} SET ${list(a.items, setItem)}`).join('')}`;
    case 'Set':
      return `SET ${list(c.items, setItem)}${from(c.fromDatabase)}`;
    case 'Remove':
      return `REMOVE ${list(c.items, removeItem)}${from(c.fromDatabase)}`;
    case 'Delete':
      return `${c.detach ? 'DETACH ' : ''}DELETE ${list(c.expressions, expr)}${from(c.fromDatabase)}`;
    case 'Foreach':
      return `FOREACH (${sym(c.variable.name)} IN ${expr(c.list)} | ${clauses(c.clauses)})`;
    case 'LoadCsv':
      return `LOAD CSV${c.withHeaders ? ' WITH HEADERS' : ''} FROM ${expr(c.url)} AS ${sym(c.variable.name)}${c.fieldTerminator === null ? '' : ` FIELDTERMINATOR ${string(c.fieldTerminator)}`}`;
    case 'Finish':
      return 'FINISH';
    default:
      return assertNever(c);
  }
}

function inTransactions(t: A.InTransactions): string {
  let s = ' IN';
  if (t.concurrent !== null) s += `${t.concurrent.concurrency === null ? '' : ` ${expr(t.concurrent.concurrency)}`} CONCURRENT`;
  s += ' TRANSACTIONS';
  if (t.batchSize !== null) s += ` OF ${expr(t.batchSize)} ROWS`;
  if (t.onError !== null) s += ` ON ERROR ${t.onError}`;
  if (t.reportStatusAs !== null) s += ` REPORT STATUS AS ${sym(t.reportStatusAs.name)}`;
  return s;
}

function yieldItem(y: A.YieldItem): string {
  return `${key(y.field)}${y.alias === null ? '' : ` AS ${sym(y.alias.name)}`}`;
}

function projection(p: A.Projection): string {
  const items = [...(p.star ? ['*'] : []), ...p.items.map((i) => `${expr(i.expression)}${i.alias === null ? '' : ` AS ${sym(i.alias.name)}`}`)];
  return `${p.distinct ? 'DISTINCT ' : ''}${items.join(', ')}${orderSkipLimit(p)}`;
}

function orderSkipLimit(p: Pick<A.Projection, 'orderBy' | 'skip' | 'limit'>): string {
  let s = '';
  if (p.orderBy.length > 0) s += ` ORDER BY ${list(p.orderBy, (o) => `${expr(o.expression)}${o.descending ? ' DESC' : ''}`)}`;
  if (p.skip !== null) s += ` SKIP ${expr(p.skip)}`;
  if (p.limit !== null) s += ` LIMIT ${expr(p.limit)}`;
  return s;
}

function setItem(i: A.SetItem): string {
  switch (i.kind) {
    case 'SetProperty':
      return `${expr(i.target)} = ${expr(i.value)}`;
    case 'SetAllProperties':
      return `${sym(i.variable.name)} ${i.merge ? '+=' : '='} ${expr(i.value)}`;
    case 'SetLabels':
      return `${sym(i.variable.name)}${i.labels.map((l) => `:${key(l)}`).join('')}`;
    default:
      return assertNever(i);
  }
}

function removeItem(i: A.RemoveItem): string {
  return i.kind === 'RemoveProperty' ? expr(i.target) : `${sym(i.variable.name)}${i.labels.map((l) => `:${key(l)}`).join('')}`;
}

// ------------------------------------------------------------------------------------------ patterns

function pattern(p: A.Pattern): string {
  return list(p.parts, patternPart);
}

function patternPart(p: A.PatternPart): string {
  const el = element(p.element);
  const body = p.selector === null ? el : `${p.selector}(${el})`;
  return p.variable === null ? body : `${sym(p.variable.name)} = ${body}`;
}

function element(e: A.PatternElement): string {
  let s = nodePattern(e.nodes[0]!);
  e.relationships.forEach((r, i) => {
    s += relationship(r) + nodePattern(e.nodes[i + 1]!);
  });
  return s;
}

function properties(p: A.MapLiteral | A.Parameter | null): string {
  return p === null ? '' : ` ${p.kind === 'Parameter' ? param(p) : expr(p)}`;
}

function nodePattern(n: A.NodePattern): string {
  const inner = `${n.variable === null ? '' : sym(n.variable.name)}${n.labels === null ? '' : `:${labels(n.labels)}`}${properties(n.properties)}${where(n.where)}`;
  return `(${inner.replace(/^ /, '')})`;
}

function relationship(r: A.RelationshipPattern): string {
  let detail = `${r.variable === null ? '' : sym(r.variable.name)}${r.types === null ? '' : `:${labels(r.types)}`}`;
  if (r.length !== null) detail += varLength(r.length);
  detail += properties(r.properties) + where(r.where);
  detail = detail.replace(/^ /, '');
  const mid = r.variable === null && r.types === null && r.length === null && r.properties === null && r.where === null ? '-' : `-[${detail}]-`;
  const body = mid === '-' ? '--' : mid;
  return `${r.direction === 'in' ? '<' : ''}${body}${r.direction === 'out' ? '>' : ''}`;
}

function varLength(v: A.VarLength): string {
  if (v.exact) return `*${v.min}`;
  if (v.min === null && v.max === null) return '*';
  return `*${v.min ?? ''}..${v.max ?? ''}`;
}

function labels(l: A.LabelExpression): string {
  switch (l.kind) {
    case 'LabelName':
      return key(l.name);
    case 'LabelWildcard':
      return '%';
    case 'LabelNot':
      return `!${l.operand.kind === 'LabelOr' || l.operand.kind === 'LabelAnd' ? `(${labels(l.operand)})` : labels(l.operand)}`;
    case 'LabelAnd':
      return l.operands
        .map((o) => (o.kind === 'LabelOr' || o.kind === 'LabelAnd' ? `(${labels(o)})` : labels(o)))
        .join(l.colon ? ':' : '&');
    case 'LabelOr':
      return l.operands.map((o) => (o.kind === 'LabelOr' ? `(${labels(o)})` : labels(o))).join('|');
    default:
      return assertNever(l);
  }
}

// ------------------------------------------------------------------------------------------ expressions

const BINARY_PREC: Record<A.BinaryOperator, number> = {
  OR: 1,
  XOR: 2,
  AND: 3,
  IN: 6,
  'STARTS WITH': 6,
  'ENDS WITH': 6,
  CONTAINS: 6,
  '=~': 6,
  '+': 7,
  '-': 7,
  '*': 8,
  '/': 8,
  '%': 8,
  '^': 9,
};
const ATOM = 11;

/** How tightly an expression's outermost operator binds (higher: tighter). */
function level(e: A.Expression): number {
  switch (e.kind) {
    case 'Binary':
      return BINARY_PREC[e.operator];
    case 'Unary':
      return e.operator === 'NOT' ? 4 : 10;
    case 'Comparison':
      return 5;
    case 'IsNull':
    case 'IsType':
      return 6;
    case 'HasLabels':
      return 10.5;
    case 'Literal':
      return (typeof e.value === 'bigint' && e.value < 0n) || (typeof e.value === 'number' && (e.value < 0 || Object.is(e.value, -0))) ? 10 : ATOM;
    default:
      return ATOM;
  }
}

function wrap(e: A.Expression, min: number): string {
  return level(e) < min ? `(${expr(e)})` : expr(e);
}

/** Prints an expression. */
export function expr(e: A.Expression): string {
  switch (e.kind) {
    case 'Literal': {
      const v = e.value;
      if (v === null) return 'null';
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'number') return float(v);
      return string(v);
    }
    case 'Parameter':
      return param(e);
    case 'Variable':
      return sym(e.name);
    case 'ListLiteral':
      return `[${list(e.elements, expr)}]`;
    case 'MapLiteral':
      return `{${list(e.entries, (m) => `${key(m.key)}: ${expr(m.value)}`)}}`;
    case 'PropertyAccess':
      return `${wrap(e.object, ATOM)}.${key(e.key)}`;
    case 'Subscript':
      return `${wrap(e.object, ATOM)}[${expr(e.index)}]`;
    case 'Slice':
      return `${wrap(e.object, ATOM)}[${e.from === null ? '' : expr(e.from)}..${e.to === null ? '' : expr(e.to)}]`;
    case 'HasLabels':
      return `${wrap(e.expression, ATOM)}:${labels(e.labels)}`;
    case 'FunctionCall': {
      const name = [...e.namespace, e.name].map((n, i) => (i === 0 && e.namespace.length === 0 ? fnName(n) : i === 0 ? sym(n) : key(n))).join('.');
      return `${name}(${e.distinct ? 'DISTINCT ' : ''}${list(e.args, expr)})`;
    }
    case 'CountStar':
      return 'count(*)';
    case 'Unary': {
      if (e.operator === 'NOT') return `NOT ${wrap(e.operand, 5)}`;
      const o = e.operand;
      // `-(5)` must keep its parentheses: `-5` would be read as the literal -5.
      const numeric = o.kind === 'Literal' && (typeof o.value === 'bigint' || typeof o.value === 'number');
      return `${e.operator}${numeric || level(o) < 10.5 ? `(${expr(o)})` : expr(o)}`;
    }
    case 'Binary': {
      const p = BINARY_PREC[e.operator];
      return `${wrap(e.left, p)} ${e.operator} ${wrap(e.right, p + 1)}`;
    }
    case 'Comparison':
      return e.operands.map((o, i) => (i === 0 ? '' : ` ${e.operators[i - 1]} `) + wrap(o, 6)).join('');
    case 'IsNull':
      return `${wrap(e.operand, 6)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'IsType':
      return `${wrap(e.operand, 6)} IS ${e.negated ? 'NOT ' : ''}:: ${cypherType(e.type)}`;
    case 'Case':
      return `CASE${e.test === null ? '' : ` ${expr(e.test)}`}${e.alternatives.map((a) => ` WHEN ${expr(a.when)} THEN ${expr(a.then)}`).join('')}${e.else === null ? '' : ` ELSE ${expr(e.else)}`} END`;
    case 'ListComprehension':
      return `[${sym(e.variable.name)} IN ${expr(e.list)}${where(e.where)}${e.projection === null ? '' : ` | ${expr(e.projection)}`}]`;
    case 'PatternComprehension':
      return `[${e.variable === null ? '' : `${sym(e.variable.name)} = `}${element(e.element)}${where(e.where)} | ${expr(e.projection)}]`;
    case 'Quantifier':
      return `${e.quantifier}(${sym(e.variable.name)} IN ${expr(e.list)}${where(e.where)})`;
    case 'Reduce':
      return `reduce(${sym(e.accumulator.name)} = ${expr(e.init)}, ${sym(e.variable.name)} IN ${expr(e.list)} | ${expr(e.expression)})`;
    case 'MapProjection':
      return `${sym(e.variable.name)}{${list(e.items, mapProjectionItem)}}`;
    case 'PatternExpression':
      return element(e.element);
    case 'ExistsSubquery':
      return `EXISTS { ${query(e.query)} }`;
    case 'CountSubquery':
      return `COUNT { ${query(e.query)} }`;
    case 'CollectSubquery':
      return `COLLECT { ${query(e.query)} }`;
    default:
      return assertNever(e);
  }
}

/** Function names are printed as written unless they could be misread (reserved words, odd names). */
function fnName(n: string): string {
  if (!PLAIN.test(n)) return escape(n);
  const up = n.toUpperCase();
  if (up === 'EXISTS' || up === 'COUNT') return n;
  return isReserved(n) || ['ANY', 'NONE', 'SINGLE', 'REDUCE', 'COLLECT', 'SHORTESTPATH', 'ALLSHORTESTPATHS'].includes(up) ? escape(n) : n;
}

function mapProjectionItem(i: A.MapProjectionItem): string {
  switch (i.kind) {
    case 'PropertySelector':
      return `.${key(i.key)}`;
    case 'AllPropertiesSelector':
      return '.*';
    case 'LiteralEntry':
      return `${key(i.key)}: ${expr(i.value)}`;
    case 'VariableSelector':
      return sym(i.variable.name);
    default:
      return assertNever(i);
  }
}

function cypherType(t: A.CypherType): string {
  return t.alternatives.map((a) => `${a.name}${a.inner === null ? '' : `<${cypherType(a.inner)}>`}${a.notNull ? ' NOT NULL' : ''}`).join(' | ');
}

// ------------------------------------------------------------------------------------------ commands

function opt(cond: boolean, s: string): string {
  return cond ? s : '';
}

function mapOrParam(m: A.MapLiteral | A.Parameter): string {
  return m.kind === 'Parameter' ? param(m) : expr(m);
}

function wait(w: A.WaitOption | null): string {
  if (w === null) return '';
  if (!w.wait) return ' NOWAIT';
  return ` WAIT${w.seconds === null ? '' : ` ${w.seconds} SECONDS`}`;
}

function showTail(t: A.ShowTail | null): string {
  if (t === null) return '';
  if (t.yield === null) return where(t.where);
  const y = t.yield;
  return ` YIELD ${y.star ? '*' : list(y.items, yieldItem)}${orderSkipLimit(y)}${where(t.where)}${t.return === null ? '' : ` RETURN ${projection(t.return.projection)}`}`;
}

function entity(e: A.SchemaEntity): string {
  const l = e.labels === null ? '' : `:${labels(e.labels)}`;
  if (e.entity === 'NODE') return `(${sym(e.variable)}${l})`;
  return `()${e.direction === 'in' ? '<' : ''}-[${sym(e.variable)}${l}]-${e.direction === 'out' ? '>' : ''}()`;
}

function propRef(p: A.PropertyRef): string {
  return `${sym(p.variable)}.${key(p.key)}`;
}

function constraintSpec(s: A.ConstraintSpec): string {
  if (s.form === 'EXISTS') return `EXISTS (${propRef(s.properties[0]!)})`;
  const props = s.parenthesized ? `(${list(s.properties, propRef)})` : propRef(s.properties[0]!);
  const ent = s.entityKeyword === null ? '' : `${s.entityKeyword} `;
  switch (s.constraint) {
    case 'UNIQUE':
      return `${props} IS ${ent}UNIQUE`;
    case 'NODE_KEY':
    case 'RELATIONSHIP_KEY':
    case 'KEY':
      return `${props} IS ${ent}KEY`;
    case 'NOT_NULL':
      return `${props} IS NOT NULL`;
    case 'PROPERTY_TYPE':
      return `${props} ${s.form === 'IS TYPED' ? 'IS TYPED' : s.form === '::' ? '::' : 'IS ::'} ${cypherType(s.type!)}`;
    default:
      return assertNever(s.constraint);
  }
}

function aliasSettings(a: A.AliasSettings): string {
  let s = '';
  if (a.url !== null) s += ` AT ${expr(a.url)}`;
  if (a.user !== null) s += ` USER ${nameRef(a.user)}`;
  if (a.password !== null) s += ` PASSWORD ${expr(a.password)}`;
  if (a.driver !== null) s += ` DRIVER ${mapOrParam(a.driver)}`;
  if (a.properties !== null) s += ` PROPERTIES ${mapOrParam(a.properties)}`;
  return s;
}

function userSetting(u: A.UserSetting): string {
  switch (u.kind) {
    case 'SetPassword': {
      const enc = u.encrypted === null ? '' : u.encrypted ? 'ENCRYPTED ' : 'PLAINTEXT ';
      const change = u.changeRequired === null ? '' : ` CHANGE ${u.changeRequired ? '' : 'NOT '}REQUIRED`;
      return ` SET ${enc}PASSWORD${u.password === null ? '' : ` ${expr(u.password)}`}${change}`;
    }
    case 'SetStatus':
      return ` SET STATUS ${u.status}`;
    case 'SetHomeDatabase':
      return ` SET HOME DATABASE ${dbRef(u.database)}`;
    case 'RemoveHomeDatabase':
      return ' REMOVE HOME DATABASE';
    default:
      return assertNever(u);
  }
}

function alterDatabaseAction(a: A.AlterDatabaseAction): string {
  switch (a.kind) {
    case 'SetAccess':
      return ` SET ACCESS ${a.access}`;
    case 'SetOption':
      return ` SET OPTION ${key(a.key)} ${expr(a.value)}`;
    case 'RemoveOption':
      return ` REMOVE OPTION ${key(a.key)}`;
    case 'SetLimits':
      return ` SET LIMIT ${list(a.limits, (l) => `${key(l.key)} = ${expr(l.value)}`)}`;
    case 'RemoveLimits':
      return ` REMOVE LIMIT ${list(a.keys, key)}`;
    default:
      return assertNever(a);
  }
}

function privilegeTarget(t: A.PrivilegeTarget): string {
  if (t.kind === 'Dbms') return 'DBMS';
  const word = t.kind === 'DatabaseTarget' ? 'DATABASE' : 'GRAPH';
  let s: string;
  if (t.scope === 'HOME' || t.scope === 'DEFAULT') s = `${t.scope} ${word}`;
  else s = `${word}${t.plural ? 'S' : ''} ${t.scope === 'ALL' ? '*' : list(t.names, dbRef)}`;
  const q = t.qualifier;
  if (q !== null) s += ` ${q.entity} ${q.names === null ? '*' : list(q.names, key)}${q.starSuffix ? ' (*)' : ''}`;
  return s;
}

function command(c: A.SchemaCommand | A.AdminCommand): string {
  switch (c.kind) {
    case 'CreateIndex': {
      const head = `CREATE ${opt(c.orReplace, 'OR REPLACE ')}${c.indexType === null ? '' : `${c.indexType} `}INDEX`;
      if (c.syntax === 'ON') {
        return `${head} ON :${labels(c.entity.labels!)}(${list(c.properties, (p) => key(p.key))})`;
      }
      let on: string;
      if (c.each === 'list') on = `EACH [${list(c.properties, propRef)}]`;
      else if (c.each !== null) on = `EACH ${sym(c.each.function)}(${sym(c.entity.variable)})`;
      else on = `(${list(c.properties, propRef)})`;
      return `${head}${c.name === null ? '' : ` ${nameRef(c.name)}`}${opt(c.ifNotExists, ' IF NOT EXISTS')} FOR ${entity(c.entity)} ON ${on}${c.options === null ? '' : ` OPTIONS ${mapOrParam(c.options)}`}`;
    }
    case 'DropIndex':
      if (c.on !== null) return `DROP INDEX ON :${key(c.on.label)}(${list(c.on.properties, key)})`;
      return `DROP INDEX ${nameRef(c.name!)}${opt(c.ifExists, ' IF EXISTS')}`;
    case 'CreateConstraint':
      return `CREATE ${opt(c.orReplace, 'OR REPLACE ')}CONSTRAINT${c.name === null ? '' : ` ${nameRef(c.name)}`}${opt(c.ifNotExists, ' IF NOT EXISTS')} ${c.syntax === 'ON' ? 'ON' : 'FOR'} ${entity(c.entity)} ${c.syntax === 'ON' ? 'ASSERT' : 'REQUIRE'} ${constraintSpec(c.spec)}${c.options === null ? '' : ` OPTIONS ${mapOrParam(c.options)}`}`;
    case 'DropConstraint':
      if (c.on !== null) return `DROP CONSTRAINT ON ${entity(c.on.entity)} ASSERT ${constraintSpec(c.on.spec)}`;
      return `DROP CONSTRAINT ${nameRef(c.name!)}${opt(c.ifExists, ' IF EXISTS')}`;
    case 'ShowIndexes':
    case 'ShowConstraints': {
      const word = c.kind === 'ShowIndexes' ? 'INDEXES' : 'CONSTRAINTS';
      return `SHOW ${c.filter.map((f) => `${f} `).join('')}${word}${c.output === null ? '' : ` ${c.output} OUTPUT`}${showTail(c.tail)}`;
    }
    case 'ShowDatabases': {
      let s: string;
      if (c.scope === 'DEFAULT' || c.scope === 'HOME') s = `SHOW ${c.scope} DATABASE`;
      else if (c.scope === 'DROPPED') s = `SHOW DROPPED DATABASE${c.plural ? 'S' : ''}`;
      else if (c.name !== null) s = `SHOW DATABASE ${dbRef(c.name)}`;
      else s = `SHOW DATABASE${c.plural ? 'S' : ''}`;
      return s + showTail(c.tail);
    }
    case 'CreateDatabase':
      return `CREATE ${opt(c.orReplace, 'OR REPLACE ')}DATABASE ${dbRef(c.name)}${opt(c.ifNotExists, ' IF NOT EXISTS')}${c.options === null ? '' : ` OPTIONS ${mapOrParam(c.options)}`}${wait(c.wait)}`;
    case 'AlterDatabase':
      return `ALTER DATABASE ${dbRef(c.name)}${opt(c.ifExists, ' IF EXISTS')}${c.actions.map(alterDatabaseAction).join('')}${wait(c.wait)}`;
    case 'StartDatabase':
      return `START DATABASE ${dbRef(c.name)}${wait(c.wait)}`;
    case 'StopDatabase':
      return `STOP DATABASE ${dbRef(c.name)}${wait(c.wait)}`;
    case 'DropDatabase':
      return `DROP DATABASE ${dbRef(c.name)}${opt(c.ifExists, ' IF EXISTS')}${c.aliasAction === null ? '' : c.aliasAction === 'CASCADE' ? ' CASCADE ALIASES' : ' RESTRICT'}${c.dataAction === null ? '' : ` ${c.dataAction} DATA`}${wait(c.wait)}`;
    case 'RenameDatabase':
      return `RENAME DATABASE ${dbRef(c.from)}${opt(c.ifExists, ' IF EXISTS')} TO ${dbRef(c.to)}`;
    case 'UndropDatabase':
      return `UNDROP DATABASE ${dbRef(c.name)}`;
    case 'CreateAlias':
      return `CREATE ${opt(c.orReplace, 'OR REPLACE ')}ALIAS ${dbRef(c.name)}${opt(c.ifNotExists, ' IF NOT EXISTS')} FOR DATABASE ${dbRef(c.target)}${aliasSettings(c)}`;
    case 'AlterAlias':
      return `ALTER ALIAS ${dbRef(c.name)}${opt(c.ifExists, ' IF EXISTS')} SET DATABASE${c.target === null ? '' : ` TARGET ${dbRef(c.target)}`}${aliasSettings(c)}`;
    case 'DropAlias':
      return `DROP ALIAS ${dbRef(c.name)}${opt(c.ifExists, ' IF EXISTS')} FOR DATABASE`;
    case 'ShowAliases':
      return `SHOW ALIAS${c.plural ? 'ES' : ''}${c.name === null ? '' : ` ${dbRef(c.name)}`} FOR DATABASE${c.pluralDatabase ? 'S' : ''}${c.target === null ? '' : ` ${dbRef(c.target)}`}${showTail(c.tail)}`;
    case 'ShowLimits':
    case 'ShowUsage':
      return `SHOW ${c.kind === 'ShowLimits' ? 'LIMITS' : 'USAGE'}${c.database === null ? '' : ` FOR DATABASE ${dbRef(c.database)}`}${showTail(c.tail)}`;
    case 'CreateUser':
      return `CREATE ${opt(c.orReplace, 'OR REPLACE ')}USER ${nameRef(c.name)}${opt(c.ifNotExists, ' IF NOT EXISTS')}${c.settings.map(userSetting).join('')}`;
    case 'AlterUser':
      return `ALTER USER ${nameRef(c.name)}${opt(c.ifExists, ' IF EXISTS')}${c.settings.map(userSetting).join('')}`;
    case 'AlterCurrentUser':
      return `ALTER CURRENT USER SET PASSWORD FROM ${expr(c.oldPassword)} TO ${expr(c.newPassword)}`;
    case 'RenameUser':
    case 'RenameRole':
      return `RENAME ${c.kind === 'RenameUser' ? 'USER' : 'ROLE'} ${nameRef(c.from)}${opt(c.ifExists, ' IF EXISTS')} TO ${nameRef(c.to)}`;
    case 'DropUser':
    case 'DropRole':
      return `DROP ${c.kind === 'DropUser' ? 'USER' : 'ROLE'} ${nameRef(c.name)}${opt(c.ifExists, ' IF EXISTS')}`;
    case 'ShowUsers':
      return `SHOW USERS${opt(c.withAuth, ' WITH AUTH')}${showTail(c.tail)}`;
    case 'ShowCurrentUser':
      return `SHOW CURRENT USER${showTail(c.tail)}`;
    case 'CreateRole':
      return `CREATE ${opt(c.orReplace, 'OR REPLACE ')}ROLE ${nameRef(c.name)}${opt(c.ifNotExists, ' IF NOT EXISTS')}${c.copyOf === null ? '' : ` AS COPY OF ${nameRef(c.copyOf)}`}`;
    case 'ShowRoles':
      return `SHOW ${c.scope === null ? '' : `${c.scope} `}ROLES${opt(c.withUsers, ' WITH USERS')}${showTail(c.tail)}`;
    case 'GrantRole':
      return `GRANT ROLES ${list(c.roles, nameRef)} TO ${list(c.users, nameRef)}`;
    case 'RevokeRole':
      return `REVOKE ROLES ${list(c.roles, nameRef)} FROM ${list(c.users, nameRef)}`;
    case 'PrivilegeCommand': {
      let action = c.action;
      if (c.labels !== null) action += ` ${c.labels === '*' ? '*' : list(c.labels, key)}`;
      if (c.properties !== null) action += ` {${c.properties === '*' ? '*' : list(c.properties, key)}}`;
      const head = `${c.command}${c.revokeKind === null ? '' : ` ${c.revokeKind}`}${opt(c.immutable, ' IMMUTABLE')}`;
      return `${head} ${action} ON ${privilegeTarget(c.target)} ${c.command === 'REVOKE' ? 'FROM' : 'TO'} ${list(c.roles, nameRef)}`;
    }
    case 'ShowPrivileges': {
      const names = c.names.length === 0 ? '' : ` ${list(c.names, nameRef)}`;
      const [lead, ...rest] = c.keywords.split(' ');
      const isPriv = lead!.startsWith('PRIVILEGE');
      return `SHOW ${isPriv ? '' : lead}${isPriv ? '' : names}${isPriv ? '' : ' '}${isPriv ? c.keywords : rest.join(' ')}${showTail(c.tail)}`;
    }
    case 'ShowCatalog':
      return `SHOW ${c.catalog}${showTail(c.tail)}`;
    default:
      return assertNever(c);
  }
}
