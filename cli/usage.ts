// The --help text, built from the command table so a new command documents itself.
import type { Command } from './command';

export const USAGE = 'usage: cache-to-disk <command> [function] [--dir <path>] [--remote <url>] [--prefix <prefix>] [--json]';
export const HELP_HINT = "Run 'cache-to-disk --help' for the commands and options.";

export function helpText(commands: readonly Command[], version: string, dir: string): string {
  const signatures = commands.map((command) => (command.args ? `${command.name} ${command.args}` : command.name));
  const width = Math.max(...signatures.map((s) => s.length));
  const lines = [
    `cache-to-disk ${version}: inspect and clean the results cache-to-disk stored.`,
    '',
    USAGE,
    '',
    'Commands:',
    ...commands.map((command, i) => `  ${signatures[i]!.padEnd(width)}  ${command.summary}`),
    '',
    'Options:',
    '  --dir <path>       the cache directory; by default the one the runtime uses: CACHE_TO_DISK_DIR,',
    '                     else node_modules/.cache/cache-to-disk under the nearest package.json,',
    '                     else $XDG_CACHE_HOME (or ~/.cache)/cache-to-disk',
    '  --remote <url>     the shared cache, redis://host:port[/db] (rediss:// for TLS); by default',
    '                     CACHE_TO_DISK_REMOTE. With one, stats adds its entries and size, clear',
    '                     removes its entries too, and doctor checks that it answers',
    '  --prefix <prefix>  the shared cache\'s key prefix; by default CACHE_TO_DISK_REMOTE_PREFIX,',
    '                     else "ctd:" + the name in the nearest package.json + ":"',
    '  --json             print one JSON document on stdout instead of text',
    '  -h, --help         print this help',
    '  -v, --version      print the version',
    '',
    'A function is named by its id (src/api.ts#Client.fetchUser), by its qualified name',
    '(Client.fetchUser) or by its bare name (fetchUser: every function of that name).',
    '',
    `Cache directory here: ${dir}`,
  ];
  return `${lines.join('\n')}\n`;
}
