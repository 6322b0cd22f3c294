// Runs the README's copy-paste setups the way a user would: its tsconfig.json block built with
// the real tspc, its babel.config.json block with the real @babel/core, its runtime example
// compiled by TypeScript; each output runs twice in fresh Node processes on one cache directory.
// Every check takes the README text, so a test can also feed it a broken copy and see it fail.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findBlock, readmeBlocks, REPO } from './readme-blocks';

const MODULES = join(REPO, 'node_modules');

export interface Counts {
  hits: number;
  misses: number;
  nocache: number;
}

/** A project folder as after `npm install cache-to-disk <linked…>`: packages link to this repository's. */
export function readmeProject(files: Record<string, string>, linked: string[]): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'ctd-readme-'));
  const all: Record<string, string> = { 'package.json': '{ "name": "readme-app", "private": true }\n', ...files };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(REPO, join(root, 'node_modules', 'cache-to-disk'), 'dir');
  for (const name of linked) symlinkSync(join(MODULES, name), join(root, 'node_modules', name), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

function node(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const clean: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', ...env };
  delete clean.CACHE_TO_DISK;
  delete clean.NODE_DEBUG;
  const result = spawnSync(process.execPath, args, { cwd, env: clean, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `script` in two fresh processes on one new cache directory; the last stdout line of each, parsed. */
export function runTwice<T>(root: string, script: string): [T, T] {
  const cache = mkdtempSync(join(tmpdir(), 'ctd-readme-cache-'));
  try {
    const once = (): T => {
      const result = node([script], root, { CACHE_TO_DISK_DIR: cache });
      if (result.status !== 0) throw new Error(`node ${script} exited ${result.status}:\n${result.stderr}${result.stdout}`);
      const lines = result.stdout.trim().split('\n');
      return JSON.parse(lines[lines.length - 1]!) as T;
    };
    return [once(), once()];
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** The README's own headline example, compiled as-is next to a small tagged function. */
function taggedSources(markdown: string): Record<string, string> {
  const headline = findBlock(readmeBlocks(markdown), { heading: 'cache-to-disk', lang: 'ts' });
  return {
    'src/headline.ts': headline.code,
    'src/main.ts': `import { cacheInfo } from 'cache-to-disk';
import { queryRegistrar } from './headline';

/** @cacheToDisk 3 */
export function area(w: number, h: number): number {
  return w * h;
}

const value = area(2, 3);
void queryRegistrar('whois.example', 43, new Uint8Array([1])).then(() => {
  console.log(JSON.stringify({ value, area: cacheInfo(area), queryRegistrar: cacheInfo(queryRegistrar) }));
});
`,
  };
}

export interface TaggedRun {
  value: number;
  area: Counts;
  queryRegistrar: Counts;
}

/** Builds the tsconfig.json block of "1. TypeScript with ts-patch" with the real tspc and runs it twice. */
export function runTspcSetup(markdown: string): [TaggedRun, TaggedRun] {
  const block = findBlock(readmeBlocks(markdown), { heading: '1. TypeScript with ts-patch (`tspc`)', lang: 'json' });
  const config = JSON.parse(block.code) as { compilerOptions?: Record<string, unknown> };
  const tsconfig = {
    ...config,
    compilerOptions: { target: 'ES2022', module: 'commonjs', rootDir: 'src', outDir: 'dist', types: [], ...config.compilerOptions },
    include: ['src'],
  };
  const project = readmeProject({ ...taggedSources(markdown), 'tsconfig.json': JSON.stringify(tsconfig, null, 2) }, ['typescript', 'ts-patch']);
  try {
    const build = node([join(MODULES, 'ts-patch', 'bin', 'tspc.js')], project.root);
    if (build.status !== 0) throw new Error(`tspc with README.md:${block.line} as tsconfig.json exited ${build.status}:\n${build.stdout}${build.stderr}`);
    return runTwice<TaggedRun>(project.root, 'dist/main.js');
  } finally {
    project.remove();
  }
}

interface BabelCore {
  transformFileSync(file: string, options: object): { code?: string | null } | null;
}

/** Compiles with the babel.config.json block of "2. Babel" (plus CommonJS output) and runs it twice. */
export function runBabelSetup(markdown: string): [TaggedRun, TaggedRun] {
  const block = findBlock(readmeBlocks(markdown), { heading: '2. Babel', lang: 'json' });
  const sources = taggedSources(markdown);
  const project = readmeProject({ ...sources, 'babel.config.json': block.code }, ['@babel']);
  try {
    const babel = require(require.resolve('@babel/core', { paths: [REPO] })) as BabelCore;
    const commonjs = require.resolve('@babel/plugin-transform-modules-commonjs', { paths: [REPO] });
    for (const file of Object.keys(sources)) {
      const result = babel.transformFileSync(join(project.root, file), { cwd: project.root, plugins: [commonjs] });
      const out = join(project.root, 'dist', file.replace(/^src\//, '').replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, result?.code ?? '');
    }
    return runTwice<TaggedRun>(project.root, 'dist/main.js');
  } finally {
    project.remove();
  }
}

export interface RuntimeExample {
  /** The README's claim for `slowSquare.cacheInfo()` after its two calls. */
  claimed: Counts;
  /** The value the README says the first call stores. */
  claimedValue: number;
  runs: Array<{ info: Counts; value: unknown }>;
}

/**
 * The `cacheToDisk(days?, options?)(fn)` example, preceded by the Runtime API import block,
 * transpiled to CommonJS by the repository's TypeScript and run twice.
 */
export function runRuntimeExample(markdown: string): RuntimeExample {
  const blocks = readmeBlocks(markdown);
  const imports = findBlock(blocks, { heading: 'Runtime API', lang: 'ts', includes: "from 'cache-to-disk'" });
  const example = findBlock(blocks, { heading: '`cacheToDisk(days?, options?)(fn)`', lang: 'ts' });
  const claim = /slowSquare\.cacheInfo\(\);\s*\/\/\s*(\{[^}]*\})/.exec(example.code);
  const stored = /stores (\d+)/.exec(example.code);
  if (!claim || !stored) throw new Error(`README.md:${example.line}: the example no longer states its cacheInfo() result and stored value in comments`);
  const claimed = JSON.parse(claim[1]!.replace(/(\w+)\s*:/g, '"$1":')) as Counts;
  const ts = require(require.resolve('typescript', { paths: [REPO] })) as typeof import('typescript');
  const source = `${imports.code}${example.code}
const __info = slowSquare.cacheInfo();
console.log(JSON.stringify({ info: __info, value: slowSquare(4) }));
`;
  const { outputText, diagnostics } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'example.ts',
    reportDiagnostics: true,
  });
  if (diagnostics && diagnostics.length > 0) {
    throw new Error(`README.md:${example.line}: ${diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n')}`);
  }
  const project = readmeProject({ 'example.js': outputText }, []);
  try {
    const runs = runTwice<{ info: Counts; value: unknown }>(project.root, 'example.js');
    return { claimed, claimedValue: Number(stored[1]), runs };
  } finally {
    project.remove();
  }
}

/** `node dist/cli/index.js --help`, run from the repository. */
export function cliHelp(): string {
  const result = node([join(REPO, 'dist', 'cli', 'index.js'), '--help'], REPO);
  if (result.status !== 0) throw new Error(`cache-to-disk --help exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

/** Each `npx cache-to-disk <command> [args]` line of the "Command line" block, as `command [args]`. */
export function readmeCommands(markdown: string): Array<{ usage: string; line: number }> {
  const block = findBlock(readmeBlocks(markdown), { heading: 'Command line', lang: 'sh' });
  return block.code.split('\n').flatMap((text, index) => {
    if (text.trim() === '') return [];
    const match = /^npx cache-to-disk ([a-z-]+(?: \[[a-z]+\])*)\s*(?:#.*)?$/.exec(text);
    if (!match) throw new Error(`README.md:${block.line + 1 + index}: not a command line: ${text}`);
    return [{ usage: match[1]!, line: block.line + 1 + index }];
  });
}
