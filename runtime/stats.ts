// Per-function counters for this process. Every call is exactly one hit or one miss; a miss
// whose result was not stored (NoCacheCondition, an unkeyable argument, an unstorable value,
// caching off) also counts as nocache, as in the seed's cache_info().

/** Counters of one cached function in this process. */
export interface CacheInfo {
  /** Calls answered from the cache (disk, the shared tier, or a concurrent identical call that stored its result). */
  hits: number;
  /** Calls that ran the function body (or shared a run whose result was not stored). */
  misses: number;
  /** Misses whose result was not stored. */
  nocache: number;
  /** Of the hits, those answered by the shared tier (present when one is configured). */
  remoteHits?: number;
  /** Entries of the shared tier refused on verification (a bad signature, checksum or key); present when one is configured. */
  remoteRejected?: number;
}

/** Counters of the shared tier's part in one function's calls. */
export interface RemoteCounters {
  hits: number;
  rejected: number;
}

export function createStats(): CacheInfo {
  return { hits: 0, misses: 0, nocache: 0 };
}

export function createRemoteCounters(): RemoteCounters {
  return { hits: 0, rejected: 0 };
}

/** The public view of a function's counters; the shared tier's appear when one is configured or was used. */
export function snapshot(stats: CacheInfo, remote: RemoteCounters, configured: boolean): CacheInfo {
  const info: CacheInfo = { hits: stats.hits, misses: stats.misses, nocache: stats.nocache };
  if (configured || remote.hits > 0 || remote.rejected > 0) {
    info.remoteHits = remote.hits;
    info.remoteRejected = remote.rejected;
  }
  return info;
}
