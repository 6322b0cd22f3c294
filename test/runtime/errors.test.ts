import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CacheToDiskUsageError, isNoCacheCondition, NoCacheCondition } from '../../runtime/errors';

test('NoCacheCondition carries the value and a code', () => {
  const e = new NoCacheCondition({ partial: true });
  assert.instance(e, Error);
  assert.is(e.name, 'NoCacheCondition');
  assert.is(e.code, 'CTD_NO_CACHE');
  assert.equal(e.value, { partial: true });
  assert.ok(isNoCacheCondition(e));
});

test('recognised by brand, so a second copy of the package agrees', () => {
  const foreign = Object.assign(new Error('x'), { [Symbol.for('cache-to-disk.NoCacheCondition')]: true, value: 1 });
  assert.ok(isNoCacheCondition(foreign));
  assert.not.ok(isNoCacheCondition(new Error('x')));
  assert.not.ok(isNoCacheCondition(null));
  assert.not.ok(isNoCacheCondition('NoCacheCondition'));
});

test('usage errors are TypeErrors with a code', () => {
  const e = new CacheToDiskUsageError('CTD_X', 'message');
  assert.instance(e, TypeError);
  assert.is(e.code, 'CTD_X');
  assert.is(e.name, 'CacheToDiskUsageError');
});

test.run();
