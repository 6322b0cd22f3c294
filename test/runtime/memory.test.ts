// The memory tier (runtime/memory.ts): a repeated hit is served from memory as a fresh copy, for
// at most TRUST_MS after the entry was read from disk; clearing, reconfiguring, expiry and the
// budget drop held entries. Whether a call was served from memory is observed the way a user
// would notice it: the entry file is removed after the hit that read it, so a call served from
// memory still hits and one that reads the disk misses.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { entryKey } from '../../core/key';
import { argsKey } from '../../runtime/args-key';
import { call } from '../../runtime/compiled';
import { configure } from '../../runtime/config';
import { clearDiskCache, deleteDiskCachesForFunction } from '../../runtime/maintenance';
import { TRUST_MS } from '../../runtime/memory';
import { entryPath, functionDir, versionRoot } from '../../runtime/store/layout';
import type { Site } from '../../runtime/site';
import { BIN } from '../cli/support';
import { captureWarnings, childProject, freshCache, removeDir, runChild, sleep, uniqueSite } from './support';

let cache: ReturnType<typeof freshCache>;
test.before.each(() => {
  cache = freshCache('memory');
});
test.after.each(() => {
  configure({ memory: undefined });
  cache.done();
});

function pathOf(s: Site, args: unknown[]): string {
  return entryPath(functionDir(versionRoot(cache.dir), s.id), entryKey(s.prefix, argsKey(s, undefined, args, undefined) as string));
}

/** A cached function over `s` whose body counts its runs. */
function counted(s: Site, make: (n: number) => unknown = (n) => ({ n, list: [n] })): { f: (n: number) => unknown; runs: () => number } {
  let runs = 0;
  return { f: (n) => call(s, undefined, [n], (x: number) => (runs++, make(x))), runs: () => runs };
}

test('a repeated hit is served from memory, as a fresh copy each time', () => {
  const s = uniqueSite();
  const { f, runs } = counted(s);
  f(1);
  const fromDisk = f(1) as { list: number[] };
  rmSync(pathOf(s, [1]));
  const first = f(1) as { list: number[] };
  first.list.push(99);
  fromDisk.list.push(98);
  const second = f(1) as { list: number[] };
  second.list.push(97);
  assert.equal(f(1), { n: 1, list: [1] });
  assert.is(runs(), 1);
  assert.equal(s.stats, { hits: 4, misses: 1, nocache: 0 });
});

test(`a held entry is served for at most ${TRUST_MS} ms; then the disk decides`, async () => {
  const s = uniqueSite();
  const { f, runs } = counted(s);
  f(1);
  f(1);
  rmSync(pathOf(s, [1]));
  await sleep(TRUST_MS + 50);
  assert.equal(f(1), { n: 1, list: [1] });
  assert.is(runs(), 2, 'the entry was gone from disk, so the call ran the body');
  f(2);
  f(2);
  await sleep(TRUST_MS + 50);
  f(2);
  rmSync(pathOf(s, [2]));
  f(2);
  assert.is(runs(), 3, 'an entry still on disk after the window is read again and held anew');
});

test('an entry past its lifetime is not served from memory', async () => {
  const s = uniqueSite({ maxAge: 200 });
  const { f, runs } = counted(s);
  f(1);
  f(1);
  await sleep(250);
  f(1);
  assert.is(runs(), 2);
});

test('clearDiskCache and deleteDiskCachesForFunction drop held entries at once', () => {
  const s = uniqueSite();
  const { f, runs } = counted(s);
  f(1);
  f(1);
  clearDiskCache();
  f(1);
  assert.is(runs(), 2);
  f(1);
  deleteDiskCachesForFunction(s.id);
  f(1);
  assert.is(runs(), 3);
});

test('configure({ memory: 0 }) reads the disk on every call; so does a new directory', () => {
  configure({ memory: 0 });
  const s = uniqueSite();
  const { f, runs } = counted(s);
  f(1);
  f(1);
  rmSync(pathOf(s, [1]));
  f(1);
  assert.is(runs(), 2);
  configure({ memory: undefined });
  f(1);
  configure({ dir: cache.dir });
  rmSync(pathOf(s, [1]));
  f(1);
  assert.is(runs(), 3, 'configure() drops what was held');
});

