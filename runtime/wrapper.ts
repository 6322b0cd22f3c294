// cacheToDisk(days)(fn): the seed's decorator as a plain wrapper, for code no plugin compiles.
// The fingerprint comes from the function's own text at run time, so editing the body still
// invalidates its entries; what the text does not show (helpers it calls, closure values) is
// not covered, which is what the compiled tag adds.
import { types } from 'node:util';
import { DEFAULT_MAX_AGE_MS, daysToMs, parseDuration } from '../core/duration';
import { cachedCall } from './cached';
import { CacheToDiskUsageError } from './errors';
import type { ParameterList } from './parameter-names';
import { register } from './registry';
import { Site } from './site';
import { remoteConfigured, remoteTier } from './remote/current';
import { snapshot, type CacheInfo } from './stats';

/** Options of {@link cacheToDisk}. */
export interface CacheToDiskWrapOptions {
  /**
   * The function's id in keys and in `deleteDiskCachesForFunction`. Give one that is unique in
   * the cache directory.
   * @default fn.name (an anonymous function without `id` is a TypeError)
   */
  id?: string;
  /**
   * Parameter names (or `'this'`) left out of the key, as the tag's `ignore=`.
   * @default []
   */
  ignore?: readonly string[];
}

/** A cached function: the original signature plus `cacheInfo()`. */
export type CachedFunction<F extends (...args: any[]) => any> = F & {
  /** Hits, misses and nocache of this function in this process. */
  cacheInfo(): CacheInfo;
};

/**
 * Caches `fn`'s results on disk for `days` days (fractional allowed, `0` = never expires; a
 * string such as `'12h'`, `'30m'` or `'3d'` is read as the tag reads it). The returned function
 * keeps `fn`'s name, length and `this`.
 *
 * @default days = 7
 * @example
 * ```ts
 * import { cacheToDisk } from 'cache-to-disk';
 *
 * const slowSquare = cacheToDisk(3)(function slowSquare(n: number) {
 *   return n * n;
 * });
 * slowSquare(4); // runs the body and stores 16
 * slowSquare(4); // 16, from the cache (in any later process too)
 * slowSquare.cacheInfo(); // { hits: 1, misses: 1, nocache: 0 }
 *
 * const fetchJson = cacheToDisk('12h', { id: 'fetchJson', ignore: ['log'] })(
 *   async (url: string, log: (line: string) => void) => (await fetch(url)).json(),
 * );
 * ```
 */
export function cacheToDisk(
  days?: number | string,
  options: CacheToDiskWrapOptions = {},
): <F extends (...args: any[]) => any>(fn: F) => CachedFunction<F> {
  const maxAge = lifetime(days);
  if (typeof options !== 'object' || options === null) {
    throw new CacheToDiskUsageError('CTD_BAD_OPTIONS', 'cache-to-disk: cacheToDisk(days, options) expects an options object such as { id: "name", ignore: ["verbose"] }.');
  }
  return function wrap<F extends (...args: any[]) => any>(fn: F): CachedFunction<F> {
    if (typeof fn !== 'function') {
      throw new CacheToDiskUsageError('CTD_NOT_A_FUNCTION', `cache-to-disk: cacheToDisk(${String(days ?? '')})(fn) expects a function, got ${typeof fn}.`);
    }
    const id = options.id ?? fn.name;
    if (typeof id !== 'string' || id === '') {
      throw new CacheToDiskUsageError(
        'CTD_ANONYMOUS_FUNCTION',
        'cache-to-disk: cannot cache an anonymous function: its name is its id in the cache. Give it a name (`function load() {…}`) or pass { id: "load" } as the second argument of cacheToDisk.',
      );
    }
    const source = Function.prototype.toString.call(fn);
    // Both use the tokenizer, which a process that only calls compiled sites never needs: they
    // load here, with the first wrap, not with the package.
    const { fingerprintFunctionText } = require('../core/fingerprint') as typeof import('../core/fingerprint');
    const { parameterNames } = require('./parameter-names') as typeof import('./parameter-names');
    const params = parameterNames(source);
    const site = new Site(
      {
        id,
        fingerprint: fingerprintFunctionText(source),
        maxAge,
        async: types.isAsyncFunction(fn),
        keyThis: usesThis(fn, source) && !(options.ignore ?? []).includes('this'),
        ...ignored(id, params, options.ignore ?? []),
      },
      'wrapper',
      params.names.map((name) => name ?? ''),
    );
    // A configured shared tier starts connecting now, before the first call needs it.
    if (site.async) remoteTier()?.prepareAsync();
    else remoteTier();
    const cached = function (this: unknown): unknown {
      return cachedCall(site, this, arguments, fn);
    };
    Object.defineProperty(cached, 'name', { value: fn.name, configurable: true });
    Object.defineProperty(cached, 'length', { value: fn.length, configurable: true });
    Object.defineProperty(cached, 'cacheInfo', {
      value: function cacheInfo(): CacheInfo {
        return snapshot(site.stats, site.remoteStats, remoteConfigured());
      },
      configurable: true,
      writable: true,
    });
    register(cached, site);
    register(fn, site);
    return cached as unknown as CachedFunction<F>;
  };
}

function lifetime(days: number | string | undefined): number {
  if (days === undefined) return DEFAULT_MAX_AGE_MS;
  const ms = typeof days === 'string' ? parseDuration(days.trim()) : daysToMs(days);
  if (ms === undefined) {
    throw new CacheToDiskUsageError(
      'CTD_BAD_DURATION',
      `cache-to-disk: cacheToDisk(${JSON.stringify(days)}) expects a non-negative number of days (0.5 = 12 hours, 0 = never expires) or a duration such as '30s', '15m', '12h', '3d'.`,
    );
  }
  return ms;
}

const ARROW_START = /^(async\s*)?(\(|[\w$]+\s*=>)/;

// Arrows have no `this` of their own; for other functions, a `this` in the text means the
// receiver can change the result, so it is part of the key (as the compiled tag decides).
function usesThis(fn: Function, source: string): boolean {
  const arrow = !Object.prototype.hasOwnProperty.call(fn, 'prototype') && ARROW_START.test(source);
  return !arrow && /\bthis\b/.test(source);
}

function ignored(id: string, params: ParameterList, names: readonly string[]): { ignoreArgs?: number[]; ignoreRestFrom?: number } {
  const ignoreArgs: number[] = [];
  let ignoreRestFrom: number | undefined;
  for (const name of names) {
    if (name === 'this') continue;
    const index = params.names.indexOf(name);
    if (index === -1) {
      const known = [...params.names.filter((n): n is string => n !== undefined), 'this'].join(', ');
      throw new CacheToDiskUsageError(
        'CTD_UNKNOWN_IGNORE',
        `cache-to-disk: ignore: ['${name}'] for ${id} names no parameter of the function; its parameters are: ${known}.`,
      );
    }
    if (index === params.restIndex) ignoreRestFrom = index;
    else ignoreArgs.push(index);
  }
  return { ...(ignoreArgs.length > 0 ? { ignoreArgs: ignoreArgs.sort((a, b) => a - b) } : {}), ...(ignoreRestFrom !== undefined ? { ignoreRestFrom } : {}) };
}
