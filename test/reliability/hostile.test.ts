// Hostile input: names built to escape the cache directory, symlinks planted anywhere in the
// tree, foreign files inside it, cache directories someone else could have written, and
// arguments or results the cache cannot handle. Full listings (with mtimes and content hashes)
// of everything outside the library's own entries are compared before and after.
import { chownSync, chmodSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call, link, site } from '../../runtime/compiled';
import { configure } from '../../runtime/config';
import { clearDiskCache, deleteDiskCachesForFunction, deleteOldDiskCaches } from '../../runtime/maintenance';
import { encodeHeader } from '../../runtime/store/entry';
import { entryPath, functionDir, shardDir, versionRoot, VERSION_DIR } from '../../runtime/store/layout';
import { writeEntrySync } from '../../runtime/store/write';
import { captureWarnings, removeDir, tempDir, tick, uniqueSite } from '../runtime/support';
import { keyFor, listing } from './support';

let outer = '';
let cache = '';
test.before.each(() => {
  outer = tempDir('rel-hostile');
  cache = join(outer, 'cache');
  configure({ dir: cache });
});
test.after.each(() => {
  configure({ dir: undefined });
  chmodSync(outer, 0o700);
  removeDir(outer);
});

let counter = 0;

/** A linked compiled function (unique id) whose body counts its runs; returns it with its site. */
function cached(name: string, maxAge = 0): { f: (n: number) => unknown; id: string; runs: () => number; site: ReturnType<typeof site> } {
  counter++;
  const id = `src/hostile${counter}_${process.pid}.ts#${name}`;
  const s = site({ id, fingerprint: '9'.repeat(32), maxAge });
  let runs = 0;
  function f(n: number): unknown {
    return call(s, undefined, [n], (x: number) => (runs++, { right: x }));
  }
  link(f, s);
  return { f, id, runs: () => runs, site: s };
}

/** Writes an entry holding `value` for `key` of function `id` into the tree under `cacheDir`, as the store would. */
function plant(cacheDir: string, id: string, key: string, value: unknown, expires = 0): string {
  const root = versionRoot(cacheDir);
  const fnDir = functionDir(root, id);
  const path = entryPath(fnDir, key);
  const payload = serialize(value);
  const header = encodeHeader({ key, id, fingerprint: '9'.repeat(32), flags: 0, created: Date.now(), expires }, payload);
  writeEntrySync({ root, fnDir, functionId: id, key, path }, header, payload);
  return path;
}

/** Files and folders next to and inside the cache that the library does not own. */
function plantSentinels(): void {
  writeFileSync(join(outer, 'sentinel.txt'), 'outside');
  mkdirSync(join(outer, 'sentinels', 'ab'), { recursive: true });
  writeFileSync(join(outer, 'sentinels', 'ab', 'c'.repeat(62)), 'named like an entry');
  writeFileSync(join(outer, 'sentinels', '.tmp-1-2-3'), 'named like a temporary file');
  writeFileSync(join(outer, 'sentinels', 'id'), 'f');
  mkdirSync(join(cache, VERSION_DIR), { recursive: true });
  writeFileSync(join(cache, 'README'), 'mine');
  writeFileSync(join(versionRoot(cache), 'notes.txt'), 'mine');
  mkdirSync(join(cache, 'v0', 'a'.repeat(32), 'ab'), { recursive: true });
  writeFileSync(join(cache, 'v0', 'a'.repeat(32), 'ab', 'd'.repeat(62)), 'an older format');
  mkdirSync(join(versionRoot(cache), 'Z'.repeat(32), 'zz'), { recursive: true });
  writeFileSync(join(versionRoot(cache), 'Z'.repeat(32), 'zz', 'e'.repeat(62)), 'not our pattern');
}

/** The listing of everything except the library's own function folders. */
function foreignListing(): string[] {
  const own = new Set(readdirSync(versionRoot(cache)).filter((name) => /^[0-9a-f]{32}$/.test(name)));
  return listing(outer).filter((line) => {
    const rel = line.split(' ')[0]!;
    const parts = rel.split('/');
    return !(parts[1] === 'cache' && parts[2] === VERSION_DIR && (parts[3] === undefined || own.has(parts[3]))) && rel !== '/cache' && rel !== '/';
  });
}

