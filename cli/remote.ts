// The shared tier (SPEC §10) as the command line sees it: its settings from --remote/--prefix or
// the runtime's environment variables, and one short-lived Redis connection per command. The
// runtime's 50 ms bound is for calls on a hot path; a person waiting for `stats` can wait a few
// seconds, but never forever, and the client is always disconnected so the process can exit.
import type { Redis } from 'ioredis';
import { CliUsageError } from './errors';
import { CacheToDiskUsageError } from '../runtime/errors';
import { createClient } from '../runtime/remote/client';
import { redactedUrl, remoteSettings, type RemoteSettings } from '../runtime/remote/options';

/** How long a command waits for Redis to accept the connection and answer its first command. */
export const REMOTE_WAIT_MS = 5000;

const URL_SCHEMES = new Set(['redis:', 'rediss:']);

/** What a command did in Redis, or why it could not. */
export type RemoteOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The shared tier's settings: `--remote` else CACHE_TO_DISK_REMOTE, `--prefix` else
 * CACHE_TO_DISK_REMOTE_PREFIX else the runtime's default for the project around the current
 * directory; `undefined` when no remote is configured.
 */
export function cliRemoteSettings(remote: string | undefined, prefix: string | undefined, env: NodeJS.ProcessEnv): RemoteSettings | undefined {
  const fromEnv = env.CACHE_TO_DISK_REMOTE?.trim();
  const url = remote ?? (fromEnv === '' ? undefined : fromEnv);
  if (url === undefined) {
    if (prefix === undefined) return undefined;
    throw new CliUsageError('CTD_CLI_PREFIX_WITHOUT_REMOTE', 'option --prefix needs a shared cache: pass --remote <url> or set CACHE_TO_DISK_REMOTE.');
  }
  // Checked here so the message names the option or variable the URL came from.
  if (!URL_SCHEMES.has(schemeOf(url))) {
    const from = remote === undefined ? 'CACHE_TO_DISK_REMOTE' : 'option --remote';
    throw new CliUsageError('CTD_CLI_BAD_REMOTE', `${from} expects a Redis URL such as redis://localhost:6379 or rediss://user:password@host:6380/0, got ${redactedUrl(url)}.`);
  }
  try {
    return remoteSettings({ url, prefix }, env);
  } catch (error) {
    if (!(error instanceof CacheToDiskUsageError)) throw error;
    throw new CliUsageError('CTD_CLI_BAD_REMOTE', error.message.replace(/^cache-to-disk: /, ''));
  }
}

/** `redis://host:6379 (prefix "ctd:app:")`: where a command looked, password hidden. */
export function remoteLabel(where: { url: string; prefix: string }): string {
  return `${redactedUrl(where.url)} (prefix ${JSON.stringify(where.prefix)})`;
}

/**
 * Connects, runs `work`, and disconnects whatever happened. Fails with a reason when ioredis is
 * missing, when Redis refuses the connection, or when it has not answered within REMOTE_WAIT_MS.
 */
export async function withRemote<T>(settings: RemoteSettings, work: (client: Redis) => Promise<T>): Promise<RemoteOutcome<T>> {
  const client = createClient(settings, 'cache-to-disk-cli', REMOTE_WAIT_MS);
  if (typeof client === 'string') return { ok: false, error: client };
  try {
    const problem = await connected(client);
    if (problem !== undefined) return { ok: false, error: problem };
    return { ok: true, value: await work(client) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    client.disconnect();
  }
}

/** Resolves when the client is ready (undefined) or with the reason it will not be soon. */
function connected(client: Redis): Promise<string | undefined> {
  if (client.status === 'ready') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const finish = (problem: string | undefined): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      resolve(problem);
    };
    const onReady = (): void => finish(undefined);
    // The client would retry a refused connection forever; one refusal is answer enough here.
    const onError = (error: Error): void => finish(error.message);
    const timer = setTimeout(() => finish(`no answer within ${REMOTE_WAIT_MS / 1000} s`), REMOTE_WAIT_MS);
    client.on('ready', onReady);
    client.on('error', onError);
  });
}

function schemeOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
