import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commands } from '../../cli/index';
import { cli, cliInProcess, putEntry, removeDir, REPO_ROOT, tempDir } from './support';

const HINT = "Run 'cache-to-disk --help' for the commands and options.\n";
const NAMES = commands.map((command) => command.name).join(', ');

test('bad usage through the bin: exit 2, the mistake and a usage hint on stderr, nothing on stdout', async () => {
  const [unknownCommand, unknownOption, missingValue, none] = await Promise.all([
    cli(['stat']),
    cli(['stats', '--jsno']),
    cli(['ls', '--dir']),
    cli([]),
  ]);
  assert.equal(unknownCommand, {
    code: 2,
    stdout: '',
    stderr: `cache-to-disk: unknown command "stat". Did you mean stats? Commands: ${NAMES}.\n${HINT}`,
  });
  assert.equal(unknownOption, { code: 2, stdout: '', stderr: `cache-to-disk: unknown option --jsno. Did you mean --json?\n${HINT}` });
  assert.equal(missingValue, { code: 2, stdout: '', stderr: `cache-to-disk: option --dir needs a directory: --dir <path>.\n${HINT}` });
  assert.equal(none, { code: 2, stdout: '', stderr: `cache-to-disk: missing command: one of ${NAMES}.\n${HINT}` });
});

const usageCases: [string[], string][] = [
  [['frobnicate'], `unknown command "frobnicate". Commands: ${NAMES}.`],
  [['stats', '-x'], 'unknown option -x.'],
  [['stats', '--dir', '--json'], 'option --dir needs a directory: --dir <path>.'],
  [['stats', '--dir='], 'option --dir needs a directory: --dir <path>.'],
  [['stats', '--json=yes'], 'option --json takes no value.'],
  [['stats', 'extra'], 'stats takes no arguments; unexpected "extra".'],
  [['prune', 'a', 'b'], 'prune takes no arguments; unexpected "a" "b".'],
  [['ls', 'a', 'b'], 'ls takes at most one argument ([function]); unexpected "b".'],
  [['clear', 'a', 'b', 'c'], 'clear takes at most one argument ([function]); unexpected "b" "c".'],
];

test('every usage mistake has its own message and exits 2', async () => {
  for (const [args, message] of usageCases) {
    const result = await cliInProcess(args);
    assert.equal(result, { code: 2, stdout: '', stderr: `cache-to-disk: ${message}\n${HINT}` }, args.join(' '));
  }
});

test('options go anywhere, --dir=path works, and -- ends the options', async () => {
  const dir = tempDir('run');
  try {
    putEntry(dir, { id: 'src/a.ts#--json', key: 'k' });
    const a = await cliInProcess(['--json', 'stats', `--dir=${dir}`]);
    const b = await cliInProcess(['stats', '--dir', dir, '--json']);
    assert.is(a.code, 0, a.stderr);
    assert.equal(JSON.parse(a.stdout).totals, JSON.parse(b.stdout).totals);
    const named = await cliInProcess(['ls', '--dir', dir, '--', '--json']);
    assert.is(named.code, 0, named.stderr);
    assert.match(named.stdout, /^src\/a\.ts#--json {2}\(1 entry/);
  } finally {
    removeDir(dir);
  }
});

test('--version prints the package version; --help lists the commands and options and exits 0', async () => {
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const [v, help] = await Promise.all([cli(['--version']), cli(['stats', '--help', '--dir', '/nowhere'])]);
  assert.equal(v, { code: 0, stdout: `${version}\n`, stderr: '' });
  assert.is(help.code, 0);
  assert.is(help.stderr, '');
  for (const word of ['stats', 'ls [function]', 'clear [function]', 'prune', '--dir <path>', '--json', '--help', '--version', 'Cache directory here: /nowhere']) {
    assert.ok(help.stdout.includes(word), word);
  }
});

test('a --dir that is a file is a failure (exit 1), not a usage error', async () => {
  const result = await cliInProcess(['stats', '--dir', join(REPO_ROOT, 'package.json')]);
  assert.equal(result, {
    code: 1,
    stdout: '',
    stderr: `cache-to-disk: ${join(REPO_ROOT, 'package.json')} is not a directory. Pass the cache directory with --dir <path>.\n`,
  });
});

test('the bin starts with a shebang so npm can link it', () => {
  assert.ok(readFileSync(join(REPO_ROOT, 'dist', 'cli', 'index.js'), 'utf8').startsWith('#!/usr/bin/env node\n'));
});

test.run();
