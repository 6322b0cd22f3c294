// Which function folders a command works on. A name given on the command line is resolved the way
// deleteDiskCachesForFunction resolves it — an id (`src/a.ts#f`) is hashed into its folder name,
// a bare or qualified name is compared with the ids recorded in the folders — so no argument
// ever becomes part of a path.
import { functionDir } from '../runtime/store/layout';
import { idMatchesName } from '../runtime/store/remove';
import { functionDirs, functionIdOf, isRealDir } from '../runtime/store/walk';

export interface FunctionFolder {
  dir: string;
  /** The recorded functionId; `undefined` when the folder's `id` file is missing or unreadable. */
  id: string | undefined;
}

/** Every function folder under a version root, sorted by id. */
export function allFunctions(root: string): FunctionFolder[] {
  return sortById(functionDirs(root).map((dir) => ({ dir, id: functionIdOf(dir) })));
}

/** The folders `name` designates: by exact id when it holds `#`, else every function of that name. */
export function matchFunctions(root: string, name: string): FunctionFolder[] {
  if (name.includes('#')) {
    const dir = functionDir(root, name);
    return isRealDir(dir) ? [{ dir, id: functionIdOf(dir) ?? name }] : [];
  }
  return allFunctions(root).filter((folder) => folder.id !== undefined && idMatchesName(folder.id, name));
}

/** The name a folder is shown under: its id, or its folder name when the id is unknown. */
export function displayId(folder: FunctionFolder): string {
  return folder.id ?? `(no id) ${folder.dir.slice(folder.dir.lastIndexOf('/') + 1)}`;
}

function sortById(folders: FunctionFolder[]): FunctionFolder[] {
  return folders.sort((a, b) => compare(displayId(a), displayId(b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
