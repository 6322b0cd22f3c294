import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shardDir, functionDir, versionRoot } from '../../runtime/store/layout';
import { cli, cliJson, DAY, HOUR, putEntry, removeDir, REPO_ROOT, tempDir } from './support';

interface Row {
  id: string;
  entries: number;
  bytes: number;
  oldest: number | null;
  newest: number | null;
  fingerprint: string | null;
  olderFingerprint: number;
  expired: number;
  invalid: number;
  temp: number;
}
interface StatsJson {
  dir: string;
  now: number;
  functions: Row[];
  totals: Omit<Row, 'id' | 'fingerprint'> & { functions: number };
}

let dir = '';
test.before.each(() => {
  dir = tempDir('stats');
});
test.after.each(() => removeDir(dir));

/** Two functions: one with an older fingerprint and an expired entry, one fresh. */
function fill(now: number): number {
  let bytes = 0;
  bytes += putEntry(dir, { id: 'src/a.ts#f', key: 'a1', fingerprint: 'fp-old', created: now - 3 * DAY }).bytes;
  bytes += putEntry(dir, { id: 'src/a.ts#f', key: 'a2', fingerprint: 'fp-old', created: now - 2 * DAY, expires: now - HOUR }).bytes;
  bytes += putEntry(dir, { id: 'src/a.ts#f', key: 'a3', fingerprint: 'fp-new', created: now - HOUR, value: 'x'.repeat(3000) }).bytes;
  bytes += putEntry(dir, { id: 'src/b.ts#Client.fetchUser', key: 'b1', created: now - 5 * 60 * 1000, expires: now + DAY }).bytes;
  return bytes;
}

test('--json: one row per function with entries, bytes, ages, older fingerprints and expired, and totals', async () => {
  const now = Date.now();
  const bytes = fill(now);
  const json = await cliJson<StatsJson>(['stats', '--dir', dir]);
  assert.is(json.dir, dir);
  assert.ok(json.now >= now);
  assert.equal(json.functions, [
    { id: 'src/a.ts#f', entries: 3, bytes: json.functions[0]!.bytes, oldest: now - 3 * DAY, newest: now - HOUR, fingerprint: 'fp-new', olderFingerprint: 2, expired: 1, invalid: 0, temp: 0 },
    { id: 'src/b.ts#Client.fetchUser', entries: 1, bytes: json.functions[1]!.bytes, oldest: now - 5 * 60 * 1000, newest: now - 5 * 60 * 1000, fingerprint: 'fp-current', olderFingerprint: 0, expired: 0, invalid: 0, temp: 0 },
  ]);
  assert.ok(json.functions[0]!.bytes > 3000);
  assert.is(json.totals.bytes, bytes, 'sizes come from the headers and match the files written');
  assert.equal(json.totals, { functions: 2, entries: 4, bytes, oldest: now - 3 * DAY, newest: now - 5 * 60 * 1000, olderFingerprint: 2, expired: 1, invalid: 0, temp: 0 });
});

test('the table: one row per function, human units, totals at the bottom', async () => {
  const now = Date.now();
  fill(now);
  const result = await cli(['stats', '--dir', dir]);
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stderr, '', 'no progress line when stderr is not a terminal');
  const lines = result.stdout.split('\n');
  assert.is(lines[0], `Cache directory: ${dir}`);
  assert.match(lines[2]!, /^FUNCTION\s+ENTRIES\s+SIZE\s+OLDEST\s+NEWEST\s+OLDER FINGERPRINT\s+EXPIRED$/);
  assert.match(lines[3]!, /^src\/a\.ts#f\s+3\s+3\.\d KiB\s+3d\s+1h\s+2\s+1$/);
  assert.match(lines[4]!, /^src\/b\.ts#Client\.fetchUser\s+1\s+\d+ B\s+5m\s+5m\s+0\s+0$/);
  assert.match(lines[5]!, /^-+$/);
  assert.match(lines[6]!, /^total \(2 functions\)\s+4\s+\d\.\d KiB\s+3d\s+5m\s+2\s+1$/);
});

test('an empty or missing cache directory is an empty table, not an error', async () => {
  const missing = join(dir, 'not-created');
  const result = await cli(['stats', '--dir', missing]);
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stdout, `No entries in ${missing}.\n`);
  const json = await cliJson<StatsJson>(['stats', '--dir', missing]);
  assert.equal(json.functions, []);
  assert.is(json.totals.entries, 0);
});

