// A temp project's sources that use every taggable form of SPEC §2. forms.ts records when each
// body runs; exec.ts asserts the SPEC §3 properties on every run (parameters, this, name, length,
// hoisting, async-ness, exports, thrown errors, super, arguments) and prints the bodies that ran
// and each linked function's cacheInfo as JSON.
import * as assert from 'uvu/assert';
import { runNode, tempDir } from './project';

export const FORMS = `
import { bodyRan } from './log.js';

const BASE = 100;
export const early = hoisted(1);

/** @cacheToDisk 3 */
export function plain(a: number, b = 2, ...rest: number[]): number[] {
  bodyRan('plain');
  return [a, b, ...rest, BASE];
}

/** @cacheToDisk */
function hoisted(x: number) { bodyRan('hoisted'); return x * 2; }

/** @cacheToDisk */
export async function later(id: string): Promise<string> {
  bodyRan('later');
  await new Promise((resolve) => setTimeout(resolve, 1));
  return id.toUpperCase();
}

/** @cacheToDisk */
export default function (x: number) { bodyRan('default'); return x + 1; }

/** @cacheToDisk 1d */
export const arrow = (a: number, { x }: { x: number }) => { bodyRan('arrow'); return a + x; };

/** @cacheToDisk */
const asyncArrow = async (s: string) => { bodyRan('asyncArrow'); return s + '!'; };
export { asyncArrow };

/** @cacheToDisk */
export let expression = function named(q: string) { bodyRan('expression'); return [q, typeof named]; };

/** @cacheToDisk */
export function countArgs(a: number) { bodyRan('countArgs'); return arguments.length + a; }

/** @cacheToDisk */
export function thrower(x: number): never { bodyRan('thrower'); throw new RangeError('bad ' + x); }

class Base { greet() { return 'base'; } }

export class Greeter extends Base {
  constructor(public k: number) { super(); }
  /** @cacheToDisk */
  add(this: Greeter, a: number) { bodyRan('Greeter.add'); return this.k + a; }
  /** @cacheToDisk */
  static async make(k: number) { bodyRan('Greeter.make'); return new Greeter(k).k; }
  /** @cacheToDisk */
  override greet() { bodyRan('Greeter.greet'); return super.greet() + '+'; }
}

export const Expr = class {
  /** @cacheToDisk */
  'odd name'(n: number) { bodyRan('Expr.odd'); return n * 3; }
};

export const api = {
  nested: {
    /** @cacheToDisk */
    async call(n: number) { bodyRan('api.nested.call'); return n - 1; },
  },
};

export function outer(n: number) {
  const factor = n * 10;
  /** @cacheToDisk */
  function inner(k: number) { bodyRan('outer.inner'); return k + factor; }
  return inner(1);
}
`;

export const LOG = `export const runs: string[] = [];
export function bodyRan(name: string) { runs.push(name); }
`;

