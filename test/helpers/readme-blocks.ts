// The fenced code blocks of a Markdown text, each with its info-string language and the nearest
// heading above it, so a test can pick "the json block under '1. TypeScript with ts-patch'" and
// fail with the README line when that block is gone or has become ambiguous.
//
//   const block = findBlock(readmeBlocks(text), { heading: '2. Babel', lang: 'json' });
//   JSON.parse(block.code);
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file runs from dist/test/helpers). */
export const REPO = resolve(__dirname, '../../..');
export const README = join(REPO, 'README.md');

export interface CodeBlock {
  /** The first word of the info string (`ts`, `json`, `sh`), or '' for a bare fence. */
  lang: string;
  /** Text of the nearest heading above the block, without the leading `#`s. */
  heading: string;
  /** The block's content, ending with a newline. */
  code: string;
  /** 1-based README line of the opening fence. */
  line: number;
}

export interface BlockQuery {
  heading: string;
  lang: string;
  /** Text the block must contain, to tell apart blocks that share a heading and language. */
  includes?: string;
}

export function readReadme(): string {
  return readFileSync(README, 'utf8');
}

export function readmeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let heading = '';
  let open: { fence: string; lang: string; line: number; lines: string[]; heading: string } | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (open) {
      if (text.trimEnd() === open.fence) {
        blocks.push({ lang: open.lang, heading: open.heading, code: open.lines.map((l) => `${l}\n`).join(''), line: open.line });
        open = undefined;
      } else {
        open.lines.push(text);
      }
      return;
    }
    const fence = /^(`{3,}|~{3,})\s*([^\s`]*)/.exec(text);
    if (fence) {
      open = { fence: fence[1]!, lang: fence[2]!, line: index + 1, lines: [], heading };
      return;
    }
    const title = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (title) heading = title[1]!;
  });
  if (open) throw new Error(`README.md:${open.line}: code fence ${open.fence} is never closed`);
  return blocks;
}

/** The one block matching `query`; throws, naming what was found, when there is none or several. */
export function findBlock(blocks: CodeBlock[], query: BlockQuery): CodeBlock {
  const matches = blocks.filter((b) =>
    b.heading === query.heading && b.lang === query.lang && (query.includes === undefined || b.code.includes(query.includes)));
  if (matches.length === 1) return matches[0]!;
  const wanted = `a \`\`\`${query.lang} block under "${query.heading}"${query.includes ? ` containing ${JSON.stringify(query.includes)}` : ''}`;
  const under = blocks.filter((b) => b.heading === query.heading).map((b) => `\`\`\`${b.lang} at line ${b.line}`);
  throw new Error(matches.length === 0
    ? `README.md has no ${wanted} (blocks under that heading: ${under.join(', ') || 'none'})`
    : `README.md has ${matches.length} of ${wanted}, at lines ${matches.map((b) => b.line).join(', ')}; the test needs exactly one`);
}
