// One call of a cached function: key → read → (ask the shared tier → run → store and publish).
// Sync functions read and write
// synchronously; a sync function that returns a promise has the resolved value stored (flagged,
// so a hit returns a promise again); async functions always return a promise. Thrown errors and
// rejections are never stored. The hit path is: one config field read, the args encoding, one
// hash, then a copy of the entry held in memory when this process read it from disk less than a
// second ago (memory.ts), else one open/read/close into a reused buffer, a checksum,
// v8.deserialize.
import { entryKey } from '../core/key';
import { argsKey } from './args-key';
import { activeRoot } from './config';
import { remoteTier } from './remote/current';
import { debugEnabled, debugLine, elapsed } from './debug';
import { isNoCacheCondition } from './errors';
import { joinFlight, pendingFlight, startFlight, type Outcome } from './single-flight';
import type { Site } from './site';
import { FLAG_PROMISE, FLAG_VIEWS } from './store/entry';
import { recall, remember, type Recalled } from './memory';
import { entryPath } from './store/layout';
import { readEntry, readEntrySync, takeValue, type ReadResult } from './store/read';
import type { StoredEntry } from './persist';
import type { RemoteHit, RemoteTier } from './remote/tier';

type Impl = (...args: any[]) => unknown;
type Args = ArrayLike<unknown> & unknown[];

// What only a miss or a warning needs (serialize, write, storability walk, fault and warning
// texts) is loaded on first use: a process whose calls all hit never compiles those modules,
// which keeps the runtime's share of start-up small.
let persist: typeof import('./persist') | undefined;
const persistence = (): typeof import('./persist') => (persist ??= require('./persist') as typeof import('./persist'));
const siteWarnings = (): typeof import('./site-warnings') => require('./site-warnings') as typeof import('./site-warnings');
const faults = (): typeof import('./faults') => require('./faults') as typeof import('./faults');

/** Runs `impl` through the cache of `site`. */
export function cachedCall(site: Site, thisArg: unknown, args: ArrayLike<unknown>, impl: Impl, captures?: ArrayLike<unknown>): unknown {
  const start = debugEnabled ? performance.now() : 0;
  const root = activeRoot(site.id);
  if (root === undefined) return uncached(site, thisArg, args, impl, 'caching is off');
  const encoded = argsKey(site, thisArg, args, captures);
  if (typeof encoded !== 'string') {
    siteWarnings().warnUnkeyable(site, encoded, impl);
    return uncached(site, thisArg, args, impl, `${encoded.path} cannot be encoded`);
  }
  const key = entryKey(site.prefix, encoded);
  const flight = pendingFlight(key);
  if (flight !== undefined) {
    if (debugEnabled) debugLine('join', site.id, key, 'waiting for a running call with the same key');
    return joinFlight(site, flight);
  }
  const path = entryPath(site.functionDir(root), key);
  const now = Date.now();
  const held = recall(path, site.maxAge, now);
  if (held !== undefined) return memoryHit(site, key, held, start);
  if (site.async) {
    const read = readEntry(path, key, site.maxAge, now);
    if (read instanceof Promise) return read.then((r) => afterAsyncRead(site, root, key, path, r, thisArg, args, impl, start));
    hold(path, read, now);
    return afterAsyncRead(site, root, key, path, read, thisArg, args, impl, start);
  }
  const read = readEntrySync(path, key, site.maxAge, now);
  if (read.hit) {
    site.stats.hits++;
    hold(path, read, now);
    if (debugEnabled) debugLine('hit', site.id, key, elapsed(start));
    return (read.flags & FLAG_PROMISE) !== 0 ? Promise.resolve(takeValue(read)) : takeValue(read);
  }
  const remote = remoteTier();
  if (remote !== undefined) {
    const found = remote.lookupSync(site, root, key, path);
    if (found.hit) return remoteHit(site, key, found, start);
  }
  missed(site, root, key, read, start);
  let result: unknown;
  try {
    result = impl.apply(thisArg, args as Args);
  } catch (error) {
    remote?.release(key);
    if (!isNoCacheCondition(error)) throw error;
    return noCache(site, key, error.value, start);
  }
  if (isThenable(result)) return startFlight(key, outcome(site, root, key, path, Promise.resolve(result), FLAG_PROMISE, start, remote)).then(valueOf);
  shareStored(remote, site, root, key, persistence().storeSync(site, root, key, path, result, 0));
  return result;
}

/** Runs `impl` with no cache at all (a call that reaches a site before its module finished loading). */
export function bareCall(thisArg: unknown, args: ArrayLike<unknown>, impl: Impl): unknown {
  let result: unknown;
  try {
    result = impl.apply(thisArg, args as Args);
  } catch (error) {
    if (isNoCacheCondition(error)) return error.value;
    throw error;
  }
  return isThenable(result) ? Promise.resolve(result).then(undefined, unwrapNoCache) : result;
}

