// Where a function's parameter list starts in its tokens: the fingerprint hashes from there on
// (so the name and modifiers before it never count), and the no-build wrapper reads parameter
// names from there.
import type { Token } from './tokens';

const NESTING_OPENERS = new Set(['(', '[', '{']);
const NESTING_CLOSERS = new Set([')', ']', '}']);

/**
 * Index of the first token of the parameter list: the first `(` or `<` outside any computed
 * name, or the lone parameter of `x => …`. Returns 0 when there is neither.
 */
export function parameterListStart(tokens: readonly Token[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const { text, kind } = tokens[i]!;
    if (kind !== 'punctuator') continue;
    if (depth === 0 && (text === '(' || text === '<')) return i;
    if (depth === 0 && text === '=>') return Math.max(i - 1, 0);
    if (NESTING_OPENERS.has(text)) depth++;
    else if (NESTING_CLOSERS.has(text)) depth--;
  }
  return 0;
}
