// `npm run test:editors`: GrantCheck's language server, taken from the packaged .vsix, in real LSP
// clients — Neovim (built-in client, test/e2e/editors/neovim.lua) and Emacs (eglot, emacs.el).
// Each editor skips when it is not installed, and fails instead when GRANTCHECK_REQUIRE_E2E=1.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Skip, buildVsix, log, requireE2e, root, runSuite, tempDir, unpackVsix, which } from './common.mjs';

const FIXTURE = path.join(root, 'test/e2e/vscode/fixtures/workspace/policies/broken.policy.json');
const SQL_FIXTURE = path.join(root, 'test/e2e/vscode/fixtures/workspace/sql/grants.sql');
const EDITOR_TIMEOUT_MS = 60_000;

const EDITORS = [
  {
    name: 'neovim',
    binary: 'nvim',
    install: 'apt-get install -y neovim',
    args: () => ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(root, 'test/e2e/editors/neovim.lua')}`],
  },
  {
    name: 'emacs',
    binary: 'emacs',
    install: 'apt-get install -y emacs-nox elpa-eglot',
    args: () => ['--batch', '-Q', '-l', path.join(root, 'test/e2e/editors/emacs.el')],
    // Emacs before 29 ships no eglot; Debian's elpa-eglot provides it.
    missing: () => (emacsHasEglot() ? undefined : 'eglot is not available to Emacs (apt-get install -y elpa-eglot, or Emacs 29+)'),
  },
];

function emacsHasEglot() {
  const probe = spawnSync(
    'emacs',
    ['--batch', '-Q', '--eval', '(progn (dolist (d (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*")) (add-to-list (quote load-path) d)) (kill-emacs (if (locate-library "eglot") 0 3)))'],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return probe.status === 0;
}

/** The policy text after GrantCheck's "Insert the missing comma" fix. */
function expectedAfterFix(text) {
  const at = text.indexOf('"Allow"\n');
  if (at < 0) throw new Error(`${FIXTURE} no longer has its missing comma after "Allow"`);
  return `${text.slice(0, at + '"Allow"'.length)},${text.slice(at + '"Allow"'.length)}`;
}

function runEditor(editor, server, base) {
  const dir = fs.mkdtempSync(path.join(base, `${editor.name}-`));
  const file = path.join(dir, 'broken.policy.json');
  const expected = path.join(dir, 'expected.json');
  const original = fs.readFileSync(FIXTURE, 'utf8');
  fs.writeFileSync(file, original);
  fs.writeFileSync(expected, expectedAfterFix(original));
  const sql = path.join(dir, 'grants.sql');
  fs.copyFileSync(SQL_FIXTURE, sql);
  const started = Date.now();
  const result = spawnSync(editor.binary, editor.args(), {
    cwd: dir,
    env: { ...process.env, GRANTCHECK_SERVER: server, GRANTCHECK_FILE: file, GRANTCHECK_EXPECTED: expected, GRANTCHECK_SQL_FILE: sql, HOME: dir },
    encoding: 'utf8',
    timeout: EDITOR_TIMEOUT_MS,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  for (const line of output.split('\n')) if (line.includes(' e2e: ')) log(editor.name, line.slice(line.indexOf(' e2e: ') + 6));
  if (result.error) throw new Error(`${editor.binary} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${editor.binary} exited with ${result.status}:\n${output}`);
  log(editor.name, `PASSED in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const available = [];
  const skipped = [];
  for (const editor of EDITORS) {
    if (!which(editor.binary)) skipped.push(`${editor.name}: \`${editor.binary}\` is not installed (${editor.install})`);
    else {
      const missing = editor.missing?.();
      if (missing) skipped.push(`${editor.name}: ${missing}`);
      else available.push(editor);
    }
  }
  if (available.length === 0) throw new Skip(skipped.join('; '));
  const base = tempDir('editors');
  const server = path.join(unpackVsix(buildVsix(base), base), 'dist', 'server.js');
  let failed = 0;
  for (const editor of available) {
    try {
      runEditor(editor, server, base);
    } catch (error) {
      failed++;
      console.error(`[${editor.name}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const reason of skipped) {
    if (requireE2e) {
      failed++;
      console.error(`[editors] FAILED (GRANTCHECK_REQUIRE_E2E=1 forbids skipping): ${reason}`);
    } else console.log(`[editors] SKIPPED ${reason}`);
  }
  fs.rmSync(base, { recursive: true, force: true });
  return failed === 0 ? 0 : 1;
}

await runSuite('editors', main);
