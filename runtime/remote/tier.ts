// The shared tier as the runtime uses it (SPEC §10): asked on a local miss, given every fresh
// result, reached by the clears. Redis is only ever an optimisation: a slow, down or refusing
// Redis makes a call miss remotely (within the timeout) and warns once per outage, and an entry
// from it is verified exactly as a local one before use.
import { deserialize } from 'node:v8';
import type { Site } from '../site';
import { debugEnabled, debugLine } from '../debug';
import { entryFlags, payloadOffset, storedExpiry } from '../store/entry';
import { forgetWarning, warnOnce } from '../warnings';
import { Channel, type Answer, type Outgoing } from './channel';
import { DirectReader } from './direct';
import { entryName, lockName } from './keys';
import { redactedUrl, type RemoteSettings } from './options';
import { TRANSFER_BYTES_PER_MS, type Reply } from './protocol';

/** A verified remote entry, decoded. */
export interface RemoteHit {
  readonly hit: true;
  value: unknown;
  flags: number;
  /** The serialized value, for callers sharing this call (single flight). */
  payload: Buffer;
}
export type RemoteLookup = RemoteHit | { readonly hit: false };

const MISS: RemoteLookup = { hit: false };
// Starting the worker thread and loading the client is local work (about 100 ms on a quiet
// machine), not a wait on Redis; this only stops a machine too loaded to start it at all.
const STARTUP_MS = 3000;
const PUBLISH_WAIT_MS = 2000;
const MAINTENANCE_MS = 10_000;
const STORE_WAIT_MS = 5000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5000;

export class RemoteTier {
  readonly settings: RemoteSettings;
  private readonly channel: Channel;
  private readonly subject: string;
  private disabled = false;
  private failures = 0;
  private retryAt = 0;
  /** Keys this process holds the Redis lock of, while it computes them. */
  private readonly tokens = new Map<string, string>();
  private direct: DirectReader | undefined;

  constructor(settings: RemoteSettings) {
    this.settings = settings;
    this.subject = redactedUrl(settings.url);
    this.channel = new Channel(settings, (late) => {
      if (late.kind === 'miss' && late.token !== undefined) this.channel.post({ op: 'unlock', lock: late.lock, token: late.token }, PUBLISH_WAIT_MS);
    });
  }

  /** Looks `key` up in Redis for a sync call, blocking for at most the timeout (or the lock wait). */
  lookupSync(site: Site, root: string, key: string, path: string): RemoteLookup {
    if (!this.usable() || !this.startedSync()) return MISS;
    return this.settle(site, root, key, path, this.channel.requestSync(this.getRequest(site, root, key), this.settings.timeout));
  }

  /**
   * {@link lookupSync} for async calls. With the main thread's own connection ready, a hit costs
   * one round trip and no thread hop; a miss then goes on through the worker, which holds the lock.
   */
  async lookup(site: Site, root: string, key: string, path: string): Promise<RemoteLookup> {
    if (!this.usable()) return MISS;
    let rejected = false;
    if (this.direct !== undefined) {
      const folder = folderOf(site, root);
      const found = await this.direct.read(entryName(this.settings.prefix, folder, key), { key, id: site.id, fingerprint: site.fingerprint, maxAge: site.maxAge });
      if (found.kind === 'hit') {
        this.up();
        return this.accept(site, root, key, path, found.entry);
      }
      if (found.kind === 'timeout') return this.settle(site, root, key, path, undefined);
      if (found.kind === 'rejected') {
        this.rejected(site, key, found.reason);
        rejected = true;
      }
    }
    if (!this.afterStart(this.channel.started ?? (await this.channel.waitStarted(STARTUP_MS)))) return MISS;
    return this.settle(site, root, key, path, await this.channel.request(this.getRequest(site, root, key), this.settings.timeout), rejected);
  }

  /** Publishes an entry just stored locally, in the background, and releases its lock. */
  publish(site: Site, root: string, key: string, header: Buffer, payload: Buffer): void {
    const token = this.tokens.get(key);
    this.tokens.delete(key);
    if (!this.usable() || this.channel.started === undefined) return;
    const expires = storedExpiry(header, header.length) ?? 0;
    const ttl = expires === 0 ? 0 : expires - Date.now();
    if (expires !== 0 && ttl <= 0) return this.unlock(key, token);
    const folder = folderOf(site, root);
    this.channel.post(
      { op: 'publish', name: entryName(this.settings.prefix, folder, key), lock: lockName(this.settings.prefix, key), token, folder, id: site.id, parts: [header, payload], ttl },
      PUBLISH_WAIT_MS + (header.length + payload.length) / TRANSFER_BYTES_PER_MS,
    );
  }

  /** Gives up the lock on `key` (the result was not stored), so other machines stop waiting. */
  release(key: string): void {
    const token = this.tokens.get(key);
    this.tokens.delete(key);
    this.unlock(key, token);
  }

  /**
   * Deletes remote entries: of these function folders, of every function matching `name`, or
   * all; returns how many, 0 when Redis cannot be reached (and warns).
   */
  removeSync(folders: string[] | undefined, name: string | undefined): number {
    if (this.disabled || !this.startedSync()) return 0;
    const answer = this.channel.requestSync({ op: 'delete', folders, name }, MAINTENANCE_MS);
    if (answer?.kind === 'done') return answer.count;
    this.down(answer?.kind === 'down' ? answer.reason : `no answer within ${MAINTENANCE_MS} ms`, 'entries there were not deleted');
    return 0;
  }

