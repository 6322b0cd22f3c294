// One temporary tree holding every fixture case as its own tiny package:
//
//   <root>/
//   ├── node_modules/
//   │   ├── cache-to-disk -> <repo>            resolved as an installed package would be
//   │   ├── @types/node -> <repo>/node_modules/@types/node
//   │   └── exec-kit/                          the compiled test/helpers/exec-kit, copied
//   └── <group>/<case>/
//       ├── package.json                       the nearest package.json: ids read src/input.ts#…
//       └── src/input.ts, src/exec.ts
//
// Because the functionId is relative to the nearest package.json, ids never depend on where the
// fixture lives, and both front ends see the same absolute path for every file.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root: dist/test/helpers → ../../.. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface CasePackage {
  /** `group/case`: the package's folder under the root. */
  path: string;
  /** Contents by path inside the package (`src/input.ts`). */
  files: Record<string, string>;
}

export interface TempProject {
  root: string;
  /** Absolute folder of a package added by `path`. */
  dir(path: string): string;
  /** Writes a file inside the tree (emitted output, for instance), creating folders. */
  write(path: string, contents: string): string;
  remove(): void;
}

/**
 * Creates the tree. `type` is written into every case package.json: Node and TypeScript's node16
 * module mode both decide from it whether a `.js`/`.ts` file is an ES module.
 *
 * @example
 * const project = createTempProject('module', [{ path: 'forms/arrow', files: { 'src/input.ts': '…' } }]);
 * project.dir('forms/arrow'); // → <root>/forms/arrow
 */
export function createTempProject(type: 'commonjs' | 'module', packages: CasePackage[]): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'ctd-fixtures-'));
  const write = (path: string, contents: string): string => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
    return file;
  };

  linkPackage(root, 'cache-to-disk', REPO_ROOT);
  linkPackage(root, '@types/node', join(REPO_ROOT, 'node_modules', '@types', 'node'));
  copyExecKit(root);

  for (const pkg of packages) {
    const name = pkg.path.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
    write(join(pkg.path, 'package.json'), `${JSON.stringify({ name, private: true, type }, null, 2)}\n`);
    for (const [path, contents] of Object.entries(pkg.files)) write(join(pkg.path, path), contents);
  }

  return {
    root,
    dir: (path) => join(root, path),
    write,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function linkPackage(root: string, name: string, target: string): void {
  const link = join(root, 'node_modules', name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}

function copyExecKit(root: string): void {
  const dir = join(root, 'node_modules', 'exec-kit');
  mkdirSync(dir, { recursive: true });
  const built = join(__dirname, 'exec-kit');
  for (const ext of ['.js', '.d.ts']) {
    if (!existsSync(built + ext)) throw new Error(`${built}${ext} is missing: build first (npx tsc -p tsconfig.build.json).`);
    copyFileSync(built + ext, join(dir, `index${ext}`));
  }
  const manifest = { name: 'exec-kit', private: true, type: 'commonjs', main: 'index.js', types: 'index.d.ts' };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
