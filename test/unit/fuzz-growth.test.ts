// Smoke run of the growth fuzzer inside `npm test` (small sizes): lint time grows at most linearly for every
// adversarial input family (one test each). `npm run fuzz` runs the same generators at larger sizes.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeGrowth, GROWTH_GENERATORS, MAX_GROWTH_RATIO, measureGrowth, type GrowthOptions, type GrowthResult } from '../support/growth';
import { evalGuarded } from '../support/guard';

const SMOKE: GrowthOptions = { minMs: 4, maxSize: 400_000, repetitions: 2, rounds: 3 };

let results: Map<string, GrowthResult> | Error;

before(() => {
  // In a child process with a deadline: a generator that makes the engine hang (exponential backtracking)
  // fails every test below, with the results measured before it, instead of hanging the suite.
  try {
    const out = evalGuarded(
      `const { measureAllGrowth } = require('./test/support/growth.ts');
       measureAllGrowth(${JSON.stringify(SMOKE)}, (r) => console.log(JSON.stringify(r)));`,
      300_000,
    );
    results = new Map(out.trim().split('\n').map((line) => JSON.parse(line) as GrowthResult).map((r) => [r.name, r]));
  } catch (error) {
    results = error as Error;
  }
});

for (const generator of GROWTH_GENERATORS) {
  test(`linear growth: ${generator.name}`, () => {
    if (results instanceof Error) throw results;
    const r = results.get(generator.name);
    assert.ok(r, 'measured');
    assert.ok(r.ratio <= MAX_GROWTH_RATIO, `time(8n) / time(n) above ${MAX_GROWTH_RATIO}: ${describeGrowth(r)}`);
  });
}

test('the growth check catches a quadratic lint', () => {
  // A check that cannot fail would make the smoke run meaningless: a deliberately quadratic "lint" must fail it.
  const quadratic = {
    name: 'quadratic',
    make: (n: number) => 'x'.repeat(n),
    lint: (text: string) => {
      let pairs = 0;
      for (let i = 0; i < text.length; i++) for (let j = i; j < text.length; j += 1) pairs += text.charCodeAt(j) & 1;
      return pairs;
    },
  };
  // Fastest of 4: contention inflates the small run most, and a quadratic (×64) sits close to the bound (×48).
  const r = measureGrowth(quadratic, { minMs: 8, maxSize: 400_000, repetitions: 4, rounds: 1 });
  assert.ok(r.ratio > MAX_GROWTH_RATIO, describeGrowth(r));
});