  close(): void {
    this.channel.close();
    this.direct?.close();
  }

  private getRequest(site: Site, root: string, key: string): Outgoing {
    const folder = folderOf(site, root);
    return {
      op: 'get',
      name: entryName(this.settings.prefix, folder, key),
      lock: lockName(this.settings.prefix, key),
      expected: { key, id: site.id, fingerprint: site.fingerprint, maxAge: site.maxAge },
      lockWait: this.settings.lockWait,
      timeout: this.settings.timeout,
    };
  }

  /** Starts the main thread's own connection, for the async functions' lookups (direct.ts). */
  prepareAsync(): void {
    if (this.direct === undefined && !this.disabled) this.direct = new DirectReader(this.settings);
  }

  private settle(site: Site, root: string, key: string, path: string, answer: Answer | undefined, rejectedBefore = false): RemoteLookup {
    if (answer === undefined || answer.kind === 'down') {
      this.down(answer === undefined ? `no answer within ${this.settings.timeout} ms` : answer.reason, 'calls go on with the local disk alone');
      return MISS;
    }
    this.up();
    if (answer.kind === 'miss') {
      if (answer.token !== undefined) this.tokens.set(key, answer.token);
      if (answer.rejected !== undefined && !rejectedBefore) this.rejected(site, key, answer.rejected);
      return MISS;
    }
    if (answer.kind !== 'hit') return MISS;
    return this.accept(site, root, key, path, Buffer.from(answer.entry.buffer, answer.entry.byteOffset, answer.entry.byteLength));
  }

  /** A verified entry: decoded for the caller, and written to the local disk. */
  private accept(site: Site, root: string, key: string, path: string, entry: Buffer): RemoteLookup {
    const payload = entry.subarray(payloadOffset(entry));
    let value: unknown;
    try {
      value = deserialize(payload);
    } catch {
      this.rejected(site, key, 'payload does not deserialize');
      return MISS;
    }
    // Written by the worker, so the caller does not wait for the disk; the process stays alive
    // until it is done (or STORE_WAIT_MS pass).
    this.channel.post({ op: 'store', target: { root, fnDir: site.functionDir(root), functionId: site.id, key, path }, entry }, STORE_WAIT_MS);
    return { hit: true, value, flags: entryFlags(entry), payload };
  }

  private rejected(site: Site, key: string, reason: string): void {
    site.remoteStats.rejected++;
    if (debugEnabled) debugLine('remote-rejected', site.id, key, reason);
    const why = this.settings.secret === undefined ? reason : `${reason}; is CACHE_TO_DISK_SECRET the same on every machine?`;
    warnOnce(
      this.subject,
      'CTD_REMOTE_REJECTED',
      `cache-to-disk: ignored an entry of ${site.id} in the shared cache at ${this.subject}: ${why}. The value was computed here instead; further ignored entries are counted in cacheInfo().remoteRejected.`,
    );
  }

  private unlock(key: string, token: string | undefined): void {
    if (token !== undefined && this.usable()) this.channel.post({ op: 'unlock', lock: lockName(this.settings.prefix, key), token }, PUBLISH_WAIT_MS);
  }

  private usable(): boolean {
    return !this.disabled && (this.failures === 0 || Date.now() >= this.retryAt);
  }

  private startedSync(): boolean {
    return this.afterStart(this.channel.started ?? this.channel.waitStartedSync(STARTUP_MS));
  }

  private afterStart(started: Extract<Reply, { kind: 'started' }> | undefined): boolean {
    if (started === undefined) {
      this.down(`the Redis client did not start within ${STARTUP_MS} ms`, 'calls go on with the local disk alone');
      return false;
    }
    if (started.problem === undefined) return true;
    this.disabled = true;
    warnOnce(this.subject, 'CTD_REMOTE_CLIENT', `cache-to-disk: the shared cache at ${this.subject} is off: ${started.problem}. Cached functions use the local disk alone.`);
    return false;
  }

  private down(reason: string, consequence: string): void {
    this.failures++;
    this.retryAt = Date.now() + Math.min(RETRY_FIRST_MS * 2 ** (this.failures - 1), RETRY_MAX_MS);
    if (debugEnabled) debugLine('remote-down', this.subject, undefined, reason);
    warnOnce(
      this.subject,
      'CTD_REMOTE_DOWN',
      `cache-to-disk: the shared cache at ${this.subject} is not answering (${reason}); ${consequence}. It is tried again every few seconds; set CACHE_TO_DISK_REMOTE_TIMEOUT to wait longer per call.`,
    );
  }

  private up(): void {
    if (this.failures === 0) return;
    this.failures = 0;
    // One warning per outage: the next one warns again.
    forgetWarning(this.subject, 'CTD_REMOTE_DOWN');
    if (debugEnabled) debugLine('remote-up', this.subject, undefined, 'answering again');
  }
}

/** The 32-hex folder name of the site's function, shared by the local and the remote layout. */
function folderOf(site: Site, root: string): string {
  return site.functionDir(root).slice(root.length + 1);
}
