// One cached function as the runtime sees it: its descriptor, plus everything derivable from it
// once (key prefix, ignore table, per-directory folder) so the per-call path only reads fields.
import type { SiteDescriptor } from '../core/descriptor';
import { keyPrefix } from '../core/key';
import { createRemoteCounters, createStats, type CacheInfo, type RemoteCounters } from './stats';
import { functionDir } from './store/layout';
import { CacheToDiskUsageError } from './errors';

/** Where a site came from; decides how warnings spell the `ignore` fix. */
export type SiteOrigin = 'tag' | 'wrapper';

export class Site {
  readonly id: string;
  readonly fingerprint: string;
  readonly maxAge: number;
  readonly async: boolean;
  readonly keyThis: boolean;
  /** `ignored[i]` is true when argument i is left out of the key; empty when none is. */
  readonly ignored: readonly boolean[];
  readonly ignoreRestFrom: number;
  readonly captureNames: readonly string[];
  readonly prefix: string;
  readonly stats: CacheInfo = createStats();
  readonly remoteStats: RemoteCounters = createRemoteCounters();
  readonly origin: SiteOrigin;
  /** Parameter names, when known (wrapper sites), to name the `ignore` fix in warnings. */
  readonly parameterNames: readonly string[] | undefined;
  private root: string | undefined;
  private dir = '';

  constructor(descriptor: SiteDescriptor, origin: SiteOrigin, parameterNames?: readonly string[]) {
    checkDescriptor(descriptor);
    this.id = descriptor.id;
    this.fingerprint = descriptor.fingerprint;
    this.maxAge = descriptor.maxAge;
    this.async = descriptor.async === true;
    this.keyThis = descriptor.keyThis === true;
    const ignored: boolean[] = [];
    for (const index of descriptor.ignoreArgs ?? []) ignored[index] = true;
    this.ignored = Array.from(ignored, (flag) => flag === true);
    this.ignoreRestFrom = descriptor.ignoreRestFrom ?? Infinity;
    this.captureNames = descriptor.captures ?? [];
    this.prefix = keyPrefix(this.id, this.fingerprint);
    this.origin = origin;
    this.parameterNames = parameterNames;
  }

  /** This function's folder under a version root, recomputed only when the root changes. */
  functionDir(root: string): string {
    if (root !== this.root) {
      this.dir = functionDir(root, this.id);
      this.root = root;
    }
    return this.dir;
  }
}

function checkDescriptor(d: SiteDescriptor): void {
  const ok =
    typeof d === 'object' &&
    d !== null &&
    typeof d.id === 'string' &&
    d.id !== '' &&
    typeof d.fingerprint === 'string' &&
    typeof d.maxAge === 'number' &&
    d.maxAge >= 0 &&
    (d.ignoreArgs === undefined || (Array.isArray(d.ignoreArgs) && d.ignoreArgs.every(isIndex))) &&
    (d.ignoreRestFrom === undefined || isIndex(d.ignoreRestFrom)) &&
    (d.captures === undefined || (Array.isArray(d.captures) && d.captures.every((c) => typeof c === 'string')));
  if (!ok) {
    throw new CacheToDiskUsageError(
      'CTD_BAD_DESCRIPTOR',
      `cache-to-disk: invalid site descriptor ${safeJson(d)}; it is emitted by the compiler plugin, so rebuild with the same version of cache-to-disk as the runtime.`,
    );
  }
}

function isIndex(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
