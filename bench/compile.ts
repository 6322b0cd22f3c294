// B9 and B10: the compiler plugins on a large real TypeScript corpus with no tags (the sources
// rxjs ships in its npm package), against the same compile without the plugin. B9 spawns the
// real command-line compilers; B10 runs @babel/core in this process. Before timing, the output
// with the plugin must equal the output without it, file for file.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { figures, type Plan } from './harness';
import { linkedProject } from './fixture';
import { benchRoot, repoRoot, versionOf } from './paths';
import type { Row } from './table';

const CORPUS_PACKAGE = 'rxjs';
const corpusRoot = join(benchRoot, 'node_modules', CORPUS_PACKAGE, 'src');
// The UMD entry re-exports everything under a global and is left out of rxjs's own builds too.
const EXCLUDED = new Set(['internal/umd.ts']);

export function corpusFiles(folder: string | undefined): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (item.name.endsWith('.ts') && !item.name.endsWith('.d.ts') && !EXCLUDED.has(relative(corpusRoot, path))) out.push(path);
    }
  };
  walk(folder === undefined ? corpusRoot : join(corpusRoot, folder));
  return out.sort();
}

export function corpusLabel(folder: string | undefined): string {
  const files = corpusFiles(folder);
  const bytes = files.reduce((sum, f) => sum + readFileSync(f).length, 0);
  return `${CORPUS_PACKAGE}@${versionOf(CORPUS_PACKAGE)} src${folder === undefined ? '' : `/${folder}`}: ${files.length} files, ${(bytes / 1024).toFixed(0)} KB`;
}

export function compileCases(plan: Plan): Row[] {
  return [...tscCase(plan), ...babelCase(plan)];
}

