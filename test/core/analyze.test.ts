import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeModule, type ModuleAnalysis } from '../../core/analyze';
import { formatCompileError } from '../../core/messages';
import type { FunctionSite, ModuleOutline } from '../../core/outline';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ctd-analyze-')));
writeFileSync(join(root, 'package.json'), '{}');
const FILE = join(root, 'src', 'a.ts');
test.after(() => rmSync(root, { recursive: true, force: true }));

/**
 * A site over `fnText` (its first occurrence in `source`) with the `/** *\/` block before it,
 * as an adapter would report it.
 */
function site(source: string, fnText: string, fields: Partial<FunctionSite> = {}): FunctionSite {
  const start = source.indexOf(fnText);
  assert.ok(start !== -1, `"${fnText}" not in source`);
  const commentStart = source.lastIndexOf('/**', start);
  const commentEnd = source.indexOf('*/', commentStart) + 2;
  return {
    qualifiedName: 'f',
    kind: 'function-declaration',
    async: false,
    range: [start, start + fnText.length],
    comment: { text: source.slice(commentStart, commentEnd), start: commentStart },
    params: [],
    captures: [],
    ...fields,
  };
}

function analyze(source: string, sites: (source: string) => FunctionSite[]): ModuleAnalysis {
  const outline: ModuleOutline = { file: FILE, source, declarations: [], imports: [], sites: sites(source) };
  return analyzeModule(outline);
}

/** The errors as both front ends print their first line, without the directory. */
function errorLines(analysis: ModuleAnalysis): string[] {
  return analysis.errors.map((e) => formatCompileError(e).split('\n')[0]!.replace(`${root}/`, ''));
}

test('analyze: the smallest descriptor has exactly id, fingerprint and maxAge, in that order', () => {
  const source = '/** @cacheToDisk 3 */\nfunction f(a) { return a; }\n';
  const { sites, errors } = analyze(source, (s) => [site(s, 'function f(a) { return a; }', { params: [{ name: 'a', rest: false }] })]);
  assert.equal(errors, []);
  assert.is(sites.length, 1);
  const { descriptor } = sites[0]!;
  assert.equal(Object.keys(descriptor), ['id', 'fingerprint', 'maxAge']);
  assert.is(descriptor.id, 'src/a.ts#f');
  assert.match(descriptor.fingerprint, /^[0-9a-f]{32}$/);
  assert.is(descriptor.maxAge, 3 * 86_400_000);
});

test('analyze: default and never-expiring durations', () => {
  const source = '/** @cacheToDisk */\nfunction f() {}\n/** @cacheToDisk 0 */\nfunction g() {}\n';
  const { sites } = analyze(source, (s) => [site(s, 'function f() {}'), site(s, 'function g() {}', { qualifiedName: 'g' })]);
  assert.equal(sites.map((x) => x.descriptor.maxAge), [7 * 86_400_000, 0]);
});

test('analyze: async is set only when true, and changes the fingerprint', () => {
  const source = '/** @cacheToDisk */\nasync function f() { return 1; }\n';
  const fn = 'async function f() { return 1; }';
  const [asyncSite] = analyze(source, (s) => [site(s, fn, { async: true })]).sites;
  const [plainSite] = analyze(source, (s) => [site(s, fn)]).sites;
  assert.is(asyncSite!.descriptor.async, true);
  assert.ok(!('async' in plainSite!.descriptor));
  assert.is.not(asyncSite!.descriptor.fingerprint, plainSite!.descriptor.fingerprint);
});

const keyThisCases: Array<[name: string, kind: FunctionSite['kind'], fn: string, tag: string, keyThis: boolean]> = [
  ['a method that uses this', 'method', 'm() { return this.x; }', '@cacheToDisk', true],
  ['an object method that uses this', 'object-method', 'm() { return this.x; }', '@cacheToDisk', true],
  ['a function declaration that uses this', 'function-declaration', 'function m() { return this; }', '@cacheToDisk', true],
  ['a function expression that uses this', 'function-expression', 'function () { return this; }', '@cacheToDisk', true],
  ['a method that does not use this', 'method', 'm() { return 1; }', '@cacheToDisk', false],
  ['a method that only reads a property named this', 'method', 'm(o) { return o.this; }', '@cacheToDisk', false],
  ['a method with ignore=this', 'method', 'm() { return this.x; }', '@cacheToDisk ignore=this', false],
  ['a static method', 'static-method', 'm() { return this.x; }', '@cacheToDisk', false],
  ['an arrow', 'arrow', '() => this', '@cacheToDisk', false],
];

