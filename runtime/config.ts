// Run-time settings and the state of the cache directory in use. The per-call question "where do
// entries go, if anywhere?" is answered by activeRoot() from a cached verdict, so a hit pays a
// field read; the directory is checked once, and re-checked only while it is missing or refused.
import { resolve } from 'node:path';
import { checkCacheDir, defaultCacheDir } from './cache-dir';
import { CacheToDiskUsageError } from './errors';
import { versionRoot } from './store/layout';
import { warnOnce } from './warnings';
import { forgetAll, setMemoryOption } from './memory';
import { isOffValue } from './off-switch';
import type { RemoteOptions } from './remote/options';

/** Options of {@link configure}. */
export interface CacheToDiskOptions {
  /**
   * The cache directory. `undefined` restores the default.
   * @default process.env.CACHE_TO_DISK_DIR, else node_modules/.cache/cache-to-disk under the nearest package.json above process.cwd(), else $XDG_CACHE_HOME (or ~/.cache)/cache-to-disk
   */
  dir?: string | undefined;
  /**
   * `false` runs every cached function uncached (each call counts as a miss and nocache).
   * `undefined` restores the default.
   * @default process.env.CACHE_TO_DISK !== 'off'
   */
  enabled?: boolean | undefined;
  /**
   * A shared tier in Redis, asked when the local disk misses and given every fresh result (see
   * README "A shared cache for teams and CI"). A URL, or options with one; `false` turns it off;
   * `undefined` restores the default. Needs the optional peer dependency `ioredis`.
   * @default process.env.CACHE_TO_DISK_REMOTE (none when unset)
   */
  remote?: string | RemoteOptions | false | undefined;
  /**
   * The most payload bytes of recently read entries held in this process's memory, so a repeated
   * hit skips the disk (see README "Memory tier"); `0` or `false` reads the disk on every call.
   * `undefined` restores the default.
   * @default process.env.CACHE_TO_DISK_MEMORY (bytes, or with a unit: 64M, 512k), else 8 MiB
   */
  memory?: number | false | undefined;
}

const RECHECK_MS = 1000;

interface DirState {
  enabled: boolean;
  cacheDir: string;
  root: string;
  verdict: 'ok' | 'missing' | 'refused';
  recheckAt: number;
}

let dirOption: string | undefined;
let enabledOption: boolean | undefined;
let state: DirState | undefined;

/**
 * Changes where and whether results are cached, for every cached function in this process.
 * Only the options present are changed; later calls override earlier ones.
 *
 * @example
 * ```ts
 * import { configure } from 'cache-to-disk';
 * configure({ dir: '/var/cache/my-app' });
 * configure({ enabled: process.env.NODE_ENV !== 'test' });
 * ```
 */
export function configure(options: CacheToDiskOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new CacheToDiskUsageError('CTD_BAD_OPTIONS', 'cache-to-disk: configure() expects an options object, e.g. configure({ dir: ".cache" }).');
  }
  if ('dir' in options) {
    if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === '' || options.dir.includes('\0'))) {
      throw new CacheToDiskUsageError('CTD_BAD_OPTIONS', `cache-to-disk: configure({ dir }) expects a directory path, got ${String(options.dir)}.`);
    }
    dirOption = options.dir === undefined ? undefined : resolve(options.dir);
  }
  if ('enabled' in options) {
    if (options.enabled !== undefined && typeof options.enabled !== 'boolean') {
      throw new CacheToDiskUsageError('CTD_BAD_OPTIONS', `cache-to-disk: configure({ enabled }) expects true or false, got ${String(options.enabled)}.`);
    }
    enabledOption = options.enabled;
  }
  if ('remote' in options) (require('./remote/current') as typeof import('./remote/current')).setRemoteOption(options.remote);
  if ('memory' in options) setMemoryOption(options.memory);
  if ('dir' in options) forgetAll();
  state = undefined;
}

/** The cache directory currently configured (whether or not it exists or is usable). */
export function currentCacheDir(): string {
  return current().cacheDir;
}

/**
 * The version root entries go to, or `undefined` when caching is off (disabled, or the
 * directory was refused — that case warns once, naming `functionId`).
 */
export function activeRoot(functionId: string): string | undefined {
  const s = state ?? current();
  if (s.verdict === 'ok' && s.enabled) return s.root;
  if (!s.enabled) return undefined;
  return recheck(s, functionId);
}

function current(): DirState {
  if (state === undefined) {
    const cacheDir = dirOption ?? defaultCacheDir();
    const envOff = isOffValue(process.env.CACHE_TO_DISK ?? '');
    state = { enabled: enabledOption ?? !envOff, cacheDir, root: versionRoot(cacheDir), verdict: 'missing', recheckAt: 0 };
  }
  return state;
}

// The prune and its tree walk load when the directory is first found usable rather than with
// this module, so importing the runtime does not pay for them. They load here, synchronously,
// not inside the timer: a host that tears its module system down while timers are pending (Jest
// after a test file) must not see a require from a timer.
function pruneSoon(root: string): void {
  (require('./store/prune') as typeof import('./store/prune')).schedulePrune(root);
}

function recheck(s: DirState, functionId: string): string | undefined {
  const now = Date.now();
  if (s.verdict === 'refused' && now < s.recheckAt) return undefined;
  const verdict = checkCacheDir(s.cacheDir);
  if (verdict.kind === 'ok') {
    s.verdict = 'ok';
    pruneSoon(s.root);
    return s.root;
  }
  if (verdict.kind === 'missing') {
    s.verdict = 'missing';
    return s.root;
  }
  s.verdict = 'refused';
  s.recheckAt = now + RECHECK_MS;
  warnOnce(
    s.cacheDir,
    verdict.code,
    `cache-to-disk: refusing the cache directory ${s.cacheDir}: ${verdict.reason}, so entries in it could have been written by someone else. ` +
      `${functionId} and every other cached function run uncached. Fix: ${verdict.fix}.`,
  );
  return undefined;
}
