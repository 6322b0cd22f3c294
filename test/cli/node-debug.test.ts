// NODE_DEBUG=cache-to-disk, as users see it: a child process calling the runtime the way compiled
// code does (site/call), and the CLI's own prune. One line per hit, miss, nocache, store, prune
// and warning, each with the function id, the short key where there is one, and a timing where
// the event took time.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, DAY, putEntry, removeDir, REPO_ROOT, tempDir } from './support';

const PREFIX = /^CACHE-TO-DISK \d+: /;
const ID = 'src/api.ts#Client.load';

const CHILD = `const _ctd = require('cache-to-disk/runtime');
const { deleteOldDiskCaches, NoCacheCondition } = require('cache-to-disk');
var _ctd_load = _ctd.site({ id: ${JSON.stringify(ID)}, fingerprint: 'a'.repeat(32), maxAge: 86400000, async: true });
var _ctd_make = _ctd.site({ id: 'src/api.ts#makeHandler', fingerprint: 'b'.repeat(32), maxAge: 0 });
var _ctd_partial = _ctd.site({ id: 'src/api.ts#partial', fingerprint: 'c'.repeat(32), maxAge: 0, async: true });
async function load(_a) { return _ctd.call(_ctd_load, this, arguments, async (n) => n * 2); }
function makeHandler() { return _ctd.call(_ctd_make, this, arguments, () => () => 1); }
async function partial() { return _ctd.call(_ctd_partial, this, arguments, async () => { throw new NoCacheCondition(0); }); }
(async () => {
  await load(1);
  await load(1);
  makeHandler();
  await partial();
  console.log('removed', deleteOldDiskCaches());
  setTimeout(() => {}, 500);
})();
`;

function debugLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => PREFIX.test(line))
    .map((line) => line.replace(PREFIX, ''));
}

test('a compiled-style async function logs miss, store, hit, warning, nocache and prune lines', async () => {
  const project = tempDir('debug');
  try {
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(REPO_ROOT, join(project, 'node_modules', 'cache-to-disk'), 'dir');
    writeFileSync(join(project, 'package.json'), '{ "private": true }');
    writeFileSync(join(project, 'child.js'), CHILD);
    const cacheDir = join(project, 'cache');
    // One expired entry, so the explicit prune has something to report.
    putEntry(cacheDir, { id: 'src/old.ts#gone', key: 'gone', created: Date.now() - 2 * DAY, expires: Date.now() - DAY });
    const env: NodeJS.ProcessEnv = { ...process.env, CACHE_TO_DISK_DIR: cacheDir, NODE_DEBUG: 'cache-to-disk' };
    delete env.CACHE_TO_DISK;
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
      execFile(process.execPath, ['child.js'], { cwd: project, env }, (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      ),
    );
    assert.is(result.code, 0, result.stderr);
    assert.is(result.stdout, 'removed 1\n');
    const lines = debugLines(result.stderr);
    const key = '[0-9a-f]{12}';
    const ms = '\\d+\\.\\d+ms';
    const expected = [
      `miss ${ID} ${key} absent ${ms}`,
      `store ${ID} ${key} \\d+ bytes ${ms}`,
      `hit ${ID} ${key} ${ms}`,
      `miss src/api\\.ts#makeHandler ${key} absent ${ms}`,
      'warning src/api\\.ts#makeHandler CTD_UNSTORABLE_RESULT',
      `nocache src/api\\.ts#makeHandler ${key} .+`,
      `miss src/api\\.ts#partial ${key} absent ${ms}`,
      `nocache src/api\\.ts#partial ${key} NoCacheCondition ${ms}`,
      `prune ${cacheDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/v1 removed 1 in ${ms}`,
    ];
    for (const pattern of expected) {
      assert.ok(lines.some((line) => new RegExp(`^${pattern}$`).test(line)), `no line matches /${pattern}/ in:\n${lines.join('\n')}`);
    }
    // The background prune on first use reports too (it found nothing left to remove).
    assert.ok(lines.some((line) => /^prune .* removed 0 in \d+\.\dms$/.test(line)), lines.join('\n'));
    const keys = lines.filter((line) => line.startsWith(`miss ${ID}`) || line.startsWith(`hit ${ID}`)).map((line) => line.split(' ')[2]);
    assert.is(new Set(keys).size, 1, 'the miss and the hit name the same short key');
  } finally {
    removeDir(project);
  }
});

test('the CLI prune logs its prune line under NODE_DEBUG, and nothing without it', async () => {
  const dir = tempDir('debug-cli');
  try {
    putEntry(dir, { id: 'src/a.ts#f', key: 'x', expires: Date.now() - 1000 });
    const [debug, quiet] = await Promise.all([
      cli(['prune', '--dir', dir, '--json'], { env: { NODE_DEBUG: 'cache-to-disk' } }),
      cli(['stats', '--dir', dir, '--json']),
    ]);
    assert.is(debug.code, 0, debug.stderr);
    assert.equal(debugLines(debug.stderr).map((line) => line.replace(/\d+\.\dms$/, 'Tms')), [`prune ${dir}/v1 removed 1 in Tms`]);
    assert.is(quiet.stderr, '');
  } finally {
    removeDir(dir);
  }
});

test.run();
