import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { MAX_SHORT_STRING, sha256HexShort } from '../../core/sha256';
import { sha256Hex } from '../../core/hash';

const reference = (text: string): string => createHash('sha256').update(text).digest('hex');

// Every length that crosses a padding boundary (55/56 bytes, 63/64, 119/120, …) is covered.
test('sha256: equals node:crypto for ASCII of every length up to the limit', () => {
  let text = '';
  for (let n = 0; n <= MAX_SHORT_STRING; n++) {
    assert.is(sha256HexShort(text), reference(text), `length ${n}`);
    text += String.fromCharCode(32 + ((n * 7) % 95));
  }
});

test('sha256: non-ASCII text is hashed as its UTF-8 bytes, lone surrogates as U+FFFD', () => {
  for (const text of ['é', 'ctd-key-1\0src/ü.ts#f\0fp\0a1;s2:日本', '😀'.repeat(300), 'a\ud800b', '\udc00', 'x'.repeat(54) + 'é', 'é'.repeat(MAX_SHORT_STRING)]) {
    assert.is(sha256HexShort(text), reference(text), JSON.stringify(text.slice(0, 20)));
  }
});

test('sha256: a string over the limit is refused, and sha256Hex hashes it with node:crypto', () => {
  const long = 'k'.repeat(MAX_SHORT_STRING + 1);
  assert.throws(() => sha256HexShort(long), RangeError);
  assert.is(sha256Hex(long), reference(long));
  const bytes = new Uint8Array([1, 2, 3]);
  assert.is(sha256Hex(bytes), createHash('sha256').update(bytes).digest('hex'));
});

test.run();
