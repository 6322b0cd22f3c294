import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatAge, formatBytes, formatExpiry, printable } from '../../cli/format';

test('sizes in binary units', () => {
  assert.equal([0, 1023, 1024, 1536, 10 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes), ['0 B', '1023 B', '1.0 KiB', '1.5 KiB', '10.0 MiB', '3.0 GiB']);
});

test('ages in the largest readable unit; a clock that went backwards reads 0s', () => {
  const s = 1000;
  assert.equal([-5 * s, 0, 59 * s, 60 * s, 3599 * s, 3600 * s, 47 * 3600 * s, 48 * 3600 * s, 400 * 86400 * s].map(formatAge), [
    '0s', '0s', '59s', '1m', '59m', '1h', '47h', '2d', '400d',
  ]);
});

test('expiry: never, in …, expired … ago', () => {
  const now = 1_000_000_000;
  assert.is(formatExpiry(0, now), 'never');
  assert.is(formatExpiry(now + 7200 * 1000, now), 'in 2h');
  assert.is(formatExpiry(now - 90 * 1000, now), 'expired 1m ago');
  assert.is(formatExpiry(now, now), 'expired 0s ago');
});

test('control and bidi characters are escaped, everything else kept', () => {
  assert.is(printable('src/a.ts#f'), 'src/a.ts#f');
  assert.is(printable('a\u001b[31mb\nc\u202ed'), 'a\\u{1b}[31mb\\u{a}c\\u{202e}d');
  assert.is(printable('ünï ☃ 函数'), 'ünï ☃ 函数');
});

test.run();
