// Drives the bundled language server (dist/server.js) over the real protocol: diagnostics, code actions, settings, shutdown.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { LspHarness, type Publish } from './harness';

/** Missing comma between the two statements: iam/json-syntax at 0-based line 6, character 4, fixable. */
const BROKEN_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-reports/*"
    }
    {
      "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::example-reports/*"
    }
  ]
}
`;
const FIXED_POLICY = BROKEN_POLICY.replace('    }\n    {', '    },\n    {');
/** Two fixable syntax slips: the missing comma and a trailing comma. */
const TWO_SLIPS = BROKEN_POLICY.replace('"arn:aws:s3:::example-reports/*"\n    }\n  ]', '"arn:aws:s3:::example-reports/*",\n    }\n  ]');
const UNRELATED_JSON = '{\n  "name": "my-app",\n  "version": "1.0.0",\n  "dependencies": {}\n}\n';
const QUERY_SQL = 'SELECT order_date, SUM(amount)\nFROM sales.orders\nGROUP BY order_date;\n';
const PERMISSION_SQL = "CREATE USER u PASSWORD 'abc';\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO u;\n";
/** "No diagnostics" means: nothing published, or only empty publishes, within this time. */
const QUIET_MS = 1500;

const codes = (p: Publish): string[] => p.diagnostics.map((d) => String(d.code));
const hasCode = (code: string) => (p: Publish) => codes(p).includes(code);

function applyLspEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'json', 1, text), edits);
}

function assertGrantcheckDiagnostic(d: Diagnostic): void {
  assert.equal(d.source, 'grantcheck');
  assert.equal(typeof d.code, 'string');
  if (d.code === 'grantcheck/internal') return;
  assert.match(String(d.code), /^(iam|redshift)\/[a-z0-9-]+$/);
  assert.ok(d.codeDescription?.href.endsWith(`docs/rules/${String(d.code)}.md`), `href of ${String(d.code)}: ${d.codeDescription?.href}`);
  assert.ok(d.data !== undefined, 'diagnostics carry data to find their fixes');
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `code action "${action.title}" edits ${uri}`);
  return edits;
}

