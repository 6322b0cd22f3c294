import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenize } from '../../core/tokens';

const shortKind: Record<string, string> = {
  identifier: 'id',
  keyword: 'kw',
  'private-name': 'priv',
  punctuator: 'p',
  number: 'num',
  string: 'str',
  template: 'tpl',
  'template-head': 'tpl-head',
  'template-middle': 'tpl-mid',
  'template-tail': 'tpl-tail',
  regex: 're',
};

const show = (source: string): string[] => tokenize(source).map((t) => `${shortKind[t.kind]} ${t.text}`);

const cases: Array<[name: string, source: string, tokens: string[]]> = [
  ['identifiers and keywords', 'const a = b', ['kw const', 'id a', 'p =', 'id b']],
  ['contextual keywords are identifiers', 'async of get', ['id async', 'id of', 'id get']],
  ['unicode and $ identifiers', 'été $_x', ['id été', 'id $_x']],
  ['private names', 'this.#x', ['kw this', 'p .', 'priv #x']],
  ['longest punctuator first', 'a >>>= b ?? c?.d ... e', ['id a', 'p >>>=', 'id b', 'p ??', 'id c', 'p ?.', 'id d', 'p ...', 'id e']],
  ['?. before a digit is a conditional', 'a?.5:b', ['id a', 'p ?', 'num .5', 'p :', 'id b']],
  ['numbers', '1 .5 1e-5 0x1F 1_000n 0b1', ['num 1', 'num .5', 'num 1e-5', 'num 0x1F', 'num 1_000n', 'num 0b1']],
  ['strings keep quotes and escapes', `'a\\'b' "c"`, [`str 'a\\'b'`, 'str "c"']],
  ['comments and whitespace are dropped', 'a /* x */ // y\n\t b', ['id a', 'id b']],
  ['hashbang is dropped', '#!/usr/bin/env node\nx', ['id x']],
  ['division after a value', 'a / b / c', ['id a', 'p /', 'id b', 'p /', 'id c']],
  ['division after )', '(a) / 2', ['p (', 'id a', 'p )', 'p /', 'num 2']],
  ['division after ]', 'a[0] / 2', ['id a', 'p [', 'num 0', 'p ]', 'p /', 'num 2']],
  ['regex after =', 'x = /a[/]b/gi', ['id x', 'p =', 're /a[/]b/gi']],
  ['regex after (', 'f(/=/)', ['id f', 'p (', 're /=/', 'p )']],
  ['regex after return', 'return /x/.test(s)', ['kw return', 're /x/', 'p .', 'id test', 'p (', 'id s', 'p )']],
  ['regex after if (…)', 'if (a) /x/.exec(b)', ['kw if', 'p (', 'id a', 'p )', 're /x/', 'p .', 'id exec', 'p (', 'id b', 'p )']],
  ['regex after a block', '{}\n/x/.test(s)', ['p {', 'p }', 're /x/', 'p .', 'id test', 'p (', 'id s', 'p )']],
  ['division after an object literal', 'x = {} / 2', ['id x', 'p =', 'p {', 'p }', 'p /', 'num 2']],
  ['division after this', 'this / 2', ['kw this', 'p /', 'num 2']],
  ['template without substitutions', '`a\\`b`', ['tpl `a\\`b`']],
  [
    'template with nested substitutions and braces',
    '`a${ {b: `in${c}`}.b }tail`',
    ['tpl-head `a${', 'p {', 'id b', 'p :', 'tpl-head `in${', 'id c', 'tpl-tail }`', 'p }', 'p .', 'id b', 'tpl-tail }tail`'],
  ],
  ['template middle', '`${a}-${b}`', ['tpl-head `${', 'id a', 'tpl-mid }-${', 'id b', 'tpl-tail }`']],
  ['comment markers inside strings are text', `'/* no */' + "// no"`, [`str '/* no */'`, 'p +', 'str "// no"']],
  ['an unterminated string ends at the line', `'abc\nd`, [`str 'abc`, 'id d']],
  ['arrow', 'x => x * 2', ['id x', 'p =>', 'id x', 'p *', 'num 2']],
];

for (const [name, source, expected] of cases) {
  test(`tokens: ${name}`, () => {
    assert.equal(show(source), expected);
  });
}

test('tokens: offsets point into the source and respect the range', () => {
  const source = 'let a = "x"; let b = 2;';
  const tokens = tokenize(source, 13, source.length);
  assert.equal(tokens.map((t) => t.text), ['let', 'b', '=', '2', ';']);
  for (const t of tokens) assert.is(source.slice(t.start, t.end), t.text);
});

test.run();
