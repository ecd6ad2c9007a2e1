// Aggregating functions. Every one skips null inputs (count(*) is the runtime's own); DISTINCT is
// applied by the caller before `add`. Results over no rows: count 0, sum 0, stDev/stDevP 0.0,
// collect [], the others null.
import { cypherError } from '../../errors.js';
import { compareNumbers, compareValues } from '../../values/compare.js';
import { DurationValue, type Value } from '../../values/types.js';
import { registerAggregate, type Accumulator, type AggregateFunction } from './registry.js';
import { checkedInt, describe, isNumber } from './support.js';
import { temporalArithmetic } from './temporal/arithmetic.js';

/** A rough size in bytes of a value held by an accumulator (for memory accounting). */
export function approxSize(v: Value): number {
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return 8;
  if (typeof v === 'bigint') return 16;
  if (typeof v === 'string') return 16 + 2 * v.length;
  if (v instanceof Uint8Array) return 16 + v.length;
  if (Array.isArray(v)) {
    let n = 16 + 8 * v.length;
    for (const x of v as readonly Value[]) n += approxSize(x);
    return n;
  }
  if (v instanceof Map) {
    let n = 32;
    for (const [k, x] of v) n += 24 + 2 * k.length + approxSize(x);
    return n;
  }
  return 64; // temporal, spatial and entity values: small objects, entities shared with the row
}

function aggregate(name: string, minArgs: number, maxArgs: number, create: () => Accumulator): AggregateFunction {
  return { name: name.toLowerCase(), minArgs, maxArgs, create };
}

function notNumeric(fn: string, v: Value, alsoDurations: boolean): Error {
  const what = alsoDurations ? 'numerical values, durations, and null' : 'numerical values and null';
  return cypherError('TypeError', 'InvalidArgumentValue', `${fn}() can only handle ${what}. Got ${describe(v)}`);
}

const NANOS = 1_000_000_000n;

function addDurations(a: DurationValue, b: DurationValue): DurationValue {
  const nanos = a.seconds * NANOS + BigInt(a.nanoseconds) + b.seconds * NANOS + BigInt(b.nanoseconds);
  return new DurationValue(checkedInt(a.months + b.months), checkedInt(a.days + b.days), 0n, nanos);
}

const AVG_SECONDS_PER_MONTH = 2_629_746; // 30.436875 days, as Neo4j averages months
const SECONDS_PER_DAY = 86_400;

/** Neo4j's DurationValue.approximate: fractional months and days spill into seconds and nanos. */
export function approximateDuration(months: number, days: number, seconds: number, nanos: number): DurationValue {
  const m = Math.trunc(months);
  const d = Math.trunc(days);
  let nanosTotal = nanos + (months - m) * AVG_SECONDS_PER_MONTH * 1e9 + (days - d) * SECONDS_PER_DAY * 1e9;
  const s = Math.trunc(seconds);
  nanosTotal += (seconds - s) * 1e9;
  return new DurationValue(BigInt(m), BigInt(d), BigInt(s), BigInt(Math.trunc(nanosTotal)));
}

/** Running sum of numbers (exact for INTEGERs) or of durations; shared by sum() and avg(). */
class NumericSum {
  ints = 0n;
  floats = 0;
  anyFloat = false;
  duration: DurationValue | null = null;
  count = 0;

  constructor(private readonly fn: string) {}

  add(v: Value): void {
    if (v === null) return;
    if (typeof v === 'bigint') {
      if (this.duration !== null) throw notNumeric(this.fn, v, true);
      this.ints += v;
    } else if (typeof v === 'number') {
      if (this.duration !== null) throw notNumeric(this.fn, v, true);
      this.floats += v;
      this.anyFloat = true;
    } else if (v instanceof DurationValue) {
      if (this.count > 0 && this.duration === null) throw notNumeric(this.fn, v, true);
      this.duration = this.duration === null ? v : addDurations(this.duration, v);
    } else {
      throw notNumeric(this.fn, v, true);
    }
    this.count++;
  }

  /** The sum: INTEGER unless a FLOAT was seen (int64 overflow is an error), or a DURATION. */
  total(): Value {
    if (this.duration !== null) return this.duration;
    if (this.anyFloat) return Number(this.ints) + this.floats;
    return checkedInt(this.ints);
  }
}

class SumAccumulator implements Accumulator {
  private readonly sum = new NumericSum('sum');
  readonly memory = 64;
  add(args: readonly Value[]): void {
    this.sum.add(args[0]!);
  }
  result(): Value {
    return this.sum.total();
  }
}