async function assertNoDiagnostics(lsp: LspHarness, uri: string, since: number): Promise<void> {
  const publishes = await lsp.publishesDuring(uri, since, QUIET_MS);
  assert.deepEqual(
    publishes.flatMap((p) => codes(p)),
    [],
    `expected no diagnostics for ${uri}, got ${JSON.stringify(publishes.map((p) => p.diagnostics))}`,
  );
}

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-lsp-'));
});
after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('language server over stdio, with workspace/configuration', () => {
  let lsp: LspHarness;
  let policyUri: string;
  let policyText = BROKEN_POLICY;
  let version = 1;

  before(async () => {
    lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: true, settings: {} });
    const result = await lsp.initialize(pathToFileURL(tmp).href);
    assert.equal(result.serverInfo?.name, 'grantcheck');
    const policyPath = path.join(tmp, 'x.policy.json');
    fs.writeFileSync(policyPath, BROKEN_POLICY);
    policyUri = pathToFileURL(policyPath).href;
  });
  after(() => lsp?.dispose());

  it('publishes diagnostics for a policy file, with rule id, doc link and data', async () => {
    const since = lsp.mark();
    await lsp.open(policyUri, 'json', policyText, version);
    const publish = await lsp.waitForDiagnostics(policyUri, hasCode('iam/json-syntax'), 'the missing-comma diagnostic', since);
    publish.diagnostics.forEach(assertGrantcheckDiagnostic);
    const comma = publish.diagnostics.find((d) => d.code === 'iam/json-syntax')!;
    assert.deepEqual(comma.range.start, { line: 6, character: 4 });
    assert.equal(comma.severity, 1, 'error');
    assert.equal(publish.version, 1);
  });

  it('lints an untitled JSON document that has a Statement key', async () => {
    const uri = 'untitled:Untitled-1';
    const since = lsp.mark();
    await lsp.open(uri, 'json', '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}');
    const publish = await lsp.waitForDiagnostics(uri, hasCode('iam/json-syntax'), 'the trailing-comma diagnostic', since);
    publish.diagnostics.forEach(assertGrantcheckDiagnostic);
  });

  it('lints a Redshift permission script', async () => {
    const uri = pathToFileURL(path.join(tmp, 'grants.sql')).href;
    const since = lsp.mark();
    await lsp.open(uri, 'sql', PERMISSION_SQL);
    const publish = await lsp.waitForDiagnostics(uri, (p) => codes(p).some((c) => c.startsWith('redshift/')), 'a redshift/ diagnostic', since);
    publish.diagnostics.forEach(assertGrantcheckDiagnostic);
  });

  it('leaves an unrelated package.json and an ordinary SQL query alone', async () => {
    const jsonUri = pathToFileURL(path.join(tmp, 'package.json')).href;
    const sqlUri = pathToFileURL(path.join(tmp, 'report.sql')).href;
    const since = lsp.mark();
    await lsp.open(jsonUri, 'json', UNRELATED_JSON);
    await lsp.open(sqlUri, 'sql', QUERY_SQL);
    await Promise.all([assertNoDiagnostics(lsp, jsonUri, since), assertNoDiagnostics(lsp, sqlUri, since)]);
  });

  it('returns the quick fix of a diagnostic, found through Diagnostic.data', async () => {
    const latest = [...lsp.publishes].reverse().find((p) => p.uri === policyUri)!;
    const comma = latest.diagnostics.find((d) => d.code === 'iam/json-syntax')!;
    const actions = (await lsp.codeActions(policyUri, [comma], ['quickfix'])) ?? [];
    // The engine's fixes edit the document itself (other quick fixes, e.g. "disable rule", edit a config file).
    const editsDocument = (a: CodeAction | null): a is CodeAction => a !== null && a.kind === 'quickfix' && a.edit?.changes?.[policyUri] !== undefined;
    const fixes = actions.filter(editsDocument);
    assert.equal(fixes.length, 1, JSON.stringify(actions));
    assert.deepEqual(fixes[0]!.diagnostics, [comma]);
    assert.equal(applyLspEdits(policyText, editsOf(fixes[0]!, policyUri)), FIXED_POLICY);
    // Without its data the server cannot tell which finding a diagnostic is: no fix, not a guess.
    const { data: _ignored, ...withoutData } = comma;
    const none = (await lsp.codeActions(policyUri, [withoutData], ['quickfix'])) ?? [];
    assert.deepEqual(none.filter(editsDocument), []);
  });

  it('re-lints after didChange (debounced: only the last of quick edits is published)', async () => {
    const since = lsp.mark();
    await lsp.change(policyUri, ++version, FIXED_POLICY);
    await lsp.change(policyUri, ++version, TWO_SLIPS);
    await lsp.change(policyUri, ++version, FIXED_POLICY);
    policyText = FIXED_POLICY;
    const publish = await lsp.waitForDiagnostics(policyUri, (p) => p.version === version, `diagnostics for version ${version}`, since);
    assert.deepEqual(codes(publish).filter((c) => c === 'iam/json-syntax'), []);
    const published = lsp.publishes.filter((p) => p.uri === policyUri && p.seq >= since).map((p) => p.version);
    // Edits sent in one burst are linted once; a machine stalled for longer than the debounce may
    // lint one intermediate version, but never both, and never publishes an older version last.
    assert.ok(published.filter((v) => v !== version).length < 2, `intermediate versions published: ${published.join(', ')}`);
    assert.equal(published.at(-1), version);
  });

  it('publishes an opened document once (its open also fires a content change, whose debounced lint is not repeated)', async () => {
    const since = lsp.mark();
    const opened = pathToFileURL(path.join(tmp, 'opened-once.policy.json')).href;
    await lsp.open(opened, 'json', BROKEN_POLICY);
    await lsp.waitForDiagnostics(opened, (p) => p.version === 1, 'the first diagnostics', since);
    // A change of the policy sent now is debounced like the content change of the open, and timers of one delay fire
    // in the order they were set: once its diagnostics arrive, the open's debounced lint has had its turn.
    await lsp.change(policyUri, ++version, policyText);
    await lsp.waitForDiagnostics(policyUri, (p) => p.version === version, `diagnostics for version ${version}`, since);
    const published = lsp.publishes.filter((p) => p.uri === opened && p.seq >= since).map((p) => p.version);
    assert.deepEqual(published, [1]);
  });

  it('source.fixAll.grantcheck returns one edit that leaves nothing fixable', async () => {
    let since = lsp.mark();
    await lsp.change(policyUri, ++version, TWO_SLIPS);
    policyText = TWO_SLIPS;
    const before = await lsp.waitForDiagnostics(policyUri, (p) => p.version === version, 'diagnostics of the two slips', since);
    assert.equal(before.diagnostics.filter((d) => d.code === 'iam/json-syntax').length, 2, JSON.stringify(before.diagnostics));
    const actions = ((await lsp.codeActions(policyUri, [], ['source.fixAll.grantcheck'])) ?? []).filter((a): a is CodeAction => a !== null);
    assert.equal(actions.length, 1, JSON.stringify(actions));
    assert.equal(actions[0]!.kind, 'source.fixAll.grantcheck');
    const edits = editsOf(actions[0]!, policyUri);
    assert.equal(edits.length, 1, 'one edit');
    const fixed = applyLspEdits(policyText, edits);
    assert.equal(fixed, FIXED_POLICY);

    since = lsp.mark();
    await lsp.change(policyUri, ++version, fixed);
    policyText = fixed;
    const afterFix = await lsp.waitForDiagnostics(policyUri, (p) => p.version === version, 'diagnostics after fix-all', since);
    const quickFixes = ((await lsp.codeActions(policyUri, afterFix.diagnostics, ['quickfix'])) ?? []).filter((a) => a?.isPreferred);
    assert.deepEqual(quickFixes, [], 'no preferred fix is left');
    assert.deepEqual((await lsp.codeActions(policyUri, [], ['source.fixAll.grantcheck'])) ?? [], [], 'fix-all has nothing left to do');
  });

  it('re-lints every open document live when settings change', async () => {
    let since = lsp.mark();
    await lsp.change(policyUri, ++version, BROKEN_POLICY);
    policyText = BROKEN_POLICY;
    await lsp.waitForDiagnostics(policyUri, (p) => p.version === version && hasCode('iam/json-syntax')(p), 'the comma error again', since);

    since = lsp.mark();
    lsp.settings = { rules: { 'iam/json-syntax': 'off' } };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.waitForDiagnostics(policyUri, (p) => !hasCode('iam/json-syntax')(p), 'diagnostics without the rule turned off', since);

    since = lsp.mark();
    lsp.settings = { rules: { 'iam/json-syntax': 'warning' } };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const warned = await lsp.waitForDiagnostics(policyUri, hasCode('iam/json-syntax'), 'the rule back as a warning', since);
    assert.equal(warned.diagnostics.find((d) => d.code === 'iam/json-syntax')!.severity, 2);
  });

  it('publishes empty diagnostics on didClose', async () => {
    const since = lsp.mark();
    await lsp.close(policyUri);
    const publish = await lsp.waitForDiagnostics(policyUri, () => true, 'the clearing publish', since);
    assert.deepEqual(publish.diagnostics, []);
  });

  it('shuts down and exits with status 0', async () => {
    assert.equal(await lsp.shutdown(), 0);
  });
});

