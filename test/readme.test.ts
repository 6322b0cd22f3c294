// README.md's copy-paste setups, kept true: the tsconfig.json and babel.config.json blocks are
// used verbatim to build a tagged project that must miss, then hit, in fresh processes; the
// runtime example must print what its comments claim; the bundler blocks must make the plugin
// calls the unplugin tests run; the command-line block must name only commands the bin has.
// Each check also runs on a broken copy of the README text, to show that it can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBlock, readmeBlocks, readReadme, REPO } from './helpers/readme-blocks';
import { cliHelp, readmeCommands, runBabelSetup, runRuntimeExample, runTspcSetup, type TaggedRun } from './helpers/readme-setups';

const README = readReadme();
const MISS = { hits: 0, misses: 1, nocache: 0 };
const HIT = { hits: 1, misses: 0, nocache: 0 };

/** `markdown` with `from` replaced by `to`; fails when `from` is not there, so the copy really differs. */
function broken(markdown: string, from: string, to: string): string {
  assert.ok(markdown.includes(from), `README.md no longer contains ${JSON.stringify(from)}`);
  return markdown.replace(from, to);
}

/** uvu's `throws` rethrows assertion failures, so a check that must fail on a broken copy is caught here. */
function assertFails(check: () => void, expected: RegExp): void {
  let error: unknown;
  try {
    check();
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof Error, 'the check passed on a broken copy of the README');
  assert.match((error as Error).message, expected);
}

function assertMissThenHit([first, second]: [TaggedRun, TaggedRun]): void {
  assert.equal(first, { value: 6, area: MISS, queryRegistrar: MISS }, 'first process');
  assert.equal(second, { value: 6, area: HIT, queryRegistrar: HIT }, 'second process');
}

