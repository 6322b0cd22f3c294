// The shared tier's settings (SPEC §10): from `configure({ remote })`, else from the environment.
// Parsing never connects anything; a bad value is a usage error naming the setting and the fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nearestPackageDir } from '../cache-dir';
import { CacheToDiskUsageError } from '../errors';

/** The shared tier, as given to `configure({ remote })`. */
export interface RemoteOptions {
  /** `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  url: string;
  /**
   * Prepended to every key this library writes, so one Redis can serve several projects.
   * @default process.env.CACHE_TO_DISK_REMOTE_PREFIX, else "ctd:" + the name in the nearest package.json above process.cwd() + ":"
   */
  prefix?: string | undefined;
  /**
   * The longest a call waits for Redis to answer a read, in milliseconds; a slower, down or
   * silent Redis costs at most this per call, and the call goes on with the local disk alone.
   * @default process.env.CACHE_TO_DISK_REMOTE_TIMEOUT, else 50
   */
  timeout?: number | undefined;
  /**
   * How long a call waits, in milliseconds, for another process or machine that is computing the
   * same key; then it computes the value itself.
   * @default 10000
   */
  lockWait?: number | undefined;
  /**
   * Signs every published entry (HMAC-SHA256) and ignores entries whose signature is missing or
   * wrong. Every machine sharing the cache needs the same secret.
   * @default process.env.CACHE_TO_DISK_SECRET
   */
  secret?: string | undefined;
}

/** Settings in effect, every field resolved. */
export interface RemoteSettings {
  url: string;
  prefix: string;
  timeout: number;
  lockWait: number;
  secret: string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 50;
export const DEFAULT_LOCK_WAIT_MS = 10_000;
const URL_SCHEMES = new Set(['redis:', 'rediss:']);

/**
 * The settings for `option` (what `configure({ remote })` received; `undefined` defers to the
 * environment, `false` turns the tier off), or `undefined` when there is no shared tier.
 */
export function remoteSettings(option: string | RemoteOptions | false | undefined, env: Readonly<Record<string, string | undefined>> = process.env): RemoteSettings | undefined {
  if (option === false) return undefined;
  const given: RemoteOptions | undefined = typeof option === 'string' ? { url: option } : option;
  const url = given?.url ?? nonEmpty(env.CACHE_TO_DISK_REMOTE);
  if (url === undefined) return undefined;
  const from = given === undefined ? 'CACHE_TO_DISK_REMOTE' : 'configure({ remote })';
  checkUrl(url, from);
  return {
    url,
    prefix: checkPrefix(given?.prefix ?? nonEmpty(env.CACHE_TO_DISK_REMOTE_PREFIX) ?? defaultPrefix()),
    timeout: checkMs(given?.timeout ?? numberFrom(env.CACHE_TO_DISK_REMOTE_TIMEOUT, 'CACHE_TO_DISK_REMOTE_TIMEOUT') ?? DEFAULT_TIMEOUT_MS, 'timeout'),
    lockWait: checkMs(given?.lockWait ?? DEFAULT_LOCK_WAIT_MS, 'lockWait'),
    secret: given?.secret ?? nonEmpty(env.CACHE_TO_DISK_SECRET),
  };
}

/** `redis://host:port/db` with any password replaced, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable url)';
  }
}

function defaultPrefix(): string {
  const project = nearestPackageDir(process.cwd());
  if (project !== undefined) {
    try {
      const name = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { name?: unknown }).name;
      if (typeof name === 'string' && name !== '') return `ctd:${name}:`;
    } catch {
      // An unreadable package.json leaves the project unnamed.
    }
  }
  return 'ctd:';
}

function checkUrl(url: unknown, from: string): void {
  let scheme: string | undefined;
  try {
    scheme = typeof url === 'string' ? new URL(url).protocol : undefined;
  } catch {
    scheme = undefined;
  }
  if (scheme === undefined || !URL_SCHEMES.has(scheme)) {
    throw new CacheToDiskUsageError(
      'CTD_BAD_OPTIONS',
      `cache-to-disk: ${from} expects a Redis URL such as redis://localhost:6379 or rediss://user:password@host:6380/0, got ${typeof url === 'string' ? redactedUrl(url) : String(url)}.`,
    );
  }
}

function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || prefix.length > 200) {
    throw new CacheToDiskUsageError('CTD_BAD_OPTIONS', `cache-to-disk: the remote prefix must be a string of at most 200 characters, got ${String(prefix)}.`);
  }
  return prefix;
}

function checkMs(ms: unknown, name: string): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new CacheToDiskUsageError('CTD_BAD_OPTIONS', `cache-to-disk: the remote ${name} is a number of milliseconds (0 or more), got ${String(ms)}.`);
  }
  return ms;
}

function numberFrom(text: string | undefined, name: string): number | undefined {
  if (nonEmpty(text) === undefined) return undefined;
  const ms = Number(text);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new CacheToDiskUsageError('CTD_BAD_OPTIONS', `cache-to-disk: ${name} is a number of milliseconds, got "${text}".`);
  }
  return ms;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
