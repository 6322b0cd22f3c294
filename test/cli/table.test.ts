import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderTable } from '../../cli/table';

test('columns as wide as their widest cell, numbers right-aligned, footer under a rule', () => {
  const text = renderTable(
    [{ title: 'NAME' }, { title: 'N', align: 'right' }],
    [
      ['a', '1'],
      ['longer', '100'],
    ],
    [['total', '101']],
  );
  assert.is(text, ['NAME      N', 'a         1', 'longer  100', '-----------', 'total   101', ''].join('\n'));
});

test('no footer, no rule; trailing spaces trimmed', () => {
  assert.is(renderTable([{ title: 'A' }, { title: 'B' }], [['x', '']]), 'A  B\nx\n');
});

test.run();
