import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lineColumn } from '../../core/line-column';

const cases: Array<[name: string, source: string, marker: string, line: number, column: number]> = [
  ['first character', 'X', 'X', 1, 1],
  ['after \\n', 'ab\n  X', 'X', 2, 3],
  ['\\r\\n is one line break', 'a\r\n\r\nX', 'X', 3, 1],
  ['lone \\r', 'a\rX', 'X', 2, 1],
  ['U+2028 and U+2029', 'a\u2028b\u2029 X', 'X', 3, 2],
  ['columns count UTF-16 code units', '😀X', 'X', 1, 3],
];

for (const [name, source, marker, line, column] of cases) {
  test(`line-column: ${name}`, () => {
    assert.equal(lineColumn(source, source.indexOf(marker)), { line, column });
  });
}

test.run();
