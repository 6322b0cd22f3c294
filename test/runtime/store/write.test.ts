import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serialize } from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeHeader } from '../../../runtime/store/entry';
import { CACHEDIR_TAG, ID_FILE, isTempName } from '../../../runtime/store/layout';
import { readEntrySync } from '../../../runtime/store/read';
import { writeEntrySync } from '../../../runtime/store/write';
import { removeDir, tempDir } from '../support';
import { keyOf, put, targetOf } from './fixture';

let dir = '';
test.before.each(() => {
  dir = tempDir('write');
});
test.after.each(() => removeDir(dir));

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

test('first write creates the tree: 0700 folders, 0600 files, CACHEDIR.TAG, id', () => {
  const cacheDir = join(dir, 'a', 'cache');
  const key = keyOf('first');
  const path = put(cacheDir, key, 'v', { id: 'src/x.ts#Client.fetch' });
  const target = targetOf(cacheDir, 'src/x.ts#Client.fetch', key);
  for (const folder of [join(dir, 'a'), cacheDir, target.root, target.fnDir, dirname(path)]) {
    assert.is(mode(folder), 0o700, folder);
  }
  assert.is(mode(path), 0o600);
  assert.is(mode(join(target.fnDir, ID_FILE)), 0o600);
  assert.is(readFileSync(join(target.fnDir, ID_FILE), 'utf8'), 'src/x.ts#Client.fetch');
  assert.match(readFileSync(join(cacheDir, CACHEDIR_TAG), 'utf8'), /^Signature: 8a477f597d28d172789f06886806bc55/);
});

test('no temporary file is left behind, and a rewrite replaces the entry whole', () => {
  const key = keyOf('rewrite');
  const path = put(dir, key, 'one');
  put(dir, key, 'two');
  assert.is((readEntrySync(path, key, 0, Date.now()) as { value: unknown }).value, 'two');
  assert.equal(readdirSync(dirname(path)).filter(isTempName), []);
});

test('a vanished folder is recreated on the next write', () => {
  const key = keyOf('vanish');
  const path = put(dir, key, 1);
  rmSync(join(dir, 'v1'), { recursive: true });
  put(dir, key, 2);
  assert.ok(existsSync(path));
  assert.ok(existsSync(join(dir, CACHEDIR_TAG)), 'kept from the first write');
});

test('a fault is thrown to the caller with its code and leaves no temporary file', () => {
  const blocker = join(dir, 'blocker');
  writeFileSync(blocker, 'x');
  const key = keyOf('fault');
  const payload = serialize(1);
  const header = encodeHeader({ key, id: 'f', fingerprint: 'fp', flags: 0, created: 0, expires: 0 }, payload);
  try {
    writeEntrySync(targetOf(join(blocker, 'cache'), 'f', key), header, payload);
    assert.unreachable('the write should fail');
  } catch (error) {
    assert.is((error as NodeJS.ErrnoException).code, 'ENOTDIR');
  }
  assert.equal(readdirSync(dir), ['blocker']);
});

test.run();
