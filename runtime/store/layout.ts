// The on-disk tree. Every path the runtime, the CLI and the tests touch is built here:
//
//   <cache dir>/                       CACHE_TO_DISK_DIR, node_modules/.cache/cache-to-disk, …
//   ├── CACHEDIR.TAG                   tells backup tools the tree is a cache (bford.info/cachedir)
//   └── v1/                            FORMAT_VERSION: a format change starts a fresh tree
//       └── 3fa4…/                     one folder per function: first 32 hex of sha256(functionId)
//           ├── id                     the functionId in UTF-8: bare names resolve in O(functions)
//           └── 9c/                    shard: the first 2 hex characters of the key
//               ├── 41e0…              one entry (entry.ts), named by the other 62 hex characters
//               └── .tmp-<pid>-<n>-<r> a write in progress, renamed over its entry when complete
//
// The folder per function makes clearing one function cost O(its entries); sharding keeps
// directories small at 100,000 entries. Keys and folder names are hashes, so no user-supplied
// string ever becomes a path component.
import { join } from 'node:path';
import { sha256Hex } from '../../core/hash';

export const FORMAT_VERSION = 1;
export const VERSION_DIR = `v${FORMAT_VERSION}`;
export const CACHEDIR_TAG = 'CACHEDIR.TAG';
export const ID_FILE = 'id';
export const CACHEDIR_TAG_TEXT =
  'Signature: 8a477f597d28d172789f06886806bc55\n' +
  '# This file is a cache directory tag created by cache-to-disk.\n' +
  '# For information about cache directory tags, see https://bford.info/cachedir/\n';

const FUNCTION_DIR_HEX = 32;
const SHARD_HEX = 2;
const TEMP_PREFIX = '.tmp-';

/** The version root inside a cache directory: everything this format writes lives below it. */
export function versionRoot(cacheDir: string): string {
  return join(cacheDir, VERSION_DIR);
}

/** The folder of one function under a version root. */
export function functionDir(root: string, functionId: string): string {
  return `${root}/${functionFolder(functionId)}`;
}

/** The folder name of one function: also its name in the shared tier's keys. */
export function functionFolder(functionId: string): string {
  return sha256Hex(functionId).slice(0, FUNCTION_DIR_HEX);
}

export function shardDir(fnDir: string, key: string): string {
  return `${fnDir}/${key.slice(0, SHARD_HEX)}`;
}

export function entryPath(fnDir: string, key: string): string {
  return `${fnDir}/${key.slice(0, SHARD_HEX)}/${key.slice(SHARD_HEX)}`;
}

// The random part tells apart processes with the same pid (containers sharing a cache directory).
// It needs to be unique, not secret: the temporary file is opened with O_EXCL | O_NOFOLLOW, so a
// file already at that name fails the write instead of being written through. Math.random rather
// than node:crypto, which a process that only reads never loads.
const processTag = `${process.pid}-${Math.floor(Math.random() * 0x100000000).toString(16)}`;
let tempCounter = 0;

/** A name no other write (in this or another process) uses, in the directory of its entry. */
export function tempPath(shard: string): string {
  return `${shard}/${TEMP_PREFIX}${processTag}-${(tempCounter++).toString(36)}`;
}

export function isFunctionDirName(name: string): boolean {
  return name.length === FUNCTION_DIR_HEX && /^[0-9a-f]+$/.test(name);
}

export function isShardName(name: string): boolean {
  return name.length === SHARD_HEX && /^[0-9a-f]+$/.test(name);
}

export function isEntryName(name: string): boolean {
  return name.length === 64 - SHARD_HEX && /^[0-9a-f]+$/.test(name);
}

export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}
