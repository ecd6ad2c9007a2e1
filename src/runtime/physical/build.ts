// Compiles a logical plan into operator factories, bottom-up. Exhaustive over plan kinds. A
// PROFILE build wraps every operator to count; an ordinary build has no wrappers.
import type { Plan } from '../../planner/index.js';
import { aggregate } from './aggregate.js';
import { apply, foreach, subqueryValue, union } from './apply.js';
import { concurrentUnion, join } from './join.js';
import { type Factory, mapBatches } from './operator.js';
import { type Profile, profiled } from './profile.js';
import { procedureCall } from './procedure.js';
import { expand, nodeById, nodeCount, nodeIndexSeek, nodeScan } from './read.js';
import { shortestPath } from './shortest-path.js';
import { argument, buildPath, distinct, eager, filter, limit, patternFilter, project, skip, sort, unwind } from './relational.js';
import { create, del, merge, remove, setItems } from './write.js';

/** The operators of a plan; with `profile`, each counts its rows and storage reads there. */
export function build(p: Plan, profile?: Profile): Factory {
  if (profile === undefined) return operator(p, (c) => build(c));
  return profiled(
    operator(p, (c) => build(c, profile)),
    profile.of(p),
  );
}

function operator(p: Plan, build: (p: Plan) => Factory): Factory {
  switch (p.kind) {
    case 'Argument':
      return argument();
    case 'NodeScan':
      return nodeScan(p, build(p.input));
    case 'NodeIndexSeek':
      return nodeIndexSeek(p, build(p.input));
    case 'NodeById':
      return nodeById(p, build(p.input));
    case 'NodeCount':
      return nodeCount(p, build(p.input));
    case 'Expand':
      return expand(p, build(p.input));
    case 'ShortestPath':
      return shortestPath(p, build(p.input));
    case 'Filter':
      return filter(p, build(p.input));
    case 'PatternFilter':
      return patternFilter(p, build(p.input));
    case 'Project':
      return project(p, build(p.input));
    case 'Aggregate':
      return aggregate(p, build(p.input));
    case 'Distinct':
      return distinct(p, build(p.input));
    case 'Sort':
      return sort(p, build(p.input));
    case 'Skip':
      return skip(p, build(p.input));
    case 'Limit':
      return limit(p, build(p.input));
    case 'Unwind':
      return unwind(p, build(p.input));
    case 'Apply':
      return apply(p, build(p.input), build(p.inner));
    case 'Eager':
      return eager(p, build(p.input));
    case 'Create':
      return create(p, build(p.input));
    case 'Merge':
      return merge(p, build(p.input), build(p.match));
    case 'Set':
      return setItems(p, build(p.input));
    case 'Remove':
      return remove(p, build(p.input));
    case 'Delete':
      return del(p, build(p.input));
    case 'Foreach':
      return foreach(p, build(p.input), build(p.body));
    case 'Union':
      return p.concurrent === true ? concurrentUnion(p, p.parts.map(build)) : union(p, p.parts.map(build));
    case 'Join':
      return join(p, build(p.left), build(p.right));
    case 'ProcedureCall':
      return procedureCall(p, build(p.input));
    case 'BuildPath':
      return buildPath(p, build(p.input));
    case 'SubqueryValue':
      return subqueryValue(p, build(p.input), build(p.inner));
    case 'Produce':
      return build(p.input);
    case 'Discard': {
      const input = build(p.input);
      // Runs the input to the end for its effects, yielding no rows.
      return (ctx, arg) => {
        const src = input(ctx, arg);
        return mapBatches(src, () => []);
      };
    }
  }
}
