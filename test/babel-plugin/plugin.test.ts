import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transformFileSync } from '@babel/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBabel } from '../helpers/compile-babel';
import { createProject, runNode, tempDir } from './project';

const UNTAGGED: Record<string, string> = {
  'src/plain.ts': `import { readFileSync } from 'node:fs';
/** Reads a file. */
export function read(path: string): string { return readFileSync(path, 'utf8'); }
export class Box<T> { constructor(public value: T) {} }
`,
  'src/mentions.ts': `// @cacheToDisk is described in the README
/* @cacheToDisk */
export const doc = 'use /** @cacheToDisk */ on a function';
/** Explains \`@cacheToDisk\` without using it. */
export function explain() { return doc; }
`,
};

const CALC = `import { sep } from 'node:path';
const FACTOR = 3;
function helper(n: number) { return n * FACTOR; }

/** @cacheToDisk */
export function calc(n: number) {
  return helper(n) + sep.length;
}
`;

const EXEC = `const { calc } = require('./calc.js');
const { cacheInfo } = require('cache-to-disk');
calc(2);
console.log(JSON.stringify(cacheInfo(calc)));
`;

const project = createProject({ ...UNTAGGED, 'src/calc.ts': CALC });

for (const module of ['cjs', 'esm'] as const) {
  test(`a file without a tag compiles byte-identical to a build without the plugin (${module})`, () => {
    const files = Object.keys(UNTAGGED);
    const on = compileBabel({ root: project.root, files, module });
    const off = compileBabel({ root: project.root, files, module, plugin: false });
    for (let i = 0; i < files.length; i++) {
      assert.ok(on[i]!.code, files[i]);
      assert.is(on[i]!.code, off[i]!.code, files[i]);
    }
  });
}

test('plain JavaScript: JSDoc in a CommonJS .js file gets a require, and caches', () => {
  const p = createProject({
    'src/lib.js': `'use strict';
const path = require('node:path');
/**
 * Joins.
 * @cacheToDisk 2
 */
function join(a, b) { return path.join(a, b); }
module.exports = { join };
`,
    'src/main.js': `const { join } = require('./lib.js');
const { cacheInfo } = require('cache-to-disk');
join('a', 'b');
console.log(JSON.stringify(cacheInfo(join)));
`,
  });
  const cache = tempDir('ctd-babel-cache-');
  try {
    const out = transformFileSync(join(p.root, 'src/lib.js'), { cwd: p.root, babelrc: false, configFile: false, plugins: ['cache-to-disk/babel-plugin'] })!.code!;
    assert.match(out, /^'use strict';\n\nconst _ctd = require\("cache-to-disk\/runtime"\);\nvar _ctd_join = _ctd\.site\(/);
    assert.not.match(out, /import /);
    writeFileSync(join(p.root, 'src/lib.js'), out);
    assert.equal(runNode(p.root, 'src/main.js', cache.path), { hits: 0, misses: 1, nocache: 0 });
    assert.equal(runNode(p.root, 'src/main.js', cache.path), { hits: 1, misses: 0, nocache: 0 });
  } finally {
    cache.remove();
    p.remove();
  }
});

test('sourceType decides: a script gets a require, a module without CommonJS globals an import', () => {
  const file = join(project.root, 'src/bare.js');
  writeFileSync(file, '/** @cacheToDisk */\nfunction twice(a) { return a * 2; }\n');
  const compile = (sourceType: 'script' | 'module'): string =>
    transformFileSync(file, { cwd: project.root, babelrc: false, configFile: false, sourceType, plugins: ['cache-to-disk/babel-plugin'] })!.code!;
  assert.match(compile('script'), /^const _ctd = require\("cache-to-disk\/runtime"\);\n/);
  assert.match(compile('module'), /^import \* as _ctd from "cache-to-disk\/runtime";\n/);
});

test('edits: a comment keeps the entries; the body or a helper it calls invalidates them', () => {
  const out = join(project.root, 'out-edits');
  const cache = tempDir('ctd-babel-cache-');
  const buildAndRun = (source: string): { hits: number; misses: number } => {
    writeFileSync(join(project.root, 'src/calc.ts'), source);
    const [result] = compileBabel({ root: project.root, files: ['src/calc.ts'], module: 'cjs', outDir: out });
    assert.equal(result!.errors, []);
    writeFileSync(join(out, 'src/exec.js'), EXEC);
    const { hits, misses } = runNode(out, 'src/exec.js', cache.path);
    return { hits, misses };
  };
  const miss = { hits: 0, misses: 1 };
  const hit = { hits: 1, misses: 0 };
  try {
    assert.equal(buildAndRun(CALC), miss, 'first build');
    assert.equal(buildAndRun(CALC), hit, 'same source');
    assert.equal(buildAndRun(CALC.replace('/** @cacheToDisk */', '/**\n * Calculates.\n * @cacheToDisk 5\n */').replace('  return', '  // why\n  return')), hit, 'comments, whitespace and duration edited');
    assert.equal(buildAndRun(CALC.replace('sep.length', 'sep.length + 1')), miss, 'body edited');
    assert.equal(buildAndRun(CALC.replace('n * FACTOR', 'n * FACTOR * 1')), miss, 'helper edited');
    assert.equal(buildAndRun(CALC.replace('FACTOR = 3', 'FACTOR = 4')), miss, 'constant the helper reads edited');
    assert.equal(buildAndRun(CALC.replace("from 'node:path'", "from 'path'")), miss, 'import specifier edited');
  } finally {
    writeFileSync(join(project.root, 'src/calc.ts'), CALC);
    cache.remove();
  }
});

test('the report option sees each site outline entry, functionId and fingerprint', () => {
  const [result] = compileBabel({ root: project.root, files: ['src/calc.ts'], module: 'esm' });
  const [site] = result!.sites;
  assert.is(result!.sites.length, 1);
  assert.is(site!.functionId, 'src/calc.ts#calc');
  assert.match(site!.fingerprint, /^[0-9a-f]{32}$/);
  assert.is(site!.file, join(project.root, 'src/calc.ts'));
  assert.equal(site!.site.params, [{ name: 'n', rest: false }]);
  assert.equal(site!.outline.imports, [{ local: 'sep', specifier: 'node:path', imported: 'sep' }]);
  assert.equal(site!.outline.declarations.map((d) => d.names), [['FACTOR'], ['helper'], ['calc']]);
});

test.after(() => project.remove());
test.run();
