// Child process of the glob hang test (test/unit/configFiles.test.ts): times matchesAny on `*a*a…*b` globs
// against a 55-character name of `a`s and prints {stars: ms}. Run apart so a regression can be killed.

import * as path from 'node:path';
import { matchesAny } from '../../server/src/node/configFiles';

const base = path.resolve('/repo');
const file = path.join(base, `${'a'.repeat(55)}`);
const REPEATS = Number(process.argv[2] ?? 2000);
const timings: Record<number, number> = {};
for (const stars of [8, 16, 32]) {
  const glob = `${'*a'.repeat(stars - 1)}*b`;
  let best = Infinity;
  for (let trial = 0; trial < 5; trial++) {
    const globs = [glob]; // a new list each trial: compiling is timed too
    const start = process.hrtime.bigint();
    for (let i = 0; i < REPEATS; i++) {
      if (matchesAny(globs, file, base, true)) throw new Error(`${glob} cannot match ${file}`);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  timings[stars] = best;
}
process.stdout.write(JSON.stringify(timings));
