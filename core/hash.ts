// One hash function for every digest the project computes: keys, fingerprints, function folders.
//
// SHA-256 from node:crypto rather than hash-wasm: transformers, Babel plugins and sync cached
// functions need digests synchronously, and hash-wasm only initialises asynchronously. On x86-64
// with SHA extensions node:crypto hashes about 1.5 GB/s; a cryptographic digest also means two
// different argument lists never share an entry in practice, which a fast non-cryptographic
// 64-bit hash could not promise.
//
// Short strings (the key of a typical call) are hashed by sha256.ts until its extra cost per
// block adds up to what loading node:crypto costs once: a process that makes a few cached calls
// never loads node:crypto, and one that makes many switches to it (at most a few ms late).
import type { Hash } from 'node:crypto';
import { blocksHashed, MAX_SHORT_STRING, sha256HexShort } from './sha256';

export const HASH_ALGORITHM = 'sha256';

// About 4 ms of loading node:crypto ÷ about 0.5 µs of extra cost per block hashed in JavaScript.
const JS_BLOCK_BUDGET = 8192;

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
