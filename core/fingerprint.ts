// The fingerprint: a hash of what a function does, as far as its source text can tell. It covers
// the function's tokens from the parameter list on (so its name, its modifiers other than
// `async`, its position in the file and its comments — the tag included — never count), and,
// for compiled sites, the same-module declarations and imports it depends on.
//
// Serialization, one line each, hashed with SHA-256 and cut to 32 hex characters:
//   ctd-fingerprint-1
//   async 0|1
//   site <JSON array of normalised token texts>
//   dep <names joined by ","> <JSON array of normalised token texts>    (lines sorted)
//   import <JSON [specifier, imported]>                                  (lines sorted, unique)
// Changing any of this changes every user's keys: bump the format and say so in CHANGELOG.md.
import { parameterListStart } from './parameter-list';
import { sha256Hex } from './hash';
import { tokenize, type Token } from './tokens';
import { normalizeTokens } from './normalize';
import type { DependencyClosure } from './dependencies';

export const FINGERPRINT_FORMAT = 'ctd-fingerprint-1';

const FINGERPRINT_HEX_LENGTH = 32;

/**
 * Whether the text of a lone function starts with the `async` modifier — as opposed to a method
 * named `async` (`async() {}`) or an arrow whose parameter is named `async` (`async => 1`).
 */
function isAsyncFunctionText(tokens: readonly Token[]): boolean {
  if (tokens[0]?.text !== 'async' || tokens[0].kind !== 'identifier') return false;
  const second = tokens[1]?.text;
  if (second === undefined || second === '=>') return false;
  if (second !== '(') return true;
  let depth = 0;
  for (let i = 1; i < tokens.length; i++) {
    const text = tokens[i]!.text;
    if (text === '(') depth++;
    else if (text === ')' && --depth === 0) return tokens[i + 1]?.text === '=>';
  }
  return false;
}

/**
 * Fingerprint of a lone function's source, as `fn.toString()` returns it: `function f(a) {…}`,
 * `async (a) => …`, `x => x * 2`, `m(a) {…}`, `async m() {}`. Used by the no-build wrapper,
 * which has no module around the function, so no dependencies are covered.
 *
 * @example
 * fingerprintFunctionText(String((x: number) => x * 2)); // 32 hex characters
 */
export function fingerprintFunctionText(text: string): string {
  const tokens = tokenize(text);
  return digest(isAsyncFunctionText(tokens), tokens.slice(parameterListStart(tokens)), {
    declarations: [],
    imports: [],
  });
}

/**
 * Fingerprint of a tagged function in a module: `tokens` are the tokens of its range (as
 * `tokenize(source, ...site.range)` returns them), `dependencies` what it depends on.
 */
export function fingerprintSite(isAsync: boolean, tokens: readonly Token[], dependencies: DependencyClosure): string {
  return digest(isAsync, tokens.slice(parameterListStart(tokens)), dependencies);
}

function digest(isAsync: boolean, own: readonly Token[], dependencies: DependencyClosure): string {
  const deps = dependencies.declarations
    .map((d) => `dep ${d.names.join(',')} ${JSON.stringify(normalizeTokens(d.tokens))}`)
    .sort();
  const imports = [
    ...new Set(dependencies.imports.map((i) => `import ${JSON.stringify([i.specifier, i.imported])}`)),
  ].sort();
  const lines = [
    FINGERPRINT_FORMAT,
    `async ${isAsync ? 1 : 0}`,
    `site ${JSON.stringify(normalizeTokens(own))}`,
    ...deps,
    ...imports,
  ];
  return sha256Hex(lines.join('\n')).slice(0, FINGERPRINT_HEX_LENGTH);
}
