#!/usr/bin/env node
// Entry point of dist/cli.js (the `grantcheck` command).

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { EXIT_USAGE } from './cli/command';
import { isLintWorkerData } from './cli/lintPool';
import { runLintWorker } from './cli/lintWorker';
import { runCli } from './cli/main';
import { colorFromEnvironment, progressFromEnvironment } from './cli/terminal';

function readStdin(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
    process.stdin.on('error', reject);
  });
}

function main(): void {
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutBytes: (bytes) => process.stdout.write(bytes),
    readStdin,
    color: colorFromEnvironment(process.env, process.stdout.isTTY === true),
    progress: progressFromEnvironment(process.env, process.stderr.isTTY === true),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`grantcheck: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}

// The same bundle (and compile cache) runs the lint workers of a run over many files (cli/lintPool.ts).
if (!isMainThread && parentPort && isLintWorkerData(workerData)) runLintWorker(parentPort, workerData);
else main();
