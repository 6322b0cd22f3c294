// One entry file: a fixed header, two variable names, then the v8.serialize payload.
//
//   offset  size  field
//   0       4     magic "CTDE"
//   4       4     CRC-32 (zlib.crc32) of every byte from offset 8 to the end of the file
//   8       2     format version (FORMAT_VERSION)
//   10      2     flags: 1 = the function returned a promise, 2 = the payload holds typed arrays
//   12      4     payload size in bytes
//   16      8     created, ms since the epoch (float64)
//   24      8     expires, ms since the epoch; 0 = never (used by prune; reads use the site's maxAge)
//   32      64    the full key, ASCII hex: an entry copied to another key's path is not a hit
//   96      2     function id length, 98  2  fingerprint length (UTF-8 bytes)
//   100     …     function id, fingerprint (for the CLI), then the payload
//
// All integers little-endian. The checksum covers the header fields as well as the payload, so a
// flipped bit anywhere past the magic is caught.
import { crc32 } from './checksum';
import { FORMAT_VERSION } from './layout';

export const FLAG_PROMISE = 1;
export const FLAG_VIEWS = 2;

const MAGIC = 0x45445443; // "CTDE" read as little-endian uint32
const KEY_AT = 32;
const KEY_LENGTH = 64;
const NAMES_AT = 96;
export const FIXED_HEADER = 100;
const MAX_NAME_BYTES = 0xffff;

export interface EntryFields {
  key: string;
  id: string;
  fingerprint: string;
  flags: number;
  created: number;
  expires: number;
}

/** The header of an entry whose payload is `payload`, checksum included. */
export function encodeHeader(fields: EntryFields, payload: Uint8Array): Buffer {
  const id = nameBytes(fields.id);
  const fingerprint = nameBytes(fields.fingerprint);
  const header = Buffer.allocUnsafe(FIXED_HEADER + id.length + fingerprint.length);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt16LE(FORMAT_VERSION, 8);
  header.writeUInt16LE(fields.flags, 10);
  header.writeUInt32LE(payload.length, 12);
  header.writeDoubleLE(fields.created, 16);
  header.writeDoubleLE(fields.expires, 24);
  header.write(fields.key, KEY_AT, KEY_LENGTH, 'latin1');
  header.writeUInt16LE(id.length, NAMES_AT);
  header.writeUInt16LE(fingerprint.length, NAMES_AT + 2);
  id.copy(header, FIXED_HEADER);
  fingerprint.copy(header, FIXED_HEADER + id.length);
  header.writeUInt32LE(crc32(payload, crc32(header.subarray(8))), 4);
  return header;
}

function nameBytes(name: string): Buffer {
  const bytes = Buffer.from(name, 'utf8');
  return bytes.length > MAX_NAME_BYTES ? Buffer.alloc(0) : bytes;
}

/**
 * Why the `length` bytes at the start of `buf` are not a valid, fresh entry for `key`, or
 * `undefined` when they are. `maxAge` is the calling site's current lifetime (0 = never expires).
 */
export function entryProblem(buf: Buffer, length: number, key: string, maxAge: number, now: number): string | undefined {
  if (length < FIXED_HEADER) return 'truncated header';
  if (buf.readUInt32LE(0) !== MAGIC) return 'not an entry (bad magic)';
  if (buf.readUInt16LE(8) !== FORMAT_VERSION) return 'other format version';
  if (claimedSize(buf) !== length) return 'size mismatch';
  if (crc32(buf.subarray(8, length)) !== buf.readUInt32LE(4)) return 'checksum mismatch';
  for (let i = 0; i < KEY_LENGTH; i++) {
    if (buf[KEY_AT + i] !== key.charCodeAt(i)) return 'key mismatch';
  }
  if (maxAge > 0 && now - entryCreated(buf) >= maxAge) return 'expired';
  return undefined;
}

/** Where the payload starts, once the fixed header is known to be present. */
export function payloadOffset(buf: Buffer): number {
  return FIXED_HEADER + buf.readUInt16LE(NAMES_AT) + buf.readUInt16LE(NAMES_AT + 2);
}

/** The file size the header claims, once the fixed header is known to be present. */
export function claimedSize(buf: Buffer): number {
  return payloadOffset(buf) + buf.readUInt32LE(12);
}

export function entryFlags(buf: Buffer): number {
  return buf.readUInt16LE(10);
}

/** When the entry was written, once the fixed header is known to be present. */
export function entryCreated(buf: Buffer): number {
  return buf.readDoubleLE(16);
}

/** An entry's header as stored, with its payload size. */
export interface StoredHeader extends EntryFields {
  size: number;
}

/** Fields a reader without the key needs (prune, the CLI); `undefined` for a foreign file. */
export function readHeaderFields(buf: Buffer, length: number): StoredHeader | undefined {
  if (length < FIXED_HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt16LE(8) !== FORMAT_VERSION) return undefined;
  const idLength = buf.readUInt16LE(NAMES_AT);
  const fingerprintLength = buf.readUInt16LE(NAMES_AT + 2);
  if (length < FIXED_HEADER + idLength + fingerprintLength) return undefined;
  return {
    key: buf.toString('latin1', KEY_AT, KEY_AT + KEY_LENGTH),
    id: buf.toString('utf8', FIXED_HEADER, FIXED_HEADER + idLength),
    fingerprint: buf.toString('utf8', FIXED_HEADER + idLength, FIXED_HEADER + idLength + fingerprintLength),
    flags: buf.readUInt16LE(10),
    created: buf.readDoubleLE(16),
    expires: buf.readDoubleLE(24),
    size: buf.readUInt32LE(12),
  };
}

/** The stored expiry (0 = never) of an entry whose first bytes are `buf`, or `undefined` for a foreign file. */
export function storedExpiry(buf: Buffer, length: number): number | undefined {
  if (length < FIXED_HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt16LE(8) !== FORMAT_VERSION) return undefined;
  return buf.readDoubleLE(24);
}
