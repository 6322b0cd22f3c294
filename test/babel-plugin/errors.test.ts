import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transformFileSync, transformSync } from '@babel/core';
import { join } from 'node:path';
import { compileBabel } from '../helpers/compile-babel';
import { createProject } from './project';

const CASES: Record<string, string> = {
  'src/generator.ts': '/** @cacheToDisk */\nexport function* numbers() {}\n',
  'src/accessor.ts': 'class C {\n  /** @cacheToDisk */\n  get size() { return 1; }\n}\n',
  'src/constructor.ts': 'class C {\n  /** @cacheToDisk */\n  constructor() {}\n}\n',
  'src/not-a-function.ts': '/** @cacheToDisk */\nexport const limit = 3;\n',
  'src/duration.ts': '/** @cacheToDisk 3 weeks */\nfunction f() {}\n',
  'src/negative.ts': '/** @cacheToDisk -1 */\nfunction f() {}\n',
  'src/duplicate.ts': '/**\n * @cacheToDisk 1\n * @cacheToDisk 2\n */\nfunction f() {}\n',
  'src/ignore.ts': '/** @cacheToDisk ignore=nope */\nconst f = (a: number) => a;\n',
  'src/two.ts': '/** @cacheToDisk */\nfunction* a() {}\n\n/** @cacheToDisk */\nconst b = 1;\n',
};

const project = createProject(CASES);
const results = new Map(
  compileBabel({ root: project.root, files: Object.keys(CASES), module: 'cjs' }).map((r) => [r.file, r]),
);

function only(file: string): { line: number; column: number; code: string; message: string } {
  const r = results.get(file)!;
  assert.is(r.code, undefined, `${file} must not compile`);
  assert.is(r.errors.length, 1, JSON.stringify(r.errors));
  assert.is(r.errors[0]!.file, join(project.root, file));
  const { line, column, code, message } = r.errors[0]!;
  return { line, column, code, message };
}

test('untaggable functions fail the build at the function, with core words', () => {
  assert.equal(only('src/generator.ts'), { line: 2, column: 8, code: 'CTD104', message: '"numbers" is a generator; its results cannot be cached.' });
  assert.equal(only('src/accessor.ts'), { line: 3, column: 3, code: 'CTD105', message: '"C.size" is a getter or setter; accessors cannot be cached.' });
  assert.equal(only('src/constructor.ts'), { line: 3, column: 3, code: 'CTD106', message: '"C.constructor" is a constructor; constructors cannot be cached.' });
  assert.equal(only('src/not-a-function.ts'), { line: 2, column: 8, code: 'CTD107', message: '@cacheToDisk is on "limit", which is not a function.' });
});

test('bad tags fail the build at the text at fault', () => {
  assert.is(only('src/duration.ts').code, 'CTD110');
  assert.is(only('src/negative.ts').code, 'CTD102');
  assert.equal(only('src/duplicate.ts'), { line: 3, column: 4, code: 'CTD103', message: 'The function carries more than one @cacheToDisk tag.' });
  assert.equal(only('src/ignore.ts'), {
    line: 1,
    column: 25,
    code: 'CTD109',
    message: 'ignore= names "nope", which is neither a parameter, a captured variable nor `this` of this function.',
  });
});

test('every problem of a file is reported, in source order', () => {
  assert.equal(results.get('src/two.ts')!.errors.map((e) => `${e.line}:${e.column} ${e.code}`), ['2:1 CTD104', '5:1 CTD107']);
});

test('the thrown error reads file:line:column, code, message and hint, then a code frame', () => {
  const file = join(project.root, 'src/generator.ts');
  let error: (Error & { code?: string }) | undefined;
  try {
    transformFileSync(file, { cwd: project.root, babelrc: false, configFile: false, highlightCode: false, plugins: ['cache-to-disk/babel-plugin'] });
  } catch (e) {
    error = e as Error;
  }
  assert.ok(error, 'the build must fail');
  assert.is(error!.code, 'CTD104');
  const lines = error!.message.split('\n');
  assert.is(lines[0], `${file}: ${file}:2:8 CTD104 "numbers" is a generator; its results cannot be cached.`);
  assert.match(lines[1]!, /^Remove the @cacheToDisk tag/);
  assert.match(error!.message, /> 2 \| export function\* numbers\(\) \{\}\n {4}\| {8}\^/);
});

test('a tagged source with no filename is refused with a next step', () => {
  assert.throws(
    () => transformSync('/** @cacheToDisk */ function f() {}', {
      babelrc: false,
      configFile: false,
      plugins: [join(project.root, 'node_modules/cache-to-disk/dist/babel-plugin/index.js')],
    }),
    /Pass `filename`/,
  );
});

test.after(() => project.remove());
test.run();
