// The worker pool of the CLI (cli/lintPool.ts) when things go wrong: a worker that stops on a file, a worker that
// runs out of memory, workers that never start, a lint that throws; this thread lints only when workers cannot. Workers here run a small stand-in script that
// speaks the pool's protocol (the real worker, dist/cli.js, is tested end to end in jobs.test.ts).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LintPlan, lintTask, type EmittedFile, type LintTask, type TaskOutcome } from '../../server/src/cli/lintFiles';
import { lintPlanInPool, MIN_CORES_FOR_POOL, poolSize, type LintWorkerData, type PoolOptions } from '../../server/src/cli/lintPool';
import { sharedIamData } from '../../server/src/node/iamDataFiles';

/** Lints nothing: answers each file with an empty result; stops the worker as the file's name asks. */
const STAND_IN = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.behaviour === 'never-start') process.exit(7);
parentPort.postMessage({ type: 'ready' });
// Tells a test waiting on it that a worker started (its 'ready' is on its way).
if (workerData.started) { Atomics.store(workerData.started, 0, 1); Atomics.notify(workerData.started, 0); }
parentPort.on('message', (message) => {
  if (message.type !== 'lint') return;
  for (const task of message.tasks) {
    const name = require('node:path').basename(task.file);
    if (name.includes('crash')) process.exit(3);
    if (name.includes('huge')) { const keep = []; for (;;) keep.push(new Array(100000).fill(task.file)); }
  }
  // 'echo-bytes': the reason says what bytes the main thread sent (none: the worker would read the file itself).
  const reason = (task) => workerData.behaviour !== 'echo-bytes' ? 'worker' : task.fileBytes ? 'bytes ' + Buffer.from(task.fileBytes).toString() : 'no bytes';
  parentPort.postMessage({ type: 'done', outcomes: message.tasks.map((task) => ({ index: task.index, file: task.file, read: true, problems: [], result: { file: task.file, kind: 'iam-policy', detection: { kind: 'iam-policy', reason: reason(task), explicit: false }, findings: [] } })) });
});
`;

describe('the lint worker pool', () => {
  let tmp: string;
  let script: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-pool-'));
    fs.mkdirSync(path.join(tmp, '.git'));
    script = path.join(tmp, 'stand-in.js');
    fs.writeFileSync(script, STAND_IN);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A directory of `count` policy files; `special` names some of them (crash, huge). */
  function tree(name: string, count: number, special: Record<number, string> = {}): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(3, '0')}${special[i] ? `-${special[i]}` : ''}.json`), '{}');
    return dir;
  }

  const fallback = (task: LintTask): TaskOutcome => ({
    index: task.index,
    file: task.file,
    read: true,
    problems: [],
    result: { file: task.file, kind: 'iam-policy', detection: { kind: 'iam-policy', reason: 'main thread', explicit: false }, findings: [] },
  });

  async function run(dir: string, options: Partial<PoolOptions> & { behaviour?: string } = {}): Promise<{ emitted: EmittedFile[]; fallbacks: string[]; progress: number[] }> {
    const progress: number[] = [];
    const plan = new LintPlan([dir], { data: sharedIamData(), progress: (done) => progress.push(done) });
    const emitted: EmittedFile[] = [];
    const fallbacks: string[] = [];
    const { behaviour, ...rest } = options;
    await lintPlanInPool(plan, (file) => emitted.push(file), {
      size: 2,
      script,
      workerData: { grantcheckLintWorker: 1, behaviour } as LintWorkerData,
      fallback,
      onFallback: (reason) => fallbacks.push(reason),
      ...rest,
    });
    return { emitted, fallbacks, progress };
  }

  it('emits every file once, in input order, with the progress of each', async () => {
    const { emitted, fallbacks, progress } = await run(tree('plain', 40));
    assert.deepEqual(emitted.map((e) => e.index), [...Array(40).keys()]);
    assert.deepEqual(emitted.map((e) => path.basename(e.file)), emitted.map((_, i) => `f${String(i).padStart(3, '0')}.json`));
    assert.ok(emitted.every((e) => e.result?.detection.reason === 'worker'));
    assert.deepEqual(fallbacks, []);
    assert.deepEqual(progress, [...Array(40).keys()].map((i) => i + 1));
  });

  it('this thread lints nothing while a worker runs: every file is linted by a worker, in input order', async () => {
    const here: string[] = [];
    const { emitted, fallbacks, progress } = await run(tree('one-worker', 300), {
      size: 1,
      fallback: (task) => {
        here.push(task.file);
        return fallback(task);
      },
    });
    assert.deepEqual(emitted.map((e) => e.index), [...Array(300).keys()]);
    assert.deepEqual(emitted.map((e) => path.basename(e.file)), emitted.map((_, i) => `f${String(i).padStart(3, '0')}.json`));
    assert.ok(emitted.every((e) => e.result?.detection.reason === 'worker'));
    assert.deepEqual(here, [], 'no file is linted in this thread');
    assert.deepEqual(fallbacks, []);
    assert.deepEqual(progress, [...Array(300).keys()].map((i) => i + 1));
  });

  it('this thread reads each file and moves its bytes to the worker', async () => {
    const dir = tree('bytes', 50);
    for (let i = 0; i < 50; i += 7) fs.writeFileSync(path.join(dir, `f${String(i).padStart(3, '0')}.json`), `{"n": ${i}}`);
    const { emitted } = await run(dir, { size: 1, behaviour: 'echo-bytes' });
    assert.deepEqual(emitted.map((e) => e.result?.detection.reason), [...Array(50).keys()].map((i) => (i % 7 === 0 ? `bytes {"n": ${i}}` : 'bytes {}')));
  });

  it('a file gone since the walk is reported in its place by this thread (also the last one), and the run ends', async () => {
    const dir = tree('gone', 30);
    const plan = new LintPlan([dir], { data: sharedIamData() });
    for (const i of [4, 29]) fs.rmSync(path.join(dir, `f${String(i).padStart(3, '0')}.json`));
    const emitted: EmittedFile[] = [];
    await lintPlanInPool(plan, (file) => emitted.push(file), { size: 1, script, workerData: { grantcheckLintWorker: 1 }, fallback });
    assert.deepEqual(emitted.map((e) => e.index), [...Array(30).keys()]);
    for (const i of [4, 29]) {
      assert.equal(emitted[i]!.read, false);
      assert.equal(emitted[i]!.result, undefined);
      assert.match(emitted[i]!.problems[0]!.message, new RegExp(`^Cannot read .*f0${String(i).padStart(2, '0')}\\.json: `));
    }
    assert.ok(emitted.filter((e) => e.index !== 4 && e.index !== 29).every((e) => e.result?.detection.reason === 'worker'));
    // Every file gone: nothing is ever sent to the worker, and the run still ends.
    const none = new LintPlan([tree('all-gone', 5)], { data: sharedIamData() });
    fs.rmSync(path.join(tmp, 'all-gone'), { recursive: true });
    const reported: EmittedFile[] = [];
    await lintPlanInPool(none, (file) => reported.push(file), { size: 1, script, workerData: { grantcheckLintWorker: 1 }, fallback });
    assert.deepEqual(reported.map((e) => [e.index, e.read, /^Cannot read /.test(e.problems[0]?.message ?? '')]), [...Array(5).keys()].map((i) => [i, false, true]));
  });

  it('with one worker, a file that stops it is a problem of that file; the rest is linted by its replacement', async () => {
    const { emitted, fallbacks } = await run(tree('one-crash', 60, { 30: 'crash' }), { size: 1 });
    assert.deepEqual(emitted.map((e) => e.index), [...Array(60).keys()]);
    assert.equal(emitted[30]!.failed, true);
    assert.ok(emitted.filter((e) => e.index !== 30).every((e) => !e.failed && e.result?.detection.reason === 'worker'));
    assert.deepEqual(fallbacks, []);
  });

  it('a file that stops its worker becomes a problem of that file; the others of its batch are linted again', async () => {
    const { emitted, fallbacks } = await run(tree('crash', 40, { 7: 'crash' }));
    assert.deepEqual(emitted.map((e) => e.index), [...Array(40).keys()]);
    const crashed = emitted[7]!;
    assert.equal(crashed.failed, true);
    assert.equal(crashed.result, undefined);
    assert.match(crashed.problems[0]!.message, /f007-crash\.json was not checked: the lint worker stopped while linting it \(exit code 3\)\.$/);
    const others = emitted.filter((e) => e.index !== 7);
    assert.ok(others.every((e) => !e.failed && e.result?.detection.reason === 'worker'), 'every other file is linted by a worker');
    assert.deepEqual(fallbacks, []);
  });

  it('a file that needs more memory than a worker has is linted in the main thread', async () => {
    const { emitted } = await run(tree('huge', 12, { 5: 'huge' }), { resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } });
    assert.deepEqual(emitted.map((e) => e.index), [...Array(12).keys()]);
    assert.equal(emitted[5]!.result?.detection.reason, 'main thread');
    assert.ok(emitted.filter((e) => e.index !== 5).every((e) => e.result?.detection.reason === 'worker'));
  });

  it('when workers never start, the run is linted in the main thread (said once), never hangs', async () => {
    const { emitted, fallbacks } = await run(tree('never', 30), { behaviour: 'never-start' });
    assert.deepEqual(emitted.map((e) => e.index), [...Array(30).keys()]);
    assert.ok(emitted.every((e) => e.result?.detection.reason === 'main thread'));
    assert.deepEqual(fallbacks, ['exit code 7']);
  });

  it('stops on an error thrown while reporting, and ends its workers', async () => {
    const plan = new LintPlan([tree('throwing-emit', 20)], { data: sharedIamData() });
    await assert.rejects(
      lintPlanInPool(plan, (file) => {
        if (file.index === 3) throw new Error('EPIPE');
      }, { size: 2, script, workerData: { grantcheckLintWorker: 1 }, fallback }),
      /EPIPE/,
    );
  });

  it('a lint that throws becomes a problem of the file ("was not checked"), not a crash of the run', () => {
    const file = path.join(tmp, 'plain', 'f000.json');
    const task: LintTask = {
      index: 4,
      file,
      detectPath: file,
      explicit: true,
      // What the lint reads first throws: a fault inside GrantCheck.
      detect: new Proxy({}, { get: () => { throw new Error('boom'); } }),
      severities: {},
      relatedProfiles: [],
      profilesRoot: tmp,
    };
    const outcome = lintTask(task, { data: sharedIamData(), profiles: () => undefined });
    assert.equal(outcome.failed, true);
    assert.equal(outcome.index, 4);
    assert.equal(outcome.read, true);
    assert.deepEqual(outcome.problems, [{ file, message: `${file} was not checked: GrantCheck failed on it (internal error: boom).` }]);
  });

  it('sizes the pool (threads, this one included): --jobs when given (at most one worker per file), else from 3 cores one worker per other core for every 400 files', () => {
    assert.equal(MIN_CORES_FOR_POOL, 3);
    assert.equal(poolSize(40, undefined, 8), 1, 'a small run stays in one thread');
    assert.equal(poolSize(399, undefined, 8), 1);
    assert.equal(poolSize(400, undefined, 8), 2, 'this thread and one worker');
    assert.equal(poolSize(1_000, undefined, 8), 3);
    assert.equal(poolSize(11_300, undefined, 3), 3);
    assert.equal(poolSize(11_300, undefined, 8), 8, 'this thread and one worker per other core');
    // Two cores: one thread (one worker beside this one was not shown to finish first: MIN_CORES_FOR_POOL).
    assert.equal(poolSize(11_300, undefined, 2), 1, 'two cores: one thread');
    assert.equal(poolSize(11_300, undefined, 1), 1);
    assert.equal(poolSize(11_300, 1, 8), 1, '--jobs 1: one thread');
    assert.equal(poolSize(11_300, 2, 2), 2, '--jobs 2 on two cores');
    assert.equal(poolSize(5, 2, 1), 2, '--jobs 2 on one core');
    assert.equal(poolSize(1, 4, 8), 2, 'one file: at most one worker');
    assert.equal(poolSize(0, 4, 8), 1, 'no file: no worker');
  });
});
