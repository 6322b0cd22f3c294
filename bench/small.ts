// B1–B3 and B6: one small (~1 KB) result per key, hit synchronously, hit asynchronously and
// missed (body + store), by cache-to-disk, by its floors and by every peer that offers the mode.
import { mkdirSync, readFileSync, renameSync, writeFileSync, promises as fsp } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { payloadOffset } from '../runtime/store/entry';
import { functionDir, versionRoot } from '../runtime/store/layout';
import { alternate, type Contender, type Figures, type Plan } from './harness';
import { cachedAsync, cachedSync, entryFiles, expectEqual, smallValue, tempDir, useCacheDir, withMemoryOff, type SmallValue } from './fixture';
import { openPeers, validatePeer, type Peer } from './peers';
import type { Row } from './table';

const KEYS = 100;

// Floors and cache-to-disk are timed before any peer is opened: the peers that keep their whole
// store in memory grow this process's heap, and flat-cache's multi-megabyte rewrites load the
// disk, which would bill cache-to-disk for the peers' costs. The peer groups (B6) time
// cache-to-disk again, beside the peers, so each B6 ratio comes from one group.
export async function smallCases(plan: Plan): Promise<Row[]> {
  const cacheDir = useCacheDir('small');
  let executions = 0;
  const sync = cachedSync('smallSync', (n) => (executions++, smallValue(n)));
  const async = cachedAsync('smallAsync', async (n) => (executions++, smallValue(n)));

  // Validation: every contender returns the right value, and a hit does not run the body.
  for (let n = 0; n < KEYS; n++) {
    expectEqual('cache-to-disk (sync, miss)', sync.fn(n), smallValue(n));
    expectEqual('cache-to-disk (async, miss)', await async.fn(n), smallValue(n));
  }
  for (let n = 0; n < KEYS; n++) {
    expectEqual('cache-to-disk (sync, hit)', sync.fn(n), smallValue(n));
    expectEqual('cache-to-disk (async, hit)', await async.fn(n), smallValue(n));
  }
  if (executions !== 2 * KEYS || sync.site.stats.hits !== KEYS || async.site.stats.hits !== KEYS) {
    throw new Error(`cache-to-disk ran its bodies ${executions} times for ${2 * KEYS} keys`);
  }
  const files = entryFiles(cacheDir);
  const root = versionRoot(cacheDir);
  const syncFiles = files.filter((f) => f.startsWith(`${functionDir(root, sync.site.id)}/`));
  const asyncFiles = files.filter((f) => f.startsWith(`${functionDir(root, async.site.id)}/`));
  if (syncFiles.length !== KEYS || asyncFiles.length !== KEYS) throw new Error(`expected ${KEYS} entries per function, found ${syncFiles.length} and ${asyncFiles.length}`);
  const floorRead = (buf: Buffer): unknown => deserialize(buf.subarray(payloadOffset(buf)));
  for (const file of [...syncFiles, ...asyncFiles]) {
    const value = floorRead(readFileSync(file)) as SmallValue;
    expectEqual('floor', value, smallValue(value.id));
  }

  const syncFloor = cycle('sync floor', (i) => void floorRead(readFileSync(syncFiles[i % KEYS]!)));
  const asyncFloor = cycleAsync('async floor', async (i) => void floorRead(await fsp.readFile(asyncFiles[i % KEYS]!)));
  const oursSyncHit = cycle('cache-to-disk', (i) => void sync.fn(i % KEYS));
  const oursAsyncHit = cycleAsync('cache-to-disk', async (i) => void (await async.fn(i % KEYS)));
  const oursSyncDisk = cycle(DISK, (i) => void sync.fn(i % KEYS));
  const oursAsyncDisk = cycleAsync(DISK, async (i) => void (await async.fn(i % KEYS)));
  await warmMemory(sync.fn, async.fn);
  const b1 = await alternate([syncFloor, oursSyncHit], plan.rounds, plan.roundMs);
  const b2 = await alternate([asyncFloor, syncFloor, oursAsyncHit], plan.rounds, plan.roundMs);
  const b1Disk = await withMemoryOff(() => alternate([syncFloor, oursSyncDisk], plan.rounds, plan.roundMs));
  const b2Disk = await withMemoryOff(() => alternate([asyncFloor, syncFloor, oursAsyncDisk], plan.rounds, plan.roundMs));
  await warmMemory(sync.fn, async.fn);

  const writeDir = tempDir('write-floor');
  for (let s = 0; s < 256; s++) mkdirSync(`${writeDir}/${s.toString(16).padStart(2, '0')}`);
  let fresh = 1e6;
  const writeFloor = cycle('write floor', () => {
    const n = fresh++;
    const shard = `${writeDir}/${(n & 255).toString(16).padStart(2, '0')}`;
    const temp = `${shard}/.tmp-${n}`;
    writeFileSync(temp, serialize(smallValue(n)), { mode: 0o600, flag: 'wx' });
    renameSync(temp, `${shard}/${n}`);
  });
  let misses = 0;
  const before = executions;
  const oursSyncMiss = cycle('cache-to-disk', () => void (misses++, sync.fn(fresh++)));
  const oursAsyncMiss = cycleAsync('cache-to-disk (async)', async () => void (misses++, await async.fn(fresh++)));
  const b3 = await alternate([writeFloor, oursSyncMiss, oursAsyncMiss], plan.rounds, plan.roundMs);

  const peers = await openPeers();
  for (const peer of peers) {
    await validatePeer(peer, 1e9, expectEqual);
    for (let n = 0; n < KEYS; n++) {
      if (peer.memoSync) peer.memoSync(n);
      else await peer.memoAsync!(n);
    }
  }
  const b6hit = await alternate(
    [oursSyncHit, ...peers.filter((p) => p.memoSync).map((p) => cycle(p.name, (i) => void p.memoSync!(i % KEYS)))],
    plan.rounds,
    plan.roundMs,
  );
  const b6async = await alternate(
    [oursAsyncHit, ...peers.filter((p) => p.memoAsync).map((p) => cycleAsync(p.name, async (i) => void (await p.memoAsync!(i % KEYS))))],
    plan.rounds,
    plan.roundMs,
  );
  const b6miss = await alternate(
    [
      oursSyncMiss,
      oursAsyncMiss,
      ...peers.map((p) => (p.memoSync ? cycle(p.name, () => void p.memoSync!(fresh++)) : cycleAsync(p.name, async () => void (await p.memoAsync!(fresh++))))),
    ],
    plan.rounds,
    plan.roundMs,
  );
  if (executions - before !== misses) throw new Error('a B3 miss did not run the body');
  for (const peer of peers) await peer.settle?.();

  return [...hitRows(b1, b2, b1Disk, b2Disk), ...missRows(b3), ...peerRows(b6hit, b6async, b6miss, peers)];
}

