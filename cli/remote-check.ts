// doctor's look at the shared tier: is the client installed, does Redis answer, are entries
// signed. The secret itself is never shown, only whether one is set.
import { printable } from './format';
import { remoteLabel, withRemote } from './remote';
import { redactedUrl, type RemoteSettings } from '../runtime/remote/options';

/** The shared tier as doctor found it; also its --json form. */
export interface RemoteCheck {
  url: string;
  prefix: string;
  /** The installed ioredis version, `null` when it cannot be loaded. */
  client: string | null;
  /** Whether Redis answered PING. */
  answers: boolean;
  /** Why it did not. */
  error?: string;
  /** Whether CACHE_TO_DISK_SECRET is set: entries are signed and unsigned ones ignored. */
  secret: boolean;
}

export async function checkRemote(settings: RemoteSettings): Promise<RemoteCheck> {
  const outcome = await withRemote(settings, (client) => client.ping());
  return {
    url: redactedUrl(settings.url),
    prefix: settings.prefix,
    client: clientVersion(),
    answers: outcome.ok,
    ...(outcome.ok ? {} : { error: outcome.error }),
    secret: settings.secret !== undefined,
  };
}

/** Lines for doctor's header, aligned under its `Project`/`Cache` labels. */
export function remoteCheckText(check: RemoteCheck): string {
  const lines = [`Shared  ${printable(remoteLabel(check))}`];
  const reach =
    check.client === null
      ? 'ioredis not installed, so Redis was not asked'
      : `${check.answers ? 'answers PING' : `not reachable: ${printable(check.error ?? '')}`}; ioredis ${check.client}`;
  const trust = check.secret ? 'entries signed (CACHE_TO_DISK_SECRET is set)' : 'entries unsigned (no CACHE_TO_DISK_SECRET): Redis is trusted as the local disk is';
  lines.push(`        ${reach}; ${trust}`);
  if (check.client === null) {
    lines.push('        Fix: npm install ioredis (an optional peer dependency, needed only for the shared cache).');
  } else if (!check.answers) {
    lines.push('        Fix: start Redis, or correct --remote / CACHE_TO_DISK_REMOTE. Until then cached functions use the local disk alone.');
  }
  return `${lines.join('\n')}\n`;
}

function clientVersion(): string | null {
  try {
    // Resolved from here as the runtime resolves `ioredis` (both live in this package's dist/).
    return (require('ioredis/package.json') as { version: string }).version;
  } catch {
    return null;
  }
}
