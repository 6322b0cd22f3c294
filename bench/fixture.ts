// What every case stores: a ~1 KB object per key, temporary directories removed at exit, and the
// cache-to-disk sites the cases call the way compiled code calls them.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, site, type Site } from '../runtime/compiled';
import { configure } from '../runtime/config';
import { repoRoot } from './paths';

export interface SmallValue {
  id: number;
  name: string;
  email: string;
  active: boolean;
  tags: string[];
  scores: number[];
  address: { street: string; city: string; zip: string };
  created: string;
}

/** The result every small case stores for key `n`: about 1 KB once serialized. */
export function smallValue(n: number): SmallValue {
  return {
    id: n,
    name: `user-${n}`,
    email: `user${n}@example.com`,
    active: n % 2 === 0,
    tags: ['alpha', 'beta', 'gamma'],
    scores: Array.from({ length: 90 }, (_, i) => ((i * 7 + n) % 1000) / 10),
    address: { street: '1 Main St', city: 'Springfield', zip: '12345' },
    created: '2024-01-01T00:00:00.000Z',
  };
}

const dirs: string[] = [];

/** A fresh directory under the system temp dir, removed when the process exits. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ctd-bench-${label}-`));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', removeTempDirs);

/** A project whose node_modules/cache-to-disk links to this repository, as an installed package would be. */
export function linkedProject(label: string): string {
  const project = tempDir(label);
  writeFileSync(join(project, 'package.json'), `{"name":"bench-${label}","private":true}\n`);
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(repoRoot, join(project, 'node_modules', 'cache-to-disk'), 'dir');
  return project;
}

/** Points the runtime at a fresh cache directory. */
export function useCacheDir(label: string): string {
  const dir = tempDir(label);
  configure({ dir });
  return dir;
}

/** Runs `work` with the memory tier off, so every hit reads the disk; the tier is back on after. */
export async function withMemoryOff<T>(work: () => Promise<T>): Promise<T> {
  configure({ memory: 0 });
  try {
    return await work();
  } finally {
    configure({ memory: undefined });
  }
}

const THREE_DAYS = 3 * 24 * 60 * 60 * 1000;

/** A tagged function as the compiler plugins emit it: a site plus a wrapper calling `call`. */
export function cachedSync<T>(id: string, body: (n: number) => T): { site: Site; fn: (n: number) => T } {
  const s = site({ id: `bench/cases.ts#${id}`, fingerprint: `bench-${id}`, maxAge: THREE_DAYS });
  return { site: s, fn: (n: number) => call(s, undefined, [n], body) as T };
}

export function cachedAsync<T>(id: string, body: (n: number) => Promise<T>): { site: Site; fn: (n: number) => Promise<T> } {
  const s = site({ id: `bench/cases.ts#${id}`, fingerprint: `bench-${id}`, maxAge: THREE_DAYS, async: true });
  return { site: s, fn: (n: number) => call(s, undefined, [n], body) as Promise<T> };
}

/** Every entry file stored under a cache directory (the `id` files and CACHEDIR.TAG left out). */
export function entryFiles(cacheDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (/^[0-9a-f]{62}$/.test(item.name)) out.push(path);
    }
  };
  walk(cacheDir);
  return out.sort();
}

export class ValidationError extends Error {}

/** Throws unless `actual` deep-equals `expected`: a contender that returns wrong data is not timed. */
export function expectEqual(contender: string, actual: unknown, expected: unknown): void {
  const { isDeepStrictEqual } = require('node:util') as typeof import('node:util');
  if (!isDeepStrictEqual(actual, expected)) {
    throw new ValidationError(`${contender} returned ${JSON.stringify(actual)?.slice(0, 200)} instead of ${JSON.stringify(expected).slice(0, 200)}`);
  }
}
