// Where the cache lives (SPEC §5) and whether it is safe to use. A directory another user owns,
// or one that group or others may write without the sticky bit, could hold entries planted by
// someone else — and entries are deserialized into this process — so it is refused.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const PROJECT_CACHE = join('node_modules', '.cache', 'cache-to-disk');

/**
 * The cache directory when none is configured: `CACHE_TO_DISK_DIR`; else
 * `node_modules/.cache/cache-to-disk` under the nearest directory above `cwd` holding a
 * package.json; else `$XDG_CACHE_HOME` (or `~/.cache`) + `/cache-to-disk`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  if (env.CACHE_TO_DISK_DIR) return resolve(cwd, env.CACHE_TO_DISK_DIR);
  const project = nearestPackageDir(cwd);
  if (project !== undefined) return join(project, PROJECT_CACHE);
  const userCache = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join((require('node:os') as typeof import('node:os')).homedir(), '.cache');
  return join(userCache, 'cache-to-disk');
}

/** The nearest directory at or above `from` that holds a package.json. */
export function nearestPackageDir(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    try {
      if (statSync(join(dir, 'package.json')).isFile()) return dir;
    } catch {
      // Keep walking up.
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The verdict on a cache directory: usable, not created yet, or refused with a reason. */
export type DirVerdict = { kind: 'ok' } | { kind: 'missing' } | { kind: 'refused'; code: string; reason: string; fix: string };

const OK: DirVerdict = { kind: 'ok' };
const MISSING: DirVerdict = { kind: 'missing' };

export function checkCacheDir(dir: string): DirVerdict {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    // Absent, or an I/O problem the first read or write will report with its own error code.
    return MISSING;
  }
  if (!stats.isDirectory()) return MISSING;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    return {
      kind: 'refused',
      code: 'CTD_DIR_FOREIGN_OWNER',
      reason: `it is owned by uid ${stats.uid}, not by this process (uid ${uid})`,
      fix: `use a directory you own (CACHE_TO_DISK_DIR or configure({ dir })), or chown it to uid ${uid}`,
    };
  }
  if ((stats.mode & 0o022) !== 0 && (stats.mode & 0o1000) === 0 && process.platform !== 'win32') {
    return {
      kind: 'refused',
      code: 'CTD_DIR_PERMISSIVE',
      reason: `it is writable by ${stats.mode & 0o002 ? 'others' : 'group'} (mode ${(stats.mode & 0o7777).toString(8)}) without the sticky bit`,
      fix: `chmod go-w ${dir}, or use a private directory`,
    };
  }
  return OK;
}
