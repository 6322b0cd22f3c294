// The main thread's own connection, for the one request where a thread hop would cost the most
// relative to the work: an async lookup that hits. It only reads; a miss (the lock, the wait
// for another machine), publishing and deleting stay with the worker (worker.ts). The socket is
// unref'd and never reconnects by itself, so it can neither keep a process alive nor retry in
// the background; a lost connection is replaced on a later lookup. While there is none, lookups
// take the worker's path.
import type { Redis } from 'ioredis';
import { createClient } from './client';
import { verified, type Fetched } from './operations';
import type { RemoteSettings } from './options';
import type { Expected } from './protocol';

const REPLACE_AFTER_MS = 1000;

/** What a direct read found; 'unavailable' sends the caller to the worker. */
export type DirectRead = Fetched | { kind: 'unavailable' } | { kind: 'timeout' };

export class DirectReader {
  private client: Redis | undefined;
  private replaceAt = 0;
  private missing = false;

  constructor(private readonly settings: RemoteSettings) {
    this.connect();
  }

  /**
   * Reads `name`, giving up after the timeout passes with no byte arriving from Redis: a large
   * value that is still streaming in is not cut off, a silent Redis is.
   */
  read(name: string, expected: Expected): Promise<DirectRead> {
    const client = this.client;
    if (client === undefined || client.status !== 'ready') {
      if (client === undefined && !this.missing && Date.now() >= this.replaceAt) this.connect();
      return Promise.resolve({ kind: 'unavailable' });
    }
    return new Promise((resolve) => {
      let seen = client.stream.bytesRead;
      // A ref'd timer: the unref'd socket alone would let the process exit mid-lookup.
      const watch = (): void => {
        const now = client.stream.bytesRead;
        if (now === seen) return resolve({ kind: 'timeout' });
        seen = now;
        timer = setTimeout(watch, this.settings.timeout);
      };
      let timer = setTimeout(watch, this.settings.timeout);
      client.getBuffer(name).then(
        (value) => {
          clearTimeout(timer);
          resolve(value === null ? { kind: 'absent' } : verified(value, expected, this.settings.secret));
        },
        () => {
          clearTimeout(timer);
          resolve({ kind: 'unavailable' });
        },
      );
    });
  }

  close(): void {
    this.client?.disconnect();
    this.client = undefined;
  }

  private connect(): void {
    const client = createClient(this.settings, 'cache-to-disk', undefined, false);
    // The worker reports a missing client; this path just stays unused.
    if (typeof client === 'string') {
      this.missing = true;
      return;
    }
    this.client = client;
    client.on('connect', () => client.stream.unref());
    client.once('end', () => {
      if (this.client === client) this.client = undefined;
      this.replaceAt = Date.now() + REPLACE_AFTER_MS;
    });
  }
}
