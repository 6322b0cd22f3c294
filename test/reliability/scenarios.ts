// The three fault scenarios with a size knob: the tests run them small, `npm run stress` large.
// Each returns counts; any `wrong`, `errors` or `partial` above zero is a failure.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { crc32 } from 'node:zlib';
import { call, site } from '../../runtime/compiled';
import { configure } from '../../runtime/config';
import { deleteOldDiskCaches } from '../../runtime/maintenance';
import { encodeHeader } from '../../runtime/store/entry';
import { STRAY_TEMP_MS } from '../../runtime/store/prune';
import { readEntry, readEntrySync, type ReadResult } from '../../runtime/store/read';
import { crashValue } from './crash-values';
import { CHILDREN, REPO_ROOT, entryFor, lastJson, pool, random, runNode, tempFiles, truth } from './support';

export interface ConcurrencyCounts {
  processes: number;
  calls: number;
  hits: number;
  misses: number;
  deletes: number;
  wrong: number;
  errors: number;
  problems: string[];
  warnings: string[];
}

/**
 * `processes` children, each making `calls` mixed calls over the same few keys in `cacheDir`;
 * with `churn`, every other child also deletes, prunes and clears now and then.
 */
export async function runConcurrency(cacheDir: string, processes: number, calls: number, churn: boolean, seed: number): Promise<ConcurrencyCounts> {
  const exits = await Promise.all(
    Array.from({ length: processes }, (_, i) =>
      runNode('mixed-calls.js', [String(seed + i), String(calls), churn && i % 2 === 1 ? '1' : '0'], { CACHE_TO_DISK_DIR: cacheDir }),
    ),
  );
  const counts: ConcurrencyCounts = { processes, calls: 0, hits: 0, misses: 0, deletes: 0, wrong: 0, errors: 0, problems: [], warnings: [] };
  for (const exit of exits) {
    const out = lastJson<{ calls: number; wrong: number; errors: number; hits: number; misses: number; deletes: number; problems: string[] }>(exit);
    counts.calls += out.calls;
    counts.hits += out.hits;
    counts.misses += out.misses;
    counts.deletes += out.deletes;
    counts.wrong += out.wrong;
    counts.errors += out.errors + (exit.code === 0 ? 0 : 1);
    counts.problems.push(...out.problems);
    counts.warnings.push(...exit.stderr.split('\n').filter((line) => line.includes('Warning')));
  }
  return counts;
}

export interface CrashCounts {
  kills: number;
  /** Temporary files the kills left behind: proof that kills landed inside writes. */
  midWrite: number;
  checked: number;
  hits: number;
  wrong: number;
  /** Entry paths holding something other than a whole entry (any miss but "absent"). */
  partial: number;
  /** Fresh temporary files a prune removed (it must leave them: a live write may own them). */
  freshPruned: number;
  strayPruned: number;
  leftAfterPrune: number;
}

const CRASH_KEYS = 12;

/** Kills `kills` writers (at most `width` alive at once) at random instants, then checks every key they could have written. */
export async function runCrashes(cacheDir: string, kills: number, width: number, seed: number): Promise<CrashCounts> {
  const next = random(seed);
  const fingerprints = Array.from({ length: kills }, (_, i) => `${seed.toString(16).padStart(8, '0')}${i.toString(16).padStart(24, '0')}`);
  await pool(
    width,
    fingerprints.map((fingerprint) => () => killedWriter(cacheDir, fingerprint, Math.floor(next() * 25))),
  );
  const temps = tempFiles(cacheDir);
  const counts: CrashCounts = { kills, midWrite: temps.length, checked: 0, hits: 0, wrong: 0, partial: 0, freshPruned: 0, strayPruned: 0, leftAfterPrune: 0 };
  for (const fingerprint of fingerprints) {
    for (const [name, async] of [['crashSync', false], ['crashAsync', true]] as const) {
      const s = site({ id: `test/reliability.ts#${name}`, fingerprint, maxAge: 0, async });
      for (let n = 0; n < CRASH_KEYS; n++) {
        const { key, path } = entryFor(cacheDir, s, [n]);
        counts.checked++;
        const read = readEntrySync(path, key, 0, Date.now());
        if (read.hit) {
          counts.hits++;
          if (!sameCrashValue(read.value, n)) counts.wrong++;
        } else if (read.reason !== 'absent') counts.partial++;
      }
    }
  }
  configure({ dir: cacheDir });
  try {
    // The run itself may outlast the stray age: make every temporary file fresh first.
    const fresh = Date.now() / 1000;
    for (const temp of temps) utimesSync(temp, fresh, fresh);
    counts.freshPruned = deleteOldDiskCaches();
    const old = (Date.now() - 2 * STRAY_TEMP_MS) / 1000;
    for (const temp of temps) if (existsSync(temp)) utimesSync(temp, old, old);
    counts.strayPruned = deleteOldDiskCaches();
    counts.leftAfterPrune = tempFiles(cacheDir).length;
  } finally {
    configure({ dir: undefined });
  }
  return counts;
}

