// What the shared tier does in Redis, as async steps over one client. The worker (worker.ts) runs
// them for the runtime; the CLI runs them directly.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { idMatchesName } from '../store/remove';
import { entryProblem, readHeaderFields } from '../store/entry';
import { entryPattern, folderOf, idsName } from './keys';
import type { Expected } from './protocol';
import { sealed, unsealed } from './signing';

// Deletes the lock only while it still holds the caller's token: a holder whose lock expired
// (it ran longer than the lock lasts) must not release the lock of the next holder.
const UNLOCK_SCRIPT = 'if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end';
const SCAN_BATCH = 1000;

export type Fetched = { kind: 'hit'; entry: Buffer } | { kind: 'absent' } | { kind: 'rejected'; reason: string };

/** The entry a GET brings, verified as a local entry is (and its signature, with a secret). */
export async function fetchEntry(get: Promise<Buffer | null>, expected: Expected, secret: string | undefined): Promise<Fetched> {
  const stored = await get;
  return stored === null ? { kind: 'absent' } : verified(stored, expected, secret);
}

export function verified(stored: Buffer, expected: Expected, secret: string | undefined): Fetched {
  const entry = unsealed(stored, secret);
  if (typeof entry === 'string') return { kind: 'rejected', reason: entry };
  const now = Date.now();
  const problem = entryProblem(entry, entry.length, expected.key, expected.maxAge, now);
  if (problem === 'expired') return { kind: 'absent' };
  if (problem !== undefined) return { kind: 'rejected', reason: problem };
  const fields = readHeaderFields(entry, entry.length)!;
  if (fields.id !== expected.id) return { kind: 'rejected', reason: 'function id mismatch' };
  if (fields.fingerprint !== expected.fingerprint) return { kind: 'rejected', reason: 'fingerprint mismatch' };
  if (fields.expires !== 0 && fields.expires <= now) return { kind: 'absent' };
  return { kind: 'hit', entry };
}

/** Takes the lock on a key for `ms`; returns the token that releases it, or `undefined` when another holds it. */
export async function takeLock(client: Redis, lock: string, ms: number): Promise<string | undefined> {
  const token = randomBytes(12).toString('hex');
  const taken = await client.set(lock, token, 'PX', Math.max(1, Math.ceil(ms)), 'NX');
  return taken === 'OK' ? token : undefined;
}

export async function releaseLock(client: Redis, lock: string, token: string): Promise<void> {
  await client.eval(UNLOCK_SCRIPT, 1, lock, token);
}

/** One look at a key another process is computing: its entry if there, and whether the lock still stands. */
export async function peek(client: Redis, name: string, lock: string): Promise<{ stored: Buffer | null; locked: boolean }> {
  const results = await client.pipeline().getBuffer(name).exists(lock).exec();
  if (results === null) throw new Error('pipeline aborted');
  for (const [error] of results) if (error) throw error;
  return { stored: results[0]![1] as Buffer | null, locked: results[1]![1] === 1 };
}

/**
 * Stores an entry with the TTL of its remaining lifetime (0 = none), records its function's id,
 * and releases the lock when `token` holds it, in that order: waiters see the value before the
 * lock goes.
 */
export async function publishEntry(
  client: Redis,
  prefix: string,
  item: { name: string; lock: string; token: string | undefined; folder: string; id: string; parts: Uint8Array[]; ttl: number },
  secret: string | undefined,
): Promise<void> {
  const value = Buffer.concat(sealed(item.parts, secret));
  const pipeline = client.pipeline();
  if (item.ttl > 0) pipeline.set(item.name, value, 'PX', Math.ceil(item.ttl));
  else pipeline.set(item.name, value);
  pipeline.hset(idsName(prefix), item.folder, item.id);
  if (item.token !== undefined) pipeline.eval(UNLOCK_SCRIPT, 1, item.lock, item.token);
  const results = await pipeline.exec();
  if (results === null) throw new Error('pipeline aborted');
  for (const [error] of results) if (error) throw error;
}

/**
 * Deletes the entries of the given function folders, of every function whose id matches `name`
 * (as the local store matches names), or of every function when both are undefined; returns
 * how many entries went.
 */
export async function deleteEntries(client: Redis, prefix: string, folders: string[] | undefined, name: string | undefined): Promise<number> {
  let targets = folders;
  if (name !== undefined) {
    const ids = await client.hgetall(idsName(prefix));
    targets = Object.keys(ids).filter((folder) => idMatchesName(ids[folder]!, name));
  }
  let removed = 0;
  if (targets === undefined) {
    removed = await unlinkMatching(client, entryPattern(prefix));
    await client.del(idsName(prefix));
    return removed;
  }
  for (const folder of targets) {
    removed += await unlinkMatching(client, entryPattern(prefix, folder));
    await client.hdel(idsName(prefix), folder);
  }
  return removed;
}

/** One function's entries in Redis, for the command line's `stats`. */
export interface RemoteFunctionStats {
  folder: string;
  id: string | undefined;
  entries: number;
  bytes: number;
}

/** Entries and bytes per function under `prefix`. */
export async function entryStats(client: Redis, prefix: string): Promise<RemoteFunctionStats[]> {
  const ids = await client.hgetall(idsName(prefix));
  const byFolder = new Map<string, RemoteFunctionStats>();
  await scan(client, entryPattern(prefix), async (names) => {
    const pipeline = client.pipeline();
    for (const name of names) pipeline.strlen(name);
    const sizes = (await pipeline.exec()) ?? [];
    names.forEach((name, i) => {
      const folder = folderOf(prefix, name);
      const stats = byFolder.get(folder) ?? { folder, id: ids[folder], entries: 0, bytes: 0 };
      byFolder.set(folder, stats);
      const size = sizes[i]?.[1];
      // An entry that expired between SCAN and STRLEN reads as 0 bytes: not counted.
      if (typeof size === 'number' && size > 0) {
        stats.entries++;
        stats.bytes += size;
      }
    });
  });
  return [...byFolder.values()].filter((stats) => stats.entries > 0);
}

async function unlinkMatching(client: Redis, pattern: string): Promise<number> {
  let removed = 0;
  await scan(client, pattern, async (names) => {
    removed += await client.unlink(...names);
  });
  return removed;
}

async function scan(client: Redis, pattern: string, batch: (names: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, names] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
    if (names.length > 0) await batch(names);
    cursor = next;
  } while (cursor !== '0');
}
