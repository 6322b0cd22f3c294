// The messages between the runtime (main thread) and the thread that talks to Redis (worker.ts).
// Every request carries a sequence number; every reply names the request it answers, so a reply
// that arrives after its caller stopped waiting is recognised and dropped.
import type { MessagePort } from 'node:worker_threads';
import type { EntryTarget } from '../store/write';
import type { RemoteSettings } from './options';

/**
 * A floor on how fast a value travels between this process and Redis, is verified and reaches
 * its caller (about 20 MB/s, far below loopback or a LAN): a large value gets this much extra
 * time to be read or published.
 */
export const TRANSFER_BYTES_PER_MS = 20_000;

/** What a remote entry must be to count as a hit: checked exactly as a local entry is. */
export interface Expected {
  key: string;
  id: string;
  fingerprint: string;
  maxAge: number;
}

export type Request =
  | { op: 'get'; seq: number; name: string; lock: string; expected: Expected; lockWait: number; timeout: number }
  | { op: 'publish'; seq: number; name: string; lock: string; token: string | undefined; folder: string; id: string; parts: Uint8Array[]; ttl: number }
  | { op: 'unlock'; seq: number; lock: string; token: string }
  /** Writes a verified remote entry to the local disk, off the caller's thread. */
  | { op: 'store'; seq: number; target: EntryTarget; entry: Uint8Array }
  | { op: 'delete'; seq: number; folders: string[] | undefined; name: string | undefined };

export type Reply =
  /** The worker runs; `problem` says why it cannot reach Redis at all (no client package). */
  | { seq: 0; kind: 'started'; problem: string | undefined }
  | { seq: number; kind: 'hit'; entry: Uint8Array }
  /** Not in Redis. `token` when this caller now holds the lock and should compute. */
  | { seq: number; kind: 'miss'; token: string | undefined; lock: string; rejected: string | undefined }
  /**
   * Redis is answering and the caller may wait `ms` more: another process holds the lock and
   * computes the value, or the value is large and on its way.
   */
  | { seq: number; kind: 'waiting'; ms: number }
  | { seq: number; kind: 'down'; reason: string }
  | { seq: number; kind: 'done'; count: number };

export interface WorkerData {
  settings: RemoteSettings;
  port: MessagePort;
  signal: SharedArrayBuffer;
}
