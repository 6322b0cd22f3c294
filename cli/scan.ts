// One pass over a function folder's entries, header by header, for stats and ls.
import type { Progress } from './progress';
import { readEntryHeader, type EntryHeader } from './headers';
import { shardFiles } from '../runtime/store/walk';

export interface FolderScan {
  /** The id recorded in the entries' headers, for a folder whose `id` file is missing. */
  headerId: string | undefined;
  /** Files with an entry's name that are not entries of this format (prune removes them). */
  invalid: number;
  /** Temporary files: writes in progress, or left by a crashed process (prune removes old ones). */
  temp: number;
}

/** Calls `visit` with the header of every entry of the folder `fnDir`. */
export function scanFolder(fnDir: string, progress: Progress, visit: (header: EntryHeader) => void): FolderScan {
  const scan: FolderScan = { headerId: undefined, invalid: 0, temp: 0 };
  for (const file of shardFiles(fnDir)) {
    progress.tick();
    if (file.temp) {
      scan.temp++;
      continue;
    }
    const header = readEntryHeader(file.path);
    if (header === 'gone') continue;
    if (header === 'invalid') {
      scan.invalid++;
      continue;
    }
    scan.headerId ??= header.id;
    visit(header);
  }
  return scan;
}
