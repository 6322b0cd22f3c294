// Where things are when this runs as dist/bench/*.js: the repository root, and bench/ with its
// own node_modules holding the peers and the compile corpus.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
export const benchRoot = join(repoRoot, 'bench');

/** `require` as seen from bench/: resolves the peers installed by bench/package.json. */
export const benchRequire = createRequire(join(benchRoot, 'package.json'));

/** The installed version of a package of bench/ (or of the repository, with `from = repoRoot`). */
export function versionOf(name: string, from = benchRoot): string {
  const manifest = JSON.parse(readFileSync(join(from, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