const DISK = 'cache-to-disk, memory tier off';

// Every key read from disk and then served from memory once, as in a process that has been
// calling these functions for a while: timing starts in the memory tier's steady state.
function warmMemory(sync: (n: number) => unknown, async: (n: number) => Promise<unknown>): Promise<void> {
  for (let round = 0; round < 3; round++) {
    for (let n = 0; n < KEYS; n++) sync(n);
  }
  return (async () => {
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < KEYS; n++) await async(n);
    }
  })();
}

function cycle(name: string, op: (i: number) => void): Contender {
  let i = 0;
  return {
    name,
    run(ops) {
      for (let k = 0; k < ops; k++) op(i++);
    },
  };
}

function cycleAsync(name: string, op: (i: number) => Promise<void>): Contender {
  let i = 0;
  return {
    name,
    async run(ops) {
      for (let k = 0; k < ops; k++) await op(i++);
    },
  };
}

function row(id: string, what: string, f: Figures, extra: Partial<Row> = {}): Row {
  return { id, what, unit: 'µs/call', median: f.median, min: f.min, max: f.max, ...extra };
}

// Each of B1 and B2 is timed twice, each time against its own floors: with the runtime's defaults
// (repeated hits served from memory), and with the memory tier off (every hit reads the disk, as
// the first hit of a key in a process does).
function hitRows(b1: Map<string, Figures>, b2: Map<string, Figures>, b1Disk: Map<string, Figures>, b2Disk: Map<string, Figures>): Row[] {
  const b1Rows = (group: Map<string, Figures>, name: string, what: string): Row[] => {
    const floor = group.get('sync floor')!;
    const ours = group.get(name)!;
    return [
      row('B1', 'sync floor: readFileSync + v8.deserialize', floor),
      row('B1', what, ours, { ratio: ours.median / floor.median, ratioOf: 'sync floor', target: '≤ 1.3 (stretch ≤ 1.0)', met: ours.median / floor.median <= 1.3 }),
    ];
  };
  const b2Rows = (group: Map<string, Figures>, name: string, what: string): Row[] => {
    const floor = group.get('async floor')!;
    const syncFloor = group.get('sync floor')!;
    const ours = group.get(name)!;
    return [
      row('B2', 'async floor: fs.promises.readFile + v8.deserialize', floor),
      row('B2', 'sync floor (same rounds)', syncFloor),
      row('B2', what, ours, { ratio: ours.median / floor.median, ratioOf: 'async floor', target: '≤ 1.3', met: ours.median / floor.median <= 1.3 }),
      row('B2', what, ours, { ratio: ours.median / syncFloor.median, ratioOf: 'sync floor', target: 'stretch ≤ 2', met: ours.median / syncFloor.median <= 2 }),
    ];
  };
  return [
    ...b1Rows(b1, 'cache-to-disk', 'cache-to-disk, sync hit'),
    ...b1Rows(b1Disk, DISK, `${DISK}: sync hit from disk`),
    ...b2Rows(b2, 'cache-to-disk', 'cache-to-disk, async hit'),
    ...b2Rows(b2Disk, DISK, `${DISK}: async hit from disk`),
  ];
}

