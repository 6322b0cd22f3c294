// Shared by the reliability suite and the stress run: the true results the cached functions must
// return, keys and entry paths derived with the runtime's own functions, full listings of a tree
// (to prove nothing outside the cache was touched), and child processes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { entryKey } from '../../core/key';
import { argsKey } from '../../runtime/args-key';
import type { Site } from '../../runtime/site';
import { entryPath, versionRoot } from '../../runtime/store/layout';

/** dist/test/reliability → the repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** Compiled child programs live next to this file. */
export const CHILDREN = join(__dirname, 'children');

/** Sizes that exercise both read paths: inline (≤ 64 KiB) and background (above). */
export function sizeOf(n: number): number {
  return n % 3 === 0 ? 70_000 + (n % 7) * 13_001 : 40 + (n % 11) * 97;
}

/**
 * The value a cached function of the suite returns for `n`: deterministic, of several kinds, with
 * a byte pattern a partial or mixed-up read could not reproduce.
 */
export function truth(n: number, size = sizeOf(n)): unknown {
  const bytes = Buffer.alloc(size, (n * 7 + 1) & 0xff);
  for (let at = 0; at + 4 <= size; at += 4096) bytes.writeUInt32LE((at * 31 + n) >>> 0, at);
  return {
    n,
    label: `value-${n}`,
    bytes,
    when: new Date(1_700_000_000_000 + n),
    tags: new Set([`t${n % 3}`, n]),
    table: new Map<unknown, unknown>([[n, [n, -0, NaN]], ['k', { nested: `${n}`.repeat(3) }]]),
    big: BigInt(n) * 10n ** 20n,
  };
}

/** The entry key of a call through `site`, as the runtime derives it. */
export function keyFor(site: Site, args: unknown[], thisArg?: unknown, captures?: unknown[]): string {
  const encoded = argsKey(site, thisArg, args, captures);
  if (typeof encoded !== 'string') throw new Error(`unkeyable arguments: ${encoded.path}`);
  return entryKey(site.prefix, encoded);
}

/** Where that call's entry lives under `cacheDir`. */
export function entryFor(cacheDir: string, site: Site, args: unknown[]): { key: string; path: string } {
  const key = keyFor(site, args);
  return { key, path: entryPath(site.functionDir(versionRoot(cacheDir)), key) };
}

/** One line per path below `dir` (not following symlinks): type, size, mtime, content or link target hash. */
export function listing(dir: string): string[] {
  const lines: string[] = [];
  const walk = (path: string): void => {
    let stats;
    try {
      stats = lstatSync(path);
    } catch {
      return;
    }
    const rel = path.slice(dir.length) || '/';
    if (stats.isSymbolicLink()) lines.push(`${rel} link ${readlinkSync(path)} ${stats.mtimeMs}`);
    else if (stats.isDirectory()) {
      lines.push(`${rel} dir ${stats.mode & 0o7777} ${stats.mtimeMs}`);
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else lines.push(`${rel} file ${stats.size} ${stats.mtimeMs} ${digest(readFileSync(path))}`);
  };
  walk(dir);
  return lines;
}

function digest(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** Every file below `dir` whose name marks an unfinished write. */
export function tempFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    let names: string[];
    try {
      names = readdirSync(path);
    } catch {
      return;
    }
    for (const name of names) {
      const child = join(path, name);
      if (name.startsWith('.tmp-')) found.push(child);
      else if (lstatSync(child).isDirectory()) walk(child);
    }
  };
  walk(dir);
  return found;
}

/** A small deterministic random source, so a failing run can be repeated from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled child program with node (or through `bash -c` when `shell` prefixes it). */
export function runNode(program: string, args: string[], env: Record<string, string>, shell?: string): Promise<Exit> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.NODE_DEBUG;
  delete childEnv.CACHE_TO_DISK;
  const quoted = [process.execPath, join(CHILDREN, program), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child =
    shell === undefined
      ? spawn(process.execPath, [join(CHILDREN, program), ...args], { env: childEnv, cwd: REPO_ROOT })
      : spawn('bash', ['-c', `${shell}; exec ${quoted}`], { env: childEnv, cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr })));
}

/** The last line of a child's stdout, parsed as JSON. */
export function lastJson<T>(exit: Exit): T {
  const lines = exit.stdout.trim().split('\n');
  try {
    return JSON.parse(lines[lines.length - 1]!) as T;
  } catch {
    throw new Error(`child printed no result (code ${exit.code}, signal ${exit.signal}):\n${exit.stdout}\n${exit.stderr}`);
  }
}

/** Runs `jobs` with at most `width` at a time. */
export async function pool<T>(width: number, jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
  return results;
}
