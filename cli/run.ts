// From argv to an exit status: parse, resolve the cache directory, dispatch to the command, print
// its text or its JSON document. Usage errors exit 2, failures 1; nothing here calls
// process.exit, so stdout is always flushed.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, suggestion } from './args';
import type { Command, CommandContext } from './command';
import { CliError, CliUsageError } from './errors';
import { printable } from './format';
import { Progress } from './progress';
import { cliRemoteSettings } from './remote';
import { HELP_HINT, helpText } from './usage';
import { checkCacheDir, defaultCacheDir } from '../runtime/cache-dir';
import type { RemoteSettings } from '../runtime/remote/options';
import { versionRoot } from '../runtime/store/layout';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });

/** Runs one invocation of the command line and returns its exit status. */
export async function run(commands: readonly Command[], argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  try {
    const invocation = parseArgs(argv);
    const dir = invocation.dir === undefined ? defaultCacheDir(io.env, io.cwd) : resolve(io.cwd, invocation.dir);
    if (invocation.help) {
      io.stdout.write(helpText(commands, packageVersion(), dir));
      return 0;
    }
    if (invocation.version) {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const command = findCommand(commands, invocation.command);
    if (invocation.args.length > command.maxArgs) {
      const extra = invocation.args.slice(command.maxArgs).map((a) => `"${printable(a)}"`).join(' ');
      throw new CliUsageError(
        'CTD_CLI_EXTRA_ARGUMENT',
        `${command.name} takes ${command.maxArgs === 0 ? 'no arguments' : `at most ${command.maxArgs === 1 ? 'one argument' : `${command.maxArgs} arguments`} (${command.args})`}; unexpected ${extra}.`,
      );
    }
    const remote = cliRemoteSettings(invocation.remote, invocation.prefix, io.env);
    const context = contextFor(command, dir, remote, io);
    const report = await command.run(context, invocation.args);
    io.stdout.write(invocation.json ? `${JSON.stringify(report.json, null, 2)}\n` : report.text);
    if (report.failure === undefined) return 0;
    io.stderr.write(`cache-to-disk: ${report.failure.message}\n`);
    return report.failure.exitCode;
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(`cache-to-disk: ${error.message}\n${HELP_HINT}\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.stderr.write(`cache-to-disk: ${error.message}\n`);
      return error.exitCode;
    }
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`cache-to-disk: ${(error as Error).message ?? String(error)}${code ? ` (${code})` : ''}\n`);
    return 1;
  }
}

function findCommand(commands: readonly Command[], name: string | undefined): Command {
  if (name === undefined) throw new CliUsageError('CTD_CLI_NO_COMMAND', `missing command: one of ${commands.map((c) => c.name).join(', ')}.`);
  const command = commands.find((c) => c.name === name);
  if (command !== undefined) return command;
  const names = commands.map((c) => c.name);
  throw new CliUsageError('CTD_CLI_UNKNOWN_COMMAND', `unknown command "${printable(name)}".${suggestion(name, names)} Commands: ${names.join(', ')}.`);
}

function contextFor(command: Command, dir: string, remote: RemoteSettings | undefined, io: Io): CommandContext {
  let exists = false;
  try {
    exists = statSync(dir).isDirectory();
    if (!exists) {
      throw new CliError('CTD_CLI_NOT_A_DIRECTORY', `${dir} is not a directory. Pass the cache directory with --dir <path>.`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new CliError('CTD_CLI_DIR_UNREADABLE', `cannot read the cache directory ${dir} (${code}).`);
  }
  const verdict = exists ? checkCacheDir(dir) : undefined;
  if (verdict?.kind === 'refused') {
    if (command.writes) {
      throw new CliError('CTD_CLI_DIR_REFUSED', `refusing to delete anything in ${dir}: ${verdict.reason}. Fix: ${verdict.fix}.`);
    }
    io.stderr.write(`cache-to-disk: note: the runtime refuses ${dir} (${verdict.reason}), so cached functions run uncached. Fix: ${verdict.fix}.\n`);
  }
  return {
    dir,
    root: versionRoot(dir),
    exists,
    now: Date.now(),
    cwd: io.cwd,
    remote,
    progress: (label) => new Progress(label, io.stderr),
  };
}

function packageVersion(): string {
  // dist/cli/run.js → the package root, where package.json sits in the repository and when installed.
  const text = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
