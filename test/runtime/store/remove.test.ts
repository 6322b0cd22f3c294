import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { functionDir, versionRoot } from '../../../runtime/store/layout';
import { idMatchesName, removeAll, removeFunction, removeFunctionsNamed } from '../../../runtime/store/remove';
import { removeDir, tempDir } from '../support';
import { keyOf, put } from './fixture';

let dir = '';
test.before.each(() => {
  dir = tempDir('remove');
});
test.after.each(() => removeDir(dir));

const ids = ['src/a.ts#f', 'src/b.ts#C.f', 'src/c.ts#ff', 'src/d.ts#f.g', 'f', 'other'];

function fill(): void {
  for (const id of ids) for (let i = 0; i < 3; i++) put(dir, keyOf(`${id}${i}`), i, { id });
}

test('bare names match ids, qualified names and their last segment', () => {
  assert.ok(idMatchesName('src/a.ts#f', 'f'));
  assert.ok(idMatchesName('src/b.ts#C.f', 'f'));
  assert.ok(idMatchesName('src/b.ts#C.f', 'C.f'));
  assert.ok(idMatchesName('f', 'f'));
  assert.not.ok(idMatchesName('src/c.ts#ff', 'f'));
  assert.not.ok(idMatchesName('src/d.ts#f.g', 'f'));
  assert.not.ok(idMatchesName('src/f.ts#g', 'f'));
});

test('removeFunction removes one id and counts its entries', () => {
  fill();
  const root = versionRoot(dir);
  assert.is(removeFunction(root, 'src/a.ts#f'), 3);
  assert.not.ok(existsSync(functionDir(root, 'src/a.ts#f')), 'the emptied folder goes too');
  assert.ok(existsSync(functionDir(root, 'src/b.ts#C.f')));
  assert.is(removeFunction(root, 'src/a.ts#f'), 0);
});

test('removeFunctionsNamed removes every function of that name', () => {
  fill();
  const root = versionRoot(dir);
  assert.is(removeFunctionsNamed(root, 'f'), 9);
  for (const id of ['src/c.ts#ff', 'src/d.ts#f.g', 'other']) assert.ok(existsSync(functionDir(root, id)), id);
});

test('removeAll removes every entry and leaves foreign files alone', () => {
  fill();
  const root = versionRoot(dir);
  writeFileSync(join(root, 'README'), 'mine');
  assert.is(removeAll(root), ids.length * 3);
  assert.equal(readdirSync(root).sort(), ['README']);
});

test('symlinks inside the tree are never followed', () => {
  fill();
  const root = versionRoot(dir);
  const outside = join(dir, 'outside');
  mkdirSync(join(outside, 'ab'), { recursive: true });
  writeFileSync(join(outside, 'ab', 'c'.repeat(62)), 'precious');
  writeFileSync(join(outside, 'id'), 'f');
  symlinkSync(outside, join(root, 'e'.repeat(32)));
  symlinkSync(join(outside, 'ab'), join(functionDir(root, 'other'), 'cd'));
  removeAll(root);
  assert.ok(existsSync(join(outside, 'ab', 'c'.repeat(62))));
  assert.is(removeFunctionsNamed(root, 'f'), 0);
  assert.ok(existsSync(join(outside, 'ab', 'c'.repeat(62))));
});

test('a version root that is a symlink is not walked', () => {
  const real = join(dir, 'real');
  put(real, keyOf('x'), 1, { id: 'f' });
  const cache = join(dir, 'cache');
  mkdirSync(cache);
  symlinkSync(versionRoot(real), versionRoot(cache));
  assert.is(removeAll(versionRoot(cache)), 0);
  assert.is(removeAll(versionRoot(real)), 1);
});

test.run();
