// The shared tier against a real redis-server: child processes with separate cache directories
// stand in for machines of a team or CI fleet (SPEC §10).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { compileTsc } from '../helpers/compile-tsc';
import { startRedis, startSilentServer, type RedisServer } from '../helpers/redis-server';
import { runChild } from '../runtime/support';
import { Fleet } from './support';

let server: RedisServer;
let fleet: Fleet;
let redis: Redis;
let env: Record<string, string>;

test.before.each(async () => {
  server = await startRedis();
  fleet = new Fleet();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  // A generous bound: these tests are about sharing, and a loaded CI machine can take longer
  // than the 50 ms default to answer. The silent-server test sets the default back.
  env = { CACHE_TO_DISK_REMOTE: server.url, CACHE_TO_DISK_REMOTE_PREFIX: 'test:', CACHE_TO_DISK_REMOTE_TIMEOUT: '2000' };
});
test.after.each(async () => {
  redis.disconnect();
  await server.stop();
  fleet.remove();
});

function entryFiles(dir: string): number {
  let count = 0;
  const walk = (path: string): void => {
    for (const item of readdirSync(path, { withFileTypes: true })) {
      if (item.isDirectory()) walk(`${path}/${item.name}`);
      else if (/^[0-9a-f]{62}$/.test(item.name)) count++;
    }
  };
  walk(dir);
  return count;
}

async function entryNames(): Promise<string[]> {
  return (await redis.keys('test:v1:*')).filter((name) => /^test:v1:[0-9a-f]{32}:[0-9a-f]{64}$/.test(name));
}

test('a result computed on one machine is a hit on another, sync and async', async () => {
  const plan = [
    { fn: 'square' as const, args: [3] },
    { fn: 'squareAsync' as const, args: [4] },
  ];
  const a = await fleet.run('a', plan, env);
  assert.is(a.code, 0, a.stderr);
  assert.equal(a.info.square, { hits: 0, misses: 1, nocache: 0, remoteHits: 0, remoteRejected: 0 });
  assert.is((await entryNames()).length, 2);

  const b = await fleet.run('b', plan, env);
  assert.is(b.code, 0, b.stderr);
  assert.equal(b.calls[0]!.value, a.calls[0]!.value);
  assert.equal(b.calls[1]!.value, { n: 4, square: 16 });
  assert.equal(b.info.square, { hits: 1, misses: 0, nocache: 0, remoteHits: 1, remoteRejected: 0 });
  assert.equal(b.info.squareAsync, { hits: 1, misses: 0, nocache: 0, remoteHits: 1, remoteRejected: 0 });
  assert.equal(fleet.runs(), ['square 3', 'squareAsync 4']);

  // The remote hit was written to b's own disk: with Redis emptied, b still hits, locally.
  assert.is(entryFiles(fleet.cacheDir('b')), 2);
  await redis.flushall();
  const again = await fleet.run('b', plan, env);
  assert.equal(again.info.square, { hits: 1, misses: 0, nocache: 0, remoteHits: 0, remoteRejected: 0 });
  assert.equal(fleet.runs().length, 2);
});

test('a project compiled by tspc shares its tagged functions across machines', async () => {
  const src = join(fleet.project, 'src');
  mkdirSync(src);
  writeFileSync(
    join(src, 'main.ts'),
    [
      "import { appendFileSync } from 'node:fs';",
      '/** @cacheToDisk 3 */',
      'export function slowFib(n: number): number {',
      "  appendFileSync(process.env.RUNS_LOG!, `slowFib ${n}\\n`);",
      '  return n < 2 ? n : fib(n - 1) + fib(n - 2);',
      '}',
      'function fib(n: number): number {',
      '  return n < 2 ? n : fib(n - 1) + fib(n - 2);',
      '}',
      '/** @cacheToDisk 3 */',
      'export async function lookup(host: string): Promise<{ host: string; length: number }> {',
      "  appendFileSync(process.env.RUNS_LOG!, `lookup ${host}\\n`);",
      '  return { host, length: host.length };',
      '}',
      'void lookup("example.org").then((found) => {',
      '  const fib = slowFib(25);',
      '  const info = (slowFib as unknown as { cacheInfo(): unknown }).cacheInfo();',
      '  const lookupInfo = (lookup as unknown as { cacheInfo(): unknown }).cacheInfo();',
      '  console.log(JSON.stringify({ fib, found, info, lookupInfo }));',
      '});',
    ].join('\n'),
  );
  const compiled = compileTsc({ root: src, outDir: join(fleet.project, 'out'), compilerOptions: { types: ['node'] } });
  assert.equal(compiled.diagnostics, []);
  const machine = (name: string) =>
    runChild(fleet.project, 'out/main.js', { ...env, CACHE_TO_DISK_DIR: fleet.cacheDir(name), RUNS_LOG: fleet.runsLog });
  const a = await machine('a');
  assert.is(a.code, 0, a.stderr);
  const b = await machine('b');
  assert.is(b.code, 0, b.stderr);
  const first = JSON.parse(a.stdout);
  const second = JSON.parse(b.stdout);
  assert.equal(second.fib, 75025);
  assert.equal(second.found, first.found);
  assert.equal(first.info, { hits: 0, misses: 1, nocache: 0, remoteHits: 0, remoteRejected: 0 });
  assert.equal(second.info, { hits: 1, misses: 0, nocache: 0, remoteHits: 1, remoteRejected: 0 });
  assert.equal(second.lookupInfo, { hits: 1, misses: 0, nocache: 0, remoteHits: 1, remoteRejected: 0 });
  assert.equal(fleet.runs().sort(), ['lookup example.org', 'slowFib 25']);
});

