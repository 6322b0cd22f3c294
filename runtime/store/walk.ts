// Enumerating the tree drawn in layout.ts without ever leaving it: every path is the version root
// joined with names read from disk that match the layout's patterns, and only real directories
// (never symlinks) are descended into. Prune, removal and the CLI all walk through here.
import { lstatSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { ID_FILE, isEntryName, isFunctionDirName, isShardName, isTempName } from './layout';

const MAX_ID_BYTES = 64 * 1024;

/** Whether `root` is a real directory (not a symlink to one). */
export function isRealDir(path: string): boolean {
  try {
    const stats = lstatSync(path);
    return stats.isDirectory() && !stats.isSymbolicLink();
  } catch {
    return false;
  }
}

function list(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The function folders under a version root. */
export function functionDirs(root: string): string[] {
  if (!isRealDir(root)) return [];
  return list(root)
    .filter((d) => d.isDirectory() && isFunctionDirName(d.name))
    .map((d) => `${root}/${d.name}`);
}

/** The functionId recorded in a function folder, or `undefined` when it has none readable. */
export function functionIdOf(fnDir: string): string | undefined {
  const path = `${fnDir}/${ID_FILE}`;
  try {
    const stats = lstatSync(path);
    if (!stats.isFile() || stats.size > MAX_ID_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file in a shard: an entry or a leftover temporary file. */
export interface ShardFile {
  path: string;
  shard: string;
  temp: boolean;
}

/** Every entry and temporary file of one function folder, shard by shard. */
export function* shardFiles(fnDir: string): Generator<ShardFile> {
  for (const shard of list(fnDir)) {
    if (!shard.isDirectory() || !isShardName(shard.name)) continue;
    const shardPath = `${fnDir}/${shard.name}`;
    for (const file of list(shardPath)) {
      if (!file.isFile()) continue;
      if (isEntryName(file.name)) yield { path: `${shardPath}/${file.name}`, shard: shardPath, temp: false };
      else if (isTempName(file.name)) yield { path: `${shardPath}/${file.name}`, shard: shardPath, temp: true };
    }
  }
}
