// B5 and B11: big bytes. B5 hits a 100 MB Float64Array result (throughput against the sync floor
// reading the same entry file, and the peak RSS of a process doing that one hit); B11 hits with a
// 100 MB Buffer argument, whose cost is hashing it into the key.
import { spawnSync } from 'node:child_process';
import { hash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { payloadOffset } from '../runtime/store/entry';
import { alternate, type Plan } from './harness';
import { cachedSync, entryFiles, linkedProject, useCacheDir } from './fixture';
import type { Row } from './table';

export async function largeCases(plan: Plan): Promise<Row[]> {
  return [...(await largeResult(plan)), ...(await largeArgument(plan))];
}

function bigArray(bytes: number): Float64Array {
  const array = new Float64Array(bytes / 8);
  for (let i = 0; i < array.length; i++) array[i] = i * 0.5;
  return array;
}

function checkArray(who: string, value: unknown, length: number): void {
  const ok = value instanceof Float64Array && value.length === length && value[1] === 0.5 && value[length - 1] === (length - 1) * 0.5;
  if (!ok) throw new Error(`${who} did not return the stored Float64Array`);
}

async function largeResult(plan: Plan): Promise<Row[]> {
  const cacheDir = useCacheDir('large');
  const length = plan.largeBytes / 8;
  const large = cachedSync('large', () => bigArray(plan.largeBytes));
  checkArray('cache-to-disk (miss)', large.fn(1), length);
  checkArray('cache-to-disk (hit)', large.fn(1), length);
  if (large.site.stats.hits !== 1) throw new Error('the B5 hit was not a hit');
  const [file] = entryFiles(cacheDir);
  const floorRead = (): unknown => {
    const buf = readFileSync(file!);
    return deserialize(buf.subarray(payloadOffset(buf)));
  };
  checkArray('sync floor', floorRead(), length);

  const b5 = await alternate(
    [
      { name: 'floor', run: () => void floorRead() },
      { name: 'ours', run: () => void large.fn(1) },
    ],
    Math.max(3, Math.min(7, Math.ceil(plan.rounds / 3))),
    0,
    1,
  );
  const mbps = (micros: number): number => plan.largeBytes / 1048576 / (micros / 1e6);
  const floor = b5.get('floor')!;
  const ours = b5.get('ours')!;
  const rss = peakRss(cacheDir, length);
  const mb = plan.largeBytes / 1048576;
  return [
    { id: 'B5', what: `sync floor, ${mb} MB Float64Array`, unit: 'MB/s', median: mbps(floor.median), min: mbps(floor.max), max: mbps(floor.min) },
    {
      id: 'B5',
      what: `cache-to-disk, sync hit, ${mb} MB Float64Array`,
      unit: 'MB/s',
      median: mbps(ours.median),
      min: mbps(ours.max),
      max: mbps(ours.min),
      ratio: floor.median / ours.median,
      ratioOf: 'floor MB/s',
      target: '≥ 0.7',
      met: floor.median / ours.median >= 0.7,
    },
    { id: 'B5', what: 'peak RSS, process doing the floor read', unit: 'MB', median: rss.floor / 1048576, ratio: rss.floor / plan.largeBytes, ratioOf: 'value size' },
    {
      id: 'B5',
      what: 'peak RSS, process doing one cache-to-disk hit',
      unit: 'MB',
      median: rss.ours / 1048576,
      ratio: rss.ours / plan.largeBytes,
      ratioOf: 'value size',
      // Node's own ~45 MB outweighs a --quick-sized value, so the target applies to the full run.
      ...(plan.quick ? { target: '≤ 2.5 (full run)' } : { target: '≤ 2.5', met: rss.ours / plan.largeBytes <= 2.5 }),
    },
  ];
}

// Each in a fresh process, so the figure is the peak of that one read and not of this process.
function peakRss(cacheDir: string, length: number): { floor: number; ours: number } {
  const project = linkedProject('rss');
  const [file] = entryFiles(cacheDir);
  // VmHWM is the peak of this process image alone; getrusage's maxRSS also counts the RSS of the
  // parent at fork (Linux keeps it across exec), which here is this benchmark's own large heap.
  const check =
    `if (!(v instanceof Float64Array) || v.length !== ${length}) process.exit(3);\n` +
    `let peak = process.resourceUsage().maxRSS * 1024;\n` +
    `try { peak = Number(/VmHWM:\\s*(\\d+) kB/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]) * 1024; } catch {}\n` +
    `console.log(peak);\n`;
  writeFileSync(
    join(project, 'floor.js'),
    `const { readFileSync } = require('node:fs');\nconst { deserialize } = require('node:v8');\nconst { payloadOffset } = require(${JSON.stringify(join(__dirname, '..', 'runtime', 'store', 'entry.js'))});\n` +
      `const buf = readFileSync(${JSON.stringify(file)});\nconst v = deserialize(buf.subarray(payloadOffset(buf)));\n${check}`,
  );
  writeFileSync(
    join(project, 'hit.js'),
    'const _ctd = require("cache-to-disk/runtime");\n' +
      'var _ctd_f = _ctd.site({"id":"bench/cases.ts#large","fingerprint":"bench-large","maxAge":259200000});\n' +
      'const v = _ctd.call(_ctd_f, undefined, [1], () => { throw new Error("miss"); });\n' +
      check,
  );
  const run = (script: string): number => {
    const result = spawnSync(process.execPath, [script], { cwd: project, env: { ...process.env, CACHE_TO_DISK_DIR: cacheDir }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${script} failed (${result.status}): ${result.stderr}`);
    return Number(result.stdout.trim());
  };
  return { floor: run('floor.js'), ours: run('hit.js') };
}

async function largeArgument(plan: Plan): Promise<Row[]> {
  useCacheDir('hashing');
  const argument = Buffer.alloc(plan.largeBytes);
  for (let i = 0; i < argument.length; i += 4096) argument.writeUInt32LE(i, i);
  const s = cachedSync('hashing', (b: unknown) => (b as Buffer).length);
  const fn = (b: Buffer): number => s.fn(b as unknown as number);
  if (fn(argument) !== plan.largeBytes || fn(argument) !== plan.largeBytes || s.site.stats.hits !== 1) throw new Error('the B11 call was not a hit');
  const b11 = await alternate(
    [
      { name: 'sha256', run: () => void hash('sha256', argument, 'hex') },
      { name: 'ours', run: () => void fn(argument) },
    ],
    Math.max(3, Math.min(7, Math.ceil(plan.rounds / 3))),
    0,
    1,
  );
  const gbps = (micros: number): number => plan.largeBytes / 1e9 / (micros / 1e6);
  const raw = b11.get('sha256')!;
  const ours = b11.get('ours')!;
  const mb = plan.largeBytes / 1048576;
  return [
    { id: 'B11', what: `node:crypto sha256 of ${mb} MB, alone`, unit: 'GB/s', median: gbps(raw.median), min: gbps(raw.max), max: gbps(raw.min) },
    {
      id: 'B11',
      what: `cache-to-disk, hit with a ${mb} MB Buffer argument`,
      unit: 'GB/s',
      median: gbps(ours.median),
      min: gbps(ours.max),
      max: gbps(ours.min),
      ratio: raw.median / ours.median,
      ratioOf: 'sha256 alone',
      target: '≥ 1.5 GB/s',
      met: gbps(ours.median) >= 1.5,
    },
  ];
}
