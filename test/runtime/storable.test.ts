import { deserialize, serialize } from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { storability } from '../../runtime/storable';

class Client {
  url = 'x';
}
const cycle: Record<string, unknown> = { a: 1 };
cycle.self = cycle;

const storable: Array<[string, unknown, boolean]> = [
  ['undefined', undefined, false],
  ['null', null, false],
  ['bigint', 10n, false],
  ['nested data', { a: [1, 'b', { c: new Date(1) }], r: /x/g, m: new Map([[1, new Set([2])]]) }, false],
  ['a cycle', cycle, false],
  ['null prototype', Object.assign(Object.create(null), { a: 1 }), false],
  ['Buffer', Buffer.from('hi'), true],
  ['Float64Array inside', { f: new Float64Array(2) }, true],
  ['ArrayBuffer', new ArrayBuffer(4), false],
  ['built-in error', new RangeError('r'), false],
  ['boxed', Object('s'), false],
];

for (const [name, value, views] of storable) {
  test(`storable: ${name}`, () => {
    assert.equal(storability(value), { problem: undefined, views });
    assert.ok(isDeepStrictEqual(deserialize(serialize(value)), value) || name === 'null prototype', 'it round-trips');
  });
}

const unstorable: Array<[string, unknown, RegExp]> = [
  ['a function', () => 1, /^result is a function/],
  ['a symbol deep inside', { a: [1, { s: Symbol('x') }] }, /^result\.a\[1\]\.s is a symbol/],
  ['a class instance', { client: new Client() }, /^result\.client is a Client instance/],
  ['a promise', [Promise.resolve(1)], /^result\[0\] is a Promise/],
  ['an Error with a code', Object.assign(new Error('e'), { code: 'E_X' }), /Error with own properties \(code\)/],
  ['an Error subclass', new (class HttpError extends Error {})('x'), /HttpError instance/],
  ['a typed array subclass', new (class Bytes extends Uint8Array {})(2), /Bytes instance/],
  ['a Map value', new Map([['k', new Client()]]), /^result\.get\(…\) is a Client instance/],
  ['a Set element', new Set([() => 0]), /^result\.values\(\)\[…\] is a function/],
  ['a WeakMap', { w: new WeakMap() }, /WeakMap instance/],
  ['a key with punctuation', { 'a b': () => 0 }, /^result\["a b"\] is a function/],
];

for (const [name, value, problem] of unstorable) {
  test(`unstorable: ${name}`, () => {
    assert.match(storability(value).problem ?? '', problem);
  });
}

test.run();
