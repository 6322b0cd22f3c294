// A small tokenizer for JavaScript and TypeScript source text. Fingerprints and dependency
// lookups are computed from its tokens, so both front ends (and `fn.toString()` at run time)
// get the same answer for the same text without either compiler being involved.
//
// It is not a validator: on text that is not valid source it still returns some deterministic
// token list, which is all a fingerprint needs. JSX text content is not recognised.

export type TokenKind =
  | 'identifier'
  | 'keyword'
  | 'private-name'
  | 'punctuator'
  | 'number'
  | 'string'
  /** A template without substitutions: `` `text` `` */
  | 'template'
  /** `` `text${ `` */
  | 'template-head'
  /** `` }text${ `` */
  | 'template-middle'
  /** `` }text` `` */
  | 'template-tail'
  | 'regex';

export interface Token {
  kind: TokenKind;
  /** The token exactly as written in the source. */
  text: string;
  /** Offset of the first character in the source. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

const KEYWORDS = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'yield', 'await',
]);

/** Keywords after which a value ends, so a following `/` divides. */
const VALUE_KEYWORDS = new Set(['this', 'super', 'null', 'true', 'false']);

/** Keywords after which a `{` opens an object literal rather than a block. */
const OPERATOR_KEYWORDS = new Set([
  'return', 'yield', 'await', 'typeof', 'void', 'delete', 'in', 'instanceof', 'case', 'new', 'throw',
]);

/** Keywords that precede a parenthesised head; a `/` after the closing `)` starts a regex. */
const HEAD_KEYWORDS = new Set(['if', 'while', 'for', 'with']);

const PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=',
  '&=', '|=', '^=', '<<', '>>', '**',
];

// Punctuators by first character, longest first, so the scan tries only a handful.
const PUNCTUATORS_BY_FIRST = new Map<string, string[]>();
for (const p of PUNCTUATORS) PUNCTUATORS_BY_FIRST.set(p[0]!, [...(PUNCTUATORS_BY_FIRST.get(p[0]!) ?? []), p]);

const ID_START = /[\p{ID_Start}$_\\]/u;
const ID_PART = /[\p{ID_Continue}$\\\u200c\u200d]/u;
const ASCII_ID_START = /[A-Za-z$_\\]/;
const ASCII_ID_PART = /[A-Za-z0-9$_\\]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** What an open `{` or `${` started, so the matching `}` can be interpreted. */
type Brace = 'block' | 'expression' | 'template';

/**
 * Splits `source` (from `start` to `end`) into tokens. Comments and whitespace are dropped;
 * every other character belongs to exactly one token.
 */
