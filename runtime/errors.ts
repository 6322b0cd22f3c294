// The runtime's own error classes. Each carries a stable `code` so callers can branch on it
// without matching message text.

const NO_CACHE_BRAND = Symbol.for('cache-to-disk.NoCacheCondition');

/**
 * Thrown inside a cached function to return a value without storing it: the caller receives
 * `value`, nothing is written, and the call counts as `nocache`. Works in sync and async
 * functions (a rejection with it resolves to `value`).
 *
 * @example
 * ```ts
 * import { cacheToDisk, NoCacheCondition } from 'cache-to-disk';
 * const fetchAll = cacheToDisk(3)(async (url: string) => {
 *   const parts: string[] = [];
 *   try {
 *     for await (const part of stream(url)) parts.push(part);
 *   } catch {
 *     throw new NoCacheCondition(parts.join('')); // partial: return it, but retry next time
 *   }
 *   return parts.join('');
 * });
 * ```
 */
export class NoCacheCondition<T = unknown> extends Error {
  /** @default 'CTD_NO_CACHE' */
  readonly code = 'CTD_NO_CACHE';
  /** What the cached function's caller receives instead of a stored result. */
  readonly value: T;
  /** Brand checked instead of `instanceof`, so two copies of the package still agree. */
  readonly [NO_CACHE_BRAND] = true;

  constructor(value: T) {
    super('NoCacheCondition: the value is returned to the caller and not stored');
    this.name = 'NoCacheCondition';
    this.value = value;
  }
}

/** Whether `error` is a {@link NoCacheCondition}, from this copy of the package or another. */
export function isNoCacheCondition(error: unknown): error is NoCacheCondition {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[NO_CACHE_BRAND] === true;
}

/**
 * Misuse of the public API (an anonymous function without `id`, a negative duration, an
 * `ignore` name that is not a parameter, …). A `TypeError`, so generic handlers treat it as one.
 *
 * @example
 * ```ts
 * try { cacheToDisk(-1); } catch (e) { if (e instanceof CacheToDiskUsageError) console.log(e.code); }
 * ```
 */
export class CacheToDiskUsageError extends TypeError {
  /** Stable identifier of the mistake, e.g. `CTD_ANONYMOUS_FUNCTION`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CacheToDiskUsageError';
    this.code = code;
  }
}