function sameCrashValue(value: unknown, n: number): boolean {
  const expected = crashValue(n);
  const actual = value as ReturnType<typeof crashValue>;
  return actual?.n === n && actual.text === expected.text && Buffer.isBuffer(actual.bytes) && actual.bytes.equals(expected.bytes);
}

function killedWriter(cacheDir: string, fingerprint: string, delayMs: number): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, CACHE_TO_DISK_DIR: cacheDir };
  delete env.NODE_DEBUG;
  delete env.CACHE_TO_DISK;
  const child = spawn(process.execPath, [join(CHILDREN, 'crash-writer.js'), fingerprint, String(CRASH_KEYS)], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((done) => {
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('close', () => done());
  });
}

export interface CorruptionCounts {
  mutations: number;
  misses: number;
  recomputed: number;
  notRemoved: number;
  wrong: number;
  errors: number;
  problems: string[];
}

type Mode = 'read-sync' | 'read-async' | 'call-sync' | 'call-async';
const MODES: Mode[] = ['read-sync', 'read-async', 'call-sync', 'call-async'];

/**
 * Writes each mutation of real entries (small and large, sync and async sites) over its entry
 * path and reads it back through the store and through full calls.
 */
export async function runCorruption(cacheDir: string, flipsPerEntry: number, seed: number): Promise<CorruptionCounts> {
  const next = random(seed);
  const counts: CorruptionCounts = { mutations: 0, misses: 0, recomputed: 0, notRemoved: 0, wrong: 0, errors: 0, problems: [] };
  const fail = (what: string): void => {
    if (counts.problems.length < 10) counts.problems.push(what);
  };
  configure({ dir: cacheDir });
  try {
    const tag = `${seed}_${process.pid}`;
    const sites = { sync: site({ id: `test/reliability.ts#corruptSync${tag}`, fingerprint: 'a'.repeat(32), maxAge: 0 }), async: site({ id: `test/reliability.ts#corruptAsync${tag}`, fingerprint: 'a'.repeat(32), maxAge: 0, async: true }) };
    let runs = 0;
    const body = (n: number): unknown => (runs++, truth(n));
    const asyncBody = async (n: number): Promise<unknown> => (runs++, truth(n));
    for (const n of [1, 3]) {
      for (const kind of ['sync', 'async'] as const) {
        const s = sites[kind];
        const run = (): unknown => (kind === 'sync' ? call(s, undefined, [n], body) : call(s, undefined, [n], asyncBody));
        await run();
        const { key, path } = entryFor(cacheDir, s, [n]);
        const good = readFileSync(path);
        await run();
        if (kind === 'sync') call(s, undefined, [n + 1], body);
        else await call(s, undefined, [n + 1], asyncBody);
        const other = readFileSync(entryFor(cacheDir, s, [n + 1]).path);
        for (const [label, bytes, sparse] of mutations(good, other, flipsPerEntry, next)) {
          counts.mutations++;
          const mode = MODES[counts.mutations % MODES.length]!;
          const usable = kind === 'sync' ? mode !== 'call-async' : mode !== 'call-sync';
          const effective: Mode = usable ? mode : kind === 'sync' ? 'call-sync' : 'call-async';
          writeFileSync(path, bytes);
          if (sparse !== undefined) truncateSync(path, sparse);
          const before = runs;
          try {
            if (effective === 'read-sync' || effective === 'read-async') {
              const read: ReadResult = effective === 'read-sync' ? readEntrySync(path, key, 0, Date.now()) : await readEntry(path, key, 0, Date.now());
              if (read.hit) {
                if (!bytes.equals(good) || sparse !== undefined) fail(`${label}: a mutated entry was a hit`);
                if (!isDeepStrictEqual(read.value, truth(n))) {
                  counts.wrong++;
                  fail(`${label}: wrong value`);
                }
              } else {
                counts.misses++;
                if (existsSync(path)) {
                  counts.notRemoved++;
                  fail(`${label} (${effective}): ${read.reason} but the file stays`);
                }
              }
            } else {
              const value = await run();
              if (!isDeepStrictEqual(value, truth(n))) {
                counts.wrong++;
                fail(`${label} (${effective}): wrong value`);
              }
              if (runs > before) counts.recomputed++;
              else if (!bytes.equals(good) || sparse !== undefined) fail(`${label} (${effective}): a mutated entry was a hit`);
              const reread = readEntrySync(path, key, 0, Date.now());
              if (!reread.hit || !isDeepStrictEqual(reread.value, truth(n))) fail(`${label} (${effective}): not replaced by a valid entry`);
            }
          } catch (error) {
            counts.errors++;
            fail(`${label} (${effective}) threw ${(error as Error).stack}`);
          }
        }
        writeFileSync(path, good);
      }
    }
  } finally {
    configure({ dir: undefined });
  }
  return counts;
}

