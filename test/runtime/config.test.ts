import { chmodSync, chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../../runtime/compiled';
import { configure, currentCacheDir } from '../../runtime/config';
import { captureWarnings, removeDir, sleep, tempDir, tick, uniqueSite } from './support';

let dir = '';
test.before.each(() => {
  dir = tempDir('config');
});
test.after.each(() => {
  configure({ dir: undefined, enabled: undefined });
  removeDir(dir);
});

test('configure validates its options', () => {
  assert.throws(() => configure(null as never), TypeError);
  assert.throws(() => configure({ dir: '' }), /expects a directory path/);
  assert.throws(() => configure({ dir: 'a\0b' }), TypeError);
  assert.throws(() => configure({ enabled: 'no' as never }), /expects true or false/);
});

test('configure({ dir }) moves the cache; undefined restores the default', () => {
  configure({ dir });
  assert.is(currentCacheDir(), dir);
  call(uniqueSite(), undefined, [1], () => 1);
  assert.ok(existsSync(join(dir, 'v1')));
  configure({ dir: undefined });
  assert.is.not(currentCacheDir(), dir);
});

test('a group-writable cache directory is refused with one warning, and used once fixed', async () => {
  chmodSync(dir, 0o775);
  configure({ dir });
  const warnings = captureWarnings();
  const s = uniqueSite();
  let runs = 0;
  const f = (): unknown => call(s, undefined, [], () => ++runs);
  assert.is(f(), 1);
  assert.is(f(), 2);
  assert.equal(s.stats, { hits: 0, misses: 2, nocache: 2 });
  assert.equal(readdirSync(dir), [], 'nothing written into a refused directory');
  await tick();
  const refusals = warnings.list.filter((w) => w.code === 'CTD_DIR_PERMISSIVE' && w.message.includes(dir));
  assert.is(refusals.length, 1);
  assert.match(refusals[0]!.message, /refusing the cache directory .*writable by group.*Fix: chmod go-w/);
  chmodSync(dir, 0o700);
  await sleep(1100);
  f();
  assert.is(f(), 3, 'caching resumed');
  warnings.stop();
});

test('a cache directory owned by another user is refused (chown needs root)', async () => {
  if (process.getuid?.() !== 0) return;
  chownSync(dir, 65534, 65534);
  configure({ dir });
  const warnings = captureWarnings();
  const s = uniqueSite();
  call(s, undefined, [], () => 1);
  assert.equal(s.stats, { hits: 0, misses: 1, nocache: 1 });
  await tick();
  warnings.stop();
  const warning = warnings.list.find((w) => w.code === 'CTD_DIR_FOREIGN_OWNER');
  assert.ok(warning);
  assert.match(warning!.message, new RegExp(`${s.id.replace(/[.#]/g, '\\$&')} and every other cached function run uncached`));
});

test.run();
