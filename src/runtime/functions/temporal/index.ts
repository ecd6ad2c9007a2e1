// Registers the temporal functions: the five instant constructors with their clock variants and
// truncation, duration() and its between/inMonths/inDays/inSeconds, and datetime.fromepoch[millis].
//
// Constructors are registered as non-deterministic because without arguments they read a clock;
// the statement clock is fixed within one statement, so results never change mid-statement.
import { registerScalar, type FunctionContext, type ScalarFunction } from '../registry.js';
import { scalar } from '../support.js';
import type { Value } from '../../../values/types.js';
import { guardRange, Temporal, zoneArgument } from './common.js';
import { construct, constructDuration, fromEpoch, fromEpochMillis, nowValue, type TemporalKind } from './construct.js';
import { durationBetween, durationInDays, durationInMonths, durationInSeconds } from './duration.js';
import { truncate } from './truncate.js';

const KINDS: readonly TemporalKind[] = ['date', 'localtime', 'time', 'localdatetime', 'datetime'];

function clock(kind: TemporalKind, instant: (ctx: FunctionContext) => Temporal.Instant) {
  return (args: readonly Value[], ctx: FunctionContext): Value =>
    args.length > 0 && args[0] === null ? null : nowValue(kind, instant(ctx), zoneArgument(args[0] ?? null, ctx.defaultTimeZone));
}

const statementClock = (ctx: FunctionContext): Temporal.Instant => ctx.statementInstant;
const wallClock = (): Temporal.Instant => Temporal.Now.instant();

function kindFunctions(kind: TemporalKind): ScalarFunction[] {
  return [
    scalar(
      kind,
      0,
      1,
      (args, ctx) => (args.length === 0 ? nowValue(kind, ctx.statementInstant, zoneArgument(null, ctx.defaultTimeZone)) : construct(kind, args[0]!, ctx)),
      false,
    ),
    // Queries run in one statement per transaction here, so the transaction clock is the statement's.
    scalar(`${kind}.transaction`, 0, 1, clock(kind, statementClock), false),
    scalar(`${kind}.statement`, 0, 1, clock(kind, statementClock), false),
    scalar(`${kind}.realtime`, 0, 1, clock(kind, wallClock), false),
    scalar(`${kind}.truncate`, 2, 3, (args, ctx) => truncate(kind, args, ctx)),
  ];
}

/** Every temporal function, for registration and for tests that call them directly. */
export const TEMPORAL_FUNCTIONS: readonly ScalarFunction[] = [
  ...KINDS.flatMap(kindFunctions),
  scalar('duration', 1, 1, ([v]) => constructDuration(v!)),
  scalar('duration.between', 2, 2, ([a, b]) => durationBetween(a!, b!)),
  scalar('duration.inMonths', 2, 2, ([a, b]) => durationInMonths(a!, b!)),
  scalar('duration.inDays', 2, 2, ([a, b]) => durationInDays(a!, b!)),
  scalar('duration.inSeconds', 2, 2, ([a, b]) => durationInSeconds(a!, b!)),
  scalar('datetime.fromepoch', 2, 2, ([s, n]) => fromEpoch(s!, n!)),
  scalar('datetime.fromepochmillis', 1, 1, ([ms]) => fromEpochMillis(ms!)),
];

/** Temporal's own RangeErrors (dates beyond its range) surface as Cypher ArgumentErrors. */
function guarded(f: ScalarFunction): ScalarFunction {
  return { ...f, call: (args, ctx) => guardRange(f.name, () => f.call(args, ctx)) };
}

registerScalar(...TEMPORAL_FUNCTIONS.map(guarded));

export { temporalArithmetic } from './arithmetic.js';
export { temporalProperty } from './accessors.js';
export { temporalToString } from './format.js';
