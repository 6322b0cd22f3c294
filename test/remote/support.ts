// "Machines" for the shared-tier tests: child Node processes, each with its own local cache
// directory, sharing one Redis. Every run of a cached body is appended to a log file common to
// all of them, so a test counts executions across machines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childProject, removeDir, runChild, tempDir, type ChildResult } from '../runtime/support';

// The cached functions every machine has. Each call of the plan prints one JSON line as it
// finishes (so a test can watch a long run), and the last line holds every function's cacheInfo.
const MACHINE = `
const { cacheToDisk, cacheInfo, clearDiskCache, deleteDiskCachesForFunction } = require('cache-to-disk');
const { appendFileSync } = require('node:fs');
const ran = (name, arg) => appendFileSync(process.env.RUNS_LOG, name + ' ' + JSON.stringify(arg) + ' ' + process.pid + '\\n');
const busy = (ms) => { const until = Date.now() + ms; while (Date.now() < until); };
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fns = {
  square: cacheToDisk(1)(function square(n, ms) { ran('square', n); busy(ms || 0); return { n, square: n * n, text: 'x'.repeat(2000) }; }),
  squareAsync: cacheToDisk(1)(async function squareAsync(n, ms) { ran('squareAsync', n); await pause(ms || 0); return { n, square: n * n }; }),
  series: cacheToDisk(1)(async function series(mb) { ran('series', mb); const a = new Float64Array(mb * 131072); for (let i = 0; i < a.length; i++) a[i] = i * 0.5; return a; }),
  brief: cacheToDisk('2s')(function brief(n) { ran('brief', n); return { n, at: Date.now() }; }),
};
const summary = (v) => v instanceof Float64Array ? { length: v.length, sum: v.reduce((s, x) => s + x, 0) } : v;
(async () => {
  for (const step of JSON.parse(process.env.PLAN)) {
    if (step.wait) { await pause(step.wait); continue; }
    if (step.clear) { console.log(JSON.stringify({ cleared: clearDiskCache() })); continue; }
    if (step.forget) { console.log(JSON.stringify({ deleted: deleteDiskCachesForFunction(step.forget) })); continue; }
    const start = performance.now();
    const value = await fns[step.fn](...step.args);
    console.log(JSON.stringify({ fn: step.fn, args: step.args, value: summary(value), ms: performance.now() - start }));
  }
  const info = {};
  for (const name of Object.keys(fns)) info[name] = cacheInfo(fns[name]);
  console.log(JSON.stringify({ info }));
})();
`;

export interface Step {
  fn?: 'square' | 'squareAsync' | 'series' | 'brief';
  args?: unknown[];
  wait?: number;
  clear?: true;
  forget?: string;
}

export interface CallLine {
  fn: string;
  args: unknown[];
  value: any;
  ms: number;
}

export interface MachineRun extends ChildResult {
  calls: CallLine[];
  info: Record<string, { hits: number; misses: number; nocache: number; remoteHits?: number; remoteRejected?: number }>;
  lines: any[];
  warnings: string[];
}

/** A project with the machine script, a runs log, and one cache directory per machine name. */
export class Fleet {
  readonly project = childProject('fleet');
  readonly runsLog = join(this.project, 'runs.log');
  private readonly dirs = new Map<string, string>();

  constructor() {
    writeFileSync(join(this.project, 'machine.js'), MACHINE);
    writeFileSync(this.runsLog, '');
  }

  cacheDir(machine: string): string {
    let dir = this.dirs.get(machine);
    if (dir === undefined) {
      dir = tempDir(`fleet-${machine}`);
      this.dirs.set(machine, dir);
    }
    return dir;
  }

  async run(machine: string, plan: Step[], env: Record<string, string>, timeoutMs = 60_000): Promise<MachineRun> {
    const result = await runChild(this.project, 'machine.js', { CACHE_TO_DISK_DIR: this.cacheDir(machine), RUNS_LOG: this.runsLog, PLAN: JSON.stringify(plan), ...env }, timeoutMs);
    const lines = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    return {
      ...result,
      lines,
      calls: lines.filter((line) => line.fn !== undefined),
      info: lines.find((line) => line.info !== undefined)?.info ?? {},
      warnings: result.stderr.split('\n').filter((line) => line.includes('CacheToDiskWarning')),
    };
  }

  /** Bodies run so far, across every machine, as "name arg" lines. */
  runs(): string[] {
    return readFileSync(this.runsLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ').slice(0, 2).join(' '));
  }

  remove(): void {
    removeDir(this.project);
    for (const dir of this.dirs.values()) removeDir(dir);
  }
}
