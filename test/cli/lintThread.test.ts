// cli/lintThread.ts: a one-thread run over many files made by a worker whose heap is sized; this thread writes what
// it sends, in order, and answers with its exit status; a worker that cannot run leaves the run to this thread.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runInLintThread, runLintThread, type FromLintThread } from '../../server/src/cli/lintThread';
import type { CliIo } from '../../server/src/cli/command';
import { hasCandidateFiles } from '../../server/src/cli/lintFiles';

/** A stand-in lint thread: plays the messages its argv names (`out:x`, `err:x`, `exit:N`, `throw`), as runLintThread would send them. */
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
for (const step of workerData.argv) {
  const [kind, text] = [step.slice(0, step.indexOf(':')), step.slice(step.indexOf(':') + 1)];
  if (kind === 'out') parentPort.postMessage({ type: 'stdout', text });
  else if (kind === 'err') parentPort.postMessage({ type: 'stderr', text });
  else if (kind === 'exit') parentPort.postMessage({ type: 'exit', code: Number(text) });
  else if (kind === 'throw') throw new Error(text);
}
`;

function recorder(): { io: CliIo; written: string[] } {
  const written: string[] = [];
  return { io: { stdout: (t) => written.push(`out ${t}`), stderr: (t) => written.push(`err ${t}`), color: false }, written };
}

describe('the lint thread of a one-thread run', () => {
  let dir: string;
  let script: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-lint-thread-'));
    script = path.join(dir, 'thread.js');
    fs.writeFileSync(script, SCRIPT);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes what the thread writes, in order, and answers its exit status', async () => {
    const { io, written } = recorder();
    const code = await runInLintThread(script, ['out:[', 'err:grantcheck: a note\n', 'out:]\n', 'exit:1'], io, () => Promise.reject(new Error('not here')));
    assert.equal(code, 1);
    assert.deepEqual(written, ['out [', 'err grantcheck: a note\n', 'out ]\n']);
  });

  it('runs here when the thread stops before writing anything', async () => {
    const { io, written } = recorder();
    let ranHere = 0;
    const code = await runInLintThread(script, ['throw:no heap'], io, () => {
      ranHere++;
      return Promise.resolve(0);
    });
    assert.equal(code, 0);
    assert.equal(ranHere, 1);
    assert.deepEqual(written, []);
  });

  it('fails the run (not twice written) when the thread stops after writing', async () => {
    const { io, written } = recorder();
    const code = await runInLintThread(script, ['out:[', 'throw:boom'], io, () => Promise.reject(new Error('not here')));
    assert.equal(code, 2);
    assert.equal(written[0], 'out [');
    assert.match(written[1]!, /^err grantcheck: internal error: the lint thread stopped \(boom\)/);
  });

  it('the worker side sends the run\'s writes and its exit status (or an internal error)', async () => {
    const sent: FromLintThread[] = [];
    await new Promise<void>((resolve) => {
      runLintThread((m) => {
        sent.push(m);
        if (m.type === 'exit') resolve();
      }, { grantcheckLintThread: 1, argv: ['a'], color: true, progress: false }, async (argv, io) => {
        assert.equal(io.color, true);
        io.stdout(`linted ${argv.join(' ')}`);
        io.stderr('a note');
        return 1;
      });
    });
    assert.deepEqual(sent, [{ type: 'stdout', text: 'linted a' }, { type: 'stderr', text: 'a note' }, { type: 'exit', code: 1 }]);
    const failed: FromLintThread[] = [];
    await new Promise<void>((resolve) => {
      runLintThread((m) => {
        failed.push(m);
        if (m.type === 'exit') resolve();
      }, { grantcheckLintThread: 1, argv: [], color: false, progress: false }, () => Promise.reject(new Error('broken')));
    });
    assert.deepEqual(failed, [{ type: 'stderr', text: 'grantcheck: internal error: broken\n' }, { type: 'exit', code: 2 }]);
  });
});

describe('hasCandidateFiles (whether a run is large enough for the lint thread)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-candidates-'));
    for (let i = 0; i < 5; i++) {
      fs.mkdirSync(path.join(dir, 'a', String(i)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'a', String(i), 'p.json'), '{}');
      fs.writeFileSync(path.join(dir, 'a', String(i), 'notes.txt'), 'x');
    }
    fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, 'node_modules', 'x', `${i}.json`), '{}');
    fs.writeFileSync(path.join(dir, 'grants.SQL'), 'GRANT SELECT ON t TO u;');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts files the walk would collect (by extension, not in node_modules), up to the limit', () => {
    assert.equal(hasCandidateFiles([dir], 6), true);
    assert.equal(hasCandidateFiles([dir], 7), false, 'five policies and a script; no .txt, nothing in node_modules');
    assert.equal(hasCandidateFiles([path.join(dir, 'a', '0', 'p.json'), path.join(dir, 'grants.SQL')], 2), true, 'named files count');
    assert.equal(hasCandidateFiles([path.join(dir, 'missing')], 1), true, 'a missing input counts (the run reports it)');
    assert.equal(hasCandidateFiles([], 1), false);
  });
});