for (const [name, kind, fn, tag, keyThis] of keyThisCases) {
  test(`analyze: keyThis ${keyThis ? 'set' : 'absent'} for ${name}`, () => {
    const source = `class C {\n  /** ${tag} */\n  ${fn}\n}\n`;
    const { sites, errors } = analyze(source, (s) => [site(s, fn, { kind, qualifiedName: 'C.m', params: fn.startsWith('m(o)') ? [{ name: 'o', rest: false }] : [] })]);
    assert.equal(errors, []);
    assert.is(sites[0]!.descriptor.keyThis, keyThis ? true : undefined);
    assert.is('keyThis' in sites[0]!.descriptor, keyThis);
  });
}

test('analyze: ignore= resolves parameters, a rest parameter and captures; a TS this parameter does not count', () => {
  const fn = 'function f(this: C, a, { x }, b, ...rest) { return a + x + b + n + m; }';
  const source = `/** @cacheToDisk 1 ignore=b,a,rest,n */\n${fn}\n`;
  const { sites, errors } = analyze(source, (s) => [
    site(s, fn, {
      params: [
        { name: 'this', rest: false },
        { name: 'a', rest: false },
        { name: null, rest: false },
        { name: 'b', rest: false },
        { name: 'rest', rest: true },
      ],
      captures: ['m', 'n'],
    }),
  ]);
  assert.equal(errors, []);
  const { descriptor } = sites[0]!;
  assert.equal(descriptor.ignoreArgs, [0, 2]);
  assert.is(descriptor.ignoreRestFrom, 3);
  assert.equal(descriptor.captures, ['m']);
  assert.equal(Object.keys(descriptor), ['id', 'fingerprint', 'maxAge', 'ignoreArgs', 'ignoreRestFrom', 'captures']);
});

test('analyze: captures are kept in order and omitted when all are ignored', () => {
  const source = '/** @cacheToDisk */\nconst f = () => a + b;\n/** @cacheToDisk ignore=a,b */\nconst g = () => b + a;\n';
  const { sites, errors } = analyze(source, (s) => [
    site(s, '() => a + b', { kind: 'arrow', captures: ['a', 'b'] }),
    site(s, '() => b + a', { kind: 'arrow', captures: ['a', 'b'], qualifiedName: 'g' }),
  ]);
  assert.equal(errors, []);
  assert.equal(sites[0]!.descriptor.captures, ['a', 'b']);
  assert.ok(!('captures' in sites[1]!.descriptor));
});

test('analyze: an ignore= name that matches nothing is an error listing the valid names', () => {
  const fn = 'm(a, { b }) { return a + c + this.x; }';
  const source = `class C {\n  /** @cacheToDisk ignore=a,nope */\n  ${fn}\n}\n`;
  const analysis = analyze(source, (s) => [site(s, fn, { kind: 'method', qualifiedName: 'C.m', params: [{ name: 'a', rest: false }, { name: null, rest: false }], captures: ['c'] })]);
  assert.equal(analysis.sites, []);
  assert.equal(errorLines(analysis), ['src/a.ts:2:29 CTD109 ignore= names "nope", which is neither a parameter, a captured variable nor `this` of this function.']);
  assert.is(analysis.errors[0]!.hint, 'Names that can be ignored here: this, a, c.');
});

test('analyze: ignore=this on an arrow or a static method matches nothing', () => {
  for (const kind of ['arrow', 'static-method'] as const) {
    const fn = kind === 'arrow' ? '() => 1' : 'm() { return 1; }';
    const source = `/** @cacheToDisk ignore=this */\n${fn}\n`;
    const analysis = analyze(source, (s) => [site(s, fn, { kind })]);
    assert.equal(analysis.errors.map((e) => e.code), ['CTD109'], kind);
    assert.match(analysis.errors[0]!.hint, /no parameter, captured variable or `this`/);
  }
});

const rejected: Array<[kind: FunctionSite['kind'], fn: string, line: string]> = [
  ['generator', 'function* f() {}', 'src/a.ts:3:3 CTD104 "f" is a generator; its results cannot be cached.'],
  ['accessor', 'get f() { return 1; }', 'src/a.ts:3:3 CTD105 "f" is a getter or setter; accessors cannot be cached.'],
  ['constructor', 'constructor() {}', 'src/a.ts:3:3 CTD106 "f" is a constructor; constructors cannot be cached.'],
  ['not-a-function', 'x = 1;', 'src/a.ts:3:3 CTD107 @cacheToDisk is on "f", which is not a function.'],
];

for (const [kind, fn, line] of rejected) {
  test(`analyze: ${kind} is rejected at the function`, () => {
    const source = `// header\n/** @cacheToDisk 3x */\n  ${fn}\n`;
    const analysis = analyze(source, (s) => [site(s, fn, { kind })]);
    assert.equal(analysis.sites, []);
    assert.equal(errorLines(analysis), [line]);
  });
}

