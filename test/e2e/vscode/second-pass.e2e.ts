// Issue 21 (editor experience, second pass), items 3, 4 and 6 as a user meets them in VS Code, asserted through the
// public API in the extension host: the did-you-mean quick fix fits the statement's resources (Terraform, the issue's
// own example), an ordinary bucket policy is left alone, future-tables notes come once per schema, the resource-type
// message leads with plain words and the code lens counts unknown actions.
// Loaded by index.ts and compiled by scripts/e2e/build-vscode-tests.mjs.
/// <reference types="mocha" />

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, describeDiagnostics, fileUri, openEditor, waitForDiagnostics, withCode } from './helpers';
import { reportLine } from './report';

const DIR = 'second-pass';
const TERRAFORM = `${DIR}/read.tf`;
const BUCKET_POLICY = `${DIR}/bucket.policy.json`;
const GRANTS = `${DIR}/many-grants.sql`;
const TYPES_POLICY = `${DIR}/types.policy.json`;
const LENS_POLICY = `${DIR}/lens.policy.json`;

function write(relative: string, text: string): vscode.Uri {
  const uri = fileUri(relative);
  fs.mkdirSync(fileUri(DIR).fsPath, { recursive: true });
  fs.writeFileSync(uri.fsPath, text);
  return uri;
}