const HOSTILE_NAMES = (): string[] => [
  '..',
  '../',
  '../../',
  '.',
  '/',
  '*',
  '**',
  '?',
  '[a-f]*',
  '*#*',
  '#',
  'v1',
  'v0',
  'id',
  'README',
  'CACHEDIR.TAG',
  'notes.txt',
  'sentinel.txt',
  '../sentinel.txt',
  '../../sentinel.txt',
  join(outer, 'sentinel.txt'),
  join(outer, 'sentinels'),
  outer,
  cache,
  versionRoot(cache),
  'c'.repeat(62),
  'a'.repeat(32),
  'Z'.repeat(32),
  'src/x.ts#../../sentinel.txt',
  '#../..',
  'a\0b',
  '\0',
  '../\0/sentinel.txt',
  'x'.repeat(1 << 20),
  '../'.repeat(5000),
  '~',
  '$HOME',
  '%2e%2e%2f',
  '..\\..\\sentinel.txt',
  '\u202e\ufeff😀',
  '\ud800',
];

test('hostile names never read or remove anything outside the library\'s own entries', () => {
  plantSentinels();
  const a = cached('fetchUser');
  const b = cached('other');
  for (let i = 0; i < 5; i++) (a.f(i), b.f(i));
  const before = foreignListing();
  for (const name of HOSTILE_NAMES()) {
    let removed: number;
    try {
      removed = deleteDiskCachesForFunction(name);
    } catch (error) {
      assert.unreachable(`${JSON.stringify(name.slice(0, 40))} threw ${(error as Error).message}`);
      return;
    }
    assert.is(removed, 0, JSON.stringify(name.slice(0, 40)));
  }
  assert.throws(() => deleteDiskCachesForFunction(''), /empty string/);
  for (const bad of [undefined, null, 1, {}, Symbol('s')]) assert.throws(() => deleteDiskCachesForFunction(bad as never), /expects a cached function/);
  assert.equal(foreignListing(), before);
  assert.is(deleteOldDiskCaches(), 0);
  assert.is(clearDiskCache(), 10);
  assert.equal(foreignListing(), before, 'clearDiskCache removes every entry and nothing else');
  assert.equal(a.f(1), { right: 1 });
  assert.equal(a.f(1), { right: 1 });
  assert.is(a.runs(), 6, 'caching works after the clear');
});

for (const placement of ['version root', 'function folder', 'shard', 'entry file'] as const) {
  test(`a symlink planted as the ${placement} is never read as an entry, written through or followed for deletion`, async () => {
    const fn = cached('linked', 60_000);
    const key = keyFor(fn.site, [1]);
    const decoy = join(outer, 'decoy');
    // The decoy holds a valid entry with a wrong value (and expired, so a prune would take it).
    const decoyEntry = plant(decoy, fn.id, key, { right: 'WRONG' }, Date.now() - 1000);
    const root = versionRoot(cache);
    const fnDir = functionDir(root, fn.id);
    const shard = shardDir(fnDir, key);
    const [linkPath, target] =
      placement === 'version root'
        ? [root, versionRoot(decoy)]
        : placement === 'function folder'
          ? [fnDir, functionDir(versionRoot(decoy), fn.id)]
          : placement === 'shard'
            ? [shard, shardDir(functionDir(versionRoot(decoy), fn.id), key)]
            : [entryPath(fnDir, key), decoyEntry];
    mkdirSync(join(linkPath, '..'), { recursive: true });
    symlinkSync(target, linkPath);
    writeFileSync(join(outer, 'sentinel.txt'), 'outside');
    const before = listing(decoy);
    const warnings = captureWarnings();
    for (let i = 0; i < 3; i++) assert.equal(fn.f(1), { right: 1 }, 'the body\'s value, never the decoy\'s');
    assert.equal(fn.f(2), { right: 2 });
    // A symlinked entry file is removed (the link, never its target) and replaced by a real entry.
    assert.is(deleteDiskCachesForFunction(fn.f), placement === 'entry file' ? 2 : 0);
    deleteDiskCachesForFunction(fn.id);
    deleteDiskCachesForFunction('linked');
    deleteOldDiskCaches();
    clearDiskCache();
    await tick();
    warnings.stop();
    assert.equal(listing(decoy), before, 'nothing in the decoy was written, changed or removed');
    if (placement !== 'entry file') {
      assert.ok(
        warnings.list.some((w) => w.code === 'CTD_DIR_ELOOP'),
        `one warning names the symlink: ${JSON.stringify(warnings.list)}`,
      );
    }
  });
}

test('a cache directory owned by another user is refused: not read, not written, not cleaned', async () => {
  const id = `src/foreign${process.pid}.ts#owned`;
  const s = site({ id, fingerprint: '9'.repeat(32), maxAge: 0 });
  const key = keyFor(s, [1]);
  if (process.getuid?.() !== 0) return;
  const planted = plant(cache, id, key, { right: 'WRONG' });
  chownSync(cache, 65534, 65534);
  const before = listing(cache);
  const warnings = captureWarnings();
  let runs = 0;
  const value = call(s, undefined, [1], (x: number) => (runs++, { right: x }));
  assert.equal(value, { right: 1 });
  assert.is(runs, 1);
  assert.is(clearDiskCache(), 0);
  assert.is(deleteOldDiskCaches(), 0);
  await tick();
  warnings.stop();
  assert.equal(listing(cache), before, `untouched (${planted})`);
  assert.ok(warnings.list.some((w) => w.code === 'CTD_DIR_FOREIGN_OWNER' && w.message.includes('uid 65534')));
});

