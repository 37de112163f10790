// Runs every test file (test/**/*.test.ts) with node's test runner.
// Usage: node scripts/run-tests.mjs [substring filter…]
// The test files are bundled first (scripts/build-tests.mjs, ~6 s for all) and run as plain JavaScript with source
// maps; GRANTCHECK_TESTS_TSX=1 runs the TypeScript sources through tsx instead (slower, no build step).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTests, bundleOf, root } from './build-tests.mjs';

const filters = process.argv.slice(2);

function find(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'e2e' ? [] : find(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = find(path.join(root, 'test'))
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

let args;
if (process.env.GRANTCHECK_TESTS_TSX === '1') {
  args = ['--import', 'tsx', '--test', '--test-concurrency=3', ...files];
} else {
  try {
    await buildTests(files);
  } catch (error) {
    console.error(`[grantcheck] bundling the tests failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  args = ['--enable-source-maps', '--test', '--test-concurrency=3', ...files.map((f) => path.relative(root, bundleOf(f)))];
}
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
