// Shared helpers for the end-to-end editor suites: skip/fail policy, caches, vsix build, processes.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const requireE2e = process.env.GRANTCHECK_REQUIRE_E2E === '1';
/** Exit status of a suite that could not run: 0 normally, 1 when GRANTCHECK_REQUIRE_E2E=1 (CI). */
export const SKIP_STATUS = requireE2e ? 1 : 0;

/** Thrown when a prerequisite (browser, editor, network) is missing: the suite skips, or fails in CI. */
export class Skip extends Error {}

export function cacheDir() {
  const dir = process.env.GRANTCHECK_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'grantcheck-e2e');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function log(suite, message) {
  console.log(`[${suite}] ${message}`);
}

/** Runs a suite's main function and turns Skip/errors into the right exit status. */
export async function runSuite(suite, main) {
  let outcome;
  try {
    const status = await main();
    process.exitCode = status;
    outcome = status === 0 ? 'passed' : 'failed';
    if (status !== 0) console.error(`[${suite}] FAILED (exit ${status})`);
    else log(suite, 'PASSED');
  } catch (error) {
    if (error instanceof Skip) {
      const verb = requireE2e ? 'FAILED (GRANTCHECK_REQUIRE_E2E=1 forbids skipping)' : 'SKIPPED';
      console.log(`[${suite}] ${verb}: ${error.message}`);
      process.exitCode = SKIP_STATUS;
      outcome = requireE2e ? 'failed' : `skipped: ${error.message.split('\n')[0]}`;
    } else {
      console.error(`[${suite}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
      outcome = 'failed';
    }
  }
  // scripts/run-e2e.mjs reads this to tell a skipped suite from a passed one in its summary.
  if (process.env.GRANTCHECK_E2E_OUTCOME_FILE) fs.writeFileSync(process.env.GRANTCHECK_E2E_OUTCOME_FILE, outcome);
}

export function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return result;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `grantcheck-${prefix}-`));
}

// What the .vsix is made from (.vscodeignore narrows it further); copied to a staging folder first so
// a concurrent `npm run build` in the checkout cannot change files while vsce reads them.
const PACKAGE_INPUTS = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'snippets', 'images', 'walkthrough'];

/** Builds dist/ and packs the extension exactly as it ships (vsce, no dependencies); returns the .vsix path. */
export function buildVsix(outDir) {
  // scripts/run-e2e.mjs packs once and hands the same .vsix to every suite.
  const shared = process.env.GRANTCHECK_E2E_VSIX;
  if (shared && fs.existsSync(shared)) return shared;
  run(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root });
  const staging = path.join(outDir, 'package-staging');
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const input of PACKAGE_INPUTS) {
    const source = path.join(root, input);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(staging, input), { recursive: true });
  }
  const vsix = path.join(outDir, 'grantcheck-e2e.vsix');
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: staging, stdio: ['ignore', 'ignore', 'inherit'] });
  return vsix;
}

/** Unpacks the vsix's `extension/` folder (what editors install) into `dir`; returns that folder. */
export function unpackVsix(vsix, dir) {
  if (!which('unzip')) throw new Skip('`unzip` is not installed (apt-get install -y unzip)');
  run('unzip', ['-q', '-o', vsix, 'extension/*', '-d', dir]);
  return path.join(dir, 'extension');
}

/** Copies a fixture tree to a fresh temp folder so tests may edit and save files. */
export function copyFixture(source, prefix) {
  const dir = tempDir(prefix);
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

/** Starts a long-running process in its own process group (setsid) so the whole tree can be killed. */
export function startGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  return {
    child,
    stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

export async function waitFor(description, predicate, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
