// Timing: contenders of one case run in alternation (A B C A B C …), so load from the other
// processes on a shared machine lands on all of them alike. Each round times a batch of
// operations and yields one per-operation figure. The first round warms up and sizes each
// contender's batch to about `roundMs`, so a contender 100 times slower than another does not
// take 100 times as long.

/** One way of doing a case's operation; `run(ops)` performs it `ops` times. */
export interface Contender {
  readonly name: string;
  run(ops: number): void | Promise<void>;
}

export interface Figures {
  median: number;
  min: number;
  max: number;
}

/** Per-operation microseconds of every contender, by name. */
export async function alternate(contenders: readonly Contender[], rounds: number, roundMs: number, warmUpOps = 5): Promise<Map<string, Figures>> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const batch = new Map<string, number>();
  for (const contender of contenders) {
    const micros = await timeBatch(contender, warmUpOps);
    batch.set(contender.name, Math.max(1, Math.min(MAX_OPS, Math.round((roundMs * 1e3) / micros))));
  }
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) samples.get(contender.name)!.push(await timeBatch(contender, batch.get(contender.name)!));
  }
  return new Map([...samples].map(([name, values]) => [name, figures(values)]));
}

const MAX_OPS = 5000;

/** Microseconds per operation over `ops` operations. */
async function timeBatch(contender: Contender, ops: number): Promise<number> {
  const start = process.hrtime.bigint();
  const pending = contender.run(ops);
  if (pending !== undefined) await pending;
  return Number(process.hrtime.bigint() - start) / 1e3 / ops;
}

export function figures(values: readonly number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** How much work each case gets: `--quick` trades precision for a run under 30 seconds. */
export interface Plan {
  quick: boolean;
  rounds: number;
  /** Entries in the large store of B4 and B8. */
  manyEntries: number;
  /** Child processes per contender in B8. */
  starts: number;
  /** Compiles per contender in B9 and B10. */
  compiles: number;
  /** Size of the large value (B5) and the large argument (B11), in bytes. */
  largeBytes: number;
  /** Milliseconds each contender spends per round. */
  roundMs: number;
  /** Only corpus files under this folder of rxjs/src (B9, B10), or all of them. */
  corpusFolder: string | undefined;
}

export function plan(quick: boolean): Plan {
  return quick
    ? { quick, rounds: 5, manyEntries: 5_000, starts: 6, compiles: 1, largeBytes: 32 * 1024 * 1024, roundMs: 10, corpusFolder: 'internal/util' }
    : { quick, rounds: 31, manyEntries: 100_000, starts: 20, compiles: 5, largeBytes: 100 * 1024 * 1024, roundMs: 20, corpusFolder: undefined };
}
