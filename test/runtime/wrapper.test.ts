import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheToDisk } from '../../runtime/wrapper';
import { cacheInfo } from '../../runtime/info';
import { CacheToDiskUsageError } from '../../runtime/errors';
import { captureWarnings, freshCache, sleep, tick } from './support';

let cache: ReturnType<typeof freshCache>;
test.before.each(() => {
  cache = freshCache('wrapper');
});
test.after.each(() => cache.done());

let n = 0;
const uid = (): string => `wrapper-test-${process.pid}-${++n}`;

test('caches by arguments, keeps name and length, exposes cacheInfo', () => {
  let runs = 0;
  const slowSquare = cacheToDisk(3, { id: uid() })(function slowSquare(x: number, _unused?: string) {
    runs++;
    return x * x;
  });
  assert.is(slowSquare.name, 'slowSquare');
  assert.is(slowSquare.length, 2);
  assert.is(slowSquare(4), 16);
  assert.is(slowSquare(4), 16);
  assert.is(slowSquare(5), 25);
  assert.is(runs, 2);
  assert.equal(slowSquare.cacheInfo(), { hits: 1, misses: 2, nocache: 0 });
  assert.equal(cacheInfo(slowSquare), { hits: 1, misses: 2, nocache: 0 });
});

test('the id defaults to the function name; anonymous functions need one', () => {
  function namedForId(): number {
    return 1;
  }
  const wrapped = cacheToDisk()(namedForId);
  wrapped();
  assert.is(wrapped.name, 'namedForId');
  assert.throws(
    () => cacheToDisk()((() => () => 1)()),
    (e: Error) => e instanceof TypeError && (e as CacheToDiskUsageError).code === 'CTD_ANONYMOUS_FUNCTION' && /pass \{ id: "load" \}/.test(e.message),
  );
  assert.not.throws(() => cacheToDisk(1, { id: 'given' })((() => () => 1)()));
});

test('durations: numbers of days, tag strings, and errors for anything else', () => {
  for (const ok of [0, 0.5, 3, '12h', '30s', '15m', '3d', '0.5', ' 2 ']) {
    assert.not.throws(() => cacheToDisk(ok as number), String(ok));
  }
  for (const bad of [-1, NaN, Infinity, 'abc', '-3', '3w', '']) {
    assert.throws(() => cacheToDisk(bad as number), (e: Error) => e instanceof TypeError && (e as CacheToDiskUsageError).code === 'CTD_BAD_DURATION', String(bad));
  }
});

test('a fractional number of days expires accordingly', async () => {
  let runs = 0;
  const f = cacheToDisk(60 / 86_400_000, { id: uid() })(function f() {
    return ++runs;
  });
  assert.is(f(), 1);
  assert.is(f(), 1);
  await sleep(80);
  assert.is(f(), 2);
});

test('a string duration (\'0.05s\') expires accordingly', async () => {
  let runs = 0;
  const f = cacheToDisk('0.05s', { id: uid() })(function f() {
    return ++runs;
  });
  f();
  assert.is(f(), 1);
  await sleep(70);
  assert.is(f(), 2);
});

test('editing the function body is a new fingerprint; the same text hits', () => {
  const id = uid();
  const v1 = cacheToDisk(1, { id })(function compute(x: number) {
    return x + 1;
  });
  const v2 = cacheToDisk(1, { id })(function compute(x: number) {
    return x + 2;
  });
  const v1Again = cacheToDisk(1, { id })(function compute(x: number) {
    return x + 1;
  });
  assert.is(v1(1), 2);
  assert.is(v2(1), 3);
  assert.is(v1Again(1), 2);
  assert.equal(v1Again.cacheInfo(), { hits: 1, misses: 0, nocache: 0 });
});

test('this is forwarded and keyed for functions that use it', () => {
  const method = cacheToDisk(1, { id: uid() })(function scaled(this: { k: number }, x: number) {
    return this.k * x;
  });
  assert.is(method.call({ k: 2 }, 5), 10);
  assert.is(method.call({ k: 3 }, 5), 15);
  assert.is(method.call({ k: 2 }, 5), 10);
  assert.equal(method.cacheInfo(), { hits: 1, misses: 2, nocache: 0 });
});

test('ignore: parameters, rest and this are left out of the key; unknown names throw', () => {
  let runs = 0;
  const f = cacheToDisk(1, { id: uid(), ignore: ['verbose', 'extra', 'this'] })(function f(
    this: unknown,
    x: number,
    verbose: boolean,
    ...extra: unknown[]
  ) {
    runs++;
    return x + (this ? 0 : 0) + (verbose ? 0 : 0) + extra.length * 0;
  });
  f.call({ a: 1 }, 1, true, 'a');
  f.call({ b: () => 0 }, 1, false, () => 0, 2);
  assert.is(runs, 1);
  assert.throws(
    () => cacheToDisk(1, { ignore: ['nope'] })(function g(a: number, { b }: { b: number }) { return a + b; }),
    (e: Error) => (e as CacheToDiskUsageError).code === 'CTD_UNKNOWN_IGNORE' && /its parameters are: a, this/.test(e.message),
  );
});

test('async functions return promises on misses and hits', async () => {
  let runs = 0;
  const f = cacheToDisk(1, { id: uid() })(async function fetchThing(q: string) {
    runs++;
    return { q };
  });
  assert.instance(f('a'), Promise);
  await sleep(1);
  const hit = f('a');
  assert.instance(hit, Promise);
  assert.equal(await hit, { q: 'a' });
  assert.is(runs, 1);
});

test('an unkeyable argument names the wrapper fix', async () => {
  const warnings = captureWarnings();
  const id = uid();
  const f = cacheToDisk(1, { id })(function download(url: string, onProgress: () => void) {
    onProgress();
    return url;
  });
  f('u', () => undefined);
  await tick();
  warnings.stop();
  const warning = warnings.list.find((w) => w.message.includes(id));
  assert.ok(warning);
  assert.match(warning!.message, /args\[1\] is a function.*ignore: \['onProgress'\] in the cacheToDisk options/);
});

test('misuse: not a function, bad options', () => {
  assert.throws(() => cacheToDisk(1)('x' as never), TypeError);
  assert.throws(() => cacheToDisk(1, null as never), TypeError);
});

test.run();
