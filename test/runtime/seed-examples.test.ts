// The seed README's examples (cache_to_disk for Python), in TypeScript against this package's
// public API, with a real TCP server on 127.0.0.1 standing in for whois.verisign-grs.com.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { readdirSync, existsSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheToDisk, cacheInfo, deleteDiskCachesForFunction, deleteOldDiskCaches, NoCacheCondition } from '../../runtime/index';
import { functionDir, versionRoot } from '../../runtime/store/layout';
import { freshCache } from './support';

let cache: ReturnType<typeof freshCache>;
let server: Server;
let port = 0;
let requests = 0;
let failMidway = false;

test.before.each(async () => {
  cache = freshCache('seed');
  requests = 0;
  failMidway = false;
  server = createServer((socket: Socket) => {
    requests++;
    socket.once('data', (query) => {
      socket.write(`Domain Name: ${query.toString().trim().toUpperCase()}\r\n`);
      if (failMidway) {
        // A spurious failure after part of the answer: the connection is reset.
        setTimeout(() => socket.resetAndDestroy(), 30);
        return;
      }
      socket.end('Registrar: Example Registrar, Inc.\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

test.after.each(async () => {
  await new Promise((resolve) => server.close(resolve));
  cache.done();
});

/** Reads the whole answer; on a mid-answer failure, returns what arrived without caching it. */
function tcpQuery(host: string, portNumber: number, query: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(portNumber, host, () => socket.write(query));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', () => reject(new NoCacheCondition(Buffer.concat(chunks))));
  });
}

test('my_function: cached for 3 days', () => {
  let runs = 0;
  const myFunction = cacheToDisk(3)(function myFunction() {
    runs++;
    const toReturn: number[] = [];
    for (let i = 0; i < 300; i++) for (let j = 0; j < i; j++) toReturn.push(i * j ** 0.23);
    return toReturn;
  });
  const first = myFunction();
  assert.equal(myFunction(), first);
  assert.is(runs, 1);
});

test('runtime accounting: 4 calls, 1 request reaches the server, 3 hits and 1 miss', async () => {
  const queryRegistrar = cacheToDisk(3)(async function queryRegistrar(host: string, portNumber: number, query: Uint8Array) {
    return tcpQuery(host, portNumber, query);
  });
  const query = Buffer.from('test.com\r\n');
  const answers: Buffer[] = [];
  for (let i = 0; i < 4; i++) answers.push(await queryRegistrar('127.0.0.1', port, query));
  assert.is(requests, 1);
  for (const answer of answers) {
    assert.ok(Buffer.isBuffer(answer));
    assert.is(answer.toString(), 'Domain Name: TEST.COM\r\nRegistrar: Example Registrar, Inc.\r\n');
  }
  assert.equal(cacheInfo(queryRegistrar), { hits: 3, misses: 1, nocache: 0 });
  assert.equal(queryRegistrar.cacheInfo(), { hits: 3, misses: 1, nocache: 0 });
});

test('nocache: a failure midway returns the partial answer and stores nothing', async () => {
  failMidway = true;
  const queryRegistrar = cacheToDisk(3, { id: 'seed#queryRegistrarFlaky' })(async function queryRegistrar(host: string, portNumber: number, query: Uint8Array) {
    return tcpQuery(host, portNumber, query);
  });
  const query = Buffer.from('test.com\r\n');
  for (let i = 0; i < 4; i++) {
    const answer = await queryRegistrar('127.0.0.1', port, query);
    assert.is(answer.toString(), 'Domain Name: TEST.COM\r\n');
  }
  assert.is(requests, 4, 'nothing was stored, so every call asked the server');
  assert.equal(cacheInfo(queryRegistrar), { hits: 0, misses: 4, nocache: 4 });
  assert.not.ok(existsSync(functionDir(versionRoot(cache.dir), 'seed#queryRegistrarFlaky')));
});

test('delete_disk_caches_for_function and delete_old_disk_caches', () => {
  const myFunction = cacheToDisk(3)(function myFunction(n: number) {
    return n;
  });
  myFunction(1);
  myFunction(2);
  assert.is(deleteDiskCachesForFunction('myFunction'), 2);
  assert.is(deleteOldDiskCaches(), 0);
  myFunction(1);
  assert.equal(myFunction.cacheInfo(), { hits: 0, misses: 3, nocache: 0 });
  assert.ok(readdirSync(versionRoot(cache.dir)).length > 0);
});

test.run();
