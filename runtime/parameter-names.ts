// Parameter names of a function, from its own source text, so the no-build wrapper can resolve
// `ignore: ['name']` to positions. Uses the same tokenizer as the fingerprint.
import { parameterListStart } from '../core/parameter-list';
import { tokenize } from '../core/tokens';

/** One entry per declared parameter: its name, or `undefined` for a destructuring pattern. */
export interface ParameterList {
  names: (string | undefined)[];
  /** Position of a `...rest` parameter, if any. */
  restIndex: number | undefined;
}

export function parameterNames(source: string): ParameterList {
  const tokens = tokenize(source);
  const start = parameterListStart(tokens);
  const first = tokens[start];
  if (first === undefined) return { names: [], restIndex: undefined };
  if (first.kind === 'identifier' && tokens[start + 1]?.text === '=>') return { names: [first.text], restIndex: undefined };
  let i = start;
  if (tokens[i]?.text === '<') i = skipGroup(tokens.map((t) => t.text), i, '<', '>');
  const names: (string | undefined)[] = [];
  let restIndex: number | undefined;
  let depth = 0;
  let atStart = true;
  for (i++; i < tokens.length; i++) {
    const token = tokens[i]!;
    const t = token.text;
    if (depth === 0 && t === ')') break;
    if (t === '(' || t === '[' || t === '{') {
      if (depth === 0 && atStart) {
        names.push(undefined);
        atStart = false;
      }
      depth++;
    } else if (t === ')' || t === ']' || t === '}') depth--;
    else if (depth === 0 && t === ',') atStart = true;
    else if (depth === 0 && atStart && t === '...') restIndex = names.length;
    else if (depth === 0 && atStart && (token.kind === 'identifier' || token.kind === 'keyword')) {
      names.push(t);
      atStart = false;
    }
  }
  return { names, restIndex };
}

function skipGroup(texts: string[], from: number, open: string, close: string): number {
  let depth = 0;
  for (let i = from; i < texts.length; i++) {
    if (texts[i] === open) depth++;
    else if (texts[i] === close && --depth === 0) return i + 1;
  }
  return texts.length;
}