test('the budget: a full tier holds what it has until entries pass their second', async () => {
  // Each payload is a little over 1,000 bytes: three fit in 3,500.
  configure({ memory: 3500 });
  const s = uniqueSite();
  const text = (n: number): string => `${n}`.padEnd(1000, '.');
  const { f, runs } = counted(s, text);
  for (let n = 1; n <= 5; n++) f(n);
  for (let n = 1; n <= 5; n++) f(n);
  for (let n = 1; n <= 5; n++) rmSync(pathOf(s, [n]));
  for (const n of [1, 2, 3]) assert.is(f(n), text(n));
  assert.is(runs(), 5, 'the first three read are held');
  f(4);
  f(5);
  assert.is(runs(), 7, 'the last two were not: the budget was full of entries still being served');
  await sleep(TRUST_MS + 50);
  for (const n of [4, 5]) f(n);
  for (const n of [4, 5]) rmSync(pathOf(s, [n]));
  for (const n of [4, 5]) assert.is(f(n), text(n));
  assert.is(runs(), 7, 'entries past their second made room');
  configure({ memory: 500 });
  f(6);
  f(6);
  rmSync(pathOf(s, [6]));
  f(6);
  assert.is(runs(), 9, 'a payload larger than the whole budget is not held');
});

test('results holding Buffers or typed arrays are read from disk every time, and stay Buffers', () => {
  const s = uniqueSite();
  const { f, runs } = counted(s, (n) => ({ n, buf: Buffer.from([n]) }));
  f(1);
  const hit = f(1) as { buf: Buffer };
  assert.ok(Buffer.isBuffer(hit.buf));
  rmSync(pathOf(s, [1]));
  f(1);
  assert.is(runs(), 2);
});

test('a copy from memory equals a value read from disk, for every kind a result can hold', () => {
  const s = uniqueSite();
  const make = (): unknown => {
    const shared = { shared: true };
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const sparse = [1, , 3];
    return {
      invalidDate: new Date(NaN),
      map: new Map<unknown, unknown>([[1, new Set(['a', 2n])], [{ k: 1 }, [null, undefined]]]),
      date: new Date(7),
      re: /x+y/gimsu,
      numbers: [-0, NaN, Infinity, -Infinity, 2 ** 53],
      big: -(2n ** 70n),
      boxed: [Object(1), Object('s'), Object(true), Object(3n)],
      errors: [new RangeError('range'), new TypeError('type')],
      sparse,
      nullProto: Object.assign(Object.create(null), { a: 1 }),
      twice: [shared, shared],
      cyclic,
      text: 'ü€😀',
      arrayBuffer: new ArrayBuffer(0),
    };
  };
  const { f, runs } = counted(s, make);
  f(1);
  const fromDisk = f(1) as Record<string, unknown>;
  rmSync(pathOf(s, [1]));
  const fromMemory = f(1) as Record<string, unknown>;
  assert.is(runs(), 1, 'the last call was served from memory');
  assert.ok(isDeepStrictEqual({ ...fromMemory, invalidDate: null }, { ...fromDisk, invalidDate: null }), 'deep-equal, prototypes included');
  for (const [name, value] of Object.entries(fromDisk)) {
    assert.is(Object.getPrototypeOf((fromMemory as Record<string, unknown>)[name]), Object.getPrototypeOf(value), name);
  }
  const twice = fromMemory.twice as object[];
  assert.is(twice[0], twice[1], 'shared references stay shared');
  const cyclic = fromMemory.cyclic as { self: unknown };
  assert.is(cyclic.self, cyclic, 'cycles stay cycles');
  assert.ok(!(1 in (fromMemory.sparse as unknown[])), 'holes stay holes');
  assert.is((fromMemory.errors as Error[])[0]!.message, 'range');
  // Two invalid dates are never deep-equal (NaN), so that one is checked on its own.
  assert.instance(fromMemory.invalidDate, Date);
  assert.ok(Number.isNaN((fromMemory.invalidDate as Date).getTime()));
});

// Plain data is copied from memory by a walk over it from its second hit there on; these values
// are on either side of that line and must come back exactly as the disk gives them, every hit.
test('values near plain data come back exactly, hit after hit', () => {
  const shared = { s: 1 };
  const values: unknown[] = [
    { a: 1, b: [1.5, 'two', true, null], c: { d: {} }, '2': 'x', '1': 'y' },
    [1, , 2],
    Object.assign([1, 2], { extra: 'prop' }),
    { zero: -0 },
    { big: 2 ** 80, small: 5e-324, nan: NaN, inf: -Infinity, n: 10n ** 30n },
    { u: undefined },
    [undefined],
    { first: shared, second: shared },
    { ['__proto__']: 'own' },
    'text',
    17,
    null,
    Array.from({ length: 70 }).reduce<unknown>((inner) => ({ inner }), 'deep'),
  ];
  values.forEach((value, n) => {
    const s = uniqueSite();
    const { f, runs } = counted(s, () => value);
    f(n);
    const fromDisk = f(n) as Record<string, unknown>;
    rmSync(pathOf(s, [n]));
    for (let hit = 0; hit < 3; hit++) {
      const copy = f(n) as Record<string, unknown>;
      assert.ok(isDeepStrictEqual(copy, fromDisk), `value ${n}, hit ${hit}`);
      assert.is(Object.keys(copy ?? {}).join(), Object.keys(fromDisk ?? {}).join(), `value ${n}: key order`);
      if (n === 7) assert.is(copy.first, copy.second, 'a shared object stays shared');
      if (n === 3) assert.ok(Object.is((copy as { zero: number }).zero, -0));
    }
    assert.is(runs(), 1, `value ${n} was served from memory`);
  });
});

