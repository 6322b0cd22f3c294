// NODE_DEBUG=cache-to-disk output. `enabled` is read once so the hit path pays one boolean test
// when debugging is off; lines are only formatted behind that test.
import { debuglog } from 'node:util';

const log = debuglog('cache-to-disk');

/** Whether NODE_DEBUG names cache-to-disk (read when this module loads, as util.debuglog does). */
export const debugEnabled: boolean = log.enabled;

/** One line: `<event> <function id> [<short key>] <details…>`. */
export function debugLine(event: string, id: string, key: string | undefined, details: string): void {
  log('%s %s%s %s', event, id, key === undefined ? '' : ` ${key.slice(0, 12)}`, details);
}

/** Milliseconds since `start` (a `performance.now()` reading), formatted for a debug line. */
export function elapsed(start: number): string {
  return `${(performance.now() - start).toFixed(3)}ms`;
}
