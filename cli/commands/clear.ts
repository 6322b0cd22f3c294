// `cache-to-disk clear [function]`: removes entries through the runtime's own removal code, which
// never turns an argument into a path and never leaves the version root; then, when a shared
// tier is configured, the same function's (or every) entry under the project's prefix in Redis.
import type { Command, CommandContext, Report } from '../command';
import { CliError } from '../errors';
import { printable } from '../format';
import { allFunctions, matchFunctions } from '../functions';
import { remoteLabel, withRemote } from '../remote';
import { redactedUrl, type RemoteSettings } from '../../runtime/remote/options';
import { deleteEntries } from '../../runtime/remote/operations';
import { functionDir, functionFolder } from '../../runtime/store/layout';
import { removeAll, removeFunction, removeFunctionsNamed } from '../../runtime/store/remove';

/** One cleared function in --json output. */
export interface ClearedFunction {
  id: string;
  removed: number;
}

/** The shared tier's part of the --json document; `error` says why it was not cleared. */
export type RemoteCleared = { url: string; prefix: string; removed: number } | { url: string; prefix: string; error: string };

/** Shown for entries in folders whose `id` file is missing or does not match the folder. */
const UNNAMED = '(folders without a valid id file)';

export const clear: Command = {
  name: 'clear',
  args: '[function]',
  summary: 'remove the entries of one function, or every entry this library stored',
  maxArgs: 1,
  writes: true,
  async run(context: CommandContext, [name]: string[]): Promise<Report> {
    const functions = context.exists ? clearFunctions(context, name) : [];
    const removed = functions.reduce((sum, fn) => sum + fn.removed, 0);
    const json = { dir: context.dir, removed, functions };
    const text = textOf(context, name, functions, removed);
    if (context.remote === undefined) return { json, text };
    const remote = await clearRemote(context.remote, name);
    if ('error' in remote) {
      const failure = new CliError(
        'CTD_CLI_REMOTE_UNREACHABLE',
        `the local cache in ${context.dir} was cleared, the shared cache at ${printable(remoteLabel(context.remote))} was not: ${printable(remote.error)}. Run clear again once Redis answers.`,
      );
      return { json: { ...json, remote }, text, failure };
    }
    return { json: { ...json, remote }, text: text + remoteText(context.remote, name, remote.removed) };
  },
};

async function clearRemote(settings: RemoteSettings, name: string | undefined): Promise<RemoteCleared> {
  const where = { url: redactedUrl(settings.url), prefix: settings.prefix };
  // An id names exactly one folder, as on disk; a bare or qualified name is matched against the
  // ids the shared tier recorded, the way the local store matches them.
  const folders = name?.includes('#') ? [functionFolder(name)] : undefined;
  const outcome = await withRemote(settings, (client) => deleteEntries(client, settings.prefix, folders, folders === undefined ? name : undefined));
  return outcome.ok ? { ...where, removed: outcome.value } : { ...where, error: outcome.error };
}

function remoteText(settings: RemoteSettings, name: string | undefined, removed: number): string {
  const where = printable(remoteLabel(settings));
  if (removed > 0) return `Removed ${count(removed)} from the shared cache ${where}.\n`;
  return name === undefined
    ? `Nothing to remove in the shared cache ${where}.\n`
    : `Nothing to remove in the shared cache ${where}: no entries of a function matching "${printable(name)}".\n`;
}

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
