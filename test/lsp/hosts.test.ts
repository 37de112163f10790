// Terraform and CloudFormation documents in the language server: diagnostics in host coordinates, fix-all in host syntax.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { LspHarness, ROOT } from './harness';

let server: LspHarness;

before(async () => {
  server = LspHarness.start({ transport: 'stdio', pullConfiguration: false });
  await server.initialize(null);
});

after(() => server.dispose());

test('a .tf document (language id terraform) gets the embedded policy findings on the right line', async () => {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'hosts', 'seed-002-streams.tf'), 'utf8');
  const uri = 'file:///tmp/grantcheck-hosts/streams.tf';
  const since = server.mark();
  await server.open(uri, 'terraform', text);
  const publish = await server.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 'Terraform diagnostics', since);
  const mismatch = publish.diagnostics.find((d) => d.code === 'iam/resource-type-mismatch');
  assert.ok(mismatch, JSON.stringify(publish.diagnostics.map((d) => d.code)));
  const line = text.split('\n').findIndex((l) => l.includes('"s3:GetBucketLocation"'));
  assert.equal(mismatch!.range.start.line, line);
  // Hover explains an action inside jsonencode.
  const actionLine = text.split('\n').findIndex((l) => l.includes('"dynamodb:GetRecords"'));
  const hover = (await server.request('textDocument/hover', {
    textDocument: { uri },
    position: { line: actionLine, character: text.split('\n')[actionLine]!.indexOf('dynamodb') + 3 },
  })) as { contents: { value: string } } | null;
  assert.match(hover?.contents.value ?? '', /GetRecords/);
  // Completion inside an action string offers actions of its service.
  const inAction = (await server.request('textDocument/completion', {
    textDocument: { uri },
    position: { line: actionLine, character: text.split('\n')[actionLine]!.indexOf('GetRecords') },
  })) as { items: { label: string }[] } | null;
  assert.ok(inAction?.items.some((i) => i.label === 'dynamodb:GetRecords'));
  // Outside an embedded policy, completion answers nothing rather than JSON nonsense.
  const completion = await server.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 2 } });
  assert.ok(completion === null || (Array.isArray((completion as { items?: unknown[] }).items) && (completion as { items: unknown[] }).items.length === 0));
});

test('a CloudFormation YAML document is linted; other YAML is left alone', async () => {
  const cfn = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObjects\n            Resource: !Sub arn:aws:s3:::${Bucket}/*\n';
  const uri = 'file:///tmp/grantcheck-hosts/template.yaml';
  let since = server.mark();
  await server.open(uri, 'yaml', cfn);
  const publish = await server.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'iam/unknown-action'), 'CloudFormation diagnostics', since);
  assert.equal(publish.diagnostics.find((d) => d.code === 'iam/unknown-action')!.range.start.line, 9);
  const actions = await server.codeActions(uri, [], ['source.fixAll.grantcheck']);
  const edit = (actions ?? []).find((a) => a && 'edit' in a && a.edit)?.edit?.changes?.[uri]?.[0];
  assert.ok(edit, JSON.stringify(actions));
  const lines = cfn.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const fixed = cfn.slice(0, offset(edit!.range.start)) + edit!.newText + cfn.slice(offset(edit!.range.end));
  assert.ok(fixed.includes('            Action: s3:GetObject\n'), fixed);
  const other = 'file:///tmp/grantcheck-hosts/compose.yaml';
  since = server.mark();
  await server.open(other, 'yaml', 'services:\n  web:\n    image: nginx\n');
  const publishes = await server.publishesDuring(other, since, 700);
  assert.ok(publishes.every((p) => p.diagnostics.length === 0));
});
