// Runs every *.test.js under this folder (compiled from test/**/*.test.ts) with uvu and ends with
// the line "N passed, N failed". Arguments filter test files by substring:
// `node dist/test/index.js runtime/args-key`.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

type SuiteRun = () => Promise<[errors: string | true, ran: number, skipped: number, total: number]>;
declare global {
  var UVU_DEFER: number;
  var UVU_QUEUE: Array<Array<string | SuiteRun | null>>;
  var UVU_INDEX: number;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

// A shared tier or memory budget set in the developer's shell must not reach the suite's own runtime.
for (const name of ['CACHE_TO_DISK_REMOTE', 'CACHE_TO_DISK_REMOTE_PREFIX', 'CACHE_TO_DISK_REMOTE_TIMEOUT', 'CACHE_TO_DISK_SECRET', 'CACHE_TO_DISK_MEMORY']) delete process.env[name];

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = testFiles(__dirname)
    .map((file) => relative(__dirname, file))
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
    .sort();

  globalThis.UVU_DEFER = 1;
  globalThis.UVU_QUEUE = [];
  const uvu = require('uvu') as { exec(bail?: boolean): Promise<void> };
  files.forEach((file, index) => {
    globalThis.UVU_QUEUE.push([file]);
    globalThis.UVU_INDEX = index;
    require(join(__dirname, file));
  });

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const group of globalThis.UVU_QUEUE) {
    for (let i = 1; i < group.length; i++) {
      const run = group[i] as SuiteRun;
      group[i] = async () => {
        const result = await run();
        // uvu's total counts the tests it ran (skips excluded); a throwing hook fails them all.
        const [, ran, skips, total] = result;
        passed += ran;
        failed += total - ran;
        skipped += skips;
        return result;
      };
    }
  }

  await uvu.exec(false);
  if (files.length === 0) failed++;
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
