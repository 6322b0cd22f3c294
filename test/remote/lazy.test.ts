// A process that configures no shared tier loads none of it (SPEC §10), and a bad environment
// value never breaks a call.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childProject, REPO_ROOT, removeDir, runChild, tempDir } from '../runtime/support';

const SCRIPT = `
const { cacheToDisk } = require('cache-to-disk');
const twice = cacheToDisk(1)(function twice(n) { return n * 2; });
const values = [twice(2), twice(2), twice(3)];
const loaded = Object.keys(require.cache).filter((path) => /[\\\\/](ioredis|remote[\\\\/](tier|channel|client|worker|open|options))/.test(path));
console.log(JSON.stringify({ values, loaded, info: twice.cacheInfo() }));
`;

let project = '';
let cacheDir = '';
test.before.each(() => {
  project = childProject('lazy');
  cacheDir = tempDir('lazy-cache');
  writeFileSync(join(project, 'main.js'), SCRIPT);
});
test.after.each(() => {
  removeDir(project);
  removeDir(cacheDir);
});

test('without a remote, neither the client nor the tier is loaded, and cacheInfo is as before', async () => {
  const run = await runChild(project, 'main.js', { CACHE_TO_DISK_DIR: cacheDir });
  assert.is(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout), { values: [4, 4, 6], loaded: [], info: { hits: 1, misses: 2, nocache: 0 } });
});

test('an unusable CACHE_TO_DISK_REMOTE warns once and leaves the local disk working', async () => {
  const run = await runChild(project, 'main.js', { CACHE_TO_DISK_DIR: cacheDir, CACHE_TO_DISK_REMOTE: 'localhost:6379' });
  assert.is(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.values, [4, 4, 6]);
  assert.equal(out.info, { hits: 1, misses: 2, nocache: 0, remoteHits: 0, remoteRejected: 0 });
  assert.is(run.stderr.split('CTD_REMOTE_CONFIG').length - 1, 1, run.stderr);
  assert.match(run.stderr, /CACHE_TO_DISK_REMOTE expects a Redis URL such as redis:\/\/localhost:6379/);
});

test('a remote that refuses connections costs nothing but a warning', async () => {
  const run = await runChild(project, 'main.js', { CACHE_TO_DISK_DIR: cacheDir, CACHE_TO_DISK_REMOTE: 'redis://127.0.0.1:1' });
  assert.is(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).values, [4, 4, 6]);
  assert.is(run.stderr.split('CTD_REMOTE_DOWN').length - 1, 1, run.stderr);
});

test('a project without ioredis gets one warning saying how to install it, and the local disk', async () => {
  // A copy of the package, not a link to this repository, so that ioredis cannot be found.
  const bare = tempDir('no-ioredis');
  try {
    const installed = join(bare, 'node_modules', 'cache-to-disk');
    mkdirSync(installed, { recursive: true });
    cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'));
    for (const part of ['core', 'runtime']) cpSync(join(REPO_ROOT, 'dist', part), join(installed, 'dist', part), { recursive: true });
    writeFileSync(join(bare, 'main.js'), SCRIPT);
    const run = await runChild(bare, 'main.js', { CACHE_TO_DISK_DIR: cacheDir, CACHE_TO_DISK_REMOTE: 'redis://127.0.0.1:1' });
    assert.is(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).values, [4, 4, 6]);
    assert.is(run.stderr.split('CTD_REMOTE_CLIENT').length - 1, 1, run.stderr);
    assert.match(run.stderr, /needs the optional peer dependency ioredis \(npm install ioredis\)/);
  } finally {
    removeDir(bare);
  }
});

test.run();
