// Shared by the CLI tests: cache directories built with the store's own header encoder, layout
// and writer (never hard-coded paths), and the bin run as a real child process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serialize } from 'node:v8';
import { commands } from '../../cli/index';
import { run } from '../../cli/run';
import { sha256Hex } from '../../core/hash';
import { encodeHeader } from '../../runtime/store/entry';
import { entryPath, functionDir, versionRoot } from '../../runtime/store/layout';
import { writeEntrySync } from '../../runtime/store/write';

/** The repository root: dist/test/cli → ../../.. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const BIN = join(REPO_ROOT, 'dist', 'cli', 'index.js');

export const HOUR = 3600 * 1000;
export const DAY = 24 * HOUR;

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `ctd-cli-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface EntrySpec {
  id: string;
  /** Any text: the key is its sha256, as real keys are sha256 hex. */
  key: string;
  fingerprint?: string;
  created?: number;
  /** 0 = never. */
  expires?: number;
  value?: unknown;
}

/** Writes one entry into `cacheDir`; returns its path and its size on disk. */
export function putEntry(cacheDir: string, spec: EntrySpec): { path: string; bytes: number; key: string } {
  const root = versionRoot(cacheDir);
  const fnDir = functionDir(root, spec.id);
  const key = sha256Hex(spec.key);
  const payload = serialize(spec.value ?? spec.key);
  const header = encodeHeader(
    { key, id: spec.id, fingerprint: spec.fingerprint ?? 'fp-current', flags: 0, created: spec.created ?? Date.now(), expires: spec.expires ?? 0 },
    payload,
  );
  const path = entryPath(fnDir, key);
  writeEntrySync({ root, fnDir, functionId: spec.id, key, path }, header, payload);
  return { path, bytes: header.length + payload.length, key };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/index.js …args` as a real process, with NODE_DEBUG and CACHE_TO_DISK_DIR unset unless given. */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_DEBUG;
  delete env.CACHE_TO_DISK_DIR;
  delete env.XDG_CACHE_HOME;
  Object.assign(env, options.env);
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? tmpdir(), env, timeout: 60000, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** Runs the bin with --json and parses its one document; fails loudly on a non-zero exit. */
export async function cliJson<T>(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<T> {
  const result = await cli([...args, '--json'], options);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/**
 * Runs the command line inside this process, through the same `run` and command table as the
 * bin; for the many small cases where a process start per case would dominate the suite's time.
 */
export async function cliInProcess(args: string[], cwd = tmpdir()): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => ({ isTTY: false, write: (text: string) => (append(text), true) });
  const io = {
    stdout: sink((text) => (stdout += text)) as unknown as NodeJS.WritableStream,
    stderr: sink((text) => (stderr += text)) as unknown as NodeJS.WriteStream,
    env: {},
    cwd,
  };
  const code = await run(commands, args, io);
  return { code, stdout, stderr };
}
