// Entries this process read recently, held in memory so that a repeated hit skips open + read +
// close + checksum. Every hit still returns a fresh copy, as a read from disk does. A value made
// only of plain objects, arrays and primitives, with no object reached twice, is held decoded and
// copied by a walk over it (several times faster than v8.deserialize, structuredClone or
// JSON.parse build the same data); any other value is held as its serialized bytes and copied by
// v8.deserialize. A value is sorted into one kind or the other on its first hit from memory, so an
// entry read from disk only once costs a copy of its bytes.
//
// A held entry is served for at most TRUST_MS after it was read from disk; the next call after
// that reads the disk again (and holds the entry anew), so an entry another process removed (the
// CLI's clear, a prune, a hand-deleted file) stops being served within that time. Clearing from
// this process drops held entries at once. Entries are queued by the time they were read from
// disk; when the budget is full, only entries past their TRUST_MS make room, and while none is, a
// new entry is not held. An entry in use is re-read, and so re-queued, every TRUST_MS, which ranks
// entries by use without reordering anything on a hit; and a working set larger than the budget
// keeps a part of itself in memory instead of cycling every entry through it unused.
//
// Not held: payloads over MAX_HELD_BYTES (decoding them costs far more than reading them, so
// memory would save little), and values with typed arrays or Buffers: v8.deserialize returns them
// as views into the bytes it is given, which would share held bytes between callers.
import { deserialize } from 'node:v8';
import { CacheToDiskUsageError } from './errors';
import { isOffValue } from './off-switch';
import { warnOnce } from './warnings';

/** How long a held entry is served before the disk is read again. */
export const TRUST_MS = 1000;
/** Payload bytes held by default. */
export const DEFAULT_MEMORY_BYTES = 8 * 1024 * 1024;
const MAX_HELD_BYTES = 64 * 1024;
const SIZE_PATTERN = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i;
const UNIT: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

interface Held {
  /** The payload, until the first hit from memory finds the value is plain data. */
  bytes: Uint8Array | undefined;
  /** The decoded value when it is plain data: never handed out, only copied. */
  plain: unknown;
  /** Whether a hit from memory has looked at the value yet. */
  sorted: boolean;
  readonly flags: number;
  readonly created: number;
  readonly size: number;
  readonly readAt: number;
}

/** A hit served from memory: a fresh copy of the value and the entry's flags. */
export interface Recalled {
  value: unknown;
  flags: number;
}

const held = new Map<string, Held>();
let heldBytes = 0;
let option: number | false | undefined;
let budget: number | undefined;
const recalled: Recalled = { value: undefined, flags: 0 };

/**
 * The entry at `path`, copied out of memory, or `undefined` when it is not held, was read from
 * disk too long ago, or has outlived `maxAge`. The result object is reused by the next call.
 */
export function recall(path: string, maxAge: number, now: number): Recalled | undefined {
  if (held.size === 0) return undefined;
  const entry = held.get(path);
  if (entry === undefined) return undefined;
  if (now - entry.readAt >= TRUST_MS || (maxAge > 0 && now - entry.created >= maxAge)) {
    drop(path, entry);
    return undefined;
  }
  try {
    recalled.value = copyOf(entry);
  } catch {
    drop(path, entry);
    return undefined;
  }
  recalled.flags = entry.flags;
  return recalled;
}

/**
 * Holds the entry just read from `path`. `payload` may be overwritten by the next read, so the
 * bytes are copied; values holding typed arrays or Buffers are not held (see above).
 */
export function remember(path: string, payload: Uint8Array, flags: number, holdsViews: boolean, created: number, now: number): void {
  const limit = memoryBudget();
  if (holdsViews || payload.length > MAX_HELD_BYTES || payload.length > limit) return;
  const previous = held.get(path);
  if (previous !== undefined) drop(path, previous);
  for (const [oldest, entry] of held) {
    if (heldBytes + payload.length <= limit || now - entry.readAt < TRUST_MS) break;
    drop(oldest, entry);
  }
  if (heldBytes + payload.length > limit) return;
  held.set(path, { bytes: new Uint8Array(payload), plain: undefined, sorted: false, flags, created, size: payload.length, readAt: now });
  heldBytes += payload.length;
}

