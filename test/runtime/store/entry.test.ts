import { serialize } from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeHeader, entryProblem, FLAG_PROMISE, payloadOffset, readHeaderFields, storedExpiry } from '../../../runtime/store/entry';
import { keyOf } from './fixture';

const key = keyOf('k');

function entry(created = 1000, expires = 0): Buffer {
  const payload = serialize({ hello: 'world' });
  const header = encodeHeader({ key, id: 'src/a.ts#f', fingerprint: 'abc', flags: FLAG_PROMISE, created, expires }, payload);
  return Buffer.concat([header, payload]);
}

test('a fresh entry is valid and its fields read back', () => {
  const buf = entry(1000, 5000);
  assert.is(entryProblem(buf, buf.length, key, 0, 2000), undefined);
  const fields = readHeaderFields(buf, buf.length)!;
  assert.equal(
    { ...fields },
    { key, id: 'src/a.ts#f', fingerprint: 'abc', flags: FLAG_PROMISE, created: 1000, expires: 5000, size: buf.length - payloadOffset(buf) },
  );
  assert.is(storedExpiry(buf, buf.length), 5000);
});

test('every flipped bit past the magic fails the checksum or the structure', () => {
  const good = entry();
  for (let byte = 0; byte < good.length; byte++) {
    const bad = Buffer.from(good);
    bad[byte]! ^= 1 << byte % 8;
    assert.ok(entryProblem(bad, bad.length, key, 0, 2000) !== undefined, `flip at byte ${byte} went unnoticed`);
  }
});

test('truncation at any length is caught', () => {
  const good = entry();
  for (let length = 0; length < good.length; length++) {
    assert.ok(entryProblem(good, length, key, 0, 2000) !== undefined, `truncated to ${length} accepted`);
  }
});

test('another key, a foreign file, expiry by the current maxAge', () => {
  const buf = entry(1000);
  assert.is(entryProblem(buf, buf.length, keyOf('other'), 0, 2000), 'key mismatch');
  const foreign = Buffer.from('{"not":"an entry"}'.repeat(10));
  assert.is(entryProblem(foreign, foreign.length, key, 0, 2000), 'not an entry (bad magic)');
  assert.is(storedExpiry(foreign, foreign.length), undefined);
  assert.is(entryProblem(buf, buf.length, key, 500, 1499), undefined);
  assert.is(entryProblem(buf, buf.length, key, 500, 1500), 'expired');
  assert.is(entryProblem(buf, buf.length, key, 0, 1e15), undefined, 'maxAge 0 never expires');
});

test.run();
