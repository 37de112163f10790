// What `npm run bench` measures of the engine in this process (sections 1, 1b and the engine rows of 2), bundled by
// scripts/bench.ts with the options of the shipped bundles (scripts/bundleOptions.mjs) and loaded from that bundle:
// the code users run, not the TypeScript as tsx runs it (tsx keeps function names by wrapping every closure in a
// `__name` call, ≈ 10–15 % of a large policy's lint; BENCHMARKS.md, eighth pass).

export { lintText } from '../server/src/engine/lint';
export { IamData } from '../server/src/engine/data/iamData';
export { createDataFileReader } from '../server/src/node/iamDataFiles';
export { LintCache } from '../server/src/engine/lintCache';
export { LineIndex } from '../server/src/engine/text';
export { cloudFormationCacheOf } from '../server/src/engine/hosts/lintHost';
export { DOUBLING_CASES, MAX_DOUBLING_RATIO, measureDoubling } from '../test/support/doubling';
