// Entries are read and written only through real directories. A symlink planted as the version
// root, a function folder or a shard would otherwise make the runtime read "entries" from, or
// write files into, a directory outside the cache (O_NOFOLLOW guards only the last component).
// Each shard is checked once per process with lstat, so the hot path pays one Set lookup.
import { lstatSync } from 'node:fs';

/** The verdict on the folders above an entry. */
export type EntryDirs = 'real' | 'absent' | 'symlink' | 'unknown';

const MAX_REMEMBERED = 10_000;
const verified = new Set<string>();

/**
 * Whether the version root, function folder and shard above `entry` are real directories;
 * `absent` when one does not exist yet, `unknown` when lstat fails otherwise (the open that
 * follows reports that error with its own code).
 */
export function entryDirs(entry: string): EntryDirs {
  const shard = entry.slice(0, entry.lastIndexOf('/'));
  if (verified.has(shard)) return 'real';
  const fnDir = shard.slice(0, shard.lastIndexOf('/'));
  const root = fnDir.slice(0, fnDir.lastIndexOf('/'));
  for (const dir of [root, fnDir, shard]) {
    const verdict = realDir(dir);
    if (verdict !== 'real') return verdict;
  }
  if (verified.size >= MAX_REMEMBERED) verified.clear();
  verified.add(shard);
  return 'real';
}

function realDir(dir: string): EntryDirs {
  try {
    const stats = lstatSync(dir);
    if (stats.isSymbolicLink()) return 'symlink';
    return stats.isDirectory() ? 'real' : 'unknown';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'unknown';
  }
}

/** The error a write through a symlinked folder fails with (reported as a directory fault). */
export function symlinkError(entry: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`a folder above ${entry} is a symbolic link, which cache-to-disk never follows inside its directory`);
  error.code = 'ELOOP';
  return error;
}
