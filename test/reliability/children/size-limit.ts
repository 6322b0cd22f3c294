// Run under `ulimit -f` (bash -c 'ulimit -f N; exec node …'): small results fit the limit, large
// ones do not. Node ignores SIGXFSZ, so an oversized write fails with EFBIG instead of killing
// the process. Prints {wrong, errors, warnings} as JSON; every value must still be right.
//
// usage: node size-limit.js <rounds> <pause ms between rounds>
import { isDeepStrictEqual } from 'node:util';
import { call, site } from '../../../runtime/compiled';

const rounds = Number(process.argv[2] ?? 10);
const pauseMs = Number(process.argv[3] ?? 0);
const small = site({ id: 'test/reliability.ts#limitSmall', fingerprint: '1'.repeat(32), maxAge: 0 });
const large = site({ id: 'test/reliability.ts#limitLarge', fingerprint: '1'.repeat(32), maxAge: 0 });
const largeAsync = site({ id: 'test/reliability.ts#limitLargeAsync', fingerprint: '1'.repeat(32), maxAge: 0, async: true });

export function limitValue(n: number, size: number): { n: number; bytes: Buffer } {
  return { n, bytes: Buffer.alloc(size, n & 0xff) };
}

const warnings: string[] = [];
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.name === 'CacheToDiskWarning') warnings.push(warning.code ?? '');
});

async function main(): Promise<void> {
  let wrong = 0;
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    for (let n = 0; n < 4; n++) {
      try {
        if (!isDeepStrictEqual(call(small, undefined, [n], (x: number) => limitValue(x, 1000)), limitValue(n, 1000))) wrong++;
        if (!isDeepStrictEqual(call(large, undefined, [n], (x: number) => limitValue(x, 300_000)), limitValue(n, 300_000))) wrong++;
        if (!isDeepStrictEqual(await call(largeAsync, undefined, [n], async (x: number) => limitValue(x, 300_000)), limitValue(n, 300_000))) wrong++;
      } catch {
        errors++;
      }
    }
    if (pauseMs > 0) await new Promise((done) => setTimeout(done, pauseMs));
  }
  await new Promise((done) => setImmediate(done));
  console.log(JSON.stringify({ wrong, errors, warnings, small: small.stats, large: large.stats, largeAsync: largeAsync.stats }));
}
void main();