describe('language server over stdio, without workspace/configuration', () => {
  let lsp: LspHarness;
  before(async () => {
    lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false, initializationOptions: { settings: { rules: { 'iam/json-syntax': 'info' } } } });
    await lsp.initialize(null);
  });
  after(() => lsp?.dispose());

  it('uses initializationOptions, then settings pushed with didChangeConfiguration', async () => {
    const uri = 'untitled:Untitled-2';
    let since = lsp.mark();
    await lsp.open(uri, 'json', BROKEN_POLICY);
    const first = await lsp.waitForDiagnostics(uri, hasCode('iam/json-syntax'), 'the comma diagnostic', since);
    assert.equal(first.diagnostics.find((d) => d.code === 'iam/json-syntax')!.severity, 3, 'information, from initializationOptions');

    since = lsp.mark();
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: { grantcheck: { rules: { 'iam/json-syntax': 'off' } } } });
    await lsp.waitForDiagnostics(uri, (p) => !hasCode('iam/json-syntax')(p), 'diagnostics without the rule', since);
    assert.equal(lsp.stderr.includes('Error'), false, lsp.stderr);
    assert.equal(await lsp.shutdown(), 0);
  });
});

describe('language server settings: enable and policyFiles', () => {
  let lsp: LspHarness;
  after(() => lsp?.dispose());

  it('grantcheck.enable=false clears diagnostics; policyFiles makes a JSON file without Statement a policy', async () => {
    lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: true, settings: {} });
    await lsp.initialize(null);
    const policyUri = pathToFileURL(path.join(tmp, 'enable', 'p.policy.json')).href;
    const roleUri = pathToFileURL(path.join(tmp, 'enable', 'roles', 'r.json')).href;
    let since = lsp.mark();
    await lsp.open(policyUri, 'json', BROKEN_POLICY);
    await lsp.open(roleUri, 'json', '{ "Version": "2012-10-17" }\n');
    await lsp.waitForDiagnostics(policyUri, hasCode('iam/json-syntax'), 'the comma error', since);
    await assertNoDiagnostics(lsp, roleUri, since);

    since = lsp.mark();
    lsp.settings = { enable: false };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const cleared = await lsp.waitForDiagnostics(policyUri, () => true, 'the clearing publish', since);
    assert.deepEqual(cleared.diagnostics, []);

    since = lsp.mark();
    lsp.settings = { enable: true, policyFiles: ['roles/*.json'] };
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await lsp.waitForDiagnostics(policyUri, hasCode('iam/json-syntax'), 'the comma error again', since);
    await lsp.waitForDiagnostics(roleUri, hasCode('iam/policy-structure'), 'the missing Statement', since);
    assert.equal(await lsp.shutdown(), 0);
  });
});

