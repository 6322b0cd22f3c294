// One hash function for every digest the project computes: keys, fingerprints, function folders.
//
// SHA-256 from node:crypto rather than hash-wasm: transformers, Babel plugins and sync cached
// functions need digests synchronously, and hash-wasm only initialises asynchronously. On x86-64
// with SHA extensions node:crypto hashes about 1.5 GB/s; a cryptographic digest also means two
// different argument lists never share an entry in practice, which a fast non-cryptographic
// 64-bit hash could not promise.
//
// Short strings (the key of a typical call, one or two 64-byte blocks) are hashed by sha256.ts
// for the first 16 blocks of a process, then by node:crypto. Loading node:crypto costs about 4 ms
// of start-up on a 2-core VM, while in a fresh process sha256.ts still runs in V8's interpreter,
// at about 150 µs per block: a process that makes a handful of cached calls never loads
// node:crypto, and one that makes more loses at most about 2.5 ms before it switches.
import type { Hash } from 'node:crypto';
import { blocksHashed, MAX_SHORT_STRING, sha256HexShort } from './sha256';

export const HASH_ALGORITHM = 'sha256';

const JS_BLOCK_BUDGET = 16;

let crypto: typeof import('node:crypto') | undefined;
const nodeCrypto = (): typeof import('node:crypto') => (crypto ??= require('node:crypto') as typeof import('node:crypto'));

/** Hex SHA-256 of a string (UTF-8) or bytes, in one call. */
export function sha256Hex(data: string | NodeJS.ArrayBufferView): string {
  if (crypto === undefined && typeof data === 'string' && data.length <= MAX_SHORT_STRING && blocksHashed() < JS_BLOCK_BUDGET) {
    return sha256HexShort(data);
  }
  return nodeCrypto().hash(HASH_ALGORITHM, data as string, 'hex');
}

/** An incremental SHA-256, for inputs fed in pieces. */
export function createSha256(): Hash {
  return nodeCrypto().createHash(HASH_ALGORITHM);
}
