import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { entryKey, keyPrefix } from '../../core/key';

test('key: sha256 of "ctd-key-1\\0id\\0fingerprint\\0argsKey"', () => {
  const expected = createHash('sha256').update('ctd-key-1\0src/a.ts#f\0abc\0[1]').digest('hex');
  assert.is(entryKey(keyPrefix('src/a.ts#f', 'abc'), '[1]'), expected);
});

test('key: each part changes the key', () => {
  const base = entryKey(keyPrefix('a#f', 'fp'), 'args');
  assert.is.not(entryKey(keyPrefix('a#g', 'fp'), 'args'), base);
  assert.is.not(entryKey(keyPrefix('a#f', 'fq'), 'args'), base);
  assert.is.not(entryKey(keyPrefix('a#f', 'fp'), 'argz'), base);
});

test.run();
