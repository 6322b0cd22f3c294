// The shared tier's part of `stats`: entries and bytes per function under the configured prefix,
// read with SCAN and STRLEN (entryStats), never the values themselves.
import { formatBytes, printable } from './format';
import { remoteLabel, withRemote } from './remote';
import { renderTable, type Column } from './table';
import { redactedUrl, type RemoteSettings } from '../runtime/remote/options';
import { entryStats } from '../runtime/remote/operations';

/** One function's row in the shared tier; also its --json form. */
export interface RemoteFunctionRow {
  /** The recorded functionId, or `(no id) <folder>` when the ids hash has none for the folder. */
  id: string;
  /** The function folder: 32 hex digits, as on disk and in the keys. */
  folder: string;
  entries: number;
  /** The stored values' bytes (signed entries include their signature). */
  bytes: number;
}

/** The shared tier's part of the --json document; `error` says why it could not be read. */
export type RemoteStatsJson =
  | { url: string; prefix: string; functions: RemoteFunctionRow[]; totals: { functions: number; entries: number; bytes: number } }
  | { url: string; prefix: string; error: string };

export async function remoteStats(settings: RemoteSettings): Promise<RemoteStatsJson> {
  const where = { url: redactedUrl(settings.url), prefix: settings.prefix };
  const outcome = await withRemote(settings, (client) => entryStats(client, settings.prefix));
  if (!outcome.ok) return { ...where, error: outcome.error };
  const functions = outcome.value
    .map(({ folder, id, entries, bytes }) => ({ id: id ?? `(no id) ${folder}`, folder, entries, bytes }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const totals = { functions: functions.length, entries: 0, bytes: 0 };
  for (const fn of functions) {
    totals.entries += fn.entries;
    totals.bytes += fn.bytes;
  }
  return { ...where, functions, totals };
}

const COLUMNS: Column[] = [{ title: 'FUNCTION' }, { title: 'ENTRIES', align: 'right' }, { title: 'SIZE', align: 'right' }];

export function remoteStatsText(stats: RemoteStatsJson): string {
  const head = `Shared cache: ${printable(remoteLabel(stats))}\n\n`;
  if ('error' in stats) {
    return `${head}Not reachable: ${printable(stats.error)}. The counts above are this machine's disk only; check the URL and that Redis is running.\n`;
  }
  if (stats.functions.length === 0) return `${head}No entries under this prefix.\n`;
  const plural = stats.totals.functions === 1 ? 'function' : 'functions';
  return (
    head +
    renderTable(
      COLUMNS,
      stats.functions.map((fn) => [printable(fn.id), String(fn.entries), formatBytes(fn.bytes)]),
      [[`total (${stats.totals.functions} ${plural})`, String(stats.totals.entries), formatBytes(stats.totals.bytes)]],
    )
  );
}
