// Reading one entry. A hit costs open + one read into a buffer reused by every read + close: no
// stat, no per-read allocation for small entries. Anything that is not a valid, fresh entry for
// the requested key is a miss, and the file is removed so the next write replaces it. Nothing
// here throws: I/O faults come back as a miss carrying the error code.
import { closeSync, constants, existsSync, fstatSync, openSync, read, readSync, unlinkSync, close } from 'node:fs';
import { deserialize } from 'node:v8';
import { loadNativeCrc32 } from './checksum';
import { claimedSize, entryCreated, entryFlags, entryProblem, FLAG_VIEWS, payloadOffset } from './entry';
import { entryDirs } from './real-dirs';

const HEAD_BYTES = 64 * 1024;
const shared = Buffer.allocUnsafeSlow(HEAD_BYTES);
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export interface Hit {
  readonly hit: true;
  value: unknown;
  flags: number;
  /** When the entry was written (ms since the epoch). */
  created: number;
  /**
   * The payload's bytes, for a small entry read into the shared buffer: valid only until the next
   * read, so a caller that keeps them copies them.
   */
  payload: Uint8Array | undefined;
}

export interface Miss {
  readonly hit: false;
  /** Why: 'absent', a validation problem, or an I/O error. */
  readonly reason: string;
  /** The errno code when the directory itself is at fault (EACCES, ENOTDIR, …). */
  readonly fault?: string;
}

export type ReadResult = Hit | Miss;

const ABSENT: Miss = { hit: false, reason: 'absent' };
const SYMLINKED: Miss = { hit: false, reason: 'a folder above the entry is a symbolic link', fault: 'ELOOP' };
// One mutable hit object: callers copy its fields before the next read.
const hitResult: Hit = { hit: true, value: undefined, flags: 0, created: 0, payload: undefined };

/** The value of a hit, released from the shared hit object so it does not outlive its caller's use. */
export function takeValue(hit: Hit): unknown {
  const value = hit.value;
  hit.value = undefined;
  hit.payload = undefined;
  return value;
}

/** Reads the entry at `path` for `key` synchronously. */
export function readEntrySync(path: string, key: string, maxAge: number, now: number): ReadResult {
  const head = openAndReadHead(path);
  if (head.fd < 0) return head.miss;
  let buf: Buffer = shared;
  let length = head.length;
  try {
    if (length === HEAD_BYTES) {
      length = fstatSync(head.fd).size;
      if (length !== claimedSize(shared)) return oversized(path);
      if (length > HEAD_BYTES) {
        buf = largeBuffer(length);
        let at = HEAD_BYTES;
        while (at < length) {
          const n = readSync(head.fd, buf, at, length - at, at);
          if (n === 0) break;
          at += n;
        }
        length = at;
      }
    }
  } catch (error) {
    return faultMiss(error);
  } finally {
    closeQuietly(head.fd);
  }
  return decode(path, buf, length, key, maxAge, now);
}

/**
 * Reads the entry at `path` for `key`: small entries synchronously (a thread-pool round trip
 * costs more than the read), larger ones with the head read synchronously and the rest in the
 * background.
 */
export function readEntry(path: string, key: string, maxAge: number, now: number): ReadResult | Promise<ReadResult> {
  const head = openAndReadHead(path);
  if (head.fd < 0) return head.miss;
  const fd = head.fd;
  let length: number;
  try {
    length = head.length === HEAD_BYTES ? fstatSync(fd).size : head.length;
  } catch (error) {
    closeQuietly(fd);
    return faultMiss(error);
  }
  if (length <= HEAD_BYTES) {
    closeQuietly(fd);
    return decode(path, shared, length, key, maxAge, now);
  }
  if (length !== claimedSize(shared)) {
    closeQuietly(fd);
    return oversized(path);
  }
  const buf = largeBuffer(length);
  // Its checksum is computed in an fs callback, where nothing may be required any more.
  loadNativeCrc32();
  return new Promise<ReadResult>((resolve) => {
    // The shared hit object could be overwritten by another read before this promise's
    // callbacks run, so a background read resolves with a copy of it.
    const finish = (at: number): void =>
      close(fd, () => {
        const result = decode(path, buf, at, key, maxAge, Date.now());
        resolve(result.hit ? { hit: true, value: result.value, flags: result.flags, created: result.created, payload: undefined } : result);
      });
    const next = (at: number): void => {
      if (at >= length) return finish(at);
      read(fd, buf, at, length - at, at, (error, n) => {
        if (error) close(fd, () => resolve(faultMiss(error)));
        else if (n === 0) finish(at);
        else next(at + n);
      });
    };
    next(HEAD_BYTES);
  });
}

