// "Simulate this document as written" against the local IAM test server: IAM's SimulateCustomPolicy answer next to
// GrantCheck's evaluator, agreement (exit 0) and a forced disagreement reported as a GrantCheck bug (exit 1).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createIamReader } from '../../server/src/aws/sdkIamReader';
import { disagreementLine, simulateDocument } from '../../server/src/aws/simulateDocument';
import { isReadOnlyIamOperation } from '../../server/src/aws/readOnlyGuard';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { testData } from '../support/data';
import { startIamTestServer, type IamTestServer } from '../support/iamTestServer';
import { BUILT_CLI, runBuiltCli, type CliRun } from './cliHarness';
import { FAKE_CREDENTIALS, FIXTURE_ACCOUNT, leaksSecret, STRUCTURAL_SOURCE_S3_POLICY, STRUCTURAL_SOURCE_S3_TEMPLATE } from './fixtures';

let server: IamTestServer;
const outputs: string[] = [];

/** The Structural policy plus a statement denying deletes from the office network only. */
const WITH_CONDITIONAL_DENY = {
  ...STRUCTURAL_SOURCE_S3_POLICY,
  Statement: [
    ...STRUCTURAL_SOURCE_S3_POLICY.Statement,
    { Sid: 'NoDeletesFromOffice', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
  ],
};

before(async () => {
  server = await startIamTestServer(FIXTURE_ACCOUNT);
});

after(async () => {
  const actions = [...new Set(server.actions)];
  await server.close();
  assert.deepEqual(actions, ['SimulateCustomPolicy'], 'simulate only calls iam:SimulateCustomPolicy');
  assert.ok(actions.every(isReadOnlyIamOperation));
  for (const o of outputs) assert.equal(leaksSecret(o), undefined, `secret in output: ${o}`);
});

function reader() {
  return createIamReader({ endpoint: server.url, credentials: async () => FAKE_CREDENTIALS });
}

function policyFile(content: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-simulate-'));
  const file = path.join(dir, 'source-s3.policy.json');
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

describe('simulateDocument', () => {
  test('agreement: every pair of the document simulated by IAM, same decision as GrantCheck', async () => {
    const doc = parseIamDocument(JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY, null, 2));
    const report = await simulateDocument(reader(), doc, testData(), 'the policy');
    assert.equal(report.results.length, 7);
    assert.equal(report.disagreements, 0);
    assert.ok(report.results.every((r) => r.agree && r.aws === 'allowed' && r.grantcheck === 'allowed'));
    const list = report.results.find((r) => r.action === 's3:ListBucket')!;
    assert.equal(list.resource, 'arn:aws:s3:::acme-src');
    assert.deepEqual(list.grantcheckStatements, ['"StructuralSourceBucket"']);
    // The document is sent as written: the request carried the file's text.
    const sent = server.requests.filter((r) => r.action === 'SimulateCustomPolicy').map((r) => r.params.get('PolicyInputList.member.1'));
    assert.ok(sent.length > 0 && sent.every((t) => t === doc.text));
  });

  test('context reaches both sides: a conditional Deny applies from the office network only', async () => {
    const doc = parseIamDocument(JSON.stringify(WITH_CONDITIONAL_DENY, null, 2));
    const office = await simulateDocument(reader(), doc, testData(), 'the policy', { context: { 'aws:SourceIp': '203.0.113.7' } });
    const del = office.results.find((r) => r.action === 's3:DeleteObject')!;
    assert.equal(del.aws, 'explicitDeny');
    assert.equal(del.grantcheck, 'explicitDeny');
    assert.equal(office.disagreements, 0);
    const home = await simulateDocument(reader(), doc, testData(), 'the policy', { context: { 'aws:SourceIp': '198.51.100.1' } });
    assert.equal(home.results.find((r) => r.action === 's3:DeleteObject')!.aws, 'allowed');
    assert.equal(home.disagreements, 0);
  });

  test('disagreement: the pair IAM answers differently is reported as a GrantCheck bug', async () => {
    server.behaviour = { overrideDecision: (action, resource) => (action === 's3:GetObjectAcl' && resource === 'arn:aws:s3:::acme-src/*' ? 'implicitDeny' : undefined) };
    try {
      const doc = parseIamDocument(JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY, null, 2));
      const report = await simulateDocument(reader(), doc, testData(), 'the policy');
      assert.equal(report.disagreements, 1);
      const bad = report.results.filter((r) => !r.agree);
      assert.deepEqual(bad.map((r) => [r.action, r.aws, r.grantcheck]), [['s3:GetObjectAcl', 'implicitDeny', 'allowed']]);
      assert.match(disagreementLine(bad[0]!), /^GrantCheck bug: s3:GetObjectAcl on arn:aws:s3:::acme-src\/\* \(statement 1 \("StructuralSourceObjects"\) of the policy\): AWS says implicitDeny, GrantCheck says allowed .*finding of ours to fix/);
    } finally {
      server.behaviour = {};
    }
  });
});