export function tokenize(source: string, start = 0, end = source.length): Token[] {
  const tokens: Token[] = [];
  const braces: Brace[] = [];
  // For each open `(`: whether it follows `if`/`while`/`for`/`with`.
  const parens: boolean[] = [];
  // Whether the last `)` closed a statement head, and whether the last `}` closed a block.
  let closedHead = false;
  let closedBlock = false;
  let pos = start;

  const push = (kind: TokenKind, to: number): void => {
    tokens.push({ kind, text: source.slice(pos, to), start: pos, end: to });
    pos = to;
  };

  const regexAllowed = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    switch (last.kind) {
      case 'keyword':
        return !VALUE_KEYWORDS.has(last.text);
      case 'punctuator':
        if (last.text === ')') return closedHead;
        if (last.text === '}') return closedBlock;
        return last.text !== ']' && last.text !== '++' && last.text !== '--';
      case 'template-head':
      case 'template-middle':
        return true;
      default:
        return false;
    }
  };

  const braceKind = (): Brace => {
    const last = tokens[tokens.length - 1];
    if (!last) return 'block';
    if (last.kind === 'identifier') return 'block';
    if (last.kind === 'keyword') return OPERATOR_KEYWORDS.has(last.text) ? 'expression' : 'block';
    if (last.kind !== 'punctuator') return 'expression';
    return [')', '=>', ';', '{', '}'].includes(last.text) ? 'block' : 'expression';
  };

  // Scans template text from `from` (just past `` ` `` or `}`); returns the end offset and
  // whether it stopped at `${`.
  const templateText = (from: number): [number, boolean] => {
    let i = from;
    while (i < end) {
      const c = source[i];
      if (c === '\\') i += 2;
      else if (c === '`') return [i + 1, false];
      else if (c === '$' && source[i + 1] === '{') return [i + 2, true];
      else i++;
    }
    return [end, false];
  };

  while (pos < end) {
    const c = source[pos]!;
    const next = source[pos + 1];

    const code = c.charCodeAt(0);
    if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(c))) {
      pos++;
      continue;
    }
    if (c === '/' && next === '/') {
      pos = lineEnd(source, pos, end);
      continue;
    }
    if (c === '#' && next === '!' && pos === 0) {
      pos = lineEnd(source, pos, end);
      continue;
    }
    if (c === '/' && next === '*') {
      const close = source.indexOf('*/', pos + 2);
      pos = close === -1 || close + 2 > end ? end : close + 2;
      continue;
    }

    if (isIdentifierStart(source, pos)) {
      const to = identifierEnd(source, pos + 1, end);
      const text = source.slice(pos, to);
      push(KEYWORDS.has(text) ? 'keyword' : 'identifier', to);
      continue;
    }
    if (c === '#' && isIdentifierStart(source, pos + 1)) {
      push('private-name', identifierEnd(source, pos + 2, end));
      continue;
    }
    if (isDigit(c) || (c === '.' && next !== undefined && isDigit(next))) {
      push('number', numberEnd(source, pos, end));
      continue;
    }
    if (c === '"' || c === "'") {
      push('string', stringEnd(source, pos, end));
      continue;
    }
    if (c === '`') {
      const [to, opens] = templateText(pos + 1);
      if (opens) braces.push('template');
      push(opens ? 'template-head' : 'template', to);
      continue;
    }
    if (c === '}' && braces[braces.length - 1] === 'template') {
      braces.pop();
      const [to, opens] = templateText(pos + 1);
      if (opens) braces.push('template');
      push(opens ? 'template-middle' : 'template-tail', to);
      continue;
    }
    if (c === '/' && regexAllowed()) {
      push('regex', regexEnd(source, pos, end));
      continue;
    }

    const punctuator = PUNCTUATORS_BY_FIRST.get(c)?.find((p) => source.startsWith(p, pos)) ?? c;
    // `a?.5:b` is a conditional, not optional chaining.
    const text = punctuator === '?.' && isDigit(source[pos + 2] ?? '') ? '?' : punctuator;
    if (text === '(') {
      const last = tokens[tokens.length - 1];
      parens.push(last?.kind === 'keyword' && HEAD_KEYWORDS.has(last.text));
    } else if (text === ')') {
      closedHead = parens.pop() ?? false;
    } else if (text === '{') {
      braces.push(braceKind());
    } else if (text === '}') {
      closedBlock = braces.pop() === 'block';
    }
    push('punctuator', Math.min(pos + text.length, end));
  }
  return tokens;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function lineEnd(source: string, pos: number, end: number): number {
  let i = pos;
  while (i < end && !LINE_BREAK.test(source[i]!)) i++;
  return i;
}

function isIdentifierStart(source: string, pos: number): boolean {
  const c = source[pos];
  if (c === undefined) return false;
  if (c.charCodeAt(0) < 128) return ASCII_ID_START.test(c);
  return ID_START.test(String.fromCodePoint(source.codePointAt(pos)!));
}

function identifierEnd(source: string, pos: number, end: number): number {
  let i = pos;
  while (i < end) {
    const c = source[i]!;
    if (c.charCodeAt(0) < 128) {
      if (!ASCII_ID_PART.test(c)) break;
      // `\u0061` escapes continue the identifier; skip the backslash and `u` as a unit.
      i += c === '\\' ? 2 : 1;
      continue;
    }
    const char = String.fromCodePoint(source.codePointAt(i)!);
    if (!ID_PART.test(char)) break;
    i += char.length;
  }
  return Math.min(i, end);
}

function numberEnd(source: string, pos: number, end: number): number {
  let i = pos;
  while (i < end) {
    const c = source[i]!;
    if (/[0-9a-zA-Z_.]/.test(c)) {
      // An exponent sign belongs to the number (`1e-5`), but not in hex (`0xe-1`).
      if ((c === 'e' || c === 'E') && (source[i + 1] === '+' || source[i + 1] === '-') && !/^0[xX]/.test(source.slice(pos, i))) i += 2;
      else i++;
    } else break;
  }
  return Math.min(i, end);
}

function stringEnd(source: string, pos: number, end: number): number {
  const quote = source[pos];
  let i = pos + 1;
  while (i < end) {
    const c = source[i]!;
    if (c === '\\') i += source.startsWith('\r\n', i + 1) ? 3 : 2;
    else if (c === quote) return i + 1;
    // An unterminated string ends at the line break, so one stray quote cannot swallow the rest.
    else if (c === '\n' || c === '\r') return i;
    else i++;
  }
  return end;
}

function regexEnd(source: string, pos: number, end: number): number {
  let i = pos + 1;
  let inClass = false;
  while (i < end) {
    const c = source[i]!;
    if (c === '\\') i += 2;
    else if (LINE_BREAK.test(c)) return i;
    else if (c === '[') { inClass = true; i++; }
    else if (c === ']') { inClass = false; i++; }
    else if (c === '/' && !inClass) return identifierEnd(source, i + 1, end);
    else i++;
  }
  return end;
}
