import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { functionDir, shardDir, versionRoot } from '../../runtime/store/layout';
import { cli, cliJson, DAY, HOUR, putEntry, removeDir, tempDir } from './support';

let dir = '';
test.before.each(() => {
  dir = tempDir('prune');
});
test.after.each(() => removeDir(dir));

test('prune removes expired entries, invalid files and stray temporary files, and counts them', async () => {
  const now = Date.now();
  const expired = putEntry(dir, { id: 'src/a.ts#f', key: 'old', created: now - 2 * DAY, expires: now - HOUR });
  const fresh = putEntry(dir, { id: 'src/a.ts#f', key: 'new', expires: now + DAY });
  const forever = putEntry(dir, { id: 'src/b.ts#g', key: 'forever', created: now - 300 * DAY });
  const shard = shardDir(functionDir(versionRoot(dir), 'src/b.ts#g'), 'ab'.repeat(32));
  mkdirSync(shard, { recursive: true });
  const stray = join(shard, '.tmp-1-dead-0');
  const inFlight = join(shard, '.tmp-2-live-0');
  const invalid = join(shard, 'e'.repeat(62));
  writeFileSync(stray, 'crashed');
  utimesSync(stray, new Date(now - HOUR), new Date(now - HOUR));
  writeFileSync(inFlight, 'being written');
  writeFileSync(invalid, 'garbage');

  const result = await cli(['prune', '--dir', dir]);
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stdout, `Pruned 3 files (expired entries, invalid files and stray temporary files) from ${dir}.\n`);
  assert.equal(
    [expired.path, fresh.path, forever.path, stray, inFlight, invalid].map((path) => existsSync(path)),
    [false, true, true, false, true, false],
  );
  assert.equal(await cliJson(['prune', '--dir', dir]), { dir, removed: 0 });
});

test('prune on a directory that does not exist removes nothing and creates nothing', async () => {
  const missing = join(dir, 'absent');
  assert.equal(await cliJson(['prune', '--dir', missing]), { dir: missing, removed: 0 });
  assert.not.ok(existsSync(missing));
});

test.run();