function tscCase(plan: Plan): Row[] {
  const project = linkedProject('tsc');
  const config = (name: string, plugins: object[]): string => {
    const path = join(project, `tsconfig.${name}.json`);
    const compilerOptions = {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['ES2022', 'DOM'],
      strict: true,
      skipLibCheck: true,
      types: [],
      baseUrl: corpusRoot,
      paths: { rxjs: ['./'], 'rxjs/*': ['./*'] },
      rootDir: corpusRoot,
      outDir: join(project, `out-${name}`),
      plugins,
    };
    writeFileSync(path, JSON.stringify({ compilerOptions, files: corpusFiles(plan.corpusFolder) }, null, 2));
    return path;
  };
  const plain = config('plain', []);
  const withPlugin = config('plugin', [{ transform: 'cache-to-disk/transformer' }]);
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const tspc = join(repoRoot, 'node_modules', 'ts-patch', 'bin', 'tspc.js');
  const patchedTsc = patchedTypeScript(project);
  // The compiler's own CPU time (user + system, read by a preloaded module when it exits) is the
  // figure: on a shared machine it varies far less than wall time, which other processes stretch.
  const reporter = join(project, 'report-cpu.js');
  const cpuFile = join(project, 'cpu.json');
  writeFileSync(
    reporter,
    `process.on('exit', () => { const c = process.cpuUsage(); require('node:fs').writeFileSync(${JSON.stringify(cpuFile)}, String((c.user + c.system) / 1e3)); });\n`,
  );
  const run = (bin: string, tsconfig: string | undefined): number => {
    const args = tsconfig === undefined ? ['--version'] : ['-p', tsconfig];
    const result = spawnSync(process.execPath, ['--require', reporter, bin, ...args], { cwd: project, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
    return Number(readFileSync(cpuFile, 'utf8'));
  };
  run(tsc, plain);
  run(patchedTsc, withPlugin);
  sameOutput(join(project, 'out-plain'), join(project, 'out-plugin'), 'tsc (ts-patch install) with the transformer');
  if (!plan.quick) {
    run(tspc, withPlugin);
    sameOutput(join(project, 'out-plain'), join(project, 'out-plugin'), 'tspc with the transformer');
  }
  const contenders: Array<[string, () => number]> = [
    ['tsc', () => run(tsc, plain)],
    ['patched', () => run(patchedTsc, withPlugin)],
    ['patchedBare', () => run(patchedTsc, plain)],
    // `--version` loads the compiler and exits: the fixed start-up cost of each, with no file read.
    ['tscStart', () => run(tsc, undefined)],
    ['patchedStart', () => run(patchedTsc, undefined)],
    ...(plan.quick
      ? []
      : ([
          ['tspc', () => run(tspc, withPlugin)],
          ['tspcBare', () => run(tspc, plain)],
          ['tspcStart', () => run(tspc, undefined)],
        ] as Array<[string, () => number]>)),
  ];
  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  // Each round starts with the next contender, so none is always the one run right after another.
  for (let round = 0; round < plan.compiles; round++) {
    for (let j = 0; j < contenders.length; j++) {
      const [name, compile] = contenders[(round + j) % contenders.length]!;
      times.get(name)!.push(compile());
    }
  }
  const floor = figures(times.get('tsc')!);
  const patched = figures(times.get('patched')!);
  const patchedBare = figures(times.get('patchedBare')!);
  const tscStart = figures(times.get('tscStart')!);
  const patchedStart = figures(times.get('patchedStart')!);
  const rows: Row[] = [
    { id: 'B9', what: 'compile floor: tsc', unit: 'CPU ms', ...floor },
    {
      id: 'B9',
      what: 'tsc patched by `ts-patch install` + cache-to-disk/transformer',
      unit: 'CPU ms',
      ...patched,
      ratio: patched.median / floor.median,
      ratioOf: 'tsc',
      target: '≤ 1.03',
      met: patched.median / floor.median <= 1.03,
    },
    { id: 'B9', what: 'tsc patched by `ts-patch install`, no plugin', unit: 'CPU ms', ...patchedBare, ratio: patchedBare.median / floor.median, ratioOf: 'tsc' },
    {
      id: 'B9',
      what: 'tsc patched by `ts-patch install` + cache-to-disk/transformer',
      unit: 'CPU ms',
      ...patched,
      ratio: patched.median / patchedBare.median,
      ratioOf: 'patched, no plugin',
    },
    { id: 'B9', what: 'start-up alone (`--version`): tsc', unit: 'CPU ms', ...tscStart },
    { id: 'B9', what: 'start-up alone: tsc patched by `ts-patch install`', unit: 'CPU ms', ...patchedStart, ratio: patchedStart.median / tscStart.median, ratioOf: 'tsc start-up' },
    // Differences of medians, so without a min and max of their own.
    { id: 'B9', what: 'patched + transformer − tsc, whole build', unit: 'CPU ms', median: patched.median - floor.median },
    { id: 'B9', what: 'of which start-up (patched − tsc, `--version`)', unit: 'CPU ms', median: patchedStart.median - tscStart.median },
  ];
  if (!plan.quick) {
    const live = figures(times.get('tspc')!);
    const bare = figures(times.get('tspcBare')!);
    rows.push(
      { id: 'B9', what: 'tspc + cache-to-disk/transformer', unit: 'CPU ms', ...live, ratio: live.median / floor.median, ratioOf: 'tsc' },
      { id: 'B9', what: 'tspc, no plugin (ts-patch patching in memory)', unit: 'CPU ms', ...bare, ratio: bare.median / floor.median, ratioOf: 'tsc' },
      { id: 'B9', what: 'tspc + cache-to-disk/transformer', unit: 'CPU ms', ...live, ratio: live.median / bare.median, ratioOf: 'tspc alone' },
      { id: 'B9', what: 'start-up alone: tspc', unit: 'CPU ms', ...figures(times.get('tspcStart')!), ratio: figures(times.get('tspcStart')!).median / tscStart.median, ratioOf: 'tsc start-up' },
    );
  }
  return rows;
}

// A copy of the repository's TypeScript with `ts-patch install` applied, as a project that
// patches its compiler in a prepare script has it (tspc instead patches tsc in memory on every
// start, which costs ts-patch's time, not the transformer's).
function patchedTypeScript(project: string): string {
  const dir = join(project, 'node_modules', 'typescript');
  cpSync(join(repoRoot, 'node_modules', 'typescript'), dir, { recursive: true });
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'ts-patch', 'bin', 'ts-patch.js'), 'install', '--silent', '--no-cache', '--dir', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ts-patch install failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return join(dir, 'bin', 'tsc');
}

function sameOutput(expectedDir: string, actualDir: string, who: string): void {
  const list = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).sort();
  const expected = list(expectedDir);
  const actual = list(actualDir);
  if (expected.length === 0 || expected.join('\n') !== actual.join('\n')) throw new Error(`${who} emitted other files than the floor`);
  for (const file of expected) {
    if (readFileSync(join(expectedDir, file), 'utf8') !== readFileSync(join(actualDir, file), 'utf8')) throw new Error(`${who} changed ${file}, which has no tag`);
  }
}

