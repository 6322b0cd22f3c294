// Where things live in Redis, all under the configured prefix:
//
//   <prefix>v1:<function folder>:<key>   one entry: the bytes of a local entry file, signed when a
//                                         secret is set (signing.ts); TTL = its remaining lifetime
//   <prefix>v1:lock:<key>                 a running computation of <key> somewhere (single flight)
//   <prefix>v1:ids                        hash: function folder → function id, for clears by name
//
// The function folder is the same 32 hex digits as the local folder (store/layout.ts), so a
// function's remote entries are found by one SCAN pattern, whatever characters its id holds.
import { VERSION_DIR } from '../store/layout';

export function entryName(prefix: string, functionFolder: string, key: string): string {
  return `${prefix}${VERSION_DIR}:${functionFolder}:${key}`;
}

export function lockName(prefix: string, key: string): string {
  return `${prefix}${VERSION_DIR}:lock:${key}`;
}

export function idsName(prefix: string): string {
  return `${prefix}${VERSION_DIR}:ids`;
}

/** A SCAN pattern matching the entries of one function folder, or of all when omitted. */
export function entryPattern(prefix: string, functionFolder?: string): string {
  return `${globEscape(prefix)}${VERSION_DIR}:${functionFolder ?? '[0-9a-f]*'}:*`;
}

/** The function folder of an entry name under `prefix`. */
export function folderOf(prefix: string, name: string): string {
  const at = prefix.length + VERSION_DIR.length + 1;
  return name.slice(at, name.indexOf(':', at));
}

// A prefix is matched literally: Redis glob characters in it are escaped.
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
