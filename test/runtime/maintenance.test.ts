import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, link, site } from '../../runtime/compiled';
import { configure } from '../../runtime/config';
import { clearDiskCache, deleteDiskCachesForFunction, deleteOldDiskCaches, deleteOldDiskCachesAsync } from '../../runtime/maintenance';
import { cacheToDisk } from '../../runtime/wrapper';
import { CACHEDIR_TAG } from '../../runtime/store/layout';
import { removeDir, sleep, tempDir, uniqueSite } from './support';

let outer = '';
let dir = '';
test.before.each(() => {
  outer = tempDir('maint');
  dir = join(outer, 'cache');
  configure({ dir });
});
test.after.each(() => {
  configure({ dir: undefined });
  removeDir(outer);
});

/** A linked compiled function with `count` stored entries. */
function fill(id: string, count: number, fingerprint = 'f'.repeat(32)): (n: number) => unknown {
  const s = site({ id, fingerprint, maxAge: 0 });
  function f(n: number): unknown {
    return call(s, undefined, [n], (x: number) => x);
  }
  link(f, s);
  for (let i = 0; i < count; i++) f(i);
  return f;
}

test('by reference, by id, by bare name; all fingerprints; returns counts', () => {
  const f = fill('src/a.ts#fetchUser', 3);
  fill('src/a.ts#fetchUser', 2, 'e'.repeat(32));
  fill('src/b.ts#Client.fetchUser', 4);
  fill('src/c.ts#other', 1);
  assert.is(deleteDiskCachesForFunction(f), 5, 'both fingerprints of the referenced function');
  fill('src/a.ts#fetchUser', 3);
  assert.is(deleteDiskCachesForFunction('src/a.ts#fetchUser'), 3);
  fill('src/a.ts#fetchUser', 3);
  assert.is(deleteDiskCachesForFunction('fetchUser'), 7);
  assert.is(deleteDiskCachesForFunction('other'), 1);
  assert.is(deleteDiskCachesForFunction('nothing'), 0);
});

test('wrapped functions, by reference and by name', () => {
  const id = `wrapped${process.pid}`;
  const w = cacheToDisk(1, { id })(function w(n: number) {
    return n;
  });
  w(1);
  w(2);
  assert.is(deleteDiskCachesForFunction(w), 2);
  w(1);
  assert.is(deleteDiskCachesForFunction(id), 1);
});

test('misuse is a TypeError', () => {
  assert.throws(() => deleteDiskCachesForFunction(function notCached() {}), /expects a cached function.*notCached/);
  assert.throws(() => deleteDiskCachesForFunction(''), TypeError);
  assert.throws(() => deleteDiskCachesForFunction(42 as never), TypeError);
});

test('hostile names never delete anything outside the cache directory', () => {
  const sentinel = join(outer, 'sentinel.txt');
  writeFileSync(sentinel, 'keep me');
  const inCwd = join(process.cwd(), 'package.json');
  const cwdBefore = readFileSync(inCwd, 'utf8');
  fill('src/keep.ts#keep', 2);
  const hostile = [
    '../sentinel.txt',
    '../../',
    '..',
    '.',
    '/',
    sentinel,
    outer,
    `${dir}/../sentinel.txt`,
    'a\0b',
    '\0',
    '*',
    '**/*',
    '?',
    '[a-z]*',
    'v1',
    'CACHEDIR.TAG',
    '../#x',
    '#',
    '/etc/passwd#x',
    'x'.repeat(1_000_000),
    '..\\..\\sentinel.txt',
    '%2e%2e%2fsentinel.txt',
  ];
  for (const name of hostile) assert.is(deleteDiskCachesForFunction(name), 0, JSON.stringify(name.slice(0, 40)));
  assert.is(readFileSync(sentinel, 'utf8'), 'keep me');
  assert.is(readFileSync(inCwd, 'utf8'), cwdBefore);
  assert.ok(existsSync(join(dir, CACHEDIR_TAG)));
  assert.is(deleteDiskCachesForFunction('keep'), 2, 'the real entries were all still there');
});

test('deleteOldDiskCaches and its async twin remove expired entries only', async () => {
  const s = uniqueSite({ maxAge: 500 });
  call(s, undefined, [1], () => 1);
  call(s, undefined, [2], () => 2);
  fill('src/keep.ts#forever', 2);
  assert.is(deleteOldDiskCaches(), 0);
  await sleep(600);
  // The background prune of first use may run late on a loaded machine and take some of the
  // expired entries first: together they remove exactly those two, and nothing else.
  const removed = await deleteOldDiskCachesAsync();
  assert.ok(removed >= 0 && removed <= 2, `removed ${removed}`);
  assert.is(deleteDiskCachesForFunction(s.id), 0, 'no expired entry is left');
  assert.is(deleteDiskCachesForFunction('forever'), 2);
});

test('clearDiskCache removes every entry and nothing else; caching works after it', () => {
  fill('src/a.ts#a', 2);
  fill('src/b.ts#b', 3);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  assert.is(clearDiskCache(), 5);
  assert.equal(readdirSync(dir).sort(), [CACHEDIR_TAG, 'notes.txt', 'v1']);
  const f = fill('src/a.ts#a', 1);
  assert.is(deleteDiskCachesForFunction(f), 1);
});

test('maintenance refuses a directory the runtime refuses', () => {
  fill('src/a.ts#a', 2);
  chmodSync(dir, 0o777);
  assert.is(clearDiskCache(), 0);
  assert.is(deleteOldDiskCaches(), 0);
  chmodSync(dir, 0o700);
  assert.is(clearDiskCache(), 2);
});

test.run();
