// B12: the shared tier (SPEC §10), against a redis-server this case starts and stops itself.
// A remote hit with a cold local disk, sync and async, is timed against the floor of fetching the
// same entries from the same server with ioredis in this thread; and what a configured remote
// that cannot be used adds to a miss + store, for a refused port and for a server that accepts
// and never answers. Those three configurations run in child processes (the shared tier is one
// per process), driven in alternation from here.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { deserialize } from 'node:v8';
import type { Redis } from 'ioredis';
import { link } from '../runtime/compiled';
import { configure } from '../runtime/config';
import { cacheInfo } from '../runtime/info';
import { entryPattern } from '../runtime/remote/keys';
import { payloadOffset } from '../runtime/store/entry';
import { freePort, startRedis, startSilentServer } from '../test/helpers/redis-server';
import { alternate, figures, type Contender, type Figures, type Plan } from './harness';
import { cachedAsync, cachedSync, expectEqual, smallValue, tempDir, type SmallValue } from './fixture';
import { repoRoot, versionOf } from './paths';
import type { Row } from './table';

const PREFIX = 'ctd-bench:';
const PUBLISH_MS = 20_000;
const CHILD_MS = 20_000;

export async function remoteCases(plan: Plan): Promise<Row[]> {
  const server = await startRedis();
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  const raw = new RedisClient(server.url);
  try {
    const hits = await remoteHitCase(plan, server.url, raw);
    const unusable = await unusableRemoteCase(plan);
    return [...hits, ...unusable];
  } finally {
    configure({ remote: false });
    raw.disconnect();
    await server.stop();
  }
}

// Every timed call must miss the local disk and hit Redis, yet a remote hit writes its entry to
// the local disk (in the tier's thread, after answering). So each function's keys are published
// once, and a function that has used all its keys moves the runtime to a fresh, empty cache
// directory before using them again. Those directories are made and opened by one call each
// before the timing: opening a directory schedules its prune, which is not the hit's cost.
async function remoteHitCase(plan: Plan, url: string, raw: Redis): Promise<Row[]> {
  const pool = plan.quick ? 300 : 2000;
  const dirs = new ColdDirs(plan.quick ? 6 : 24);
  const publishDir = dirs.next();
  // A longer bound than the default 50 ms: on a loaded machine a slow answer would turn a timed
  // hit into a miss (and fail the check below); the bound changes nothing on the hit's path.
  configure({ dir: publishDir, remote: { url, prefix: PREFIX, timeout: 2000 } });
  let executions = 0;
  const sync = cachedSync('remoteSync', (n) => (executions++, smallValue(n)));
  const async = cachedAsync('remoteAsync', async (n) => (executions++, smallValue(n)));
  link(sync.fn, sync.site);
  link(async.fn, async.site);
  for (let n = 0; n < pool; n++) {
    expectEqual('cache-to-disk (sync, publishing miss)', sync.fn(n), smallValue(n));
    expectEqual('cache-to-disk (async, publishing miss)', await async.fn(n), smallValue(n));
  }
  const names = await publishedNames(raw, 2 * pool);
  if (executions !== 2 * pool) throw new Error(`publishing ${2 * pool} keys ran the bodies ${executions} times`);
  // Removed, so the prune it scheduled does not walk its entries during the timing.
  rmSync(publishDir, { recursive: true, force: true });
  // Key -1 is not in the pool: the call opening a directory leaves no pool key in it.
  await dirs.prepare(() => void sync.fn(-1));
  const ran = executions;

  // Validation: a cold call is a remote hit with the right value, and the floor reads the right value.
  const floorRead = async (name: string): Promise<unknown> => {
    const stored = await raw.getBuffer(name);
    if (stored === null) throw new Error(`${name} is not in Redis`);
    return deserialize(stored.subarray(payloadOffset(stored)));
  };
  for (const name of names.slice(0, 20)) {
    const value = (await floorRead(name)) as SmallValue;
    expectEqual('floor', value, smallValue(value.id));
  }
  configure({ dir: dirs.next() });
  const before = { sync: cacheInfo(sync.fn), async: cacheInfo(async.fn) };
  for (let n = 0; n < 10; n++) {
    expectEqual('cache-to-disk (sync, remote hit)', sync.fn(n), smallValue(n));
    expectEqual('cache-to-disk (async, remote hit)', await async.fn(n), smallValue(n));
  }
  requireRemoteHits('validation', before, { sync: cacheInfo(sync.fn), async: cacheInfo(async.fn) }, 10, 10);
  if (executions !== ran) throw new Error('a remote hit ran the body');

  configure({ dir: dirs.next() });
  const counted = { sync: 0, async: 0 };
  const start = { sync: cacheInfo(sync.fn), async: cacheInfo(async.fn) };
  const coldKeys = (): (() => number) => {
    let i = 0;
    return () => {
      if (i === pool) {
        configure({ dir: dirs.next() });
        i = 0;
      }
      return i++;
    };
  };
  const syncKey = coldKeys();
  const asyncKey = coldKeys();
  let floorAt = 0;
  const contenders: Contender[] = [
    {
      name: 'floor',
      async run(ops) {
        for (let k = 0; k < ops; k++) await floorRead(names[floorAt++ % names.length]!);
      },
    },
    {
      name: 'sync',
      run(ops) {
        for (let k = 0; k < ops; k++) sync.fn(syncKey());
        counted.sync += ops;
      },
    },
    {
      name: 'async',
      async run(ops) {
        for (let k = 0; k < ops; k++) await async.fn(asyncKey());
        counted.async += ops;
      },
    },
  ];
  const timed = await alternate(contenders, plan.rounds, plan.roundMs);
  requireRemoteHits('the timed calls', start, { sync: cacheInfo(sync.fn), async: cacheInfo(async.fn) }, counted.sync, counted.async);

  const floor = timed.get('floor')!;
  const hitRow = (mode: string, f: Figures): Row => ({
    ...row(`cache-to-disk, ${mode} remote hit, cold local disk`, f),
    ratio: f.median / floor.median,
    ratioOf: 'Redis floor',
    target: '≤ 1.3',
    met: f.median / floor.median <= 1.3,
  });
  return [
    row(`Redis floor: ioredis ${versionOf('ioredis', repoRoot)} getBuffer + v8.deserialize, this thread`, floor),
    hitRow('sync', timed.get('sync')!),
    hitRow('async', timed.get('async')!),
  ];
}

