// The plugin as users run it, each in its own process with its own config file: the Babel CLI,
// @babel/register and babel-jest (two Jest runs: the second hits the cache the first filled).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { createProject, REPO, run, runNode, tempDir } from './project';

const resolve = (name: string): string => require.resolve(name, { paths: [REPO] });
const BABEL_CONFIG = {
  presets: [resolve('@babel/preset-typescript')],
  plugins: ['cache-to-disk/babel-plugin', resolve('@babel/plugin-transform-modules-commonjs')],
};

const SQUARE = `/** @cacheToDisk */
export function square(n: number): number { return n * n; }
`;

const REPORT = `import { square } from './square';
import { cacheInfo } from 'cache-to-disk';
square(4);
console.log(JSON.stringify(cacheInfo(square)));
`;

const miss = { hits: 0, misses: 1, nocache: 0 };
const hit = { hits: 1, misses: 0, nocache: 0 };

test('Babel CLI: babel.config.json, a build that caches, and a failing build for a bad tag', () => {
  const p = createProject({
    'babel.config.json': JSON.stringify(BABEL_CONFIG),
    'src/square.ts': SQUARE,
    'src/report.ts': REPORT,
  });
  const cache = tempDir('ctd-babel-cache-');
  try {
    run(process.execPath, [resolve('@babel/cli/bin/babel.js'), 'src', '--out-dir', 'lib', '--extensions', '.ts'], p.root);
    assert.equal(runNode(p.root, 'lib/report.js', cache.path), miss);
    assert.equal(runNode(p.root, 'lib/report.js', cache.path), hit);

    p.write('src/bad.ts', '/** @cacheToDisk soon */\nexport function f() {}\n');
    const message = capture(() => run(process.execPath, [resolve('@babel/cli/bin/babel.js'), 'src', '--out-dir', 'lib', '--extensions', '.ts'], p.root));
    assert.match(message, `${join(p.root, 'src/bad.ts')}:1:18 CTD110 Unexpected "soon" after @cacheToDisk.`);
    assert.match(message, '> 1 | /** @cacheToDisk soon */');
  } finally {
    cache.remove();
    p.remove();
  }
});

test('@babel/register: TypeScript required at run time, cached across processes', () => {
  const p = createProject({
    'src/square.ts': SQUARE,
    'src/report.ts': REPORT,
    'main.js': `require(${JSON.stringify(resolve('@babel/register'))})({
  extensions: ['.ts'], cache: false, babelrc: false, configFile: false, ...${JSON.stringify(BABEL_CONFIG)},
});
require('./src/report.ts');
`,
  });
  const cache = tempDir('ctd-babel-cache-');
  try {
    assert.equal(runNode(p.root, 'main.js', cache.path), miss);
    assert.equal(runNode(p.root, 'main.js', cache.path), hit);
  } finally {
    cache.remove();
    p.remove();
  }
});

test('babel-jest: the second jest run hits the cache the first one filled', () => {
  const p = createProject({
    'jest.config.js': `module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  cacheDirectory: __dirname + '/.jest-cache',
  transform: { '\\\\.ts$': [${JSON.stringify(resolve('babel-jest'))}, ${JSON.stringify({ babelrc: false, configFile: false, ...BABEL_CONFIG })}] },
};
`,
    'src/square.ts': SQUARE,
    'src/square.test.ts': `import { writeFileSync } from 'node:fs';
import { cacheInfo } from 'cache-to-disk';
import { square } from './square';

test('square', () => {
  expect(square(5)).toBe(25);
  writeFileSync(process.env.STATS_FILE!, JSON.stringify(cacheInfo(square)));
});
`,
  });
  const cache = tempDir('ctd-babel-cache-');
  const jest = (): unknown => {
    run(process.execPath, [join(dirname(resolve('jest/package.json')), 'bin/jest.js'), '--config', 'jest.config.js', '--runInBand', '--ci'], p.root, {
      CACHE_TO_DISK_DIR: cache.path,
      STATS_FILE: join(p.root, 'stats.json'),
    });
    return JSON.parse(readFileSync(join(p.root, 'stats.json'), 'utf8'));
  };
  try {
    assert.equal(jest(), miss);
    assert.equal(jest(), hit);
  } finally {
    cache.remove();
    p.remove();
  }
});

/** The failing command's message, without the colours Babel's code frame adds where CI=true. */
function capture(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return stripVTControlCharacters((error as Error).message);
  }
  throw new Error('expected the command to fail');
}

test.run();
