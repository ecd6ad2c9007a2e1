// Mathematical functions. Numeric arguments may be INTEGER or FLOAT; results are FLOAT except
// abs (keeps the type) and sign (INTEGER). null gives null; other types raise a TypeError.
import { cypherError } from '../../errors.js';
import type { Value } from '../../values/types.js';
import { registerScalar, type ScalarFunction } from './registry.js';
import { argTypeError, asInt, checkedInt, isNumber, scalar } from './support.js';

function num(fn: string, v: Value): number {
  if (!isNumber(v)) throw argTypeError(fn, 'a number', v);
  return Number(v);
}

/** A FLOAT function of one number. */
function unary(name: string, f: (x: number) => number): ScalarFunction {
  return scalar(name, 1, 1, ([v]) => (v === null ? null : f(num(name, v!))));
}

export const ROUNDING_MODES = ['UP', 'DOWN', 'CEILING', 'FLOOR', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN', 'UNNECESSARY'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/**
 * Rounds the decimal form of x (Java's BigDecimal.valueOf, i.e. the shortest representation) to
 * `precision` fractional digits by `mode`, as java.math.BigDecimal#setScale does.
 */
export function roundDecimal(x: number, precision: number, mode: RoundingMode): number {
  if (!Number.isFinite(x)) return x;
  const negative = x < 0 || Object.is(x, -0);
  const [mant, expStr] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expStr); // value = 0.d1d2d3... * 10^(exp + 1)
  const pointPos = exp + 1; // digits before the decimal point
  const keep = pointPos + precision; // digits kept
  // Already within the precision: Java keeps the value (a BigDecimal has no -0, hence `+ 0`).
  if (keep >= digits.length) return x + 0;
  let kept = keep > 0 ? digits.slice(0, keep) : '';
  const dropped = keep > 0 ? digits.slice(keep) : '0'.repeat(-keep) + digits;
  const first = dropped.charCodeAt(0) - 48;
  const restNonZero = /[1-9]/.test(dropped.slice(1));
  const anyDropped = first > 0 || restNonZero;
  const lastKept = kept === '' ? 0 : kept.charCodeAt(kept.length - 1) - 48;
  let up: boolean;
  switch (mode) {
    case 'UP':
      up = anyDropped;
      break;
    case 'DOWN':
      up = false;
      break;
    case 'CEILING':
      up = anyDropped && !negative;
      break;
    case 'FLOOR':
      up = anyDropped && negative;
      break;
    case 'HALF_UP':
      up = first >= 5;
      break;
    case 'HALF_DOWN':
      up = first > 5 || (first === 5 && restNonZero);
      break;
    case 'HALF_EVEN':
      up = first > 5 || (first === 5 && (restNonZero || lastKept % 2 === 1));
      break;
    case 'UNNECESSARY':
      if (anyDropped) throw cypherError('ArithmeticError', 'InvalidArgumentValue', 'Rounding necessary');
      up = false;
      break;
  }
  let intDigits = BigInt(kept === '' ? '0' : kept);
  if (up) intDigits += 1n;
  // result = intDigits * 10^-precision
  const text = `${negative ? '-' : ''}${intDigits}e${-precision}`;
  return Number(text) + 0;
}

/** round(x[, precision[, mode]]), as Neo4j 5: without a mode and at precision 0, Java's Math.round. */
function round(args: readonly Value[]): Value {
  const [v, p = 0n, m] = args;
  if (v === null || p === null || m === null) return null;
  const x = num('round', v!);
  const precision = asInt('round', 'precision', p);
  let mode: RoundingMode = 'HALF_UP';
  if (m !== undefined) {
    if (typeof m !== 'string') throw argTypeError('round', 'a rounding mode string', m);
    if (!(ROUNDING_MODES as readonly string[]).includes(m)) {
      throw cypherError(
        'ArgumentError',
        'InvalidArgumentValue',
        'Unknown rounding mode. Valid values are: CEILING, FLOOR, UP, DOWN, HALF_EVEN, HALF_UP, HALF_DOWN, UNNECESSARY.',
      );
    }
    mode = m as RoundingMode;
  }
  if (precision < 0) {
    throw cypherError('ArgumentError', 'NumberOutOfRange', "Precision argument to 'round()' cannot be negative");
  }
  if (!Number.isFinite(x)) return x;
  // Math.round rounds ties toward +Infinity; `+ 0` turns its -0 into Java's 0.
  if (precision === 0 && m === undefined) return Math.round(x) + 0;
  return roundDecimal(x, precision, mode);
}

function abs([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (typeof v === 'bigint') return checkedInt(v < 0n ? -v : v);
  return Math.abs(num('abs', v!));
}

function signum([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (typeof v === 'bigint') return v > 0n ? 1n : v < 0n ? -1n : 0n;
  const x = num('sign', v!);
  return x > 0 ? 1n : x < 0 ? -1n : 0n;
}

function isNaNFn([v]: readonly Value[]): Value {
  if (v === null) return null;
  if (typeof v === 'bigint') return false;
  return Number.isNaN(num('isNaN', v!));
}

const RAD_TO_DEG = 180 / Math.PI;
const DEG_TO_RAD = Math.PI / 180;

registerScalar(
  scalar('abs', 1, 1, abs),
  unary('ceil', Math.ceil),
  unary('floor', Math.floor),
  scalar('round', 1, 3, round),
  scalar('sign', 1, 1, signum),
  unary('sqrt', Math.sqrt),
  unary('exp', Math.exp),
  unary('log', Math.log),
  unary('log10', Math.log10),
  unary('sin', Math.sin),
  unary('cos', Math.cos),
  unary('tan', Math.tan),
  unary('cot', (x) => 1 / Math.tan(x)),
  unary('asin', Math.asin),
  unary('acos', Math.acos),
  unary('atan', Math.atan),
  unary('degrees', (x) => x * RAD_TO_DEG),
  unary('radians', (x) => x * DEG_TO_RAD),
  unary('haversin', (x) => (1 - Math.cos(x)) / 2),
  scalar('atan2', 2, 2, ([y, x]) => (y === null || x === null ? null : Math.atan2(num('atan2', y!), num('atan2', x!)))),
  scalar('isNaN', 1, 1, isNaNFn),
  scalar('e', 0, 0, () => Math.E),
  scalar('pi', 0, 0, () => Math.PI),
  scalar('rand', 0, 0, (_args, ctx) => ctx.random(), false),
);
