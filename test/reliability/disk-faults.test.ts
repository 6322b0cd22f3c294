// The cache directory misbehaving under a running program: deleted, replaced by a file (at every
// level of the tree), size-limited (ulimit -f), unreadable. Simulated with techniques that hold
// as root (CI runs as root, and root ignores permission bits); chmod-based checks run otherwise.
// The caller always gets the right value, one warning explains, caching resumes when it clears.
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../../runtime/compiled';
import { configure } from '../../runtime/config';
import { FAULT_BACKOFF_MS } from '../../runtime/faults';
import { functionDir, shardDir, versionRoot } from '../../runtime/store/layout';
import { readEntrySync } from '../../runtime/store/read';
import { captureWarnings, removeDir, sleep, tempDir, tick, uniqueSite } from '../runtime/support';
import { entryFor, keyFor, lastJson, runNode, tempFiles } from './support';

let outer = '';
let cache = '';
test.before.each(() => {
  outer = tempDir('rel-disk');
  cache = join(outer, 'cache');
  configure({ dir: cache });
});
test.after.each(() => {
  configure({ dir: undefined });
  chmodSync(outer, 0o700);
  removeDir(outer);
});

/** A sync cached function over a fresh site, counting its runs. */
function counted(): { f: (n: number) => unknown; runs: () => number; site: ReturnType<typeof uniqueSite> } {
  const site = uniqueSite();
  let runs = 0;
  return { f: (n) => call(site, undefined, [n], (x: number) => (runs++, { n: x, list: [x] })), runs: () => runs, site };
}

test('the cache directory deleted while the program runs: right values, no warning, rebuilt 0700', async () => {
  const { f, runs } = counted();
  const warnings = captureWarnings();
  assert.equal(f(1), { n: 1, list: [1] });
  rmSync(cache, { recursive: true });
  assert.equal(f(1), { n: 1, list: [1] });
  assert.equal(f(1), { n: 1, list: [1] });
  assert.is(runs(), 2, 'the miss after the deletion stored again');
  assert.is(statSync(cache).mode & 0o777, 0o700);
  await tick();
  warnings.stop();
  assert.equal(warnings.list, []);
});

test('the cache directory replaced by a file: right values, one warning, caching resumes once it is gone', async () => {
  const { f, runs } = counted();
  const warnings = captureWarnings();
  f(1);
  rmSync(cache, { recursive: true });
  writeFileSync(cache, 'a file where the cache directory was');
  for (let i = 0; i < 20; i++) assert.equal(f(i % 4), { n: i % 4, list: [i % 4] });
  await tick();
  const mine = warnings.list.filter((w) => w.message.includes(cache));
  assert.is(mine.length, 1, 'one warning');
  assert.is(mine[0]!.code, 'CTD_DIR_ENOTDIR');
  rmSync(cache);
  await sleep(FAULT_BACKOFF_MS + 50);
  const before = runs();
  f(7);
  f(7);
  assert.is(runs(), before + 1, 'stored again, then a hit');
  warnings.stop();
});

for (const level of ['version root', 'function folder', 'shard'] as const) {
  test(`a file in place of the ${level}: right values and a warning, never an exception`, async () => {
    const { f, site } = counted();
    const root = versionRoot(cache);
    const blocked = level === 'version root' ? root : level === 'function folder' ? site.functionDir(root) : shardDir(site.functionDir(root), keyFor(site, [1]));
    mkdirSync(join(blocked, '..'), { recursive: true });
    writeFileSync(blocked, 'in the way');
    const warnings = captureWarnings();
    for (let i = 0; i < 5; i++) assert.equal(f(1), { n: 1, list: [1] });
    await tick();
    warnings.stop();
    assert.ok(warnings.list.some((w) => w.message.includes('is a file, not a directory') || w.message.includes('not a directory')), JSON.stringify(warnings.list));
    assert.is(functionDir(root, site.id), site.functionDir(root));
  });
}

test('a size-limited disk (ulimit -f): the process survives SIGXFSZ, values stay right, small results still cache, one warning', async () => {
  const limited = await runNode('size-limit.js', ['4', '0'], { CACHE_TO_DISK_DIR: cache }, 'ulimit -f 100');
  assert.is(limited.signal, null, limited.stderr);
  assert.is(limited.code, 0, limited.stderr);
  const out = lastJson<{ wrong: number; errors: number; warnings: string[]; small: { hits: number }; large: { hits: number } }>(limited);
  assert.is(out.wrong, 0);
  assert.is(out.errors, 0);
  assert.equal(out.warnings, ['CTD_DIR_EFBIG'], 'one warning');
  assert.is(out.small.hits, 12, 'an oversized result does not stop smaller ones from being cached');
  assert.is(out.large.hits, 0);
  assert.equal(tempFiles(cache), [], 'failed writes leave no temporary file');
  const free = await runNode('size-limit.js', ['2', '0'], { CACHE_TO_DISK_DIR: cache });
  assert.is(free.code, 0, free.stderr);
  const after = lastJson<{ wrong: number; warnings: string[]; small: { hits: number }; large: { hits: number; misses: number } }>(free);
  assert.is(after.wrong, 0);
  assert.equal(after.warnings, []);
  assert.is(after.small.hits, 8, 'the small entries written under the limit are whole');
  assert.equal(after.large, { hits: 4, misses: 4, nocache: 0 }, 'without the limit large results are cached');
});

test('an unreadable entry or directory (chmod, when not running as root): right values, one warning', async () => {
  if (process.getuid?.() === 0) return;
  const { f, site } = counted();
  f(1);
  const { path, key } = entryFor(cache, site, [1]);
  chmodSync(path, 0);
  const warnings = captureWarnings();
  assert.equal(f(1), { n: 1, list: [1] });
  chmodSync(path, 0o600);
  assert.ok(readEntrySync(path, key, 0, Date.now()).hit || !existsSync(path));
  chmodSync(cache, 0o500);
  assert.equal(f(2), { n: 2, list: [2] });
  assert.equal(f(2), { n: 2, list: [2] });
  chmodSync(cache, 0o700);
  await tick();
  warnings.stop();
  assert.ok(warnings.list.some((w) => w.code === 'CTD_DIR_EACCES'));
});

test.run();
