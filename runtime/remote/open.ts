// Opening the shared tier from what configure() or the environment says. A bad environment
// value cannot throw out of a cached call: it warns once and leaves the tier off.
import { warnOnce } from '../warnings';
import { remoteSettings, type RemoteOptions } from './options';
import { RemoteTier } from './tier';

export function openTier(option: string | RemoteOptions | false | undefined): RemoteTier | null {
  let settings;
  try {
    settings = remoteSettings(option);
  } catch (error) {
    warnOnce('CACHE_TO_DISK_REMOTE', 'CTD_REMOTE_CONFIG', `${(error as Error).message} The shared cache is off; cached functions use the local disk alone.`);
    return null;
  }
  return settings === undefined ? null : new RemoteTier(settings);
}
