// `npm run bench [-- --quick]`: every case of BENCH.md in one run, one table. Figures are ratios
// against floors measured in the same run, because the machines this runs on are shared.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileCases, corpusLabel } from './compile';
import { concurrentCase } from './concurrent';
import { removeTempDirs } from './fixture';
import { plan as makePlan } from './harness';
import { largeCases } from './large';
import { describeMachine, describePeers } from './machine';
import { manyCases } from './many';
import { peerNotes } from './peers';
import { benchRoot } from './paths';
import { remoteCases } from './remote';
import { smallCases } from './small';
import { printTable, type Row } from './table';

// bench/ has its own lockfile; `npm ci` runs only when its install is missing or older than the
// lockfile, so a repeated `npm run bench -- --quick` does not spend its budget reinstalling.
function installBenchDependencies(): void {
  const installed = join(benchRoot, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(benchRoot, 'package-lock.json')).mtimeMs) return;
  console.error('installing bench/ dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--silent'], { cwd: benchRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`npm ci in ${benchRoot} failed; run it by hand to see why`);
}

async function main(): Promise<void> {
  installBenchDependencies();
  const plan = makePlan(process.argv.includes('--quick'));
  const started = performance.now();
  for (const line of [...describeMachine(), describePeers(), `corpus (B9, B10): ${corpusLabel(plan.corpusFolder)}`]) console.log(line);
  console.log(
    plan.quick
      ? `--quick: ${plan.rounds} rounds per case, ${plan.manyEntries.toLocaleString('en-US')} entries in B4/B8, ${plan.compiles} compile per contender; figures are rough`
      : `${plan.rounds} rounds per case (median, min, max of per-round figures), ${plan.starts} processes per contender in B8, ${plan.compiles} compiles per contender in B9, ${plan.compiles * 3} passes over the corpus per contender in B10`,
  );
  console.log('');
  const rows: Row[] = [];
  const stages: Array<[string, () => Promise<Row[]>]> = [
    ['B1–B3, B6', () => smallCases(plan)],
    ['B4, B8', () => manyCases(plan)],
    ['B5, B11', () => largeCases(plan)],
    ['B7', () => concurrentCase()],
    ['B9, B10', async () => compileCases(plan)],
    ['B12', () => remoteCases(plan)],
  ];
  // `--only B8` runs the stages whose label names that case (for working on one case).
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  for (const [label, stage] of stages) {
    if (only !== undefined && !cases(label).includes(only)) continue;
    const start = performance.now();
    rows.push(...(await stage()));
    process.stderr.write(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    removeTempDirs();
  }
  rows.sort((a, b) => order(a.id) - order(b.id));
  printTable(rows);
  console.log('');
  for (const line of peerNotes()) console.log(`* ${line}`);
  const missed = rows.filter((r) => r.met === false).map((r) => `${r.id} ${r.what}`);
  console.log(`\n${rows.filter((r) => r.met === true).length} targets met, ${missed.length} missed${missed.length ? `: ${missed.join('; ')}` : ''}`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** 'B1–B3, B6' → B1 B2 B3 B6. */
function cases(label: string): string[] {
  return label.split(', ').flatMap((part) => {
    const [from, to] = part.split('–').map((id) => Number(id.slice(1)));
    return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => `B${from! + i}`);
  });
}

function order(id: string): number {
  const [first, second] = id.split('/');
  const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s.slice(1)));
  return first === 'B6' ? 6 * 100 + n(second) : n(first) * 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