const tagErrors: Array<[tag: string, line: string]> = [
  ['@cacheToDisk 3x', 'src/a.ts:3:17 CTD101 "3x" is not a duration.'],
  ['@cacheToDisk -1', 'src/a.ts:3:17 CTD102 The duration "-1" is negative.'],
  ['@cacheToDisk ignore=a,,b', 'src/a.ts:3:17 CTD108 "ignore=a,,b" is not a valid ignore list.'],
  ['@cacheToDisk 2 weeks', 'src/a.ts:3:19 CTD110 Unexpected "weeks" after @cacheToDisk.'],
  ['@cacheToDisk 1 @cacheToDisk 2', 'src/a.ts:3:19 CTD103 The function carries more than one @cacheToDisk tag.'],
];

for (const [tag, line] of tagErrors) {
  test(`analyze: "${tag}" is reported at the problem`, () => {
    const source = `/**\n * Doc.\n * ${tag}\n */\r\nfunction f(a) {}\n`;
    const analysis = analyze(source, (s) => [site(s, 'function f(a) {}', { params: [{ name: 'a', rest: false }] })]);
    assert.equal(analysis.sites, []);
    assert.equal(errorLines(analysis), [line]);
  });
}

test('analyze: two tags in one comment, and two tagged comments on one function', () => {
  const source = '/**\n * @cacheToDisk 1\n * @cacheToDisk 2\n */\nfunction f() {}\n';
  assert.equal(errorLines(analyze(source, (s) => [site(s, 'function f() {}')])), [
    'src/a.ts:3:4 CTD103 The function carries more than one @cacheToDisk tag.',
  ]);
  const twoComments = '/** @cacheToDisk 1 */\n/** @cacheToDisk 2 */\nfunction f() {}\n';
  const analysis = analyze(twoComments, (s) => {
    const second = site(s, 'function f() {}');
    return [{ ...second, comment: { text: '/** @cacheToDisk 1 */', start: 0 } }, second];
  });
  assert.is(analysis.sites.length, 1);
  assert.equal(errorLines(analysis), ['src/a.ts:2:5 CTD103 The function carries more than one @cacheToDisk tag.']);
});

test('analyze: a comment that only mentions the tag is no site and no error', () => {
  const source = '/** Unlike `@cacheToDisk`, this is not cached. */\nfunction* f() {}\n';
  assert.equal(analyze(source, (s) => [site(s, 'function* f() {}', { kind: 'generator' })]), { sites: [], errors: [] });
});

test('analyze: errors come in source order with file, offset, line and column', () => {
  const source = '/** @cacheToDisk */\nfunction* g() {}\n/** @cacheToDisk x */\nfunction f() {}\n';
  const analysis = analyze(source, (s) => [site(s, 'function f() {}'), site(s, 'function* g() {}', { kind: 'generator', qualifiedName: 'g' })]);
  assert.equal(Object.keys(analysis.errors[0]!), ['code', 'message', 'hint', 'file', 'start', 'line', 'column']);
  assert.equal(Object.keys(analysis.errors[1]!), ['code', 'message', 'hint', 'file', 'start', 'line', 'column']);
  assert.equal(analysis.errors.map((e) => [e.code, e.file, e.start, e.line, e.column]), [
    ['CTD104', FILE, source.indexOf('function*'), 2, 1],
    ['CTD110', FILE, source.indexOf('x */'), 3, 18],
  ]);
  assert.is(formatCompileError(analysis.errors[0]!), `${FILE}:2:1 CTD104 "g" is a generator; its results cannot be cached.\n${analysis.errors[0]!.hint}`);
});

test.run();

test('analyze: a method that reaches siblings through this or super depends on its whole class', () => {
  const method = 'total(a) { return this.rate(a) + 1; }';
  const fingerprint = (rateBody: string, text = method): string => {
    const source = `class C {\n  rate(x) { return ${rateBody}; }\n  /** @cacheToDisk */\n  ${text}\n}\n`;
    const outline: ModuleOutline = {
      file: FILE,
      source,
      declarations: [{ names: ['C'], range: [0, source.length - 1] }],
      imports: [],
      sites: [site(source, text, { kind: 'method', qualifiedName: 'C.total' })],
    };
    return analyzeModule(outline).sites[0]!.descriptor.fingerprint;
  };
  assert.is.not(fingerprint('x * 2'), fingerprint('x * 3'), 'editing the sibling this.rate() reaches changes the key');
  const plain = 'total(a) { return a + 1; }';
  assert.is(fingerprint('x * 2', plain), fingerprint('x * 3', plain), 'a method that never uses this does not depend on its class');
});

test('analyze: a TypeScript this parameter alone does not key this', () => {
  const keyThis = (text: string): boolean | undefined => {
    const source = `/** @cacheToDisk */\nfunction ${text}\n`;
    return analyze(source, (s) => [site(s, `function ${text}`)]).sites[0]!.descriptor.keyThis;
  };
  assert.is(keyThis('f(this: Db, id: string) { return id; }'), undefined);
  assert.is(keyThis('f(this: Db, id: string) { return this.get(id); }'), true);
  assert.is(keyThis('f(id: string) { return g(this); }'), true);
});
