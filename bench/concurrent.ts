// B7: 100 identical calls of a cold async function issued together run its body once; the other
// 99 wait for that run and get its value.
import { cachedAsync, expectEqual, smallValue, useCacheDir } from './fixture';
import type { Row } from './table';

const CALLERS = 100;

export async function concurrentCase(): Promise<Row[]> {
  useCacheDir('concurrent');
  let executions = 0;
  const slow = cachedAsync('concurrent', async (n) => {
    executions++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return smallValue(n);
  });
  const results = await Promise.all(Array.from({ length: CALLERS }, () => slow.fn(7)));
  for (const value of results) expectEqual('cache-to-disk (concurrent caller)', value, smallValue(7));
  return [{ id: 'B7', what: `cache-to-disk, ${CALLERS} concurrent identical cold async calls`, unit: 'runs', median: executions, target: 'exactly 1', met: executions === 1 }];
}
