// Runs the CLI's main function (cli/main.ts runCli) in this process, as `node dist/cli.js ARGS` runs it in a child
// process (server/src/cli.ts): the same arguments, working directory, environment (colours, the progress line) and
// standard input, and stdout/stderr decoded as spawnSync's `encoding: 'utf8'` decodes them. A test that is about the
// process itself (its exit code, a real stdin or terminal, the bundle, worker threads) starts one; the others run
// here, without a process start each (most of the CLI suites' time was starting processes).
//
// Runs one at a time: the working directory is the process's.

import { runCli } from '../../server/src/cli/main';
import { EXIT_USAGE } from '../../server/src/cli/command';
import { colorFromEnvironment, progressFromEnvironment } from '../../server/src/cli/terminal';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  cwd: string;
  /** The environment the CLI sees (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Standard input (default: empty, as spawnSync's closed pipe). */
  input?: string | Buffer;
}

let queue: Promise<unknown> = Promise.resolve();

export function cliInProcess(args: readonly string[], options: InProcessOptions): Promise<CliRun> {
  const run = queue.then(() => runOnce(args, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: readonly string[], options: InProcessOptions): Promise<CliRun> {
  const env = options.env ?? process.env;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const previous = process.cwd();
  process.chdir(options.cwd);
  let status: number;
  try {
    status = await runCli(args, {
      stdout: (text) => void stdout.push(Buffer.from(text, 'utf8')),
      stderr: (text) => void stderr.push(Buffer.from(text, 'utf8')),
      stdoutBytes: (bytes) => void stdout.push(Buffer.from(bytes)),
      readStdin: () => Promise.resolve(options.input === undefined ? Buffer.alloc(0) : Buffer.from(options.input)),
      // What cli.ts passes when stdout and stderr are pipes.
      color: colorFromEnvironment(env, false),
      progress: progressFromEnvironment(env, false),
    });
  } catch (error) {
    // cli.ts: an error that escapes runCli is an internal error, exit 2.
    stderr.push(Buffer.from(`grantcheck: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    status = EXIT_USAGE;
  } finally {
    process.chdir(previous);
  }
  return { status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
}
