import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  entryPath,
  functionDir,
  isEntryName,
  isFunctionDirName,
  isShardName,
  isTempName,
  shardDir,
  tempPath,
  versionRoot,
  VERSION_DIR,
} from '../../../runtime/store/layout';
import { keyOf } from './fixture';

test('paths follow the drawn tree and match their own patterns', () => {
  const root = versionRoot('/cache');
  assert.is(root, `/cache/${VERSION_DIR}`);
  const fnDir = functionDir(root, 'src/a.ts#f');
  const name = fnDir.slice(root.length + 1);
  assert.ok(isFunctionDirName(name));
  const key = keyOf('x');
  const path = entryPath(fnDir, key);
  assert.is(path, `${shardDir(fnDir, key)}/${key.slice(2)}`);
  assert.ok(isShardName(key.slice(0, 2)));
  assert.ok(isEntryName(key.slice(2)));
  const temp = tempPath(shardDir(fnDir, key));
  assert.ok(isTempName(temp.slice(temp.lastIndexOf('/') + 1)));
  assert.is.not(temp, tempPath(shardDir(fnDir, key)), 'temp names are unique');
});

test('function folders depend on the id only, never on path-like text in it', () => {
  const root = versionRoot('/cache');
  assert.is(functionDir(root, 'src/a.ts#f'), functionDir(root, 'src/a.ts#f'));
  assert.is.not(functionDir(root, 'src/a.ts#f'), functionDir(root, 'src/a.ts#g'));
  assert.ok(functionDir(root, '../../etc/passwd').startsWith(`${root}/`));
  assert.not.ok(functionDir(root, '../../etc/passwd').includes('..'));
});

test('patterns reject everything else', () => {
  for (const name of ['', '..', 'id', 'pruned', 'G'.repeat(32), 'a'.repeat(31), 'a'.repeat(33)]) {
    assert.not.ok(isFunctionDirName(name), name);
  }
  for (const name of ['a', 'abc', 'zz', '..']) assert.not.ok(isShardName(name), name);
  for (const name of ['a'.repeat(61), 'a'.repeat(63), `${'a'.repeat(61)}/`]) assert.not.ok(isEntryName(name), name);
});

test.run();
