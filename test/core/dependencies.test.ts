import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dependencyResolver, referencedNames } from '../../core/dependencies';
import type { ImportOutline } from '../../core/outline';
import { tokenize } from '../../core/tokens';
import { outlineOf } from './outline-kit';

const referenced: Array<[source: string, names: string[]]> = [
  ['a + b', ['a', 'b']],
  ['obj.config + obj?.other', ['obj']],
  ['this.#cache.get(key)', ['key']],
  ['const x = y', ['x', 'y']],
  ['typeof z === "string"', ['z']],
  ['`${tpl}`', ['tpl']],
];

for (const [source, names] of referenced) {
  test(`dependencies: ${source} references ${names.join(', ')}`, () => {
    assert.equal([...referencedNames(tokenize(source))], names);
  });
}

/** Names of the declarations and `local←specifier:imported` of the imports a function reaches. */
function closure(statements: string[], fn: string, imports: ImportOutline[] = []): { declarations: string[]; imports: string[] } {
  const outline = outlineOf('/x/a.ts', statements, imports);
  const result = dependencyResolver(outline)(tokenize(fn));
  return {
    declarations: result.declarations.map((d) => d.names.join(',')),
    imports: result.imports.map((i) => `${i.local}<-${i.specifier}:${i.imported}`).sort(),
  };
}

test('dependencies: transitive, in source order, without unrelated declarations', () => {
  const statements = [
    'const BASE = 10;',
    'function scale(x) { return x * BASE; }',
    'function unrelated() { return scale; }',
    'class Client { get() { return scale(1); } }',
  ];
  assert.equal(closure(statements, '(a) => new Client().get(a)'), { declarations: ['BASE', 'scale', 'Client'], imports: [] });
});

test('dependencies: property names do not reach declarations of the same name', () => {
  assert.equal(closure(['const config = 1;'], '(o) => o.config + o?.config'), { declarations: [], imports: [] });
});

test('dependencies: cycles terminate', () => {
  const statements = ['function even(n) { return n === 0 || odd(n - 1); }', 'function odd(n) { return n !== 0 && even(n - 1); }'];
  assert.equal(closure(statements, '(n) => even(n)').declarations, ['even', 'odd']);
});

test('dependencies: every declaration of a name is reached (overloads)', () => {
  const statements = ['function f(a: string): string;', 'function f(a: number): number;', 'function f(a: any) { return a; }'];
  assert.equal(closure(statements, '() => f(1)').declarations, ['f', 'f', 'f']);
});

test('dependencies: a statement declaring several names is reached through any of them', () => {
  const outline = outlineOf('/x/a.ts', ['const a = 1, b = 2;']);
  outline.declarations[0]!.names = ['a', 'b'];
  assert.equal(dependencyResolver(outline)(tokenize('() => b')).declarations.map((d) => d.names), [['a', 'b']]);
});

test('dependencies: imports used by the function or by what it reaches', () => {
  const imports: ImportOutline[] = [
    { local: 'readFile', specifier: 'node:fs/promises', imported: 'readFile' },
    { local: 'path', specifier: 'node:path', imported: '*' },
    { local: 'unused', specifier: 'x', imported: 'default' },
  ];
  const statements = ['function load(p) { return readFile(p); }'];
  assert.equal(closure(statements, '(p) => load(path.join(p))', imports), {
    declarations: ['load'],
    imports: ['path<-node:path:*', 'readFile<-node:fs/promises:readFile'],
  });
});

test('dependencies: a declaration containing the function is reached when mentioned', () => {
  const statements = ['class C { static make() { return new C(); } m() { return C.make(); } }'];
  assert.equal(closure(statements, 'm() { return C.make(); }').declarations, ['C']);
});

test.run();
