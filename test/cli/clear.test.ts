import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { functionDir, versionRoot } from '../../runtime/store/layout';
import { cli, cliInProcess, cliJson, putEntry, removeDir, tempDir } from './support';

interface ClearJson {
  dir: string;
  removed: number;
  functions: { id: string; removed: number }[];
}

let base = '';
let dir = '';
test.before.each(() => {
  base = tempDir('clear');
  dir = join(base, 'cache');
  for (const [id, count] of [['src/a.ts#f', 3], ['src/b.ts#Client.f', 2], ['src/c.ts#ff', 1]] as const) {
    for (let i = 0; i < count; i++) putEntry(dir, { id, key: `${id}${i}` });
  }
});
test.after.each(() => removeDir(base));

const listIds = async (): Promise<string[]> =>
  (await cliJson<{ functions: { id: string }[] }>(['stats', '--dir', dir])).functions.map((fn) => fn.id);

test('clear <bare name> removes every function of that name and says what it removed', async () => {
  const result = await cli(['clear', 'f', '--dir', dir]);
  assert.is(result.code, 0, result.stderr);
  assert.is(
    result.stdout,
    `Removed 3 entries of src/a.ts#f\nRemoved 2 entries of src/b.ts#Client.f\nRemoved 5 entries in total from ${dir}.\n`,
  );
  assert.equal(await listIds(), ['src/c.ts#ff']);
});

test('clear <id> --json removes exactly that function', async () => {
  const json = await cliJson<ClearJson>(['clear', 'src/b.ts#Client.f', '--dir', dir]);
  assert.equal(json, { dir, removed: 2, functions: [{ id: 'src/b.ts#Client.f', removed: 2 }] });
  assert.equal(await listIds(), ['src/a.ts#f', 'src/c.ts#ff']);
});

test('clear with no function removes every entry and leaves files it did not write', async () => {
  const root = versionRoot(dir);
  writeFileSync(join(root, 'notes.txt'), 'mine');
  writeFileSync(join(dir, 'other.txt'), 'mine too');
  const json = await cliJson<ClearJson>(['clear', '--dir', dir]);
  assert.is(json.removed, 6);
  assert.equal(json.functions.map((fn) => [fn.id, fn.removed]), [['src/a.ts#f', 3], ['src/b.ts#Client.f', 2], ['src/c.ts#ff', 1]]);
  assert.equal(readdirSync(root), ['notes.txt']);
  assert.is(readFileSync(join(dir, 'other.txt'), 'utf8'), 'mine too');
  const again = await cli(['clear', '--dir', dir]);
  assert.is(again.stdout, `Nothing to remove: no entries in ${dir}.\n`);
});

test('hostile names match nothing and touch nothing outside the cache directory', async () => {
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'ab'), { recursive: true });
  const sentinels = [join(outside, 'sentinel'), join(outside, 'ab', 'c'.repeat(62)), join(base, 'sentinel')];
  for (const file of sentinels) writeFileSync(file, 'keep');
  const hostile = [
    '../outside',
    '../../',
    `${outside}`,
    '/',
    '*',
    '.*',
    '..',
    '#',
    '../outside#x',
    `${'../'.repeat(20)}etc/passwd`,
    'f/../../outside',
    'x'.repeat(100000),
    '-',
    '\u202e',
  ];
  // Two through the bin, every one through the same code in this process.
  const results = await Promise.all([
    cli(['clear', '--dir', dir, '--', hostile[0]!]),
    cli(['ls', '--dir', dir, '--', hostile[1]!]),
    ...hostile.map((name) => cliInProcess(['clear', '--dir', dir, '--', name])),
    ...hostile.map((name) => cliInProcess(['ls', '--dir', dir, '--', name])),
  ]);
  for (const result of results) {
    assert.ok(result.stdout.startsWith('Nothing to remove') || result.stderr.includes('no cached function matches'), result.stdout + result.stderr);
    assert.is(result.code, result.stdout.startsWith('Nothing') ? 0 : 1);
  }
  for (const file of sentinels) assert.is(readFileSync(file, 'utf8'), 'keep', file);
  assert.equal(await listIds(), ['src/a.ts#f', 'src/b.ts#Client.f', 'src/c.ts#ff']);
});

test('a symlink planted in the tree is removed as a link, never followed', async () => {
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'ab'), { recursive: true });
  writeFileSync(join(outside, 'ab', 'c'.repeat(62)), 'keep');
  const fnDir = functionDir(versionRoot(dir), 'src/a.ts#f');
  symlinkSync(join(outside, 'ab'), join(fnDir, 'ab'));
  symlinkSync(outside, join(versionRoot(dir), 'd'.repeat(32)));
  const json = await cliJson<ClearJson>(['clear', '--dir', dir]);
  assert.is(json.removed, 6);
  assert.is(readFileSync(join(outside, 'ab', 'c'.repeat(62)), 'utf8'), 'keep');
});

test('a cache directory the runtime refuses (writable by others) is not cleared: exit 1 with the fix', async () => {
  chmodSync(dir, 0o777);
  const result = await cli(['clear', '--dir', dir]);
  assert.is(result.code, 1);
  assert.match(result.stderr, /^cache-to-disk: refusing to delete anything in .*: it is writable by others \(mode 777\) without the sticky bit\. Fix: chmod go-w /);
  assert.is(result.stdout, '');
  const stats = await cli(['stats', '--dir', dir, '--json']);
  assert.is(stats.code, 0, 'reading is still allowed');
  assert.match(stats.stderr, /note: the runtime refuses/);
  assert.is(JSON.parse(stats.stdout).totals.entries, 6);
  assert.ok(existsSync(functionDir(versionRoot(dir), 'src/a.ts#f')));
});

test.run();
