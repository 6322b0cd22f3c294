// The other ways ts-patch runs the transformer (SPEC §8): a `ts-patch install`ed tsc, ts-node
// with `compiler: "ts-patch/compiler"`, and TypeScript 6 under ts-patch 3 and 4.
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toolchain } from '../helpers/toolchain';
import { REPO, remove, run, runJson, tempDir, tempProject, tsconfig } from './project';

const TAGGED = `declare const console: { log(text: string): void };
import { cacheInfo } from 'cache-to-disk';
/** @cacheToDisk */
export function twice(a: number) { return a * 2; }
twice(21);
console.log(JSON.stringify(cacheInfo(twice)));
`;

test('ts-patch install on a copy of typescript: its own tsc runs the plugin', () => {
  const root = tempProject('install', {
    'package.json': '{"name":"install","version":"1.0.0"}',
    'tsconfig.json': tsconfig({ module: 'commonjs' }),
    'src/main.ts': TAGGED,
  }, ['ts-patch']);
  const cache = tempDir('cache');
  try {
    cpSync(join(REPO, 'node_modules/typescript'), join(root, 'node_modules/typescript'), { recursive: true });
    const install = run(process.execPath, ['node_modules/ts-patch/bin/ts-patch.js', 'install', '-s'], root);
    assert.is(install.status, 0, install.stdout + install.stderr);
    const build = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], root);
    assert.is(build.status, 0, build.stdout + build.stderr);
    assert.match(readFileSync(join(root, 'dist/main.js'), 'utf8'), '_ctd.call(_ctd_twice, this, arguments');
    assert.equal(runJson(root, 'dist/main.js', cache), { hits: 0, misses: 1, nocache: 0 });
    assert.equal(runJson(root, 'dist/main.js', cache), { hits: 1, misses: 0, nocache: 0 });
  } finally {
    remove(root, cache);
  }
});

test('ts-node with compiler ts-patch/compiler caches a tagged .ts file across runs', () => {
  const config = JSON.parse(tsconfig({ module: 'commonjs' })) as Record<string, unknown>;
  const root = tempProject('ts-node', {
    'package.json': '{"name":"ts-node-case","version":"1.0.0"}',
    'tsconfig.json': JSON.stringify({ ...config, 'ts-node': { compiler: 'ts-patch/compiler' } }),
    'src/main.ts': TAGGED,
  }, ['typescript', 'ts-patch', 'ts-node']);
  const cache = tempDir('cache');
  try {
    const tsNode = join(root, 'node_modules/ts-node/dist/bin.js');
    assert.equal(runJson(root, 'src/main.ts', cache, [tsNode]), { hits: 0, misses: 1, nocache: 0 });
    assert.equal(runJson(root, 'src/main.ts', cache, [tsNode]), { hits: 1, misses: 0, nocache: 0 });
  } finally {
    remove(root, cache);
  }
});

for (const tsPatch of ['3.3.0', '4.0.1']) {
  test(`TypeScript 6.0.3 with ts-patch ${tsPatch}: tspc builds CommonJS and ES modules that miss, then hit`, () => {
    const tools = toolchain(['typescript@6.0.3', `ts-patch@${tsPatch}`]);
    for (const module of ['commonjs', 'nodenext']) {
      const root = tempProject(`ts6-${module}`, {
        'package.json': JSON.stringify({ name: 'ts6', version: '1.0.0', type: module === 'commonjs' ? 'commonjs' : 'module' }),
        'tsconfig.json': tsconfig({ module }),
        'src/main.ts': TAGGED,
      }, []);
      const cache = tempDir('cache');
      try {
        for (const name of ['typescript', 'ts-patch']) {
          symlinkSync(join(tools, 'node_modules', name), join(root, 'node_modules', name), 'dir');
        }
        const version = JSON.parse(readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8')).version;
        assert.is(version, '6.0.3');
        const build = run(process.execPath, ['node_modules/ts-patch/bin/tspc.js', '-p', '.'], root);
        assert.is(build.status, 0, build.stdout + build.stderr);
        assert.match(readFileSync(join(root, 'dist/main.js'), 'utf8'), '_ctd.call(_ctd_twice, this, arguments');
        assert.equal(runJson(root, 'dist/main.js', cache), { hits: 0, misses: 1, nocache: 0 });
        assert.equal(runJson(root, 'dist/main.js', cache), { hits: 1, misses: 0, nocache: 0 });
      } finally {
        remove(root, cache);
      }
    }
  });
}

test.run();
