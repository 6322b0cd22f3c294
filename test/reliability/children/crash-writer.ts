// A writer that is killed with SIGKILL at a random instant: it stores 1–5 MB results (sync and
// async writes) under keys of its own fingerprint as fast as it can, so most instants fall inside
// a write. It prints its fingerprint first, so the verifier knows which keys it may have written.
//
// usage: node crash-writer.js <fingerprint> <keys>
import { call, site } from '../../../runtime/compiled';
import { crashValue } from '../crash-values';

const fingerprint = process.argv[2]!;
const keys = Number(process.argv[3] ?? 8);
const syncSite = site({ id: 'test/reliability.ts#crashSync', fingerprint, maxAge: 0 });
const asyncSite = site({ id: 'test/reliability.ts#crashAsync', fingerprint, maxAge: 0, async: true });

async function main(): Promise<void> {
  crashValue(0);
  process.stdout.write(`ready ${fingerprint}\n`);
  for (let n = 0; ; n = (n + 1) % keys) {
    call(syncSite, undefined, [n], (x: number) => crashValue(x));
    await call(asyncSite, undefined, [n], async (x: number) => crashValue(x));
  }
}
void main();
