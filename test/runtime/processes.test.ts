// The runtime as installed: child Node processes load the package by its public names
// ('cache-to-disk', 'cache-to-disk/runtime') from a project whose node_modules links here.
import { existsSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { childProject, removeDir, REPO_ROOT, runChild, tempDir } from './support';
import { keyOf, put } from './store/fixture';

let project = '';
let cacheDir = '';
test.before.each(() => {
  project = childProject('proc');
  cacheDir = tempDir('proc-cache');
});
test.after.each(() => {
  removeDir(project);
  removeDir(cacheDir);
});

const WRAPPED = `
const { cacheToDisk } = require('cache-to-disk');
const compute = cacheToDisk(1)(function compute(n) { return { n, pid: process.pid, buf: Buffer.from('b') }; });
const r = compute(21);
console.log(JSON.stringify({ n: r.n, pid: r.pid, isBuffer: Buffer.isBuffer(r.buf), info: compute.cacheInfo(), self: process.pid }));
`;

const COMPILED = `
const _ctd = require('cache-to-disk/runtime');
var _ctd_f = _ctd.site({ id: 'src/a.ts#twice', fingerprint: '0123456789abcdef0123456789abcdef', maxAge: 86400000, async: true });
async function twice(_a) { return _ctd.call(_ctd_f, this, arguments, async (a) => ({ a: a * 2, pid: process.pid })); }
_ctd.link(twice, _ctd_f);
twice(4).then((r) => console.log(JSON.stringify({ r, info: twice.cacheInfo(), self: process.pid })));
`;

function json(stdout: string): any {
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

test('entries survive into a new process (wrapper and compiled API)', async () => {
  writeFileSync(join(project, 'wrapped.js'), WRAPPED);
  writeFileSync(join(project, 'compiled.js'), COMPILED);
  for (const file of ['wrapped.js', 'compiled.js']) {
    const first = await runChild(project, file, { CACHE_TO_DISK_DIR: cacheDir });
    assert.is(first.code, 0, first.stderr);
    const second = await runChild(project, file, { CACHE_TO_DISK_DIR: cacheDir });
    assert.is(second.code, 0, second.stderr);
    const a = json(first.stdout);
    const b = json(second.stdout);
    assert.equal(a.info, { hits: 0, misses: 1, nocache: 0 }, file);
    assert.equal(b.info, { hits: 1, misses: 0, nocache: 0 }, file);
    assert.is.not(a.self, b.self);
    assert.is((b.r ?? b).pid, a.self, 'the second process got the first one\'s value');
    if (file === 'wrapped.js') assert.ok(b.isBuffer, 'a Buffer inside the result is a Buffer again');
  }
});

test('without CACHE_TO_DISK_DIR the cache lives in node_modules/.cache/cache-to-disk of the project', async () => {
  writeFileSync(join(project, 'wrapped.js'), WRAPPED);
  const result = await runChild(project, 'wrapped.js', { CACHE_TO_DISK_DIR: '', XDG_CACHE_HOME: join(cacheDir, 'xdg') });
  assert.is(result.code, 0, result.stderr);
  assert.ok(existsSync(join(project, 'node_modules', '.cache', 'cache-to-disk', 'v1')));
});

test('CACHE_TO_DISK=off runs everything uncached and writes nothing', async () => {
  writeFileSync(join(project, 'off.js'), `${WRAPPED}\ncompute(21);\nconsole.log(JSON.stringify(compute.cacheInfo()));\n`);
  const result = await runChild(project, 'off.js', { CACHE_TO_DISK_DIR: cacheDir, CACHE_TO_DISK: 'off' });
  assert.is(result.code, 0, result.stderr);
  assert.equal(json(result.stdout), { hits: 0, misses: 2, nocache: 2 });
  assert.equal(readdirSync(cacheDir), []);
});

test('named ESM imports of the CommonJS build work', async () => {
  writeFileSync(
    join(project, 'esm.mjs'),
    `import { cacheToDisk, NoCacheCondition, cacheInfo, deleteDiskCachesForFunction, deleteOldDiskCaches, deleteOldDiskCachesAsync, clearDiskCache, configure, CacheToDiskUsageError } from 'cache-to-disk';
import { site, call, link } from 'cache-to-disk/runtime';
import * as _ctd from 'cache-to-disk/runtime';
import cjs from 'cache-to-disk';
const names = { cacheToDisk, NoCacheCondition, cacheInfo, deleteDiskCachesForFunction, deleteOldDiskCaches, deleteOldDiskCachesAsync, clearDiskCache, configure, CacheToDiskUsageError, site, call, link };
const f = cacheToDisk(1)(function esmSquare(n) { return n * n; });
f(3);
console.log(JSON.stringify({
  types: Object.fromEntries(Object.entries(names).map(([k, v]) => [k, typeof v])),
  star: [typeof _ctd.site, typeof _ctd.call, typeof _ctd.link],
  value: f(3),
  info: cacheInfo(f),
  same: cjs.cacheToDisk === cacheToDisk,
}));
`,
  );
  const result = await runChild(project, 'esm.mjs', { CACHE_TO_DISK_DIR: cacheDir });
  assert.is(result.code, 0, result.stderr);
  const out = json(result.stdout);
  for (const [name, type] of Object.entries(out.types)) assert.is(type, 'function', name);
  assert.equal(out.star, ['function', 'function', 'function']);
  assert.is(out.value, 9);
  assert.equal(out.info, { hits: 1, misses: 1, nocache: 0 });
  assert.ok(out.same);
});

// What B8 times: the runtime's share of a process that only hits. It is one file of ours, and the
// built-in modules a hit does not need (node:crypto for short keys, node:zlib for small entries)
// stay unloaded.
test('a process whose call hits loads one file of the package, and not node:crypto or node:zlib', async () => {
  writeFileSync(
    join(project, 'hit.js'),
    `const before = new Set(Object.keys(require.cache));
const _ctd = require('cache-to-disk/runtime');
var _ctd_f = _ctd.site({ id: 'src/a.ts#square', fingerprint: '0123456789abcdef0123456789abcdef', maxAge: 86400000 });
function square(_a) { return _ctd.call(_ctd_f, this, arguments, (n) => ({ n: n * n })); }
const value = square(12);
console.log(JSON.stringify({
  value,
  info: _ctd_f.stats,
  files: Object.keys(require.cache).filter((file) => !before.has(file)),
  builtins: process.moduleLoadList.filter((name) => /^NativeModule (crypto|zlib)$/.test(name)),
}));
`,
  );
  const miss = await runChild(project, 'hit.js', { CACHE_TO_DISK_DIR: cacheDir });
  assert.is(miss.code, 0, miss.stderr);
  const hit = await runChild(project, 'hit.js', { CACHE_TO_DISK_DIR: cacheDir });
  assert.is(hit.code, 0, hit.stderr);
  const out = json(hit.stdout);
  assert.equal(out.value, { n: 144 });
  assert.equal(out.info, { hits: 1, misses: 0, nocache: 0 });
  assert.equal(out.files, [join(realpathSync(REPO_ROOT), 'dist', 'runtime', 'bundle.js')]);
  assert.equal(out.builtins, []);
});

test('concurrent processes on the same keys never read a partial entry', async () => {
  writeFileSync(
    join(project, 'race.js'),
    `const { cacheToDisk } = require('cache-to-disk');
const big = cacheToDisk(1)(function big(n) { return { n, data: 'x'.repeat(200000 + n) }; });
let bad = 0;
for (let round = 0; round < 3; round++) for (let n = 0; n < 20; n++) { const r = big(n); if (r.n !== n || r.data.length !== 200000 + n) bad++; }
console.log(JSON.stringify({ bad, info: big.cacheInfo() }));
`,
  );
  const results = await Promise.all([1, 2, 3].map(() => runChild(project, 'race.js', { CACHE_TO_DISK_DIR: cacheDir })));
  for (const result of results) {
    assert.is(result.code, 0, result.stderr);
    const out = json(result.stdout);
    assert.is(out.bad, 0);
    assert.is(out.info.hits + out.info.misses, 60);
    assert.is(out.info.nocache, 0);
  }
});

test('the background prune never delays the caller nor keeps the process alive', async () => {
  const expired: string[] = [];
  for (let i = 0; i < 300; i++) expired.push(put(cacheDir, keyOf(`old${i}`), i, { expires: Date.now() - 1000 }));
  writeFileSync(
    join(project, 'prune.js'),
    `const { existsSync } = require('node:fs');
${WRAPPED}
const untouched = ${JSON.stringify(expired)}.every((path) => existsSync(path));
// Unref'd timers are not listed, and stdio pipes are the harness's: an empty list means nothing
// of ours holds the event loop.
const holding = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap');
const lingering = process.argv[2] === 'linger';
if (lingering) setTimeout(() => {}, 1500);
process.on('exit', () => console.error(JSON.stringify({ untouched, holding })));
`,
  );
  const quick = await runChild(project, 'prune.js', { CACHE_TO_DISK_DIR: cacheDir }, 10_000);
  assert.is(quick.code, 0, quick.stderr);
  const report = JSON.parse(quick.stderr.trim().split('\n').pop()!);
  assert.ok(report.untouched, 'the first call returned before any pruning');
  assert.equal(report.holding, [], 'no timer or fs request of ours keeps the process alive');
  writeFileSync(join(project, 'linger.js'), `process.argv[2] = 'linger'; require('./prune.js');`);
  const linger = await runChild(project, 'linger.js', { CACHE_TO_DISK_DIR: cacheDir }, 10_000);
  assert.is(linger.code, 0, linger.stderr);
  assert.ok(expired.every((path) => !existsSync(path)), 'a process that lives on prunes in the background');
});

test.run();
