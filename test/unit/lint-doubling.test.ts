// Doubling an input must not more than ~2.5× its lint time (linear: 2×): one run, a ratio only, on realistic
// generated inputs (a policy whose every statement names its own ARNs, Terraform and CloudFormation files with many
// policies, a SQL script). Measured in a child process started with --expose-gc (a collection before each timing),
// CPU time, fastest of 3 interleaved runs; see test/support/doubling.ts. Absolute times are `npm run bench`'s job.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { nodeEvalArgs } from '../support/childNode';
import { DOUBLING_CASES, MAX_DOUBLING_RATIO, describeDoubling, measureDoubling, type DoublingResult } from '../support/doubling';

const ROOT = path.join(__dirname, '..', '..');

let results: Map<string, DoublingResult> | Error;

before(() => {
  const code = `const { DOUBLING_CASES, measureDoubling } = require('./test/support/doubling.ts');
    for (const c of DOUBLING_CASES) console.log(JSON.stringify(measureDoubling(c)));`;
  const run = spawnSync(process.execPath, ['--expose-gc', ...nodeEvalArgs(code)], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    results = new Error(`measuring failed (${run.status ?? run.signal}): ${run.stderr.slice(-2000)}`);
    return;
  }
  results = new Map(run.stdout.trim().split('\n').map((line) => JSON.parse(line) as DoublingResult).map((r) => [r.name, r]));
});

for (const c of DOUBLING_CASES) {
  test(`doubling the input at most ${MAX_DOUBLING_RATIO}× the lint time: ${c.name}`, () => {
    if (results instanceof Error) throw results;
    const r = results.get(c.name);
    assert.ok(r, 'measured');
    assert.ok(r.ratio <= MAX_DOUBLING_RATIO, describeDoubling(r));
  });
}

test('the doubling check catches a quadratic lint', () => {
  const quadratic = {
    name: 'quadratic',
    make: (n: number) => 'x'.repeat(n),
    n: 3_000,
    lint: (text: string) => {
      let pairs = 0;
      for (let i = 0; i < text.length; i++) for (let j = i; j < text.length; j++) pairs += text.charCodeAt(j) & 1;
      return pairs;
    },
  };
  const r = measureDoubling(quadratic, 3);
  assert.ok(r.ratio > MAX_DOUBLING_RATIO, describeDoubling(r));
});
