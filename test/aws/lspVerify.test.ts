// Server side of "GrantCheck: Verify against AWS account": principal listing, verification of an open document with
// ranges of denied actions, markdown report, cancellation through the LSP token, placeholders asked for.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { createIamReader } from '../../server/src/aws/sdkIamReader';
import { LIST_PRINCIPALS_REQUEST, registerVerifyHandlers, VERIFY_REQUEST, type ListPrincipalsResult, type VerifyResponse } from '../../server/src/lsp/verify';
import { testData } from '../support/data';
import { startIamTestServer, type IamTestServer } from '../support/iamTestServer';
import { FAKE_CREDENTIALS, FIXTURE_ACCOUNT, roleArn, STRUCTURAL_SOURCE_S3_POLICY, STRUCTURAL_SOURCE_S3_TEMPLATE } from './fixtures';

let server: IamTestServer;
type Handler = (params: unknown, token: CancellationToken) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const documents = new Map<string, string>();

function token(): CancellationToken & { cancel(): void } {
  const listeners: (() => void)[] = [];
  const t = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => {
      listeners.push(listener);
      return { dispose: () => undefined };
    },
    cancel() {
      t.isCancellationRequested = true;
      for (const l of listeners) l();
    },
  };
  return t as unknown as CancellationToken & { cancel(): void };
}

before(async () => {
  server = await startIamTestServer(FIXTURE_ACCOUNT);
  const connection = { onRequest: (method: string, handler: Handler) => handlers.set(method, handler) } as unknown as Connection;
  registerVerifyHandlers(connection, {
    documentText: (uri) => documents.get(uri),
    data: testData(),
    // The settings' endpoint is passed through; credentials come from the fixture instead of the machine.
    makeReader: (options) => createIamReader({ ...options, credentials: async () => FAKE_CREDENTIALS }),
  });
  documents.set('file:///p.json', JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY, null, 2));
  documents.set('file:///t.json', JSON.stringify(STRUCTURAL_SOURCE_S3_TEMPLATE, null, 2));
});

after(() => server.close());

test('lists roles then users', async () => {
  const r = (await handlers.get(LIST_PRINCIPALS_REQUEST)!({ aws: { endpoint: server.url } }, token())) as ListPrincipalsResult;
  assert.ok('principals' in r);
  assert.deepEqual(r.principals.map((p) => `${p.kind}:${p.name}`), [
    'role:structural-bounded', 'role:structural-denied', 'role:structural-full', 'role:structural-no-delete', 'role:structural-office',
    'user:ana', 'user:ben', 'user:chloe', 'user:dev', 'user:eve',
  ]);
});

test('verify: the denied action is located on its Action value, with a markdown report', async () => {
  const r = (await handlers.get(VERIFY_REQUEST)!({ uri: 'file:///p.json', principalArn: roleArn('structural-no-delete', '/data/'), aws: { endpoint: server.url } }, token())) as VerifyResponse;
  assert.ok('report' in r, JSON.stringify(r));
  assert.equal(r.denied.length, 1);
  const text = documents.get('file:///p.json')!;
  const line = text.split('\n')[r.denied[0]!.range.start.line]!;
  assert.equal(line.slice(r.denied[0]!.range.start.character, r.denied[0]!.range.end.character), '"s3:DeleteObject"');
  assert.match(r.denied[0]!.message, /s3:DeleteObject on arn:aws:s3:::acme-src\/\* is denied for the principal: no policy of the principal allows it/);
  assert.match(r.markdown, /\*\*1 of 7 required permissions is denied\.\*\*/);
  assert.match(r.markdown, /\| \*\*denied\*\* \| `s3:DeleteObject` \| `arn:aws:s3:::acme-src\/\*` \|/);
});

test('verify: unfilled placeholders are reported so the client can ask for them', async () => {
  const args = { uri: 'file:///t.json', principalArn: roleArn('structural-full'), aws: { endpoint: server.url } };
  const missing = (await handlers.get(VERIFY_REQUEST)!(args, token())) as VerifyResponse;
  assert.ok('error' in missing);
  assert.deepEqual(missing.missingPlaceholders, ['source-bucket']);
  const filled = (await handlers.get(VERIFY_REQUEST)!({ ...args, values: { 'source-bucket': 'acme-src' } }, token())) as VerifyResponse;
  assert.ok('report' in filled);
  assert.equal(filled.denied.length, 0);
});

test('verify: cancelling through the LSP token stops a slow call', async () => {
  server.behaviour = { delayMs: 4000 };
  try {
    const t = token();
    const started = Date.now();
    setTimeout(() => t.cancel(), 100);
    const r = (await handlers.get(VERIFY_REQUEST)!({ uri: 'file:///p.json', principalArn: roleArn('structural-full'), aws: { endpoint: server.url } }, t)) as VerifyResponse;
    assert.ok('error' in r);
    assert.equal(r.cancelled, true);
    assert.ok(Date.now() - started < 2000);
  } finally {
    server.behaviour = {};
  }
});

test('verify: errors come back as messages (unknown principal, closed document)', async () => {
  const r = (await handlers.get(VERIFY_REQUEST)!({ uri: 'file:///p.json', principalArn: roleArn('nobody'), aws: { endpoint: server.url } }, token())) as VerifyResponse;
  assert.ok('error' in r);
  assert.match(r.error, /Not found/);
  const closed = (await handlers.get(VERIFY_REQUEST)!({ uri: 'file:///closed.json', principalArn: roleArn('x'), aws: {} }, token())) as VerifyResponse;
  assert.deepEqual(closed, { error: 'The document is not open.' });
});
