import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, link, site } from '../../runtime/compiled';
import { NoCacheCondition } from '../../runtime/errors';
import { cacheInfo } from '../../runtime/info';
import { freshCache, uniqueSite } from './support';

let cache: ReturnType<typeof freshCache>;
test.before.each(() => {
  cache = freshCache('compiled');
});
test.after.each(() => cache.done());

test('the emitted shape: site var, placeholder parameters, arguments forwarded, link', () => {
  var _ctd_f = site({ id: `src/a.ts#double${process.pid}`, fingerprint: 'a'.repeat(32), maxAge: 0 });
  let runs = 0;
  function double(this: unknown, _a: number, _b?: number): unknown {
    return call(_ctd_f, this, arguments, (a: number, b = 1) => (runs++, a * 2 * b));
  }
  link(double, _ctd_f);
  assert.is(double.name, 'double');
  assert.is(double.length, 2);
  assert.is(double(3), 6);
  assert.is(double(3), 6);
  assert.is(double(3, 2), 12);
  assert.is(runs, 2);
  const arrow = (_a: number, ..._r: unknown[]): unknown => call(_ctd_f, undefined, [_a, ..._r], () => assert.unreachable('must hit'));
  assert.is(arrow(3, 2), 12, 'arguments objects and arrays of the same values share a key');
  assert.equal(cacheInfo(double), { hits: 2, misses: 2, nocache: 0 });
});

test('call(undefined, …) runs the body uncached and still honours NoCacheCondition', async () => {
  assert.is(call(undefined, undefined, [2], (n: number) => n * 2), 4);
  assert.is(call(undefined, undefined, [], () => { throw new NoCacheCondition('v'); }), 'v');
  assert.is(await (call(undefined, undefined, [], async () => { throw new NoCacheCondition('a'); }) as Promise<unknown>), 'a');
  assert.throws(() => call(undefined, undefined, [], () => { throw new Error('x'); }), /x/);
});

test('link: fn.cacheInfo() and cacheInfo(fn)', () => {
  const s = uniqueSite();
  function f(n: number): unknown {
    return call(s, undefined, [n], (x: number) => x);
  }
  assert.is(link(f, s), f);
  f(1);
  f(1);
  const info = (f as unknown as { cacheInfo(): unknown }).cacheInfo();
  assert.equal(info, { hits: 1, misses: 1, nocache: 0 });
  assert.equal(cacheInfo(f), info);
  assert.not.ok(Object.keys(f).includes('cacheInfo'), 'not enumerable');
  const frozen = Object.freeze(function g() {});
  assert.is(link(frozen, s), frozen);
  assert.equal(cacheInfo(frozen), info);
  assert.throws(() => cacheInfo(function h() {}), /cacheInfo\(\) expects a cached function.*function h/);
});

test('link(fn, site, name) gives an anonymous default export back its name', () => {
  const s = uniqueSite();
  function default_1(): unknown {
    return call(s, undefined, [], () => 1);
  }
  link(default_1, s, 'default');
  assert.is(default_1.name, 'default');
  assert.is(cacheInfo(default_1).misses, 0);
});

test('site() rejects a malformed descriptor with a TypeError', () => {
  assert.throws(() => site({ id: '', fingerprint: 'x', maxAge: 0 }), (e: Error) => e instanceof TypeError && /invalid site descriptor/.test(e.message));
  assert.throws(() => site({ id: 'a', fingerprint: 'x', maxAge: -1 }), TypeError);
  assert.throws(() => site({ id: 'a', fingerprint: 'x', maxAge: 0, ignoreArgs: [-1] }), TypeError);
});

test.run();
