// What a function depends on inside its own module: every top-level declaration whose name it
// mentions, then every declaration those mention, and so on; plus the imported bindings any of
// them use. Matching is by identifier token, not by scope analysis, on purpose: both front ends
// see the same text and so get the same answer, and a name that merely looks like a reference
// (a shadowing local, an object key) only costs an extra invalidation, never a stale hit.
import type { DeclarationOutline, ImportOutline, ModuleOutline } from './outline';
import { tokenize, type Token } from './tokens';

export interface DependencyClosure {
  /** The declarations reached, in source order, each with the tokens of its whole statement. */
  declarations: { names: string[]; tokens: Token[] }[];
  /** The import bindings used by the function or by any declaration reached. */
  imports: ImportOutline[];
}

/**
 * Names an identifier token refers to, skipping property names (`a.b`, `a?.b`): `b` there is not
 * a binding, and matching it would tie `obj.config` to an unrelated top-level `config`.
 */
export function referencedNames(tokens: readonly Token[]): Set<string> {
  const names = new Set<string>();
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1]?.text;
    if (token.kind === 'identifier' && previous !== '.' && previous !== '?.') names.add(token.text);
  });
  return names;
}

/**
 * Prepares one module for dependency lookups and returns the lookup. Declarations are tokenised
 * once, on first use, however many sites reach them.
 *
 * A declaration that contains the function itself (a recursive function, a class whose method
 * names the class) is included like any other when it is mentioned: the site's own tokens then
 * count twice, which is harmless, while leaving the declaration out would miss edits to the
 * members the function reaches through that name (`C.helper()`).
 *
 * `enclosing` is the range of a method that reaches its siblings through `this` or `super`
 * (`this.helper()`): names after a `.` are never matched, so the top-level declaration holding
 * the method (its class, or the object literal's statement) is included whole instead.
 */
export function dependencyResolver(
  outline: ModuleOutline,
): (tokens: readonly Token[], enclosing?: readonly [number, number]) => DependencyClosure {
  const byName = new Map<string, number[]>();
  outline.declarations.forEach((declaration, index) => {
    for (const name of declaration.names) byName.set(name, [...(byName.get(name) ?? []), index]);
  });
  const importsByLocal = new Map(outline.imports.map((i) => [i.local, i]));
  const tokenCache = new Map<number, Token[]>();
  const tokensOf = (index: number): Token[] => {
    let tokens = tokenCache.get(index);
    if (!tokens) {
      const declaration: DeclarationOutline = outline.declarations[index]!;
      tokens = tokenize(outline.source, declaration.range[0], declaration.range[1]);
      tokenCache.set(index, tokens);
    }
    return tokens;
  };

  return (siteTokens, enclosing) => {
    const reached = new Set<number>();
    const imports = new Map<string, ImportOutline>();
    const reach = (index: number): void => {
      if (reached.has(index)) return;
      reached.add(index);
      visit(tokensOf(index));
    };
    const visit = (tokens: readonly Token[]): void => {
      for (const name of referencedNames(tokens)) {
        const imported = importsByLocal.get(name);
        if (imported) imports.set(name, imported);
        for (const index of byName.get(name) ?? []) reach(index);
      }
    };
    visit(siteTokens);
    if (enclosing) {
      const index = outline.declarations.findIndex(({ range }) => range[0] <= enclosing[0] && enclosing[1] <= range[1]);
      if (index !== -1) reach(index);
    }
    return {
      declarations: [...reached].sort((a, b) => a - b).map((index) => ({
        names: outline.declarations[index]!.names,
        tokens: tokensOf(index),
      })),
      imports: [...imports.values()],
    };
  };
}
