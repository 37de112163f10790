// The language server parses each document version once: every feature (diagnostics, completion, hover, symbols,
// folding, code lenses, code actions, expanded actions, documentInfo) reads the same analysis; a new version parses once more.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createConnection } from 'vscode-languageserver/node';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { parseObserver } from '../../server/src/engine/iam/document';
import { lintText } from '../../server/src/engine/lint';
import { LintCache } from '../../server/src/engine/lintCache';
import { generatePolicy } from '../support/benchInputs';
import { startServer } from '../../server/src/lsp/server';
import type { ServerCore } from '../../server/src/lsp/core';
import { testData } from '../support/data';

const GUARD_MS = 20_000;

/** Every text the IAM document parser parsed (iam/document.ts parseObserver). */
const parsedTexts: string[] = [];
/** Every text the server linted (detect → parse → rules), and the lint cache it linted with. */
const lintedTexts: string[] = [];
const lintCaches: (LintCache | undefined)[] = [];

let client: ProtocolConnection;
let core: ServerCore;
let workspace: string;
const publishes: PublishDiagnosticsParams[] = [];
const waiters = new Set<() => void>();

function until<T>(what: string, get: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`timed out waiting for ${what}`));
    }, GUARD_MS);
    const check = (): void => {
      const value = get();
      if (value === undefined) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(value);
    };
    waiters.add(check);
    check();
  });
}

const publishOf = (uri: string, version: number): Promise<Diagnostic[]> =>
  until(`diagnostics of ${uri} v${version}`, () => publishes.find((p) => p.uri === uri && p.version === version)?.diagnostics);

const count = (list: readonly string[], text: string): number => list.filter((t) => t === text).length;

before(async () => {
  parseObserver.parsed = (text) => parsedTexts.push(text);
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-parse-once-'));
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  core = startServer(connection, testData(), {
    lint: (text, options) => {
      lintedTexts.push(text);
      lintCaches.push(options.cache);
      return lintText(text, options);
    },
  });
  client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    publishes.push(params);
    for (const waiter of [...waiters]) waiter();
  });
  client.onNotification('window/logMessage', () => undefined);
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(workspace).href, capabilities: {} });
  await client.sendNotification('initialized', {});
});

after(() => {
  delete parseObserver.parsed;
  client.dispose();
  fs.rmSync(workspace, { recursive: true, force: true });
});