/** Drops every held entry: the cache was cleared, or its directory or budget changed. */
export function forgetAll(): void {
  held.clear();
  heldBytes = 0;
}

/** What `configure({ memory })` received; checked now, so a bad value throws from configure(). */
export function setMemoryOption(value: number | false | undefined): void {
  if (value !== undefined && value !== false && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new CacheToDiskUsageError(
      'CTD_BAD_OPTIONS',
      `cache-to-disk: configure({ memory }) expects a number of bytes (0 or false turns the memory tier off), got ${String(value)}.`,
    );
  }
  option = value;
  budget = undefined;
  forgetAll();
}

function memoryBudget(): number {
  if (budget === undefined) budget = option === false ? 0 : option === undefined ? fromEnvironment() : Math.floor(option);
  return budget;
}

function fromEnvironment(): number {
  const text = (process.env.CACHE_TO_DISK_MEMORY ?? '').trim();
  if (text === '') return DEFAULT_MEMORY_BYTES;
  if (isOffValue(text)) return 0;
  const match = SIZE_PATTERN.exec(text);
  if (match !== null) return Math.floor(Number(match[1]) * UNIT[match[2]!.toLowerCase()]!);
  warnOnce(
    'CACHE_TO_DISK_MEMORY',
    'CTD_BAD_MEMORY',
    `cache-to-disk: CACHE_TO_DISK_MEMORY=${JSON.stringify(text)} is not a size; holding up to ${DEFAULT_MEMORY_BYTES / 1024 ** 2} MiB. ` +
      'Fix: a number of bytes with an optional unit (64M, 512k, 1G), or off.',
  );
  return DEFAULT_MEMORY_BYTES;
}

function copyOf(entry: Held): unknown {
  if (entry.bytes === undefined) return copyPlain(entry.plain);
  const value = deserialize(entry.bytes);
  // Sorted before the caller gets the value and can change it.
  if (!entry.sorted) {
    entry.sorted = true;
    if (isPlainData(value, new Set(), 0)) {
      entry.plain = copyPlain(value);
      entry.bytes = undefined;
    }
  }
  return value;
}

/** A deep copy of data that isPlainData accepted. */
function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      copy[i] = typeof item === 'object' && item !== null ? copyPlain(item) : item;
    }
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    copy[key] = typeof item === 'object' && item !== null ? copyPlain(item) : item;
  }
  return copy;
}

const MAX_DEPTH = 64;

/**
 * Whether copyPlain(value) gives what v8.deserialize gives: a tree (no object reached twice, so no
 * shared references or cycles to lose) of plain objects (no own `__proto__` key, which an
 * assignment would turn into a prototype), dense arrays without extra properties, and
 * primitives. A deserialized value holds no functions or symbols, so any other object is one
 * built in (Map, Date, a boxed primitive, …), which this copy would not rebuild.
 */
function isPlainData(value: unknown, seen: Set<object>, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth > MAX_DEPTH || seen.has(value)) return false;
  seen.add(value);
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Array.prototype) {
    const list = value as unknown[];
    if (Object.keys(list).length !== list.length) return false;
    for (let i = 0; i < list.length; i++) {
      if (!Object.hasOwn(list, i) || !isPlainData(list[i], seen, depth + 1)) return false;
    }
    return true;
  }
  if (prototype !== Object.prototype || Object.hasOwn(value, '__proto__')) return false;
  for (const key of Object.keys(value)) {
    if (!isPlainData((value as Record<string, unknown>)[key], seen, depth + 1)) return false;
  }
  return true;
}

function drop(path: string, entry: Held): void {
  held.delete(path);
  heldBytes -= entry.size;
}
