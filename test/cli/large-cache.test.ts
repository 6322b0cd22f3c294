// 100,000 entries: the commands read headers only, so they stay within seconds. Times are printed
// for the record and never asserted (shared machines are noisy); only the results are checked.
import { accessSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, statSync, writevSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serialize } from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sha256Hex } from '../../core/hash';
import { encodeHeader } from '../../runtime/store/entry';
import { entryPath, functionDir, versionRoot } from '../../runtime/store/layout';
import { writeEntrySync } from '../../runtime/store/write';
import { cli, cliJson, DAY, removeDir, tempDir } from './support';

const SHM = '/dev/shm';
const FUNCTIONS = 20;
const PER_FUNCTION = 5000;
const TOTAL = FUNCTIONS * PER_FUNCTION;

interface Totals {
  functions: number;
  entries: number;
  bytes: number;
  olderFingerprint: number;
  expired: number;
}

let dir = '';
let bytes = 0;
const now = Date.now();
const idOf = (f: number): string => `src/module${f}.ts#Service.load${f}`;

/** Every 5th entry has an older fingerprint (and is older); every 10th, offset by one, has expired. */
function fill(): void {
  const payload = serialize({ rows: Array.from({ length: 20 }, (_, i) => i) });
  const root = versionRoot(dir);
  for (let f = 0; f < FUNCTIONS; f++) {
    const id = idOf(f);
    const fnDir = functionDir(root, id);
    for (let j = 0; j < PER_FUNCTION; j++) {
      const key = sha256Hex(`${f}:${j}`);
      const old = j % 5 === 0;
      const header = encodeHeader(
        {
          key,
          id,
          fingerprint: old ? 'fp-old' : 'fp-new',
          flags: 0,
          created: old ? now - 2 * DAY + j : now - DAY + j,
          expires: j % 10 === 1 ? now - 1000 : now + DAY,
        },
        payload,
      );
      const path = entryPath(fnDir, key);
      // The store's writer lays out the function's folder and `id` file; after that, plain writes
      // of the same bytes keep the set-up to a few seconds.
      if (j === 0) writeEntrySync({ root, fnDir, functionId: id, key, path }, header, payload);
      else writeBytes(path, header, payload);
      bytes += header.length + payload.length;
    }
  }
}

const shards = new Set<string>();

function writeBytes(path: string, header: Buffer, payload: Buffer): void {
  const shard = dirname(path);
  if (!shards.has(shard)) {
    mkdirSync(shard, { recursive: true, mode: 0o700 });
    shards.add(shard);
  }
  const fd = openSync(path, 'wx', 0o600);
  try {
    writevSync(fd, [header, payload]);
  } finally {
    closeSync(fd);
  }
}

function isWritableDir(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function timed<T>(label: string, action: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await action();
  process.stderr.write(`    100k entries: ${label} ${((performance.now() - start) / 1000).toFixed(2)}s\n`);
  return result;
}

test.before(() => {
  // A memory-backed folder where there is one: the test is about results at scale, and on a disk
  // shared with other work, writing and unlinking 100,000 files is dominated by I/O contention.
  dir = isWritableDir(SHM) ? mkdtempSync(join(SHM, 'ctd-cli-large-')) : tempDir('large');
});
test.after(() => removeDir(dir));

test('stats, ls, prune and clear on 100,000 entries', async () => {
  await timed('writing them in-process', async () => fill());

  const result = await timed('stats --json', () => cli(['stats', '--dir', dir, '--json']));
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stderr, '', 'no progress output when stderr is not a terminal');
  const stats = JSON.parse(result.stdout) as { functions: (Totals & { id: string })[]; totals: Totals };
  assert.equal(stats.totals, {
    ...stats.totals,
    functions: FUNCTIONS,
    entries: TOTAL,
    bytes,
    olderFingerprint: TOTAL / 5,
    expired: TOTAL / 10,
  });
  for (const row of stats.functions) assert.equal([row.entries, row.olderFingerprint, row.expired], [PER_FUNCTION, PER_FUNCTION / 5, PER_FUNCTION / 10], row.id);


  const ls = await timed('ls <id> --json', () =>
    cliJson<{ functions: { entries: { olderFingerprint: boolean; expired: boolean }[] }[] }>(['ls', idOf(3), '--dir', dir]),
  );
  const entries = ls.functions[0]!.entries;
  assert.is(entries.length, PER_FUNCTION);
  assert.is(entries.filter((e) => e.olderFingerprint).length, PER_FUNCTION / 5);
  assert.is(entries.filter((e) => e.expired).length, PER_FUNCTION / 10);

  const pruned = await timed('prune', () => cliJson<{ removed: number }>(['prune', '--dir', dir]));
  assert.is(pruned.removed, TOTAL / 10);

  const one = await timed('clear <bare name>', () => cliJson<{ removed: number }>(['clear', 'load7', '--dir', dir]));
  assert.is(one.removed, PER_FUNCTION - PER_FUNCTION / 10);

  const all = await timed('clear', () => cliJson<{ removed: number; functions: unknown[] }>(['clear', '--dir', dir]));
  assert.is(all.removed, TOTAL - TOTAL / 10 - (PER_FUNCTION - PER_FUNCTION / 10));
  assert.is(all.functions.length, FUNCTIONS - 1);
});

test.run();
