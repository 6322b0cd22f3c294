import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../../runtime/compiled';
import { NoCacheCondition } from '../../runtime/errors';
import { freshCache, sleep, uniqueSite } from './support';

let cache: ReturnType<typeof freshCache>;
test.before.each(() => {
  cache = freshCache('flight');
});
test.after.each(() => cache.done());

test('100 concurrent identical async calls run the body once; later callers are hits with their own copy', async () => {
  const s = uniqueSite({ async: true });
  let runs = 0;
  const f = (q: string): Promise<{ q: string }> =>
    call(s, undefined, [q], async (x: string) => {
      runs++;
      await sleep(20);
      return { q: x };
    }) as Promise<{ q: string }>;
  const results = await Promise.all(Array.from({ length: 100 }, () => f('same')));
  assert.is(runs, 1);
  assert.equal(s.stats, { hits: 99, misses: 1, nocache: 0 });
  for (const r of results) assert.equal(r, { q: 'same' });
  assert.is(new Set(results).size, 100, 'no two callers share one object');
  await f('same');
  assert.is(runs, 1);
});

test('different keys do not wait for each other', async () => {
  const s = uniqueSite({ async: true });
  let runs = 0;
  const f = (n: number): Promise<unknown> => call(s, undefined, [n], async (x: number) => (runs++, await sleep(5), x)) as Promise<unknown>;
  assert.equal(await Promise.all([f(1), f(2), f(1), f(2)]), [1, 2, 1, 2]);
  assert.is(runs, 2);
});

test('a failing shared execution rejects every caller and stores nothing', async () => {
  const s = uniqueSite({ async: true });
  let runs = 0;
  const f = (): Promise<unknown> =>
    call(s, undefined, [], async () => {
      runs++;
      await sleep(5);
      throw new Error('flaky');
    }) as Promise<unknown>;
  const outcomes = await Promise.allSettled([f(), f(), f()]);
  assert.is(runs, 1);
  assert.ok(outcomes.every((o) => o.status === 'rejected'));
  assert.equal(s.stats, { hits: 0, misses: 3, nocache: 0 });
  await f().catch(() => undefined);
  assert.is(runs, 2, 'the next call runs again');
});

test('a shared NoCacheCondition: everyone gets the value, nobody counts a hit', async () => {
  const s = uniqueSite({ async: true });
  const f = (): Promise<unknown> =>
    call(s, undefined, [], async () => {
      await sleep(5);
      throw new NoCacheCondition('partial');
    }) as Promise<unknown>;
  assert.equal(await Promise.all([f(), f()]), ['partial', 'partial']);
  assert.equal(s.stats, { hits: 0, misses: 2, nocache: 2 });
});

test('a sync function returning a promise shares its pending execution too', async () => {
  const s = uniqueSite();
  let runs = 0;
  const f = (): Promise<unknown> => call(s, undefined, [], () => (runs++, sleep(10).then(() => 'v'))) as Promise<unknown>;
  assert.equal(await Promise.all([f(), f(), f()]), ['v', 'v', 'v']);
  assert.is(runs, 1);
});

test.run();
