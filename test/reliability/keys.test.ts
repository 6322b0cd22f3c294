// Key soundness (SPEC §4) with fast-check: structurally equal arguments always share a key,
// different ones never do. The oracle and generators are in key-soundness.ts; `npm run stress`
// runs the same properties with many more samples.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonArgs, keyOf, runKeySoundness } from './key-soundness';

test('equal arguments give equal keys; unequal ones never collide (fast-check)', () => {
  const counts = runKeySoundness(1000);
  assert.is(counts.collisions, 0);
  assert.is(counts.splits, 0);
  assert.ok(counts.distinctValues > 100, `${counts.distinctValues} distinct argument lists`);
});

test('1, "1", 1n, true and their lookalikes all differ', () => {
  const values: unknown[] = [
    1, '1', 1n, true, [1], ['1'], { 0: 1 }, { 1: 1 }, Object(1), Object('1'), Object(1n), Object(true),
    Buffer.from('1'), new Uint8Array([49]), new Uint8Array([49]).buffer, new Int8Array([49]), new DataView(new Uint8Array([49]).buffer),
    new Date(1), /1/, new Set([1]), new Map([[1, 1]]), null, 0, -0, NaN, '', 's1:1', 'n1;', 1.0000000000000002, '\ud800', '\udc00',
    [undefined], [,], [null], {}, new Map(), new Set(), [],
  ];
  const keys = new Map<string, number>();
  values.forEach((value, index) => {
    const key = keyOf([value, 0]);
    assert.not.ok(keys.has(key), `values[${index}] collides with values[${keys.get(key)}]`);
    keys.set(key, index);
  });
  assert.is(keyOf([Object.create(null)]), keyOf([{}]), 'a null prototype is the same data');
  assert.is(keyOf(['a', 'b']) === keyOf(['ab']), false);
  assert.is(keyOf([1, undefined]), keyOf([1]));
  assert.is(canonArgs([1, undefined]), canonArgs([1]));
});

test.run();
