// The words that turn a feature off through an environment variable (CACHE_TO_DISK=off,
// CACHE_TO_DISK_MEMORY=off): one list, so every switch accepts the same spellings.
const OFF_VALUES = new Set(['off', '0', 'false', 'no', 'disabled']);

/** Whether an environment value says "off" (case and surrounding spaces ignored). */
export function isOffValue(text: string): boolean {
  return OFF_VALUES.has(text.trim().toLowerCase());
}
