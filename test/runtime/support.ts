// Shared by the runtime tests: temporary cache directories, warning capture, sites with unique
// ids (warnings are once per function, and every test file shares one runtime), and child Node
// processes that load the package by its public name.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SiteDescriptor } from '../../core/descriptor';
import { configure } from '../../runtime/config';
import { site, type Site } from '../../runtime/compiled';

/** The repository root: dist/test/runtime → ../../.. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `ctd-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh cache directory, configured for this process; `done()` restores the default and deletes it. */
export function freshCache(label: string): { dir: string; done(): void } {
  const dir = tempDir(label);
  configure({ dir, enabled: true });
  return {
    dir,
    done() {
      configure({ dir: undefined, enabled: undefined });
      removeDir(dir);
    },
  };
}

let counter = 0;

/** A site with a unique id, so once-per-function warnings and entries never leak between tests. */
export function uniqueSite(extra: Partial<SiteDescriptor> = {}): Site {
  counter++;
  return site({ id: `test/runtime.ts#fn${counter}_${process.pid}`, fingerprint: 'f'.repeat(32), maxAge: 0, ...extra });
}

export interface CapturedWarning {
  code: string | undefined;
  message: string;
}

/** Collects CacheToDiskWarnings until `stop()`; emitWarning delivers them on the next tick. */
export function captureWarnings(): { list: CapturedWarning[]; stop(): void } {
  const list: CapturedWarning[] = [];
  const listener = (warning: Error & { code?: string }): void => {
    if (warning.name === 'CacheToDiskWarning') list.push({ code: warning.code, message: warning.message });
  };
  process.on('warning', listener);
  return { list, stop: () => process.off('warning', listener) };
}

export function tick(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** A temp project whose node_modules/cache-to-disk links to this repository. */
export function childProject(label: string): string {
  const dir = tempDir(label);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'cache-to-disk'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "name": "child", "private": true }\n');
  return dir;
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node <file>` in `cwd` with extra environment variables. */
export function runChild(cwd: string, file: string, env: Record<string, string>, timeoutMs = 20000): Promise<ChildResult> {
  const start = Date.now();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('NODE_DEBUG' in env)) delete childEnv.NODE_DEBUG;
  for (const name of ['CACHE_TO_DISK', 'CACHE_TO_DISK_REMOTE', 'CACHE_TO_DISK_REMOTE_PREFIX', 'CACHE_TO_DISK_REMOTE_TIMEOUT', 'CACHE_TO_DISK_SECRET', 'CACHE_TO_DISK_MEMORY']) {
    if (!(name in env)) delete childEnv[name];
  }
  return new Promise((done) => {
    execFile(process.execPath, [file], { cwd, env: childEnv, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr, ms: Date.now() - start });
    });
  });
}