/** Runs the built CLI's simulate subcommand with fake static credentials in the environment. */
function runCli(args: string[]): Promise<CliRun> {
  return runBuiltCli('simulate', args, outputs);
}

describe('CLI (node dist/cli.js simulate)', () => {
  before(() => {
    assert.ok(fs.existsSync(BUILT_CLI), 'dist/cli.js exists (npm run build)');
  });

  test('agreement: exit 0, side-by-side table, placeholders filled with --set', async () => {
    const r = await runCli(['--endpoint', server.url, '--set', 'source-bucket=acme-src', policyFile(STRUCTURAL_SOURCE_S3_TEMPLATE)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\s+Action\s+Resource\s+AWS\s+GrantCheck$/m);
    assert.match(r.stdout, /^\s+s3:ListBucket\s+arn:aws:s3:::acme-src\s+allowed\s+allowed$/m);
    assert.match(r.stdout, /AWS and GrantCheck agree on all 7 requests\./);
    assert.equal(r.stderr, '');
  });

  test('disagreement: exit 1, the pair marked DIFFERS and a bug-report line (table and JSON)', async () => {
    server.behaviour = { overrideDecision: (action) => (action === 's3:ListBucket' ? 'explicitDeny' : undefined) };
    try {
      const file = policyFile(STRUCTURAL_SOURCE_S3_POLICY);
      const table = await runCli(['--endpoint', server.url, file]);
      assert.equal(table.code, 1, table.stderr);
      assert.match(table.stdout, /^\s+DIFFERS\s+s3:ListBucket\s+arn:aws:s3:::acme-src\s+explicitDeny\s+allowed$/m);
      assert.equal(table.stdout.split('\n').filter((l) => l.includes('DIFFERS')).length, 1);
      assert.match(table.stdout, /disagree on 1 of 7 requests/);
      assert.match(table.stdout, /GrantCheck bug: s3:ListBucket on arn:aws:s3:::acme-src .*AWS says explicitDeny, GrantCheck says allowed/);
      const json = await runCli(['--endpoint', server.url, '--format', 'json', file]);
      assert.equal(json.code, 1);
      const report = JSON.parse(json.stdout) as { disagreements: number; results: { action: string; agree: boolean }[] };
      assert.equal(report.disagreements, 1);
      assert.deepEqual(report.results.filter((x) => !x.agree).map((x) => x.action), ['s3:ListBucket']);
    } finally {
      server.behaviour = {};
    }
  });

  test('errors exit 2: AccessDenied on SimulateCustomPolicy, no FILE, not a policy', async () => {
    server.behaviour = { denyActions: ['SimulateCustomPolicy'] };
    try {
      const denied = await runCli(['--endpoint', server.url, policyFile(STRUCTURAL_SOURCE_S3_POLICY)]);
      assert.equal(denied.code, 2);
      assert.match(denied.stderr, /SimulateCustomPolicy/);
    } finally {
      server.behaviour = {};
    }
    const none = await runCli(['--endpoint', server.url]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /exactly one FILE is required/);
    const notPolicy = await runCli(['--endpoint', server.url, policyFile({ hello: 'world' })]);
    assert.equal(notPolicy.code, 2);
    assert.match(notPolicy.stderr, /is not an IAM policy document/);
  });
});
