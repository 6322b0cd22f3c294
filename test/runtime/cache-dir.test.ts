import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCacheDir, defaultCacheDir } from '../../runtime/cache-dir';
import { removeDir, tempDir } from './support';

let dir = '';
test.before.each(() => {
  dir = tempDir('dir');
});
test.after.each(() => removeDir(dir));

const isRoot = process.getuid?.() === 0;

test('CACHE_TO_DISK_DIR wins, resolved against the working directory', () => {
  assert.is(defaultCacheDir({ CACHE_TO_DISK_DIR: '/x/y' }, dir), '/x/y');
  assert.is(defaultCacheDir({ CACHE_TO_DISK_DIR: 'rel' }, dir), join(dir, 'rel'));
});

test('else node_modules/.cache/cache-to-disk under the nearest package.json above cwd', () => {
  writeFileSync(join(dir, 'package.json'), '{}');
  const nested = join(dir, 'packages', 'a', 'src');
  mkdirSync(nested, { recursive: true });
  assert.is(defaultCacheDir({}, nested), join(dir, 'node_modules', '.cache', 'cache-to-disk'));
  writeFileSync(join(dir, 'packages', 'a', 'package.json'), '{}');
  assert.is(defaultCacheDir({}, nested), join(dir, 'packages', 'a', 'node_modules', '.cache', 'cache-to-disk'));
});

test('else $XDG_CACHE_HOME or ~/.cache', () => {
  let above = false;
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) above = true;
    if (dirname(d) === d) break;
  }
  if (above) return;
  assert.is(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, dir), '/xdg/cache-to-disk');
  assert.is(defaultCacheDir({}, dir), join(homedir(), '.cache', 'cache-to-disk'));
});

test('own private directory: ok; absent: missing', () => {
  chmodSync(dir, 0o700);
  assert.equal(checkCacheDir(dir), { kind: 'ok' });
  assert.equal(checkCacheDir(join(dir, 'nope')), { kind: 'missing' });
});

test('group- or world-writable without sticky bit: refused; with sticky bit: ok', () => {
  chmodSync(dir, 0o770);
  const verdict = checkCacheDir(dir);
  assert.is(verdict.kind, 'refused');
  assert.is((verdict as { code: string }).code, 'CTD_DIR_PERMISSIVE');
  assert.match((verdict as { reason: string }).reason, /writable by group \(mode 770\)/);
  chmodSync(dir, 0o777);
  assert.is(checkCacheDir(dir).kind, 'refused');
  chmodSync(dir, 0o1777);
  assert.is(checkCacheDir(dir).kind, 'ok');
});

test('owned by another user: refused (needs root to chown)', () => {
  if (!isRoot) return;
  chownSync(dir, 65534, 65534);
  const verdict = checkCacheDir(dir);
  assert.is(verdict.kind, 'refused');
  assert.is((verdict as { code: string }).code, 'CTD_DIR_FOREIGN_OWNER');
  assert.match((verdict as { reason: string }).reason, /owned by uid 65534/);
});

test.run();
