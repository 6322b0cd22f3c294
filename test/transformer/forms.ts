// One module with every taggable form of SPEC §2, and a script that calls each one and prints
// what a user can observe: results, cacheInfo, how many bodies ran, name/length/async-ness and
// thrown errors. `ext` is the import suffix the module kind needs ('' or '.js').

export const FORMS_TS = `
let calls = 0;
export function bodies() { return calls; }
const SCALE = 10;
function helper(n: number) { return n * SCALE; }

export const early = declared(7);

/** Declared after its first use: hoisting must survive. @cacheToDisk */
export function declared(a: number, b = 1, ...rest: number[]): number {
  calls++;
  return helper(a) + b + rest.length;
}

/** @cacheToDisk 3 */
function plain(a: string) { calls++; return a.toUpperCase(); }
export { plain };

/** @cacheToDisk 12h */
export default function (x: number) { calls++; return x + 1; }

/** @cacheToDisk */
export async function asyncDeclared(a: number) { calls++; return a * 2; }

/** @cacheToDisk */
export const arrow = (a: number, { k }: { k: number }) => { calls++; return a + k; };

/** @cacheToDisk */
const asyncArrow = async (s: string) => { calls++; return s.length; };
export { asyncArrow };

/** @cacheToDisk */
export let fnExpr = function named(a: number) { calls++; return a - 1; };

/** @cacheToDisk */
var varArrow = (a: number) => { calls++; return a * 3; };
export { varArrow };

export class Repo {
  constructor(public base: number) {}
  /** @cacheToDisk */
  get(n: number) { calls++; return this.base + n; }
  /** @cacheToDisk */
  static stat(n: number) { calls++; return n * 100; }
  /** @cacheToDisk */
  async load(n: number) { calls++; return this.base * n; }
}

export const Expr = class {
  /** @cacheToDisk */
  m(n: number) { calls++; return n + 0.5; }
};

export const api = {
  /** @cacheToDisk */
  query(q: string) { calls++; return 'q:' + q; },
};

export function makeAdder(k: number) {
  /** @cacheToDisk */
  const add = (n: number) => { calls++; return n + k; };
  return add;
}

/** @cacheToDisk */
export function thrower(n: number): number { calls++; throw new RangeError('bad ' + n); }
`;

export function mainTs(ext: string): string {
  return `declare const console: { log(text: string): void };
import * as ctd from 'cache-to-disk';
import * as f from './forms${ext}';
import def from './forms${ext}';

async function main() {
  const repo = new f.Repo(2);
  const adder = f.makeAdder(5);
  const results = {
    early: f.early,
    declared: f.declared(1, 2, 3, 4),
    plain: f.plain('abc'),
    def: def(41),
    asyncDeclared: await f.asyncDeclared(21),
    arrow: f.arrow(1, { k: 2 }),
    asyncArrow: await f.asyncArrow('four'),
    fnExpr: f.fnExpr(10),
    varArrow: f.varArrow(3),
    get: repo.get(1),
    stat: f.Repo.stat(2),
    load: await repo.load(3),
    expr: new f.Expr().m(1),
    query: f.api.query('x'),
    adder: adder(1),
  };
  let thrown = '';
  try { f.thrower(1); } catch (e) { thrown = (e as Error).name + ': ' + (e as Error).message; }
  const fns: Record<string, Function> = {
    declared: f.declared, plain: f.plain, def, asyncDeclared: f.asyncDeclared, arrow: f.arrow,
    asyncArrow: f.asyncArrow, fnExpr: f.fnExpr, varArrow: f.varArrow, get: f.Repo.prototype.get,
    stat: f.Repo.stat, load: f.Repo.prototype.load, expr: f.Expr.prototype.m, query: f.api.query,
    adder, thrower: f.thrower,
  };
  const info: Record<string, unknown> = {};
  const shape: Record<string, string> = {};
  for (const [key, fn] of Object.entries(fns)) {
    info[key] = ctd.cacheInfo(fn);
    shape[key] = fn.name + '/' + fn.length + '/' + fn.constructor.name;
  }
  console.log(JSON.stringify({ results, thrown, bodies: f.bodies(), info, shape }));
}
main();
`;
}

export interface FormsReport {
  results: Record<string, unknown>;
  thrown: string;
  bodies: number;
  info: Record<string, { hits: number; misses: number; nocache: number }>;
  shape: Record<string, string>;
}

export const EXPECTED_RESULTS = {
  early: 71, declared: 14, plain: 'ABC', def: 42, asyncDeclared: 42, arrow: 3, asyncArrow: 4, fnExpr: 9,
  varArrow: 9, get: 3, stat: 200, load: 6, expr: 1.5, query: 'q:x', adder: 6,
};

/** name/length/constructor as the same source compiles without the plugin (the default export's name aside). */
export const EXPECTED_SHAPE = {
  declared: 'declared/1/Function', plain: 'plain/1/Function', asyncDeclared: 'asyncDeclared/1/AsyncFunction',
  arrow: 'arrow/2/Function', asyncArrow: 'asyncArrow/1/AsyncFunction', fnExpr: 'named/1/Function',
  varArrow: 'varArrow/1/Function', get: 'get/1/Function', stat: 'stat/1/Function', load: 'load/1/AsyncFunction',
  expr: 'm/1/Function', query: 'query/1/Function', adder: 'add/1/Function', thrower: 'thrower/1/Function',
};
