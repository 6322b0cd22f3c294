// The Redis client: ioredis, an optional peer dependency, loaded only where the shared tier is
// configured. It is chosen over node-redis (@redis/client) for what this tier needs: on Node 20
// it loads in about two thirds of the time and answers a 1 KB GET 1.6-2x faster (measured on one
// server in one run; README "A shared cache for teams and CI"), it rejects commands at once
// instead of queueing them while disconnected (enableOfflineQueue: false), and it reconnects by
// itself.
import type { Redis, RedisOptions } from 'ioredis';
import { redactedUrl, type RemoteSettings } from './options';

/** What to tell a user whose project lacks the client. */
export const MISSING_CLIENT =
  'the Redis client is not installed: the shared tier needs the optional peer dependency ioredis (npm install ioredis)';

// Commands queued in the client while Redis stalls give up after this long; callers stopped
// waiting long before (after the tier's timeout), so this only bounds what piles up.
const COMMAND_TIMEOUT_MS = 5000;
const RECONNECT_MAX_MS = 1000;

/**
 * A client connecting now, or the reason there is none. `connectTimeout` bounds a TCP connect
 * that never completes (a host that drops packets); without `reconnect`, a lost connection ends
 * the client.
 */
export function createClient(settings: RemoteSettings, connectionName: string, connectTimeout = Math.max(1000, settings.timeout * 4), reconnect = true): Redis | string {
  let RedisClass: new (url: string, options: RedisOptions) => Redis;
  try {
    RedisClass = (require('ioredis') as { Redis: typeof RedisClass }).Redis;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? MISSING_CLIENT : `ioredis failed to load: ${(error as Error).message}`;
  }
  try {
    const client = new RedisClass(settings.url, {
      connectionName,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt: number) => (reconnect ? Math.min(50 * 2 ** attempt, RECONNECT_MAX_MS) : null),
    });
    // Failures surface on the commands that meet them; without a listener ioredis would print
    // every reconnection error.
    client.on('error', () => undefined);
    return client;
  } catch (error) {
    return `cannot use ${redactedUrl(settings.url)}: ${(error as Error).message}`;
  }
}
