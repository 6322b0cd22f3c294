// What a fixture's exec.ts imports as `exec-kit`. The harness copies this compiled file into each
// temporary project's node_modules, so it must stay self-contained: Node built-ins only.
import { writeFileSync } from 'node:fs';

/** Environment variable carrying the run number (1, 2, …) into the exec process. */
export const RUN_ENV = 'CTD_FIXTURE_RUN';
/** Environment variable naming the file `report` writes; stdout when unset. */
export const REPORT_ENV = 'CTD_FIXTURE_REPORT';
/** Environment variable carrying the module kind the exec was compiled to. */
export const MODULE_ENV = 'CTD_FIXTURE_MODULE';

/** Which run on the current cache directory this process is: 1 for the first, 2 for the next. */
export const run: number = Number(process.env[RUN_ENV] ?? '1');

/** The module kind of this build, for the few facts that differ between them without the plugin too. */
export const moduleKind = process.env[MODULE_ENV] === 'esm' ? 'esm' : 'cjs';

let reported = false;

/**
 * Hands the observed stats to the harness, which compares them with the case's `expect.json`.
 * A file rather than stdout by default, so output of the code under test cannot corrupt it.
 *
 * @example
 * report({ square: cacheInfo(square) });
 */
export function report(stats: Record<string, unknown>): void {
  if (reported) throw new Error('exec-kit: report() was called twice; report every stat in one object.');
  reported = true;
  const json = JSON.stringify(stats);
  const file = process.env[REPORT_ENV];
  if (file) writeFileSync(file, json);
  else process.stdout.write(`${json}\n`);
}