test('async functions and promise-returning functions get promises from memory', async () => {
  const s = uniqueSite({ async: true });
  let runs = 0;
  const f = (): Promise<unknown> => call(s, undefined, [], async () => (runs++, { v: 1 })) as Promise<unknown>;
  await f();
  await f();
  rmSync(pathOf(s, []));
  const held = f();
  assert.instance(held, Promise);
  assert.equal(await held, { v: 1 });
  const p = uniqueSite();
  const g = (): unknown => call(p, undefined, [], () => Promise.resolve('later'));
  await g();
  await g();
  rmSync(pathOf(p, []));
  const fromMemory = g();
  assert.instance(fromMemory, Promise);
  assert.is(await fromMemory, 'later');
  assert.is(runs, 1);
});

test('configure({ memory }) rejects what is not a size', () => {
  for (const bad of [-1, NaN, Infinity, '8M', true]) {
    assert.throws(() => configure({ memory: bad as never }), (e: Error & { code?: string }) => e.code === 'CTD_BAD_OPTIONS' && /configure\(\{ memory \}\)/.test(e.message));
  }
});

// A directory in place of the entry makes the read fail for any user, root included.
test('an entry file that can no longer be read does not matter while its copy is held, and is a miss after', async () => {
  const warnings = captureWarnings();
  const s = uniqueSite();
  const { f, runs } = counted(s);
  f(1);
  f(1);
  const path = pathOf(s, [1]);
  rmSync(path);
  mkdirSync(path);
  assert.equal(f(1), { n: 1, list: [1] });
  assert.is(runs(), 1);
  await sleep(TRUST_MS + 50);
  assert.equal(f(1), { n: 1, list: [1] });
  assert.is(runs(), 2, 'the disk was asked again, and the entry could not be read');
  warnings.stop();
});

// The CLI runs in its own process: another process's clear reaches a running process within
// TRUST_MS, as a prune or a hand-deleted file does.
test('a clear by another process takes effect within the window; CACHE_TO_DISK_MEMORY sets the budget', async () => {
  const project = childProject('memory-child');
  const dir = join(project, 'cache');
  writeFileSync(
    join(project, 'child.js'),
    `const { execFileSync } = require('node:child_process');
const { cacheToDisk } = require('cache-to-disk');
let runs = 0;
const f = cacheToDisk(0, { id: 'child#f' })((n) => (runs++, { n }));
f(1); f(1);
execFileSync(process.execPath, [${JSON.stringify(BIN)}, 'clear', '--dir', ${JSON.stringify(dir)}]);
const sameInstant = (f(1), runs);
setTimeout(() => { f(1); console.log(JSON.stringify({ sameInstant, after: runs })); }, ${TRUST_MS + 50});
`,
  );
  try {
    const held = await runChild(project, 'child.js', { CACHE_TO_DISK_DIR: dir });
    rmSync(dir, { recursive: true });
    assert.is(held.code, 0, held.stderr);
    assert.equal(JSON.parse(held.stdout), { sameInstant: 1, after: 2 });
    const off = await runChild(project, 'child.js', { CACHE_TO_DISK_DIR: dir, CACHE_TO_DISK_MEMORY: 'off' });
    assert.equal(JSON.parse(off.stdout), { sameInstant: 2, after: 2 });
    rmSync(dir, { recursive: true });
    const bad = await runChild(project, 'child.js', { CACHE_TO_DISK_DIR: dir, CACHE_TO_DISK_MEMORY: 'lots' });
    assert.equal(JSON.parse(bad.stdout), { sameInstant: 1, after: 2 });
    assert.match(bad.stderr, /CACHE_TO_DISK_MEMORY="lots" is not a size; holding up to 8 MiB/);
    assert.is(readdirSync(dir).includes('v1'), true);
  } finally {
    removeDir(project);
  }
});

test.run();
