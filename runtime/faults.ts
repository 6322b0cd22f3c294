// What happens when the cache directory misbehaves (unreadable, read-only, full, not a
// directory, vanished): the caller still gets its value, one warning per directory and cause
// says why caching is off and what to do, and writes pause for a short back-off instead of
// failing on every call. Nothing latches: after the back-off the next miss tries again, and a
// success re-arms the warning once no fault has occurred for REARM_MS (so a flapping fault — a
// nearly full disk where small entries fit and large ones do not — warns once, not every second).
import { dirname } from 'node:path';
import { forgetWarning, warnOnce } from './warnings';

/** How long writes to a faulty directory pause before the next attempt. */
export const FAULT_BACKOFF_MS = 1000;

/** How long a directory must stay free of faults before a recurrence warns again. */
export const REARM_MS = 60 * 1000;
// Faults that concern one value rather than the directory: an entry above the file size limit
// (ulimit -f) fails with EFBIG while smaller ones still fit, so writes go on and nothing re-arms.
const VALUE_FAULTS = new Set(['EFBIG']);

interface DirFaults {
  blockedUntil: number;
  codes: Set<string>;
  lastFault: number;
}

const faulty = new Map<string, DirFaults>();

/** Whether writes to `root` are paused after a recent fault. */
export function writesPaused(root: string, now: number): boolean {
  if (faulty.size === 0) return false;
  const state = faulty.get(root);
  return state !== undefined && now < state.blockedUntil;
}

/** Records an I/O fault on `root` (pausing writes when `pauseWrites`) and warns once per cause. */
export function reportFault(root: string, code: string, functionId: string, detail: string, pauseWrites: boolean): void {
  if (VALUE_FAULTS.has(code)) {
    warnOnce(root, `CTD_DIR_${code}`, faultMessage(root, code, functionId, detail));
    return;
  }
  let state = faulty.get(root);
  if (state === undefined) {
    state = { blockedUntil: 0, codes: new Set(), lastFault: 0 };
    faulty.set(root, state);
  }
  state.lastFault = Date.now();
  if (pauseWrites) state.blockedUntil = state.lastFault + FAULT_BACKOFF_MS;
  state.codes.add(code);
  warnOnce(root, `CTD_DIR_${code}`, faultMessage(root, code, functionId, detail));
}

/** A write to `root` succeeded: any earlier fault has cleared. */
export function reportHealthy(root: string): void {
  if (faulty.size === 0) return;
  const state = faulty.get(root);
  if (state === undefined) return;
  if (Date.now() - state.lastFault < REARM_MS) {
    state.blockedUntil = 0;
    return;
  }
  faulty.delete(root);
  for (const code of state.codes) forgetWarning(root, `CTD_DIR_${code}`);
}

function faultMessage(root: string, code: string, functionId: string, detail: string): string {
  const why = REASONS[code] ?? `an I/O error occurred (${detail})`;
  if (VALUE_FAULTS.has(code)) {
    return (
      `cache-to-disk: a result of ${functionId} is not stored in ${dirname(root)}: ${why}. ` +
      `The value is returned; smaller results are still cached. Fix: ${FIXES[code]}.`
    );
  }
  return (
    `cache-to-disk: caching is off for ${functionId} and every function using ${dirname(root)}: ${why}. ` +
    'Results are still returned, just not cached. ' +
    `Fix: ${FIXES[code] ?? 'check the cache directory'}, or point CACHE_TO_DISK_DIR (or configure({ dir })) at a writable directory you own. ` +
    `Caching resumes by itself once the fault clears.`
  );
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied on the cache directory (EACCES)',
  EPERM: 'the operation is not permitted in the cache directory (EPERM)',
  EROFS: 'the cache directory is on a read-only file system (EROFS)',
  ENOSPC: 'the disk holding the cache directory is full (ENOSPC)',
  EDQUOT: 'the disk quota for the cache directory is exhausted (EDQUOT)',
  ENOTDIR: 'a component of the cache directory path is a file, not a directory (ENOTDIR)',
  EEXIST: 'a component of the cache directory path exists but is not a directory (EEXIST)',
  EFBIG: 'an entry would exceed the file size limit (ulimit -f) or the file system\'s largest file (EFBIG)',
  ELOOP: 'a folder inside the cache directory is a symbolic link, which cache-to-disk never follows (ELOOP)',
  EMFILE: 'the process has too many open files (EMFILE)',
  ENFILE: 'the system has too many open files (ENFILE)',
};

const FIXES: Record<string, string> = {
  EACCES: 'make the directory readable and writable by this user (chmod u+rwx)',
  EPERM: 'make the directory writable by this user',
  EROFS: 'use a directory on a writable file system',
  ENOSPC: 'free disk space (or run `npx cache-to-disk prune`)',
  EDQUOT: 'free space within your quota (or run `npx cache-to-disk prune`)',
  ENOTDIR: 'remove or rename the file that is in the way',
  EEXIST: 'remove or rename the file that is in the way',
  EFBIG: 'raise the limit (ulimit -f) or return smaller results',
  ELOOP: 'remove the symbolic link (or the whole cache directory; it is only a cache)',
  EMFILE: 'raise the open-file limit (ulimit -n) or open fewer files at once',
  ENFILE: 'close files elsewhere or raise the system limit',
};
