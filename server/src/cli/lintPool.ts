// Lints the files of a run on a pool of worker threads (`--jobs`): this thread walks the inputs, resolves each file's
// settings (LintPlan), reads each file (its bytes are moved to a worker, not copied) and writes the report; the
// workers decode, detect, lint and fix files (lintTask, the same code as a run in this thread) and post plain results
// back; results are emitted in input order (a re-order buffer by index), so every report is byte for byte the one a
// run in this thread writes.
//
// This thread lints nothing itself (unless the workers keep stopping): every isolate that lints compiles the engine
// with TurboFan again (on V8's background threads: ≈ 20–25 % of a one-thread run's CPU time on 11,300 files) and warms
// up again, so this thread linting beside one worker cost ≈ 40 % more CPU time than one thread. Walking, planning,
// reading and writing the report beside one worker instead (≈ 15 % of a one-thread run) takes them off the thread
// that lints, for the price of one isolate's start.
//
// A worker that stops (a crash, running out of memory) loses nothing: the files it held are linted again one by one
// on a new worker, and a file that stops a worker on its own becomes a problem of that file ("was not checked");
// when workers keep stopping, the rest is linted in this thread. A lint that throws is caught by lintTask itself.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PolicyType } from '../engine/iam/policyType';
import type { Profile } from '../engine/profiles/types';
import type { ReportOptions } from './formatters';
import { failedOutcome, readFileBytes, toBuffer, type EmittedFile, type LintPlan, type LintTask, type PlannedFile, type RunProblem, type TaskOutcome } from './lintFiles';

/** What a lint worker is started with (`workerData`): it marks the thread as a lint worker (cli.ts). */
export interface LintWorkerData {
  grantcheckLintWorker: 1;
  /** `--aws-data`: the package folder chosen (and checked) by the main thread; the bundled data otherwise. */
  awsDataSource?: string;
  policyType?: PolicyType;
  fix?: boolean;
  /**
   * The run writes a report and nothing else (no fixes, no diff): each file's part of it is written by the worker
   * that linted it (lintWorker.ts reportedOutcome), in the report's format.
   */
  report?: ReportOptions;
}

export type ToWorker = { type: 'profiles'; root: string; profiles: Profile[] } | { type: 'lint'; tasks: LintTask[] };
export type FromWorker = { type: 'ready' } | { type: 'done'; outcomes: TaskOutcome[] };

export function isLintWorkerData(data: unknown): data is LintWorkerData {
  return typeof data === 'object' && data !== null && (data as LintWorkerData).grantcheckLintWorker === 1;
}

/**
 * Files per worker below which a worker does not pay for its start (~0.1 s: the bundle, the first AWS data, its own
 * JIT warm-up) — measured on 2 cores, one worker against one thread: see poolSize.
 */
export const FILES_PER_WORKER = 400;
/** At most this many files are planned ahead of the first one not yet reported (bounds the re-order buffer). */
const WINDOW = 512;
const MAX_BATCH = 16;
/** Batches sent to a worker ahead of its answers. */
const PREFETCH = 2;
/**
 * A worker's heap. V8 sizes a heap as if its isolate were alone in the process: the young generation grows to 48 MB
 * and the old one well past what is live before it is collected. On 2,260 generated files, two workers at the
 * defaults peaked at 237 MB (one thread: 140 MB); with these limits at 183 MB, for about the same CPU time (within
 * the noise of a shared machine). What is live in a worker (its AWS data, the profiles) is about 20 MB and a policy
 * file needs a few MB; a file that needs more stops its worker and is then linted in the main thread. Measured again
 * on 11,300 files with --jobs 2 (process CPU time, interleaved runs): young generations of 24, 32 and 64 MB took the
 * same CPU time or more, for 25, 70 and 160 MB more memory; 6 MB saved 5–10 MB for 15 % more CPU time.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 64 };

/**
 * Fewer cores than this and a run uses one thread unless `--jobs` says otherwise. On 2 cores (10,000 policies,
 * 1,000 SQL scripts, 300 Terraform/CloudFormation files), measured on a loaded machine (load average 15–25),
 * interleaved: two linting isolates (this thread beside a worker, as before) took ≈ 40 % more CPU time than one
 * thread — each compiles the engine with TurboFan itself (V8's background threads: 2.9 → 5.5 CPU-s). One worker
 * linting while this thread walks, reads and reports took 13.4 → 10.9 CPU-s and 186 → 150 MB against that, but its
 * linting thread does only ≈ 4 % less than one thread does in all (5.9 against 6.1–6.4 CPU-s): not shown to finish
 * first on an idle machine, so 2 cores keep one thread by default (the bench's repo rows compare both).
 */
export const MIN_CORES_FOR_POOL = 3;

/**
 * The number of threads for a run (this one and the lint workers beside it; 1 or less: no pool, everything in this
 * thread): `--jobs` when given (at most one worker per file), else from MIN_CORES_FOR_POOL cores one worker per
 * core but this one's, each with at least FILES_PER_WORKER files.
 */
