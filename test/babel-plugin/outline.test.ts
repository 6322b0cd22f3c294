import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transformSync, type NodePath, type types as t } from '@babel/core';
import { locateModule } from '../../babel-plugin/outline';
import type { FunctionSite, ModuleOutline } from '../../core';

const FILE = '/project/src/a.ts';

function outline(source: string): ModuleOutline {
  let result: ModuleOutline | undefined;
  transformSync(source, {
    filename: FILE,
    babelrc: false,
    configFile: false,
    parserOpts: { plugins: ['typescript', 'decorators'] },
    plugins: [() => ({ visitor: { Program: (p: NodePath<t.Program>) => void (result = locateModule(p, FILE, source).outline) } })],
  });
  return result!;
}

function site(source: string, index = 0): FunctionSite & { text: string } {
  const s = outline(source).sites[index]!;
  return { ...s, text: source.slice(s.range[0], s.range[1]) };
}

function summary(source: string): string[] {
  return outline(source).sites.map((s) => `${s.kind} ${s.qualifiedName}`);
}

test('finds the comment on the function, its variable statement and its export', () => {
  const source = [
    '/** @cacheToDisk */ function a() {}',
    '/** @cacheToDisk */ export function b() {}',
    '/** @cacheToDisk */ export default async function () {}',
    '/** @cacheToDisk */ export const c = () => 1;',
    '/** @cacheToDisk */ const d = async (x: number) => x;',
    '/** @cacheToDisk */ let e = function named() {};',
    '/** @cacheToDisk */ var f = function* () {};',
  ].join('\n');
  assert.equal(summary(source), [
    'function-declaration a',
    'function-declaration b',
    'function-declaration default',
    'arrow c',
    'arrow d',
    'function-expression e',
    'generator f',
  ]);
});

test('names methods by their class and object, and nested functions by their container', () => {
  const source = `
class Client {
  /** @cacheToDisk */ async fetchUser(id: string) { return id; }
  /** @cacheToDisk */ static make() {}
  /** @cacheToDisk */ 'odd key'() {}
  /** @cacheToDisk */ #secret() {}
  /** @cacheToDisk */ constructor() {}
  /** @cacheToDisk */ get size() { return 1; }
  /** @cacheToDisk */ *items() {}
}
const Anonymous = class { /** @cacheToDisk */ m() {} };
export const api = { nested: { /** @cacheToDisk */ call(x: number) { return x; } } };
export default { /** @cacheToDisk */ m() {} };
function outer() {
  /** @cacheToDisk */ function inner() {}
  const arrow = () => { /** @cacheToDisk */ const deep = () => 1; };
}
describe(() => { /** @cacheToDisk */ function inCallback() {} });
`;
  assert.equal(summary(source), [
    'method Client.fetchUser',
    'static-method Client.make',
    'method Client.odd key',
    'method Client.#secret',
    'constructor Client.constructor',
    'accessor Client.size',
    'generator Client.items',
    'method Anonymous.m',
    'object-method api.nested.call',
    'object-method default.m',
    'function-declaration outer.inner',
    'arrow outer.arrow.deep',
    'function-declaration inCallback',
  ]);
});

test('a tag on anything else is a not-a-function site, named for the message', () => {
  const source = `
/** @cacheToDisk */ const x = 1;
/** @cacheToDisk */ export class K {}
class C { /** @cacheToDisk */ field = () => 1; }
run(/** @cacheToDisk */ () => 1);
run(/** @cacheToDisk */ function named() {});
export default /** @cacheToDisk */ (x: number) => x;
`;
  assert.equal(summary(source), [
    'not-a-function x',
    'not-a-function K',
    'not-a-function C.field',
    'not-a-function () => 1',
    'not-a-function named',
    'not-a-function default',
  ]);
});

test('only /** */ blocks that carry the tag count, and only the last block before the node', () => {
  const source = `
// @cacheToDisk
function lineComment() {}
/* @cacheToDisk */
function plainBlock() {}
/** mentions \`@cacheToDisk\` in code quotes */
function quoted() {}
/** @cacheToDisk */
/** an unrelated block in between */
function notDirect() {}
/**
 * Looks up a user.
 * @see elsewhere
 * @cacheToDisk 3 ignore=verbose
 */
function documented(id: string, verbose: boolean) {}
`;
  assert.equal(summary(source), ['function-declaration documented']);
});

