// Other versions of the compilers (TypeScript 6, ts-patch 4, Babel 8) for the toolchain tests.
// They are not dependencies of this package — one node_modules holds one typescript and one
// @babel/core — so a test installs them from the npm registry into a folder of their own under
// the system temp dir, once per machine, and later runs reuse it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../core/hash';

const TOOLCHAINS = join(tmpdir(), 'cache-to-disk-toolchains');

/**
 * A folder whose node_modules holds exactly `packages` (npm specs such as `typescript@6.0.3`).
 * Installed into a sibling folder and renamed into place, so an interrupted install is never
 * mistaken for a finished one.
 */
export function toolchain(packages: string[]): string {
  const dir = join(TOOLCHAINS, sha256Hex(packages.join(' ')).slice(0, 16));
  if (existsSync(join(dir, 'node_modules'))) return dir;
  mkdirSync(TOOLCHAINS, { recursive: true });
  const staging = mkdtempSync(join(TOOLCHAINS, 'install-'));
  try {
    writeFileSync(join(staging, 'package.json'), '{"private":true}\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
      cwd: staging,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 180_000,
    });
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another run finished the same install first: theirs is as good as ours.
      if (!existsSync(join(dir, 'node_modules'))) throw error;
    }
    return dir;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
