import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childProject, removeDir, runChild, tempDir } from './support';

test('NODE_DEBUG=cache-to-disk prints one line per miss, store, hit, nocache and warning', async () => {
  const project = childProject('debug');
  const cacheDir = tempDir('debug-cache');
  try {
    writeFileSync(
      join(project, 'debug.js'),
      `const { cacheToDisk, NoCacheCondition } = require('cache-to-disk');
const f = cacheToDisk(1)(function traced(n) { return n + 1; });
f(1); f(1); f(() => 0);
const g = cacheToDisk(1)(function partial() { throw new NoCacheCondition(0); });
g();
setTimeout(() => {}, 400);
`,
    );
    const result = await runChild(project, 'debug.js', { CACHE_TO_DISK_DIR: cacheDir, NODE_DEBUG: 'cache-to-disk' });
    assert.is(result.code, 0, result.stderr);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('CACHE-TO-DISK'));
    const expect = [
      /^CACHE-TO-DISK \d+: miss traced [0-9a-f]{12} absent \d+\.\d{3}ms$/,
      /^CACHE-TO-DISK \d+: store traced [0-9a-f]{12} \d+ bytes \d+\.\d{3}ms$/,
      /^CACHE-TO-DISK \d+: hit traced [0-9a-f]{12} \d+\.\d{3}ms$/,
      /^CACHE-TO-DISK \d+: warning traced CTD_UNKEYABLE_ARGUMENT$/,
      /^CACHE-TO-DISK \d+: nocache traced args\[0\] cannot be encoded$/,
      /^CACHE-TO-DISK \d+: miss partial [0-9a-f]{12} absent \d+\.\d{3}ms$/,
      /^CACHE-TO-DISK \d+: nocache partial [0-9a-f]{12} NoCacheCondition \d+\.\d{3}ms$/,
      /^CACHE-TO-DISK \d+: prune .* removed 0 in \d+\.\dms$/,
    ];
    assert.is(lines.length, expect.length, lines.join('\n'));
    expect.forEach((pattern, i) => assert.match(lines[i]!, pattern));
  } finally {
    removeDir(project);
    removeDir(cacheDir);
  }
});

test('without NODE_DEBUG nothing is printed', async () => {
  const project = childProject('nodebug');
  const cacheDir = tempDir('nodebug-cache');
  try {
    writeFileSync(join(project, 'quiet.js'), `const { cacheToDisk } = require('cache-to-disk'); const f = cacheToDisk(1)(function quiet(n) { return n; }); f(1); f(1);`);
    const result = await runChild(project, 'quiet.js', { CACHE_TO_DISK_DIR: cacheDir });
    assert.is(result.code, 0);
    assert.is(result.stderr, '');
  } finally {
    removeDir(project);
    removeDir(cacheDir);
  }
});

test.run();
