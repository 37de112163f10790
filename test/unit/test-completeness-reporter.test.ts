// scripts/test-completeness-reporter.mjs: the record scripts/run-tests.mjs fails a run on when a test process's report
// was cut short (a top-level test that started and never passed or failed).

import assert from 'node:assert/strict';
import { test } from 'node:test';
// @ts-expect-error: a plain JavaScript module of the scripts, without types
import completeness from '../../scripts/test-completeness-reporter.mjs';

interface Event {
  type: string;
  data: { name: string; nesting: number; file?: string };
}

async function record(events: Event[]): Promise<{ started: number; unfinished: string[] }> {
  async function* source(): AsyncGenerator<Event> {
    yield* events;
  }
  let out = '';
  for await (const chunk of (completeness as (s: AsyncIterable<Event>) => AsyncIterable<string>)(source())) out += chunk;
  return JSON.parse(out) as { started: number; unfinished: string[] };
}

const event = (type: string, name: string, nesting = 0, file = 'a.js'): Event => ({ type, data: { name, nesting, file } });

test('a top-level test that started and never ended is listed; passed, failed and nested ones are not', async () => {
  const result = await record([
    event('test:start', 'test/unit/a.test.ts'),
    event('test:start', 'inner', 1),
    event('test:pass', 'test/unit/a.test.ts'),
    event('test:start', 'test/unit/b.test.ts', 0, 'b.js'),
    event('test:fail', 'test/unit/b.test.ts', 0, 'b.js'),
    event('test:start', 'test/unit/c.test.ts', 0, 'b.js'),
    event('test:start', 'never ends either', 1, 'b.js'),
    event('test:diagnostic', 'test/unit/c.test.ts', 0, 'b.js'),
  ]);
  assert.deepEqual(result, { started: 3, unfinished: ['test/unit/c.test.ts'] });
});

test('the same name started twice in one file needs two ends; the same name in another file is another test', async () => {
  const twice = [event('test:start', 'same'), event('test:start', 'same'), event('test:pass', 'same')];
  assert.deepEqual((await record(twice)).unfinished, ['same']);
  assert.deepEqual((await record([...twice, event('test:pass', 'same')])).unfinished, []);
  assert.deepEqual((await record([event('test:start', 'same'), event('test:pass', 'same', 0, 'other.js')])).unfinished, ['same']);
});
