// LSP 3.17 pull diagnostics (`textDocument/diagnostic`): negotiated with a client that declares it (as VS Code's does),
// answered `unchanged` when a version's diagnostics equal those the client holds, never pushed as well, refreshed when
// something other than the text changes them; code actions work on diagnostics kept from an equal earlier result.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspHarness } from './harness';

/** A valid policy with one fixable finding (iam/unknown-action on line 6) and a Sid to type in. */
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": "s3:GetObjects",
      "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
`;
const FIXED = POLICY.replace('s3:GetObjects', 's3:GetObject');
const SID_AT = POLICY.indexOf('"Read"') + '"Read'.length;
const withSid = (text: string, extra: string): string => text.slice(0, SID_AT) + extra + text.slice(SID_AT);

const TERRAFORM = `resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObjects", Resource = "*" }]
  })
}
`;
const CLOUDFORMATION = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjects\n            Resource: "*"\n';
const PERMISSION_SQL = "CREATE USER u PASSWORD 'abc';\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\n";
/** LSP error codes (LSPErrorCodes). */
const REQUEST_CANCELLED = -32800;
const SERVER_CANCELLED = -32802;
/** "Nothing pushed" means: no publish at all within this time after the last pull was answered. */
const QUIET_MS = 1000;

function full(report: DocumentDiagnosticReport): FullDocumentDiagnosticReport {
  assert.equal(report.kind, 'full', `expected a full report, got ${JSON.stringify(report)}`);
  return report as FullDocumentDiagnosticReport;
}

function unchanged(report: DocumentDiagnosticReport, resultId: string): void {
  assert.deepEqual(report, { kind: 'unchanged', resultId });
}

const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'json', 1, text), edits);
}

/** The quick fixes that edit the document itself (the engine's fixes; "disable" actions edit a config). */
function documentFixes(actions: (CodeAction | null)[] | null, uri: string): CodeAction[] {
  return (actions ?? []).filter((a): a is CodeAction => a !== null && a.kind === 'quickfix' && a.edit?.changes?.[uri] !== undefined);
}

async function rejection(promise: Promise<unknown>): Promise<{ code: number; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; data?: unknown };
  }
  assert.fail('expected the request to fail');
}

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-pull-'));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('capability negotiation', () => {
  it('a client declaring pull diagnostics and refresh gets diagnosticProvider (no inter-file dependencies, no workspace pull)', async () => {
    const lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, pullDiagnostics: true });
    try {
      const result = await lsp.initialize(null);
      assert.deepEqual(result.capabilities.diagnosticProvider, { identifier: 'grantcheck', interFileDependencies: false, workspaceDiagnostics: false });
      await lsp.waitUntil(() => lsp.logs.some((l) => l.includes('diagnostics: pulled by the editor')), 'the output channel naming pull mode');
    } finally {
      lsp.dispose();
    }
  });

  for (const [what, pullDiagnostics] of [
    ['without the capability', undefined],
    ['declaring pull but not refresh', { refreshSupport: false }],
  ] as const) {
    it(`a client ${what} gets no diagnosticProvider and pushed diagnostics`, async () => {
      const lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, ...(pullDiagnostics ? { pullDiagnostics } : {}) });
      try {
        const result = await lsp.initialize(null);
        assert.equal(result.capabilities.diagnosticProvider, undefined);
        const uri = 'untitled:negotiation.json';
        await lsp.open(uri, 'json', POLICY);
        const publish = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 'pushed diagnostics');
        assert.deepEqual(codes(publish.diagnostics), ['iam/unknown-action']);
        assert.ok(lsp.logs.some((l) => l.includes('diagnostics: published 120 ms after the last edit')), lsp.logs.join('\n'));
      } finally {
        lsp.dispose();
      }
    });
  }
});

describe('pull mode', () => {
  let lsp: LspHarness;
  let ws: string;

  before(async () => {
    ws = fs.mkdtempSync(path.join(tmp, 'ws-'));
    lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: true, settings: {}, pullDiagnostics: true });
    await lsp.initialize(pathToFileURL(ws).href);
  });
  after(() => lsp?.dispose());

  it('full → unchanged while typing in a Sid → full when a diagnostic moves; unknown and stale result ids get a full report', async () => {
    const uri = pathToFileURL(path.join(ws, 'typing.policy.json')).href;
    await lsp.open(uri, 'json', POLICY, 1);
    const first = full(await lsp.pull(uri));
    assert.ok(first.resultId, 'a full report carries a resultId');
    assert.deepEqual(codes(first.items), ['iam/unknown-action']);
    assert.equal(first.items[0]!.range.start.line, 6);
    assert.equal((first.items[0]!.data as { version: number }).version, 1);

    await lsp.change(uri, 2, withSid(POLICY, 'X'));
    unchanged(await lsp.pull(uri, first.resultId), first.resultId!);
    await lsp.change(uri, 3, withSid(POLICY, 'XY'));
    unchanged(await lsp.pull(uri, first.resultId), first.resultId!);

    // A line added above the statement moves the finding: a new full report, its data naming the new version.
    const moved = '\n' + withSid(POLICY, 'XY');
    await lsp.change(uri, 4, moved);
    const second = full(await lsp.pull(uri, first.resultId));
    assert.notEqual(second.resultId, first.resultId);
    assert.equal(second.items[0]!.range.start.line, 7);
    assert.equal((second.items[0]!.data as { version: number }).version, 4);

    // A changed message (another unknown action) is a change too, at the same place.
    await lsp.change(uri, 5, moved.replace('s3:GetObjects', 's3:GetObjectz'));
    const third = full(await lsp.pull(uri, second.resultId));
    assert.equal(third.items[0]!.range.start.line, 7);
    assert.notEqual(third.items[0]!.message, second.items[0]!.message);

    // An id the server never gave, and one that stands for other diagnostics than the current ones: full.
    const unknown = full(await lsp.pull(uri, 'not-a-result-id'));
    assert.deepEqual(unknown.items, third.items);
    full(await lsp.pull(uri, first.resultId));
    // No previous id (the client's first pull after it forgot the document): full.
    full(await lsp.pull(uri));
  });

  it('a pull right after didChange answers for that version (linted then, no debounce)', async () => {
    const uri = pathToFileURL(path.join(ws, 'waits.policy.json')).href;
    await lsp.open(uri, 'json', POLICY, 1);
    const before = full(await lsp.pull(uri));
    // didChange and the pull leave together, as vscode-languageclient sends them.
    void lsp.change(uri, 2, FIXED);
    const after = full(await lsp.pull(uri, before.resultId));
    assert.deepEqual(after.items, [], 'the fixed version has no finding');
    void lsp.change(uri, 3, POLICY);
    const again = full(await lsp.pull(uri, after.resultId));
    assert.deepEqual(codes(again.items), ['iam/unknown-action']);
    assert.equal((again.items[0]!.data as { version: number }).version, 3);
  });

  it('a pull for a closed or never-opened document is ServerCancelled without retrigger', async () => {
    const uri = pathToFileURL(path.join(ws, 'closed.policy.json')).href;
    await lsp.open(uri, 'json', POLICY, 1);
    full(await lsp.pull(uri));
    await lsp.close(uri);
    for (const target of [uri, pathToFileURL(path.join(ws, 'never-opened.json')).href]) {
      const error = await rejection(lsp.pull(target));
      assert.equal(error.code, SERVER_CANCELLED);
      assert.deepEqual(error.data, { retriggerRequest: false });
    }
    // Opened again: its first pull is a full report whatever id the client still has.
    await lsp.open(uri, 'json', POLICY, 1);
    assert.deepEqual(codes(full(await lsp.pull(uri)).items), ['iam/unknown-action']);
  });

  it('a pull cancelled before it runs is answered RequestCancelled, and the next pull answers the latest version', async () => {
    const uri = pathToFileURL(path.join(ws, 'cancel.policy.json')).href;
    await lsp.open(uri, 'json', POLICY, 1);
    // The edit, the pull and its cancellation in one write, as the client sends them when the text changes again:
    // the server reads the cancellation before it runs the pull. Its answer is read off the wire (the harness's
    // connection does not know this request id).
    const id = 'cancelled-pull';
    const frame = (message: object): string => {
      const json = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
    };
    let output = '';
    const listener = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    lsp.child.stdout!.on('data', listener);
    try {
      lsp.child.stdin!.write(
        frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: FIXED }] } }) +
          frame({ id, method: 'textDocument/diagnostic', params: { textDocument: { uri } } }) +
          frame({ method: '$/cancelRequest', params: { id } }),
      );
      const answer = (): { error?: { code: number } } | undefined => {
        const at = output.indexOf(`"id":"${id}"`);
        if (at < 0) return undefined;
        const start = output.lastIndexOf('{"jsonrpc"', at);
        const next = output.indexOf('Content-Length', at);
        return JSON.parse(output.slice(start, next < 0 ? undefined : next)) as { error?: { code: number } };
      };
      // The answer comes before the answer to a request sent after it.
      await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      const cancelled = answer();
      assert.ok(cancelled, `no answer to the cancelled pull in ${output.slice(-500)}`);
      assert.equal(cancelled.error?.code, REQUEST_CANCELLED, JSON.stringify(cancelled));
    } finally {
      lsp.child.stdout!.off('data', listener);
    }
    assert.deepEqual(full(await lsp.pull(uri)).items, [], 'the next pull answers version 2');
  });

  it('pushes nothing for any kind of document: policy, SQL, Terraform, CloudFormation, .grantcheck.json, profile file', async () => {
    fs.mkdirSync(path.join(ws, '.grantcheck', 'profiles'), { recursive: true });
    const documents: { file: string; languageId: string; text: string; code: string }[] = [
      { file: 'kinds.policy.json', languageId: 'json', text: POLICY, code: 'iam/unknown-action' },
      { file: 'grants.sql', languageId: 'sql', text: PERMISSION_SQL, code: 'redshift/' },
      { file: 'main.tf', languageId: 'terraform', text: TERRAFORM, code: 'iam/unknown-action' },
      { file: 'template.yaml', languageId: 'yaml', text: CLOUDFORMATION, code: 'iam/unknown-action' },
      { file: '.grantcheck.json', languageId: 'json', text: '{\n  "rules": []\n}\n', code: 'grantcheck/config' },
      { file: path.join('.grantcheck', 'profiles', 'team.json'), languageId: 'json', text: '{\n  "profiles": 3\n}\n', code: 'grantcheck/profile-file' },
    ];
    const since = lsp.mark();
    let uri = '';
    for (const d of documents) {
      uri = pathToFileURL(path.join(ws, d.file)).href;
      await lsp.open(uri, d.languageId, d.text, 1);
      const report = full(await lsp.pull(uri));
      assert.ok(
        report.items.some((item) => String(item.code).startsWith(d.code)),
        `${d.file}: expected ${d.code}, got ${JSON.stringify(codes(report.items))}`,
      );
      await lsp.change(uri, 2, d.text + '\n');
      await lsp.pull(uri, report.resultId);
      await lsp.close(uri);
    }
    // A window for a late (debounced) publish, then nothing may have been pushed for any document.
    await lsp.publishesDuring(uri, since, QUIET_MS);
    assert.deepEqual(
      lsp.publishes.filter((p) => p.seq >= since).map((p) => p.uri),
      [],
      'nothing pushed in pull mode',
    );
  });

  it('a settings change asks the client to pull again (workspace/diagnostic/refresh), and the pull sees it', async () => {
    const uri = pathToFileURL(path.join(ws, 'settings.policy.json')).href;
    await lsp.open(uri, 'json', POLICY, 1);
    const before = full(await lsp.pull(uri));
    assert.deepEqual(codes(before.items), ['iam/unknown-action']);
    const refreshes = lsp.refreshes;
    lsp.settings = { rules: { 'iam/unknown-action': 'off' } };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.waitUntil(() => lsp.refreshes > refreshes, 'a refresh after the settings change');
    assert.deepEqual(full(await lsp.pull(uri, before.resultId)).items, []);
    lsp.settings = {};
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.waitUntil(() => lsp.refreshes > refreshes + 1, 'a refresh after the settings are back');
    assert.deepEqual(codes(full(await lsp.pull(uri)).items), ['iam/unknown-action']);
  });

  it('a config or profile file changed on disk asks the client to pull again, and the pull sees it', async () => {
    const uri = pathToFileURL(path.join(ws, 'config.policy.json')).href;
    await lsp.open(uri, 'json', POLICY, 1);
    const before = full(await lsp.pull(uri));
    const configPath = path.join(ws, '.grantcheck.json');
    fs.writeFileSync(configPath, JSON.stringify({ rules: { 'iam/unknown-action': 'off' } }));
    const refreshes = lsp.refreshes;
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).href, type: 2 }] });
    await lsp.waitUntil(() => lsp.refreshes > refreshes, 'a refresh after the config change');
    assert.deepEqual(full(await lsp.pull(uri, before.resultId)).items, []);
    fs.rmSync(configPath);
    const profile = path.join(ws, '.grantcheck', 'profiles', 'team.json');
    fs.writeFileSync(profile, '{}');
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(profile).href, type: 1 }] });
    await lsp.waitUntil(() => lsp.refreshes > refreshes + 1, 'a refresh after the profile change');
    assert.deepEqual(codes(full(await lsp.pull(uri)).items), ['iam/unknown-action']);
    fs.rmSync(profile);
  });

  it('quick fixes and disable actions answer for diagnostics kept from an earlier result found equal, never for a different set', async () => {
    // A config to write "Disable …" into (the harness cannot create files).
    fs.mkdirSync(path.join(ws, 'actions'));
    fs.writeFileSync(path.join(ws, 'actions', '.grantcheck.json'), '{}\n');
    const uri = pathToFileURL(path.join(ws, 'actions', 'actions.policy.json')).href;
    await lsp.open(uri, 'json', POLICY, 1);
    const first = full(await lsp.pull(uri));
    const kept = first.items[0]!;
    // Typing in the Sid: the client keeps `kept` (data.version 1) after the unchanged answer.
    let text = withSid(POLICY, 'Typed');
    await lsp.change(uri, 2, text);
    unchanged(await lsp.pull(uri, first.resultId), first.resultId!);
    const actions = await lsp.codeActions(uri, [kept], ['quickfix']);
    const fixes = documentFixes(actions, uri);
    assert.equal(fixes.length, 1, JSON.stringify(actions));
    assert.deepEqual(fixes[0]!.diagnostics, [kept]);
    assert.equal(applyEdits(text, fixes[0]!.edit!.changes![uri]!), withSid(FIXED, 'Typed'), 'the fix is computed for the current text');
    assert.ok((actions ?? []).some((a) => a?.title.startsWith('Disable iam/unknown-action for this file')), 'the disable actions answer too');
    // Fix-all from the same request (no `only`): offered.
    assert.ok((await lsp.codeActions(uri, [kept]))?.some((a) => a?.kind === 'source.fixAll.grantcheck'));

    // A new version not pulled yet: the kept diagnostics were not found equal to it, no quick fix.
    text = '\n' + text;
    await lsp.change(uri, 3, text);
    assert.deepEqual(documentFixes(await lsp.codeActions(uri, [kept], ['quickfix']), uri), []);
    // Pulled: the diagnostics moved (full report); the old ones get nothing, the new ones their fix.
    const second = full(await lsp.pull(uri, first.resultId));
    assert.deepEqual(documentFixes(await lsp.codeActions(uri, [kept], ['quickfix']), uri), []);
    const fix = documentFixes(await lsp.codeActions(uri, [second.items[0]!], ['quickfix']), uri);
    assert.equal(fix.length, 1);
    assert.equal(applyEdits(text, fix[0]!.edit!.changes![uri]!), '\n' + withSid(FIXED, 'Typed'));
    // A diagnostic claiming to be the kept one but elsewhere or saying something else is not taken for it.
    const forged: Diagnostic = { ...second.items[0]!, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } } };
    assert.deepEqual(documentFixes(await lsp.codeActions(uri, [forged], ['quickfix']), uri), []);
  });
});
