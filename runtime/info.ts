// cacheInfo(fn): the public view of a function's counters.
import { CacheToDiskUsageError } from './errors';
import { siteOf } from './registry';
import { remoteConfigured } from './remote/current';
import { snapshot, type CacheInfo } from './stats';

/**
 * Hits, misses and nocache of a cached function in this process: a function compiled from a
 * `@cacheToDisk` tag, or one returned by `cacheToDisk()`. `hits + misses` is the number of calls.
 *
 * @example
 * ```ts
 * import { cacheInfo } from 'cache-to-disk';
 * queryRegistrar('whois.verisign-grs.com', 43, query);
 * queryRegistrar('whois.verisign-grs.com', 43, query);
 * cacheInfo(queryRegistrar); // { hits: 1, misses: 1, nocache: 0 }
 * ```
 */
export function cacheInfo(fn: Function): CacheInfo {
  const site = typeof fn === 'function' ? siteOf(fn) : undefined;
  if (site === undefined) {
    throw new CacheToDiskUsageError(
      'CTD_NOT_CACHED',
      `cache-to-disk: cacheInfo() expects a cached function (tagged with @cacheToDisk and compiled with the plugin, or returned by cacheToDisk()); got ${describe(fn)}.`,
    );
  }
  return snapshot(site.stats, site.remoteStats, remoteConfigured());
}

export function describe(value: unknown): string {
  if (typeof value === 'function') return value.name ? `function ${value.name}, which is not cached (was the file compiled with the plugin?)` : 'an anonymous function that is not cached';
  return typeof value;
}
