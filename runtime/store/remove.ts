// Deleting entries on request: one function's (by its id), every function of a bare name, or
// everything. No argument string ever becomes a path: an id is hashed into its folder name, a
// bare name is only compared with the ids recorded in the folders, and the walk (walk.ts) stays
// inside the version root and never follows symlinks — so `../`, absolute paths, NUL bytes,
// globs or megabyte-long names can only fail to match.
import { rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { functionDir, ID_FILE } from './layout';
import { isStaleTemp } from './prune';
import { functionDirs, functionIdOf, isRealDir, shardFiles } from './walk';

/** Removes every entry of the function with exactly this id; returns how many. */
export function removeFunction(root: string, functionId: string): number {
  // lstat of the function folder alone would follow a version root that is a symlink.
  if (!isRealDir(root)) return 0;
  return removeFunctionDir(functionDir(root, functionId));
}

/**
 * Removes every entry of every function whose id is `name`, whose qualified name (after `#`)
 * is `name`, or whose qualified name ends in `.name`; returns how many.
 */
export function removeFunctionsNamed(root: string, name: string): number {
  let removed = 0;
  for (const dir of functionDirs(root)) {
    const id = functionIdOf(dir);
    if (id !== undefined && idMatchesName(id, name)) removed += removeFunctionDir(dir);
  }
  return removed;
}

/** Removes every entry under the version root; returns how many. */
export function removeAll(root: string): number {
  let removed = 0;
  for (const dir of functionDirs(root)) removed += removeFunctionDir(dir);
  return removed;
}

export function idMatchesName(id: string, name: string): boolean {
  if (id === name) return true;
  const qualified = id.slice(id.lastIndexOf('#') + 1);
  return qualified === name || qualified.endsWith(`.${name}`);
}

function removeFunctionDir(dir: string): number {
  if (!isRealDir(dir)) return 0;
  let removed = 0;
  const shards = new Set<string>();
  const now = Date.now();
  for (const file of shardFiles(dir)) {
    shards.add(file.shard);
    // A fresh temporary file is a write in progress (here or in another process): removing it
    // would only make that write fail; it lands as a whole entry or is pruned once stale.
    if (file.temp && !isStaleTemp(file.path, now)) continue;
    try {
      unlinkSync(file.path);
      if (!file.temp) removed++;
    } catch {
      // Removed concurrently, or not removable: either way not counted.
    }
  }
  for (const shard of shards) tryQuietly(() => rmdirSync(shard));
  removeFolder(dir);
  return removed;
}

// The folder goes only once it is empty; if a concurrent write has just added a shard, its `id`
// is put back so the function stays findable by name.
function removeFolder(dir: string): void {
  const id = functionIdOf(dir);
  tryQuietly(() => unlinkSync(`${dir}/${ID_FILE}`));
  try {
    rmdirSync(dir);
  } catch {
    if (id !== undefined) tryQuietly(() => writeFileSync(`${dir}/${ID_FILE}`, id, { mode: 0o600 }));
  }
}

function tryQuietly(action: () => void): void {
  try {
    action();
  } catch {
    // A folder that is not empty (a concurrent write) stays; it is valid as it is.
  }
}
