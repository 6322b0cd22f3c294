// Temp projects for the Babel front end's tests: a package.json, source files, and
// node_modules/cache-to-disk linked to this repository, so compiled code resolves
// `cache-to-disk/runtime` exactly as an installed package would.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root (dist/test/babel-plugin → ../../..). */
export const REPO = resolve(__dirname, '../../..');

export interface Project {
  root: string;
  write(file: string, text: string): void;
  remove(): void;
}

export function createProject(files: Record<string, string>, packageJson: object = { name: 'fixture', private: true }): Project {
  const root = mkdtempSync(join(tmpdir(), 'ctd-babel-'));
  const write = (file: string, text: string): void => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  write('package.json', JSON.stringify(packageJson));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(REPO, join(root, 'node_modules', 'cache-to-disk'), 'dir');
  for (const [file, text] of Object.entries(files)) write(file, text);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Runs `node <script>` in `cwd` with its own cache directory and returns the last stdout line
 * parsed as JSON (the script's report). Fails with the child's stderr when it exits non-zero.
 */
export function runNode(cwd: string, script: string, cacheDir: string, args: string[] = []): any {
  const result = spawnSync(process.execPath, [...args, script], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CACHE_TO_DISK_DIR: cacheDir, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) throw new Error(`node ${script} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

/** Runs a command and returns its combined output; throws with that output when it fails. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}${e.message}`);
  }
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