test('remote entries carry the TTL of their remaining lifetime and lapse on both tiers', async () => {
  const a = await fleet.run('a', [{ fn: 'brief', args: [1] }, { fn: 'square', args: [1] }], env);
  assert.is(a.code, 0, a.stderr);
  const ttls: Record<string, number> = {};
  for (const name of await entryNames()) ttls[name] = await redis.pttl(name);
  const sorted = Object.values(ttls).sort((x, y) => x - y);
  assert.ok(sorted[0]! > 0 && sorted[0]! <= 2000, `brief: ${sorted[0]} ms left`);
  assert.ok(sorted[1]! > 86_000_000 && sorted[1]! <= 86_400_000, `square: ${sorted[1]} ms left`);

  await new Promise((resolve) => setTimeout(resolve, 2100));
  assert.is((await entryNames()).length, 1, 'the 2 s entry is gone from Redis');
  const again = await fleet.run('a', [{ fn: 'brief', args: [1] }], env);
  assert.equal(again.info.brief, { hits: 0, misses: 1, nocache: 0, remoteHits: 0, remoteRejected: 0 }, 'expired on a\'s disk and in Redis');
  const b = await fleet.run('b', [{ fn: 'brief', args: [1] }], env);
  assert.equal(b.info.brief!.remoteHits, 1, 'the fresh result is shared again');
  assert.equal(fleet.runs().filter((run) => run === 'brief 1').length, 2);
});

test('several machines racing on one cold key run the body once', async () => {
  const slow = [{ fn: 'square' as const, args: [7, 1500] }];
  const slowAsync = [{ fn: 'squareAsync' as const, args: [8, 1500] }];
  const racers = await Promise.all(['a', 'b', 'c', 'd'].map((machine, i) => fleet.run(machine, i % 2 === 0 ? [...slow, ...slowAsync] : [...slowAsync, ...slow], env)));
  for (const run of racers) {
    assert.is(run.code, 0, run.stderr);
    assert.equal(run.calls.find((call) => call.fn === 'square')!.value.square, 49);
    assert.equal(run.calls.find((call) => call.fn === 'squareAsync')!.value, { n: 8, square: 64 });
  }
  // On failure, what each machine saw: which bodies ran, how long each call took, and its stats.
  const story = racers.map((run, i) => `${'abcd'[i]}: ${run.calls.map((call) => `${call.fn} ${Math.round(call.ms)} ms`).join(', ')} ${JSON.stringify(run.info)} ${run.warnings.join(' ')}`);
  assert.equal(fleet.runs().sort(), ['square 7', 'squareAsync 8'], `bodies run: ${fleet.runs().join(', ')}\n${story.join('\n')}`);
  const remoteHits = racers.reduce((sum, run) => sum + run.info.square!.remoteHits! + run.info.squareAsync!.remoteHits!, 0);
  assert.is(remoteHits, 6);
});

