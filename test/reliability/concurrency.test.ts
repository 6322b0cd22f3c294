// Many processes, one cache directory: sync and async calls, single-flight bursts and deletions
// racing each other over a few shared keys. Every value is checked against the true result.
// (100 concurrent identical async calls in one process: test/runtime/single-flight.test.ts.)
import { writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { call } from '../../runtime/compiled';
import { configure } from '../../runtime/config';
import { removeDir, tempDir, uniqueSite } from '../runtime/support';
import { runConcurrency } from './scenarios';

test('8 processes × 2,000 mixed calls on overlapping keys, with deletions racing: no wrong value, no exception', async () => {
  const dir = tempDir('rel-conc');
  try {
    const counts = await runConcurrency(dir, 8, 2000, true, 1000);
    assert.equal(counts.problems, []);
    assert.is(counts.wrong, 0);
    assert.is(counts.errors, 0);
    assert.ok(counts.calls >= 8 * 2000);
    assert.ok(counts.deletes > 0);
    assert.ok(counts.hits > counts.misses, `mostly hits (${counts.hits} hits, ${counts.misses} misses)`);
    assert.equal(counts.warnings, [], 'a deletion racing a write is not a fault of the directory');
  } finally {
    removeDir(dir);
  }
});

test('callers joining an execution whose result was not stored still get objects of their own', async () => {
  const blocked = tempDir('rel-join');
  const blocker = `${blocked}/file`;
  writeFileSync(blocker, 'not a folder');
  configure({ dir: `${blocker}/cache` });
  try {
    const s = uniqueSite({ async: true });
    const f = (): Promise<{ list: number[] }> => call(s, undefined, [], async () => ({ list: [1, 2, 3] })) as Promise<{ list: number[] }>;
    const results = await Promise.all([f(), f(), f()]);
    assert.is(new Set(results).size, 3, 'no two callers share one object');
    results[0]!.list.length = 0;
    assert.equal(results[1], { list: [1, 2, 3] });
  } finally {
    configure({ dir: undefined });
    removeDir(blocked);
  }
});

test.run();
