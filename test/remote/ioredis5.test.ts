// The shared tier with the older supported client, ioredis 5 (the peer range is ^5.4 || ^6),
// installed from the npm registry beside a copy of the package, against a real redis-server.
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis } from '../helpers/redis-server';
import { toolchain } from '../helpers/toolchain';
import { REPO_ROOT, removeDir, runChild, tempDir } from '../runtime/support';

const SCRIPT = `
const { cacheToDisk } = require('cache-to-disk');
const square = cacheToDisk(1)(function square(n) { return { n, square: n * n }; });
const cube = cacheToDisk(1)(async function cube(n) { return { n, cube: n ** 3 }; });
cube(3).then((c) => console.log(JSON.stringify({
  client: require('ioredis/package.json').version,
  values: [square(4), c],
  info: [square.cacheInfo(), cube.cacheInfo()],
})));
`;

test('ioredis 5: a result computed on one machine is a hit on another, with signed entries', async () => {
  const tools = toolchain(['ioredis@5.11.1']);
  const project = tempDir('ioredis5');
  const server = await startRedis();
  try {
    const installed = join(project, 'node_modules', 'cache-to-disk');
    mkdirSync(installed, { recursive: true });
    cpSync(join(REPO_ROOT, 'package.json'), join(installed, 'package.json'));
    for (const part of ['core', 'runtime']) cpSync(join(REPO_ROOT, 'dist', part), join(installed, 'dist', part), { recursive: true });
    symlinkSync(join(tools, 'node_modules', 'ioredis'), join(project, 'node_modules', 'ioredis'), 'dir');
    writeFileSync(join(project, 'package.json'), '{ "name": "five", "private": true }\n');
    writeFileSync(join(project, 'main.js'), SCRIPT);
    const env = { CACHE_TO_DISK_REMOTE: server.url, CACHE_TO_DISK_SECRET: 'five', CACHE_TO_DISK_REMOTE_TIMEOUT: '2000' };
    const a = await runChild(project, 'main.js', { ...env, CACHE_TO_DISK_DIR: join(project, 'cache-a') });
    assert.is(a.code, 0, a.stderr);
    const b = await runChild(project, 'main.js', { ...env, CACHE_TO_DISK_DIR: join(project, 'cache-b') });
    assert.is(b.code, 0, b.stderr);
    const first = JSON.parse(a.stdout);
    const second = JSON.parse(b.stdout);
    assert.match(second.client, /^5\./);
    assert.equal(second.values, [{ n: 4, square: 16 }, { n: 3, cube: 27 }]);
    assert.equal(first.info.map((info: { misses: number }) => info.misses), [1, 1]);
    assert.equal(second.info, [
      { hits: 1, misses: 0, nocache: 0, remoteHits: 1, remoteRejected: 0 },
      { hits: 1, misses: 0, nocache: 0, remoteHits: 1, remoteRejected: 0 },
    ]);
  } finally {
    await server.stop();
    removeDir(project);
  }
});

test.run();
