// Reading entry headers without their payloads: one open, one small read and one close per entry,
// no stat — the header holds the payload size, so the file size is the header's length plus it.
// A checksum needs the whole payload, so a corrupt payload behind an intact header is not seen
// here; the runtime finds it on the next read and removes the entry.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { FIXED_HEADER, payloadOffset, readHeaderFields, type StoredHeader } from '../runtime/store/entry';

/** Enough for the fixed fields and the function id and fingerprint of any real entry. */
const HEAD_BYTES = 4096;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

const head = Buffer.allocUnsafeSlow(HEAD_BYTES);

/** An entry's header and the size of its file. */
export interface EntryHeader extends StoredHeader {
  fileBytes: number;
}

/**
 * The header of the entry at `path`; `'invalid'` for a file that is not an entry of this format
 * (or is visibly truncated); `'gone'` when it vanished or cannot be opened.
 */
export function readEntryHeader(path: string): EntryHeader | 'invalid' | 'gone' {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return 'gone';
  }
  try {
    let bytes = head;
    let length = readSync(fd, head, 0, HEAD_BYTES, 0);
    if (length < FIXED_HEADER) return 'invalid';
    const wholeFile = length < HEAD_BYTES;
    const namesEnd = payloadOffset(head);
    if (namesEnd > length && !wholeFile) {
      bytes = Buffer.allocUnsafe(namesEnd);
      length = readSync(fd, bytes, 0, namesEnd, 0);
    }
    const header = readHeaderFields(bytes, length);
    if (header === undefined) return 'invalid';
    const fileBytes = namesEnd + header.size;
    // A file read to its end in one go must be exactly as long as its header says.
    if (wholeFile && length !== fileBytes) return 'invalid';
    return { ...header, fileBytes };
  } catch {
    return 'gone';
  } finally {
    closeSync(fd);
  }
}
