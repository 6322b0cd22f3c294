// `npm run stress`: the reliability scenarios at soak size. Prints what it did and exits non-zero
// if any call returned a wrong value, threw, or read a partial entry.
//
// usage: node dist/test/reliability/stress.js [seed]
import { removeDir, tempDir } from '../runtime/support';
import { runKeySoundness } from './key-soundness';
import { runConcurrency, runCorruption, runCrashes } from './scenarios';

async function main(): Promise<void> {
  const seed = Number(process.argv[2] ?? Date.now() % 100_000);
  const started = Date.now();
  let failures = 0;
  const report = (name: string, counts: object, bad: number): void => {
    failures += bad;
    console.log(`${name.padEnd(12)} ${JSON.stringify(counts)}`);
  };
  console.log(`stress seed ${seed} (repeat with: node dist/test/reliability/stress.js ${seed})`);

  const concurrencyDir = tempDir('stress-conc');
  try {
    const c = await runConcurrency(concurrencyDir, 16, 6000, true, seed);
    report('concurrency', { processes: c.processes, calls: c.calls, hits: c.hits, misses: c.misses, deletes: c.deletes, wrong: c.wrong, errors: c.errors, warnings: c.warnings.length }, c.wrong + c.errors + c.warnings.length);
    for (const problem of c.problems) console.log(`  ${problem}`);
  } finally {
    removeDir(concurrencyDir);
  }

  const crashDir = tempDir('stress-crash');
  try {
    const c = await runCrashes(crashDir, 1000, 4, seed);
    report('crashes', c, c.wrong + c.partial + c.freshPruned + c.leftAfterPrune + (c.strayPruned === c.midWrite ? 0 : 1));
  } finally {
    removeDir(crashDir);
  }

  const corruptDir = tempDir('stress-corrupt');
  try {
    const c = await runCorruption(corruptDir, 5000, seed);
    report('corruption', { mutations: c.mutations, misses: c.misses, recomputed: c.recomputed, notRemoved: c.notRemoved, wrong: c.wrong, errors: c.errors }, c.wrong + c.errors + c.notRemoved + c.problems.length);
    for (const problem of c.problems) console.log(`  ${problem}`);
  } finally {
    removeDir(corruptDir);
  }

  try {
    const k = runKeySoundness(50_000, seed);
    report('keys', k, k.collisions + k.splits);
  } catch (error) {
    report('keys', { counterexample: (error as Error).message.split('\n').slice(0, 6).join(' | ') }, 1);
  }

  console.log(`${failures === 0 ? 'wrong values = 0' : `FAILURES = ${failures}`} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  process.exitCode = failures === 0 ? 0 : 1;
}

void main();
