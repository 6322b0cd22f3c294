import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entryKey } from '../../core/key';
import { argsKey } from '../../runtime/args-key';
import { call, site } from '../../runtime/compiled';
import { entryPath, functionDir, versionRoot } from '../../runtime/store/layout';
import { configure } from '../../runtime/config';
import { NoCacheCondition } from '../../runtime/errors';
import { captureWarnings, freshCache, sleep, tick, uniqueSite } from './support';

let cache: ReturnType<typeof freshCache>;
test.before.each(() => {
  cache = freshCache('cached');
});
test.after.each(() => cache.done());

test('sync: a miss runs the body and stores, a hit returns an equal, independent copy', () => {
  const s = uniqueSite();
  let runs = 0;
  const f = (n: number): { n: number; list: number[] } => call(s, undefined, [n], (x: number) => ({ n: ++runs && x, list: [x] })) as never;
  const first = f(1);
  first.list.push(99);
  assert.equal(f(1), { n: 1, list: [1] });
  assert.equal(f(1), { n: 1, list: [1] });
  assert.is(runs, 1);
  f(2);
  assert.is(runs, 2);
  assert.equal(s.stats, { hits: 2, misses: 2, nocache: 0 });
});

test('a corrupted entry is a miss: the body recomputes and the entry is rewritten', () => {
  const s = uniqueSite();
  let runs = 0;
  const f = (): unknown => call(s, undefined, ['q'], () => ({ runs: ++runs }));
  f();
  const encoded = argsKey(s, undefined, ['q'], undefined) as string;
  const path = entryPath(functionDir(versionRoot(cache.dir), s.id), entryKey(s.prefix, encoded));
  const bytes = readFileSync(path);
  bytes[bytes.length - 1]! ^= 0xff;
  writeFileSync(path, bytes);
  assert.equal(f(), { runs: 2 });
  assert.equal(f(), { runs: 2 });
  assert.equal(s.stats, { hits: 1, misses: 2, nocache: 0 });
});

test('undefined and null results are cached like any value', () => {
  const s = uniqueSite();
  let runs = 0;
  const f = (v: unknown): unknown => call(s, undefined, [v], (x: unknown) => (runs++, x));
  assert.is(f(undefined), undefined);
  assert.is(f(undefined), undefined);
  assert.is(f(null), null);
  assert.is(f(null), null);
  assert.is(runs, 2);
});

test('results of every storable kind come back as the same kind (Buffer stays a Buffer)', () => {
  const s = uniqueSite();
  const value = {
    buf: Buffer.from('hi'),
    bytes: new Uint8Array([1, 2]),
    floats: new Float64Array([1.5]),
    map: new Map<unknown, unknown>([[1, new Set(['a'])]]),
    date: new Date(7),
    re: /x/gi,
    big: 12n,
    nested: [{ deep: [undefined, null] }],
  };
  call(s, undefined, [], () => value);
  const hit = call(s, undefined, [], () => assert.unreachable('must hit')) as typeof value;
  assert.equal(hit, value);
  assert.ok(Buffer.isBuffer(hit.buf));
  assert.is(hit.bytes.constructor, Uint8Array);
  assert.ok(Buffer.isBuffer(call(s, undefined, ['top'], () => Buffer.from('top')) as Buffer));
  assert.ok(Buffer.isBuffer(call(s, undefined, ['top'], () => assert.unreachable()) as Buffer));
});

test('thrown errors are never cached', () => {
  const s = uniqueSite();
  let runs = 0;
  const f = (): unknown =>
    call(s, undefined, [], () => {
      runs++;
      throw new Error('boom');
    });
  assert.throws(f, /boom/);
  assert.throws(f, /boom/);
  assert.is(runs, 2);
  assert.equal(s.stats, { hits: 0, misses: 2, nocache: 0 });
});

