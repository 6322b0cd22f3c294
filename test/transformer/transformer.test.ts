// The transformer as a user runs it: real tspc over a temp project, output run by real node
// processes sharing one cache directory.
import { readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import * as ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileTsc } from '../helpers/compile-tsc';
import { EXPECTED_RESULTS, EXPECTED_SHAPE, FORMS_TS, mainTs, type FormsReport } from './forms';
import { remove, runJson, tempDir, tempProject, tspc, tsconfig, writeFiles } from './project';

// Through the package name, as users load it (types from the source: dist may not exist yet).
const transformer = (require('cache-to-disk/transformer') as typeof import('../../transformer')).default;

type Info = FormsReport['info'];

function assertAll(info: Info, expected: { hits: number; misses: number }, except: string[] = []): void {
  for (const [name, stats] of Object.entries(info)) {
    if (except.includes(name)) continue;
    assert.equal({ name, hits: stats.hits, misses: stats.misses }, { name, ...expected });
  }
}

function formsAcrossProcesses(kind: 'cjs' | 'esm'): void {
  const root = tempProject(`forms-${kind}`, {
    'package.json': JSON.stringify({ name: `forms-${kind}`, version: '1.0.0', type: kind === 'esm' ? 'module' : 'commonjs' }),
    'tsconfig.json': tsconfig(kind === 'esm'
      ? { module: 'nodenext', moduleResolution: 'nodenext' }
      : { module: 'commonjs', esModuleInterop: true }),
    'src/forms.ts': FORMS_TS,
    'src/main.ts': mainTs('.js'),
  });
  const cache = tempDir('cache');
  try {
    const build = tspc(root, '-p', '.');
    assert.is(build.status, 0, build.stdout + build.stderr);
    const out = readFileSync(join(root, 'dist/forms.js'), 'utf8');
    assert.ok(kind === 'esm'
      ? out.includes('import * as _ctd from "cache-to-disk/runtime";')
      : out.includes('const _ctd = require("cache-to-disk/runtime");'), out);

    const first = runJson<FormsReport>(root, 'dist/main.js', cache);
    assert.equal(first.results, EXPECTED_RESULTS);
    assert.is(first.thrown, 'RangeError: bad 1');
    assert.equal(Object.fromEntries(Object.entries(first.shape).filter(([k]) => k !== 'def')), EXPECTED_SHAPE);
    assert.is(first.info.declared!.misses, 2, 'the hoisted call before the declaration went through the cache');
    assertAll(first.info, { hits: 0, misses: 1 }, ['declared']);

    const second = runJson<FormsReport>(root, 'dist/main.js', cache);
    assert.equal(second.results, EXPECTED_RESULTS);
    assert.is(second.thrown, 'RangeError: bad 1');
    assert.is(second.bodies, 1, 'only the throwing body runs again');
    assert.equal(second.info.thrower, { hits: 0, misses: 1, nocache: 0 });
    assert.is(second.info.declared!.hits, 2);
    assertAll(second.info, { hits: 1, misses: 0 }, ['declared', 'thrower']);
  } finally {
    remove(root, cache);
  }
}

test('every form caches across processes: CommonJS output', () => formsAcrossProcesses('cjs'));
test('every form caches across processes: ES module output (nodenext)', () => formsAcrossProcesses('esm'));

test('compile errors: tspc prints file:line:column with the CTD code and exits non-zero', () => {
  const source = [
    'export const ok = 1;',
    '/** @cacheToDisk */',
    'export function* gen() { yield 1; }',
    'export class C {',
    '  /** @cacheToDisk 3 weeks */',
    '  m() { return 1; }',
    '}',
    '',
  ].join('\n');
  const root = tempProject('errors', {
    'package.json': '{"name":"errors","version":"1.0.0"}',
    'tsconfig.json': tsconfig({ module: 'commonjs' }),
    'src/bad.ts': source,
  });
  try {
    const pretty = tspc(root, '-p', '.', '--pretty');
    assert.is.not(pretty.status, 0);
    const text = pretty.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    assert.match(text, /src\/bad\.ts:3:8 - error TS\d+: CTD1\d\d /);
    assert.match(text, /src\/bad\.ts:5:\d+ - error TS\d+: CTD1\d\d /);
    assert.match(text, /CTD1\d\d .+ — /);
  } finally {
    remove(root);
  }
});

