// The tagged functions of one source file and their qualified names, found in the raw text with
// core's tokenizer. `doctor` must work where no compiler API exists (TypeScript 7 has none, and
// Babel may not be installed), so this reads only tokens and comments.
//
// It names what the front ends name — `f`, `Client.fetchUser`, `outer.inner`, `obj.method`,
// `default` — by keeping a stack of the brackets that are open, each remembering the function,
// class or object literal it belongs to. It does not validate: a tag on something that is not
// a function is reported under the name it would get, and the build reports the error.
import { isTagComment, lineColumn, mentionsTag, tokenize, type Token } from '../core';

export interface TaggedFunction {
  qualifiedName: string;
  /** 1-based position of the function's first token (its `export`, `const`, name or modifier). */
  line: number;
  column: number;
}

interface Frame {
  kind: 'block' | 'class' | 'object' | 'group' | 'template';
  name: string | undefined;
  open: number;
}

/** A name waiting for the body it belongs to: the next `{` at `depth`. */
interface Pending {
  name: string | undefined;
  kind: 'function' | 'class';
  depth: number;
}

/** A name a value is stored under (`const x =`, `key:`, `export default`), valid for the value right after `at`. */
interface Holder {
  name: string;
  depth: number;
  at: number;
}

const JSDOC = /\/\*\*(?!\/)[\s\S]*?\*\//g;
const MODIFIERS = new Set([
  'export', 'declare', 'abstract', 'static', 'public', 'private', 'protected', 'readonly', 'override', 'async', 'accessor', 'get', 'set',
]);
const KEY_KINDS = new Set<Token['kind']>(['identifier', 'keyword', 'string', 'number', 'private-name']);
const EXPRESSION_BEFORE = new Set(['(', '[', ',', '=', '?', '||', '&&', '??', '...', '!', 'return', 'yield', 'await', 'typeof', 'in', 'of', 'case']);

export function taggedFunctions(source: string): TaggedFunction[] {
  if (!mentionsTag(source)) return [];
  const tokens = tokenize(source);
  const frames: Frame[] = [];
  const found: TaggedFunction[] = [];
  let pending: Pending | undefined;
  let holder: Holder | undefined;
  let declared: { name: string; depth: number } | undefined;
  let memberKey: string | undefined;

  const top = (): Frame | undefined => frames[frames.length - 1];
  const text = (i: number): string => tokens[i]?.text ?? '';
  let i = 0;
  // A function or class named `id` (if any) starting at token i: a declaration keeps its own name
  // (`export default function f` is `f`); an expression takes the name it is stored under.
  const valueName = (id: string | undefined): string | undefined => {
    const j = text(i - 1) === 'async' ? i - 2 : i - 1;
    const stored = holder !== undefined && holder.at === j && holder.depth === frames.length ? holder.name : undefined;
    return stored === 'default' ? id ?? 'default' : stored ?? id;
  };

  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (taggedBefore(source, tokens, i)) {
      const own = ownName(source, tokens, i);
      const names = frames.map((f) => f.name).filter((n): n is string => n !== undefined);
      const { line, column } = lineColumn(source, token.start);
      found.push({ qualifiedName: [...names, own].join('.'), line, column });
    }
    const depth = frames.length;
    const frame = top();
    const t = token.text;
    if (token.kind === 'template-head') {
      frames.push({ kind: 'template', name: undefined, open: i });
      continue;
    }
    if (token.kind === 'template-tail') {
      frames.pop();
      continue;
    }
    if (token.kind === 'punctuator') {
      if (t === '(' || t === '[') {
        frames.push({ kind: 'group', name: undefined, open: i });
      } else if (t === ')' || t === ']' || t === '}') {
        frames.pop();
        if (holder && holder.depth > frames.length) holder = undefined;
      } else if (t === '{') {
        if (pending && pending.depth === depth) {
          frames.push({ kind: pending.kind === 'class' ? 'class' : 'block', name: pending.name, open: i });
          pending = undefined;
        } else if (isObjectLiteral(tokens, i, frame)) {
          frames.push({ kind: 'object', name: holder?.at === i - 1 && holder.depth === depth ? holder.name : undefined, open: i });
        } else {
          frames.push({ kind: 'block', name: undefined, open: i });
        }
        memberKey = undefined;
      } else if (t === '=>') {
        if (text(i + 1) === '{') {
          const arrowHolder = holder && holder.depth === depth ? holder.name : undefined;
          pending = { name: arrowHolder, kind: 'function', depth };
        }
        holder = undefined;
      } else if (t === '=' && depth > 0 && frame?.kind === 'class' && memberKey !== undefined) {
        holder = { name: memberKey, depth, at: i };
      } else if (t === '=' && declared?.depth === depth) {
        holder = { name: declared.name, depth, at: i };
        declared = undefined;
      } else if (t === ':' && frame?.kind === 'object' && (text(i - 2) === '{' || text(i - 2) === ',')) {
        holder = { name: keyText(source, tokens, i - 1), depth, at: i };
      } else if (t === ';' || t === ',') {
        if (holder?.depth === depth) holder = undefined;
        if (pending?.depth === depth) pending = undefined;
        if (t === ';') declared = undefined;
        memberKey = undefined;
      }
    }
    if (token.kind === 'keyword' || token.kind === 'identifier') {
      if (t === 'function') {
        let j = i + 1;
        if (text(j) === '*') j++;
        const id = tokens[j]?.kind === 'identifier' ? text(j) : undefined;
        pending = { name: valueName(id), kind: 'function', depth };
        holder = undefined;
        continue;
      }
      if (t === 'class') {
        const id = tokens[i + 1]?.kind === 'identifier' && !['extends', 'implements'].includes(text(i + 1)) ? text(i + 1) : undefined;
        pending = { name: valueName(id), kind: 'class', depth };
        holder = undefined;
        continue;
      }
      if ((t === 'const' || t === 'let' || t === 'var') && tokens[i + 1]?.kind === 'identifier') {
        declared = { name: text(i + 1), depth };
        continue;
      }
      if (t === 'of' || t === 'in') {
        declared = undefined;
      }
      if (t === 'default' && text(i - 1) === 'export') {
        holder = { name: 'default', depth, at: i };
        continue;
      }
    }
    // A member of a class or object literal: its key, then `(` (or `<` type parameters) starts a method.
    if ((frame?.kind === 'class' || frame?.kind === 'object') && KEY_KINDS.has(token.kind) && atMemberStart(tokens, i, frame)) {
      const next = text(i + 1);
      if (next === '(' || next === '<') pending = { name: keyText(source, tokens, i), kind: 'function', depth };
      else if (!MODIFIERS.has(t) || next === '=' || next === ':' || next === ';' || next === '?' || next === '!') memberKey = keyText(source, tokens, i);
    }
    // A computed key: `[Symbol.iterator]() {}`; the group frame of `[…]` is already closed here.
    const owner = top();
    if (t === ']' && token.kind === 'punctuator' && (owner?.kind === 'class' || owner?.kind === 'object') && (text(i + 1) === '(' || text(i + 1) === '<')) {
      const open = lastOpen(tokens, i);
      if (atMemberStart(tokens, open, owner)) pending = { name: source.slice(tokens[open]!.start, token.end), kind: 'function', depth: frames.length };
    }
  }
  return found;
}

