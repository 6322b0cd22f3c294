import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mentionsTag } from '../../core/mentions-tag';

const cases: Array<[source: string, mentions: boolean]> = [
  ['/** @cacheToDisk */ function f() {}', true],
  ['const a = "@cacheToDisk";', true],
  ['// @cacheToDisk', true],
  ['/** @cachetodisk */', false],
  ['/** @cacheToDis k */', false],
  ['', false],
];

for (const [source, mentions] of cases) {
  test(`mentions-tag: ${JSON.stringify(source)} → ${mentions}`, () => {
    assert.is(mentionsTag(source), mentions);
  });
}

test.run();