test('ranges start at the function own first token: no export, decorator or comment', () => {
  assert.is(site('/** @cacheToDisk */ export default async function f(a) { return a; }').text, 'async function f(a) { return a; }');
  assert.is(site('/** @cacheToDisk */ export const g = async (a) => a;').text, 'async (a) => a');
  assert.is(site('class C { /** @cacheToDisk */ @dec /* c */ static async m(a) {} }').text, 'static async m(a) {}');
  const comment = site('x;\n/** @cacheToDisk 3 */\nfunction f() {}').comment;
  assert.equal(comment, { text: '/** @cacheToDisk 3 */', start: 3 });
});

test('params: names of plain and defaulted identifiers, rest flags, null for patterns, `this` kept', () => {
  const s = site('/** @cacheToDisk */ function f(this: Foo, a: number, b = 2, { c }: X, [d], ...rest: number[]) {}');
  assert.equal(s.params, [
    { name: 'this', rest: false },
    { name: 'a', rest: false },
    { name: 'b', rest: false },
    { name: null, rest: false },
    { name: null, rest: false },
    { name: 'rest', rest: true },
  ]);
  assert.is(s.async, false);
  assert.is(site('/** @cacheToDisk */ const f = async ({ a }) => a;').async, true);
});

test('captures: enclosing-function bindings read or written as values, sorted, nothing else', () => {
  const source = `
import { imported } from 'x';
const moduleLevel = 1;
type T = number;
function outer(param: number, unused: number) {
  const local = 2;
  let counter = 0;
  interface Shape { n: number }
  for (const item of [1]) {
    /** @cacheToDisk */
    function inner(own: T, shadow = local): Shape {
      const param2 = param;
      let shadowed = 1;
      counter += 1;
      const typed = item as unknown as typeof unused;
      inner(own);
      return { n: shadow + param2 + shadowed + moduleLevel + imported + Math.max(own) + typed };
    }
  }
  const self = () => {
    /** @cacheToDisk */
    const rec = (n: number) => (n ? rec(n - 1) : local);
  };
}
`;
  const sites = outline(source).sites;
  assert.equal(sites[0]!.captures, ['counter', 'item', 'local', 'param']);
  assert.equal(sites[1]!.captures, ['local']);
});

test('declarations: top-level functions, classes, variables and enums, export included, types left out', () => {
  const source = `/** doc */
export const a = 1, { b, c: [d] } = obj;
function f() {}
export default class K {}
enum E { X }
type T = string;
interface I {}
export { a as alias };
/** @cacheToDisk */ function g() {}
`;
  const o = outline(source);
  const view = o.declarations.map((d) => ({ names: d.names, text: source.slice(d.range[0], d.range[1]) }));
  assert.equal(view, [
    { names: ['a', 'b', 'd'], text: 'export const a = 1, { b, c: [d] } = obj;' },
    { names: ['f'], text: 'function f() {}' },
    { names: ['K'], text: 'export default class K {}' },
    { names: ['E'], text: 'enum E { X }' },
    { names: ['g'], text: 'function g() {}' },
  ]);
  assert.is(o.file, FILE);
  assert.is(o.source, source);
});

test('imports: default, named, renamed, namespace and string names', () => {
  const source = `import def, { a, b as c, "str name" as d } from './m';
import * as ns from 'node:path';
import type { T } from './types';
import './side-effect';
/** @cacheToDisk */ function f() {}
`;
  assert.equal(outline(source).imports, [
    { local: 'def', specifier: './m', imported: 'default' },
    { local: 'a', specifier: './m', imported: 'a' },
    { local: 'c', specifier: './m', imported: 'b' },
    { local: 'd', specifier: './m', imported: 'str name' },
    { local: 'ns', specifier: 'node:path', imported: '*' },
    { local: 'T', specifier: './types', imported: 'T' },
  ]);
});

test.run();
