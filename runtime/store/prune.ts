// Removing expired entries (by their stored expiry) and temporary files left by crashed writes.
// The walk is a generator so one implementation serves three drivers: all at once
// (deleteOldDiskCaches), in batches the caller awaits (the async twin), and in the background on
// first use, where each batch runs from an unref'd timer with synchronous I/O: an unref'd timer
// never keeps the process alive, and no fs request is ever left in flight between batches.
import { closeSync, constants, lstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { FIXED_HEADER, storedExpiry } from './entry';
import { functionDirs, isRealDir, shardFiles } from './walk';
import { debugEnabled, debugLine } from '../debug';

/** A temporary file older than this belongs to a write that will never finish. */
export const STRAY_TEMP_MS = 60 * 1000;
const START_DELAY_MS = 10;
const BATCH = 200;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

const headerBuf = Buffer.allocUnsafeSlow(FIXED_HEADER);

/**
 * Walks one version root, removing what is stale; yields after each file; returns the count.
 * Every driver (background, deleteOldDiskCaches, the CLI) gets its NODE_DEBUG line from here.
 */
export function* pruneSteps(root: string, now: number): Generator<void, number> {
  const start = debugEnabled ? performance.now() : 0;
  let removed = 0;
  for (const fnDir of functionDirs(root)) {
    for (const file of shardFiles(fnDir)) {
      if (file.temp ? isStaleTemp(file.path, now) : isExpired(file.path, now)) {
        if (removeQuietly(file.path)) removed++;
      }
      yield;
    }
  }
  if (debugEnabled) debugLine('prune', root, undefined, `removed ${removed} in ${(performance.now() - start).toFixed(1)}ms`);
  return removed;
}

function isExpired(path: string, now: number): boolean {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return false;
  }
  try {
    const expires = storedExpiry(headerBuf, readSync(fd, headerBuf, 0, FIXED_HEADER, 0));
    return expires === undefined || (expires > 0 && expires <= now);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Whether a temporary file is old enough to belong to no live write. */
export function isStaleTemp(path: string, now: number): boolean {
  try {
    return now - lstatSync(path).mtimeMs > STRAY_TEMP_MS;
  } catch {
    return false;
  }
}

function removeQuietly(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Prunes `root` completely before returning; returns how many files were removed. */
export function pruneSync(root: string): number {
  const steps = pruneSteps(root, Date.now());
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Prunes `root` in batches, letting other work run between them. */
export async function pruneAsync(root: string): Promise<number> {
  const steps = pruneSteps(root, Date.now());
  for (;;) {
    for (let i = 0; i < BATCH; i++) {
      const step = steps.next();
      if (step.done) return step.value;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const scheduled = new Set<string>();

/** Starts a background prune of `root`, at most once per root per process. */
export function schedulePrune(root: string): void {
  if (scheduled.has(root)) return;
  scheduled.add(root);
  setTimeout(() => pruneInBackground(root), START_DELAY_MS).unref();
}

function pruneInBackground(root: string): void {
  if (!isRealDir(root)) return;
  const steps = pruneSteps(root, Date.now());
  const batch = (): void => {
    for (let i = 0; i < BATCH; i++) {
      if (steps.next().done) return;
    }
    setTimeout(batch, 0).unref();
  };
  batch();
}
