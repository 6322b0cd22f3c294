// The command line with a shared tier (SPEC §10), against a real redis-server filled by real
// child processes that call cacheToDisk() functions: stats counts what Redis holds, clear
// removes it, doctor checks it answers, and an unreachable Redis gives the documented messages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { freePort, startRedis, startSilentServer, type RedisServer } from '../helpers/redis-server';
import { Fleet, type Step } from '../remote/support';
import { functionFolder } from '../../runtime/store/layout';
import { cli, cliJson } from './support';

interface RemoteRow {
  id: string;
  folder: string;
  entries: number;
  bytes: number;
}

interface StatsJson {
  functions: { id: string; entries: number }[];
  remote: { url: string; prefix: string; functions: RemoteRow[]; totals: { functions: number; entries: number; bytes: number } } | { url: string; prefix: string; error: string };
}

interface ClearJson {
  removed: number;
  functions: { id: string; removed: number }[];
  remote: { url: string; prefix: string; removed: number } | { url: string; prefix: string; error: string };
}

const PREFIX = 'test:';
const ENTRY = /^(.*)v1:([0-9a-f]{32}):[0-9a-f]{64}$/;

let server: RedisServer;
let fleet: Fleet;
let redis: Redis;

test.before.each(async () => {
  server = await startRedis();
  fleet = new Fleet();
  redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
});
test.after.each(async () => {
  redis.disconnect();
  await server.stop();
  fleet.remove();
});

/** Runs machine "a" with three `square` results and one `squareAsync` result, published under `prefix` (null: the default). */
async function fill(prefix: string | null = PREFIX): Promise<void> {
  const env: Record<string, string> = { CACHE_TO_DISK_REMOTE: server.url, ...(prefix === null ? {} : { CACHE_TO_DISK_REMOTE_PREFIX: prefix }) };
  const plan: Step[] = [1, 2, 3].map((n) => ({ fn: 'square', args: [n] }));
  plan.push({ fn: 'squareAsync', args: [4] });
  const run = await fleet.run('a', plan, env);
  assert.is(run.code, 0, run.stderr);
}

