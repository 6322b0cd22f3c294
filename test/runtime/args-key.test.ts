import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { argsKey, type KeySpec, type Unkeyable } from '../../runtime/args-key';

const plain: KeySpec = { keyThis: false, ignored: [], ignoreRestFrom: Infinity, captureNames: [] };

function key(args: unknown[], spec: KeySpec = plain, thisArg?: unknown, captures?: unknown[]): string {
  const k = argsKey(spec, thisArg, args, captures);
  if (typeof k !== 'string') throw new Error(`unexpectedly unkeyable: ${k.path} is ${k.what}`);
  return k;
}

function failure(args: unknown[], spec: KeySpec = plain, thisArg?: unknown, captures?: unknown[]): Unkeyable {
  const k = argsKey(spec, thisArg, args, captures);
  if (typeof k === 'string') throw new Error(`unexpectedly keyable: ${k}`);
  return k;
}

class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}
class Vector {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

function cyclic(label: string): object {
  const node: Record<string, unknown> = { label };
  node.self = node;
  return node;
}

const bytes = [1, 2, 3, 4];
const bigA = Buffer.alloc(1000, 7);
const bigB = Buffer.alloc(1000, 7);
bigB[999] = 8;

const equal: Array<[string, unknown[], unknown[]]> = [
  ['object key order', [{ a: 1, b: 2 }], [{ b: 2, a: 1 }]],
  ['nested key order', [{ o: { x: [1, { p: 1, q: 2 }] } }], [{ o: { x: [1, { q: 2, p: 1 }] } }]],
  ['trailing undefined = missing', [1, undefined], [1]],
  ['all undefined = no arguments', [undefined, undefined], []],
  ['NaN is one value', [NaN], [Number('x')]],
  ['Map insertion order', [new Map<unknown, unknown>([[1, 'a'], ['k', { z: 1 }]])], [new Map<unknown, unknown>([['k', { z: 1 }], [1, 'a']])]],
  ['Set insertion order', [new Set([3, 'x', 1n])], [new Set([1n, 'x', 3])]],
  ['Date by time', [new Date(5)], [new Date(5)]],
  ['RegExp by source and flags', [/a+/gi], [new RegExp('a+', 'gi')]],
  ['URL by href', [new URL('https://example.com/a?b=1')], [new URL('https://example.com/a?b=1')]],
  ['Buffer by bytes', [Buffer.from(bytes)], [Buffer.from(bytes)]],
  ['large Buffer by hash', [Buffer.alloc(1000, 7)], [bigA]],
  ['class instance by name and fields', [new Point(1, 2)], [new Point(1, 2)]],
  ['cycles of the same shape', [cyclic('a')], [cyclic('a')]],
  ['boxed primitive', [Object(1)], [Object(1)]],
  ['Error by class and message', [new TypeError('x')], [new TypeError('x')]],
  ['URLSearchParams', [new URLSearchParams('a=1&b=2')], [new URLSearchParams('a=1&b=2')]],
  ['shared reference vs copy', [[{ a: 1 }, { a: 1 }]], [(() => { const o = { a: 1 }; return [o, o]; })()]],
];

const unequal: Array<[string, unknown[], unknown[]]> = [
  ['1 vs "1"', [1], ['1']],
  ['1 vs 1n', [1], [1n]],
  ['1 vs true', [1], [true]],
  ['"1" vs 1n', ['1'], [1n]],
  ['"true" vs true', ['true'], [true]],
  ['0 vs -0', [0], [-0]],
  ['null vs undefined inside an array', [[null]], [[undefined]]],
  ['null vs "null"', [null], ['null']],
  ['[] vs {}', [[]], [{}]],
  ['string boundaries', ['ab', 'c'], ['a', 'bc']],
  ['array boundaries', [['ab', 'c']], [['a', 'bc']]],
  ['hole vs undefined', [[, 1]], [[undefined, 1]]],
  ['missing key vs undefined value', [{}], [{ a: undefined }]],
  ['Buffer vs Uint8Array', [Buffer.from(bytes)], [new Uint8Array(bytes)]],
  ['Uint8Array vs ArrayBuffer', [new Uint8Array(bytes)], [new Uint8Array(bytes).buffer]],
  ['Int8Array vs Uint8Array', [new Int8Array(bytes)], [new Uint8Array(bytes)]],
  ['DataView vs Uint8Array', [new DataView(new Uint8Array(bytes).buffer)], [new Uint8Array(bytes)]],
  ['typed array bytes', [new Uint8Array([1, 2])], [new Uint8Array([1, 3])]],
  ['typed array view offset', [new Uint8Array(bytes).subarray(1)], [new Uint8Array(bytes)]],
  ['large buffers differing in the last byte', [bigA], [bigB]],
  ['class instance vs plain object', [new Point(1, 2)], [{ x: 1, y: 2 }]],
  ['different classes, same fields', [new Point(1, 2)], [new Vector(1, 2)]],
  ['Map vs object', [new Map([['a', 1]])], [{ a: 1 }]],
  ['Set vs array', [new Set([1])], [[1]]],
  ['Map key vs value', [new Map([['a', 'b']])], [new Map([['b', 'a']])]],
  ['Date vs number', [new Date(5)], [5]],
  ['Dates', [new Date(5)], [new Date(6)]],
  ['RegExp flags', [/a/g], [/a/i]],
  ['RegExp vs string', [/a/], ['/a/']],
  ['URL vs string', [new URL('https://a.example/')], ['https://a.example/']],
  ['Error messages', [new Error('a')], [new Error('b')]],
  ['Error classes', [new TypeError('a')], [new RangeError('a')]],
  ['lone surrogates', ['\ud800'], ['\ud801']],
  ['lone surrogate vs replacement character', ['\ud800'], ['\ufffd']],
  ['cycle depth', [cyclic('a')], [{ label: 'a', self: { label: 'a', self: {} } }]],
  ['different cycle labels', [cyclic('a')], [cyclic('b')]],
  ['bigint sign', [1n], [-1n]],
  ['argument count', [1, 2], [1, 2, 3]],
  ['Infinity vs string', [Infinity], ['Infinity']],
  ['object key vs value', [{ a: 'b' }], [{ b: 'a' }]],
  ['key injection attempt', [{ a: 's1:b' }], [{ a: 's1:', b: '' }]],
];

for (const [name, a, b] of equal) {
  test(`equal: ${name}`, () => {
    assert.is(key(a), key(b));
  });
}

for (const [name, a, b] of unequal) {
  test(`unequal: ${name}`, () => {
    assert.is.not(key(a), key(b));
  });
}

test('a null argument differs from an undefined one in the middle', () => {
  assert.is.not(key([null, 1]), key([undefined, 1]));
});

test('ignored arguments and rest are left out of the key', () => {
  const spec: KeySpec = { ...plain, ignored: [false, true], ignoreRestFrom: 3 };
  assert.is(key([1, 'verbose', 3, 'rest', 'more'], spec), key([1, 'quiet', 3], spec));
  assert.is(key([1, () => 0], spec), key([1], spec), 'an ignored function does not make the call unkeyable');
  assert.is.not(key([1, 'x', 3], spec), key([1, 'x', 4], spec));
});

test('this is part of the key only when keyThis', () => {
  assert.is(key([1], plain, { id: 1 }), key([1], plain, { id: 2 }));
  const spec: KeySpec = { ...plain, keyThis: true };
  assert.is.not(key([1], spec, { id: 1 }), key([1], spec, { id: 2 }));
  assert.is(key([1], spec, { id: 1 }), key([1], spec, { id: 1 }));
});

test('captures are part of the key', () => {
  const spec: KeySpec = { ...plain, captureNames: ['prefix'] };
  assert.is.not(key([1], spec, undefined, ['a']), key([1], spec, undefined, ['b']));
  assert.is(key([1], spec, undefined, ['a']), key([1], spec, undefined, ['a']));
});

test('unkeyable: a function deep in an argument names its path', () => {
  const f = failure([1, { onProgress: () => 0 }]);
  assert.is(f.path, 'args[1].onProgress');
  assert.is(f.root, 'args');
  assert.is(f.index, 1);
  assert.match(f.what, /function/);
});

test('unkeyable: an EventEmitter on this', () => {
  const f = failure([], { ...plain, keyThis: true }, { db: new EventEmitter() });
  assert.is(f.path, 'this.db');
  assert.match(f.what, /EventEmitter/);
});

test('unkeyable: a captured client', () => {
  class Client {
    handle = Symbol('socket');
  }
  const f = failure([1], { ...plain, captureNames: ['client'] }, undefined, [new Client()]);
  assert.is(f.path, 'closure.client.handle');
  assert.match(f.what, /symbol/);
});

test('unkeyable: symbols, weak collections, promises, generators, symbol-keyed state', () => {
  assert.is(failure([Symbol('s')]).path, 'args[0]');
  assert.match(failure([new WeakMap()]).what, /WeakMap/);
  assert.match(failure([new WeakSet()]).what, /WeakSet/);
  assert.match(failure([[Promise.resolve(1)]]).what, /promise/);
  assert.is(failure([[0, Promise.resolve(1)]]).path, 'args[0][1]');
  assert.match(failure([(function* () {})()]).what, /generator/);
  assert.match(failure([new Map([[1, 2]]).keys()]).what, /iterator/);
  assert.match(failure([new AbortController().signal]).what, /symbol keys/);
  assert.match(failure([{ [Symbol('k')]: 1 }]).what, /symbol-keyed/);
  assert.is(failure([new Map([['cb', () => 0]])]).path, 'args[0].get("cb")');
  assert.is(failure([{ 'a-b': { c: [() => 0] } }]).path, 'args[0]["a-b"].c[0]');
});

test('unkeyable: a getter that throws', () => {
  const f = failure([{ get boom(): never { throw new Error('nope'); } }]);
  assert.is(f.path, 'args[0].boom');
  assert.match(f.what, /nope/);
});

test('a getter may call argsKey again without disturbing the outer encoding', () => {
  const inner = { get nested() { return key([{ a: 1 }, { b: [2] }]); } };
  const outer = { ...plain };
  const first = key([{ x: { y: inner } }], outer);
  const again = key([{ x: { y: inner } }], outer);
  assert.is(first, again);
});

test('property: equal keys exactly when values are deep-strict-equal', () => {
  const value = fc.anything({
    maxDepth: 3,
    withMap: true,
    withSet: true,
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
    withSparseArray: true,
    withBoxedValues: true,
    withNullPrototype: false,
  });
  fc.assert(
    fc.property(value, value, (a, b) => {
      assert.is(key([a]) === key([b]), isDeepStrictEqual(a, b));
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(value, (a) => {
      assert.is(key([a]), key([deserialize(serialize(a))]));
    }),
    { numRuns: 300 },
  );
});

test.run();