test('invalid files and temporary files are counted apart from entries; foreign files and symlinks are ignored', async () => {
  const { path } = putEntry(dir, { id: 'src/a.ts#f', key: 'a1' });
  const fnDir = functionDir(versionRoot(dir), 'src/a.ts#f');
  const shard = shardDir(fnDir, 'ab'.repeat(32));
  mkdirSync(shard, { recursive: true });
  writeFileSync(join(shard, 'b'.repeat(62)), 'not an entry');
  writeFileSync(join(shard, '.tmp-1-abc-0'), 'half written');
  writeFileSync(join(shard, 'README'), 'foreign');
  symlinkSync(path, join(shard, 'c'.repeat(62)));
  const json = await cliJson<StatsJson>(['stats', '--dir', dir]);
  assert.equal(
    json.functions.map((row) => [row.id, row.entries, row.invalid, row.temp]),
    [['src/a.ts#f', 1, 1, 1]],
  );
  const text = await cli(['stats', '--dir', dir]);
  assert.match(text.stdout, /1 invalid file and 1 temporary file: 'cache-to-disk prune' removes/);
});

test('a truncated entry is invalid: its header promises more bytes than the file holds', async () => {
  const { path } = putEntry(dir, { id: 'src/a.ts#f', key: 'a1', value: 'y'.repeat(100) });
  truncateSync(path, 150);
  const json = await cliJson<StatsJson>(['stats', '--dir', dir]);
  assert.equal([json.functions[0]!.entries, json.functions[0]!.invalid], [0, 1]);
});

test('without --dir: CACHE_TO_DISK_DIR, else node_modules/.cache/cache-to-disk under the nearest package.json', async () => {
  putEntry(dir, { id: 'src/env.ts#f', key: 'e' });
  const fromEnv = await cliJson<StatsJson>(['stats'], { env: { CACHE_TO_DISK_DIR: dir } });
  assert.is(fromEnv.dir, dir);
  assert.equal(fromEnv.functions.map((row) => row.id), ['src/env.ts#f']);

  const project = join(dir, 'project');
  mkdirSync(join(project, 'src', 'deep'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{}');
  const projectCache = join(project, 'node_modules', '.cache', 'cache-to-disk');
  putEntry(projectCache, { id: 'src/p.ts#g', key: 'p' });
  const fromProject = await cliJson<StatsJson>(['stats'], { cwd: join(project, 'src', 'deep') });
  assert.is(fromProject.dir, projectCache);
  assert.equal(fromProject.functions.map((row) => row.id), ['src/p.ts#g']);
});

test('entries written by a cached function in another process show under its id and fingerprint', async () => {
  const project = join(dir, 'child');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(REPO_ROOT, join(project, 'node_modules', 'cache-to-disk'), 'dir');
  writeFileSync(join(project, 'package.json'), '{ "private": true }');
  writeFileSync(
    join(project, 'fill.js'),
    `const { cacheToDisk } = require('cache-to-disk');
const square = cacheToDisk(1)(function square(n) { return n * n; });
for (let i = 0; i < 5; i++) square(i);`,
  );
  const env = { ...process.env };
  delete env.CACHE_TO_DISK_DIR;
  delete env.NODE_DEBUG;
  execFileSync(process.execPath, ['fill.js'], { cwd: project, env });
  const json = await cliJson<StatsJson>(['stats'], { cwd: project });
  assert.is(json.dir, join(project, 'node_modules', '.cache', 'cache-to-disk'));
  assert.is(json.functions.length, 1);
  const row = json.functions[0]!;
  assert.is(row.id, 'square');
  assert.is(row.entries, 5);
  assert.is(row.olderFingerprint, 0);
  assert.is(row.expired, 0);
  assert.match(row.fingerprint ?? '', /^[0-9a-f]+$/);
});

test.run();