const UNTAGGED = `
import { join } from 'node:path';
/** Not cached: @cacheToDiskless mentions only. */
export function joinAll(...parts: string[]) { return join(...parts); }
export const arrow = async (a: number, { b = 2 }: { b?: number } = {}) => a + b;
export default class K { static s = 1; m<T>(x: T): T { return x; } }
`;

test('untagged files and declarations are byte-identical with and without the plugin', () => {
  const root = tempDir('untagged');
  try {
    writeFiles(root, {
      'package.json': '{"name":"untagged","version":"1.0.0"}',
      'src/untagged.ts': UNTAGGED,
      'src/mention.ts': `// @cacheToDisk in a line comment is not a tag\nexport function f(a: number) { return a; }\n`,
      'src/tagged.ts': FORMS_TS,
    });
    for (const module of ['cjs', 'esm'] as const) {
      const on = compileTsc({ root, module });
      const off = compileTsc({ root, module, plugin: false });
      assert.equal(on.diagnostics, []);
      for (const name of ['src/untagged.js', 'src/mention.js', 'src/untagged.js.map', 'src/untagged.d.ts', 'src/tagged.d.ts']) {
        assert.ok(on.files[name] !== undefined, name);
        assert.is(on.files[name], off.files[name], `${module} ${name}`);
      }
      assert.is.not(on.files['src/tagged.js'], off.files['src/tagged.js']);
      assert.is(on.sites.length, 15);
    }
  } finally {
    remove(root);
  }
});

test('a file without the tag text is returned as the same SourceFile object', () => {
  const file = ts.createSourceFile('/x/a.ts', UNTAGGED, ts.ScriptTarget.ES2022, true);
  const program = ts.createProgram({ rootNames: [], options: {} });
  const factory = transformer(program, {}, { ts });
  const result = ts.transform(file, [factory]);
  assert.ok(result.transformed[0] === file);
  result.dispose();
});

test('every module kind gets a runtime binding the emitted module system keeps', () => {
  const root = tempDir('kinds');
  try {
    writeFiles(root, {
      'package.json': '{"name":"kinds","version":"1.0.0"}',
      'src/a.ts': '/** @cacheToDisk */\nexport function f(a: number) { return a; }\n/** @cacheToDisk */\nexport const g = (a: number) => a + 1;\n',
      'src/b.cts': '/** @cacheToDisk */\nexport function g(a: number) { return a; }\n',
      'src/c.mts': '/** @cacheToDisk */\nexport function h(a: number) { return a; }\n',
    });
    const kinds: [string, ts.CompilerOptions, Record<string, RegExp>][] = [
      ['commonjs', { module: ts.ModuleKind.CommonJS }, {
        'src/a.js': /const _ctd = require\("cache-to-disk\/runtime"\);\n.*\n.*\n_ctd\.link\(f, _ctd_f\);[^]*const g = \(_a, \.\.\._r\) => _ctd\.call\(_ctd_g, undefined, \[_a, \.\.\._r\], \(a\) => a \+ 1\);\nexports\.g = g;\n_ctd\.link\(exports\.g, _ctd_g\);/,
      }],
      ['es2022', { module: ts.ModuleKind.ES2022 }, { 'src/a.js': /^import \* as _ctd from "cache-to-disk\/runtime";/m }],
      ['esnext', { module: ts.ModuleKind.ESNext }, { 'src/a.js': /^import \* as _ctd from "cache-to-disk\/runtime";/m }],
      ['node16', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }, {
        'src/a.js': /const _ctd = require\("cache-to-disk\/runtime"\)/,
        'src/b.cjs': /const _ctd = require\("cache-to-disk\/runtime"\)/,
        'src/c.mjs': /^import \* as _ctd from "cache-to-disk\/runtime";/m,
      }],
      ['nodenext', { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }, {
        'src/b.cjs': /const _ctd = require\("cache-to-disk\/runtime"\)/,
        'src/c.mjs': /^import \* as _ctd from "cache-to-disk\/runtime";/m,
      }],
    ];
    for (const [name, compilerOptions, expected] of kinds) {
      const { files, diagnostics } = compileTsc({ root, compilerOptions });
      assert.equal(diagnostics, [], name);
      for (const [file, pattern] of Object.entries(expected)) assert.match(files[file] ?? '', pattern, `${name} ${file}`);
    }
  } finally {
    remove(root);
  }
});

