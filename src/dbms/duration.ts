// Durations in configuration and commands: an integer in milliseconds or a string with a unit
// ('500ms', '60s', '2m', '24h', '7d'), as admin-cypher.md writes them.
const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `raw`; throws a plain Error stating the accepted forms. */
export function parseDuration(raw: unknown): number {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  const s = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(s);
  if (m === null) throw new Error("expected a duration: milliseconds, or a number with a unit ms, s, m, h or d (e.g. '7d', '12h', '30s')");
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']!);
}
