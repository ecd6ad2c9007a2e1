// `SHOW ... [YIELD ... [ORDER BY] [SKIP] [LIMIT]] [WHERE ...] [RETURN ...]` over a command's rows.
// The tail is ordinary Cypher over the rows' columns, so it is run as ordinary Cypher: the rows go
// in as a parameter and the tail becomes WITH/RETURN clauses, planned and executed by the engine
// (every expression, function, ordering and aggregation the engine has, no second evaluator).
import type * as A from '../cypher/index.js';
import { printExpression } from '../cypher/index.js';
import { quiverError } from '../errors.js';
import type { Value } from '../values/types.js';

/** Runs a read-only Cypher query (the caller picks the database; the query touches no data). */
export type QueryRunner = (text: string, params: ReadonlyMap<string, Value>) => Promise<{ columns: string[]; rows: Value[][] }>;

export interface ShowTable {
  /** Every column a YIELD may name, in YIELD * order. */
  readonly columns: readonly string[];
  /** The columns shown without YIELD. */
  readonly defaults: readonly string[];
  /** Rows aligned with `columns`. */
  readonly rows: readonly (readonly Value[])[];
}

const ROWS_PARAM = 'quiverShowRows';

/** Backtick-quotes a column name (`default`, `home` and friends are keywords). */
function q(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

function orderSkipLimit(p: { readonly orderBy: readonly A.SortItem[]; readonly skip: A.Expression | null; readonly limit: A.Expression | null }): string {
  let s = '';
  if (p.orderBy.length > 0) s += ` ORDER BY ${p.orderBy.map((o) => `${printExpression(o.expression)}${o.descending ? ' DESC' : ''}`).join(', ')}`;
  if (p.skip !== null) s += ` SKIP ${printExpression(p.skip)}`;
  if (p.limit !== null) s += ` LIMIT ${printExpression(p.limit)}`;
  return s;
}

function projection(p: A.Projection): string {
  const items = [...(p.star ? ['*'] : []), ...p.items.map((i) => `${printExpression(i.expression)} AS ${q(i.alias?.name ?? i.text)}`)];
  return `${p.distinct ? 'DISTINCT ' : ''}${items.join(', ')}${orderSkipLimit(p)}`;
}

/** The Cypher text a tail stands for, given the table's columns. */
export function tailQuery(table: Pick<ShowTable, 'columns' | 'defaults'>, tail: A.ShowTail): string {
  const bind = table.columns.map((c, i) => `__row[${i}] AS ${q(c)}`).join(', ');
  let text = `UNWIND $${ROWS_PARAM} AS __row WITH ${bind}`;
  const where = tail.where === null ? '' : ` WHERE ${printExpression(tail.where)}`;
  if (tail.yield === null) {
    text += ` WITH *${where} RETURN ${table.defaults.map(q).join(', ')}`;
    return text;
  }
  const y = tail.yield;
  const yielded = y.star ? [...table.columns] : y.items.map((i) => i.alias?.name ?? i.field);
  const items = y.star ? '*' : y.items.map((i) => `${q(i.field)} AS ${q(i.alias?.name ?? i.field)}`).join(', ');
  text += ` WITH ${items}${orderSkipLimit(y)}${where}`;
  text += tail.return === null ? ` RETURN ${yielded.map(q).join(', ')}` : ` RETURN ${projection(tail.return.projection)}`;
  return text;
}

/** Applies a SHOW command's tail (or picks the default columns when there is none). */
export async function applyShowTail(
  table: ShowTable,
  tail: A.ShowTail | null,
  params: ReadonlyMap<string, Value>,
  run: QueryRunner,
): Promise<{ columns: string[]; rows: Value[][] }> {
  if (tail === null) {
    const idx = table.defaults.map((c) => table.columns.indexOf(c));
    return { columns: [...table.defaults], rows: table.rows.map((r) => idx.map((i) => r[i] ?? null)) };
  }
  for (const item of tail.yield?.items ?? []) {
    if (!table.columns.includes(item.field)) {
      throw quiverError('SyntaxError', `Trying to YIELD non-existing column: \`${item.field}\`. Available columns: ${table.columns.join(', ')}.`);
    }
  }
  const all = new Map(params);
  all.set(ROWS_PARAM, table.rows as Value);
  return run(tailQuery(table, tail), all);
}
