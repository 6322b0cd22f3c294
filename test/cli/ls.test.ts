import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, cliJson, DAY, HOUR, putEntry, removeDir, tempDir } from './support';

interface EntryRow {
  key: string;
  fingerprint: string;
  created: number;
  expires: number | null;
  bytes: number;
  expired: boolean;
  olderFingerprint: boolean;
}
interface LsJson {
  dir: string;
  now: number;
  functions: { id: string; entries: EntryRow[] }[];
}

let dir = '';
let now = 0;
test.before.each(() => {
  dir = tempDir('ls');
  now = Date.now();
  putEntry(dir, { id: 'src/a.ts#f', key: 'a-old', fingerprint: 'fp-old', created: now - 2 * DAY, expires: now - HOUR });
  putEntry(dir, { id: 'src/a.ts#f', key: 'a-new', fingerprint: 'fp-new', created: now - HOUR, expires: now + 3 * DAY });
  putEntry(dir, { id: 'src/b.ts#Client.f', key: 'b', created: now - 60 * 1000 });
  putEntry(dir, { id: 'src/c.ts#ff', key: 'c' });
  putEntry(dir, { id: 'src/d.ts#Client.fetchUser', key: 'd' });
});
test.after.each(() => removeDir(dir));

test('--json lists every entry, newest first, with its expiry and fingerprint state', async () => {
  const json = await cliJson<LsJson>(['ls', '--dir', dir]);
  assert.equal(json.functions.map((fn) => fn.id), ['src/a.ts#f', 'src/b.ts#Client.f', 'src/c.ts#ff', 'src/d.ts#Client.fetchUser']);
  const [newest, oldest] = json.functions[0]!.entries;
  assert.equal(
    { ...newest!, key: newest!.key.length, bytes: newest!.bytes > 100 },
    { key: 64, fingerprint: 'fp-new', created: now - HOUR, expires: now + 3 * DAY, bytes: true, expired: false, olderFingerprint: false },
  );
  assert.equal([oldest!.fingerprint, oldest!.expired, oldest!.olderFingerprint, oldest!.expires], ['fp-old', true, true, now - HOUR]);
  assert.is(json.functions[1]!.entries[0]!.expires, null, 'never expires');
});

test('a function is named by id, qualified name or bare name, as deleteDiskCachesForFunction resolves it', async () => {
  const ids = async (name: string): Promise<string[]> => (await cliJson<LsJson>(['ls', name, '--dir', dir])).functions.map((fn) => fn.id);
  assert.equal(await ids('src/a.ts#f'), ['src/a.ts#f']);
  assert.equal(await ids('f'), ['src/a.ts#f', 'src/b.ts#Client.f']);
  assert.equal(await ids('Client.f'), ['src/b.ts#Client.f']);
  assert.equal(await ids('fetchUser'), ['src/d.ts#Client.fetchUser']);
  assert.equal(await ids('ff'), ['src/c.ts#ff']);
});

test('the text form: a heading per function, then key, age, size, expiry and fingerprint', async () => {
  const result = await cli(['ls', 'src/a.ts#f', '--dir', dir]);
  assert.is(result.code, 0, result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^src\/a\.ts#f {2}\(2 entries, \d+ B\)$/);
  assert.match(lines[1]!, /^ {2}KEY\s+AGE\s+SIZE\s+EXPIRES\s+FINGERPRINT$/);
  assert.match(lines[2]!, /^ {2}[0-9a-f]{12}\s+1h\s+\d+ B\s+in 2d\s+fp-new$/);
  assert.match(lines[3]!, /^ {2}[0-9a-f]{12}\s+2d\s+\d+ B\s+expired 1h ago\s+fp-old \(older\)$/);
  assert.is(lines.length, 4);
});

test('no matching function: exit 1 and a message naming the name and the directory', async () => {
  const result = await cli(['ls', 'nothing', '--dir', dir]);
  assert.is(result.code, 1);
  assert.is(result.stdout, '');
  assert.is(result.stderr, `cache-to-disk: no cached function matches "nothing" in ${dir}. Run 'cache-to-disk stats' to see the function ids.\n`);
});

test('ids with control characters are printed escaped, never sent to the terminal raw', async () => {
  putEntry(dir, { id: 'src/e.ts#\u001b[2Jevil', key: 'e' });
  const result = await cli(['ls', '--dir', dir]);
  assert.is(result.code, 0);
  assert.not.ok(result.stdout.includes('\u001b'));
  assert.ok(result.stdout.includes('src/e.ts#\\u{1b}[2Jevil'));
  const json = await cliJson<LsJson>(['ls', '--dir', dir]);
  assert.ok(json.functions.some((fn) => fn.id === 'src/e.ts#\u001b[2Jevil'), 'JSON keeps the id exact');
});

test.run();