const POLICY_V1 = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:GetObjekt", "s3:Get*"],
      "Resource": "arn:aws:s3:::reports-bucket/*"
    }
  ]
}
`;
const POLICY_V2 = POLICY_V1.replace('"Sid": "Read",', '"Sid": "ReadReports",\n      ');

/** Every feature the server offers for a policy, at `position` (inside the Action string). */
async function everyFeature(uri: string, diagnostics: Diagnostic[], position: { line: number; character: number }): Promise<void> {
  const textDocument = { uri };
  assert.ok(await client.sendRequest('textDocument/completion', { textDocument, position }), 'completion answers');
  assert.ok(await client.sendRequest('textDocument/hover', { textDocument, position }), 'hover answers');
  assert.ok(((await client.sendRequest('textDocument/documentSymbol', { textDocument })) as unknown[]).length > 0, 'symbols answer');
  assert.ok(((await client.sendRequest('textDocument/foldingRange', { textDocument })) as unknown[]).length > 0, 'folding answers');
  assert.ok(((await client.sendRequest('textDocument/codeLens', { textDocument })) as unknown[]).length > 0, 'code lenses answer');
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  await client.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics } });
  await client.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics: [], only: ['source.fixAll'] } });
  assert.ok(await client.sendRequest('grantcheck/expandedActions', { uri, statementIndex: 0 }), 'expanded actions answer');
  assert.equal(((await client.sendRequest('grantcheck/documentInfo', { uri })) as { kind?: string }).kind, 'iam-policy');
}

describe('parse once per document version', () => {
  it('an IAM policy: one parse for diagnostics and every feature; a new version (asked for by completion before its lint) one more', async () => {
    const uri = pathToFileURL(path.join(workspace, 'reports.policy.json')).href;
    const actionAt = { line: 6, character: 20 };
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: POLICY_V1 } });
    const diagnostics = await publishOf(uri, 1);
    assert.ok(diagnostics.length > 0, 'the typo is reported');
    await everyFeature(uri, diagnostics, actionAt);
    assert.equal(count(parsedTexts, POLICY_V1), 1, 'version 1 was parsed once');
    assert.equal(count(lintedTexts, POLICY_V1), 1, 'version 1 was linted once');

    // Completion asks for version 2 before the debounced lint: it analyses v2 once, and the lint reuses that.
    await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: POLICY_V2 }] });
    assert.ok(await client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { ...actionAt, line: actionAt.line + 1 } }));
    const diagnostics2 = await publishOf(uri, 2);
    await everyFeature(uri, diagnostics2, { ...actionAt, line: actionAt.line + 1 });
    assert.equal(count(parsedTexts, POLICY_V2), 1, 'version 2 was parsed once');
    assert.equal(count(lintedTexts, POLICY_V2), 1, 'version 2 was linted once');
    assert.equal(count(parsedTexts, POLICY_V1), 1, 'version 1 was not parsed again');
  });

  it('a Redshift script: one analysis per version for diagnostics, completion, hover and symbols', async () => {
    const uri = pathToFileURL(path.join(workspace, 'grants.sql')).href;
    const sql = 'CREATE USER bob PASSWORD DISABLE;\nGRANT SELECT ON ALL TABLES IN SCHEMA sales TO bob;\n';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sql', version: 1, text: sql } });
    await publishOf(uri, 1);
    const textDocument = { uri };
    await client.sendRequest('textDocument/completion', { textDocument, position: { line: 1, character: 6 } });
    await client.sendRequest('textDocument/hover', { textDocument, position: { line: 1, character: 2 } });
    assert.ok(((await client.sendRequest('textDocument/documentSymbol', { textDocument })) as unknown[]).length > 0, 'symbols answer');
    await client.sendRequest('textDocument/codeAction', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.equal(count(lintedTexts, sql), 1, 'the script was analysed once');
  });

  it('a settings change analyses again (new generation), once', async () => {
    const before = core.cache.analyses;
    const uri = pathToFileURL(path.join(workspace, 'reports.policy.json')).href;
    const seen = publishes.length;
    await client.sendNotification('workspace/didChangeConfiguration', { settings: { grantcheck: { rules: { 'iam/action-typo': 'off' } } } });
    await until('a publish after the settings change', () => (publishes.slice(seen).some((p) => p.uri === uri) ? true : undefined));
    await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 20 } });
    assert.equal(count(parsedTexts, POLICY_V2), 2, 'parsed again for the new settings, and once only');
    assert.ok(core.cache.analyses > before);
  });

  it('each open document keeps one lint cache across its versions (a keystroke re-checks one statement); closing drops it', async () => {
    const uri = pathToFileURL(path.join(workspace, 'typing.policy.json')).href;
    let text = generatePolicy(6_000, 4);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    await publishOf(uri, 1);
    const cacheOf = (t: string): LintCache | undefined => lintCaches[lintedTexts.lastIndexOf(t)];
    const cache = cacheOf(text);
    assert.ok(cache instanceof LintCache, 'the server lints with a lint cache');
    const at = text.indexOf('"Sid": "') + 8;
    for (let version = 2; version <= 4; version++) {
      text = text.slice(0, at) + 'x' + text.slice(at);
      const hits = cache.hits;
      await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      const diagnostics = await publishOf(uri, version);
      assert.equal(cacheOf(text), cache, `version ${version} was linted with the document's cache`);
      assert.ok(cache.hits > hits, 'unchanged statements came from the cache');
      const full = lintText(text, { data: testData(), kind: 'iam-policy' }).findings;
      assert.deepEqual(diagnostics.map((d) => [d.code, d.message, d.range]), full.map((f) => [f.ruleId, f.message, f.range]), 'the diagnostics are those of a full lint');
    }
    await client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    await until('the reopened document is linted', () => (lintCaches.length > 0 && lintedTexts.lastIndexOf(text) === lintedTexts.length - 1 && cacheOf(text) !== cache ? true : undefined));
    assert.notEqual(cacheOf(text), cache, 'a reopened document starts with a new cache');
  });
});
