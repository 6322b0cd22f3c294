// Token texts with formatting choices removed, so that what a formatter (Prettier, an editor)
// may change between two equivalent spellings does not reach the fingerprint. Each rewrite
// maps two spellings with the same meaning to one text, and never two meanings to one text.
import type { Token } from './tokens';

const CLOSERS = new Set([')', ']', '}']);

/**
 * - string literals become their value in double quotes (`'a'`, `"a"` and `'\x61'` agree);
 * - a trailing comma before `)`, `]` or `}` is dropped (`[,]` keeps its hole);
 * - a lone arrow parameter gets parentheses (`x => x` reads as `(x) => x`).
 * Template literals keep their raw text: tags can observe it.
 */
export function normalizeTokens(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.kind === 'string') {
      out.push(JSON.stringify(stringValue(token.text)));
    } else if (token.text === ',' && token.kind === 'punctuator' && next && CLOSERS.has(next.text) && !isHoleBefore(out)) {
      return;
    } else if (token.kind === 'identifier' && next?.text === '=>') {
      out.push('(', token.text, ')');
    } else {
      out.push(token.text);
    }
  });
  return out;
}

function isHoleBefore(out: string[]): boolean {
  const previous = out[out.length - 1];
  return previous === ',' || previous === '[';
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0',
};

/** The value of a quoted string literal as written in source; tolerant of bad escapes. */
function stringValue(literal: string): string {
  const quote = literal[0];
  const body = literal.endsWith(quote!) && literal.length > 1 ? literal.slice(1, -1) : literal.slice(1);
  return body.replace(
    /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(\r\n|[\n\r\u2028\u2029])|([^]))/g,
    (whole, braced?: string, u4?: string, x2?: string, lineContinuation?: string, other?: string) => {
      const hex = braced ?? u4 ?? x2;
      if (hex !== undefined) {
        const code = parseInt(hex, 16);
        return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      if (lineContinuation !== undefined) return '';
      return SIMPLE_ESCAPES[other!] ?? other!;
    },
  );
}
