// Writing one entry atomically: the bytes go to a unique temporary file next to the entry, which
// is then renamed over it, so a reader (in any process) sees the old entry, no entry, or the whole
// new one — never a partial file. Directories are created only when the first open fails with
// ENOENT, so a write into an existing tree costs no mkdir. Faults are thrown to the caller
// (persist.ts), which turns them into one warning.
import { close, closeSync, constants, mkdirSync, open, openSync, rename, renameSync, unlink, unlinkSync, writeFileSync, writev, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import { CACHEDIR_TAG, CACHEDIR_TAG_TEXT, ID_FILE, shardDir, tempPath } from './layout';
import { entryDirs, symlinkError } from './real-dirs';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
// A folder just created can be removed again by a concurrent clear before the temporary file is
// opened in it; a few attempts ride out that race without reporting a fault.
const TREE_ATTEMPTS = 3;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Where an entry goes: the function's folder (under `root`, the version root) and its key. */
export interface EntryTarget {
  root: string;
  fnDir: string;
  functionId: string;
  key: string;
  path: string;
}

export function writeEntrySync(target: EntryTarget, header: Buffer, payload: Uint8Array): void {
  const shard = shardDir(target.fnDir, target.key);
  const temp = tempPath(shard);
  let fd = -1;
  for (let attempt = 1; fd < 0; attempt++) {
    checkDirs(target.path);
    try {
      fd = openSync(temp, CREATE_FLAGS, FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > TREE_ATTEMPTS) throw error;
      createTree(target, shard);
    }
  }
  try {
    writeAllSync(fd, header, payload);
    closeSync(fd);
    fd = -1;
    renameSync(temp, target.path);
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    removeQuietly(temp);
    throw error;
  }
}

// The callback API rather than fs/promises: loading fs/promises (and the readline modules it
// pulls in) would add to every process's start-up for the rare large async write.
export async function writeEntryAsync(target: EntryTarget, header: Buffer, payload: Uint8Array): Promise<void> {
  const shard = shardDir(target.fnDir, target.key);
  const temp = tempPath(shard);
  let fd = -1;
  for (let attempt = 1; fd < 0; attempt++) {
    checkDirs(target.path);
    try {
      fd = await openTemp(temp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > TREE_ATTEMPTS) throw error;
      createTree(target, shard);
    }
  }
  try {
    await writeAll(fd, [header, payload]);
  } catch (error) {
    close(fd, () => unlink(temp, () => undefined));
    throw error;
  }
  await new Promise<void>((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve())));
  await new Promise<void>((resolve, reject) =>
    rename(temp, target.path, (error) => (error ? unlink(temp, () => reject(error)) : resolve())),
  );
}

function checkDirs(entry: string): void {
  if (entryDirs(entry) === 'symlink') throw symlinkError(entry);
}

function openTemp(temp: string): Promise<number> {
  return new Promise((resolve, reject) => open(temp, CREATE_FLAGS, FILE_MODE, (error, fd) => (error ? reject(error) : resolve(fd))));
}

async function writeAll(fd: number, buffers: Uint8Array[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    const written = await new Promise<number>((resolve, reject) =>
      writev(fd, pending, (error, n) => (error ? reject(error) : resolve(n))),
    );
    pending = remaining(pending, written);
  }
}

function remaining(buffers: Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  for (const buffer of buffers) {
    if (written >= buffer.length) written -= buffer.length;
    else {
      rest.push(written > 0 ? buffer.subarray(written) : buffer);
      written = 0;
    }
  }
  return rest;
}

// writev may stop short on a large payload; continue from where it stopped.
function writeAllSync(fd: number, header: Buffer, payload: Uint8Array): void {
  let pending: Uint8Array[] = [header, payload];
  while (pending.length > 0) pending = remaining(pending, writevSync(fd, pending));
}

/**
 * Creates the shard folder and whatever is missing above it (0700), then the files that belong
 * to a newly created level: CACHEDIR.TAG for a new version root, `id` for a new function folder.
 */
function createTree(target: EntryTarget, shard: string): void {
  const first = mkdirSync(shard, { recursive: true, mode: DIR_MODE });
  if (first === undefined) return;
  if (first.length <= target.root.length) {
    writeSmallFile(`${dirname(target.root)}/${CACHEDIR_TAG}`, CACHEDIR_TAG_TEXT);
  }
  if (first.length <= target.fnDir.length) {
    writeSmallFile(`${target.fnDir}/${ID_FILE}`, target.functionId);
  }
}

function writeSmallFile(path: string, text: string): void {
  const temp = tempPath(dirname(path));
  try {
    writeFileSync(temp, text, { mode: FILE_MODE, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing to clean up.
  }
}