export function poolSize(files: number, jobs: number | undefined, cores: number = availableCores()): number {
  if (jobs !== undefined) return Math.min(jobs, files + 1);
  if (cores < MIN_CORES_FOR_POOL) return 1;
  const workers = Math.min(cores - 1, Math.floor(files / FILES_PER_WORKER));
  return workers > 0 ? workers + 1 : 1;
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * The script a worker runs: the loader of the CLI bundle (dist/cli.js, which uses the compile cache), when this code
 * is that bundle; undefined elsewhere (tests running the sources), where runs stay in this thread.
 */
export function bundledWorkerScript(): string | undefined {
  if (path.basename(__filename) !== 'cli-main.js') return undefined;
  const loader = path.join(__dirname, 'cli.js');
  return fs.existsSync(loader) ? loader : undefined;
}

export interface PoolOptions {
  size: number;
  /** The worker's script: it runs `runLintWorker` when it sees LintWorkerData (dist/cli.js). */
  script: string;
  workerData: LintWorkerData;
  /** Lints a file in this thread: used when the workers keep stopping, or for a file too big for a worker's heap. */
  fallback: (task: LintTask) => TaskOutcome;
  /** How many times a stopped worker is replaced (default: twice the pool size). */
  maxRestarts?: number;
  /** Told once when the rest of the run is linted in this thread, with why. */
  onFallback?: (reason: string) => void;
  /** The workers' heap limits (tests); see WORKER_LIMITS. */
  resourceLimits?: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number };
}

interface Queued {
  task: LintTask;
  /** How many workers stopped while holding it. */
  stops: number;
}

interface Slot {
  worker: Worker;
  /** The worker has started (loaded the bundle and the AWS data); it is given files from then on. */
  ready: boolean;
  /** The batches sent and not answered yet, oldest first (a worker answers them in order). */
  inFlight: Queued[][];
  /** It holds one file another worker stopped on, and nothing else. */
  isolating: boolean;
  profilesSent: Set<string>;
  stopReason?: string;
  /** It stopped because it ran out of its heap (WORKER_LIMITS). */
  outOfMemory?: boolean;
}

