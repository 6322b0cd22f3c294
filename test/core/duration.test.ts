import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { daysToMs, DEFAULT_MAX_AGE_MS, parseDuration } from '../../core/duration';

const DAY = 86_400_000;

const parsed: Array<[text: string, ms: number | undefined]> = [
  ['3', 3 * DAY],
  ['0.5', DAY / 2],
  ['.5', DAY / 2],
  ['0', 0],
  ['30s', 30_000],
  ['15m', 900_000],
  ['12h', 43_200_000],
  ['3d', 3 * DAY],
  ['-1', undefined],
  ['3x', undefined],
  ['1.', undefined],
  ['', undefined],
  ['3 d', undefined],
  ['1e3', undefined],
];

for (const [text, ms] of parsed) {
  test(`duration: ${JSON.stringify(text)} → ${ms}`, () => {
    assert.is(parseDuration(text), ms);
  });
}

test('duration: days to milliseconds, and the default', () => {
  assert.is(daysToMs(2), 2 * DAY);
  assert.is(daysToMs(0), 0);
  assert.is(daysToMs(-1), undefined);
  assert.is(daysToMs(Number.NaN), undefined);
  assert.is(daysToMs(Infinity), undefined);
  assert.is(DEFAULT_MAX_AGE_MS, 7 * DAY);
});

test.run();
