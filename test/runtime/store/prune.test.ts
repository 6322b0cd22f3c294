import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempPath, versionRoot } from '../../../runtime/store/layout';
import { pruneAsync, pruneSync, schedulePrune, STRAY_TEMP_MS } from '../../../runtime/store/prune';
import { removeDir, sleep, tempDir } from '../support';
import { keyOf, put } from './fixture';

let dir = '';
test.before.each(() => {
  dir = tempDir('prune');
});
test.after.each(() => removeDir(dir));

interface Tree {
  expired: string;
  fresh: string;
  forever: string;
  foreign: string;
  oldTemp: string;
  youngTemp: string;
  unrelated: string;
}

function tree(): Tree {
  const now = Date.now();
  const expired = put(dir, keyOf('expired'), 1, { expires: now - 1 });
  const fresh = put(dir, keyOf('fresh'), 2, { expires: now + 60_000 });
  const forever = put(dir, keyOf('forever'), 3, { expires: 0, created: 0 });
  const foreign = join(dirname(fresh), keyOf('foreign').slice(2));
  writeFileSync(foreign, 'not an entry');
  const oldTemp = tempPath(dirname(fresh));
  writeFileSync(oldTemp, 'partial');
  const past = (now - STRAY_TEMP_MS - 5000) / 1000;
  utimesSync(oldTemp, past, past);
  const youngTemp = tempPath(dirname(fresh));
  writeFileSync(youngTemp, 'in progress');
  const unrelated = join(dirname(fresh), 'notes.txt');
  writeFileSync(unrelated, 'mine');
  return { expired, fresh, forever, foreign, oldTemp, youngTemp, unrelated };
}

function assertPruned(t: Tree, removed: number): void {
  assert.is(removed, 3);
  assert.not.ok(existsSync(t.expired), 'expired entry removed');
  assert.not.ok(existsSync(t.foreign), 'foreign file with an entry name removed');
  assert.not.ok(existsSync(t.oldTemp), 'stray temp file removed');
  for (const kept of [t.fresh, t.forever, t.youngTemp, t.unrelated]) assert.ok(existsSync(kept), kept);
}

test('pruneSync removes expired entries, foreign files and stray temps only', () => {
  const t = tree();
  assertPruned(t, pruneSync(versionRoot(dir)));
});

test('pruneAsync does the same in batches', async () => {
  const t = tree();
  assertPruned(t, await pruneAsync(versionRoot(dir)));
});

test('a missing tree prunes nothing', () => {
  assert.is(pruneSync(versionRoot(join(dir, 'nowhere'))), 0);
});

test('schedulePrune works in the background, after the caller has moved on', async () => {
  const expired = put(dir, keyOf('bg'), 1, { expires: Date.now() - 1 });
  schedulePrune(versionRoot(dir));
  assert.ok(existsSync(expired), 'nothing happens synchronously');
  for (let i = 0; i < 40 && existsSync(expired); i++) await sleep(50);
  assert.not.ok(existsSync(expired));
});

test.run();