test('a machine whose lock holder fails computes the value itself', async () => {
  // A lock nobody releases: its holder died. Waiters give up when the lock lapses.
  const first = await fleet.run('a', [{ fn: 'square', args: [5] }], env);
  const name = (await entryNames())[0]!;
  const key = name.slice(name.lastIndexOf(':') + 1);
  await redis.flushall();
  await redis.set(`test:v1:lock:${key}`, 'someone', 'PX', 2500);
  const b = await fleet.run('b', [{ fn: 'square', args: [5] }], env);
  assert.is(b.code, 0, b.stderr);
  assert.is(b.calls[0]!.value.square, 25);
  assert.ok(b.calls[0]!.ms >= 1000, `waited for the lock (${b.calls[0]!.ms} ms)`);
  assert.equal(first.info.square!.misses + b.info.square!.misses, 2);
});

test('Redis killed with SIGKILL mid-run: every call returns the right value, and sharing resumes after restart', async () => {
  const plan = [];
  for (let i = 0; i < 60; i++) plan.push({ fn: 'square' as const, args: [i] }, { wait: 50 });
  // Ten more calls well after the restart, when the remote is in use again.
  plan.push({ wait: 6000 });
  for (let i = 60; i < 70; i++) plan.push({ fn: 'square' as const, args: [i] });
  const running = fleet.run('a', plan, env);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await server.kill();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await server.restart();
  const a = await running;
  assert.is(a.code, 0, a.stderr);
  assert.is(a.calls.length, 70);
  for (const call of a.calls) assert.is(call.value.square, (call.args[0] as number) ** 2);
  assert.is(a.warnings.length, 1, a.stderr);
  assert.match(a.stderr, /not answering/);

  // Redis came back empty; results computed after the restart are in it and shared again.
  const shared = await entryNames();
  assert.ok(shared.length >= 10, `${shared.length} published after the restart`);
  const b = await fleet.run('b', plan.filter((step) => step.fn !== undefined), env);
  assert.is(b.code, 0, b.stderr);
  assert.is(b.info.square!.remoteHits, shared.length);
  assert.ok(b.calls.slice(-10).every((call) => call.value.square === (call.args[0] as number) ** 2));
});

test('a Redis that stalls mid-run (SIGSTOP) costs at most the timeout per call, and is used again when it resumes', async () => {
  const plan = [];
  for (let i = 0; i < 40; i++) plan.push({ fn: 'square' as const, args: [i] }, { wait: 50 });
  // Ten more calls well after the stall, when the remote is in use again.
  plan.push({ wait: 6000 });
  for (let i = 40; i < 50; i++) plan.push({ fn: 'square' as const, args: [i] });
  const running = fleet.run('a', plan, { ...env, CACHE_TO_DISK_REMOTE_TIMEOUT: '50' });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  server.pause();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  server.resume();
  const a = await running;
  assert.is(a.code, 0, a.stderr);
  assert.is(a.calls.length, 50);
  for (const call of a.calls) assert.is(call.value.square, (call.args[0] as number) ** 2);
  assert.is(a.warnings.length, 1, a.stderr);
  const worst = Math.max(...a.calls.slice(1).map((call) => call.ms));
  assert.ok(worst < 50 + 1000, `slowest call ${worst.toFixed(0)} ms`);
  const b = await fleet.run('b', plan.filter((step) => step.fn !== undefined).slice(-10), env);
  assert.is(b.info.square!.remoteHits, 10, 'results computed after the stall were published');
});

test('a Redis that accepts connections and never answers costs at most the timeout per call', async () => {
  const silent = await startSilentServer();
  try {
    const plan = [];
    for (let i = 0; i < 20; i++) plan.push({ fn: 'square' as const, args: [i] }, { fn: 'squareAsync' as const, args: [i] });
    const a = await fleet.run('a', plan, { CACHE_TO_DISK_REMOTE: silent.url, CACHE_TO_DISK_REMOTE_TIMEOUT: '50' }, 30_000);
    assert.is(a.code, 0, a.stderr);
    for (const call of a.calls) assert.is(call.value.square, (call.args[0] as number) ** 2);
    assert.is(a.warnings.length, 1, a.stderr);
    // The first call also waits for the client's thread to start; every later call is bounded
    // by the 50 ms timeout (generous slack for a loaded machine, never the client's 5 s).
    const later = a.calls.slice(1);
    const worst = Math.max(...later.map((call) => call.ms));
    assert.ok(worst < 50 + 1000, `slowest call ${worst.toFixed(0)} ms`);
    const total = later.reduce((sum, call) => sum + call.ms, 0);
    assert.ok(total < later.length * 50 + 2000, `${later.length} calls took ${total.toFixed(0)} ms`);
  } finally {
    await silent.close();
  }
});

