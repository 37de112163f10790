// `npm run test:e2e`: GrantCheck in real editors — VS Code (code-server + Chromium), Neovim and Emacs — and
// in a git repository's pre-commit hooks.
// Packs the .vsix once and runs each suite; a suite whose prerequisite is missing skips with the
// reason, unless GRANTCHECK_REQUIRE_E2E=1 (CI), where skipping fails the run.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildVsix, root, tempDir } from './e2e/common.mjs';

const SUITES = [
  { name: 'code-server', script: 'scripts/e2e/test-code-server.mjs' },
  { name: 'editors (neovim, emacs)', script: 'scripts/e2e/test-editors.mjs' },
  { name: 'pre-commit hooks', script: 'scripts/e2e/test-pre-commit.mjs' },
];

const base = tempDir('e2e');
const started = Date.now();
const vsix = buildVsix(base);
const results = [];
for (const suite of SUITES) {
  console.log(`\n== e2e: ${suite.name}`);
  const t0 = Date.now();
  const outcomeFile = path.join(base, `outcome-${results.length}`);
  const result = spawnSync(process.execPath, [path.join(root, suite.script)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GRANTCHECK_E2E_VSIX: vsix, GRANTCHECK_E2E_OUTCOME_FILE: outcomeFile },
  });
  const status = result.status ?? 1;
  const outcome = fs.existsSync(outcomeFile) ? fs.readFileSync(outcomeFile, 'utf8') : status === 0 ? 'passed' : 'failed';
  results.push({ name: suite.name, status, outcome, seconds: (Date.now() - t0) / 1000 });
}
fs.rmSync(base, { recursive: true, force: true });

console.log('\n== e2e summary');
for (const r of results) console.log(`  ${r.status === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${r.status === 0 ? r.outcome : 'failed'} (${r.seconds.toFixed(1)} s)`);
console.log(`  total ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
