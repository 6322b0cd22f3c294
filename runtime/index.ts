// cache-to-disk: the public runtime API. Compiled code uses ./compiled ("cache-to-disk/runtime").
export { cacheToDisk } from './wrapper';
export type { CacheToDiskWrapOptions, CachedFunction } from './wrapper';
export { NoCacheCondition, CacheToDiskUsageError } from './errors';
export { cacheInfo } from './info';
export type { CacheInfo } from './stats';
export { deleteDiskCachesForFunction, deleteOldDiskCaches, deleteOldDiskCachesAsync, clearDiskCache } from './maintenance';
export { configure } from './config';
export type { CacheToDiskOptions } from './config';