/** The names of the `count` entries published under PREFIX, once they are all in Redis. */
async function publishedNames(raw: Redis, count: number): Promise<string[]> {
  const deadline = Date.now() + PUBLISH_MS;
  for (;;) {
    const names: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await raw.scan(cursor, 'MATCH', entryPattern(PREFIX), 'COUNT', 1000);
      names.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    if (names.length >= count) return names.sort();
    if (Date.now() > deadline) throw new Error(`only ${names.length} of ${count} entries reached Redis within ${PUBLISH_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Infos = { sync: ReturnType<typeof cacheInfo>; async: ReturnType<typeof cacheInfo> };

function requireRemoteHits(what: string, before: Infos, after: Infos, syncCalls: number, asyncCalls: number): void {
  for (const [mode, calls] of [['sync', syncCalls], ['async', asyncCalls]] as const) {
    const hits = after[mode].hits - before[mode].hits;
    const remoteHits = (after[mode].remoteHits ?? 0) - (before[mode].remoteHits ?? 0);
    const misses = after[mode].misses - before[mode].misses;
    if (hits !== calls || remoteHits !== calls || misses !== 0) {
      throw new Error(`${what}: ${calls} ${mode} calls counted ${hits} hits, ${remoteHits} remote hits and ${misses} misses; every one must be a remote hit`);
    }
  }
}

/** Empty cache directories, each opened by the runtime once before the timing. */
class ColdDirs {
  private readonly ready: string[] = [];

  constructor(count: number) {
    for (let i = 0; i < count; i++) this.ready.push(tempDir('remote'));
  }

  /** Opens every directory with `call`, and lets the prunes that schedules run (on empty trees). */
  async prepare(call: () => void): Promise<void> {
    for (const dir of this.ready) {
      configure({ dir });
      call();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** A directory no entry was written to, made now if the prepared ones ran out. */
  next(): string {
    return this.ready.shift() ?? tempDir('remote');
  }
}

// The per-call cost of a remote that cannot be used: a miss + store in a process with no remote,
// with one on a refused port, and with one on a server that never answers. The first call, which
// opens the tier, is timed apart; the rounds time the calls after it.
async function unusableRemoteCase(plan: Plan): Promise<Row[]> {
  const silent = await startSilentServer();
  const refused = `redis://127.0.0.1:${await freePort()}`;
  const children: MissChild[] = [];
  try {
    // One at a time, so no first call shares the machine with another child's start.
    const first: number[] = [];
    for (const [name, url] of [['none', undefined], ['refused', refused], ['silent', silent.url]] as const) {
      children.push(new MissChild(name, url));
      first.push(await children[children.length - 1]!.ready);
    }
    await alternate(children, plan.rounds, plan.roundMs);
    const reports = await Promise.all(children.map((child) => child.finish()));
    for (const [i, report] of reports.entries()) {
      const child = children[i]!;
      if (report.misses !== child.calls || report.remoteHits !== 0) throw new Error(`B12 ${child.name}: ${child.calls} calls counted ${report.misses} misses, ${report.remoteHits} remote hits`);
      if (child.url !== undefined && !report.warnings.includes('CTD_REMOTE_DOWN')) throw new Error(`B12 ${child.name}: the remote was never found down (warnings: ${report.warnings.join(', ') || 'none'})`);
    }
    const none = figures(children[0]!.samples);
    const rows: Row[] = [row('miss + store, no remote', none)];
    for (const [i, label] of [[1, 'refused port'], [2, 'silent server']] as const) {
      const f = figures(children[i]!.samples);
      const extra = figures(children[i]!.samples.map((micros, round) => micros - children[0]!.samples[round]!));
      rows.push(
        { ...row(`miss + store, remote on a ${label}`, f), ratio: f.median / none.median, ratioOf: 'no remote' },
        { ...row(`extra per call over no remote (${label}, pairwise)`, extra), target: 'none (SPEC: ≤ 50 ms)' },
        { id: 'B12', what: `first call (${label}), which opens the tier`, unit: 'ms', median: first[i]! },
      );
    }
    return rows;
  } finally {
    for (const child of children) child.kill();
    await silent.close();
  }
}

interface ChildReport {
  misses: number;
  remoteHits: number;
  warnings: string[];
}

type FromChild = { kind: 'ready'; firstMs: number } | { kind: 'ran'; micros: number } | ({ kind: 'report' } & ChildReport);

/** A child process doing misses on request, as a contender of `alternate`. */
class MissChild implements Contender {
  readonly ready: Promise<number>;
  /** Calls made after the first. */
  calls = 0;
  /**
   * Microseconds per call of each round, as the child times its batch: the IPC round trip, whose
   * share depends on each child's batch size, stays out of the comparison.
   */
  readonly samples: number[] = [];
  private readonly child: ChildProcess;
  private waiting: ((message: FromChild) => void) | undefined;

  constructor(
    readonly name: string,
    readonly url: string | undefined,
  ) {
    // --no-warnings: the child collects the runtime's warnings itself, as codes.
    this.child = fork(__filename, [MISS_CHILD, url ?? ''], { execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: FromChild) => this.waiting?.(message));
    this.ready = this.next('ready').then((message) => message.firstMs);
  }

  async run(ops: number): Promise<void> {
    const ran = this.next('ran');
    this.child.send({ ops });
    const { micros } = await ran;
    // The first batch sizes the rounds; only the rounds are compared.
    if (this.calls > 0) this.samples.push(micros / ops);
    this.calls += ops;
  }

  async finish(): Promise<ChildReport> {
    const report = this.next('report');
    this.child.send({ ops: 0, report: true });
    return report;
  }

  kill(): void {
    this.child.kill();
  }

  private next<K extends FromChild['kind']>(kind: K): Promise<Extract<FromChild, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`B12 child "${this.name}" sent no "${kind}" within ${CHILD_MS} ms`)), CHILD_MS);
      const exited = (code: number | null): void => reject(new Error(`B12 child "${this.name}" exited (${code}) before sending "${kind}"`));
      this.child.once('exit', exited);
      this.waiting = (message) => {
        if (message.kind !== kind) return;
        clearTimeout(timer);
        this.child.off('exit', exited);
        this.waiting = undefined;
        resolve(message as Extract<FromChild, { kind: K }>);
      };
    });
  }
}