type Mutation = [label: string, bytes: Buffer, sparseSize?: number];

/** Every kind of damage an entry file can suffer, plus the undamaged control. */
function* mutations(good: Buffer, other: Buffer, flips: number, next: () => number): Generator<Mutation> {
  const at = (limit: number): number => Math.floor(next() * limit);
  yield ['unchanged', good];
  yield ['zero length', Buffer.alloc(0)];
  const cuts = good.length <= 4096 ? Array.from({ length: good.length }, (_, i) => i) : [...Array.from({ length: 200 }, (_, i) => i), ...Array.from({ length: 200 }, () => at(good.length))];
  for (const cut of cuts) yield [`truncated to ${cut}`, good.subarray(0, cut)];
  yield ['one byte appended', Buffer.concat([good, Buffer.from([0])])];
  for (let i = 0; i < flips; i++) {
    const bytes = Buffer.from(good);
    const count = 1 + at(3);
    const bits: number[] = [];
    for (let b = 0; b < count; b++) {
      const bit = at(bytes.length * 8);
      bits.push(bit);
      bytes[bit >> 3]! ^= 1 << (bit & 7);
    }
    yield [`bits ${bits.join(',')} flipped`, bytes];
  }
  yield ['payload size claims 4 GiB', resealed(good, (b) => b.writeUInt32LE(0xfffffff0, 12))];
  yield ['payload size claims one byte less', resealed(good, (b) => b.writeUInt32LE(b.readUInt32LE(12) - 1, 12))];
  yield ['name lengths claim 64 KiB each', resealed(good, (b) => (b.writeUInt16LE(0xffff, 96), b.writeUInt16LE(0xffff, 98)))];
  yield ['older format version', resealed(good, (b) => b.writeUInt16LE(0, 8))];
  yield ['newer format version', resealed(good, (b) => b.writeUInt16LE(2, 8))];
  yield ['another key\'s entry swapped in', other];
  yield ['a valid header over a payload that does not deserialize', garbagePayload(good)];
  yield ['a 5 GiB sparse file behind a valid head', good, 5 * 1024 ** 3];
  yield ['a 300 MiB sparse file behind a valid head', good, 300 * 1024 ** 2];
  for (let i = 0; i < 50; i++) {
    const junk = Buffer.allocUnsafe(at(good.length * 2));
    for (let j = 0; j < junk.length; j++) junk[j] = at(256);
    if (i % 2 === 0 && junk.length >= 4) junk.write('CTDE', 0, 'latin1');
    yield [`random junk of ${junk.length} bytes`, junk];
  }
}

/** `good` changed by `edit`, with its checksum recomputed, so only the structural checks can catch it. */
function resealed(good: Buffer, edit: (bytes: Buffer) => void): Buffer {
  const bytes = Buffer.from(good);
  edit(bytes);
  bytes.writeUInt32LE(crc32(bytes.subarray(8)), 4);
  return bytes;
}

function garbagePayload(good: Buffer): Buffer {
  const key = good.toString('latin1', 32, 96);
  const payload = Buffer.from([0xff, 0x0f, 0x6f, 0x22, 0x7f, 0x01]);
  const header = encodeHeader({ key, id: 'x', fingerprint: 'y', flags: 0, created: Date.now(), expires: 0 }, payload);
  return Buffer.concat([header, payload]);
}
