import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeModule } from '../../core/analyze';
import { fingerprintFunctionText } from '../../core/fingerprint';
import type { ImportOutline } from '../../core/outline';
import { outlineOf } from './outline-kit';

const FILE = '/nonexistent-ctd/src/a.ts';

/** Fingerprints of every tagged function of a module, by name. */
function fingerprints(statements: string[], imports: ImportOutline[] = []): Record<string, string> {
  const { sites, errors } = analyzeModule(outlineOf(FILE, statements, imports));
  assert.equal(errors, []);
  return Object.fromEntries(sites.map(({ site, descriptor }) => [site.qualifiedName, descriptor.fingerprint]));
}

test('fingerprint: 32 lowercase hex characters', () => {
  assert.match(fingerprintFunctionText('function f(a) { return a }'), /^[0-9a-f]{32}$/);
});

const sameText: Array<[name: string, a: string, b: string]> = [
  ['whitespace and line breaks', 'function f(a,b){return a+b}', 'function f(a, b) {\n  return a + b;\n}'.replace(';', '')],
  ['comments', 'function f(a) { return a /* why */ }', 'function f(a) {\n  // why not\n  return a\n}'],
  ['the name', 'function f(a) { return a }', 'function g(a) { return a }'],
  ['arrow parentheses', 'x => x * 2', '(x) => x * 2'],
  ['async arrow parentheses', 'async x => x * 2', 'async (x) => x * 2'],
  ['quote style', `function f() { return 'it"s' }`, `function f() { return "it\\"s" }`],
  ['string escapes of the same value', `function f() { return '\\x41' }`, `function f() { return 'A' }`],
  ['trailing commas', 'function f(a, b,) { return [a, b,] }', 'function f(a, b) { return [a, b] }'],
  ['method and function forms', 'm(a) { return a }', 'function (a) { return a }'],
];

for (const [name, a, b] of sameText) {
  test(`fingerprint: same for ${name}`, () => {
    assert.is(fingerprintFunctionText(a), fingerprintFunctionText(b));
  });
}

const changedText: Array<[name: string, a: string, b: string]> = [
  ['an operator', 'function f(a) { return a + 1 }', 'function f(a) { return a - 1 }'],
  ['string content', `function f() { return 'a' }`, `function f() { return 'b' }`],
  ['string content whitespace', `function f() { return 'a b' }`, `function f() { return 'a  b' }`],
  ['template content', 'function f(a) { return `x${a}` }', 'function f(a) { return `y${a}` }'],
  ['template whitespace', 'function f(a) { return `${a} ` }', 'function f(a) { return `${a}` }'],
  ['regex versus division', 'function f(a, g) { return a /2/ g }', 'function f(a, g) { return /2/g }'],
  ['regex flags', 'function f(s) { return /x/.test(s) }', 'function f(s) { return /x/i.test(s) }'],
  ['a parameter name', 'function f(a) { return 1 }', 'function f(b) { return 1 }'],
  ['a default value', 'function f(a = 1) { return a }', 'function f(a = 2) { return a }'],
  ['async', 'function f(a) { return a }', 'async function f(a) { return a }'],
  ['async arrow', '(a) => a', 'async (a) => a'],
  ['a hole in an array', 'function f() { return [,] }', 'function f() { return [] }'],
  ['a number spelling', 'function f() { return 1000 }', 'function f() { return 1_000 }'],
  ['a type annotation', 'function f(a: string) { return a }', 'function f(a: number) { return a }'],
];

for (const [name, a, b] of changedText) {
  test(`fingerprint: changed by ${name}`, () => {
    assert.is.not(fingerprintFunctionText(a), fingerprintFunctionText(b));
  });
}

test('fingerprint: a method named async is not async', () => {
  assert.is(fingerprintFunctionText('async() { return 1 }'), fingerprintFunctionText('m() { return 1 }'));
  assert.is.not(fingerprintFunctionText('async m() { return 1 }'), fingerprintFunctionText('m() { return 1 }'));
  assert.is(fingerprintFunctionText('async => 1'), fingerprintFunctionText('(a) => 1'.replace('a', 'async')));
});

test('fingerprint: a computed method name is not the parameter list', () => {
  assert.is(fingerprintFunctionText('[f(1)](a) { return a }'), fingerprintFunctionText('m(a) { return a }'));
});

test('fingerprint: the function text of a real function', () => {
  const double = (x: number): number => x * 2;
  assert.is(fingerprintFunctionText(String(double)), fingerprintFunctionText('(x) => x * 2'));
});

const base = [
  `const RATE = 3;`,
  `function helper(x) { return x * RATE; }`,
  `function unrelated() { return 'u'; }`,
  `/** @cacheToDisk 3 */\nexport function total(a) { return helper(a) + 1; }`,
];

test('fingerprint: module edits that keep the key', () => {
  const before = fingerprints(base);
  const [rate, helper, unrelated, total] = base as [string, string, string, string];
  const variants: Array<[string, string[], ImportOutline[]?]> = [
    ['function moved', [total, rate, helper, unrelated]],
    ['unrelated declaration edited', [rate, helper, `function unrelated() { return 'v'; }`, total]],
    ['duration changed', [rate, helper, unrelated, total.replace('@cacheToDisk 3', '@cacheToDisk 5')]],
    ['ignore= added', [rate, helper, unrelated, total.replace('@cacheToDisk 3', '@cacheToDisk 3 ignore=this')]],
    ['helper comment edited', [rate, `function helper(x) { /* scaled */ return x * RATE; }`, unrelated, total]],
    ['unused import added', base, [{ local: 'z', specifier: 'z', imported: 'z' }]],
  ];
  for (const [name, statements, imports] of variants) {
    assert.equal(fingerprints(statements, imports), before, name);
  }
});

test('fingerprint: module edits that change the key', () => {
  const before = fingerprints(base).total;
  const variants: Array<[string, string[]]> = [
    ['helper edited', [base[0]!, `function helper(x) { return x * RATE * 1; }`, base[2]!, base[3]!]],
    ['constant reached through the helper edited', [`const RATE = 4;`, base[1]!, base[2]!, base[3]!]],
    ['export keyword on a dependency', [`export const RATE = 3;`, base[1]!, base[2]!, base[3]!]],
  ];
  for (const [name, statements] of variants) {
    assert.is.not(fingerprints(statements).total, before, name);
  }
});

test('fingerprint: imports count by specifier and imported name', () => {
  const statements = [`/** @cacheToDisk */\nfunction f(a) { return parse(a); }`];
  const parse = (specifier: string, imported: string): ImportOutline => ({ local: 'parse', specifier, imported });
  const before = fingerprints(statements, [parse('./parse', 'parse')]).f;
  assert.is(fingerprints(statements, [parse('./parse', 'parse'), { local: 'other', specifier: 'x', imported: 'y' }]).f, before);
  assert.is.not(fingerprints(statements, [parse('./parse2', 'parse')]).f, before);
  assert.is.not(fingerprints(statements, [parse('./parse', 'default')]).f, before);
  assert.is.not(fingerprints(statements, []).f, before);
});

test('fingerprint: two functions in one module are independent', () => {
  const statements = [
    `function h1() { return 1; }`,
    `function h2() { return 2; }`,
    `/** @cacheToDisk */\nconst a = () => h1();`,
    `/** @cacheToDisk */\nconst b = async function () { return h2(); };`,
  ];
  const before = fingerprints(statements);
  const after = fingerprints([statements[0]!, `function h2() { return 3; }`, statements[2]!, statements[3]!]);
  assert.is(after.a, before.a);
  assert.is.not(after.b, before.b);
});

test.run();
