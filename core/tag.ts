// The tag, read from the raw text of a `/** … */` block (never from the compiler's JSDoc nodes:
// tsc skips JSDoc parsing in .ts files unless the comment mentions @see or @link).
//
//   @cacheToDisk [DURATION] [ignore=NAME[,NAME...]]
//
// The tag starts wherever JSDoc tags start: after whitespace or a `*` (so at the start of a
// ` * ` continuation line, right after `/**`, or after other text on a line). Its arguments are
// the words that follow on the same line, up to the end of the comment or the next `@tag`.
// Anything else there is an error rather than silently ignored, so that `@cacheToDisk 7 days`
// cannot quietly mean something other than what was written.
import { DEFAULT_MAX_AGE_MS, parseDuration } from './duration';
import { messages, type Message } from './messages';

export const TAG_NAME = '@cacheToDisk';

const NAME_PART = /[\p{ID_Continue}$\u200c\u200d]/u;
const IGNORE_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

export interface IgnoredName {
  name: string;
  /** Offset of the name inside the comment text. */
  offset: number;
}

export interface Tag {
  /** Offset of the tag's `@` inside the comment text. */
  offset: number;
  /** Milliseconds; 0 means entries never expire. */
  maxAge: number;
  /** The `ignore=` names, in the order written. */
  ignore: IgnoredName[];
}

export interface TagProblem extends Message {
  /** Offset inside the comment text of the text at fault. */
  offset: number;
}

export interface TagComment {
  /** The tag, when the comment holds exactly one and it parsed without problems. */
  tag?: Tag;
  problems: TagProblem[];
}

/**
 * Offsets of every `@cacheToDisk` tag inside a `/** … *\/` block, in order. Any other comment
 * (`// …`, `/* … *\/`) has none, and neither has `@cacheToDiskFoo` or a mention such as
 * `` `@cacheToDisk` `` or `x@cacheToDisk`.
 */
export function findTags(commentText: string): number[] {
  if (!commentText.startsWith('/**') || commentText.startsWith('/**/')) return [];
  const offsets: number[] = [];
  for (let at = commentText.indexOf(TAG_NAME, 3); at !== -1; at = commentText.indexOf(TAG_NAME, at + 1)) {
    const before = commentText[at - 1]!;
    const after = commentText[at + TAG_NAME.length] ?? '';
    if ((before === '*' || /\s/.test(before)) && !NAME_PART.test(after)) offsets.push(at);
  }
  return offsets;
}

/** Whether a comment is a JSDoc block that carries the tag: the test adapters use to pick sites. */
export function isTagComment(commentText: string): boolean {
  return findTags(commentText).length > 0;
}

/** Finds and parses the tag in a comment; every problem comes with its offset in the comment. */
export function parseTagComment(commentText: string): TagComment {
  const offsets = findTags(commentText);
  const problems: TagProblem[] = offsets.slice(1).map((offset) => ({ ...messages.duplicateTag(), offset }));
  const tags = offsets.map((offset) => parseTagAt(commentText, offset, problems));
  return problems.length === 0 && tags[0] ? { tag: tags[0], problems } : { problems };
}

interface Word {
  text: string;
  offset: number;
}

function parseTagAt(commentText: string, offset: number, problems: TagProblem[]): Tag {
  const tag: Tag = { offset, maxAge: DEFAULT_MAX_AGE_MS, ignore: [] };
  const words = argumentWords(commentText, offset + TAG_NAME.length);
  let word = words.shift();

  if (word && /^[-+.\d]/.test(word.text)) {
    const maxAge = parseDuration(word.text);
    if (maxAge !== undefined) tag.maxAge = maxAge;
    else if (word.text.startsWith('-') && parseDuration(word.text.slice(1)) !== undefined) {
      problems.push({ ...messages.negativeDuration(word.text), offset: word.offset });
    } else problems.push({ ...messages.malformedDuration(word.text), offset: word.offset });
    word = words.shift();
  }

  if (word && /^ignore\b/.test(word.text)) {
    const ignore = parseIgnoreList(word);
    if (ignore) tag.ignore = ignore;
    else problems.push({ ...messages.malformedIgnore(word.text), offset: word.offset });
    word = words.shift();
  }

  if (word) problems.push({ ...messages.unexpectedText(word.text), offset: word.offset });
  return tag;
}

/** The whitespace-separated words after the tag, up to the line's end, the comment's end or the next `@tag`. */
function argumentWords(commentText: string, from: number): Word[] {
  const bodyEnd = commentText.endsWith('*/') ? commentText.length - 2 : commentText.length;
  let end = from;
  while (end < bodyEnd && !LINE_BREAK.test(commentText[end]!)) end++;
  const words: Word[] = [];
  for (const match of commentText.slice(from, end).matchAll(/\S+/g)) {
    if (match[0].startsWith('@')) break;
    words.push({ text: match[0], offset: from + match.index });
  }
  return words;
}

function parseIgnoreList(word: Word): IgnoredName[] | undefined {
  const prefix = 'ignore=';
  if (!word.text.startsWith(prefix)) return undefined;
  const names: IgnoredName[] = [];
  let offset = word.offset + prefix.length;
  for (const name of word.text.slice(prefix.length).split(',')) {
    if (!IGNORE_NAME.test(name)) return undefined;
    names.push({ name, offset });
    offset += name.length + 1;
  }
  return names;
}