function afterAsyncRead(
  site: Site,
  root: string,
  key: string,
  path: string,
  read: ReadResult,
  thisArg: unknown,
  args: ArrayLike<unknown>,
  impl: Impl,
  start: number,
): Promise<unknown> {
  if (read.hit) {
    site.stats.hits++;
    if (debugEnabled) debugLine('hit', site.id, key, elapsed(start));
    return Promise.resolve(takeValue(read));
  }
  // A large entry is read in the background; another caller may have started the work meanwhile.
  const flight = pendingFlight(key);
  if (flight !== undefined) return joinFlight(site, flight);
  const remote = remoteTier();
  if (remote !== undefined) return throughRemote(remote, site, root, key, path, read, thisArg, args, impl, start);
  missed(site, root, key, read, start);
  return startFlight(key, outcome(site, root, key, path, run(thisArg, args, impl), 0, start, undefined)).then(valueOf);
}

// The shared tier's lookup is part of the flight, so concurrent identical calls in this process
// wait for its answer instead of asking Redis themselves.
function throughRemote(
  remote: RemoteTier,
  site: Site,
  root: string,
  key: string,
  path: string,
  read: ReadResult & { hit: false },
  thisArg: unknown,
  args: ArrayLike<unknown>,
  impl: Impl,
  start: number,
): Promise<unknown> {
  // Loaded during the call (see outcome()): the lookup's callback must not be the first to require it.
  persistence();
  const flight = remote.lookup(site, root, key, path).then((found): Outcome | Promise<Outcome> => {
    if (found.hit) return { value: remoteHit(site, key, found, start), payload: found.payload };
    missed(site, root, key, read, start);
    return outcome(site, root, key, path, run(thisArg, args, impl), 0, start, remote);
  });
  return startFlight(key, flight).then(valueOf);
}

function run(thisArg: unknown, args: ArrayLike<unknown>, impl: Impl): Promise<unknown> {
  try {
    return Promise.resolve(impl.apply(thisArg, args as Args));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Waits for a pending result and stores it; registered as the key's flight, so concurrent callers
 * share it meanwhile.
 */
function outcome(
  site: Site,
  root: string,
  key: string,
  path: string,
  result: Promise<unknown>,
  flags: number,
  start: number,
  remote: RemoteTier | undefined,
): Promise<Outcome> {
  // Loaded now, during the call, not when the result settles: a host that tears its module system
  // down once a test file returns (Jest) must not see a require from a promise callback.
  const { storeAsync } = persistence();
  return result.then(
    async (value): Promise<Outcome> => {
      const stored = await storeAsync(site, root, key, path, value, flags);
      shareStored(remote, site, root, key, stored);
      return { value, payload: stored?.payload };
    },
    (error: unknown): Outcome => {
      remote?.release(key);
      if (!isNoCacheCondition(error)) throw error;
      noCache(site, key, undefined, start);
      return { value: error.value, payload: undefined };
    },
  );
}

/** Publishes a stored result to the shared tier, or lets other machines stop waiting for it. */
function shareStored(remote: RemoteTier | undefined, site: Site, root: string, key: string, stored: StoredEntry | undefined): void {
  if (remote === undefined) return;
  if (stored === undefined) remote.release(key);
  else remote.publish(site, root, key, stored.header, stored.payload);
}

function memoryHit(site: Site, key: string, held: Recalled, start: number): unknown {
  site.stats.hits++;
  const value = held.value;
  held.value = undefined;
  if (debugEnabled) debugLine('hit', site.id, key, `memory ${elapsed(start)}`);
  return site.async || (held.flags & FLAG_PROMISE) !== 0 ? Promise.resolve(value) : value;
}

/** Keeps a small entry just read from disk in memory, for the calls that follow. */
function hold(path: string, read: ReadResult, now: number): void {
  if (read.hit && read.payload !== undefined) remember(path, read.payload, read.flags, (read.flags & FLAG_VIEWS) !== 0, read.created, now);
}

function remoteHit(site: Site, key: string, found: RemoteHit, start: number): unknown {
  site.stats.hits++;
  site.remoteStats.hits++;
  if (debugEnabled) debugLine('remote-hit', site.id, key, elapsed(start));
  return (found.flags & FLAG_PROMISE) !== 0 ? Promise.resolve(found.value) : found.value;
}

function valueOf(outcome: Outcome): unknown {
  return outcome.value;
}

function missed(site: Site, root: string, key: string, read: ReadResult & { hit: false }, start: number): void {
  site.stats.misses++;
  if (read.fault !== undefined) faults().reportFault(root, read.fault, site.id, read.reason, false);
  if (debugEnabled) debugLine('miss', site.id, key, `${read.reason} ${elapsed(start)}`);
}

function noCache(site: Site, key: string, value: unknown, start: number): unknown {
  site.stats.nocache++;
  if (debugEnabled) debugLine('nocache', site.id, key, `NoCacheCondition ${elapsed(start)}`);
  return value;
}

function uncached(site: Site, thisArg: unknown, args: ArrayLike<unknown>, impl: Impl, reason: string): unknown {
  site.stats.misses++;
  site.stats.nocache++;
  if (debugEnabled) debugLine('nocache', site.id, undefined, reason);
  return bareCall(thisArg, args, impl);
}

function unwrapNoCache(error: unknown): unknown {
  if (isNoCacheCondition(error)) return error.value;
  throw error;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
