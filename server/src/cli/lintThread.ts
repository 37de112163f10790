// A run of many files on one thread, in a worker: below MIN_CORES_FOR_POOL cores a run lints on one thread, and the
// main thread cannot size its own heap (V8 takes --max-semi-space-size only at start-up), so a run of
// LINT_THREAD_MIN_FILES files or more is run by one worker whose young generation is sized here (`resourceLimits`), with
// the same arguments; this thread only writes what it sends. Its report, messages and exit status are those of the
// run in this thread (the worker runs runCli itself).
//
// Why: V8 grows a thread's young generation to 32 MB (two 16 MB semi-spaces) over a long run; with 4 MB
// semi-spaces (12 MB in all) a one-thread run over 11,300 files peaked at 133–136 MB instead of 169–180 MB, for
// the same CPU time (interleaved runs, BENCHMARKS.md section 4). Here the inputs are only counted (up to
// LINT_THREAD_MIN_FILES, by name: hasCandidateFiles), the worker walks them.

import { Worker } from 'node:worker_threads';
import { EXIT_USAGE, type CliIo } from './command';

/**
 * Files from which a one-thread run lints on a worker. Starting it (an isolate, the bundle evaluated again) costs
 * ≈ 0.1–0.2 CPU-s, and a run of a few hundred files never grows its young generation much: 450 files took ≈ 10 %
 * more CPU time on the worker for no less memory (interleaved, loaded machine).
 */
export const LINT_THREAD_MIN_FILES = 2_000;

/** A lint thread's heap: a 12 MB young generation (three 4 MB semi-spaces); the old generation as V8 sizes it. */
export const LINT_THREAD_LIMITS = { maxYoungGenerationSizeMb: 12 };

/** What a lint thread is started with (`workerData`): it marks the thread (cli.ts) and carries the run. */
export interface LintThreadData {
  grantcheckLintThread: 1;
  argv: string[];
  color: boolean;
  progress: boolean;
}

export type FromLintThread = { type: 'stdout'; text: string } | { type: 'stderr'; text: string } | { type: 'exit'; code: number };

export function isLintThreadData(data: unknown): data is LintThreadData {
  return typeof data === 'object' && data !== null && (data as LintThreadData).grantcheckLintThread === 1;
}

/**
 * Runs `argv` on a lint thread and writes what it writes: resolves with its exit status. When the worker cannot
 * start, or stops before writing anything, the run is made here (`here`).
 */
export function runInLintThread(script: string, argv: readonly string[], io: CliIo, here: () => Promise<number>, limits = LINT_THREAD_LIMITS): Promise<number> {
  return new Promise<number>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script, {
        workerData: { grantcheckLintThread: 1, argv: [...argv], color: io.color, progress: io.progress === true } satisfies LintThreadData,
        resourceLimits: limits,
      });
    } catch {
      resolve(here());
      return;
    }
    let wrote = false;
    let settled = false;
    let failure: string | undefined;
    const settle = (code: number | Promise<number>): void => {
      if (settled) return;
      settled = true;
      resolve(code);
    };
    worker.on('message', (message: FromLintThread) => {
      if (settled) return;
      if (message.type === 'exit') {
        settle(message.code);
        return;
      }
      wrote = true;
      if (message.type === 'stdout') io.stdout(message.text);
      else io.stderr(message.text);
    });
    worker.on('error', (error) => {
      failure = error instanceof Error ? error.message : String(error);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      // Stopped without an exit status: made again here when nothing was written yet, else the run failed.
      if (!wrote) {
        settle(here());
        return;
      }
      io.stderr(`grantcheck: internal error: the lint thread stopped (${failure ?? `exit code ${code}`}).\n`);
      settle(EXIT_USAGE);
    });
  });
}

/** The worker's side: runs the CLI with I/O sent to the main thread, then its exit status. */
export function runLintThread(post: (message: FromLintThread) => void, data: LintThreadData, run: (argv: string[], io: CliIo) => Promise<number>): void {
  const io: CliIo = {
    stdout: (text) => post({ type: 'stdout', text }),
    stderr: (text) => post({ type: 'stderr', text }),
    color: data.color,
    progress: data.progress,
  };
  run(data.argv, io).then(
    (code) => post({ type: 'exit', code }),
    (error: unknown) => {
      post({ type: 'stderr', text: `grantcheck: internal error: ${error instanceof Error ? error.message : String(error)}\n` });
      post({ type: 'exit', code: EXIT_USAGE });
    },
  );
}
