// The thread that talks to Redis for the runtime. A sync cached function cannot await a socket,
// so its main thread posts a request here and blocks on a shared counter for at most the tier's
// timeout; async functions await the same replies for what their own read-only connection
// (direct.ts) does not do: the lock on a miss. Publishing, deleting and writing remote hits to
// the local disk happen here too, off the caller's thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { Redis } from 'ioredis';
import { payloadOffset } from '../store/entry';
import { writeEntrySync } from '../store/write';
import { createClient } from './client';
import { deleteEntries, fetchEntry, peek, publishEntry, releaseLock, takeLock, verified, type Fetched } from './operations';
import { TRANSFER_BYTES_PER_MS, type Reply, type Request, type WorkerData } from './protocol';

const { settings, port, signal } = workerData as WorkerData;
const LARGE_VALUE_BYTES = 256 * 1024;
const counter = new Int32Array(signal);
const client = createClient(settings, 'cache-to-disk');

function reply(message: Reply): void {
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

// 'started' goes out once the first connection attempt is decided (ready, refused, or still
// pending after the tier's timeout), so the first call of a process can use a Redis that is
// there without waiting on one that is not.
void firstAttempt().then(() => reply({ seq: 0, kind: 'started', problem: typeof client === 'string' ? client : undefined }));

if (typeof client !== 'string') {
  port.on('message', (request: Request) => {
    handle(client, request).then(
      (message) => reply(message),
      (error: unknown) => reply({ seq: request.seq, kind: 'down', reason: reasonOf(error) }),
    );
  });
}

async function handle(redis: Redis, request: Request): Promise<Reply> {
  if (request.op === 'store') return storeLocally(request);
  await connected(redis);
  switch (request.op) {
    case 'get':
      return get(redis, request);
    case 'publish':
      await publishEntry(redis, settings.prefix, request, settings.secret);
      return { seq: request.seq, kind: 'done', count: 1 };
    case 'unlock':
      await releaseLock(redis, request.lock, request.token);
      return { seq: request.seq, kind: 'done', count: 0 };
    case 'delete':
      return { seq: request.seq, kind: 'done', count: await deleteEntries(redis, settings.prefix, request.folders, request.name) };
  }
}

async function get(redis: Redis, request: Extract<Request, { op: 'get' }>): Promise<Reply> {
  const { seq, name, lock, expected } = request;
  // The size comes back first, in the same round trip: a large value gets the time its transfer
  // and checks need, so the timeout bounds a Redis that does not answer, not one that does.
  const size = redis.strlen(name);
  const stored = redis.getBuffer(name);
  // When Redis fails, the size's rejection is the one reported; this one must not go unhandled.
  stored.catch(() => undefined);
  const bytes = await size;
  if (bytes > LARGE_VALUE_BYTES) reply({ seq, kind: 'waiting', ms: request.timeout + bytes / TRANSFER_BYTES_PER_MS });
  let fetched = await fetchEntry(stored, expected, settings.secret);
  if (fetched.kind === 'hit') return { seq, kind: 'hit', entry: fetched.entry };
  const rejected = fetched.kind === 'rejected' ? fetched.reason : undefined;
  let token = await takeLock(redis, lock, request.lockWait);
  if (token !== undefined || request.lockWait === 0) return { seq, kind: 'miss', token, lock, rejected };
  reply({ seq, kind: 'waiting', ms: request.lockWait + request.timeout });
  // Another process is computing this key: look again, more slowly each time, until its value
  // lands, its lock goes (it failed or did not store; then compute here), or the wait runs out.
  const deadline = Date.now() + request.lockWait;
  for (let pause = 2; Date.now() < deadline; pause = Math.min(pause * 2, 50)) {
    await sleep(Math.min(pause, deadline - Date.now()));
    const seen = await peek(redis, name, lock);
    fetched = seen.stored === null ? { kind: 'absent' } : verified(seen.stored, expected, settings.secret);
    if (fetched.kind === 'hit') return { seq, kind: 'hit', entry: fetched.entry };
    if (!seen.locked) {
      token = await takeLock(redis, lock, request.lockWait);
      if (token !== undefined) return { seq, kind: 'miss', token, lock, rejected: rejectedReason(fetched) ?? rejected };
    }
  }
  return { seq, kind: 'miss', token: undefined, lock, rejected: rejectedReason(fetched) ?? rejected };
}

// A failure only means the next call asks Redis again; the local store reports its own faults
// when a caller writes.
function storeLocally(request: Extract<Request, { op: 'store' }>): Reply {
  const entry = Buffer.from(request.entry.buffer, request.entry.byteOffset, request.entry.byteLength);
  try {
    const at = payloadOffset(entry);
    writeEntrySync(request.target, entry.subarray(0, at), entry.subarray(at));
    return { seq: request.seq, kind: 'done', count: 1 };
  } catch {
    return { seq: request.seq, kind: 'done', count: 0 };
  }
}

function rejectedReason(fetched: Fetched): string | undefined {
  return fetched.kind === 'rejected' ? fetched.reason : undefined;
}

function firstAttempt(): Promise<void> {
  if (typeof client === 'string') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      for (const event of ['ready', 'close', 'end']) client.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, settings.timeout);
    for (const event of ['ready', 'close', 'end']) client.once(event, done);
  });
}

function connected(redis: Redis): Promise<void> {
  return redis.status === 'ready' ? Promise.resolve() : Promise.reject(new Error(`not connected (${redis.status})`));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

parentPort?.unref();
