// One of several processes hammering one cache directory: thousands of sync and async calls
// (wrapped and compiled, small and large results, single-flight bursts) over a few overlapping
// keys, with deletions racing the reads and writes. Every returned value is compared with the
// true result; prints {calls, wrong, errors, hits, misses, deletes} as JSON.
//
// usage: node mixed-calls.js <seed> <calls> <churn 0|1>
import { isDeepStrictEqual, types } from 'node:util';
import { call, link, site } from '../../../runtime/compiled';
import { cacheInfo } from '../../../runtime/info';
import { clearDiskCache, deleteDiskCachesForFunction, deleteOldDiskCaches } from '../../../runtime/maintenance';
import { cacheToDisk } from '../../../runtime/wrapper';
import { random, truth } from '../support';

const seed = Number(process.argv[2] ?? 1);
const total = Number(process.argv[3] ?? 1000);
const churn = process.argv[4] === '1';
const KEYS = 9;

const wrappedSync = cacheToDisk(1)(function relSync(n: number) {
  return truth(n);
});
const wrappedAsync = cacheToDisk(1)(async function relAsync(n: number) {
  await new Promise((done) => setImmediate(done));
  return truth(n);
});
const compiledSite = site({ id: 'test/reliability.ts#relCompiled', fingerprint: 'c'.repeat(32), maxAge: 86_400_000, async: true });
async function relCompiled(_n: number): Promise<unknown> {
  return call(compiledSite, undefined, arguments, async (n: number) => truth(n)) as Promise<unknown>;
}
link(relCompiled, compiledSite);
// A sync function that returns a promise: its resolved value is stored, and hits return promises.
const promiseSite = site({ id: 'test/reliability.ts#relPromise', fingerprint: 'd'.repeat(32), maxAge: 86_400_000 });
function relPromise(_n: number): unknown {
  return call(promiseSite, undefined, arguments, (n: number) => Promise.resolve(truth(n)));
}
link(relPromise, promiseSite);

const next = random(seed);
const pick = (n: number): number => Math.floor(next() * n);
let calls = 0;
let wrong = 0;
let errors = 0;
let deletes = 0;
const problems: string[] = [];

function check(n: number, value: unknown, how: string): void {
  calls++;
  if (!isDeepStrictEqual(value, truth(n))) {
    wrong++;
    if (problems.length < 5) problems.push(`${how}(${n}) returned a wrong value`);
    return;
  }
  // Scribble on the result: a value shared with another caller or a later read would now be wrong.
  const result = value as { bytes: Buffer; table: Map<unknown, unknown>; label: string };
  result.bytes.fill(0);
  result.table.clear();
  result.label = 'scribbled';
}

function failed(how: string, error: unknown): void {
  calls++;
  errors++;
  if (problems.length < 5) problems.push(`${how} threw ${(error as Error)?.stack ?? String(error)}`);
}

async function burst(): Promise<void> {
  const n = pick(KEYS);
  const callers: Array<[string, () => unknown]> = [
    ['relAsync', () => wrappedAsync(n)],
    ['relCompiled', () => relCompiled(n)],
    ['relPromise', () => relPromise(n)],
  ];
  const width = 1 + pick(12);
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < width; i++) {
    const [how, run] = callers[pick(callers.length)]!;
    let result: unknown;
    try {
      result = run();
    } catch (error) {
      failed(how, error);
      continue;
    }
    if (!types.isPromise(result)) {
      failed(how, new Error('an async call returned a non-promise'));
      continue;
    }
    pending.push(result.then((value) => check(n, value, how), (error: unknown) => failed(how, error)));
  }
  await Promise.all(pending);
}

function syncCall(): void {
  const n = pick(KEYS);
  let value: unknown;
  try {
    value = wrappedSync(n);
  } catch (error) {
    failed('relSync', error);
    return;
  }
  if (types.isPromise(value)) failed('relSync', new Error('a sync call returned a promise'));
  else check(n, value, 'relSync');
}

function maintain(): void {
  deletes++;
  const verb = pick(4);
  try {
    if (verb === 0) deleteDiskCachesForFunction(wrappedSync);
    else if (verb === 1) deleteDiskCachesForFunction('relCompiled');
    else if (verb === 2) deleteOldDiskCaches();
    else clearDiskCache();
  } catch (error) {
    failed('maintenance', error);
  }
}

async function main(): Promise<void> {
  while (calls < total) {
    const roll = next();
    if (churn && roll < 0.01) maintain();
    else if (roll < 0.5) syncCall();
    else await burst();
  }
  const infos = [wrappedSync, wrappedAsync, relCompiled, relPromise].map((fn) => cacheInfo(fn));
  const hits = infos.reduce((sum, info) => sum + info.hits, 0);
  const misses = infos.reduce((sum, info) => sum + info.misses, 0);
  console.log(JSON.stringify({ calls, wrong, errors, hits, misses, deletes, problems }));
}

process.on('uncaughtException', (error) => {
  console.log(JSON.stringify({ calls, wrong, errors: errors + 1, hits: 0, misses: 0, deletes, problems: [...problems, `uncaught: ${error.stack}`] }));
  process.exit(3);
});
void main();
