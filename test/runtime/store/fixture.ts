// Builds on-disk states for the store tests with the store's own layout and writer, never with
// hard-coded paths.
import { serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { encodeHeader } from '../../../runtime/store/entry';
import { entryPath, functionDir, versionRoot } from '../../../runtime/store/layout';
import { writeEntrySync, type EntryTarget } from '../../../runtime/store/write';

export interface PutOptions {
  id?: string;
  created?: number;
  expires?: number;
  flags?: number;
}

/** A key as the runtime derives it (any 64 hex characters are a valid key). */
export function keyOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function targetOf(cacheDir: string, id: string, key: string): EntryTarget {
  const root = versionRoot(cacheDir);
  const fnDir = functionDir(root, id);
  return { root, fnDir, functionId: id, key, path: entryPath(fnDir, key) };
}

/** Writes `value` as the entry of `key`; returns the entry's path. */
export function put(cacheDir: string, key: string, value: unknown, options: PutOptions = {}): string {
  const id = options.id ?? 'src/a.ts#f';
  const payload = serialize(value);
  const created = options.created ?? Date.now();
  const header = encodeHeader(
    { key, id, fingerprint: 'fp', flags: options.flags ?? 0, created, expires: options.expires ?? 0 },
    payload,
  );
  const target = targetOf(cacheDir, id, key);
  writeEntrySync(target, header, payload);
  return target.path;
}
