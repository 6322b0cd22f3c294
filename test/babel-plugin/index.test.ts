// The package entry `cache-to-disk/babel-plugin` loaded every way users load it, and Babel 8.
//
// Babel 8 is not a dependency of this package (one node_modules holds one @babel/core): the test
// installs it into a folder of its own (test/helpers/toolchain.ts). Its engines ask for Node
// 22.18+, yet it runs on Node 20.19+ through require(esm), which is what this test checks there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transformFileAsync } from '@babel/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBabel } from '../helpers/compile-babel';
import { assertMissThenHit, FORM_FILES, FORM_SOURCES } from './forms';
import { createProject, REPO, run } from './project';
import { toolchain } from '../helpers/toolchain';

const TAGGED = '/** @cacheToDisk */\nexport function f(a: number) { return a; }\n';
const project = createProject({ 'src/a.ts': TAGGED, ...FORM_SOURCES });
const typescript = require.resolve('@babel/preset-typescript', { paths: [REPO] });

test('require() gives the plugin function, which is also its own default', () => {
  const plugin = require('cache-to-disk/babel-plugin');
  assert.type(plugin, 'function');
  assert.is(plugin.default, plugin);
});

test('ES module importers get the function as the default export', () => {
  writeFileSync(
    join(project.root, 'check.mjs'),
    "import plugin, * as ns from 'cache-to-disk/babel-plugin';\nconsole.log(JSON.stringify([typeof plugin, plugin.default === plugin, ns.default === plugin]));\n",
  );
  assert.is(run(process.execPath, ['check.mjs'], project.root).trim(), '["function",true,true]');
});

test('configs name it as a string or pass the imported value, from CommonJS or ES module files', async () => {
  const configs: Record<string, string> = {
    'name.cjs': `module.exports = { presets: [${JSON.stringify(typescript)}], plugins: ['cache-to-disk/babel-plugin'] };`,
    'value.cjs': `module.exports = { presets: [${JSON.stringify(typescript)}], plugins: [require('cache-to-disk/babel-plugin')] };`,
    'name.mjs': `export default { presets: [${JSON.stringify(typescript)}], plugins: ['cache-to-disk/babel-plugin'] };`,
    'value.mjs': `import ctd from 'cache-to-disk/babel-plugin';\nexport default { presets: [${JSON.stringify(typescript)}], plugins: [ctd] };`,
  };
  for (const [name, text] of Object.entries(configs)) {
    const configFile = join(project.root, `babel.config.${name}`);
    writeFileSync(configFile, text);
    const result = await transformFileAsync(join(project.root, 'src/a.ts'), { cwd: project.root, configFile, babelrc: false });
    assert.match(result!.code!, /_ctd\.call\(_ctd_f, this, arguments, a => \{/, name);
  }
});

test('Babel 8: same sites and keys as Babel 7, and every form caches (CJS and ESM)', () => {
  const babel8 = toolchain(['@babel/core@8', '@babel/preset-typescript@8', '@babel/plugin-transform-modules-commonjs@8']);
  const version = (require(require.resolve('@babel/core', { paths: [babel8] })) as { version: string }).version;
  assert.match(version, /^8\./);
  const keys = (from?: string): string[] =>
    compileBabel({ root: project.root, files: ['src/forms.ts'], module: 'esm', ...(from ? { babelFrom: from } : {}) })[0]!.sites.map(
      (s) => `${s.functionId} ${s.fingerprint} ${JSON.stringify(s.site)}`,
    );
  assert.equal(keys(babel8), keys());
  for (const module of ['cjs', 'esm'] as const) {
    const out = join(project.root, `out8-${module}`);
    const results = compileBabel({ root: project.root, files: FORM_FILES, module, outDir: out, babelFrom: babel8 });
    for (const r of results) assert.equal([...r.errors, ...r.diagnostics], [], r.file);
    assertMissThenHit(out);
  }
});

test.after(() => project.remove());
test.run();
