import { existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, unlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serialize } from 'node:v8';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeHeader, FLAG_VIEWS, payloadOffset } from '../../../runtime/store/entry';
import { readEntry, readEntrySync, type ReadResult } from '../../../runtime/store/read';
import { writeEntrySync } from '../../../runtime/store/write';
import { removeDir, tempDir } from '../support';
import { keyOf, put, targetOf } from './fixture';

let dir = '';
test.before.each(() => {
  dir = tempDir('read');
});
test.after.each(() => removeDir(dir));

function value(result: ReadResult): unknown {
  assert.ok(result.hit, result.hit ? '' : `expected a hit, got: ${result.reason}`);
  return (result as { value: unknown }).value;
}

function reason(result: ReadResult): string {
  assert.not.ok(result.hit, 'expected a miss');
  return (result as { reason: string }).reason;
}

test('round trip of a small entry, sync and through readEntry', async () => {
  const key = keyOf('a');
  const path = put(dir, key, { n: 1, list: [1, 2], when: new Date(3) });
  assert.equal(value(readEntrySync(path, key, 0, Date.now())), { n: 1, list: [1, 2], when: new Date(3) });
  const again = readEntry(path, key, 0, Date.now());
  assert.not.ok(again instanceof Promise, 'small entries are read synchronously');
  assert.equal(value(again as ReadResult), { n: 1, list: [1, 2], when: new Date(3) });
});

test('absent entry is a plain miss', () => {
  const key = keyOf('absent');
  assert.is(reason(readEntrySync(targetOf(dir, 'src/a.ts#f', key).path, key, 0, Date.now())), 'absent');
});

const corruptions: Array<[string, (path: string, key: string) => void]> = [
  ['truncated', (path) => truncateSync(path, readFileSync(path).length - 3)],
  ['truncated inside the header', (path) => truncateSync(path, 40)],
  ['zero length', (path) => truncateSync(path, 0)],
  ['bit flip in the payload', (path) => flip(path, -2)],
  ['bit flip in the created time', (path) => flip(path, 17)],
  ['foreign file', (path) => writeFileSync(path, 'hello, I am not an entry at all, but long enough to look like one '.repeat(3))],
  ['trailing bytes', (path) => writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('xx')]))],
  [
    'swapped entry (another key copied in)',
    (path, key) => {
      const other = put(dir, keyOf(`other-${key}`), 'other value');
      copyFileSync(other, path);
    },
  ],
];

function flip(path: string, at: number): void {
  const buf = readFileSync(path);
  const index = at < 0 ? buf.length + at : at;
  buf[index]! ^= 0x10;
  writeFileSync(path, buf);
}

for (const [name, corrupt] of corruptions) {
  test(`corrupt entry (${name}) is a miss and is removed`, async () => {
    const key = keyOf(name);
    const path = put(dir, key, { payload: 'x'.repeat(50) });
    corrupt(path, key);
    assert.ok(reason(readEntrySync(path, key, 0, Date.now())) !== 'absent');
    assert.not.ok(existsSync(path), 'the bad file is removed');
    const rewritten = put(dir, key, 'fresh');
    assert.is(value(readEntrySync(rewritten, key, 0, Date.now())), 'fresh');
  });
}

test('an entry whose payload does not deserialize is a miss and is removed', () => {
  const key = keyOf('garbage');
  const payload = Buffer.from([0xff, 0x0f, 0x99, 0x99, 0x99]);
  const header = encodeHeader({ key, id: 'src/a.ts#f', fingerprint: 'fp', flags: 0, created: Date.now(), expires: 0 }, payload);
  const target = targetOf(dir, 'src/a.ts#f', key);
  writeEntrySync(target, header, payload);
  assert.is(reason(readEntrySync(target.path, key, 0, Date.now())), 'payload does not deserialize');
  assert.not.ok(existsSync(target.path));
});

test('expiry uses the reader\'s maxAge against the creation time', () => {
  const key = keyOf('old');
  const path = put(dir, key, 1, { created: Date.now() - 1000, expires: 0 });
  assert.is(value(readEntrySync(path, key, 5000, Date.now())), 1);
  assert.is(reason(readEntrySync(path, key, 500, Date.now())), 'expired');
  assert.not.ok(existsSync(path));
});

test('a symlink in place of an entry is never followed', () => {
  const key = keyOf('link');
  const path = put(dir, key, 1);
  const outside = join(dir, 'outside-entry');
  copyFileSync(path, outside);
  unlinkSync(path);
  symlinkSync(outside, path);
  reason(readEntrySync(path, key, 0, Date.now()));
  assert.ok(existsSync(outside), 'the target outside is untouched');
  assert.not.ok(existsSync(path), 'the link itself is removed');
});

test('a directory in place of an entry is a miss, not a crash', () => {
  const key = keyOf('dir');
  const path = targetOf(dir, 'src/a.ts#f', key).path;
  mkdirSync(path, { recursive: true });
  reason(readEntrySync(path, key, 0, Date.now()));
});

test('large entries: sync and background reads return independent copies', async () => {
  const key = keyOf('large');
  const big = Buffer.alloc(200_000, 9);
  const path = put(dir, key, { big, floats: new Float64Array(30_000).fill(1.5) }, { flags: FLAG_VIEWS });
  const first = value(readEntrySync(path, key, 0, Date.now())) as { big: Buffer; floats: Float64Array };
  assert.ok(Buffer.isBuffer(first.big));
  const pending = readEntry(path, key, 0, Date.now());
  assert.ok(pending instanceof Promise, 'large entries finish reading in the background');
  const second = value(await pending) as { big: Buffer; floats: Float64Array };
  second.big.fill(0);
  assert.is(first.big[0], 9);
  assert.is(second.floats[29_999], 1.5);
});

test('concurrent background reads each get their own value', async () => {
  const keys = [keyOf('big-1'), keyOf('big-2'), keyOf('big-3')];
  const paths = keys.map((key, i) => put(dir, key, { i, pad: 'p'.repeat(100_000) }));
  const reads = keys.map((key, i) => readEntry(paths[i]!, key, 0, Date.now()));
  const values = (await Promise.all(reads)).map((r) => (value(r) as { i: number }).i);
  assert.equal(values, [0, 1, 2]);
});

test('small entries holding typed arrays do not alias the shared read buffer', () => {
  const a = keyOf('view-a');
  const b = keyOf('view-b');
  const pathA = put(dir, a, { bytes: Buffer.from('aaaa') }, { flags: FLAG_VIEWS });
  const pathB = put(dir, b, { bytes: Buffer.from('bbbb') }, { flags: FLAG_VIEWS });
  const first = value(readEntrySync(pathA, a, 0, Date.now())) as { bytes: Buffer };
  value(readEntrySync(pathB, b, 0, Date.now()));
  assert.is(first.bytes.toString(), 'aaaa');
});

test('a read fault (a file where a folder should be) is a miss carrying the code', () => {
  const blocker = join(dir, 'file');
  writeFileSync(blocker, 'x');
  const key = keyOf('fault');
  const path = targetOf(join(blocker, 'cache'), 'src/a.ts#f', key).path;
  const result = readEntrySync(path, key, 0, Date.now());
  assert.not.ok(result.hit);
  assert.is((result as { fault?: string }).fault, 'ENOTDIR');
  assert.ok(existsSync(dirname(blocker)));
});

test('payload offset accounts for the names', () => {
  const payload = serialize(1);
  const header = encodeHeader({ key: keyOf('o'), id: 'é', fingerprint: 'ab', flags: 0, created: 0, expires: 0 }, payload);
  assert.is(payloadOffset(header), header.length);
});

test.run();
