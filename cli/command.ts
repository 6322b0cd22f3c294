// The contract between the dispatcher (run.ts) and each command in commands/.
import type { CliError } from './errors';
import type { Progress } from './progress';
import type { RemoteSettings } from '../runtime/remote/options';

/** What every command receives: the options already parsed and the cache directory resolved. */
export interface CommandContext {
  /** The cache directory (`--dir`, else the runtime's default resolution). */
  dir: string;
  /** The version root inside it, where every entry lives. */
  root: string;
  /** Whether the directory exists (a missing cache is an empty one). */
  exists: boolean;
  /** The instant every age and expiry is measured from, in ms since the epoch. */
  now: number;
  /** The directory the command was started in. */
  cwd: string;
  /** The shared tier (`--remote`/`--prefix`, else the runtime's environment variables); `undefined` when none is configured. */
  remote: RemoteSettings | undefined;
  /** A progress line on stderr, shown only on a TTY and only once the operation passes one second. */
  progress(label: string): Progress;
}

/** A command's output: the human text and the --json document, built from the same rows. */
export interface Report {
  text: string;
  json: unknown;
  /**
   * What went wrong after part of the work was done (clear emptied the disk but could not reach
   * Redis): printed on stderr after the report, and the exit status is its own.
   */
  failure?: CliError | undefined;
}

export interface Command {
  name: string;
  /** The positional arguments as shown in the usage, e.g. `[function]`. */
  args: string;
  /** One line for the command list in --help. */
  summary: string;
  /** How many positional arguments the command accepts at most. */
  maxArgs: number;
  /** Whether the command deletes files: such commands refuse a directory the runtime refuses. */
  writes: boolean;
  run(context: CommandContext, args: string[]): Report | Promise<Report>;
}
