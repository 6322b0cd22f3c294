// The shared tier's settings: environment, configure(), defaults and the errors a user can hit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configure } from '../../runtime/config';
import { CacheToDiskUsageError } from '../../runtime/errors';
import { redactedUrl, remoteSettings } from '../../runtime/remote/options';

const URL = 'redis://127.0.0.1:6379';

test('no URL anywhere: no shared tier', () => {
  assert.is(remoteSettings(undefined, {}), undefined);
  assert.is(remoteSettings(false, { CACHE_TO_DISK_REMOTE: URL }), undefined, 'false turns an environment setting off');
});

test('from the environment, with defaults', () => {
  const name = (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { name: string }).name;
  assert.equal(remoteSettings(undefined, { CACHE_TO_DISK_REMOTE: ` ${URL} ` }), {
    url: URL,
    prefix: `ctd:${name}:`,
    timeout: 50,
    lockWait: 10_000,
    secret: undefined,
  });
  assert.equal(
    remoteSettings(undefined, { CACHE_TO_DISK_REMOTE: URL, CACHE_TO_DISK_REMOTE_PREFIX: 'team:', CACHE_TO_DISK_REMOTE_TIMEOUT: '120', CACHE_TO_DISK_SECRET: 's3' }),
    { url: URL, prefix: 'team:', timeout: 120, lockWait: 10_000, secret: 's3' },
  );
});

test('configure() options win over the environment', () => {
  const env = { CACHE_TO_DISK_REMOTE: 'redis://elsewhere:1', CACHE_TO_DISK_REMOTE_PREFIX: 'env:', CACHE_TO_DISK_SECRET: 'env' };
  assert.equal(remoteSettings({ url: URL, prefix: 'mine:', timeout: 0, lockWait: 100, secret: 'mine' }, env), {
    url: URL,
    prefix: 'mine:',
    timeout: 0,
    lockWait: 100,
    secret: 'mine',
  });
  assert.equal(remoteSettings('rediss://h:6380/2', env)?.prefix, 'env:', 'a URL alone keeps the other settings');
});

test('bad settings are usage errors that name the setting and show a valid form, without the password', () => {
  const attempt = (remote: unknown): CacheToDiskUsageError => {
    try {
      configure({ remote: remote as string });
    } catch (error) {
      return error as CacheToDiskUsageError;
    }
    throw new Error(`configure({ remote: ${String(remote)} }) did not throw`);
  };
  const http = attempt('http://user:hunter2@cache:6379');
  assert.instance(http, CacheToDiskUsageError);
  assert.is(http.code, 'CTD_BAD_OPTIONS');
  assert.match(http.message, /configure\(\{ remote \}\) expects a Redis URL such as redis:\/\/localhost:6379/);
  assert.not.match(http.message, /hunter2/);
  assert.match(attempt({ url: URL, timeout: -1 }).message, /timeout is a number of milliseconds/);
  assert.match(attempt({ url: URL, prefix: 7 }).message, /prefix must be a string/);
  assert.throws(() => remoteSettings(undefined, { CACHE_TO_DISK_REMOTE: URL, CACHE_TO_DISK_REMOTE_TIMEOUT: 'soon' }), /CACHE_TO_DISK_REMOTE_TIMEOUT is a number of milliseconds, got "soon"/);
  configure({ remote: undefined });
});

test('redactedUrl hides passwords only', () => {
  assert.is(redactedUrl('redis://:pw@host:6379/1'), 'redis://:***@host:6379/1');
  assert.is(redactedUrl('redis://host:6379'), 'redis://host:6379');
});

test.run();
