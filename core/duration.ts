// The duration grammar shared by the tag (`@cacheToDisk 3`, `12h`) and `cacheToDisk(days)`.

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
};

export const DEFAULT_DAYS = 7;
export const DEFAULT_MAX_AGE_MS = DEFAULT_DAYS * UNIT_MS.d!;

/**
 * Parses a duration as written in a tag: a non-negative decimal number of days (`3`, `0.5`, `0`)
 * or a number with a unit suffix (`30s`, `15m`, `12h`, `3d`). Returns milliseconds, 0 meaning
 * "never expires", or `undefined` when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2] || 'd']!;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** Milliseconds for a number of days; `undefined` for a negative or non-finite number. */
export function daysToMs(days: number): number | undefined {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) return undefined;
  return Math.round(days * UNIT_MS.d!);
}