describe('GrantCheck editor second pass (issue 21: did-you-mean, noise, messages and lenses)', function () {
  this.timeout(40_000);
  afterEach(() => closeAllEditors());
  // Leave the shared fixture workspace as found.
  after(() => fs.rmSync(fileUri(DIR).fsPath, { recursive: true, force: true }));

  it('item 3: s3:ListBuckets on an object ARN in Terraform is not "fixed" to s3:ListBucket; s3:ListAllMyBuckets is offered and leaves no error', async function () {
    const uri = write(
      TERRAFORM,
      [
        'variable "bucket" {',
        '  type = string',
        '}',
        '',
        'data "aws_iam_policy_document" "read" {',
        '  statement {',
        '    actions   = ["s3:ListBuckets"]',
        '    resources = ["arn:aws:s3:::${var.bucket}/*"]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const editor = await openEditor(TERRAFORM);
    assert.equal(editor.document.languageId, 'terraform');
    const diagnostics = await waitForDiagnostics(uri, withCode('iam/unknown-action'), 'iam/unknown-action on s3:ListBuckets');
    const unknown = diagnostics.find((d) => codeOf(d) === 'iam/unknown-action')!;
    assert.equal(unknown.range.start.line, 6);
    assert.match(unknown.message, /Did you mean "s3:ListAllMyBuckets"/);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, unknown.range)) ?? [];
    reportLine(`    actions: ${actions.map((a) => a.title).join(' | ')}`);
    const changes = actions.filter((a) => a.kind?.value === 'quickfix' && /^Change to /.test(a.title));
    assert.deepEqual(changes.map((a) => a.title), ['Change to "s3:ListAllMyBuckets"'], 's3:ListBucket cannot apply to an object ARN: never offered');
    assert.ok(!actions.some((a) => a.title.includes('"s3:ListBucket"')), 'no action offers s3:ListBucket');
    const [change] = changes as [vscode.CodeAction];
    assert.notEqual(change.isPreferred, true, 'two readings of the typo: a person chooses, nothing is preferred');
    assert.ok(change.edit);
    assert.equal(await vscode.workspace.applyEdit(change.edit), true);
    assert.equal(editor.document.lineAt(6).text, '    actions   = ["s3:ListAllMyBuckets"]');
    // The result has no new error: the unknown action is gone and nothing of error severity took its place.
    const after = await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'iam/unknown-action'), 'the fixed action linted');
    assert.deepEqual(after.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => `${codeOf(d)} ${d.message}`), [], describeDiagnostics(after));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('item 4: an ordinary bucket policy gets no profile nudge (no GrantCheck diagnostic at all)', async function () {
    const principal = { AWS: 'arn:aws:iam::111122223333:role/app' };
    const uri = write(
      BUCKET_POLICY,
      JSON.stringify(
        {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'List', Effect: 'Allow', Principal: principal, Action: ['s3:GetBucketLocation', 's3:ListBucket'], Resource: 'arn:aws:s3:::app-data' },
            { Sid: 'Objects', Effect: 'Allow', Principal: principal, Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::app-data/*' },
          ],
        },
        null,
        2,
      ) + '\n',
    );
    await openEditor(BUCKET_POLICY);
    // An empty publish is still a publish: wait until the server has linted this document, then read everything.
    const probe = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  "Version": "2012-10-17",\n  "Statement": []\n  "Id": "x"\n}\n' });
    await waitForDiagnostics(probe.uri, withCode('iam/json-syntax'), 'the probe opened after the bucket policy');
    const all = vscode.languages.getDiagnostics(uri);
    assert.deepEqual(all.filter((d) => d.source === 'grantcheck').map((d) => `${codeOf(d)}: ${d.message}`), []);
    assert.ok(!all.some((d) => /looks like profile/i.test(d.message)), describeDiagnostics(all));
  });

  it('item 4: a grants script with 40 ON ALL TABLES grants gets one future-tables note per schema', async function () {
    const groups = Array.from({ length: 40 }, (_, i) => `CREATE GROUP g${i};`);
    const grants = Array.from({ length: 40 }, (_, i) => `GRANT SELECT ON ALL TABLES IN SCHEMA ${i % 2 === 0 ? 'sales' : 'hr'} TO GROUP g${i};`);
    const uri = write(GRANTS, [...groups, ...grants, ''].join('\n'));
    await openEditor(GRANTS);
    const diagnostics = await waitForDiagnostics(uri, withCode('redshift/future-tables'), 'redshift/future-tables');
    const notes = diagnostics.filter((d) => codeOf(d) === 'redshift/future-tables');
    reportLine(`    future-tables: ${notes.map((d) => `${d.range.start.line + 1}: ${d.message.slice(0, 60)}…`).join(' | ')}`);
    assert.equal(notes.length, 2, describeDiagnostics(notes));
    // On the first grant of each schema (sales on line 41, hr on line 42), naming the grantees it stands for.
    assert.deepEqual(notes.map((d) => d.range.start.line).sort((a, b) => a - b), [40, 41]);
    const sales = notes.find((d) => d.message.includes('IN SCHEMA sales'))!;
    assert.match(sales.message, /for group g0, group g2, group g4, group g6, group g8 and 15 more\./);
    assert.match(sales.message, /Reported once for the 20 grants/);
    assert.ok(notes.every((d) => d.severity === vscode.DiagnosticSeverity.Information));
  });

  it('item 6: the resource-type message leads with plain words, so the Problems panel shows the useful part', async function () {
    const uri = write(TYPES_POLICY, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::my-bucket/*"}\n  ]\n}\n');
    await openEditor(TYPES_POLICY);
    const diagnostics = await waitForDiagnostics(uri, withCode('iam/resource-type-mismatch'), 'iam/resource-type-mismatch');
    const mismatch = diagnostics.find((d) => codeOf(d) === 'iam/resource-type-mismatch')!;
    reportLine(`    message: ${mismatch.message}`);
    assert.ok(mismatch.message.startsWith('"s3:ListBucket" needs a bucket ARN such as arn:aws:s3:::my-bucket'), mismatch.message);
    // No raw template before the plain words (the panel cuts long messages on the right).
    const template = mismatch.message.indexOf('${');
    assert.ok(template === -1 || template > 60, mismatch.message);
  });

  it('item 6: the code lens counts an unknown action as one (two actions are never "1 action")', async function () {
    const uri = write(
      LENS_POLICY,
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjcet"], "Resource": "arn:aws:s3:::b/*"},\n    {"Effect": "Allow", "Action": "s3:ListBuckets", "Resource": "*"}\n  ]\n}\n',
    );
    await openEditor(LENS_POLICY);
    // Once the unknown actions are reported the server has analysed the document its lenses are computed from.
    await waitForDiagnostics(uri, (d) => d.filter((x) => codeOf(x) === 'iam/unknown-action').length === 2, 'both unknown actions');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const titles = lenses.sort((a, b) => a.range.start.line - b.range.start.line).map((l) => l.command?.title);
    reportLine(`    lenses: ${titles.join(' | ')}`);
    assert.deepEqual(titles, ['2 actions (1 unknown) · 1 resource', '1 action (1 unknown) · all resources']);
  });
});
