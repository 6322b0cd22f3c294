// Reading one entry. A hit costs open + one read into a buffer reused by every read + close: no
// stat, no per-read allocation for small entries. Anything that is not a valid, fresh entry for
// the requested key is a miss, and the file is removed so the next write replaces it. Nothing
// here throws: I/O faults come back as a miss carrying the error code.
import { closeSync, constants, fstatSync, openSync, read, readSync, unlinkSync, close } from 'node:fs';
import { deserialize } from 'node:v8';
import { entryFlags, entryProblem, FLAG_VIEWS, payloadOffset } from './entry';

const HEAD_BYTES = 64 * 1024;
const shared = Buffer.allocUnsafeSlow(HEAD_BYTES);
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

export interface Hit {
  readonly hit: true;
  value: unknown;
  flags: number;
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
// One mutable hit object: callers copy its fields before the next read.
const hitResult: Hit = { hit: true, value: undefined, flags: 0 };

/** The value of a hit, released from the shared hit object so it does not outlive its caller's use. */
export function takeValue(hit: Hit): unknown {
  const value = hit.value;
  hit.value = undefined;
  return value;
}

/** Reads the entry at `path` for `key` synchronously. */
export function readEntrySync(path: string, key: string, maxAge: number, now: number): ReadResult {
  const head = openAndReadHead(path);
  if (head.fd < 0) return head.miss;
  let buf = shared;
  let length = head.length;
  try {
    if (length === HEAD_BYTES) {
      length = fstatSync(head.fd).size;
      if (length > HEAD_BYTES) {
        buf = Buffer.allocUnsafeSlow(length);
        shared.copy(buf, 0, 0, HEAD_BYTES);
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
  const buf = Buffer.allocUnsafeSlow(length);
  shared.copy(buf, 0, 0, HEAD_BYTES);
  return new Promise<ReadResult>((resolve) => {
    // The shared hit object could be overwritten by another read before this promise's
    // callbacks run, so a background read resolves with a copy of it.
    const finish = (at: number): void =>
      close(fd, () => {
        const result = decode(path, buf, at, key, maxAge, Date.now());
        resolve(result.hit ? { hit: true, value: result.value, flags: result.flags } : result);
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

interface Head {
  fd: number;
  length: number;
  miss: Miss;
}
const head: Head = { fd: -1, length: 0, miss: ABSENT };

function openAndReadHead(path: string): Head {
  head.fd = -1;
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
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
  return hitResult;
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
