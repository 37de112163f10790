// The idle-time warm-up of the keystroke path (server/src/lsp/warmUp.ts): it runs after a policy's first diagnostics,
// on a scratch copy, and never stands between a message and its answer: a didChange arriving during it is handled
// before any further slice, and every answer equals a full lint of its version.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { generatePolicy } from '../support/benchInputs';
import { LspHarness } from './harness';

// The server writes each warm-up step on standard error (GRANTCHECK_DEBUG_WARMUP, inherited by the servers started here).
process.env.GRANTCHECK_DEBUG_WARMUP = '1';

const POLICY = generatePolicy(12_000, 3);
const SID = '"Sid": "';
const TYPE_AT = POLICY.indexOf(SID, Math.floor(POLICY.length / 2)) + SID.length;

function full(report: DocumentDiagnosticReport): FullDocumentDiagnosticReport {
  assert.equal(report.kind, 'full', `expected a full report, got ${JSON.stringify(report)}`);
  return report as FullDocumentDiagnosticReport;
}

/** Diagnostics without what names the version they were computed for. */
const comparable = (diagnostics: Diagnostic[]): unknown[] => diagnostics.map((d) => ({ ...d, data: { ...(d.data as object), version: 0 } }));

/** The warm-up's lines on the server's standard error, in order. */
function steps(h: LspHarness): string[] {
  return h.stderr
    .split('\n')
    .filter((l) => l.startsWith('[grantcheck warm-up] '))
    .map((l) => l.slice('[grantcheck warm-up] '.length));
}

/** Types `count` letters one keystroke at a time (incremental didChange, then a pull, as VS Code does); the last report. */
async function type(h: LspHarness, uri: string, text: string, from: number, count: number, version: number): Promise<{ text: string; version: number; report: FullDocumentDiagnosticReport }> {
  let report: DocumentDiagnosticReport | undefined;
  for (let i = 0; i < count; i++) {
    const offset = TYPE_AT + from + i;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const ch = String.fromCharCode(97 + ((from + i) % 26));
    text = text.slice(0, offset) + ch + text.slice(offset);
    version++;
    void h.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }] });
    report = await h.pull(uri);
  }
  return { text, version, report: full(report!) };
}

/** The diagnostics a full lint gives `text`: a document opened with it (its first analysis has no cache). */
async function fullLint(h: LspHarness, text: string, name: string): Promise<Diagnostic[]> {
  const uri = `file:///warm-up/${name}.json`;
  await h.open(uri, 'json', text);
  const report = full(await h.pull(uri));
  await h.close(uri);
  return report.items;
}

/** A pull-diagnostics server over `transport`, initialized, for `body`; shut down after it, whatever it throws. */
async function withServer(transport: 'stdio' | 'ipc', body: (h: LspHarness) => Promise<void>): Promise<void> {
  const h = LspHarness.start({ transport, pullConfiguration: false, pullDiagnostics: true });
  try {
    await h.initialize(null);
    await body(h);
  } finally {
    await h.shutdown();
  }
}

for (const transport of ['stdio', 'ipc'] as const) {
  describe(`idle-time warm-up (${transport})`, () => {
    it('a didChange arriving during the warm-up is answered before any further slice, and equals a full lint', async () => {
      await withServer(transport, async (h) => {
      const uri = 'file:///warm-up/policy.json';
      await h.open(uri, 'json', POLICY);
      full(await h.pull(uri));
      // Once the warm-up is running its slices, a keystroke.
      await h.waitUntil(() => steps(h).some((l) => l.startsWith('slice 3 ')), 'the warm-up to run');
      const typed = await type(h, uri, POLICY, 0, 1, 1);
      const seen = steps(h);
      const started = seen.indexOf('started');
      const answered = seen.indexOf(`answered ${uri} version 2`);
      // The didChange stopped the warm-up when it arrived (a message before it may have stopped it too).
      const interrupted = seen.lastIndexOf('interrupted', answered);
      assert.ok(started >= 0 && started < interrupted && interrupted < answered, seen.join('\n'));
      assert.ok(seen.slice(started, interrupted).some((l) => l.startsWith('slice')), 'the keystroke came while slices ran');
      // Between the message's arrival and its answer no slice ran.
      assert.deepEqual(seen.slice(interrupted + 1, answered).filter((l) => l.startsWith('slice')), [], seen.join('\n'));
      assert.deepEqual(comparable(typed.report.items), comparable(await fullLint(h, typed.text, 'v2')));
      // It resumes when the server is idle, and ends.
      await h.waitUntil(() => steps(h).some((l) => l.startsWith('done')), 'the warm-up to end');
      assert.ok(steps(h).indexOf('resumed', answered) > answered);
      });
    });
  });
}