const BABEL_WARM_UP_PASSES = 3;

function babelCase(plan: Plan): Row[] {
  const babel = require('@babel/core') as typeof import('@babel/core');
  const presetTypescript = require('@babel/preset-typescript') as object;
  const plugin = require('../babel-plugin') as object;
  const sources = corpusFiles(plan.corpusFolder).map((filename) => ({ filename, code: readFileSync(filename, 'utf8') }));
  const options = (plugins: object[]) => ({ babelrc: false, configFile: false, cwd: corpusRoot, presets: [presetTypescript], plugins });
  const plain = options([]);
  const withPlugin = options([plugin]);
  const compileAll = (opts: object): string[] => sources.map((s) => babel.transformSync(s.code, { ...opts, filename: s.filename })!.code!);
  const expected = compileAll(plain);
  const actual = compileAll(withPlugin);
  expected.forEach((code, i) => {
    if (code !== actual[i]) throw new Error(`the Babel plugin changed ${sources[i]!.filename}, which has no tag`);
  });
  // Alternating per file rather than per pass: a pass takes seconds, long enough for the load of
  // a shared machine to change in between, while two compiles of one file see the same load. The
  // figure is this process's CPU time, which other processes disturb less than wall time.
  // The first passes run while V8 is still optimising Babel (each is faster than the one before),
  // so three are thrown away rather than one.
  const plainMs: number[] = [];
  const pluginMs: number[] = [];
  for (let round = -BABEL_WARM_UP_PASSES; round < plan.compiles * 3; round++) {
    let plainTotal = 0;
    let pluginTotal = 0;
    sources.forEach((source, i) => {
      const time = (opts: object): number => {
        const start = process.cpuUsage();
        babel.transformSync(source.code, { ...opts, filename: source.filename });
        const used = process.cpuUsage(start);
        return (used.user + used.system) / 1e3;
      };
      if ((i + round) % 2 === 0) {
        plainTotal += time(plain);
        pluginTotal += time(withPlugin);
      } else {
        pluginTotal += time(withPlugin);
        plainTotal += time(plain);
      }
    });
    if (round >= 0) {
      plainMs.push(plainTotal);
      pluginMs.push(pluginTotal);
    }
  }
  const floor = figures(plainMs);
  const ours = figures(pluginMs);
  return [
    { id: 'B10', what: 'compile floor: Babel + preset-typescript', unit: 'CPU ms', ...floor },
    { id: 'B10', what: 'Babel + preset-typescript + cache-to-disk/babel-plugin', unit: 'CPU ms', ...ours, ratio: ours.median / floor.median, ratioOf: 'Babel', target: '≤ 1.05', met: ours.median / floor.median <= 1.05 },
  ];
}
