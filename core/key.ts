// How an entry's key is formed from what the compiler bakes in and what the call passes.
// key = sha256(KEY_FORMAT, functionId, fingerprint, argsKey). Changing anything here changes
// every user's keys: bump KEY_FORMAT and say so in CHANGELOG.md.
import { sha256Hex } from './hash';

export const KEY_FORMAT = 'ctd-key-1';

/** The per-function part of every key; computed once per function, not per call. */
export function keyPrefix(functionId: string, fingerprint: string): string {
  return `${KEY_FORMAT}\0${functionId}\0${fingerprint}\0`;
}

/** Hex key of one call, from the function's prefix and the encoded arguments. */
export function entryKey(prefix: string, argsKey: string): string {
  return sha256Hex(prefix + argsKey);
}
