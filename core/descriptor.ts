// The static description of one tagged function that a compiler front end bakes into the output
// and the runtime receives. Both front ends build it with `siteDescriptor` (core/analyze) so the
// emitted literals are identical; it must stay plain JSON.

export interface SiteDescriptor {
  /** Package-relative module path and qualified name: `src/api.ts#Client.fetchUser`. */
  id: string;
  /** Hash of the function's normalised source and of the same-module code it depends on. */
  fingerprint: string;
  /** Entry lifetime in milliseconds; 0 means entries never expire. */
  maxAge: number;
  /** The function is declared `async`: a hit is returned as a promise. */
  async?: boolean;
  /** `this` is part of the key (an instance or object method, or a function, that uses `this`). */
  keyThis?: boolean;
  /** Positions of arguments left out of the key (`ignore=` on a parameter). */
  ignoreArgs?: number[];
  /** Arguments from this position on are left out of the key (`ignore=` on a rest parameter). */
  ignoreRestFrom?: number;
  /** Names of the enclosing-scope values the compiler passes with each call, in order. */
  captures?: string[];
}
