// Runs code that could hang on a regression (exponential backtracking) in a child process that is killed after a
// generous deadline, so that such a regression fails its test instead of hanging the whole suite.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { nodeEvalArgs } from './childNode';

const ROOT = path.join(__dirname, '..', '..');

/** Evaluates CommonJS `code` (repository modules, `require('./path.ts')`, load as their test bundle or through tsx:
 * see ./childNode.ts); returns its stdout. */
export function evalGuarded(code: string, deadlineMs = 60_000): string {
  const run = spawnSync(process.execPath, nodeEvalArgs(code), { cwd: ROOT, encoding: 'utf8', timeout: deadlineMs, maxBuffer: 64 * 1024 * 1024 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`did not finish within ${deadlineMs} ms (killed); its output so far:\n${run.stdout.slice(-2000)}`);
  }
  if (run.status !== 0) throw new Error(`exited with ${run.status ?? run.signal}: ${run.stderr}`);
  return run.stdout;
}
