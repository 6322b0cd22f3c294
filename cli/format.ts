// Human units for the tables: sizes, ages, expiries, and names made safe for a terminal.

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** `512 B`, `1.5 KiB`, `40.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** A duration in the largest unit that keeps it readable: `45s`, `12m`, `5h`, `3d`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** `never`, `in 3d`, `expired 2h ago`, from a stored expiry (0 = never). */
export function formatExpiry(expires: number, now: number): string {
  if (expires === 0) return 'never';
  return expires <= now ? `expired ${formatAge(now - expires)} ago` : `in ${formatAge(expires - now)}`;
}

// Function ids come from files on disk; a planted id must not be able to move the cursor,
// recolour the terminal or rewrite earlier lines.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with control and bidi characters shown as `\u{…}` escapes. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}
