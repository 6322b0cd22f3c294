// The API the compiler plugins emit calls to ("cache-to-disk/runtime"). Its shape is fixed by
// the emitted code:
//
//   var _ctd_f = _ctd.site({ id, fingerprint, maxAge, … });          once per tagged function
//   function f(_a) { return _ctd.call(_ctd_f, this, arguments, (a) => { … }, [captured]); }
//   _ctd.link(f, _ctd_f);                                            where f is reachable by name
import type { SiteDescriptor } from '../core/descriptor';
import { bareCall, cachedCall } from './cached';
import { register } from './registry';
import { Site } from './site';
import { remoteConfigured, remoteTier } from './remote/current';
import { snapshot, type CacheInfo } from './stats';

export type { SiteDescriptor } from '../core/descriptor';
export type { Site } from './site';

/**
 * Creates the runtime state of one tagged function from the descriptor the compiler baked in.
 *
 * @example
 * ```js
 * var _ctd_f = _ctd.site({ id: 'src/a.ts#f', fingerprint: '3fa4…', maxAge: 259200000 });
 * ```
 */
export function site(descriptor: SiteDescriptor): Site {
  const created = new Site(descriptor, 'tag');
  // A configured shared tier starts connecting now, while the program is still loading, so its
  // first lookup finds the connection made.
  const remote = remoteTier();
  if (remote !== undefined && created.async) remote.prepareAsync();
  return created;
}

/**
 * Calls `impl` (the original body) through the cache. `site` is `undefined` when the call runs
 * before the module's site variables are initialised (a circular import): then `impl` runs
 * uncached. `args` is the wrapper's `arguments` (or an array, for arrows); `captures` are the
 * values of the enclosing-scope variables named in the descriptor.
 *
 * @default captures = [] (omitted when the function captures nothing)
 * @example
 * ```js
 * function f(_a) { return _ctd.call(_ctd_f, this, arguments, (a) => a * 2); }
 * ```
 */
export function call(
  site: Site | undefined,
  thisArg: unknown,
  args: ArrayLike<unknown>,
  impl: (...args: any[]) => unknown,
  captures?: unknown[],
): unknown {
  if (site === undefined) return bareCall(thisArg, args, impl);
  return cachedCall(site, thisArg, args, impl, captures);
}

/**
 * Associates a compiled function with its site, so `cacheInfo(fn)` and
 * `deleteDiskCachesForFunction(fn)` find it, and gives it a non-enumerable `fn.cacheInfo()`.
 * Returns `fn`. `name` restores the name of an anonymous `export default function`, which the
 * compiler had to name in order to link it (ES modules call it `default`).
 *
 * @example
 * ```js
 * _ctd.link(f, _ctd_f);
 * f.cacheInfo(); // { hits: 0, misses: 0, nocache: 0 }
 * _ctd.link(default_1, _ctd_default, 'default');
 * ```
 */
export function link<F extends Function>(fn: F, site: Site, name?: string): F {
  if (typeof fn !== 'function' || !(site instanceof Site)) return fn;
  register(fn, site);
  if (name !== undefined) Object.defineProperty(fn, 'name', { value: name, configurable: true });
  try {
    Object.defineProperty(fn, 'cacheInfo', {
      value: function cacheInfo(): CacheInfo {
        return snapshot(site.stats, site.remoteStats, remoteConfigured());
      },
      configurable: true,
      writable: true,
      enumerable: false,
    });
  } catch {
    // A frozen function keeps working; cacheInfo(fn) still finds it through the registry.
  }
  return fn;
}
