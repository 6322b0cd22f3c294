// Turning a fresh result into a stored entry: check that it round-trips, serialize it, write it.
// Whatever goes wrong, the caller still gets its value; this module only decides whether the
// result was stored (and warns once about why not).
import { serialize } from 'node:v8';
import { encodeHeader, FLAG_VIEWS } from './store/entry';
import { writeEntryAsync, writeEntrySync, type EntryTarget } from './store/write';
import { reportFault, reportHealthy, writesPaused } from './faults';
import { storability } from './storable';
import { warnUnstorable } from './site-warnings';
import { debugEnabled, debugLine, elapsed } from './debug';
import { loadNativeCrc32 } from './store/checksum';
import type { Site } from './site';

// This module loads synchronously during a call (cached.ts), while an async store finishes in a
// promise callback: what the write needs is loaded now.
loadNativeCrc32();

/** Payloads up to this size are written synchronously even for async functions. */
const SYNC_WRITE_BYTES = 64 * 1024;
const MAX_PAYLOAD_BYTES = 0xffffffff;

/** An entry as written: what the shared tier publishes, and what joiners of a call copy. */
export interface StoredEntry {
  header: Buffer;
  payload: Buffer;
}

/** Header and payload for `value`, or a reason it is not stored. */
function prepare(site: Site, root: string, key: string, value: unknown, flags: number): StoredEntry | string {
  const now = Date.now();
  if (writesPaused(root, now)) return 'writes paused after a cache directory fault';
  const verdict = storability(value);
  if (verdict.problem !== undefined) {
    warnUnstorable(site, verdict.problem);
    return verdict.problem;
  }
  let payload: Buffer;
  try {
    payload = serialize(value);
  } catch (error) {
    const problem = `v8.serialize cannot store it (${(error as Error).message})`;
    warnUnstorable(site, problem);
    return problem;
  }
  if (payload.length > MAX_PAYLOAD_BYTES) {
    const problem = `it serializes to ${payload.length} bytes, more than an entry holds (4 GiB)`;
    warnUnstorable(site, problem);
    return problem;
  }
  const header = encodeHeader(
    {
      key,
      id: site.id,
      fingerprint: site.fingerprint,
      flags: verdict.views ? flags | FLAG_VIEWS : flags,
      created: now,
      expires: site.maxAge > 0 ? now + site.maxAge : 0,
    },
    payload,
  );
  return { header, payload };
}

function target(site: Site, root: string, key: string, path: string): EntryTarget {
  return { root, fnDir: site.functionDir(root), functionId: site.id, key, path };
}

/** Stores `value` synchronously; returns the entry when stored. */
export function storeSync(site: Site, root: string, key: string, path: string, value: unknown, flags: number): StoredEntry | undefined {
  const start = debugEnabled ? performance.now() : 0;
  const prepared = prepare(site, root, key, value, flags);
  if (typeof prepared === 'string') return notStored(site, key, prepared);
  try {
    writeEntrySync(target(site, root, key, path), prepared.header, prepared.payload);
  } catch (error) {
    return writeFailed(site, root, key, error);
  }
  return stored(site, root, key, prepared, start);
}

/** Stores `value`, writing large payloads without blocking; resolves to the entry when stored. */
export async function storeAsync(site: Site, root: string, key: string, path: string, value: unknown, flags: number): Promise<StoredEntry | undefined> {
  const start = debugEnabled ? performance.now() : 0;
  const prepared = prepare(site, root, key, value, flags);
  if (typeof prepared === 'string') return notStored(site, key, prepared);
  try {
    if (prepared.payload.length <= SYNC_WRITE_BYTES) writeEntrySync(target(site, root, key, path), prepared.header, prepared.payload);
    else await writeEntryAsync(target(site, root, key, path), prepared.header, prepared.payload);
  } catch (error) {
    return writeFailed(site, root, key, error);
  }
  return stored(site, root, key, prepared, start);
}

function stored(site: Site, root: string, key: string, entry: StoredEntry, start: number): StoredEntry {
  reportHealthy(root);
  if (debugEnabled) debugLine('store', site.id, key, `${entry.payload.length} bytes ${elapsed(start)}`);
  return entry;
}

function notStored(site: Site, key: string, reason: string): undefined {
  site.stats.nocache++;
  if (debugEnabled) debugLine('nocache', site.id, key, reason);
  return undefined;
}

function writeFailed(site: Site, root: string, key: string, error: unknown): undefined {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  reportFault(root, code, site.id, (error as Error).message, true);
  return notStored(site, key, `write failed: ${code}`);
}