test('code blocks come with their language, nearest heading and line', () => {
  const blocks = readmeBlocks('# A\n\n```ts\nlet a = 1;\n```\n\n## B `x`\n\n````json\n{"b": "```"}\n````\n~~~\nplain\n~~~\n');
  assert.equal(blocks, [
    { lang: 'ts', heading: 'A', code: 'let a = 1;\n', line: 3 },
    { lang: 'json', heading: 'B `x`', code: '{"b": "```"}\n', line: 9 },
    { lang: '', heading: 'B `x`', code: 'plain\n', line: 12 },
  ]);
  assert.throws(() => readmeBlocks('# A\n```sh\nnpm test\n'), /README\.md:2: code fence ``` is never closed/);
  assert.throws(() => findBlock(blocks, { heading: 'A', lang: 'json' }), /no a ```json block under "A" \(blocks under that heading: ```ts at line 3\)/);
  assert.ok(readmeBlocks(README).length > 20);
});

test('1. TypeScript with ts-patch: the tsconfig.json block, built by tspc, misses then hits', () => {
  assertMissThenHit(runTspcSetup(README));
});

test('… a tsconfig.json copy without the plugin fails the check', () => {
  const copy = broken(README, '"plugins": [{ "transform": "cache-to-disk/transformer" }]', '"plugins": []');
  assertFails(() => assertMissThenHit(runTspcSetup(copy)), /not cached \(was the file compiled with the plugin\?\)/);
});

test('2. Babel: the babel.config.json block, compiled by @babel/core, misses then hits', () => {
  assertMissThenHit(runBabelSetup(README));
  const copy = broken(README, '"plugins": ["cache-to-disk/babel-plugin"]', '"plugins": []');
  assertFails(() => assertMissThenHit(runBabelSetup(copy)), /not cached \(was the file compiled with the plugin\?\)/);
});

function assertRuntimeExample(markdown: string): void {
  const { claimed, claimedValue, runs } = runRuntimeExample(markdown);
  assert.equal(runs[0]!.info, claimed, 'first process: slowSquare.cacheInfo() as the comment says');
  assert.is(runs[0]!.value, claimedValue, 'the stored value the comment names');
  assert.equal(runs[1]!.info, { hits: 2, misses: 0, nocache: 0 }, 'second process: both calls read from disk');
}

test('runtime API: the cacheToDisk(days)(fn) example prints what its comments claim', () => {
  assertRuntimeExample(README);
  const copy = broken(README, 'slowSquare.cacheInfo();  // { hits: 1, misses: 1, nocache: 0 }', 'slowSquare.cacheInfo();  // { hits: 2, misses: 0, nocache: 0 }');
  assertFails(() => assertRuntimeExample(copy), /as the comment says/);
});

const UNPLUGIN_HEADING = 'Vite, Rollup, Rolldown, esbuild, webpack, Rspack: `cache-to-disk/unplugin`';
const UNPLUGIN_TEST = readFileSync(join(REPO, 'test', 'unplugin', 'index.test.ts'), 'utf8');
/** The config file each README block starts with, and the adapter it calls. */
const BUNDLERS = [
  { file: 'vite.config.ts', method: 'vite', tested: true },
  { file: 'rollup.config.mjs', method: 'rollup', tested: true },
  { file: 'rolldown.config.mjs', method: 'rolldown', tested: true },
  { file: 'build.mjs', method: 'esbuild', tested: true },
  { file: 'webpack.config.js', method: 'webpack', tested: true },
  { file: 'rspack.config.js', method: 'rspack', tested: false },
];

function assertBundlerBlock(markdown: string, { file, method, tested }: (typeof BUNDLERS)[number]): void {
  const block = findBlock(readmeBlocks(markdown), { heading: UNPLUGIN_HEADING, lang: /\.ts$/.test(file) ? 'ts' : 'js', includes: `// ${file}` });
  const where = `README.md:${block.line} (${file})`;
  const binding = /import (\w+) from '([^']*)';|const (\w+) = require\('([^']*)'\);/.exec(block.code.replace(/^\/\/.*\n/, '').replace(/^import .* from '(?!cache-to-disk)[^']*';\n/gm, ''));
  assert.ok(binding, `${where}: no default import or require of the plugin`);
  assert.is(binding![2] ?? binding![4], 'cache-to-disk/unplugin', `${where}: import specifier`);
  const name = binding![1] ?? binding![3];
  assert.ok(block.code.includes(`${name}.${method}()`), `${where}: lacks ${name}.${method}()`);
  if (tested) {
    const local = /const (\w+) = require\('cache-to-disk\/unplugin'\)/.exec(UNPLUGIN_TEST);
    assert.ok(local && UNPLUGIN_TEST.includes(`${local[1]}.${method}()`), `test/unplugin/index.test.ts no longer builds with .${method}()`);
  }
}

test('bundlers: each config block imports cache-to-disk/unplugin and calls the adapter the unplugin tests build with', () => {
  for (const bundler of BUNDLERS) assertBundlerBlock(README, bundler);
  // `import x from` a CommonJS module: Node gives module.exports, bundlers' interop may give `.default`.
  const unplugin = require('cache-to-disk/unplugin') as Record<string, unknown> & { default: Record<string, unknown> };
  for (const { method } of BUNDLERS) {
    assert.type(unplugin[method], 'function', `module.exports.${method}`);
    assert.type(unplugin.default[method], 'function', `default.${method}`);
  }
  assertFails(() => assertBundlerBlock(broken(README, 'cacheToDisk.vite()', 'cacheToDisk()'), BUNDLERS[0]!), /lacks cacheToDisk\.vite\(\)/);
  assertFails(() => assertBundlerBlock(broken(README, "stays as it is\nconst cacheToDisk = require('cache-to-disk/unplugin');", "stays as it is\nconst cacheToDisk = require('cache-to-disk/webpack');"), BUNDLERS[4]!), /import specifier/);
});

function assertCommands(markdown: string, help: string): void {
  for (const { usage, line } of readmeCommands(markdown)) {
    const listed = new RegExp(`^ {2}${usage.replace(/[[\]]/g, '\\$&')} {2,}\\S`, 'm');
    assert.ok(listed.test(help), `README.md:${line}: "cache-to-disk ${usage}" is not a command of cache-to-disk --help`);
  }
}

test('command line: every command of the usage block is listed by cache-to-disk --help, with its arguments', () => {
  const help = cliHelp();
  assertCommands(README, help);
  // The other direction: the block documents every command the bin has.
  const section = help.slice(help.indexOf('Commands:'), help.indexOf('Options:'));
  const commands = [...section.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]);
  assert.ok(commands.length > 0, 'cache-to-disk --help lists no commands');
  assert.equal(readmeCommands(README).map((c) => c.usage.split(' ')[0]), commands);
  const copy = broken(README, 'npx cache-to-disk prune                 #', 'npx cache-to-disk purge                 #');
  assertFails(() => assertCommands(copy, help), /"cache-to-disk purge" is not a command/);
});

test.run();