test('source maps of rewritten functions still point into the original lines', () => {
  const root = tempDir('maps');
  try {
    writeFiles(root, { 'package.json': '{"name":"maps","version":"1.0.0"}', 'src/tagged.ts': FORMS_TS });
    const { files } = compileTsc({ root });
    const js = files['src/tagged.js']!;
    const map = new SourceMap(JSON.parse(files['src/tagged.js.map']!));
    const original = FORMS_TS.split('\n');
    for (const needle of ['return helper(a) + b + rest.length;', "throw new RangeError('bad ' + n)", 'return this.base * n;']) {
      const lines = js.split('\n');
      const line = lines.findIndex((l) => l.includes(needle));
      assert.ok(line >= 0, needle);
      const entry = map.findEntry(line, lines[line]!.indexOf(needle)) as { originalLine: number; originalColumn: number };
      assert.ok(original[entry.originalLine]!.includes(needle), `${needle} maps to: ${original[entry.originalLine]}`);
      assert.is(original[entry.originalLine]!.indexOf(needle), entry.originalColumn);
    }
  } finally {
    remove(root);
  }
});

const EDITED = `
import { cacheInfo } from 'cache-to-disk';
const BASE = 1;
function helper(n: number) { return n + BASE; }
/** @cacheToDisk */
export function work(n: number) { return helper(n) * 2; }
work(3);
console.log(JSON.stringify(cacheInfo(work)));
`;

test('edits: comments and moves keep the key; body and helper edits change it (new processes)', () => {
  const root = tempProject('edits', { 'package.json': '{"name":"edits","version":"1.0.0"}', 'src/main.ts': EDITED });
  const cache = tempDir('cache');
  const outDir = join(root, 'dist');
  const step = (source: string) => {
    writeFileSync(join(root, 'src/main.ts'), source);
    const { diagnostics } = compileTsc({ root, files: ['src/main.ts'], outDir });
    assert.equal(diagnostics, []);
    return runJson<{ hits: number; misses: number }>(root, 'dist/src/main.js', cache);
  };
  try {
    assert.is(step(EDITED).misses, 1);
    assert.is(step(EDITED).hits, 1, 'unchanged: hit');
    assert.is(step(EDITED.replace('/** @cacheToDisk */', '/**\n * Doubles.\n * @cacheToDisk 30\n */')).hits, 1, 'comment and duration edit: hit');
    const moved = EDITED.replace(/\/\*\* @cacheToDisk \*\/\nexport function work[^\n]*\n/, '')
      .replace('console.log', '\n\n/** @cacheToDisk */\nexport function work(n: number) {\n  return helper(n) * 2;\n}\nconsole.log');
    assert.is(step(moved).hits, 1, 'moved down and reformatted: hit');
    assert.is(step(EDITED.replace('* 2;', '* 3;')).misses, 1, 'body edit: miss');
    assert.is(step(EDITED.replace('n + BASE', 'n - BASE')).misses, 1, 'helper edit: miss');
    assert.is(step(EDITED.replace('const BASE = 1', 'const BASE = 2')).misses, 1, 'constant used by the helper: miss');
  } finally {
    remove(root, cache);
  }
});

test.run();
