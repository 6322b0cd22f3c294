// Type tests of the public API: checked by the build (tsc), never run. A signature change that
// breaks these lines, or makes an @ts-expect-error line compile, fails `npm test`.
import {
  cacheInfo,
  cacheToDisk,
  clearDiskCache,
  configure,
  deleteDiskCachesForFunction,
  deleteOldDiskCaches,
  NoCacheCondition,
  type CacheInfo,
} from 'cache-to-disk';
import { call, link, site, type Site } from 'cache-to-disk/runtime';

declare function expectType<T>(value: T): void;

const square = cacheToDisk(3)(function square(n: number): number {
  return n * n;
});
expectType<number>(square(2));
expectType<CacheInfo>(square.cacheInfo());
// @ts-expect-error the wrapper keeps the parameter types
square('2');

const load = cacheToDisk('12h', { id: 'load', ignore: ['log'] })(async (url: string, log: (line: string) => void) => {
  log(url);
  return url.length;
});
expectType<Promise<number>>(load('x', () => undefined));
// @ts-expect-error options are an object
cacheToDisk(1, 'id');
// @ts-expect-error ignore lists names
cacheToDisk(1, { ignore: 'log' });

expectType<{ hits: number; misses: number; nocache: number }>(cacheInfo(square));
expectType<number>(deleteDiskCachesForFunction(square));
expectType<number>(deleteDiskCachesForFunction('src/a.ts#f'));
// @ts-expect-error a function or a name
deleteDiskCachesForFunction(42);
expectType<number>(deleteOldDiskCaches());
expectType<number>(clearDiskCache());
configure({ dir: '.cache', enabled: false });
// @ts-expect-error unknown option
configure({ directory: '.cache' });
configure({ memory: 64 * 1024 * 1024 });
configure({ memory: false, remote: 'redis://localhost:6379', dir: undefined });
// @ts-expect-error a number of bytes, or false
configure({ memory: '64M' });

const condition = new NoCacheCondition({ partial: true });
expectType<Error>(condition);

const s: Site = site({ id: 'src/a.ts#f', fingerprint: '0'.repeat(32), maxAge: 0 });
expectType<unknown>(call(s, undefined, [1], (a: number) => a));
expectType<() => number>(link(() => 1, s));
// @ts-expect-error a descriptor needs an id, a fingerprint and a lifetime
site({ id: 'src/a.ts#f' });