const MISS_CHILD = '--b12-miss-child';

function missChild(url: string): void {
  const warnings: string[] = [];
  process.on('warning', (warning: Error & { code?: string }) => warnings.push(warning.code ?? warning.name));
  configure({ dir: tempDir('remote-miss'), remote: false });
  const miss = cachedSync('remoteMiss', (n) => smallValue(n));
  link(miss.fn, miss.site);
  let n = 0;
  // The store's modules load on the first miss: warmed up before the remote is configured.
  for (let k = 0; k < 50; k++) miss.fn(n++);
  let firstMs = 0;
  if (url !== '') {
    configure({ remote: { url, prefix: PREFIX } });
    const start = performance.now();
    miss.fn(n++);
    firstMs = performance.now() - start;
  }
  const base = cacheInfo(miss.fn);
  process.send!({ kind: 'ready', firstMs });
  process.on('message', (message: { ops: number; report?: boolean }) => {
    const start = process.hrtime.bigint();
    for (let k = 0; k < message.ops; k++) miss.fn(n++);
    const micros = Number(process.hrtime.bigint() - start) / 1e3;
    if (message.report !== true) return void process.send!({ kind: 'ran', micros });
    const info = cacheInfo(miss.fn);
    process.send!({ kind: 'report', misses: info.misses - base.misses, remoteHits: info.remoteHits ?? 0, warnings });
  });
  process.on('disconnect', () => process.exit(0));
}

function row(what: string, f: Figures): Row {
  return { id: 'B12', what, unit: 'µs/call', median: f.median, min: f.min, max: f.max };
}

if (require.main === module && process.argv[2] === MISS_CHILD) missChild(process.argv[3] ?? '');
