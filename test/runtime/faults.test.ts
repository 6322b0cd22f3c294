// Tests run as root in CI, and root ignores permission bits, so an unwritable cache directory is
// simulated in a way that holds for root too: a regular file where a parent folder of the cache
// path should be (ENOTDIR on every read and write). Where the suite runs as another user,
// a chmod 0500 directory is exercised as well.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../../runtime/compiled';
import { configure } from '../../runtime/config';
import { FAULT_BACKOFF_MS } from '../../runtime/faults';
import { captureWarnings, removeDir, sleep, tempDir, tick, uniqueSite } from './support';

let dir = '';
test.before.each(() => {
  dir = tempDir('faults');
});
test.after.each(() => {
  configure({ dir: undefined, enabled: undefined });
  chmodSync(dir, 0o700);
  removeDir(dir);
});

test('an unusable cache path: correct values, one warning, caching resumes when the fault clears', async () => {
  const blocker = join(dir, 'blocker');
  writeFileSync(blocker, 'a file, not a folder');
  const cacheDir = join(blocker, 'cache');
  configure({ dir: cacheDir });
  const warnings = captureWarnings();
  const a = uniqueSite();
  const b = uniqueSite();
  let runs = 0;
  const f = (n: number): unknown => call(a, undefined, [n], (x: number) => (runs++, x * 2));
  assert.is(f(1), 2);
  assert.is(f(1), 2);
  assert.is(call(b, undefined, [], () => 'b'), 'b');
  assert.is(runs, 2);
  assert.equal(a.stats, { hits: 0, misses: 2, nocache: 2 });
  await tick();
  const faults = warnings.list.filter((w) => w.message.includes(cacheDir));
  assert.is(faults.length, 1, 'one warning per directory and cause');
  assert.is(faults[0]!.code, 'CTD_DIR_ENOTDIR');
  assert.match(faults[0]!.message, /caching is off for .*ENOTDIR.*Fix: remove or rename the file that is in the way/);

  rmSync(blocker);
  await sleep(FAULT_BACKOFF_MS + 100);
  assert.is(f(1), 2);
  assert.is(f(1), 2);
  assert.is(runs, 3, 'one more miss stores, then a hit');
  assert.equal(a.stats, { hits: 1, misses: 3, nocache: 2 });
  warnings.stop();
});

test('a read-only directory (chmod 0500, when not running as root)', async () => {
  if (process.getuid?.() === 0) return;
  const cacheDir = join(dir, 'ro');
  mkdirSync(cacheDir, { mode: 0o500 });
  configure({ dir: cacheDir });
  const warnings = captureWarnings();
  const s = uniqueSite();
  assert.is(call(s, undefined, [], () => 7), 7);
  await tick();
  warnings.stop();
  assert.ok(warnings.list.some((w) => w.code === 'CTD_DIR_EACCES'));
});

test.run();
