// Runs one compiled exec file in a fresh Node process against a given cache directory and
// returns what it passed to exec-kit's `report`. Processes are queued so that at most two run at
// once: the fixture suite starts hundreds, and the machines it must stay fast on have two cores.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODULE_ENV, REPORT_ENV, RUN_ENV } from './exec-kit';

export interface RunOptions {
  /** CACHE_TO_DISK_DIR of the process. */
  cacheDir: string;
  /** The run number exec-kit exposes as `run`. */
  run: number;
  /** The module kind exec-kit exposes as `moduleKind`. */
  module: 'cjs' | 'esm';
  /** @default 20000 */
  timeoutMs?: number;
}

const MAX_PARALLEL = Math.max(1, Math.min(2, availableParallelism()));
let running = 0;
const waiting: Array<() => void> = [];

/**
 * Resolves to the parsed report; rejects with the exit status and stderr when the process fails,
 * times out, or exits without reporting.
 *
 * @example
 * const stats = await runNode('/tmp/ctd-x/forms/arrow/out/tsc/exec.js', { cacheDir, run: 1, module: 'cjs' });
 */
export async function runNode(file: string, options: RunOptions): Promise<unknown> {
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await spawnOnce(file, options);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function spawnOnce(file: string, { cacheDir, run, module, timeoutMs = 20_000 }: RunOptions): Promise<unknown> {
  const reportDir = mkdtempSync(join(tmpdir(), 'ctd-report-'));
  const reportFile = join(reportDir, 'report.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CACHE_TO_DISK_DIR: cacheDir,
    [RUN_ENV]: String(run),
    [MODULE_ENV]: module,
    [REPORT_ENV]: reportFile,
  };
  delete env.CACHE_TO_DISK;
  delete env.NODE_DEBUG;

  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], { env, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
      try {
        if (error) {
          const status = error.killed ? `timed out after ${timeoutMs} ms` : `exited with ${error.code ?? error.signal}`;
          reject(childFailure(`run ${run} of ${file} ${status}`, stderr));
          return;
        }
        let text: string;
        try {
          text = readFileSync(reportFile, 'utf8');
        } catch {
          reject(childFailure(`run ${run} of ${file} exited 0 without calling report()`, stderr));
          return;
        }
        resolve(JSON.parse(text));
      } finally {
        rmSync(reportDir, { recursive: true, force: true });
      }
    });
  });
}

/**
 * The child's stderr is the whole story; the harness's own stack is not. uvu prints an error's
 * message and then its stack from the second line on, so the stack is cut to one line.
 */
function childFailure(what: string, stderr: string): Error {
  const error = new Error(`${what}:\n${stderr.trim().split('\n').slice(-40).join('\n')}`);
  error.stack = `Error: ${what}`;
  return error;
}