export const EXEC = `
import assert from 'node:assert';
import { cacheInfo } from 'cache-to-disk';
import { runs } from './log.js';
import * as forms from './forms.js';
import anonymous from './forms.js';

async function main() {
  const twice = async (f: () => unknown) => [await f(), await f()];
  assert.deepStrictEqual(await twice(() => forms.plain(1, undefined, 5)), [[1, 2, 5, 100], [1, 2, 5, 100]]);
  assert.strictEqual(forms.early, 2);
  const promised = (p: unknown) => (assert.ok(p instanceof Promise, 'a hit of an async function is a promise'), p);
  assert.deepStrictEqual(await twice(() => promised(forms.later('x'))), ['X', 'X']);
  assert.deepStrictEqual(await twice(() => anonymous(1)), [2, 2]);
  assert.deepStrictEqual(await twice(() => forms.arrow(1, { x: 2 })), [3, 3]);
  assert.deepStrictEqual(await twice(() => forms.asyncArrow('a')), ['a!', 'a!']);
  assert.deepStrictEqual(await twice(() => forms.expression('q')), [['q', 'function'], ['q', 'function']]);
  assert.deepStrictEqual(await twice(() => forms.countArgs(1)), [2, 2]);
  for (let i = 0; i < 2; i++) assert.throws(() => forms.thrower(7), (e: any) => e instanceof RangeError && e.message === 'bad 7');
  const g1 = new forms.Greeter(1);
  const g2 = new forms.Greeter(2);
  assert.deepStrictEqual(await twice(() => g1.add(5)), [6, 6]);
  assert.strictEqual(g2.add(5), 7);
  assert.deepStrictEqual(await twice(() => forms.Greeter.make(4)), [4, 4]);
  assert.deepStrictEqual(await twice(() => g1.greet()), ['base+', 'base+']);
  assert.deepStrictEqual(await twice(() => new forms.Expr()['odd name'](2)), [6, 6]);
  assert.deepStrictEqual(await twice(() => forms.api.nested.call(3)), [2, 2]);
  assert.deepStrictEqual(await twice(() => forms.outer(1)), [11, 11]);
  assert.strictEqual(forms.outer(2), 21);

  const shape = (f: Function) => [f.name, f.length, f.constructor.name];
  assert.deepStrictEqual(shape(forms.plain), ['plain', 1, 'Function']);
  assert.deepStrictEqual(shape(forms.later), ['later', 1, 'AsyncFunction']);
  assert.deepStrictEqual(shape(forms.arrow), ['arrow', 2, 'Function']);
  assert.deepStrictEqual(shape(forms.asyncArrow), ['asyncArrow', 1, 'AsyncFunction']);
  assert.deepStrictEqual(shape(forms.expression), ['named', 1, 'Function']);
  assert.deepStrictEqual(shape(forms.Greeter.prototype.add), ['add', 1, 'Function']);
  assert.deepStrictEqual(shape(forms.Greeter.make), ['make', 1, 'AsyncFunction']);
  assert.deepStrictEqual(shape(forms.api.nested.call), ['call', 1, 'AsyncFunction']);
  assert.strictEqual(Object.keys(forms.Greeter.prototype).length, 0);

  const linked = {
    plain: forms.plain, later: forms.later, arrow: forms.arrow, asyncArrow: forms.asyncArrow,
    expression: forms.expression, countArgs: forms.countArgs, thrower: forms.thrower,
    'Greeter.add': forms.Greeter.prototype.add, 'Greeter.make': forms.Greeter.make,
    'Greeter.greet': forms.Greeter.prototype.greet, 'Expr.odd': forms.Expr.prototype['odd name'],
    'api.nested.call': forms.api.nested.call,
  };
  const stats = Object.fromEntries(Object.entries(linked).map(([k, f]) => [k, cacheInfo(f)]));
  assert.deepStrictEqual((forms.plain as any).cacheInfo(), stats.plain);
  console.log(JSON.stringify({ runs: [...new Set(runs)].sort(), stats }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

export const FORM_SOURCES: Record<string, string> = { 'src/forms.ts': FORMS, 'src/log.ts': LOG, 'src/exec.ts': EXEC };
export const FORM_FILES = Object.keys(FORM_SOURCES);

type Stats = Record<string, { hits: number; misses: number }>;

/**
 * Runs `<out>/src/exec.js` twice on a fresh cache directory: the first run executes every body
 * once and hits on the repeated call; the second runs no body but the throwing one.
 */
export function assertMissThenHit(out: string): void {
  const cache = tempDir('ctd-babel-cache-');
  try {
    const first = runNode(out, 'src/exec.js', cache.path) as { runs: string[]; stats: Stats };
    const second = runNode(out, 'src/exec.js', cache.path) as { runs: string[]; stats: Stats };
    assert.equal(first.runs, [
      'Expr.odd', 'Greeter.add', 'Greeter.greet', 'Greeter.make', 'api.nested.call', 'arrow', 'asyncArrow',
      'countArgs', 'default', 'expression', 'hoisted', 'later', 'outer.inner', 'plain', 'thrower',
    ]);
    assert.equal(second.runs, ['thrower'], 'only a body that throws runs again');
    // Greeter.add runs on two receivers: `this` is part of its key. A throw is never stored.
    const expected = (run: 1 | 2, name: string): { hits: number; misses: number } => {
      if (name === 'thrower') return { hits: 0, misses: 2 };
      if (name === 'Greeter.add') return run === 1 ? { hits: 1, misses: 2 } : { hits: 3, misses: 0 };
      return run === 1 ? { hits: 1, misses: 1 } : { hits: 2, misses: 0 };
    };
    for (const [run, stats] of [[1, first.stats], [2, second.stats]] as const) {
      assert.is(Object.keys(stats).length, 12);
      for (const [name, info] of Object.entries(stats)) {
        assert.equal({ hits: info.hits, misses: info.misses }, expected(run, name), `run ${run}: ${name}`);
      }
    }
  } finally {
    cache.remove();
  }
}