/** Lints every planned file on a pool of workers; `emit` receives them in input order. Resolves when all are emitted. */
export function lintPlanInPool(plan: LintPlan, emit: (file: EmittedFile) => void, options: PoolOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const total = plan.total;
    const seen = new Map<number, Omit<PlannedFile, 'task'>>();
    const done = new Map<number, TaskOutcome>();
    const retries: Queued[] = [];
    const slots = new Set<Slot>();
    let nextPlan = 0;
    let nextEmit = 0;
    let finished = 0;
    let restarts = 0;
    let closed = false;
    const maxRestarts = options.maxRestarts ?? options.size * 2;

    const close = (error?: unknown): void => {
      if (closed) return;
      closed = true;
      for (const slot of slots) void slot.worker.terminate();
      slots.clear();
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error(String(error)));
    };

    const settle = (outcome: TaskOutcome): void => {
      done.set(outcome.index, outcome);
      finished++;
      plan.options.progress?.(finished, total);
    };

    const flush = (): void => {
      while (!closed && done.has(nextEmit)) {
        const outcome = done.get(nextEmit)!;
        done.delete(nextEmit);
        const notes = seen.get(nextEmit)!;
        seen.delete(nextEmit);
        nextEmit++;
        try {
          emit({ ...outcome, ...notes });
        } catch (error) {
          close(error);
          return;
        }
      }
      if (nextEmit === total) close();
    };

    /**
     * The next file to send, read here (its bytes are transferred to the worker: reading is ≈ 7 % of linting a
     * file, done here while the worker lints); one that cannot be read is settled here, with its problem.
     */
    const planNext = (): Queued | undefined => {
      while (nextPlan < total && nextPlan < nextEmit + WINDOW) {
        const planned = plan.plan(nextPlan++);
        const { task, ...notes } = planned;
        seen.set(task.index, notes);
        if (task.stdinBytes !== undefined) return { task, stops: 0 };
        const read: { problems: RunProblem[] } = { problems: [] };
        const bytes = readFileBytes(task.file, read);
        if (bytes !== undefined) return { task: { ...task, fileBytes: bytes }, stops: 0 };
        // Emitted by the next flush (dispatchAll ends with one).
        settle({ index: task.index, file: task.file, read: false, problems: read.problems });
      }
      return undefined;
    };

    const send = (slot: Slot, batch: Queued[]): void => {
      slot.inFlight.push(batch);
      for (const { task } of batch) {
        if (slot.profilesSent.has(task.profilesRoot)) continue;
        slot.profilesSent.add(task.profilesRoot);
        slot.worker.postMessage({ type: 'profiles', root: task.profilesRoot, profiles: plan.workspaceProfilesOf(task.profilesRoot) } satisfies ToWorker);
      }
      // A file's bytes are moved, not copied: a file held by a worker that stops is read again by whoever lints it next.
      const transfer: ArrayBuffer[] = [];
      const tasks = batch.map((q) => {
        const bytes = q.task.fileBytes;
        if (bytes === undefined) return q.task;
        const { fileBytes: _moved, ...rest } = q.task;
        q.task = rest;
        if (bytes.byteLength > 0) transfer.push(bytes.buffer as ArrayBuffer);
        return { ...rest, fileBytes: bytes };
      });
      slot.worker.postMessage({ type: 'lint', tasks } satisfies ToWorker, transfer);
    };

    /**
     * Keeps a worker PREFETCH batches ahead, so it never waits for this thread between two (a busy or descheduled
     * main thread would leave it idle). A file held by a worker that stopped goes alone to an idle worker, and
     * nothing joins it there, so a file that stops workers is found.
     */
    const dispatch = (slot: Slot): void => {
      // A worker gets files once it has started: one that stops before holds none (no file's fault).
      if (closed || !slot.ready) return;
      while (slot.inFlight.length < PREFETCH && !slot.isolating) {
        if (retries.length > 0) {
          if (slot.inFlight.length > 0) return;
          slot.isolating = true;
          send(slot, [retries.shift()!]);
          return;
        }
        // Smaller batches towards the end, so the workers finish together.
        const size = Math.max(1, Math.min(MAX_BATCH, Math.floor((total - nextPlan) / (options.size * 4))));
        const batch: Queued[] = [];
        for (let q = planNext(); q; q = batch.length < size ? planNext() : undefined) batch.push(q);
        if (batch.length === 0) return;
        send(slot, batch);
      }
    };

    const dispatchAll = (): void => {
      for (const slot of slots) dispatch(slot);
      flush();
    };

    /** No worker is left and none may start: the rest of the run is linted here. */
    const lintRestHere = (reason: string): void => {
      options.onFallback?.(reason);
      const rest = [...retries.splice(0).map((q) => q.task)];
      for (let q = planNext(); q; q = planNext()) rest.push(q.task);
      for (const task of rest) settle(options.fallback(task));
      flush();
      // planNext stops at the window: keep going as the window moves.
      while (!closed && nextPlan < total) {
        for (let q = planNext(); q; q = planNext()) settle(options.fallback(q.task));
        flush();
      }
    };

    const stopped = (slot: Slot, reason: string): void => {
      if (closed || !slots.has(slot)) return;
      slots.delete(slot);
      const held = slot.inFlight.flat();
      for (const queued of held) {
        queued.stops++;
        if (held.length > 1 && queued.stops < 2) retries.push(queued);
        // Alone on the worker that stopped (or for the second time): this file stops workers. One that needs more
        // memory than a worker has is linted here; anything else is reported (the main thread could stop too).
        else if (slot.outOfMemory) settle(options.fallback(queued.task));
        else settle(failedOutcome(queued.task, `the lint worker stopped while linting it (${reason})`));
      }
      retries.sort((a, b) => a.task.index - b.task.index);
      flush();
      if (closed) return;
      if (restarts < maxRestarts) {
        restarts++;
        start();
      } else if (slots.size === 0) {
        lintRestHere(reason);
        return;
      }
      dispatchAll();
    };

    const start = (): void => {
      if (closed) return;
      let worker: Worker;
      try {
        worker = new Worker(options.script, { workerData: options.workerData, resourceLimits: options.resourceLimits ?? WORKER_LIMITS });
      } catch (error) {
        // Workers cannot start here at all (a restricted runtime): lint in this thread.
        if (slots.size === 0) lintRestHere(describe(error));
        return;
      }
      const slot: Slot = { worker, ready: false, inFlight: [], isolating: false, profilesSent: new Set() };
      slots.add(slot);
      worker.on('message', (message: FromWorker) => {
        if (closed) return;
        if (message.type === 'ready') {
          slot.ready = true;
          dispatchAll();
          return;
        }
        slot.inFlight.shift();
        if (slot.inFlight.length === 0) slot.isolating = false;
        for (const outcome of message.outcomes) settle(restoreBuffers(outcome));
        flush();
        dispatchAll();
      });
      worker.on('error', (error) => {
        slot.stopReason = describe(error);
        if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') slot.outOfMemory = true;
      });
      worker.on('messageerror', (error) => {
        slot.stopReason = describe(error);
        void worker.terminate();
      });
      worker.on('exit', (code) => stopped(slot, slot.stopReason ?? `exit code ${code}`));
    };

    if (total === 0) {
      close();
      return;
    }
    for (let i = 0; i < options.size; i++) start();
  });
}

/** Structured cloning turns a Buffer into a Uint8Array: a fixed file's bytes are a Buffer again. */
function restoreBuffers(outcome: TaskOutcome): TaskOutcome {
  const source = outcome.result?.source;
  if (source) source.bytes = toBuffer(source.bytes);
  return outcome;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
