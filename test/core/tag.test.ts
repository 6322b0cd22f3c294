import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findTags, isTagComment, parseTagComment } from '../../core/tag';

const DAY = 24 * 60 * 60 * 1000;

const good: Array<[comment: string, maxAge: number, ignore?: string[]]> = [
  ['/** @cacheToDisk */', 7 * DAY],
  ['/**@cacheToDisk*/', 7 * DAY],
  ['/** @cacheToDisk 3 */', 3 * DAY],
  ['/** @cacheToDisk 0.5 */', DAY / 2],
  ['/** @cacheToDisk 0 */', 0],
  ['/** @cacheToDisk 30s */', 30_000],
  ['/** @cacheToDisk 15m */', 15 * 60_000],
  ['/** @cacheToDisk 12h */', 12 * 3_600_000],
  ['/** @cacheToDisk 3d */', 3 * DAY],
  ['/** @cacheToDisk 3 ignore=this,verbose */', 3 * DAY, ['this', 'verbose']],
  ['/** @cacheToDisk ignore=opts */', 7 * DAY, ['opts']],
  ['/**\n * Looks up a host.\n *\n * @param host the host\n * @cacheToDisk 2\n * @returns the record\n */', 2 * DAY],
  ['/**\r\n * @cacheToDisk 1h\r\n */', 3_600_000],
  ['/**\n * @cacheToDisk 2\n *   The registrar is slow.\n */', 2 * DAY],
  ['/** Cached for a day. @cacheToDisk 1 @internal */', DAY],
  ['/** @internal @cacheToDisk 1 */', DAY],
  ['/**\n * Mentions `@cacheToDisk` in code.\n * @cacheToDisk 4\n */', 4 * DAY],
];

for (const [comment, maxAge, ignore = []] of good) {
  test(`tag: ${JSON.stringify(comment)} parses`, () => {
    const { tag, problems } = parseTagComment(comment);
    assert.equal(problems, []);
    assert.ok(tag);
    assert.is(tag.maxAge, maxAge);
    assert.equal(tag.ignore.map((i) => i.name), ignore);
    assert.is(comment.slice(tag.offset, tag.offset + 12), '@cacheToDisk');
    for (const { name, offset } of tag.ignore) assert.is(comment.slice(offset, offset + name.length), name);
  });
}

const bad: Array<[comment: string, code: string, at: string]> = [
  ['/** @cacheToDisk 3x */', 'CTD101', '3x'],
  ['/** @cacheToDisk 1.2.3 */', 'CTD101', '1.2.3'],
  ['/** @cacheToDisk .h */', 'CTD101', '.h'],
  ['/** @cacheToDisk -3 */', 'CTD102', '-3'],
  ['/** @cacheToDisk -12h */', 'CTD102', '-12h'],
  ['/** @cacheToDisk 1 @cacheToDisk 2 */', 'CTD103', '@cacheToDisk 2'],
  ['/**\n * @cacheToDisk 1\n * @cacheToDisk\n */', 'CTD103', '@cacheToDisk\n'],
  ['/** @cacheToDisk ignore= */', 'CTD108', 'ignore='],
  ['/** @cacheToDisk ignore=a,,b */', 'CTD108', 'ignore=a,,b'],
  ['/** @cacheToDisk ignore=a, */', 'CTD108', 'ignore=a,'],
  ['/** @cacheToDisk ignore=1a */', 'CTD108', 'ignore=1a'],
  ['/** @cacheToDisk ignore:a */', 'CTD108', 'ignore:a'],
  ['/** @cacheToDisk 7 days */', 'CTD110', 'days'],
  ['/** @cacheToDisk Caches lookups */', 'CTD110', 'Caches'],
  ['/** @cacheToDisk ignore=a 3 */', 'CTD110', '3'],
  ['/** @cacheToDisk ignore=a, b */', 'CTD108', 'ignore=a,'],
  ['/** @cacheToDisk=3 */', 'CTD110', '=3'],
];

for (const [comment, code, at] of bad) {
  test(`tag: ${JSON.stringify(comment)} is ${code}`, () => {
    const { tag, problems } = parseTagComment(comment);
    assert.is(tag, undefined);
    assert.ok(problems.length > 0);
    const problem = problems.find((p) => p.code === code);
    assert.ok(problem, `expected ${code}, got ${problems.map((p) => p.code).join(', ')}`);
    assert.ok(problem.message.length > 0 && problem.hint.length > 0);
    assert.is(comment.slice(problem.offset, problem.offset + at.length), at);
  });
}

const notTags: string[] = [
  '// @cacheToDisk 3',
  '/* @cacheToDisk 3 */',
  '/**/',
  '/** @cacheToDiskFoo */',
  '/** @cacheToDisk_2 */',
  '/** see `@cacheToDisk` */',
  '/** mail me@cacheToDisk */',
  '/** {@link cacheToDisk} */',
  '/** nothing here */',
];

for (const comment of notTags) {
  test(`tag: ${JSON.stringify(comment)} carries no tag`, () => {
    assert.is(isTagComment(comment), false);
    assert.equal(findTags(comment), []);
    assert.equal(parseTagComment(comment), { problems: [] });
  });
}

test('tag: isTagComment accepts a malformed tag, so the error can be reported', () => {
  assert.is(isTagComment('/** @cacheToDisk -1 */'), true);
  assert.equal(findTags('/** @cacheToDisk\n * @cacheToDisk */'), [4, 20]);
});

test.run();
