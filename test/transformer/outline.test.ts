// What the TypeScript adapter locates: kinds, qualified names, params, captures, declarations
// and imports, as plain data with offsets into the original text.
import * as ts from 'typescript';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { FunctionSite } from '../../core/outline';
import { outlineModule } from '../../transformer/outline';

function outline(source: string) {
  const file = ts.createSourceFile('/p/src/a.ts', source, ts.ScriptTarget.ES2022, true);
  return outlineModule(ts, file).outline;
}

const pick = (s: FunctionSite) => `${s.qualifiedName}:${s.kind}${s.async ? ':async' : ''}`;

test('kinds and qualified names of every form, and the rejected ones', () => {
  const { sites } = outline(`
/** @cacheToDisk */ export default async function () {}
/** @cacheToDisk */ export function f() {}
/** @cacheToDisk */ export const a = async () => 1, b = 2;
const c = 1, /** @cacheToDisk */ fe = function () {};
class C {
  /** @cacheToDisk */ m() {}
  /** @cacheToDisk */ static async s() {}
  /** @cacheToDisk */ get g() { return 1; }
  /** @cacheToDisk */ constructor() {}
  /** @cacheToDisk */ *gen() {}
  /** @cacheToDisk */ p = () => 1;
}
const K = class { /** @cacheToDisk */ m() {} };
const o = { inner: { /** @cacheToDisk */ m() {} } };
function outer() { /** @cacheToDisk */ function inner() {} }
/** @cacheToDisk */ const n = 5;
// @cacheToDisk is not a tag in a line comment
function untagged() {}
/* @cacheToDisk nor in a plain block */
function untagged2() {}
`);
  assert.equal(sites.map(pick), [
    'default:function-declaration:async', 'f:function-declaration', 'a:arrow:async', 'fe:function-expression',
    'C.m:method', 'C.s:static-method:async', 'C.g:accessor', 'C.constructor:constructor', 'C.gen:generator',
    'C.p:not-a-function', 'K.m:method', 'o.inner.m:object-method', 'outer.inner:function-declaration', 'n:not-a-function',
  ]);
});

test('range starts at the function, comment is the raw block, params keep this and rest', () => {
  const source = '/**\n * Docs. @cacheToDisk 3\n */\nexport async function f(this: X, a, { b }, ...r) { return 1; }\n';
  const [site] = outline(source).sites;
  assert.is(source.slice(site!.range[0], site!.range[1]), 'async function f(this: X, a, { b }, ...r) { return 1; }');
  assert.equal(site!.comment, { text: '/**\n * Docs. @cacheToDisk 3\n */', start: 0 });
  assert.equal(site!.params, [
    { name: 'this', rest: false }, { name: 'a', rest: false }, { name: null, rest: false }, { name: 'r', rest: true },
  ]);
});

test('captures: enclosing-function bindings read as values, not module scope, globals, types or writes', () => {
  const { sites } = outline(`
const moduleLevel = 1;
import { imported } from 'x';
function outer(p: number, { q }: { q: number }) {
  var hoisted = 1; let local = 2; const unused = 3; let written = 0;
  function helper() {}
  class Local {}
  type T = typeof local;
  for (const loop of [1]) {
    /** @cacheToDisk */
    const inner = (x: T) => {
      const own = x;
      written = own;
      return p + q + hoisted + local + loop + helper() + new Local() + moduleLevel + imported + Math.max(1)
        + ({ local } as any).local + own + inner.length;
    };
  }
}
function rec(n: number) {
  /** @cacheToDisk */
  function fib(k: number): number { return k < 2 ? k : fib(k - 1) + fib(k - 2) + n; }
}
`);
  assert.equal(sites[0]!.captures, ['Local', 'helper', 'hoisted', 'local', 'loop', 'p', 'q']);
  assert.equal(sites[1]!.captures, ['n']);
});

test('declarations and imports of the module', () => {
  const source = `import d, { a as b, c } from 'm';\nimport * as ns from 'n';\nimport e = require('e');\nexport const x = 1, { y } = {} as any;\nfunction f() {}\nexport class K {}\nenum E { A }\ndeclare const skipped: number;\ninterface I {}\n`;
  const result = outline(source);
  assert.equal(result.imports, [
    { local: 'd', specifier: 'm', imported: 'default' }, { local: 'b', specifier: 'm', imported: 'a' },
    { local: 'c', specifier: 'm', imported: 'c' }, { local: 'ns', specifier: 'n', imported: '*' },
    { local: 'e', specifier: 'e', imported: '*' },
  ]);
  assert.equal(result.declarations.map((d) => [d.names, source.slice(d.range[0], d.range[1])]), [
    [['x', 'y'], 'export const x = 1, { y } = {} as any;'], [['f'], 'function f() {}'],
    [['K'], 'export class K {}'], [['E'], 'enum E { A }'],
  ]);
});

test.run();