/** What Redis holds under `prefix`, per function: read with plain commands, not the library's. */
async function inRedis(prefix: string): Promise<RemoteRow[]> {
  const ids = await redis.hgetall(`${prefix}v1:ids`);
  const rows = new Map<string, RemoteRow>();
  for (const name of await redis.keys(`${prefix}v1:*`)) {
    const match = ENTRY.exec(name);
    if (match === null || match[1] !== prefix) continue;
    const folder = match[2]!;
    const row = rows.get(folder) ?? { id: ids[folder] ?? `(no id) ${folder}`, folder, entries: 0, bytes: 0 };
    row.entries++;
    row.bytes += (await redis.getBuffer(name))!.length;
    rows.set(folder, row);
  }
  return [...rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

const remoteArgs = (): string[] => ['--remote', server.url, '--prefix', PREFIX];

test('stats --json: entries and bytes per function as Redis holds them, and totals', async () => {
  await fill();
  const expected = await inRedis(PREFIX);
  assert.equal(expected.map((row) => row.entries), [3, 1]);
  const json = await cliJson<StatsJson>(['stats', '--dir', fleet.cacheDir('a'), ...remoteArgs()]);
  assert.equal(json.functions.map((fn) => fn.entries), [3, 1], 'the local part is still there');
  assert.equal(json.remote, {
    url: server.url,
    prefix: PREFIX,
    functions: expected,
    totals: { functions: 2, entries: 4, bytes: expected[0]!.bytes + expected[1]!.bytes },
  });
  assert.ok(expected.every((row) => !row.id.startsWith('(no id)')), 'every published function recorded its id');
});

test('stats: the shared cache section after the local table, with a total row', async () => {
  await fill();
  const [square, squareAsync] = await inRedis(PREFIX);
  const result = await cli(['stats', '--dir', fleet.cacheDir('a'), ...remoteArgs()]);
  assert.is(result.code, 0, result.stderr);
  const [local, remote] = result.stdout.split(`\nShared cache: ${server.url} (prefix "${PREFIX}")\n\n`);
  assert.ok(local!.startsWith(`Cache directory: ${fleet.cacheDir('a')}\n`), result.stdout);
  const lines = remote!.trimEnd().split('\n');
  assert.match(lines[0]!, /^FUNCTION +ENTRIES +SIZE$/);
  assert.match(lines[1]!, new RegExp(`^${escape(square!.id)} +3 +\\d`));
  assert.match(lines[2]!, new RegExp(`^${escape(squareAsync!.id)} +1 +\\d+ B$`));
  assert.match(lines[3]!, /^-+$/);
  assert.match(lines[4]!, /^total \(2 functions\) +4 +\d/);
  assert.is(lines.length, 5);
});

test('without --prefix the CLI uses the prefix the runtime uses in the same project', async () => {
  await fill(null);
  const expected = await inRedis('ctd:child:');
  assert.is(expected.length, 2);
  const json = await cliJson<StatsJson>(['stats', '--dir', fleet.cacheDir('a')], { cwd: fleet.project, env: { CACHE_TO_DISK_REMOTE: server.url } });
  assert.equal(json.remote, { url: server.url, prefix: 'ctd:child:', functions: expected, totals: { functions: 2, entries: 4, bytes: expected[0]!.bytes + expected[1]!.bytes } });
});

test('clear <name> removes that function from the disk and from Redis, and nothing else', async () => {
  await fill();
  await redis.set('other:v1:0123456789abcdef0123456789abcdef:' + 'a'.repeat(64), 'another project');
  const [square, squareAsync] = await inRedis(PREFIX);
  const result = await cli(['clear', 'square', '--dir', fleet.cacheDir('a'), ...remoteArgs()]);
  assert.is(result.code, 0, result.stderr);
  assert.is(
    result.stdout,
    `Removed 3 entries of ${square!.id} from ${fleet.cacheDir('a')}.\nRemoved 3 entries from the shared cache ${server.url} (prefix "${PREFIX}").\n`,
  );
  assert.equal(await inRedis(PREFIX), [squareAsync]);
  assert.is(await redis.get('other:v1:0123456789abcdef0123456789abcdef:' + 'a'.repeat(64)), 'another project');

  const again = await cliJson<ClearJson>(['clear', 'square', '--dir', fleet.cacheDir('a'), ...remoteArgs()]);
  assert.equal(again, { dir: fleet.cacheDir('a'), removed: 0, functions: [], remote: { url: server.url, prefix: PREFIX, removed: 0 } });
});

test('clear <id> removes exactly that function in Redis, even from a machine that never ran it', async () => {
  await fill();
  const [square, squareAsync] = await inRedis(PREFIX);
  assert.is(square!.folder, functionFolder(square!.id));
  const json = await cliJson<ClearJson>(['clear', squareAsync!.id, '--dir', fleet.cacheDir('b'), ...remoteArgs()]);
  assert.equal(json, { dir: fleet.cacheDir('b'), removed: 0, functions: [], remote: { url: server.url, prefix: PREFIX, removed: 1 } });
  assert.equal(await inRedis(PREFIX), [square]);
});

test('clear with no function empties the prefix, in text and --json counted apart from the disk', async () => {
  await fill();
  await redis.set('other:v1:0123456789abcdef0123456789abcdef:' + 'b'.repeat(64), 'another project');
  const json = await cliJson<ClearJson>(['clear', '--dir', fleet.cacheDir('a'), ...remoteArgs()]);
  assert.is(json.removed, 4, 'local entries');
  assert.equal(json.remote, { url: server.url, prefix: PREFIX, removed: 4 });
  assert.equal(await redis.keys(`${PREFIX}*`), []);
  assert.equal(await redis.keys('other:*'), ['other:v1:0123456789abcdef0123456789abcdef:' + 'b'.repeat(64)]);
  const again = await cli(['clear', '--dir', fleet.cacheDir('a'), ...remoteArgs()]);
  assert.is(again.stdout, `Nothing to remove: no entries in ${fleet.cacheDir('a')}.\nNothing to remove in the shared cache ${server.url} (prefix "${PREFIX}").\n`);
});

test('doctor: the shared cache answers, the client version, whether entries are signed; never the secret', async () => {
  const secret = 'do-not-print-this-secret';
  const url = `redis://:${secret}@127.0.0.1:${server.port}`;
  const signed = await cli(['doctor', '--remote', url], { cwd: fleet.project, env: { CACHE_TO_DISK_SECRET: secret } });
  assert.is(signed.code, 0, signed.stderr);
  assert.not.match(signed.stdout + signed.stderr, secret);
  const version = (require('ioredis/package.json') as { version: string }).version;
  assert.ok(
    signed.stdout.includes(
      `Shared  redis://:***@127.0.0.1:${server.port} (prefix "ctd:child:")\n        answers PING; ioredis ${version}; entries signed (CACHE_TO_DISK_SECRET is set)\n`,
    ),
    signed.stdout,
  );
  const json = await cliJson<{ remote: unknown }>(['doctor', '--remote', server.url, '--prefix', PREFIX], { cwd: fleet.project });
  assert.equal(json.remote, { url: server.url, prefix: PREFIX, client: version, answers: true, secret: false });
});

test('an unreachable Redis: stats says so and exits 0, clear clears the disk and exits 1, doctor names the fix', async () => {
  await fill();
  const url = `redis://127.0.0.1:${await freePort()}`;
  const args = ['--dir', fleet.cacheDir('a'), '--remote', url, '--prefix', PREFIX];
  const where = `${url} (prefix "${PREFIX}")`;

  const stats = await cli(['stats', ...args]);
  assert.is(stats.code, 0, stats.stderr);
  assert.match(stats.stdout, /^Cache directory: /);
  assert.match(stats.stdout, `\nShared cache: ${where}\n\nNot reachable: connect ECONNREFUSED 127.0.0.1:`);
  assert.match(stats.stdout, "The counts above are this machine's disk only; check the URL and that Redis is running.\n");
  const statsJson = await cliJson<StatsJson>(['stats', ...args]);
  assert.equal(statsJson.functions.length, 2);
  assert.equal(Object.keys(statsJson.remote), ['url', 'prefix', 'error']);
  assert.match((statsJson.remote as { error: string }).error, 'ECONNREFUSED');

  const doctor = await cli(['doctor', '--remote', url], { cwd: fleet.project });
  assert.is(doctor.code, 0, doctor.stderr);
  assert.match(doctor.stdout, `Shared  ${url} (prefix "ctd:child:")\n        not reachable: connect ECONNREFUSED`);
  assert.match(doctor.stdout, '        Fix: start Redis, or correct --remote / CACHE_TO_DISK_REMOTE.');

  const clear = await cli(['clear', ...args]);
  assert.is(clear.code, 1);
  assert.is(clear.stdout, `Removed 3 entries of ${(await inRedis(PREFIX))[0]!.id}\nRemoved 1 entry of ${(await inRedis(PREFIX))[1]!.id}\nRemoved 4 entries in total from ${fleet.cacheDir('a')}.\n`);
  assert.match(clear.stderr, `cache-to-disk: the local cache in ${fleet.cacheDir('a')} was cleared, the shared cache at ${where} was not: connect ECONNREFUSED`);
  assert.match(clear.stderr, 'Run clear again once Redis answers.');
  const clearJson = await cli(['clear', ...args, '--json']);
  assert.is(clearJson.code, 1);
  const document = JSON.parse(clearJson.stdout) as ClearJson;
  assert.equal([document.removed, Object.keys(document.remote)], [0, ['url', 'prefix', 'error']]);
  assert.is((await inRedis(PREFIX)).length, 2, 'the real Redis was never touched');
});

test('a Redis that accepts the connection and never answers: stats gives up after its bound', async () => {
  const silent = await startSilentServer();
  try {
    const result = await cli(['stats', '--dir', fleet.cacheDir('a'), '--remote', silent.url]);
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, 'Not reachable: no answer within 5 s.');
  } finally {
    await silent.close();
  }
});

test('--remote and --prefix are checked before anything runs', async () => {
  const bad = await cli(['stats', '--remote', 'http://localhost:6379']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'cache-to-disk: option --remote expects a Redis URL such as redis://localhost:6379');
  const fromEnv = await cli(['stats'], { env: { CACHE_TO_DISK_REMOTE: 'localhost:6379' } });
  assert.is(fromEnv.code, 2);
  assert.match(fromEnv.stderr, 'cache-to-disk: CACHE_TO_DISK_REMOTE expects a Redis URL');
  const missing = await cli(['stats', '--remote']);
  assert.match(missing.stderr, 'option --remote needs a Redis URL: --remote redis://host:port[/db].');
  const alone = await cli(['clear', '--prefix', 'x:']);
  assert.is(alone.code, 2);
  assert.match(alone.stderr, 'option --prefix needs a shared cache: pass --remote <url> or set CACHE_TO_DISK_REMOTE.');
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.run();