test('NoCacheCondition: the caller gets the value, nothing is stored, nocache counts it', () => {
  const s = uniqueSite();
  let runs = 0;
  const f = (): unknown =>
    call(s, undefined, [], () => {
      runs++;
      throw new NoCacheCondition('partial');
    });
  assert.is(f(), 'partial');
  assert.is(f(), 'partial');
  assert.is(runs, 2);
  assert.equal(s.stats, { hits: 0, misses: 2, nocache: 2 });
});

test('a sync function returning a promise: the resolved value is cached and hits return promises', async () => {
  const s = uniqueSite();
  let runs = 0;
  const f = (n: number): unknown => call(s, undefined, [n], (x: number) => Promise.resolve(x * (++runs, 2)));
  const first = f(2);
  assert.instance(first, Promise);
  assert.is(await first, 4);
  const hit = f(2);
  assert.instance(hit, Promise);
  assert.is(await hit, 4);
  assert.is(runs, 1);
  const rejecting = uniqueSite();
  let rejections = 0;
  const g = (): unknown => call(rejecting, undefined, [], () => (rejections++, Promise.reject(new Error('no'))));
  await (g() as Promise<unknown>).then(() => assert.unreachable(), (e: Error) => assert.is(e.message, 'no'));
  await (g() as Promise<unknown>).catch(() => undefined);
  assert.is(rejections, 2, 'rejections are not cached');
});

test('async functions: a large result is written without blocking and read back', async () => {
  const s = uniqueSite({ async: true });
  let runs = 0;
  const f = (): Promise<{ data: string; bytes: Uint8Array }> =>
    call(s, undefined, [], async () => (runs++, { data: 'z'.repeat(300_000), bytes: new Uint8Array(100_000).fill(3) })) as never;
  const first = await f();
  const hit = await f();
  assert.is(runs, 1);
  assert.is(hit.data.length, 300_000);
  assert.is(hit.bytes[99_999], 3);
  assert.is.not(hit.bytes, first.bytes);
});

test('async functions: always a promise; rejections not cached; NoCacheCondition resolves', async () => {
  const s = uniqueSite({ async: true });
  let runs = 0;
  const f = (n: number): Promise<unknown> => call(s, undefined, [n], async (x: number) => (runs++, { x })) as Promise<unknown>;
  assert.equal(await f(1), { x: 1 });
  const hit = f(1);
  assert.instance(hit, Promise);
  assert.equal(await hit, { x: 1 });
  assert.is(runs, 1);
  const failing = uniqueSite({ async: true });
  let fails = 0;
  const g = (): Promise<unknown> =>
    call(failing, undefined, [], async () => {
      fails++;
      throw new Error('down');
    }) as Promise<unknown>;
  await g().catch(() => undefined);
  await g().catch(() => undefined);
  assert.is(fails, 2);
  const partial = uniqueSite({ async: true });
  const h = (): Promise<unknown> =>
    call(partial, undefined, [], async () => {
      throw new NoCacheCondition([1, 2]);
    }) as Promise<unknown>;
  assert.equal(await h(), [1, 2]);
  assert.equal(await h(), [1, 2]);
  assert.equal(partial.stats, { hits: 0, misses: 2, nocache: 2 });
});

test('an unstorable result is returned, not stored, counted nocache, warned about once', async () => {
  const warnings = captureWarnings();
  class Client {
    constructor(public url: string) {}
    get(): string {
      return this.url;
    }
  }
  const s = uniqueSite();
  let runs = 0;
  const f = (): Client => call(s, undefined, [], () => (runs++, new Client('u'))) as Client;
  assert.is(f().get(), 'u');
  assert.is(f().get(), 'u');
  assert.is(runs, 2);
  assert.equal(s.stats, { hits: 0, misses: 2, nocache: 2 });
  const fn = uniqueSite();
  call(fn, undefined, [], () => () => 1);
  await tick();
  warnings.stop();
  const mine = warnings.list.filter((w) => w.message.includes(s.id));
  assert.is(mine.length, 1);
  assert.is(mine[0]!.code, 'CTD_UNSTORABLE_RESULT');
  assert.match(mine[0]!.message, /result is a Client instance/);
  assert.ok(warnings.list.some((w) => w.message.includes(fn.id) && /result is a function/.test(w.message)));
});