function missRows(b3: Map<string, Figures>): Row[] {
  const floor = b3.get('write floor')!;
  const ours = b3.get('cache-to-disk')!;
  const oursAsync = b3.get('cache-to-disk (async)')!;
  return [
    row('B3', 'write floor: v8.serialize + write temp + rename', floor),
    row('B3', 'cache-to-disk, sync miss + store', ours, { ratio: ours.median / floor.median, ratioOf: 'write floor', target: '≤ 1.5', met: ours.median / floor.median <= 1.5 }),
    row('B3', 'cache-to-disk, async miss + store', oursAsync, { ratio: oursAsync.median / floor.median, ratioOf: 'write floor' }),
  ];
}

// Every peer's hits are held to ≥ 1, the ones that answer from memory included; the best disk
// peer's sync hit to ≥ 2. A miss of a peer that returns before anything is on disk (keyv-file's
// batched writes) is printed without a target.
function peerRows(hit: Map<string, Figures>, asyncHit: Map<string, Figures>, miss: Map<string, Figures>, peers: Peer[]): Row[] {
  const rows: Row[] = [];
  const ours1 = hit.get('cache-to-disk')!;
  const ours2 = asyncHit.get('cache-to-disk')!;
  const ours3 = miss.get('cache-to-disk')!;
  const ours3Async = miss.get('cache-to-disk (async)')!;
  const syncPeers = peers.filter((p) => hit.has(p.name));
  const best = Math.min(...syncPeers.filter((p) => !p.inMemory).map((p) => hit.get(p.name)!.median / ours1.median));
  rows.push(row('B6/B1', 'cache-to-disk, sync hit (beside the peers)', ours1));
  for (const p of syncPeers) {
    const ratio = hit.get(p.name)!.median / ours1.median;
    rows.push(row('B6/B1', peerLabel(p, 'sync hit'), hit.get(p.name)!, { ratio, ratioOf: 'cache-to-disk', ...peerTarget(ratio, !p.inMemory && ratio === best ? 2 : 1, !p.inMemory && ratio === best) }));
  }
  rows.push(row('B6/B2', 'cache-to-disk, async hit (beside the peers)', ours2));
  for (const p of peers.filter((p) => asyncHit.has(p.name))) {
    const ratio = asyncHit.get(p.name)!.median / ours2.median;
    rows.push(row('B6/B2', peerLabel(p, 'async hit'), asyncHit.get(p.name)!, { ratio, ratioOf: 'cache-to-disk', ...peerTarget(ratio, 1, false) }));
  }
  rows.push(row('B6/B3', 'cache-to-disk, sync miss (beside the peers)', ours3));
  rows.push(row('B6/B3', 'cache-to-disk, async miss (beside the peers)', ours3Async));
  for (const p of peers) {
    const f = miss.get(p.name)!;
    const base = p.memoSync ? ours3 : ours3Async;
    const ratio = f.median / base.median;
    rows.push(row('B6/B3', peerLabel(p, p.memoSync ? 'sync miss' : 'async miss'), f, { ratio, ratioOf: p.memoSync ? 'cache-to-disk' : 'ours async', ...peerTarget(ratio, p.writesLater ? undefined : 1, false) }));
  }
  return rows;
}

function peerTarget(ratio: number, limit: number | undefined, best: boolean): Partial<Row> {
  if (limit === undefined) return { target: 'none (writes later)' };
  return { target: `≥ ${limit}${best ? ' (best disk peer)' : ''}`, met: ratio >= limit };
}

function peerLabel(peer: Peer, mode: string): string {
  return `${peer.name}, ${mode}${peer.note ? ' *' : ''}`;
}