describe('language server with a malformed .grantcheck.json', () => {
  let lsp: LspHarness;
  after(() => lsp?.dispose());

  it('lints with the defaults, logs each config problem once with its position, and picks up the corrected file', async () => {
    const dir = path.join(tmp, 'malformed');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '.grantcheck.json'), '{\n  "rules": { "iam/json-syntax": "loud" }\n}\n');
    const uri = pathToFileURL(path.join(dir, 'p.policy.json')).href;
    lsp = LspHarness.start({ transport: 'stdio', pullConfiguration: false });
    await lsp.initialize(pathToFileURL(dir).href);
    // Clients other than VS Code's only report changes to files the server asks to watch.
    await lsp.waitUntil(
      () => lsp.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('**/.grantcheck.json')),
      'a file watcher registration for .grantcheck.json',
    );
    let since = lsp.mark();
    await lsp.open(uri, 'json', BROKEN_POLICY);
    const first = await lsp.waitForDiagnostics(uri, hasCode('iam/json-syntax'), 'the comma error (default severity)', since);
    assert.equal(first.diagnostics.find((d) => d.code === 'iam/json-syntax')!.severity, 1);
    for (const version of [2, 3]) {
      since = lsp.mark();
      await lsp.change(uri, version, BROKEN_POLICY + ' '.repeat(version));
      await lsp.waitForDiagnostics(uri, (p) => p.version === version, `diagnostics of version ${version}`, since);
    }
    const logged = lsp.logs.filter((m) => m.includes('.grantcheck.json:2:14'));
    assert.equal(logged.length, 1, `config problem logged once: ${JSON.stringify(lsp.logs)}`);
    assert.match(logged[0]!, /Severity of "iam\/json-syntax" must be one of/);

    // The user fixes the config on disk; the client reports the change and the server re-lints.
    fs.writeFileSync(path.join(dir, '.grantcheck.json'), '{\n  "rules": { "iam/json-syntax": "hint" }\n}\n');
    since = lsp.mark();
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(path.join(dir, '.grantcheck.json')).href, type: 2 }],
    });
    const relinted = await lsp.waitForDiagnostics(uri, hasCode('iam/json-syntax'), 'diagnostics with the corrected config', since);
    assert.equal(relinted.diagnostics.find((d) => d.code === 'iam/json-syntax')!.severity, 4, 'hint, from the corrected config');
    assert.equal(await lsp.shutdown(), 0);
  });
});

describe('language server over node IPC', () => {
  let lsp: LspHarness;
  after(() => lsp?.dispose());

  it('initializes, publishes diagnostics and exits cleanly', async () => {
    lsp = LspHarness.start({ transport: 'ipc', pullConfiguration: false });
    await lsp.initialize(null);
    const uri = 'untitled:Untitled-3';
    const since = lsp.mark();
    await lsp.open(uri, 'json', BROKEN_POLICY);
    await lsp.waitForDiagnostics(uri, hasCode('iam/json-syntax'), 'the comma diagnostic', since);
    assert.equal(await lsp.shutdown(), 0);
  });
});
