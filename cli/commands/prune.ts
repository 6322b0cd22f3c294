// `cache-to-disk prune`: what the runtime does in the background on first use, on demand —
// driven step by step here so a long prune can show its progress.
import type { Command, CommandContext, Report } from '../command';
import { pruneSteps } from '../../runtime/store/prune';

export const prune: Command = {
  name: 'prune',
  args: '',
  summary: 'remove expired entries, invalid files and temporary files left by interrupted writes',
  maxArgs: 0,
  writes: true,
  run(context: CommandContext): Report {
    const removed = context.exists ? pruneAll(context) : 0;
    const files = `${removed} ${removed === 1 ? 'file' : 'files'}`;
    return {
      json: { dir: context.dir, removed },
      text: `Pruned ${files} (expired entries, invalid files and stray temporary files) from ${context.dir}.\n`,
    };
  },
};

function pruneAll(context: CommandContext): number {
  const progress = context.progress('pruning');
  const steps = pruneSteps(context.root, context.now);
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      progress.tick();
    }
  } finally {
    progress.done();
  }
}
