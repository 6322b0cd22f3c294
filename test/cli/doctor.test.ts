// `cache-to-disk doctor` on real builds: a project compiled by plain `tsc` 7 (which ignores the
// plugins list and exits 0) never fills the cache, and doctor names the cause and the fix; the
// same project built with tspc and run once is all seen. The tag finder's names are checked
// against the qualified names the front ends give.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { doctor } from '../../cli/commands/doctor';
import { run } from '../../cli/run';
import { taggedFunctions } from '../../cli/tagged-functions';
import { compileTsc } from '../helpers/compile-tsc';
import { toolchain } from '../helpers/toolchain';
import { createProject, tempDir, type Project } from '../babel-plugin/project';

test('tag finder: the qualified names of every taggable form', () => {
  const source = `import x from 'x';
/** @cacheToDisk */
export async function fetchUser(id: string): Promise<string> {
  /** @cacheToDisk */
  function inner(): number { return 1; }
  return inner() + id;
}
/** @cacheToDisk 3 */
export const arrow = async (a: number, { b }: { b: number } = { b: 1 }): Promise<number> => a + b;
/** @cacheToDisk */ export default function () { return 1; }
export class Client<T> {
  private n = 1;
  /** @cacheToDisk */
  static create(): Client<number> { return new Client(); }
  /** Fetches. @cacheToDisk 1h */
  async fetch(url: string, opts?: { retries: number }): Promise<string> { return url; }
  /** @cacheToDisk */ #secret(): number { return this.n; }
  /** @cacheToDisk */ ['computed' + 1](): number { return 2; }
}
const geometry = {
  unit: 1,
  /** @cacheToDisk */
  area(w: number, h: number) { return w * h; },
  'load-user': () => x,
};
// @cacheToDisk in a line comment is not a tag
const text = "/** @cacheToDisk */ function notCode() {}";
/** @cacheToDisk */
const described = function named() { return \`\${text}\${geometry.unit}\`; };
`;
  assert.equal(taggedFunctions(source).map((f) => f.qualifiedName), [
    'fetchUser',
    'fetchUser.inner',
    'arrow',
    'default',
    'Client.create',
    'Client.fetch',
    'Client.#secret',
    "Client.['computed' + 1]",
    'geometry.area',
    'described',
  ]);
  assert.equal(taggedFunctions(source)[0], { qualifiedName: 'fetchUser', line: 3, column: 1 });
  assert.equal(taggedFunctions('export const a = 1; // no tag here\n'), []);
});

const SOURCES = {
  'src/square.ts': `/** @cacheToDisk */
export function square(n: number): number {
  return n * n;
}

export class Shapes {
  /** @cacheToDisk 2 */
  area(w: number, h: number): number {
    return w * h;
  }
}
`,
  'src/main.ts': `import { square, Shapes } from './square';
square(4);
new Shapes().area(2, 3);
`,
};

const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'commonjs',
    rootDir: 'src',
    outDir: 'dist',
    strict: true,
    skipLibCheck: true,
    types: [],
    // The ts-patch entry that plain tsc ignores.
    plugins: [{ transform: 'cache-to-disk/transformer' }],
  },
  include: ['src'],
};

interface DoctorJson {
  functions: Array<{ id: string; file: string; line: number; seen: boolean }>;
  problems: Array<{ code: string; cause: string; fix: string }>;
}

async function runDoctor(project: Project, cacheDir: string, json: boolean): Promise<string> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => ({ isTTY: false, write: (text: string) => (append(text), true) });
  const io = {
    stdout: sink((text) => (stdout += text)) as unknown as NodeJS.WritableStream,
    stderr: sink((text) => (stderr += text)) as unknown as NodeJS.WriteStream,
    env: {},
    cwd: join(project.root, 'src'),
  };
  const status = await run([doctor], ['doctor', '--dir', cacheDir, ...(json ? ['--json'] : [])], io);
  assert.is(status, 0, stderr);
  return stdout;
}

test('a project built by plain tsc 7: every tag unseen, cause and fix named', async () => {
  const ts7 = join(toolchain(['typescript@7']), 'node_modules', 'typescript');
  const project = createProject(
    { ...SOURCES, 'tsconfig.json': JSON.stringify(TSCONFIG, null, 2) },
    { name: 'app', private: true, scripts: { build: 'tsc' }, devDependencies: { typescript: '^7.0.0' } },
  );
  symlinkSync(ts7, join(project.root, 'node_modules', 'typescript'), 'dir');
  const cache = tempDir('ctd-doctor-cache-');
  try {
    execFileSync(process.execPath, [join(project.root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project.root, stdio: 'pipe' });
    execFileSync(process.execPath, ['dist/main.js'], { cwd: project.root, env: { ...process.env, CACHE_TO_DISK_DIR: cache.path } });

    const report = JSON.parse(await runDoctor(project, cache.path, true)) as DoctorJson;
    assert.equal(report.functions.map((f) => [f.id, f.seen]), [['src/square.ts#square', false], ['src/square.ts#Shapes.area', false]]);
    assert.equal(report.problems.map((p) => p.code), ['CTD_DOCTOR_TSC7']);
    const text = await runDoctor(project, cache.path, false);
    assert.match(text, /src\/square\.ts#square\s+src\/square\.ts:2:1\s+never/);
    assert.match(text, '2 tagged functions, 2 never seen by this cache.');
    assert.match(text, /Likely cause: typescript 7\.\d+\.\d+ is the native compiler: its tsc ignores compilerOptions.plugins/);
    assert.match(text, 'cache-to-disk/babel-plugin');
  } finally {
    cache.remove();
    project.remove();
  }
});

test('the same project built with tspc and run once: all seen, nothing to fix', async () => {
  const project = createProject(
    { ...SOURCES, 'tsconfig.json': JSON.stringify(TSCONFIG, null, 2) },
    { name: 'app', private: true, scripts: { build: 'tspc' }, devDependencies: { typescript: '^5.9.3', 'ts-patch': '^3.3.0' } },
  );
  const cache = tempDir('ctd-doctor-cache-');
  try {
    const tsc = compileTsc({ root: join(project.root, 'src'), module: 'cjs', outDir: join(project.root, 'dist') });
    assert.equal(tsc.diagnostics.filter((d) => d.code.startsWith('CTD')), []);
    let report = JSON.parse(await runDoctor(project, cache.path, true)) as DoctorJson;
    assert.equal(report.functions.map((f) => f.seen), [false, false], 'nothing ran yet');
    assert.equal(report.problems, [], 'the toolchain is right: no cause to name');

    execFileSync(process.execPath, ['dist/main.js'], { cwd: project.root, env: { ...process.env, CACHE_TO_DISK_DIR: cache.path } });
    report = JSON.parse(await runDoctor(project, cache.path, true)) as DoctorJson;
    assert.equal(report.functions.map((f) => [f.id, f.seen]), [['src/square.ts#square', true], ['src/square.ts#Shapes.area', true]]);
    assert.equal(report.problems, []);
    assert.match(await runDoctor(project, cache.path, false), '2 tagged functions, 0 never seen by this cache.');
  } finally {
    cache.remove();
    project.remove();
  }
});

test.run();
