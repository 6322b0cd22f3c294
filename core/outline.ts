// The boundary between a compiler front end and core/: what an adapter reads off its own AST,
// as plain data with offsets into the original source text. core/ derives every token, hash,
// key and message from this, so two front ends can only disagree here — and the fixture suite
// compares outlines first.

export type FunctionKind =
  /** `function f() {}`, `export function`, `export default function`, async or not. */
  | 'function-declaration'
  /** `const f = function () {}` (the JSDoc sits on the variable statement). */
  | 'function-expression'
  /** `const f = () => {}` (the JSDoc sits on the variable statement). */
  | 'arrow'
  /** A class instance method. */
  | 'method'
  /** A static class method. */
  | 'static-method'
  /** A method of an object literal: `{ m() {} }`. */
  | 'object-method'
  /** Rejected: generators and async generators of any form. */
  | 'generator'
  /** Rejected: `get` / `set` accessors. */
  | 'accessor'
  /** Rejected: class constructors. */
  | 'constructor'
  /** Rejected: a tag on anything that is not a function. */
  | 'not-a-function';

export interface ParamOutline {
  /** The parameter's name when it is a plain identifier (with or without a default); else null. */
  name: string | null;
  /** `...name` */
  rest: boolean;
}

export interface FunctionSite {
  /** `queryRegistrar`, `Client.fetchUser`, `outer.inner`, `default` for an anonymous default export. */
  qualifiedName: string;
  kind: FunctionKind;
  async: boolean;
  /**
   * The function-like node: from its first own token (never an `export`/`default` keyword, a
   * decorator or a leading comment) to the end of its body. core/ fingerprints the tokens from
   * the parameter list on, so the exact start before the parameters does not matter.
   */
  range: [number, number];
  /** The `/** … *\/` block that carries the tag: its full text and the offset of its `/`. */
  comment: { text: string; start: number };
  params: ParamOutline[];
  /**
   * Names the function reads (as values, not types) that resolve to a binding of an enclosing
   * *function* scope — not the module scope, not globals — sorted, without duplicates.
   */
  captures: string[];
}

export interface DeclarationOutline {
  /** Names the top-level statement declares (`const a = 1, b = 2` declares both). */
  names: string[];
  /** The whole statement, from its first token (including `export`) to its end. */
  range: [number, number];
}

export interface ImportOutline {
  local: string;
  specifier: string;
  /** The exported name, `default`, or `*` for a namespace import. */
  imported: string;
}

export interface ModuleOutline {
  /** Absolute path of the source file. */
  file: string;
  /** The original text; every offset points into it. */
  source: string;
  /** Top-level declarations in source order (functions, classes, variables, enums). */
  declarations: DeclarationOutline[];
  imports: ImportOutline[];
  /** Every function-like or other node whose directly preceding `/** *\/` mentions `@cacheToDisk`. */
  sites: FunctionSite[];
}