for (const mode of [0o777, 0o770, 0o722]) {
  test(`a cache directory of mode ${mode.toString(8)} (no sticky bit) is refused; with the sticky bit it is used`, async () => {
    const id = `src/perm${mode}_${process.pid}.ts#open`;
    const s = site({ id, fingerprint: '9'.repeat(32), maxAge: 0 });
    plant(cache, id, keyFor(s, [1]), { right: 'WRONG' });
    chmodSync(cache, mode);
    const warnings = captureWarnings();
    let runs = 0;
    const f = (n: number): unknown => call(s, undefined, [n], (x: number) => (runs++, { right: x }));
    assert.equal(f(1), { right: 1 });
    assert.equal(f(1), { right: 1 });
    assert.is(runs, 2, 'refused: every call runs the body');
    assert.is(clearDiskCache(), 0);
    await tick();
    assert.is(warnings.list.filter((w) => w.code === 'CTD_DIR_PERMISSIVE').length, 1, 'one warning');
    warnings.stop();
    rmSync(join(cache, VERSION_DIR), { recursive: true });
    chmodSync(cache, mode | 0o1000);
    configure({ dir: cache });
    assert.equal(f(3), { right: 3 });
    assert.equal(f(3), { right: 3 });
    assert.is(runs, 3, 'sticky bit: cached');
  });
}

test('arguments that cannot be keyed run uncached, with one warning naming the path', async () => {
  const s = uniqueSite();
  const warnings = captureWarnings();
  let runs = 0;
  const f = (arg: unknown): unknown => call(s, undefined, [arg], () => (runs++, 'ok'));
  const unkeyable: unknown[] = [
    { onProgress: () => 1 },
    [Symbol('s')],
    new WeakMap(),
    Promise.resolve(1),
    { then: () => undefined },
    new EventEmitter(),
    (function* gen() {})(),
    new Map([[1, () => 1]]),
    { [Symbol('k')]: 1 },
    { get boom() { throw new Error('getter'); } },
    new Intl.NumberFormat('de-DE'),
    new FinalizationRegistry(() => undefined),
  ];
  for (const arg of unkeyable) assert.is(f(arg), 'ok');
  assert.is(runs, unkeyable.length);
  assert.equal(s.stats, { hits: 0, misses: unkeyable.length, nocache: unkeyable.length });
  await tick();
  warnings.stop();
  const mine = warnings.list.filter((w) => w.message.includes(s.id));
  assert.is(mine.length, 1);
  assert.match(mine[0]!.message, /args\[0\]\.onProgress is a function/);
});

test('results that cannot be stored are returned as they are, never stored, and warned about once', async () => {
  class Money {
    constructor(readonly cents: number) {}
  }
  const s = uniqueSite();
  const warnings = captureWarnings();
  const results: unknown[] = [
    () => 1,
    Symbol('s'),
    new Money(5),
    { nested: [new Money(1)] },
    new Error('e', { cause: new Money(2) }),
    Object.assign(new Error('e'), { code: 'E' }),
    new Map([[1, { f: () => 1 }]]),
  ];
  for (let i = 0; i < results.length; i++) {
    const first = call(s, undefined, [i], () => results[i]);
    const second = call(s, undefined, [i], () => results[i]);
    assert.is(first, results[i]);
    assert.is(second, results[i]);
  }
  assert.equal(s.stats, { hits: 0, misses: results.length * 2, nocache: results.length * 2 });
  await tick();
  warnings.stop();
  assert.is(warnings.list.filter((w) => w.message.includes(s.id)).length, 1);
});

test('an error whose cause holds bytes round-trips without sharing the read buffer', () => {
  const s = uniqueSite();
  const make = (): Error => new Error('failed', { cause: new Uint8Array([1, 2, 3]) });
  call(s, undefined, [1], make);
  const hit = call(s, undefined, [1], make) as Error & { cause: Uint8Array };
  assert.is(s.stats.hits, 1);
  const other = uniqueSite();
  call(other, undefined, [1], () => ({ filler: 'x'.repeat(300) }));
  call(other, undefined, [1], () => ({ filler: 'x'.repeat(300) }));
  assert.equal([...hit.cause], [1, 2, 3], 'a later read did not overwrite the earlier value');
});

test.run();
