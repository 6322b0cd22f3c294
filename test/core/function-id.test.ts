import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionId, packageRoot } from '../../core/function-id';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ctd-function-id-')));
const write = (path: string, text = '{}'): void => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
write('app/package.json');
write('app/src/api/client.ts', '');
write('app/packages/inner/package.json');
write('app/packages/inner/lib/deep/x.ts', '');
write('loose/y.ts', '');

test.after(() => rmSync(root, { recursive: true, force: true }));

const ids: Array<[file: string, name: string, id: string]> = [
  ['app/src/api/client.ts', 'Client.fetchUser', 'src/api/client.ts#Client.fetchUser'],
  ['app/index.ts', 'main', 'index.ts#main'],
  ['app/packages/inner/lib/deep/x.ts', 'outer.inner', 'lib/deep/x.ts#outer.inner'],
  ['app/packages/inner/lib/deep/x.ts', 'default', 'lib/deep/x.ts#default'],
];

for (const [file, name, id] of ids) {
  test(`function-id: ${file} ${name} → ${id}`, () => {
    assert.is(functionId(join(root, file), name), id);
  });
}

test('function-id: the nearest package.json wins, and the answer does not depend on the checkout path', () => {
  assert.is(packageRoot(join(root, 'app/packages/inner/lib')), join(root, 'app/packages/inner'));
  assert.is(packageRoot(join(root, 'app/src/api')), join(root, 'app'));
  const clone = realpathSync(mkdtempSync(join(tmpdir(), 'ctd-function-id-clone-')));
  try {
    mkdirSync(join(clone, 'src/api'), { recursive: true });
    writeFileSync(join(clone, 'package.json'), '{}');
    assert.is(functionId(join(clone, 'src/api/client.ts'), 'Client.fetchUser'), functionId(join(root, 'app/src/api/client.ts'), 'Client.fetchUser'));
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});

test('function-id: a file outside any package is named relative to its own directory', () => {
  assert.is(packageRoot(join(root, 'loose')), null, 'a package.json above the temp dir would void this test');
  assert.is(functionId(join(root, 'loose/y.ts'), 'f'), 'y.ts#f');
});

test('function-id: paths are normalised before they are made relative', () => {
  assert.is(functionId(`${root}/app/src/../src/./api/client.ts`, 'f'), 'src/api/client.ts#f');
});

test.run();
