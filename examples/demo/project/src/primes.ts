/** Whether n is prime, by trial division: slow on purpose. */
function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) {
    if (n % d === 0) return false;
  }
  return true;
}

/**
 * How many primes lie below `limit`. Cached on disk for 3 days, keyed by `limit` and by the
 * source of this function and of `isPrime`.
 * @cacheToDisk 3
 */
export function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 0; n < limit; n++) {
    if (isPrime(n)) count++;
  }
  return count;
}
