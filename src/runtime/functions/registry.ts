// The function registry: every Cypher function the runtime can call, by lower-case qualified name
// (`tolower`, `date.truncate`, `duration.between`). Scalar functions are pure over values;
// functions that need the graph (labels(n), type(r), ...) read what they need from the entity
// values themselves (NodeValue / RelationshipValue carry labels, type and properties).
import type { Temporal } from 'temporal-polyfill';
import type { Value } from '../../values/types.js';

export interface FunctionContext {
  /**
   * The statement's clock: `datetime()`, `date()`, `timestamp()` and friends without arguments all
   * see this instant within one statement (Cypher's "statement" clock); `realtime` variants read
   * the wall clock.
   */
  readonly statementInstant: Temporal.Instant;
  /** The session's default time zone (IANA id), `UTC` unless configured. */
  readonly defaultTimeZone: string;
  /** Random numbers for rand() / randomUUID(); seedable in tests. */
  random(): number;
}

export interface ScalarFunction {
  /** Lower-case, qualified with dots: `tolower`, `date.truncate`. */
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for variadic functions (coalesce). */
  readonly maxArgs: number;
  /** False for rand(), randomUUID(), timestamp(), datetime() without arguments, ... */
  readonly deterministic: boolean;
  /**
   * Receives evaluated arguments. Null handling is the function's own (most return null when an
   * argument is null). Bad arguments throw QuiverErrors with an openCypher detail, e.g.
   * `cypherError('TypeError', 'InvalidArgumentType', ...)` or
   * `cypherError('ArgumentError', 'NumberOutOfRange', ...)`.
   */
  call(args: readonly Value[], ctx: FunctionContext): Value;
}

/** One group's running state of an aggregation. */
export interface Accumulator {
  /** Adds one row's evaluated arguments (DISTINCT is applied by the caller). */
  add(args: readonly Value[]): void;
  result(): Value;
  /** Bytes of memory held (for collect/percentiles), so queries can account for it. */
  readonly memory?: number;
}

export interface AggregateFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  /** `constants` are extra arguments that must be the same on every row (percentileCont's p). */
  create(ctx: FunctionContext): Accumulator;
}

const scalars = new Map<string, ScalarFunction>();
const aggregates = new Map<string, AggregateFunction>();

export function registerScalar(...fs: ScalarFunction[]): void {
  for (const f of fs) scalars.set(f.name, f);
}

export function registerAggregate(...fs: AggregateFunction[]): void {
  for (const f of fs) aggregates.set(f.name, f);
}

/** Looks a function up by name as written (case-insensitive), e.g. `toLower`, `Date.Truncate`. */
export function lookupScalar(name: string): ScalarFunction | undefined {
  return scalars.get(name.toLowerCase());
}

export function lookupAggregate(name: string): AggregateFunction | undefined {
  return aggregates.get(name.toLowerCase());
}

export function allFunctionNames(): string[] {
  return [...scalars.keys(), ...aggregates.keys()].sort();
}
