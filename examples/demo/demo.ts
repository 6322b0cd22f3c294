// `npm run demo`: copies ./project to a temporary folder, builds it with `tspc` and the
// cache-to-disk transformer, and runs it in fresh processes to show a miss, a hit, a cache that
// survives a comment edit, and one that invalidates itself when the function or its helper changes.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'cache-to-disk-demo-'));
const cacheDir = join(work, '.cache');
const primes = join(work, 'src/primes.ts');

function setUp(): void {
  cpSync(join(repo, 'examples/demo/project'), work, { recursive: true });
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(repo, join(work, 'node_modules/cache-to-disk'), 'dir');
  for (const dependency of ['typescript', 'ts-patch']) {
    symlinkSync(join(repo, 'node_modules', dependency), join(work, 'node_modules', dependency), 'dir');
  }
}

function build(): void {
  execFileSync(process.execPath, [join(repo, 'node_modules/ts-patch/bin/tspc.js'), '-p', 'tsconfig.json'], {
    cwd: work,
    stdio: 'inherit',
  });
}

function run(): void {
  const output = execFileSync(process.execPath, ['dist/main.js'], {
    cwd: work,
    env: { ...process.env, CACHE_TO_DISK_DIR: cacheDir },
    encoding: 'utf8',
  });
  process.stdout.write(`    ${output}`);
}

function edit(from: string, to: string): void {
  const source = readFileSync(primes, 'utf8');
  if (!source.includes(from)) throw new Error(`demo: ${primes} no longer contains ${JSON.stringify(from)}`);
  writeFileSync(primes, source.replace(from, to));
  const shown = (text: string): string => text.trim().replace(/\s*\n\s*/g, ' ⏎ ');
  console.log(`    edit src/primes.ts:  ${shown(from)}  →  ${shown(to)}`);
}

/** Entry files are named by the 62 hex characters of their key after the 2 of their shard folder. */
function countEntries(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter(
    (entry) => entry.isFile() && /^[0-9a-f]{62}$/.test(entry.name),
  ).length;
}

function step(title: string, action: () => void): void {
  console.log(`\n▸ ${title}`);
  action();
}

try {
  setUp();
  console.log(`cache-to-disk demo in ${work}`);
  step('build with tspc and the transformer, then run: the first call computes (miss)', () => {
    build();
    run();
  });
  step('run again in a new process: the result comes from disk (hit)', run);
  step('edit only a comment in countPrimes and rebuild: the key is unchanged (hit)', () => {
    edit('  let count = 0;\n', '  // primes are counted upward from zero\n  let count = 0;\n');
    build();
    run();
  });
  step('edit the body of countPrimes and rebuild: its cache invalidates itself (miss)', () => {
    edit('for (let n = 0; n < limit; n++)', 'for (let n = 2; n < limit; n++)');
    build();
    run();
    run();
  });
  step('edit the helper isPrime that countPrimes calls and rebuild: invalidated too (miss)', () => {
    edit('for (let d = 2; d * d <= n; d++)', 'for (let d = 2; d <= Math.sqrt(n); d++)');
    build();
    run();
  });
  console.log(`\n${countEntries(cacheDir)} entries on disk under ${cacheDir}: older fingerprints stay until they expire.`);
} finally {
  if (!process.env.KEEP_DEMO) rmSync(work, { recursive: true, force: true });
}
