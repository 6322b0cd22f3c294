// The maintenance verbs of the public API, over the cache directory currently configured. They
// refuse a directory the runtime itself would refuse (another owner, writable by others), so a
// planted tree is never walked.
import { CacheToDiskUsageError } from './errors';
import { checkCacheDir } from './cache-dir';
import { currentCacheDir } from './config';
import { describe } from './info';
import { siteOf } from './registry';
import { versionRoot } from './store/layout';
import { pruneAsync, pruneSync } from './store/prune';
import { removeAll, removeFunction, removeFunctionsNamed } from './store/remove';
import { warnOnce } from './warnings';

/**
 * Removes every stored entry of one function and returns how many were removed. Accepts the
 * function itself (compiled or wrapped), its id (`'src/api.ts#Client.fetchUser'`), or a bare
 * name (`'fetchUser'`, `'Client.fetchUser'`), which matches every function of that name.
 * Entries of older fingerprints go too.
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
  if (typeof nameOrFn === 'function') {
    const site = siteOf(nameOrFn);
    if (site === undefined) {
      throw new CacheToDiskUsageError(
        'CTD_NOT_CACHED',
        `cache-to-disk: deleteDiskCachesForFunction() expects a cached function, its id or its name; got ${describe(nameOrFn)}.`,
      );
    }
    const root = usableRoot();
    return root === undefined ? 0 : removeFunction(root, site.id);
  }
  if (typeof nameOrFn !== 'string' || nameOrFn === '') {
    throw new CacheToDiskUsageError(
      'CTD_BAD_NAME',
      `cache-to-disk: deleteDiskCachesForFunction() expects a cached function, an id such as 'src/a.ts#f' or a name such as 'f'; got ${nameOrFn === '' ? 'an empty string' : typeof nameOrFn}.`,
    );
  }
  const root = usableRoot();
  if (root === undefined) return 0;
  return nameOrFn.includes('#') ? removeFunction(root, nameOrFn) : removeFunctionsNamed(root, nameOrFn);
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
 * fingerprints) and nothing else; returns how many.
 *
 * @example
 * ```ts
 * import { clearDiskCache } from 'cache-to-disk';
 * clearDiskCache();
 * ```
 */
export function clearDiskCache(): number {
  const root = usableRoot();
  return root === undefined ? 0 : removeAll(root);
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
