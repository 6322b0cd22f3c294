// The stable name of a function across checkouts and machines: its file's path relative to the
// package root (the nearest directory holding a package.json), with `/` separators, then `#`
// and the qualified name — `src/api.ts#Client.fetchUser`.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// A build asks once per file and files share directories; the answer per directory never changes
// during one compilation.
const rootOfDirectory = new Map<string, string | null>();

/**
 * The nearest directory at or above `directory` that holds a package.json, or `null` when there
 * is none up to the file-system root.
 */
export function packageRoot(directory: string): string | null {
  const cached = rootOfDirectory.get(directory);
  if (cached !== undefined) return cached;
  const parent = dirname(directory);
  const root = existsSync(join(directory, 'package.json'))
    ? directory
    : parent === directory
      ? null
      : packageRoot(parent);
  rootOfDirectory.set(directory, root);
  return root;
}

/**
 * `functionId('/repo/src/api.ts', 'Client.fetchUser')` → `src/api.ts#Client.fetchUser` when
 * `/repo/package.json` exists. A file outside any package is named relative to its own
 * directory, so the id still never contains an absolute path.
 */
export function functionId(file: string, qualifiedName: string): string {
  const absolute = resolve(file);
  const directory = dirname(absolute);
  const path = relative(packageRoot(directory) ?? directory, absolute).split(sep).join('/');
  return `${path}#${qualifiedName}`;
}
