// `cache-to-disk ls [function]`: every entry with its age, size, expiry and fingerprint.
import type { Command, CommandContext, Report } from '../command';
import { CliError } from '../errors';
import { formatAge, formatBytes, formatExpiry, printable } from '../format';
import { allFunctions, displayId, matchFunctions, type FunctionFolder } from '../functions';
import type { Progress } from '../progress';
import { scanFolder } from '../scan';
import { renderTable, type Column } from '../table';

/** One entry in --json output. Times are ms since the epoch. */
export interface EntryRow {
  key: string;
  fingerprint: string;
  created: number;
  /** `null` when the entry never expires. */
  expires: number | null;
  /** Bytes on disk: header plus payload. */
  bytes: number;
  expired: boolean;
  /** Written by an earlier version of the function's code than its newest entry. */
  olderFingerprint: boolean;
}

export interface FunctionEntries {
  id: string;
  entries: EntryRow[];
}

const SHORT = 12;

export const ls: Command = {
  name: 'ls',
  args: '[function]',
  summary: 'every entry (of one function) with its age, size, expiry and fingerprint',
  maxArgs: 1,
  writes: false,
  run(context: CommandContext, [name]: string[]): Report {
    const folders = !context.exists ? [] : name === undefined ? allFunctions(context.root) : matchFunctions(context.root, name);
    if (name !== undefined && folders.length === 0) {
      throw new CliError(
        'CTD_CLI_NO_MATCH',
        `no cached function matches "${printable(name)}" in ${context.dir}. Run 'cache-to-disk stats' to see the function ids.`,
      );
    }
    const progress = context.progress('reading entry headers');
    const functions = folders
      .map((folder) => entriesOf(folder, context.now, progress))
      .filter((fn) => name !== undefined || fn.entries.length > 0);
    progress.done();
    return { json: { dir: context.dir, now: context.now, functions }, text: textOf(context, functions) };
  },
};

function entriesOf(folder: FunctionFolder, now: number, progress: Progress): FunctionEntries {
  const entries: EntryRow[] = [];
  const scan = scanFolder(folder.dir, progress, (header) => {
    entries.push({
      key: header.key,
      fingerprint: header.fingerprint,
      created: header.created,
      expires: header.expires === 0 ? null : header.expires,
      bytes: header.fileBytes,
      expired: header.expires > 0 && header.expires <= now,
      olderFingerprint: false,
    });
  });
  entries.sort((a, b) => b.created - a.created || (a.key < b.key ? -1 : 1));
  const current = entries[0]?.fingerprint;
  for (const entry of entries) entry.olderFingerprint = entry.fingerprint !== current;
  return { id: folder.id ?? scan.headerId ?? displayId(folder), entries };
}

const COLUMNS: Column[] = [
  { title: 'KEY' },
  { title: 'AGE', align: 'right' },
  { title: 'SIZE', align: 'right' },
  { title: 'EXPIRES' },
  { title: 'FINGERPRINT' },
];

function textOf(context: CommandContext, functions: FunctionEntries[]): string {
  if (functions.length === 0) return `No entries in ${context.dir}.\n`;
  return functions
    .map((fn) => {
      const bytes = fn.entries.reduce((sum, entry) => sum + entry.bytes, 0);
      const heading = `${printable(fn.id)}  (${fn.entries.length} ${fn.entries.length === 1 ? 'entry' : 'entries'}, ${formatBytes(bytes)})\n`;
      if (fn.entries.length === 0) return heading;
      const rows = fn.entries.map((entry) => [
        entry.key.slice(0, SHORT),
        formatAge(context.now - entry.created),
        formatBytes(entry.bytes),
        formatExpiry(entry.expires ?? 0, context.now),
        `${printable(entry.fingerprint.slice(0, SHORT))}${entry.olderFingerprint ? ' (older)' : ''}`,
      ]);
      return heading + indent(renderTable(COLUMNS, rows));
    })
    .join('\n');
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
