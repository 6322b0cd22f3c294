import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { crc32 } from '../../../runtime/store/checksum';

// Lengths around the four-byte steps, entry-sized buffers, and enough bytes in total to pass the
// budget after which the module hands over to zlib: both halves must give zlib's values.
test('checksum: equals zlib.crc32, from zero and continuing from a previous value', () => {
  let total = 0;
  for (let length = 1; total < 3 * 1024 * 1024; length = length < 64 ? length + 1 : length * 2 > 70000 ? 1 : length * 2 + 3) {
    const data = randomBytes(length);
    const previous = zlibCrc32(randomBytes(7));
    assert.is(crc32(data), zlibCrc32(data), `length ${length}`);
    assert.is(crc32(data, previous), zlibCrc32(data, previous), `length ${length}, continued`);
    total += 2 * length;
  }
});

test('checksum: a header and payload checksummed in two steps equal one pass over both', () => {
  const header = randomBytes(92);
  const payload = randomBytes(1000);
  assert.is(crc32(payload, crc32(header)), zlibCrc32(Buffer.concat([header, payload])));
});

test.run();
