// `cache-to-disk clear [function]`: removes entries through the runtime's own removal code, which
// never turns an argument into a path and never leaves the version root.
import type { Command, CommandContext, Report } from '../command';
import { printable } from '../format';
import { allFunctions, matchFunctions } from '../functions';
import { functionDir } from '../../runtime/store/layout';
import { removeAll, removeFunction, removeFunctionsNamed } from '../../runtime/store/remove';

/** One cleared function in --json output. */
export interface ClearedFunction {
  id: string;
  removed: number;
}

/** Shown for entries in folders whose `id` file is missing or does not match the folder. */
const UNNAMED = '(folders without a valid id file)';

export const clear: Command = {
  name: 'clear',
  args: '[function]',
  summary: 'remove the entries of one function, or every entry this library stored',
  maxArgs: 1,
  writes: true,
  run(context: CommandContext, [name]: string[]): Report {
    const functions = context.exists ? clearFunctions(context, name) : [];
    const removed = functions.reduce((sum, fn) => sum + fn.removed, 0);
    return { json: { dir: context.dir, removed, functions }, text: textOf(context, name, functions, removed) };
  },
};

function clearFunctions(context: CommandContext, name: string | undefined): ClearedFunction[] {
  const { root } = context;
  if (name !== undefined && name.includes('#')) {
    const removed = removeFunction(root, name);
    return removed > 0 ? [{ id: name, removed }] : [];
  }
  const progress = context.progress('removing entries');
  const cleared: ClearedFunction[] = [];
  for (const folder of name === undefined ? allFunctions(root) : matchFunctions(root, name)) {
    // Removal by id re-derives the folder from the id; a folder whose id file names another
    // function is left to the sweep below rather than taking that function's entries with it.
    if (folder.id === undefined || functionDir(root, folder.id) !== folder.dir) continue;
    const removed = removeFunction(root, folder.id);
    if (removed > 0) cleared.push({ id: folder.id, removed });
    progress.tick(removed);
  }
  const rest = name === undefined ? removeAll(root) : removeFunctionsNamed(root, name);
  progress.done();
  if (rest > 0) cleared.push({ id: UNNAMED, removed: rest });
  return cleared;
}

function textOf(context: CommandContext, name: string | undefined, functions: ClearedFunction[], removed: number): string {
  if (functions.length === 0) {
    return name === undefined
      ? `Nothing to remove: no entries in ${context.dir}.\n`
      : `Nothing to remove: no entries of a function matching "${printable(name)}" in ${context.dir}.\n`;
  }
  if (functions.length === 1) return `Removed ${count(removed)} of ${printable(functions[0]!.id)} from ${context.dir}.\n`;
  const lines = functions.map((fn) => `Removed ${count(fn.removed)} of ${printable(fn.id)}`);
  lines.push(`Removed ${count(removed)} in total from ${context.dir}.`);
  return `${lines.join('\n')}\n`;
}

function count(n: number): string {
  return `${n} ${n === 1 ? 'entry' : 'entries'}`;
}
