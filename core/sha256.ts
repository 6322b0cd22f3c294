// SHA-256 (FIPS 180-4) of a short string, in JavaScript, for the first keys of a process: loading
// node:crypto costs about 4 ms of start-up on a 2-core VM (it pulls in the stream modules), more
// than hashing the few keys a short-lived process computes (see JS_BLOCK_BUDGET in hash.ts). The
// digest is the same either way, so keys do not depend on which path computed them.

/** The longest string (in UTF-16 code units) this module hashes; its UTF-8 fits in `message`. */
export const MAX_SHORT_STRING = 1024;

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

// Room for the UTF-8 of the longest short string (3 bytes per code unit) plus the padding.
const message = new Uint8Array(MAX_SHORT_STRING * 3 + 72);
const w = new Int32Array(64);
const h = new Int32Array(8);
// Made on first use, not at load, like everything else a process may not need.
let encoder: InstanceType<typeof TextEncoder> | undefined;
let hexBytes: string[] | undefined;

let blocks = 0;

/** How many 64-byte blocks this module has compressed in this process. */
export function blocksHashed(): number {
  return blocks;
}

/** Hex SHA-256 of the UTF-8 bytes of `text` (lone surrogates become U+FFFD, as in Buffer.from). */
export function sha256HexShort(text: string): string {
  if (text.length > MAX_SHORT_STRING) throw new RangeError(`sha256HexShort takes at most ${MAX_SHORT_STRING} code units`);
  const length = utf8Into(text);
  // Padding: 0x80, zeros up to 8 bytes short of a block boundary, then the bit length (big-endian).
  const end = (((length + 8) >>> 6) + 1) * 64;
  blocks += end >>> 6;
  message[length] = 0x80;
  message.fill(0, length + 1, end - 4);
  const bits = length * 8;
  message[end - 4] = bits >>> 24;
  message[end - 3] = bits >>> 16;
  message[end - 2] = bits >>> 8;
  message[end - 1] = bits;
  h.set(INITIAL);
  for (let at = 0; at < end; at += 64) compress(at);
  const HEX = (hexBytes ??= Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')));
  let hex = '';
  for (let i = 0; i < 8; i++) {
    const v = h[i]!;
    hex += HEX[v >>> 24]! + HEX[(v >>> 16) & 0xff]! + HEX[(v >>> 8) & 0xff]! + HEX[v & 0xff]!;
  }
  return hex;
}

// ASCII is copied by hand: for the short strings keys are made of, that beats encodeInto's call.
function utf8Into(text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return (encoder ??= new TextEncoder()).encodeInto(text, message).written;
    message[i] = c;
  }
  return n;
}

function compress(at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    w[i] = (message[j]! << 24) | (message[j + 1]! << 16) | (message[j + 2]! << 8) | message[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let k = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + k) | 0;
}
