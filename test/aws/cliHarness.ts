// Runs the built CLI (dist/cli.js) for the AWS subcommand tests, as a user would, with fake static credentials.

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { FAKE_CREDENTIALS } from './fixtures';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const BUILT_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment with the fake credentials and no AWS_PROFILE, so the SDK's default chain picks the fake keys. */
function fakeCredentialsEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey, AWS_SESSION_TOKEN: FAKE_CREDENTIALS.sessionToken };
  delete env.AWS_PROFILE;
  return env;
}

/**
 * Runs `node dist/cli.js <subcommand> ...args` with fake static credentials; pushes stdout and stderr onto `outputs`
 * so the caller can check afterwards that no secret was printed.
 */
export function runBuiltCli(subcommand: string, args: string[], outputs: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, subcommand, ...args], { env: fakeCredentialsEnv(), cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
