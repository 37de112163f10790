// A short, deterministic fuzz run inside `npm test` (the long run is `npm run fuzz`).

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkConfigInvariant, checkInvariants, extremeInputs, loadCorpus, mutate, prng } from '../support/fuzz';
import { testData } from '../support/data';
import type { Finding } from '../../server/src/engine/types';

const ROOT = path.join(__dirname, '..', '..');

test('1,200 mutated fixtures: no crash, ranges inside, fixes apply and re-lint', () => {
  const corpus = loadCorpus(ROOT);
  assert.ok(corpus.length >= 2);
  const r = prng(20261121);
  const failures: string[] = [];
  for (let i = 0; i < 1200 && failures.length < 5; i++) {
    const seed = corpus[i % corpus.length]!;
    let text = seed.text;
    for (let m = 0, n = 1 + Math.floor(r() * 3); m < n; m++) text = mutate(text, r, seed.kind);
    const problem = checkInvariants(text, seed.kind, testData());
    if (problem) failures.push(`${problem}\n--- input (${seed.kind}) ---\n${JSON.stringify(text.slice(0, 400))}`);
  }
  assert.deepEqual(failures, []);
});

test('extreme inputs (deep nesting, 1 MB strings, long lines) are handled', () => {
  for (const input of extremeInputs()) {
    assert.equal(checkInvariants(input.text, input.kind, testData(), false), undefined, input.name);
  }
});

test('the invariant checker catches broken findings, crashes and bad fixes', () => {
  // A checker that cannot fail would make the whole fuzz run meaningless.
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const finding = (start: number, end: number, edits: { start: number; end: number; newText: string }[] = []): Finding => ({
    ruleId: 'iam/x', severity: 'error', messageId: 'x', message: 'm', start, end, range, fix: { title: 'f', edits: edits.map((e) => ({ ...e, range })) }, suggestions: [],
  });
  assert.match(checkInvariants('abc', 'iam-policy', testData(), true, () => [finding(0, 9)]) ?? '', /outside/);
  assert.match(checkInvariants('abc', 'iam-policy', testData(), true, () => [finding(0, 1, [{ start: 0, end: 2, newText: '' }, { start: 1, end: 3, newText: '' }])]) ?? '', /overlapping/);
  assert.match(checkInvariants('abc', 'iam-policy', testData(), true, () => { throw new Error('boom'); }) ?? '', /threw/);
  assert.match(checkInvariants('abc', 'iam-policy', testData(), true, () => [{ ...finding(0, 0), ruleId: 'grantcheck/internal', suggestions: [] }]) ?? '', /internal/);
  assert.equal(checkInvariants('abc', 'iam-policy', testData(), true, () => [finding(0, 1)]), undefined);
  const r = prng(1);
  const mutated = new Set(Array.from({ length: 50 }, () => mutate('{"Statement":[]}', r, 'iam-policy')));
  assert.ok(mutated.size > 20, 'mutations vary');
});

test('config parsing survives mutated configs', () => {
  const r = prng(7);
  const base = '{"rules":{"iam/json-syntax":"warning"},"ignore":["build/"],"policyTypes":[{"files":"b/*.json","type":"resource"}],"profiles":[{"files":"x.json","profile":"p","values":{"a":"b"}}]}';
  for (let i = 0; i < 1000; i++) {
    const text = mutate(mutate(base, r, 'iam-policy'), r, 'iam-policy');
    assert.equal(checkConfigInvariant(text), undefined, text);
  }
});