class AvgAccumulator implements Accumulator {
  private readonly sum = new NumericSum('avg');
  readonly memory = 64;
  add(args: readonly Value[]): void {
    this.sum.add(args[0]!);
  }
  result(): Value {
    const { count, duration } = this.sum;
    if (count === 0) return null;
    if (duration !== null) {
      const viaHook = temporalArithmetic('/', duration, BigInt(count));
      if (viaHook !== undefined) return viaHook;
      const total = duration.seconds * NANOS + BigInt(duration.nanoseconds);
      const secs = total / NANOS;
      return approximateDuration(
        Number(duration.months) / count,
        Number(duration.days) / count,
        Number(secs) / count,
        Number(total - secs * NANOS) / count,
      );
    }
    return (Number(this.sum.ints) + this.sum.floats) / count;
  }
}

class CountAccumulator implements Accumulator {
  private n = 0n;
  readonly memory = 16;
  add(args: readonly Value[]): void {
    if (args[0] !== null) this.n++;
  }
  result(): Value {
    return this.n;
  }
}

class ExtremeAccumulator implements Accumulator {
  private best: Value = null;
  private seen = false;
  memory = 16;
  constructor(private readonly sign: 1 | -1) {}
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    if (!this.seen || this.sign * compareValues(v, this.best) > 0) {
      this.best = v;
      this.seen = true;
      this.memory = 16 + approxSize(v);
    }
  }
  result(): Value {
    return this.best;
  }
}

class CollectAccumulator implements Accumulator {
  private readonly items: Value[] = [];
  memory = 16;
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    this.items.push(v);
    this.memory += 8 + approxSize(v);
  }
  result(): Value {
    return this.items.slice();
  }
}

/** Welford's running variance; stDev is the sample deviation, stDevP the population one. */
class StDevAccumulator implements Accumulator {
  private n = 0;
  private mean = 0;
  private m2 = 0;
  readonly memory = 32;
  constructor(
    private readonly fn: string,
    private readonly population: boolean,
  ) {}
  add(args: readonly Value[]): void {
    const v = args[0]!;
    if (v === null) return;
    if (!isNumber(v)) throw notNumeric(this.fn, v, false);
    const x = Number(v);
    this.n++;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }
  result(): Value {
    if (this.population) return this.n === 0 ? 0 : Math.sqrt(this.m2 / this.n);
    return this.n < 2 ? 0 : Math.sqrt(this.m2 / (this.n - 1));
  }
}

/** Reads the percentile argument: a number in [0, 1], checked on every row as Neo4j does. */
function percentileArg(fn: string, p: Value | undefined): number {
  if (!isNumber(p ?? null)) {
    throw cypherError('ArgumentError', 'InvalidArgumentType', `${fn}(): the percentile must be a number, got ${describe(p ?? null)}`);
  }
  const x = Number(p);
  if (!(x >= 0 && x <= 1)) {
    throw cypherError(
      'ArgumentError',
      'NumberOutOfRange',
      `Invalid input '${describe(p!)}' is not a valid argument, must be a number in the range 0.0 to 1.0`,
    );
  }
  return x;
}

class PercentileAccumulator implements Accumulator {
  private readonly values: (number | bigint)[] = [];
  private percentile = 0;
  memory = 16;
  constructor(
    private readonly fn: string,
    private readonly continuous: boolean,
  ) {}
  add(args: readonly Value[]): void {
    this.percentile = percentileArg(this.fn, args[1]);
    const v = args[0]!;
    if (v === null) return;
    if (!isNumber(v)) throw notNumeric(this.fn, v, false);
    this.values.push(v);
    this.memory += 24;
  }
  result(): Value {
    const count = this.values.length;
    if (count === 0) return null;
    const sorted = this.values.slice().sort(compareNumbers);
    const p = this.percentile;
    if (this.continuous) {
      const floatIdx = p * (count - 1);
      const floor = Math.floor(floatIdx);
      const ceil = Math.ceil(floatIdx);
      if (ceil === floor || floor === count - 1) return Number(sorted[floor]!);
      return Number(sorted[floor]!) * (ceil - floatIdx) + Number(sorted[ceil]!) * (floatIdx - floor);
    }
    if (p === 1 || count === 1) return sorted[count - 1]!;
    const floatIdx = p * count;
    const toInt = Math.trunc(floatIdx);
    const idx = floatIdx !== toInt || toInt === 0 ? toInt : toInt - 1;
    return sorted[idx]!;
  }
}

registerAggregate(
  aggregate('count', 1, 1, () => new CountAccumulator()),
  aggregate('sum', 1, 1, () => new SumAccumulator()),
  aggregate('avg', 1, 1, () => new AvgAccumulator()),
  aggregate('min', 1, 1, () => new ExtremeAccumulator(-1)),
  aggregate('max', 1, 1, () => new ExtremeAccumulator(1)),
  aggregate('collect', 1, 1, () => new CollectAccumulator()),
  aggregate('stDev', 1, 1, () => new StDevAccumulator('stDev', false)),
  aggregate('stDevP', 1, 1, () => new StDevAccumulator('stDevP', true)),
  aggregate('percentileCont', 2, 2, () => new PercentileAccumulator('percentileCont', true)),
  aggregate('percentileDisc', 2, 2, () => new PercentileAccumulator('percentileDisc', false)),
);
