import { cacheInfo } from 'cache-to-disk';
import { countPrimes } from './primes';

const started = performance.now();
const count = countPrimes(3_000_000);
const ms = performance.now() - started;
const { hits, misses } = cacheInfo(countPrimes);
console.log(`countPrimes(3_000_000) = ${count} in ${ms.toFixed(1)} ms  (${hits ? 'hit' : 'miss'}; hits ${hits}, misses ${misses})`);
