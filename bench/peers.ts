// The other disk caches a TypeScript user would reach for, each used as its README shows for
// memoizing: look the key up, and on a miss compute, store and return. Loaded from bench/'s own
// node_modules; their types are declared here, only as far as this file uses them, so the
// repository type-checks without bench/ installed.
import { serialize, deserialize } from 'node:v8';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { smallValue, tempDir, type SmallValue } from './fixture';
import { benchRequire, benchRoot, versionOf } from './paths';

export interface Peer {
  /** Package name and version. */
  readonly name: string;
  /** What a reader of the table needs to know about how the peer stores. */
  readonly note?: string;
  /** Whether a hit is served from memory (the whole store is read when it opens), not from disk. */
  readonly inMemory?: boolean;
  /** Whether a miss returns before its value is written (a batched write follows). */
  readonly writesLater?: boolean;
  memoSync?(n: number): SmallValue;
  memoAsync?(n: number): Promise<SmallValue>;
  /** How many times a body has run: a hit must not run it. */
  readonly executions: () => number;
  /** Resolves once writes the peer still has pending are done (before its directory is removed). */
  settle?(): Promise<void>;
}

interface FileSystemCache {
  getSync(key: string): unknown;
  setSync(key: string, value: unknown): unknown;
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
}
interface FlatCache {
  getKey(key: string): unknown;
  setKey(key: string, value: unknown): void;
  save(noPrune?: boolean): void;
}
interface NodePersist {
  init(): Promise<unknown>;
  getItem(key: string): Promise<unknown>;
  setItem(key: string, value: unknown): Promise<unknown>;
}
interface Cacache {
  get(cache: string, key: string): Promise<{ data: Buffer }>;
  put(cache: string, key: string, data: Buffer): Promise<unknown>;
}
interface KeyvInstance {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<unknown>;
}
interface MemoizeFs {
  default(options: { cachePath: string }): { fn<F extends (...args: never) => unknown>(fn: F): Promise<(...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>> };
}

/** A counter of body executions and the body itself. */
function body(): { run: (n: number) => SmallValue; executions: () => number } {
  let count = 0;
  return { run: (n) => (count++, smallValue(n)), executions: () => count };
}

/** Every package a peer comes from, for the header of the output. */
export const PEER_PACKAGES = ['cacache', 'file-system-cache', 'flat-cache', 'keyv', 'keyv-file', 'memoize-fs', 'node-persist'];

/** The notes on how peers store, printed under the table for rows marked `*`. */
export function peerNotes(): string[] {
  return [
    'flat-cache, keyv-file: one JSON file per cache, read whole into memory when opened, so a hit is a lookup in memory;',
    '  flat-cache rewrites the whole file on every save; keyv-file batches writes (100 ms): its miss returns before anything is on disk.',
    'cacache stores bytes: its values go through v8.serialize / v8.deserialize here.',
  ];
}

const key = (n: number): string => `k${n}`;

export async function openPeers(): Promise<Peer[]> {
  return [fileSystemCache(), flatCache(), await nodePersist(), cacache(), keyvFile(), await memoizeFs()];
}

function fileSystemCache(): Peer {
  const { default: Cache } = benchRequire('file-system-cache') as { default: (options: { basePath: string }) => FileSystemCache };
  const cache = Cache({ basePath: tempDir('fsc') });
  const b = body();
  return {
    name: `file-system-cache ${versionOf('file-system-cache')}`,
    executions: b.executions,
    memoSync(n) {
      let value = cache.getSync(key(n)) as SmallValue | undefined;
      if (value === undefined) cache.setSync(key(n), (value = b.run(n)));
      return value;
    },
    async memoAsync(n) {
      let value = (await cache.get(key(n))) as SmallValue | undefined;
      if (value === undefined) await cache.set(key(n), (value = b.run(n)));
      return value;
    },
  };
}

function flatCache(): Peer {
  const { create } = benchRequire('flat-cache') as { create(options: { cacheId: string; cacheDir: string }): FlatCache };
  const cache = create({ cacheId: 'bench', cacheDir: tempDir('flat') });
  const b = body();
  return {
    name: `flat-cache ${versionOf('flat-cache')}`,
    note: 'one JSON file, loaded whole into memory; every save rewrites it',
    inMemory: true,
    executions: b.executions,
    memoSync(n) {
      let value = cache.getKey(key(n)) as SmallValue | undefined;
      if (value === undefined) {
        cache.setKey(key(n), (value = b.run(n)));
        cache.save(true);
      }
      return value;
    },
  };
}

async function nodePersist(): Promise<Peer> {
  const persist = benchRequire('node-persist') as { create(options: { dir: string; expiredInterval: number }): NodePersist };
  // No background sweep: it would outlive the temporary directory.
  const storage = persist.create({ dir: tempDir('persist'), expiredInterval: 0 });
  await storage.init();
  const b = body();
  return {
    name: `node-persist ${versionOf('node-persist')}`,
    executions: b.executions,
    async memoAsync(n) {
      let value = (await storage.getItem(key(n))) as SmallValue | undefined;
      if (value === undefined) await storage.setItem(key(n), (value = b.run(n)));
      return value;
    },
  };
}

function cacache(): Peer {
  const store = benchRequire('cacache') as Cacache;
  const dir = tempDir('cacache');
  const b = body();
  return {
    name: `cacache ${versionOf('cacache')}`,
    executions: b.executions,
    async memoAsync(n) {
      try {
        return deserialize((await store.get(dir, key(n))).data) as SmallValue;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      const value = b.run(n);
      await store.put(dir, key(n), serialize(value));
      return value;
    },
  };
}

const KEYV_FILE_WRITE_DELAY_MS = 100;

function keyvFile(): Peer {
  const { Keyv } = benchRequire('keyv') as { Keyv: new (options: { store: unknown }) => KeyvInstance };
  const { KeyvFile } = benchRequire('keyv-file') as { KeyvFile: new (options: { filename: string; writeDelay?: number }) => unknown };
  const keyv = new Keyv({ store: new KeyvFile({ filename: join(tempDir('keyv'), 'cache.json') }) });
  const b = body();
  return {
    name: `keyv ${versionOf('keyv')} + keyv-file ${versionOf('keyv-file')}`,
    note: 'one JSON file, loaded whole into memory; writes are batched (100 ms)',
    inMemory: true,
    writesLater: true,
    executions: b.executions,
    settle: () => new Promise((resolve) => setTimeout(resolve, KEYV_FILE_WRITE_DELAY_MS * 3)),
    async memoAsync(n) {
      let value = (await keyv.get(key(n))) as SmallValue | undefined;
      // keyv-file resolves set() only after its batched write (100 ms later); a memoizer would
      // not make its caller wait for that.
      if (value === undefined) void keyv.set(key(n), (value = b.run(n)));
      return value;
    },
  };
}

// memoize-fs ships ES modules only, so it is imported rather than required.
async function memoizeFs(): Promise<Peer> {
  const url = pathToFileURL(join(benchRoot, 'node_modules', 'memoize-fs', 'dist', 'index.js')).href;
  const { default: memoizer } = (await import(url)) as MemoizeFs;
  const b = body();
  const memoized = await memoizer({ cachePath: tempDir('memoize-fs') }).fn(async (n: number) => b.run(n));
  return {
    name: `memoize-fs ${versionOf('memoize-fs')}`,
    executions: b.executions,
    memoAsync: (n) => memoized(n),
  };
}

/** Runs each peer's memo twice on a fresh key; throws unless the value is right and the second call was a hit. */
export async function validatePeer(peer: Peer, n: number, expectEqual: (who: string, a: unknown, b: unknown) => void): Promise<void> {
  for (const mode of ['sync', 'async'] as const) {
    const memo = mode === 'sync' ? peer.memoSync?.bind(peer) : peer.memoAsync?.bind(peer);
    if (memo === undefined) continue;
    const before = peer.executions();
    const first = await memo(n);
    const second = await memo(n);
    expectEqual(`${peer.name} (${mode}, miss)`, first, smallValue(n));
    expectEqual(`${peer.name} (${mode}, hit)`, second, smallValue(n));
    if (peer.executions() !== before + 1) throw new Error(`${peer.name} (${mode}) ran the body ${peer.executions() - before} times for one key`);
    n++;
  }
}
