// The shared tier in use. Apart from config.ts so that the public type declarations never reach
// the tier's internals (which need Node's types), and so that a process without a shared tier
// loads nothing of it: this module only reads an option and an environment variable.
import type { RemoteOptions } from './options';
import type { RemoteTier } from './tier';

let option: string | RemoteOptions | false | undefined;
// undefined: not looked at yet; null: no shared tier.
let tier: RemoteTier | null | undefined;

/** What `configure({ remote })` received; checked now, so a bad URL throws from configure(). */
export function setRemoteOption(value: string | RemoteOptions | false | undefined): void {
  (require('./options') as typeof import('./options')).remoteSettings(value);
  option = value;
  tier?.close();
  tier = undefined;
}

/** Whether a shared tier is configured (by configure() or CACHE_TO_DISK_REMOTE). */
export function remoteConfigured(): boolean {
  return option === undefined ? (process.env.CACHE_TO_DISK_REMOTE ?? '').trim() !== '' : option !== false;
}

/**
 * The shared tier, or `undefined` when none is configured. Its modules load, and its thread
 * starts, on first use.
 */
export function remoteTier(): RemoteTier | undefined {
  if (tier === undefined) tier = remoteConfigured() ? (require('./open') as typeof import('./open')).openTier(option) : null;
  return tier ?? undefined;
}
