import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parameterNames } from '../../runtime/parameter-names';

const cases: Array<[string, (string | undefined)[], number | undefined]> = [
  ['function f(a, b = 1, ...rest) {}', ['a', 'b', 'rest'], 2],
  ['async function f(a, { b, c }, [d]) {}', ['a', undefined, undefined], undefined],
  ['(a, b) => a + b', ['a', 'b'], undefined],
  ['async (x) => x', ['x'], undefined],
  ['x => x * 2', ['x'], undefined],
  ['async x => x', ['x'], undefined],
  ['method(a, b = f(1, 2), c = { d: [1, 2] }) { return a; }', ['a', 'b', 'c'], undefined],
  ["['computed(key)'](a) {}", ['a'], undefined],
  ['function f(a = `x${(1, 2)}`, b = (1, 2)) {}', ['a', 'b'], undefined],
  ['function f(/* c, d */ a, // e\n b) {}', ['a', 'b'], undefined],
  ['function f() {}', [], undefined],
];

for (const [source, names, restIndex] of cases) {
  test(source, () => {
    assert.equal(parameterNames(source), { names, restIndex });
  });
}

test('names of real functions', () => {
  function real(alpha: number, beta = 2, ...gamma: number[]): number {
    return alpha + beta + gamma.length;
  }
  assert.equal(parameterNames(real.toString()), { names: ['alpha', 'beta', 'gamma'], restIndex: 2 });
});

test.run();