describe('idle-time warm-up', () => {
  it('after it, every keystroke’s diagnostics equal a full lint of its version', async () => {
    await withServer('stdio', async (h) => {
    const uri = 'file:///warm-up/policy.json';
    await h.open(uri, 'json', POLICY);
    full(await h.pull(uri));
    await h.waitUntil(() => steps(h).some((l) => l.startsWith('done')), 'the warm-up to end');
    let state = { text: POLICY, version: 1 };
    for (let round = 0; round < 3; round++) {
      const typed = await type(h, uri, state.text, round * 5, 5, state.version);
      assert.deepEqual(comparable(typed.report.items), comparable(await fullLint(h, typed.text, `round${round}`)), `round ${round}`);
      state = typed;
    }
    // Each slice said it ran: one paste per statement copied, then the keystrokes.
    const slices = steps(h).filter((l) => l.startsWith('slice'));
    const done = steps(h).find((l) => l.startsWith('done'))!;
    assert.equal(`done: ${slices.length} lints`, done.slice(0, done.indexOf(' lints') + ' lints'.length));
    assert.ok(slices.length > 100, done);
    });
  });

  it('ends for good once the user has typed 20 keystrokes (typing warms the path itself)', async () => {
    await withServer('stdio', async (h) => {
    const uri = 'file:///warm-up/policy.json';
    await h.open(uri, 'json', POLICY);
    full(await h.pull(uri));
    await h.waitUntil(() => steps(h).some((l) => l.startsWith('slice 3 ')), 'the warm-up to run');
    const typed = await type(h, uri, POLICY, 0, 25, 1);
    assert.deepEqual(comparable(typed.report.items), comparable(await fullLint(h, typed.text, 'after25')));
    const seen = steps(h);
    const stopped = seen.indexOf('stopped after 20 edits');
    assert.ok(stopped > 0, seen.join('\n'));
    assert.deepEqual(seen.slice(stopped).filter((l) => l.startsWith('slice') || l.startsWith('done') || l === 'resumed'), []);
    assert.ok(seen.indexOf(`answered ${uri} version 21`) > stopped);
    });
  });

  it('waits for a policy large enough, once per server', async () => {
    await withServer('stdio', async (h) => {
    const small = 'file:///warm-up/small.json';
    await h.open(small, 'json', generatePolicy(800, 4));
    full(await h.pull(small));
    const sql = 'file:///warm-up/grants.sql';
    await h.open(sql, 'sql', 'GRANT SELECT ON ALL TABLES IN SCHEMA s TO u;\n');
    await h.pull(sql);
    const large = 'file:///warm-up/large.json';
    await h.open(large, 'json', POLICY);
    full(await h.pull(large));
    await h.waitUntil(() => steps(h).some((l) => l.startsWith('done')), 'the warm-up to end');
    const other = 'file:///warm-up/other.json';
    await h.open(other, 'json', POLICY.replace('"Sid": "', '"Sid": "x'));
    full(await h.pull(other));
    const seen = steps(h).filter((l) => !l.startsWith('slice'));
    // Started by the large policy's answer only (the answers before it started nothing), and not again.
    assert.equal(seen.filter((l) => l === 'started').length, 1, seen.join('\n'));
    assert.deepEqual(seen.slice(0, 4), [`answered ${small} version 1`, `answered ${sql} version 1`, 'started', `answered ${large} version 1`]);
    });
  });
});
