// Per-function counters for this process. Every call is exactly one hit or one miss; a miss
// whose result was not stored (NoCacheCondition, an unkeyable argument, an unstorable value,
// caching off) also counts as nocache, as in the seed's cache_info().

/** Counters of one cached function in this process. */
export interface CacheInfo {
  /** Calls answered from the cache (disk, or a concurrent identical call that stored its result). */
  hits: number;
  /** Calls that ran the function body (or shared a run whose result was not stored). */
  misses: number;
  /** Misses whose result was not stored. */
  nocache: number;
}

export function createStats(): CacheInfo {
  return { hits: 0, misses: 0, nocache: 0 };
}

export function snapshot(stats: CacheInfo): CacheInfo {
  return { hits: stats.hits, misses: stats.misses, nocache: stats.nocache };
}
