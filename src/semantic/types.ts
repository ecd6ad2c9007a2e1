// A small static type inference: the type an expression certainly has, where the query text alone
// says so (literals, list and map literals, variables bound to nodes, relationships or paths,
// operators whose result type is fixed). 'ANY' when it depends on data; checks only refuse what
// is certain, so valid queries are never refused.
import type * as A from '../cypher/index.js';

export type StaticType = 'ANY' | 'NULL' | 'BOOLEAN' | 'INTEGER' | 'FLOAT' | 'STRING' | 'LIST' | 'MAP' | 'NODE' | 'RELATIONSHIP' | 'PATH' | 'POINT' | `TEMPORAL ${string}`;

type VarKind = 'node' | 'rel' | 'path' | 'any' | `t:${string}`;

export function staticType(e: A.Expression, scope: ReadonlyMap<string, VarKind>): StaticType {
  switch (e.kind) {
    case 'Literal': {
      const v = e.value;
      if (v === null) return 'NULL';
      if (typeof v === 'boolean') return 'BOOLEAN';
      if (typeof v === 'bigint') return 'INTEGER';
      if (typeof v === 'number') return 'FLOAT';
      return 'STRING';
    }
    case 'ListLiteral':
    case 'ListComprehension':
    case 'PatternComprehension':
    case 'CollectSubquery':
      return 'LIST';
    case 'MapLiteral':
    case 'MapProjection':
      return 'MAP';
    case 'Variable': {
      const k = scope.get(e.name);
      if (k?.startsWith('t:')) return k.slice(2) as StaticType;
      return k === 'node' ? 'NODE' : k === 'rel' ? 'RELATIONSHIP' : k === 'path' ? 'PATH' : 'ANY';
    }
    case 'Comparison':
    case 'IsNull':
    case 'IsType':
    case 'HasLabels':
    case 'Quantifier':
    case 'PatternExpression':
    case 'ExistsSubquery':
      return 'BOOLEAN';
    case 'CountSubquery':
      return 'INTEGER';
    case 'Binary':
      switch (e.operator) {
        case 'AND':
        case 'OR':
        case 'XOR':
        case 'IN':
        case 'STARTS WITH':
        case 'ENDS WITH':
        case 'CONTAINS':
        case '=~':
          return 'BOOLEAN';
        case '+':
        case '-':
        case '*':
        case '/':
        case '%': {
          const l = staticType(e.left, scope);
          const r = staticType(e.right, scope);
          if (l === 'INTEGER' && r === 'INTEGER') return 'INTEGER';
          if ((l === 'FLOAT' || l === 'INTEGER') && (r === 'FLOAT' || r === 'INTEGER')) return 'FLOAT';
          if (e.operator === '+' && l === 'STRING' && r === 'STRING') return 'STRING';
          return 'ANY';
        }
        default:
          return 'ANY';
      }
    case 'Unary':
      return e.operator === 'NOT' ? 'BOOLEAN' : 'ANY';
    default:
      return 'ANY';
  }
}
