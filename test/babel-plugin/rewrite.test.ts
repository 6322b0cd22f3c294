import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transformFileSync, traverse, type types as t } from '@babel/core';
import { join } from 'node:path';
import { compileBabel } from '../helpers/compile-babel';
import { assertMissThenHit, FORM_FILES, FORM_SOURCES, FORMS } from './forms';
import { createProject, runNode, tempDir } from './project';

const project = createProject(FORM_SOURCES);

for (const module of ['cjs', 'esm'] as const) {
  test(`every form misses on the first run and hits on the second (${module})`, () => {
    const out = join(project.root, `out-${module}`);
    const results = compileBabel({ root: project.root, files: FORM_FILES, module, outDir: out });
    for (const r of results) assert.equal([...r.errors, ...r.diagnostics], [], r.file);
    assertMissThenHit(out);
  });
}

test('user names like _ctd and _a never collide; a tagged function nested in another; a circular import', () => {
  const p = createProject({
    'src/names.ts': `import './cycle.js';
const _ctd = 'user';
const _a = 5;
/** @cacheToDisk */
export function outerTagged(a: number) {
  /** @cacheToDisk */
  const innerTagged = (b: number) => b + a + _a;
  return innerTagged(a) + _ctd;
}
/** @cacheToDisk */
export function plusOne(x: number) { return x + 1; }
`,
    'src/cycle.ts': `import { plusOne } from './names.js';
export const duringCycle = plusOne(1);
`,
    'src/main.ts': `import { cacheInfo } from 'cache-to-disk';
import { outerTagged, plusOne } from './names.js';
import { duringCycle } from './cycle.js';
console.log(JSON.stringify([duringCycle, outerTagged(2), cacheInfo(outerTagged), cacheInfo(plusOne)]));
`,
  });
  try {
    for (const module of ['cjs', 'esm'] as const) {
      const out = join(p.root, `out-${module}`);
      const results = compileBabel({ root: p.root, files: ['src/names.ts', 'src/cycle.ts', 'src/main.ts'], module, outDir: out });
      for (const r of results) assert.equal([...r.errors, ...r.diagnostics], [], r.file);
      assert.match(results[0]!.code!, /var _ctd_outerTagged = _ctd2\.site\(/);
      const cache = tempDir('ctd-babel-cache-');
      try {
        // The call made while names.ts is still loading runs uncached (its site var is not set yet).
        const none = { hits: 0, misses: 0, nocache: 0 };
        assert.equal(runNode(out, 'src/main.js', cache.path), [2, '9user', { hits: 0, misses: 1, nocache: 0 }, none], module);
        assert.equal(runNode(out, 'src/main.js', cache.path), [2, '9user', { hits: 1, misses: 0, nocache: 0 }, none], module);
      } finally {
        cache.remove();
      }
    }
  } finally {
    p.remove();
  }
});

test('one runtime import, site vars right after the imports, links after definitions', () => {
  const [forms] = compileBabel({ root: project.root, files: ['src/forms.ts'], module: 'esm' });
  const code = forms!.code!;
  assert.is(code.match(/cache-to-disk\/runtime/g)!.length, 1);
  const lines = code.split('\n');
  assert.is(lines[0], 'import * as _ctd from "cache-to-disk/runtime";');
  assert.is(lines[1], "import { bodyRan } from './log.js';");
  assert.match(lines[2]!, /^var _ctd_plain = _ctd\.site\(\{$/);
  assert.match(code, /_ctd\.link\(plain, _ctd_plain\);\n_ctd\.link\(hoisted, _ctd_hoisted\);\n_ctd\.link\(later, _ctd_later\);\n_ctd\.link\(_default, _ctd_default, "default"\);\n_ctd\.link\(countArgs, _ctd_countArgs\);\n_ctd\.link\(thrower, _ctd_thrower\);\nconst BASE = 100;/);
  assert.match(code, /export function plain\(_a\) \{\n {2}return _ctd\.call\(_ctd_plain, this, arguments, \(a, b = 2, \.\.\.rest\) => \{/);
  assert.match(code, /export const arrow = \(_a\d*, _arg, \.\.\._r\) => _ctd\.call\(_ctd_arrow, void 0, \[_a\d*, _arg, \.\.\._r\], \(a, \{/);
  assert.match(code, /\n_ctd\.link\(arrow, _ctd_arrow\);\n/);
  assert.match(code, /add\(_a\d*\) \{\n {4}return _ctd\.call\(_ctd_Greeter_add, this, arguments, a => \{/);
  assert.match(code, /\n_ctd\.link\(Greeter\.prototype\.add, _ctd_Greeter_add\);\n_ctd\.link\(Greeter\.make, _ctd_Greeter_make\);/);
  assert.match(code, /\n_ctd\.link\(Expr\.prototype\["odd name"\], _ctd_Expr_odd_name\);/);
  assert.match(code, /\n_ctd\.link\(api\.nested\.call, _ctd_api_nested_call\);/);
  assert.match(code, /function outer\(n\) \{\n {2}_ctd\.link\(inner, _ctd_outer_inner\);/);
  assert.match(code, /return k \+ factor;\n {4}\}, \[factor\]\);/);
});

test('a JSDoc block stays on its function when statements are inserted before it', () => {
  project.write('src/adjacent.ts', "import { x } from './x.js';\n/** @cacheToDisk */\nexport const f = (a: number) => a + x;\n/** Next. */\nexport const y = 1;\n");
  const [result] = compileBabel({ root: project.root, files: ['src/adjacent.ts'], module: 'esm' });
  assert.match(result!.code!, /\n_ctd\.link\(f, _ctd_f\);\n\/\*\* Next\. \*\/\nexport const y = 1;/);
  assert.match(result!.code!, /\}\);\n\/\*\* @cacheToDisk \*\/\nexport const f = /);
});

test('no AST node is placed twice', () => {
  const result = transformFileSync(join(project.root, 'src/forms.ts'), {
    cwd: project.root,
    babelrc: false,
    configFile: false,
    ast: true,
    code: false,
    presets: [require.resolve('@babel/preset-typescript')],
    plugins: ['cache-to-disk/babel-plugin', require.resolve('@babel/plugin-transform-modules-commonjs')],
  });
  const seen = new Set<t.Node>();
  let duplicates = 0;
  traverse(result!.ast!, {
    enter(path) {
      if (seen.has(path.node)) duplicates++;
      seen.add(path.node);
    },
  });
  assert.ok(seen.size > 500);
  assert.is(duplicates, 0);
});

test('a throw inside a rewritten body maps back to the original line and column', () => {
  const out = join(project.root, 'out-maps');
  compileBabel({ root: project.root, files: FORM_FILES, module: 'cjs', outDir: out, babel: { sourceMaps: 'inline' } });
  const script = join(out, 'stack.js');
  require('node:fs').writeFileSync(script, "try { require('./src/forms.js').thrower(1) } catch (e) { console.log(JSON.stringify(e.stack.split('\\n')[1])) }");
  const cache = tempDir('ctd-babel-cache-');
  try {
    const frame = runNode(out, script, cache.path, ['--enable-source-maps']) as string;
    const line = FORMS.split('\n').findIndex((l) => l.includes("throw new RangeError")) + 1;
    assert.match(frame, new RegExp(`forms\\.ts:${line}:\\d+\\)$`));
  } finally {
    cache.remove();
  }
});

test.after(() => project.remove());
test.run();
