// The maintenance verbs of the public API, over the cache directory currently configured and,
// when one is configured, the shared tier. They refuse a directory the runtime itself would
// refuse (another owner, writable by others), so a planted tree is never walked.
import { CacheToDiskUsageError } from './errors';
import { checkCacheDir } from './cache-dir';
import { currentCacheDir } from './config';
import { remoteTier } from './remote/current';
import { describe } from './info';
import { siteOf } from './registry';
import { functionFolder, versionRoot } from './store/layout';
import { pruneAsync, pruneSync } from './store/prune';
import { removeAll, removeFunction, removeFunctionsNamed } from './store/remove';
import { warnOnce } from './warnings';
import { forgetAll } from './memory';

/**
 * Removes every stored entry of one function and returns how many were removed. Accepts the
 * function itself (compiled or wrapped), its id (`'src/api.ts#Client.fetchUser'`), or a bare
 * name (`'fetchUser'`, `'Client.fetchUser'`), which matches every function of that name.
 * Entries of older fingerprints go too, and so do the function's entries in the shared tier
 * when one is configured (counted with the local ones).
 *
 * @example
 * ```ts
 * import { deleteDiskCachesForFunction } from 'cache-to-disk';
 * deleteDiskCachesForFunction(queryRegistrar);          // by reference
 * deleteDiskCachesForFunction('src/whois.ts#queryRegistrar');
 * deleteDiskCachesForFunction('queryRegistrar');        // every function of that name
 * ```
 */
export function deleteDiskCachesForFunction(nameOrFn: string | Function): number {
  forgetAll();
  if (typeof nameOrFn === 'function') {
    const site = siteOf(nameOrFn);
    if (site === undefined) {
      throw new CacheToDiskUsageError(
        'CTD_NOT_CACHED',
        `cache-to-disk: deleteDiskCachesForFunction() expects a cached function, its id or its name; got ${describe(nameOrFn)}.`,
      );
    }
    const root = usableRoot();
    return (root === undefined ? 0 : removeFunction(root, site.id)) + removeRemote([functionFolder(site.id)], undefined);
  }
  if (typeof nameOrFn !== 'string' || nameOrFn === '') {
    throw new CacheToDiskUsageError(
      'CTD_BAD_NAME',
      `cache-to-disk: deleteDiskCachesForFunction() expects a cached function, an id such as 'src/a.ts#f' or a name such as 'f'; got ${nameOrFn === '' ? 'an empty string' : typeof nameOrFn}.`,
    );
  }
  const root = usableRoot();
  if (nameOrFn.includes('#')) return (root === undefined ? 0 : removeFunction(root, nameOrFn)) + removeRemote([functionFolder(nameOrFn)], undefined);
  return (root === undefined ? 0 : removeFunctionsNamed(root, nameOrFn)) + removeRemote(undefined, nameOrFn);
}

/**
 * Removes expired entries and temporary files left by interrupted writes; returns how many
 * files were removed. The runtime also does this in the background on first use.
 *
 * @example
 * ```ts
 * import { deleteOldDiskCaches } from 'cache-to-disk';
 * console.log(`${deleteOldDiskCaches()} stale files removed`);
 * ```
 */
export function deleteOldDiskCaches(): number {
  const root = usableRoot();
  return root === undefined ? 0 : pruneSync(root);
}

/**
 * {@link deleteOldDiskCaches} in batches that let other work run in between; for large caches in
 * servers.
 *
 * @example
 * ```ts
 * const removed = await deleteOldDiskCachesAsync();
 * ```
 */
export async function deleteOldDiskCachesAsync(): Promise<number> {
  const root = usableRoot();
  return root === undefined ? 0 : pruneAsync(root);
}

/**
 * Removes every entry this library stored in the cache directory (all functions, all
 * fingerprints) and nothing else, and every entry under this project's prefix in the shared
 * tier when one is configured; returns how many.
 *
 * @example
 * ```ts
 * import { clearDiskCache } from 'cache-to-disk';
 * clearDiskCache();
 * ```
 */
export function clearDiskCache(): number {
  forgetAll();
  const root = usableRoot();
  return (root === undefined ? 0 : removeAll(root)) + removeRemote(undefined, undefined);
}

function removeRemote(folders: string[] | undefined, name: string | undefined): number {
  return remoteTier()?.removeSync(folders, name) ?? 0;
}

function usableRoot(): string | undefined {
  const dir = currentCacheDir();
  const verdict = checkCacheDir(dir);
  if (verdict.kind === 'refused') {
    warnOnce(dir, verdict.code, `cache-to-disk: refusing to clean the cache directory ${dir}: ${verdict.reason}. Fix: ${verdict.fix}.`);
    return undefined;
  }
  return versionRoot(dir);
}