test('an unkeyable argument runs uncached with one warning naming the path and the fix', async () => {
  const warnings = captureWarnings();
  const s = uniqueSite();
  let runs = 0;
  const f = (url: string, options: object): unknown => call(s, undefined, [url, options], (_url: string, options: object) => (void options, ++runs));
  f('u', { onProgress: () => 0 });
  f('u', { onProgress: () => 0 });
  assert.is(runs, 2);
  assert.equal(s.stats, { hits: 0, misses: 2, nocache: 2 });
  const t = uniqueSite({ keyThis: true });
  call(t, { db: new (require('node:events').EventEmitter)() }, [], () => 1);
  const c = uniqueSite({ captures: ['client'] });
  call(c, undefined, [], () => 1, [{ send: () => 0 }]);
  await tick();
  warnings.stop();
  const forF = warnings.list.filter((w) => w.message.includes(s.id));
  assert.is(forF.length, 1);
  assert.is(forF[0]!.code, 'CTD_UNKEYABLE_ARGUMENT');
  assert.match(forF[0]!.message, /args\[1\]\.onProgress is a function/);
  assert.match(forF[0]!.message, /ignore=options on the @cacheToDisk tag/);
  assert.match(warnings.list.find((w) => w.message.includes(t.id))!.message, /this\.db is an EventEmitter.*ignore=this/);
  assert.match(warnings.list.find((w) => w.message.includes(c.id))!.message, /closure\.client\.send is a function.*ignore=client/);
});

test('expiry: the site\'s maxAge (50 ms) against the entry\'s creation time', async () => {
  const s = uniqueSite({ maxAge: 50 });
  let runs = 0;
  const f = (): unknown => call(s, undefined, [], () => ++runs);
  assert.is(f(), 1);
  assert.is(f(), 1);
  await sleep(70);
  assert.is(f(), 2);
  const longer = site({ id: s.id, fingerprint: s.fingerprint, maxAge: 60_000 });
  await sleep(70);
  assert.is(call(longer, undefined, [], () => 3), 2, 'a longer maxAge on the same entry keeps it valid');
});

test('keyThis: the receiver is part of the key', () => {
  const s = uniqueSite({ keyThis: true });
  const impl = function (this: { base: number }, n: number): number {
    return this.base + n;
  };
  const method = function (this: { base: number }, n: number): unknown {
    return call(s, this, [n], impl.bind(this));
  };
  assert.is(method.call({ base: 1 }, 1), 2);
  assert.is(method.call({ base: 10 }, 1), 11);
  assert.is(method.call({ base: 1 }, 1), 2);
  assert.equal(s.stats, { hits: 1, misses: 2, nocache: 0 });
});

test('captures: a changed closure value is a different entry', () => {
  const s = uniqueSite({ captures: ['factor'] });
  const make = (factor: number) => (n: number): unknown => call(s, undefined, [n], (x: number) => x * factor, [factor]);
  assert.is(make(2)(3), 6);
  assert.is(make(3)(3), 9);
  assert.is(make(2)(3), 6);
  assert.equal(s.stats, { hits: 1, misses: 2, nocache: 0 });
});

test('arguments objects and trailing undefined', () => {
  const s = uniqueSite();
  function f(_a?: unknown, _b?: unknown): unknown {
    return call(s, undefined, arguments, (a: unknown) => a);
  }
  f(1);
  f(1, undefined);
  assert.equal(s.stats, { hits: 1, misses: 1, nocache: 0 });
});

test('caching off: every call runs the body and counts miss + nocache', () => {
  const s = uniqueSite();
  let runs = 0;
  configure({ enabled: false });
  call(s, undefined, [], () => ++runs);
  call(s, undefined, [], () => ++runs);
  assert.is(runs, 2);
  assert.equal(s.stats, { hits: 0, misses: 2, nocache: 2 });
  configure({ enabled: true });
  call(s, undefined, [], () => ++runs);
  call(s, undefined, [], () => ++runs);
  assert.is(runs, 3);
});

test.run();
