#!/usr/bin/env node
// The `cache-to-disk` bin. Each command is one module in commands/; listing it here is all it
// takes to dispatch it and to show it in --help.
import type { Command } from './command';
import { clear } from './commands/clear';
import { doctor } from './commands/doctor';
import { ls } from './commands/ls';
import { prune } from './commands/prune';
import { stats } from './commands/stats';
import { run } from './run';

export const commands: readonly Command[] = [stats, ls, clear, prune, doctor];

// Run only as the bin, so tests can drive `run(commands, argv, io)` in their own process.
if (require.main === module) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  void run(commands, process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
