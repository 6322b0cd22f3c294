// The command line, parsed by hand rather than with util.parseArgs so every mistake gets a
// message of ours: what was wrong, and the closest valid spelling when there is one.
import { CliUsageError } from './errors';

export interface Invocation {
  command: string | undefined;
  args: string[];
  dir: string | undefined;
  /** The shared tier's URL (`--remote`). */
  remote: string | undefined;
  /** The shared tier's key prefix (`--prefix`). */
  prefix: string | undefined;
  json: boolean;
  help: boolean;
  version: boolean;
}

const FLAGS = ['--json', '--help', '-h', '--version', '-v'];
/** Options that take a value, with the form shown when the value is missing. */
const VALUED = {
  '--dir': 'a directory: --dir <path>',
  '--remote': 'a Redis URL: --remote redis://host:port[/db]',
  '--prefix': 'a key prefix: --prefix <prefix>',
} as const;
type Valued = keyof typeof VALUED;
const OPTIONS = [...Object.keys(VALUED), ...FLAGS];

export function parseArgs(argv: readonly string[]): Invocation {
  const invocation: Invocation = { command: undefined, args: [], dir: undefined, remote: undefined, prefix: undefined, json: false, help: false, version: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = name === arg ? undefined : arg.slice(eq + 1);
    if (Object.hasOwn(VALUED, name)) {
      const value = inline ?? argv[i + 1];
      // An empty prefix is a real choice (keys at the top of the database); an empty path or URL is not.
      const empty = value === '' && name !== '--prefix';
      if (value === undefined || empty || (inline === undefined && value.startsWith('-') && value !== '-')) {
        throw new CliUsageError('CTD_CLI_MISSING_VALUE', `option ${name} needs ${VALUED[name as Valued]}.`);
      }
      if (inline === undefined) i++;
      invocation[name.slice(2) as 'dir' | 'remote' | 'prefix'] = value;
      continue;
    }
    if (!FLAGS.includes(name)) {
      throw new CliUsageError('CTD_CLI_UNKNOWN_OPTION', `unknown option ${name}.${suggestion(name, OPTIONS)}`);
    }
    if (inline !== undefined) throw new CliUsageError('CTD_CLI_UNEXPECTED_VALUE', `option ${name} takes no value.`);
    if (name === '--json') invocation.json = true;
    else if (name === '--help' || name === '-h') invocation.help = true;
    else invocation.version = true;
  }
  invocation.command = positional[0];
  invocation.args = positional.slice(1);
  return invocation;
}

/** ` Did you mean --json?` when a known word is within two edits of `word` (and of under half its length), else ''. */
export function suggestion(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.ceil(word.length / 2));
  for (const candidate of known) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? '' : ` Did you mean ${best}?`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
