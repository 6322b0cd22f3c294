// B4 and B8: a store holding many entries. B4 times a hit among `plan.manyEntries` entries of one
// function against a hit among 100 of another; B8 times a whole process (start, load the runtime,
// first hit) against a process that only loads node:fs, both spawned the same way.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alternate, figures, type Contender, type Figures, type Plan } from './harness';
import { cachedSync, expectEqual, linkedProject, smallValue, useCacheDir, withMemoryOff } from './fixture';
import type { Row } from './table';

const FEW = 100;
const MANY_ID = 'many';

export async function manyCases(plan: Plan): Promise<Row[]> {
  const cacheDir = useCacheDir('many');
  let executions = 0;
  const few = cachedSync('few', (n) => (executions++, smallValue(n)));
  const many = cachedSync(MANY_ID, (n) => (executions++, smallValue(n)));
  for (let n = 0; n < FEW; n++) few.fn(n);
  for (let n = 0; n < plan.manyEntries; n++) many.fn(n);
  const stride = Math.floor(plan.manyEntries / FEW);
  for (let n = 0; n < FEW; n++) {
    expectEqual('cache-to-disk (100 stored)', few.fn(n), smallValue(n));
    expectEqual(`cache-to-disk (${plan.manyEntries} stored)`, many.fn(n * stride), smallValue(n * stride));
  }
  if (executions !== FEW + plan.manyEntries) throw new Error('a B4 hit ran the body');

  const hits = (name: string, fn: (n: number) => unknown, key: (i: number) => number): Contender => {
    let i = 0;
    return {
      name,
      run(ops) {
        for (let k = 0; k < ops; k++) fn(key(i++ % FEW));
      },
    };
  };
  // The memory tier holds the 100 keys of either function alike, so the disk's share of the case
  // is timed apart, with the tier off.
  const fewHits = hits('few', few.fn, (i) => i);
  const manyHits = hits('many', many.fn, (i) => i * stride);
  const b4 = await alternate([fewHits, manyHits], plan.rounds, plan.roundMs);
  const b4Disk = await withMemoryOff(() => alternate([fewHits, manyHits], plan.rounds, plan.roundMs));
  const count = plan.manyEntries.toLocaleString('en-US');
  const pair = (label: string, fewF: Figures, manyF: Figures): Row[] => [
    { id: 'B4', what: `${label}, 100 stored`, unit: 'µs/call', ...fewF },
    {
      id: 'B4',
      what: `${label}, ${count} stored`,
      unit: 'µs/call',
      ...manyF,
      ratio: manyF.median / fewF.median,
      ratioOf: '100 stored',
      target: '≤ 1.2',
      met: manyF.median / fewF.median <= 1.2,
    },
  ];
  const rows: Row[] = [
    ...pair('cache-to-disk, sync hit', b4.get('few')!, b4.get('many')!),
    ...pair('cache-to-disk, memory tier off: sync hit from disk', b4Disk.get('few')!, b4Disk.get('many')!),
  ];
  return [...rows, ...startUp(plan, cacheDir, count)];
}

// The first hit of a process, in a project whose node_modules/cache-to-disk links to this
// repository, exactly as compiled code loads the runtime. The target is on the whole process's
// wall time; each child also reports the time from its first line to its last (load + first hit,
// free of the process start-up noise) and its CPU time, which load from other processes on a
// shared machine disturbs less.
function startUp(plan: Plan, cacheDir: string, count: string): Row[] {
  const project = linkedProject('start');
  const begin = 'const t0 = process.hrtime.bigint();\n';
  const end = 'const c = process.cpuUsage();\nconsole.log(JSON.stringify({ inner: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1e3 }));\n';
  writeFileSync(join(project, 'only-fs.js'), `${begin}require("node:fs");\n${end}`);
  // What any package that stores v8-serialized values pays before running a line of its own: on
  // Node 20, loading node:v8 (which loads the stream modules) and resolving a subpath through an
  // "exports" map (which loads Node's ESM resolver). Printed beside the target, not subtracted.
  const probe = join(project, 'node_modules', 'exports-probe');
  mkdirSync(probe);
  writeFileSync(join(probe, 'package.json'), '{"name":"exports-probe","exports":{"./runtime":"./runtime.js"}}\n');
  writeFileSync(join(probe, 'runtime.js'), 'module.exports = {};\n');
  writeFileSync(join(project, 'floor.js'), `${begin}require("node:v8");\nrequire("exports-probe/runtime");\n${end}`);
  writeFileSync(
    join(project, 'first-hit.js'),
    [
      begin,
      'const _ctd = require("cache-to-disk/runtime");',
      `var _ctd_f = _ctd.site({"id":"bench/cases.ts#${MANY_ID}","fingerprint":"bench-${MANY_ID}","maxAge":259200000});`,
      'function f(_a) { return _ctd.call(_ctd_f, this, arguments, (n) => { throw new Error("miss for " + n); }); }',
      'if (f(7).id !== 7) process.exit(3);',
      end,
    ].join('\n'),
  );
  const env = { ...process.env, CACHE_TO_DISK_DIR: cacheDir };
  interface Run {
    wall: number;
    inner: number;
    cpu: number;
  }
  const spawn = (script: string): Run => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [script], { cwd: project, env, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${script} failed (${result.status}): ${result.stderr}`);
    return { wall, ...(JSON.parse(result.stdout) as { inner: number; cpu: number }) };
  };
  spawn('first-hit.js');
  const base: Run[] = [];
  const floor: Run[] = [];
  const ours: Run[] = [];
  for (let i = 0; i < plan.starts; i++) {
    base.push(spawn('only-fs.js'));
    floor.push(spawn('floor.js'));
    ours.push(spawn('first-hit.js'));
  }
  const pairwise = (field: keyof Run, runs = ours): Figures => figures(runs.map((run, i) => run[field] - base[i]![field]));
  return [
    { id: 'B8', what: 'process: require("node:fs") only', unit: 'ms', ...figures(base.map((r) => r.wall)) },
    { id: 'B8', what: `process: runtime + first hit, ${count} stored`, unit: 'ms', ...figures(ours.map((r) => r.wall)) },
    { id: 'B8', what: 'extra wall time, whole process (pairwise)', unit: 'ms', ...pairwise('wall'), target: '≤ 10 ms', met: pairwise('wall').median <= 10 },
    { id: 'B8', what: 'extra wall time, first line to last (pairwise)', unit: 'ms', ...pairwise('inner') },
    { id: 'B8', what: 'extra CPU time, whole process (pairwise)', unit: 'ms', ...pairwise('cpu') },
    { id: 'B8', what: 'extra wall time of node:v8 + a package "exports" map alone', unit: 'ms', ...pairwise('wall', floor) },
    { id: 'B8', what: 'the same, first line to last', unit: 'ms', ...pairwise('inner', floor) },
  ];
}
