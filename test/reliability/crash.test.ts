// Writers killed with SIGKILL at random instants while they store 1–5 MB results: afterwards
// every key they could have written reads back whole or not at all, and the temporary files the
// kills left are removed by the next prune once they are old enough to belong to no live write.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { removeDir, tempDir } from '../runtime/support';
import { runCrashes } from './scenarios';

test('200 kills mid-write: no partial or wrong read; stray temporary files pruned when stale', async () => {
  const dir = tempDir('rel-crash');
  try {
    const counts = await runCrashes(dir, 200, 4, 0x5eed);
    assert.is(counts.wrong, 0);
    assert.is(counts.partial, 0);
    assert.ok(counts.midWrite > 0, 'some kills landed inside a write (temporary files were left)');
    assert.ok(counts.hits > 0, 'some writes completed before their kill');
    assert.is(counts.freshPruned, 0, 'a fresh temporary file may belong to a live write: kept');
    assert.is(counts.strayPruned, counts.midWrite);
    assert.is(counts.leftAfterPrune, 0);
  } finally {
    removeDir(dir);
  }
});

test.run();
