// Every runtime warning goes through process.emitWarning (so --no-warnings and 'warning'
// listeners work), at most once per subject (a function id or a cache directory) and cause.
import { debugEnabled, debugLine } from './debug';

const WARNING_TYPE = 'CacheToDiskWarning';
const emitted = new Set<string>();

/** Emits `message` once for this subject and code; returns whether it was emitted now. */
export function warnOnce(subject: string, code: string, message: string): boolean {
  const seen = `${subject}\0${code}`;
  if (emitted.has(seen)) return false;
  emitted.add(seen);
  if (debugEnabled) debugLine('warning', subject, undefined, code);
  process.emitWarning(message, { type: WARNING_TYPE, code });
  return true;
}

/** Lets a cause warn again (after the fault it reported has cleared). */
export function forgetWarning(subject: string, code: string): void {
  emitted.delete(`${subject}\0${code}`);
}