// A large entry gets a buffer of its own, holding the head already read. When the payload is a
// typed array or Buffer at the top level (the usual large result), the file image is placed so
// that the array's bytes start 8-aligned: v8.deserialize then returns a view of them, where for
// misaligned bytes it makes a copy (doubling the peak memory of the hit).
function largeBuffer(length: number): Buffer {
  const pad = alignmentPad(shared);
  const buf = Buffer.allocUnsafeSlow(length + pad).subarray(pad);
  shared.copy(buf, 0, 0, HEAD_BYTES);
  return buf;
}

const VERSION_TAG = 0xff;
// How Node's serializer marks an ArrayBufferView: the tag, then the view's type index and byte
// length as varints, then its raw bytes.
const HOST_OBJECT_TAG = 0x5c;

function alignmentPad(head: Buffer): number {
  let at = payloadOffset(head);
  if (head[at] !== VERSION_TAG) return 0;
  at = afterVarint(head, at + 1);
  if (head[at] !== HOST_OBJECT_TAG) return 0;
  at = afterVarint(head, afterVarint(head, at + 1));
  return (8 - (at % 8)) % 8;
}

function afterVarint(buf: Buffer, at: number): number {
  while (at < buf.length && (buf[at]! & 0x80) !== 0) at++;
  return at + 1;
}

interface Head {
  fd: number;
  length: number;
  miss: Miss;
}
const head: Head = { fd: -1, length: 0, miss: ABSENT };

// After a lookup found no entry, the next one asks existsSync first: an openSync that fails costs
// several microseconds more than a failed access(), nearly all of it spent building the exception,
// and misses come in runs (a cold cache, a sweep over new inputs). A hit right after a miss pays
// one access() call; a run of hits pays nothing. When access() fails for another reason than
// ENOENT, the write that follows the miss reports that fault.
let probeFirst = false;

function openAndReadHead(path: string): Head {
  head.fd = -1;
  const dirs = entryDirs(path);
  if (dirs === 'absent' || dirs === 'symlink') {
    head.miss = dirs === 'absent' ? ABSENT : SYMLINKED;
    return head;
  }
  if (probeFirst && !existsSync(path)) {
    head.miss = ABSENT;
    return head;
  }
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    probeFirst = code === 'ENOENT';
    if (code === 'ENOENT') head.miss = ABSENT;
    else if (code === 'ELOOP') {
      removeQuietly(path);
      head.miss = { hit: false, reason: 'symlink in place of an entry' };
    } else head.miss = faultMiss(error);
    return head;
  }
  try {
    head.length = readSync(fd, shared, 0, HEAD_BYTES, 0);
  } catch (error) {
    closeQuietly(fd);
    const code = (error as NodeJS.ErrnoException).code;
    head.miss = code === 'EISDIR' ? { hit: false, reason: 'directory in place of an entry' } : faultMiss(error);
    return head;
  }
  probeFirst = false;
  head.fd = fd;
  return head;
}

function decode(path: string, buf: Buffer, length: number, key: string, maxAge: number, now: number): ReadResult {
  const problem = entryProblem(buf, length, key, maxAge, now);
  if (problem !== undefined) {
    removeQuietly(path);
    return { hit: false, reason: problem };
  }
  const flags = entryFlags(buf);
  let payload = buf.subarray(payloadOffset(buf), length);
  // v8.deserialize returns typed arrays that are views into its input; the shared buffer is
  // overwritten by the next read, so such payloads get bytes of their own.
  if (buf === shared && (flags & FLAG_VIEWS) !== 0) payload = Buffer.from(payload);
  try {
    hitResult.value = deserialize(payload);
  } catch {
    removeQuietly(path);
    return { hit: false, reason: 'payload does not deserialize' };
  }
  hitResult.flags = flags;
  hitResult.created = entryCreated(buf);
  hitResult.payload = buf === shared ? payload : undefined;
  return hitResult;
}

// A file longer than 64 KiB whose header disagrees with its size is rejected before its body is
// read: a junk or sparse multi-gigabyte file must cost neither the memory nor the read.
function oversized(path: string): Miss {
  removeQuietly(path);
  return { hit: false, reason: 'size mismatch' };
}

function faultMiss(error: unknown): Miss {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  return { hit: false, reason: String((error as Error).message ?? error), fault: code };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // The descriptor is gone either way.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already removed (by another process, or a prune).
  }
}
