// The main thread's end of the worker (worker.ts): requests out, replies in, and the waits on
// them. A sync caller blocks on a counter the worker bumps after every reply (Atomics.wait), then
// takes the replies off the port synchronously; an async caller awaits the same replies. Every
// wait has a deadline, so a stalled worker or Redis costs a caller at most its bound.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { RemoteSettings } from './options';
import type { Reply, Request } from './protocol';

type Started = Extract<Reply, { kind: 'started' }>;
export type Answer = Exclude<Reply, { kind: 'started' | 'waiting' }>;
/** A request without its sequence number, which the channel assigns. */
export type Outgoing = Request extends infer R ? (R extends Request ? Omit<R, 'seq'> : never) : never;

export class Channel {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter: Int32Array;
  private readonly handlers = new Map<number, (reply: Reply) => void>();
  private nextSeq = 1;
  private held = 0;
  started: Started | undefined;
  /** Why the worker stopped, once it has: every request then fails at once. */
  stopped: string | undefined;

  /**
   * `onLate` receives answers that came after their caller stopped waiting, so a lock taken for
   * a caller that gave up can be let go.
   */
  constructor(settings: RemoteSettings, private readonly onLate: (answer: Answer) => void) {
    const signal = new SharedArrayBuffer(4);
    this.counter = new Int32Array(signal);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // No execArgv: loaders the app runs under (tsx, a register hook) have nothing to do there.
    this.worker = new Worker(workerFile(), {
      workerData: { settings, port: port2, signal },
      transferList: [port2],
      execArgv: [],
    });
    this.worker.on('error', (error) => (this.stopped ??= error.message));
    this.worker.on('exit', (code) => {
      this.stopped ??= `its thread exited with code ${code}`;
      for (const handler of [...this.handlers.values()]) handler({ seq: 0, kind: 'down', reason: this.stopped });
    });
    this.worker.unref();
    port1.on('message', (reply: Reply) => this.dispatch(reply));
    port1.unref();
  }

  /** Waits, blocking, until the worker has started or `ms` pass. */
  waitStartedSync(ms: number): Started | undefined {
    const deadline = performance.now() + ms;
    for (;;) {
      if (this.stopped !== undefined) return { seq: 0, kind: 'started', problem: this.stopped };
      const seen = Atomics.load(this.counter, 0);
      this.drain();
      const left = deadline - performance.now();
      if (this.started !== undefined || left <= 0) return this.started;
      Atomics.wait(this.counter, 0, seen, left);
    }
  }

  async waitStarted(ms: number): Promise<Started | undefined> {
    const deadline = performance.now() + ms;
    while (this.started === undefined && this.stopped === undefined && performance.now() < deadline) await delay(Math.min(5, deadline - performance.now()));
    return this.stopped !== undefined ? { seq: 0, kind: 'started', problem: this.stopped } : this.started;
  }

  /**
   * Sends `request` and blocks for its answer for at most `ms`; a 'waiting' reply (Redis answers,
   * and the rest takes longer) moves the deadline to the time it names. `undefined` on timeout.
   */
  requestSync(request: Outgoing, ms: number): Answer | undefined {
    if (this.stopped !== undefined) return { seq: 0, kind: 'down', reason: this.stopped };
    let answer: Answer | undefined;
    let deadline = performance.now() + ms;
    const seq = this.send(request, (reply) => {
      if (reply.kind === 'waiting') deadline = performance.now() + reply.ms;
      else answer = reply as Answer;
    });
    try {
      for (;;) {
        const seen = Atomics.load(this.counter, 0);
        this.drain();
        const left = deadline - performance.now();
        if (answer !== undefined || left <= 0) return answer;
        Atomics.wait(this.counter, 0, seen, left);
      }
    } finally {
      this.handlers.delete(seq);
    }
  }

  /** {@link requestSync} for async callers. */
  request(request: Outgoing, ms: number): Promise<Answer | undefined> {
    if (this.stopped !== undefined) return Promise.resolve({ seq: 0, kind: 'down', reason: this.stopped });
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const finish = (answer: Answer | undefined): void => {
        clearTimeout(timer);
        this.handlers.delete(seq);
        resolve(answer);
      };
      const seq = this.send(request, (reply) => {
        if (reply.kind !== 'waiting') return finish(reply as Answer);
        clearTimeout(timer);
        timer = setTimeout(finish, reply.ms, undefined);
      });
      timer = setTimeout(finish, ms, undefined);
    });
  }

  /**
   * Sends `request` without waiting; the process stays alive until it is answered or `ms` pass,
   * so a result computed just before exit still reaches Redis.
   */
  post(request: Outgoing, ms: number): void {
    if (this.stopped !== undefined) return;
    if (this.held++ === 0) this.worker.ref();
    let timer: NodeJS.Timeout | undefined = undefined;
    const release = (): void => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      this.handlers.delete(seq);
      if (--this.held === 0) this.worker.unref();
    };
    const seq = this.send(request, (reply) => reply.kind !== 'waiting' && release());
    timer = setTimeout(release, ms);
    timer.unref();
  }

  close(): void {
    void this.worker.terminate();
  }

  private send(request: Outgoing, handler: (reply: Reply) => void): number {
    const seq = this.nextSeq++;
    this.handlers.set(seq, handler);
    this.port.postMessage({ ...request, seq });
    return seq;
  }

  private drain(): void {
    for (let received = receiveMessageOnPort(this.port); received !== undefined; received = receiveMessageOnPort(this.port)) {
      this.dispatch(received.message as Reply);
    }
  }

  private dispatch(reply: Reply): void {
    if (reply.kind === 'started') this.started = reply;
    else {
      const handler = this.handlers.get(reply.seq);
      if (handler !== undefined) handler(reply);
      else if (reply.kind !== 'waiting') this.onLate(reply);
    }
  }
}

// The worker is its own file beside this module; when the runtime is loaded from one bundled
// file (dist/runtime/bundle.js), it sits in remote/ below it.
function workerFile(): string {
  const beside = join(__dirname, 'worker.js');
  return existsSync(beside) ? beside : join(__dirname, 'remote', 'worker.js');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
