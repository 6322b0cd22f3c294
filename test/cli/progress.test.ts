import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Progress } from '../../cli/progress';

function stream(isTTY: boolean): { written: string[]; stream: NodeJS.WriteStream } {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => (written.push(text), true) } as unknown as NodeJS.WriteStream };
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

test('on a terminal: silent for the first second, then a count, erased when done', async () => {
  const tty = stream(true);
  const progress = new Progress('reading entry headers', tty.stream);
  progress.tick(1000);
  assert.equal(tty.written, [], 'nothing before one second');
  await sleep(1050);
  progress.tick(300);
  assert.equal(tty.written, ['\rreading entry headers: 1,300 files…\u001b[K']);
  progress.done();
  assert.equal(tty.written.at(-1), '\r\u001b[K');
});

test('not a terminal: never a byte, however long it runs', async () => {
  const pipe = stream(false);
  const progress = new Progress('pruning', pipe.stream);
  await sleep(1050);
  for (let i = 0; i < 5000; i++) progress.tick();
  progress.done();
  assert.equal(pipe.written, []);
});

test.run();
