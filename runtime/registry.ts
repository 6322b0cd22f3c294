// Which site a user-visible function belongs to, for cacheInfo(fn) and
// deleteDiskCachesForFunction(fn). A WeakMap, so the registry never keeps a function alive and
// nothing but the documented `cacheInfo` method is added to user functions.
import type { Site } from './site';

const sites = new WeakMap<Function, Site>();

export function register(fn: Function, site: Site): void {
  sites.set(fn, site);
}

export function siteOf(fn: Function): Site | undefined {
  return sites.get(fn);
}