/** Whether the last `/** *\/` block in the trivia before token `i` carries the tag. */
function taggedBefore(source: string, tokens: Token[], i: number): boolean {
  const gap = source.slice(i === 0 ? 0 : tokens[i - 1]!.end, tokens[i]!.start);
  if (!gap.includes('/**')) return false;
  const blocks = gap.match(JSDOC);
  return blocks !== null && isTagComment(blocks[blocks.length - 1]!);
}

/** The name the tagged item at token `i` gets: the declared or member name, or `default`. */
function ownName(source: string, tokens: Token[], i: number): string {
  let j = skipDecorators(tokens, i);
  let isDefault = false;
  for (;;) {
    const t = tokens[j]?.text;
    const next = tokens[j + 1]?.text ?? '';
    if (t === 'default') {
      isDefault = true;
      j++;
    } else if (t !== undefined && MODIFIERS.has(t) && !['(', '<', '=', ':', ';', '?', '!'].includes(next)) {
      j++;
    } else if (t === '*') {
      j++;
    } else {
      break;
    }
  }
  const t = tokens[j]?.text;
  if (t === 'function' || t === 'class') {
    const k = tokens[j + 1]?.text === '*' ? j + 2 : j + 1;
    return tokens[k]?.kind === 'identifier' && !['extends', 'implements'].includes(tokens[k]!.text) ? tokens[k]!.text : 'default';
  }
  if (isDefault) return 'default';
  if ((t === 'const' || t === 'let' || t === 'var') && tokens[j + 1]?.kind === 'identifier') return tokens[j + 1]!.text;
  if (t === '[') {
    const close = matchingClose(tokens, j);
    return source.slice(tokens[j]!.start, tokens[close]!.end);
  }
  return tokens[j] ? keyText(source, tokens, j) : '';
}

function skipDecorators(tokens: Token[], i: number): number {
  let j = i;
  while (tokens[j]?.text === '@') {
    j += 2;
    while (tokens[j]?.text === '.') j += 2;
    if (tokens[j]?.text === '(') j = matchingClose(tokens, j) + 1;
  }
  return j;
}

function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k]!.text;
    if (t === '(' || t === '[' || t === '{') depth++;
    else if (t === ')' || t === ']' || t === '}') depth--;
    if (depth === 0) return k;
  }
  return tokens.length - 1;
}

function lastOpen(tokens: Token[], close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    const t = tokens[k]!.text;
    if (t === ')' || t === ']' || t === '}') depth++;
    else if (t === '(' || t === '[' || t === '{') depth--;
    if (depth === 0) return k;
  }
  return 0;
}

/** A property key as the front ends name it: identifier or `#private` as written, a string's value, a number's value. */
function keyText(source: string, tokens: Token[], i: number): string {
  const token = tokens[i]!;
  if (token.kind === 'string') return token.text.slice(1, -1);
  if (token.kind === 'number') return String(Number(token.text.replace(/_/g, '')));
  return source.slice(token.start, token.end);
}

function atMemberStart(tokens: Token[], i: number, frame: Frame): boolean {
  let j = i - 1;
  while (j > frame.open && (MODIFIERS.has(tokens[j]!.text) || tokens[j]!.text === '*')) j--;
  const before = tokens[j]!.text;
  if (j === frame.open || before === ',' || before === ';' || before === '}') return true;
  // A decorator's argument list, or a class member after a line break with no semicolon.
  return frame.kind === 'class' && (before === ')' || tokens[j]!.kind !== 'punctuator');
}

function isObjectLiteral(tokens: Token[], i: number, frame: Frame | undefined): boolean {
  const before = tokens[i - 1];
  if (!before) return false;
  if (before.text === ':') return frame?.kind === 'object' || frame?.kind === 'group';
  return EXPRESSION_BEFORE.has(before.text);
}
