// Text as the fixture files hold it: the temporary root replaced by `<ROOT>`, `\n` line endings.
import { realpathSync } from 'node:fs';

/** Replaces every occurrence of `root` (as given and as resolved through symlinks) with `<ROOT>`. */
export function normalizeText(text: string, root: string): string {
  let result = text.replace(/\r\n?/g, '\n');
  // os.tmpdir() may itself be a symlink (macOS /var → /private/var); messages can hold either form.
  const roots = new Set([root, realpathSync(root)]);
  for (const r of [...roots].sort((a, b) => b.length - a.length)) result = result.split(r).join('<ROOT>');
  return result;
}

/** `\n` line endings and exactly one final newline, as a fixture file is stored. */
export function normalizeFile(text: string): string {
  return `${text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')}\n`;
}
