// The CRC-32 of entry files (the zlib polynomial: `zlib.crc32` gives the same value). Loading
// node:zlib costs a process about 1 ms of start-up on a 2-core VM, about what this table-driven
// loop needs for its first 8 KiB in a fresh process, where it still runs in V8's interpreter.
// So the first JS_BYTE_BUDGET bytes are checksummed here and everything after that (or after
// something else loaded zlib) by zlib: a process that reads a few entries never loads node:zlib,
// and one that reads more loses at most about 1 ms before it switches.
import type * as Zlib from 'node:zlib';

const JS_BYTE_BUDGET = 8 * 1024;

let zlib: typeof Zlib | undefined;
let jsBytes = 0;
let tables: Int32Array | undefined;

/**
 * Loads node:zlib now, for a caller about to checksum from a callback: a host that tears its
 * module system down once a test file returns (Jest) must not see a require from a callback.
 */
export function loadNativeCrc32(): void {
  zlib ??= require('node:zlib') as typeof Zlib;
}

/** CRC-32 of `data`, continuing from `crc` (the value of the bytes before it). */
export function crc32(data: Uint8Array, crc = 0): number {
  if (zlib !== undefined || jsBytes + data.length > JS_BYTE_BUDGET) {
    loadNativeCrc32();
    return zlib!.crc32(data, crc);
  }
  jsBytes += data.length;
  const t = (tables ??= makeTables());
  let c = ~crc;
  let i = 0;
  const n = data.length;
  // Slicing-by-4 (four bytes per step through four tables), then the tail one byte at a time.
  for (const end = n - (n & 3); i < end; i += 4) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!;
  }
  for (; i < n; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function makeTables(): Int32Array {
  const t = new Int32Array(1024);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 256; k < 1024; k += 256) t[k + n] = t[t[k - 256 + n]! & 0xff]! ^ (t[k - 256 + n]! >>> 8);
  }
  return t;
}
