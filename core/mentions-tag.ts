// The gate every front end passes before walking a file: most files never mention the tag, and
// for them the whole plugin must cost one substring search.
import { TAG_NAME } from './tag';

/** Whether the source text mentions `@cacheToDisk` anywhere (comments, strings, anything). */
export function mentionsTag(source: string): boolean {
  return source.includes(TAG_NAME);
}