test('with a secret, entries with a missing or wrong signature are ignored, counted and warned about once', async () => {
  const signed = { ...env, CACHE_TO_DISK_SECRET: 'fleet-secret' };
  await fleet.run('a', [{ fn: 'square', args: [2] }, { fn: 'square', args: [3] }, { fn: 'square', args: [4] }], signed);
  const names = (await entryNames()).sort();
  assert.is(names.length, 3);
  const values = await Promise.all(names.map((name) => redis.getBuffer(name)));
  for (const value of values) assert.is(value!.subarray(0, 4).toString('latin1'), 'CTDS');
  // 1: unsigned (the bare entry), 2: signed with another secret (garbage MAC), 3: a signed
  // entry of another key copied over this one.
  await redis.set(names[0]!, values[0]!.subarray(36));
  const forged = Buffer.from(values[1]!);
  forged.fill(7, 4, 36);
  await redis.set(names[1]!, forged);
  await redis.set(names[2]!, values[0]!);

  const b = await fleet.run('b', [{ fn: 'square', args: [2] }, { fn: 'square', args: [3] }, { fn: 'square', args: [4] }], signed);
  assert.is(b.code, 0, b.stderr);
  assert.equal(b.calls.map((call) => call.value.square), [4, 9, 16]);
  assert.equal(b.info.square, { hits: 0, misses: 3, nocache: 0, remoteHits: 0, remoteRejected: 3 });
  assert.is(b.warnings.length, 1, b.stderr);
  assert.match(b.stderr, /ignored an entry/);

  // Without a secret the remote is trusted as the local disk is: the unsigned entry is used.
  await redis.set(names[0]!, values[0]!.subarray(36));
  const c = await fleet.run('c', [{ fn: 'square', args: [2] }], env);
  assert.equal(c.info.square!.remoteHits, 1);
});

test('corrupted remote entries are refused even without a secret', async () => {
  await fleet.run('a', [{ fn: 'square', args: [6] }], env);
  const name = (await entryNames())[0]!;
  const value = (await redis.getBuffer(name))!;
  value[value.length - 10] ^= 0xff;
  await redis.set(name, value);
  const b = await fleet.run('b', [{ fn: 'square', args: [6] }], env);
  assert.is(b.code, 0, b.stderr);
  assert.is(b.calls[0]!.value.square, 36);
  assert.equal(b.info.square, { hits: 0, misses: 1, nocache: 0, remoteHits: 0, remoteRejected: 1 });
  assert.match(b.stderr, /checksum mismatch/);
});

test('large values cross machines intact', async () => {
  const a = await fleet.run('a', [{ fn: 'series', args: [64] }], env);
  assert.is(a.code, 0, a.stderr);
  const b = await fleet.run('b', [{ fn: 'series', args: [64] }], env);
  assert.is(b.code, 0, b.stderr);
  assert.equal(b.calls[0]!.value, a.calls[0]!.value);
  assert.equal(b.calls[0]!.value.length, 64 * 131072);
  assert.is(b.info.series!.remoteHits, 1);
});

test('clearDiskCache and deleteDiskCachesForFunction reach the shared tier', async () => {
  await fleet.run('a', [{ fn: 'square', args: [1] }, { fn: 'square', args: [2] }, { fn: 'squareAsync', args: [1] }], env);
  assert.is((await entryNames()).length, 3);
  const forget = await fleet.run('b', [{ forget: 'square' }], env);
  assert.equal(forget.lines[0], { deleted: 2 }, 'b has nothing locally; both remote entries of square went');
  assert.is((await entryNames()).length, 1);
  const clear = await fleet.run('a', [{ clear: true }], env);
  assert.equal(clear.lines[0], { cleared: 4 }, 'three entries on a\'s disk, squareAsync in Redis');
  assert.equal(await entryNames(), []);
  const c = await fleet.run('c', [{ fn: 'square', args: [1] }], env);
  assert.is(c.info.square!.misses, 1);
});

test('prefixes keep projects apart on one Redis', async () => {
  await fleet.run('a', [{ fn: 'square', args: [9] }], { ...env, CACHE_TO_DISK_REMOTE_PREFIX: 'one:' });
  const other = await fleet.run('b', [{ fn: 'square', args: [9] }], { ...env, CACHE_TO_DISK_REMOTE_PREFIX: 'two:' });
  assert.is(other.info.square!.remoteHits, 0);
  const same = await fleet.run('c', [{ fn: 'square', args: [9] }], { ...env, CACHE_TO_DISK_REMOTE_PREFIX: 'one:' });
  assert.is(same.info.square!.remoteHits, 1);
});

test.run();
