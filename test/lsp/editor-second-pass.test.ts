// Issue 21 (editor experience, second pass), items 3, 4 and 6 as the language server serves them: did-you-mean quick
// fixes that fit the statement, less noise (profile suggestions, future tables, JSON syntax in VS Code's words) and
// plain-worded resource-type messages.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspHarness, type Publish } from './harness';

/** Generous: this file runs beside CPU-heavy test files. */
const WAIT_MS = 20_000;

let server: LspHarness;
let workspace: string;
let version = 1;

const uriOf = (name: string): string => pathToFileURL(path.join(workspace, name)).href;

function applyTextEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'json', 1, text), edits);
}

/** Opens a document and returns its first publish that has settled (any diagnostics at all, or none). */
async function open(name: string, languageId: string, text: string, accept: (p: Publish) => boolean = () => true): Promise<{ uri: string; publish: Publish }> {
  const uri = uriOf(name);
  const since = server.mark();
  await server.open(uri, languageId, text, version++);
  const publish = await server.waitForDiagnostics(uri, accept, `diagnostics of ${name}`, since, WAIT_MS);
  return { uri, publish };
}

const quickFixes = async (uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> =>
  (((await server.codeActions(uri, [diagnostic], ['quickfix'])) ?? []) as CodeAction[]).filter((a) => a.edit?.changes?.[uri]);

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-second-pass-'));
  server = LspHarness.start({ transport: 'stdio', pullConfiguration: false, settings: {} });
  await server.initialize(pathToFileURL(workspace).href);
});

after(() => {
  server.dispose();
  fs.rmSync(workspace, { recursive: true, force: true });
});

describe('issue 21 over LSP', () => {
  it('did-you-mean: s3:ListBuckets on objects offers s3:ListAllMyBuckets, never s3:ListBucket, and nothing is preferred', async () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBuckets", "Resource": "arn:aws:s3:::my-bucket/*"}]}';
    const { uri, publish } = await open('did-you-mean.policy.json', 'json', text, (p) => p.diagnostics.some((d) => d.code === 'iam/unknown-action'));
    const diagnostic = publish.diagnostics.find((d) => d.code === 'iam/unknown-action')!;
    assert.match(String(diagnostic.message), /Did you mean "s3:ListAllMyBuckets"/);
    const fixes = await quickFixes(uri, diagnostic);
    const changes = fixes.filter((a) => a.title.startsWith('Change to'));
    assert.deepEqual(changes.map((a) => a.title), ['Change to "s3:ListAllMyBuckets"']);
    assert.ok(changes.every((a) => a.isPreferred !== true), 'two readings: a person chooses');
    assert.equal(applyTextEdits(text, changes[0]!.edit!.changes![uri]!), text.replace('ListBuckets', 'ListAllMyBuckets'));
  });

  it('an ordinary bucket policy gets no profile suggestion', async () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['s3:GetBucketLocation', 's3:ListBucket'], Resource: 'arn:aws:s3:::app-data' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::app-data/*' },
      ],
    }, null, 2);
    const { publish } = await open('bucket.policy.json', 'json', text);
    assert.deepEqual(publish.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
  });

  it('a missing comma: VS Code\'s words and range, with the quick fix', async () => {
    const text = '{\n  "Version": "2012-10-17"\n  "Statement": []\n}';
    const { uri, publish } = await open('comma.policy.json', 'json', text, (p) => p.diagnostics.some((d) => d.code === 'iam/json-syntax'));
    const syntax = publish.diagnostics.filter((d) => d.code === 'iam/json-syntax');
    assert.deepEqual(
      syntax.map((d) => [d.message, d.range]),
      [['Expected comma', { start: { line: 2, character: 2 }, end: { line: 2, character: 13 } }]],
    );
    const [fix] = await quickFixes(uri, syntax[0]!);
    assert.equal(fix?.title, 'Insert the missing comma');
    assert.equal(applyTextEdits(text, fix!.edit!.changes![uri]!), text.replace('"2012-10-17"', '"2012-10-17",'));
  });

  it('a grants script gets one future-tables note per schema', async () => {
    const lines = ['CREATE USER etl PASSWORD DISABLE;'];
    for (let i = 0; i < 40; i++) lines.push(`GRANT SELECT ON ALL TABLES IN SCHEMA ${i % 2 === 0 ? 'sales' : 'hr'} TO GROUP g${i};`);
    const text = `${Array.from({ length: 40 }, (_, i) => `CREATE GROUP g${i};`).join('\n')}\n${lines.join('\n')}\n`;
    const { publish } = await open('grants.sql', 'sql', text, (p) => p.diagnostics.some((d) => d.code === 'redshift/future-tables'));
    const notes = publish.diagnostics.filter((d) => d.code === 'redshift/future-tables');
    assert.equal(notes.length, 2, notes.map((d) => d.message).join('\n'));
    assert.match(String(notes[0]!.message), /^ON ALL TABLES IN SCHEMA sales .* for group g0, group g2, group g4, group g6, group g8 and 15 more\..*Reported once for the 20 grants/);
  });

  it('the resource-type message leads with plain words', async () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket/*"}]}';
    const { publish } = await open('types.policy.json', 'json', text, (p) => p.diagnostics.some((d) => d.code === 'iam/resource-type-mismatch'));
    const message = String(publish.diagnostics.find((d) => d.code === "iam/resource-type-mismatch")!.message);
    assert.ok(message.startsWith('"s3:ListBucket" needs a bucket ARN such as arn:aws:s3:::my-bucket'), message);
  });
});
