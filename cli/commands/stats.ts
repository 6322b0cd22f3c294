// `cache-to-disk stats`: one row per function, from the entry headers only; then, when a shared
// tier is configured, its entries and bytes per function under the project's prefix.
import type { Command, CommandContext, Report } from '../command';
import { formatAge, formatBytes, printable } from '../format';
import { allFunctions, displayId, type FunctionFolder } from '../functions';
import type { Progress } from '../progress';
import { remoteStats, remoteStatsText } from '../remote-stats';
import { scanFolder } from '../scan';
import { renderTable, type Column } from '../table';

/** One function's row; also its --json form. Times are ms since the epoch. */
export interface FunctionStats {
  id: string;
  entries: number;
  /** Bytes on disk: headers plus payloads. */
  bytes: number;
  oldest: number | null;
  newest: number | null;
  /** The fingerprint of the newest entry: the function's code as it last ran. */
  fingerprint: string | null;
  /** Entries whose fingerprint differs from the newest entry's (the code has changed since). */
  olderFingerprint: number;
  /** Entries past their stored expiry (prune removes them). */
  expired: number;
  /** Files named like entries that are not valid entries (prune removes them). */
  invalid: number;
  /** Temporary files of writes in progress or interrupted (prune removes those older than a minute). */
  temp: number;
}

export type StatsTotals = Omit<FunctionStats, 'id' | 'fingerprint'> & { functions: number };

export const stats: Command = {
  name: 'stats',
  args: '',
  summary: 'one row per function: entries, size, oldest and newest entry, older fingerprints, expired',
  maxArgs: 0,
  writes: false,
  async run(context: CommandContext): Promise<Report> {
    const progress = context.progress('reading entry headers');
    // A folder whose files are all gone (pruned, cleared by another process) is not a function with entries.
    const rows = (context.exists ? allFunctions(context.root) : [])
      .map((folder) => statsOf(folder, context.now, progress))
      .filter((row) => row.entries + row.invalid + row.temp > 0);
    progress.done();
    const totals = totalsOf(rows);
    const json = { dir: context.dir, now: context.now, functions: rows, totals };
    const text = textOf(context, rows, totals);
    if (context.remote === undefined) return { json, text };
    // An unreachable shared tier is reported, not an error: the local figures stand on their own.
    const remote = await remoteStats(context.remote);
    return { json: { ...json, remote }, text: `${text}\n${remoteStatsText(remote)}` };
  },
};

function statsOf(folder: FunctionFolder, now: number, progress: Progress): FunctionStats {
  let entries = 0;
  let bytes = 0;
  let oldest = Infinity;
  let newest = -Infinity;
  let expired = 0;
  let newestFingerprint = '';
  const perFingerprint = new Map<string, number>();
  const scan = scanFolder(folder.dir, progress, (header) => {
    entries++;
    bytes += header.fileBytes;
    if (header.created < oldest) oldest = header.created;
    if (header.created >= newest) {
      newest = header.created;
      newestFingerprint = header.fingerprint;
    }
    if (header.expires > 0 && header.expires <= now) expired++;
    perFingerprint.set(header.fingerprint, (perFingerprint.get(header.fingerprint) ?? 0) + 1);
  });
  return {
    id: folder.id ?? scan.headerId ?? displayId(folder),
    entries,
    bytes,
    oldest: entries > 0 ? oldest : null,
    newest: entries > 0 ? newest : null,
    fingerprint: entries > 0 ? newestFingerprint : null,
    olderFingerprint: entries - (perFingerprint.get(newestFingerprint) ?? 0),
    expired,
    invalid: scan.invalid,
    temp: scan.temp,
  };
}

function totalsOf(rows: FunctionStats[]): StatsTotals {
  const totals: StatsTotals = { functions: rows.length, entries: 0, bytes: 0, oldest: null, newest: null, olderFingerprint: 0, expired: 0, invalid: 0, temp: 0 };
  for (const row of rows) {
    totals.entries += row.entries;
    totals.bytes += row.bytes;
    totals.olderFingerprint += row.olderFingerprint;
    totals.expired += row.expired;
    totals.invalid += row.invalid;
    totals.temp += row.temp;
    if (row.oldest !== null && (totals.oldest === null || row.oldest < totals.oldest)) totals.oldest = row.oldest;
    if (row.newest !== null && (totals.newest === null || row.newest > totals.newest)) totals.newest = row.newest;
  }
  return totals;
}

const COLUMNS: Column[] = [
  { title: 'FUNCTION' },
  { title: 'ENTRIES', align: 'right' },
  { title: 'SIZE', align: 'right' },
  { title: 'OLDEST', align: 'right' },
  { title: 'NEWEST', align: 'right' },
  { title: 'OLDER FINGERPRINT', align: 'right' },
  { title: 'EXPIRED', align: 'right' },
];

function textOf(context: CommandContext, rows: FunctionStats[], totals: StatsTotals): string {
  if (rows.length === 0) return `No entries in ${context.dir}.\n`;
  const cells = (row: Omit<FunctionStats, 'id' | 'fingerprint'>, name: string): string[] => [
    name,
    String(row.entries),
    formatBytes(row.bytes),
    row.oldest === null ? '-' : formatAge(context.now - row.oldest),
    row.newest === null ? '-' : formatAge(context.now - row.newest),
    String(row.olderFingerprint),
    String(row.expired),
  ];
  const plural = totals.functions === 1 ? 'function' : 'functions';
  let text = `Cache directory: ${context.dir}\n\n`;
  text += renderTable(
    COLUMNS,
    rows.map((row) => cells(row, printable(row.id))),
    [cells(totals, `total (${totals.functions} ${plural})`)],
  );
  text += "\nOLDEST, NEWEST: entry ages. OLDER FINGERPRINT: entries written by an earlier version of the function's code.\n";
  if (totals.invalid > 0 || totals.temp > 0) {
    text += `\n${totals.invalid} invalid ${totals.invalid === 1 ? 'file' : 'files'} and ${totals.temp} temporary ${totals.temp === 1 ? 'file' : 'files'}: `;
    text += "'cache-to-disk prune' removes invalid files and temporary files older than a minute.\n";
  }
  return text;
}
