// One hash function for every digest the project computes: keys, fingerprints, function folders.
//
// SHA-256 from node:crypto rather than hash-wasm: transformers, Babel plugins and sync cached
// functions need digests synchronously, and hash-wasm only initialises asynchronously. On x86-64
// with SHA extensions node:crypto hashes about 1.5 GB/s; a cryptographic digest also means two
// different argument lists never share an entry in practice, which a fast non-cryptographic
// 64-bit hash could not promise.
import { createHash, hash as oneShot, type Hash } from 'node:crypto';

export const HASH_ALGORITHM = 'sha256';

/** Hex SHA-256 of a string (UTF-8) or bytes, in one call. */
export function sha256Hex(data: string | NodeJS.ArrayBufferView): string {
  return oneShot(HASH_ALGORITHM, data as string, 'hex');
}

/** An incremental SHA-256, for inputs fed in pieces. */
export function createSha256(): Hash {
  return createHash(HASH_ALGORITHM);
}
