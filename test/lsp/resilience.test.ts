// The server survives what editors and users throw at it: a 50 MB unparseable file, stale and out-of-order messages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LspHarness } from './harness';

let server: LspHarness;

before(async () => {
  server = LspHarness.start({ transport: 'stdio', pullConfiguration: false });
  await server.initialize(null);
});

after(() => server.dispose());

const SMALL_URI = 'file:///tmp/grantcheck-resilience/small.policy.json';
const smallPolicy = (action: string): string =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "${action}", "Resource": "*"}\n    {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}\n  ]\n}\n`;

test('a 50 MB unparseable file is skipped with one clear message, and a small policy beside it stays responsive', async () => {
  const bigUri = 'file:///tmp/grantcheck-resilience/huge.policy.json';
  const junk = '{"Statement": [' + '{"Effect": "Allow", "Action": [<<<<'.repeat(1) + 'x'.repeat(50 * 1024 * 1024) + '\n';
  let since = server.mark();
  await server.open(bigUri, 'json', junk);
  const skipped = await server.waitForDiagnostics(bigUri, (p) => p.diagnostics.length > 0, 'the size-limit diagnostic', since, 20_000);
  assert.equal(skipped.diagnostics.length, 1);
  assert.match(String(skipped.diagnostics[0]!.message), /larger than/); // 3.18 types allow MarkupContent; the server sends text
  assert.equal(skipped.diagnostics[0]!.severity, 3 /* Information */);

  since = server.mark();
  await server.open(SMALL_URI, 'json', smallPolicy('s3:GetObject'));
  await server.waitForDiagnostics(SMALL_URI, (p) => p.diagnostics.some((d) => d.code === 'iam/json-syntax'), 'diagnostics of the small policy', since);
  // Edits to the small policy are answered promptly while the huge one stays open.
  for (let version = 2; version <= 6; version++) {
    since = server.mark();
    const started = Date.now();
    await server.change(SMALL_URI, version, smallPolicy(`s3:GetObject${'x'.repeat(version)}`));
    await server.waitForDiagnostics(SMALL_URI, (p) => p.version === version, `diagnostics for version ${version}`, since, 3000);
    assert.ok(Date.now() - started < 2500, `version ${version} answered in ${Date.now() - started} ms`);
  }
  await server.close(bigUri);
});

test('stale, unknown and out-of-order messages are ignored without harm', async () => {
  // A change for a document that was never opened, an old version after a newer one, actions for unknown files.
  await server.change('file:///tmp/grantcheck-resilience/never-opened.json', 5, '{"Statement": []}');
  const actions = await server.codeActions('file:///tmp/grantcheck-resilience/never-opened.json', []);
  assert.deepEqual(actions ?? [], []);
  const since = server.mark();
  await server.change(SMALL_URI, 100, smallPolicy('s3:PutObject'));
  await server.waitForDiagnostics(SMALL_URI, (p) => p.version === 100, 'diagnostics for version 100', since);
  // The server still answers requests.
  const after = await server.codeActions(SMALL_URI, [], ['source.fixAll.grantcheck']);
  assert.ok(Array.isArray(after));
  assert.equal(server.exitCode, undefined, `server is alive (stderr: ${server.stderr.slice(0, 500)})`);
});

test('a crafted 186-byte policy (a pattern of 20 stars next to a long action) is linted promptly', async () => {
  // Turned into a RegExp, `s3:*a*a…*b` backtracked for minutes against `s3:aaa…` and the server stopped answering.
  const uri = 'file:///tmp/grantcheck-resilience/crafted.policy.json';
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:' + '*a'.repeat(20) + '*b', 's3:' + 'a'.repeat(40)], Resource: '*' }] });
  const since = server.mark();
  await server.open(uri, 'json', text);
  const published = await server.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 'diagnostics of the crafted policy', since, 20_000);
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['iam/unknown-action', 'iam/unknown-action']);
  await server.close(uri);
});
