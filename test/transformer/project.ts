// Temp projects as a user would have them: package.json, tsconfig.json with the plugin, src/,
// and node_modules where `cache-to-disk` is this repository and typescript / ts-patch / ts-node
// are the repository's installed copies. Built with the real tspc, run with the real node.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root (this file runs from dist/test/transformer). */
export const REPO = resolve(__dirname, '../../..');
const MODULES = join(REPO, 'node_modules');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ctd-${prefix}-`));
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A project directory with `files` and node_modules links; `linked` are taken from the repository. */
export function tempProject(prefix: string, files: Record<string, string>, linked = ['typescript', 'ts-patch']): string {
  const root = tempDir(prefix);
  writeFiles(root, files);
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(REPO, join(root, 'node_modules', 'cache-to-disk'), 'dir');
  for (const name of linked) symlinkSync(join(MODULES, name), join(root, 'node_modules', name), 'dir');
  return root;
}

export function tsconfig(compilerOptions: Record<string, unknown>, plugin = true): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      strict: true,
      skipLibCheck: true,
      // No @types and a small lib keep each real tspc run near a second.
      types: [],
      lib: ['es2022'],
      rootDir: 'src',
      outDir: 'dist',
      ...compilerOptions,
      ...(plugin ? { plugins: [{ transform: 'cache-to-disk/transformer' }] } : {}),
    },
    include: ['src'],
  }, null, 2);
}

export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The repository's `tspc`, as `npx tspc` would run it inside the project. */
export function tspc(cwd: string, ...args: string[]): Run {
  return run(process.execPath, [join(MODULES, 'ts-patch', 'bin', 'tspc.js'), ...args], cwd);
}

/** Runs a compiled script in a fresh node and parses the JSON line it prints last. */
export function runJson<T>(cwd: string, script: string, cacheDir: string, args: string[] = []): T {
  const result = run(process.execPath, [...args, script], cwd, { CACHE_TO_DISK_DIR: cacheDir });
  if (result.status !== 0) throw new Error(`node ${script} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

export function remove(...dirs: string[]): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
