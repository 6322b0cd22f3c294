// Thousands of damaged entry files (truncated anywhere, flipped bits, zero length, lying headers,
// another key's entry, other format versions, undeserializable payloads, sparse giants, junk):
// each is a miss, is removed, and the caller gets the recomputed right value; nothing throws.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeDir, tempDir } from '../runtime/support';
import { runCorruption } from './scenarios';

test('every mutation of small and large entries is a removed miss that recomputes the right value', async () => {
  const dir = tempDir('rel-corrupt');
  try {
    const counts = await runCorruption(dir, 300, 42);
    assert.equal(counts.problems, []);
    assert.is(counts.wrong, 0);
    assert.is(counts.errors, 0);
    assert.is(counts.notRemoved, 0);
    assert.ok(counts.mutations > 3000, `${counts.mutations} mutations`);
  } finally {
    removeDir(dir);
  }
});

test.run();
