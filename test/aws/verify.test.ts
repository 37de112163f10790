// Verify against an AWS account, end to end against the local IAM test server: the seed-like Structural source S3
// policy (bucket acme-src) checked for principals that have all of it, lack one action, are denied one, or are bounded.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createIamReader } from '../../server/src/aws/sdkIamReader';
import { checkPrincipalArn, contextEntriesFor, expandAction, requiredPairsFromDocument, requiredPairsFromProfile, verifyDocument } from '../../server/src/aws/verify';
import { runVerify } from '../../server/src/cli/verify';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { profileById } from '../../server/src/engine/profiles/index';
import type { IamProfile } from '../../server/src/engine/profiles/types';
import { isReadOnlyIamOperation } from '../../server/src/aws/readOnlyGuard';
import { nodeEvalArgs } from '../support/childNode';
import { testData } from '../support/data';
import { startIamTestServer, type IamTestServer } from '../support/iamTestServer';
import { BUILT_CLI, REPO_ROOT, runBuiltCli, type CliRun } from './cliHarness';
import { FAKE_CREDENTIALS, FIXTURE_ACCOUNT, leaksSecret, roleArn, STRUCTURAL_SOURCE_S3_POLICY, STRUCTURAL_SOURCE_S3_TEMPLATE } from './fixtures';

let server: IamTestServer;
const outputs: string[] = [];
const doc = parseIamDocument(JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY, null, 2));

before(async () => {
  server = await startIamTestServer(FIXTURE_ACCOUNT);
});

after(async () => {
  const writes = server.actions.filter((a) => !isReadOnlyIamOperation(a));
  await server.close();
  assert.deepEqual(writes, [], 'only read-only IAM actions were called');
  for (const o of outputs) assert.equal(leaksSecret(o), undefined, `secret in output: ${o}`);
});

function reader() {
  return createIamReader({ endpoint: server.url, credentials: async () => FAKE_CREDENTIALS });
}

function policyFile(content: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-verify-'));
  const file = path.join(dir, 'structural-source-s3.policy.json');
  fs.writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

describe('required pairs', () => {
  test('every Allow action on every resource of its statement, placeholders filled, wildcard actions expanded', () => {
    const pairs = requiredPairsFromDocument(doc, testData()).pairs.map((p) => `${p.action} ${p.resource}`);
    assert.equal(pairs.length, 7);
    assert.ok(pairs.includes('s3:DeleteObject arn:aws:s3:::acme-src/*'));
    assert.ok(pairs.includes('s3:ListBucket arn:aws:s3:::acme-src'));
    const template = parseIamDocument(JSON.stringify(STRUCTURAL_SOURCE_S3_TEMPLATE));
    const unfilled = requiredPairsFromDocument(template, testData());
    assert.equal(unfilled.pairs.length, 0);
    assert.match(unfilled.skipped[0]!.reason, /placeholder source-bucket has no value \(pass --set source-bucket=VALUE\)/);
    const filled = requiredPairsFromDocument(template, testData(), { sourceBucket: 'acme-src' });
    assert.deepEqual(filled.pairs.map((p) => `${p.action} ${p.resource}`), pairs);
    const wild = requiredPairsFromDocument(parseIamDocument('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject*","*"],"Resource":"*"}]}'), testData());
    assert.ok(wild.pairs.some((p) => p.action === 's3:GetObjectAcl'));
    assert.ok(wild.pairs.every((p) => /^s3:GetObject/.test(p.action)));
    assert.match(wild.skipped[0]!.reason, /wildcard service prefix/);
  });

  test('expandAction limits', () => {
    assert.match(String(expandAction('s3:*', testData())), /names \d+ actions/);
    assert.match(String(expandAction('nosuchsvc:Get*', testData())), /unknown service prefix/);
    assert.deepEqual(expandAction('s3:GetObject', testData()), ['s3:GetObject']);
  });

  test('from a profile (structural/dynamodb-source-s3)', () => {
    const profile = profileById('structural/dynamodb-source-s3') as IamProfile;
    const r = requiredPairsFromProfile(profile, testData(), { sourceBucket: 'acme-src' });
    assert.equal(r.pairs.length, 7);
    assert.ok(r.pairs.some((p) => p.action === 's3:ListBucket' && p.resource === 'arn:aws:s3:::acme-src'));
  });

  test('principal ARNs: role sessions are refused with the role ARN to use', () => {
    assert.equal(checkPrincipalArn(roleArn('x')), undefined);
    assert.match(checkPrincipalArn('arn:aws:sts::111122223333:assumed-role/deploy/session-1')!, /verify the role itself: arn:aws:iam::111122223333:role\/deploy/);
    assert.match(checkPrincipalArn('deploy')!, /not the ARN of an IAM user, role or group/);
  });
});

describe('function API', () => {
  test('without permission to read the policies, Sids are left out and the decision stands', async () => {
    server.behaviour = { denyActions: ['GetRolePolicy'] };
    try {
      const denied = await verifyDocument(reader(), roleArn('structural-denied'), doc, testData());
      const result = denied.results.find((r) => r.action === 's3:DeleteObject')!;
      assert.equal(result.decision, 'explicitDeny');
      assert.deepEqual(result.matchedStatements, [{ sourcePolicyId: 'NoDeletes' }]);
      assert.equal(result.reason, 'explicitly denied by NoDeletes');
    } finally {
      server.behaviour = {};
    }
    const before = server.requests.length;
    await verifyDocument(reader(), roleArn('structural-denied'), doc, testData(), { resolveSids: false });
    assert.deepEqual([...new Set(server.actions.slice(before))], ['SimulatePrincipalPolicy']);
  });

  test('all actions present: every required pair allowed', async () => {
    const report = await verifyDocument(reader(), roleArn('structural-full'), doc, testData());
    assert.equal(report.results.length, 7);
    assert.ok(report.results.every((r) => r.decision === 'allowed'), JSON.stringify(report.results));
    // The Sid comes from the matched policy, read back from the account at the position IAM reported.
    assert.deepEqual(report.results[0]!.matchedStatements, [{ sourcePolicyId: 'StructuralSourceS3', sid: 'StructuralSourceObjects' }]);
    const list = report.results.find((r) => r.action === 's3:ListBucket')!;
    assert.deepEqual(list.matchedStatements, [{ sourcePolicyId: 'StructuralSourceS3', sid: 'StructuralSourceBucket' }]);
  });

  test('one action missing: exactly that action denied, with its reason', async () => {
    const report = await verifyDocument(reader(), roleArn('structural-no-delete', '/data/'), doc, testData());
    const denied = report.results.filter((r) => r.decision !== 'allowed');
    assert.deepEqual(
      denied.map((r) => ({ action: r.action, resource: r.resource, decision: r.decision, reason: r.reason })),
      [{ action: 's3:DeleteObject', resource: 'arn:aws:s3:::acme-src/*', decision: 'implicitDeny', reason: 'no policy of the principal allows it (implicit deny)' }],
    );
    assert.equal(report.results.length, 7);
  });

  test('explicit deny and permissions boundary reasons', async () => {
    const denied = await verifyDocument(reader(), roleArn('structural-denied'), doc, testData());
    assert.deepEqual(
      denied.results.filter((r) => r.decision !== 'allowed').map((r) => `${r.action} ${r.decision} ${r.reason}`),
      ['s3:DeleteObject explicitDeny explicitly denied by NoDeletes (Sid "NoDeletes")'],
    );
    const bounded = await verifyDocument(reader(), roleArn('structural-bounded'), doc, testData());
    assert.deepEqual(
      bounded.results.filter((r) => r.decision !== 'allowed').map((r) => r.action).sort(),
      ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject', 's3:PutObjectAcl'],
    );
    assert.ok(bounded.results.filter((r) => r.decision !== 'allowed').every((r) => r.reason === "not allowed by the principal's permissions boundary"));
  });
});

/** Runs the built CLI's verify subcommand with fake static credentials in the environment. */
function runCli(args: string[]): Promise<CliRun> {
  return runBuiltCli('verify', args, outputs);
}

describe('CLI (node dist/cli.js verify)', () => {
  before(() => {
    assert.ok(fs.existsSync(BUILT_CLI), 'dist/cli.js exists (npm run build)');
  });

  test('all present: exit 0, everything allowed', async () => {
    const r = await runCli(['--principal', roleArn('structural-full'), '--endpoint', server.url, policyFile(STRUCTURAL_SOURCE_S3_POLICY)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /All 7 required permissions are allowed\./);
    assert.equal(r.stderr, '', 'no SDK warnings or other noise on stderr');
  });

  test('one missing: exit 1, exactly that action denied with its reason (table and JSON)', async () => {
    const file = policyFile(STRUCTURAL_SOURCE_S3_TEMPLATE);
    const args = ['--principal', roleArn('structural-no-delete', '/data/'), '--endpoint', server.url, '--set', 'source-bucket=acme-src', file];
    const table = await runCli(args);
    assert.equal(table.code, 1, table.stderr);
    const deniedLines = table.stdout.split('\n').filter((l) => /DENIED/.test(l));
    assert.equal(deniedLines.length, 1);
    assert.match(deniedLines[0]!, /DENIED\s+s3:DeleteObject\s+arn:aws:s3:::acme-src\/\*\s+no policy of the principal allows it \(implicit deny\); required by statement 1 \("StructuralSourceObjects"\)/);
    assert.match(table.stdout, /1 of 7 required permissions is denied\./);
    const json = await runCli([...args, '--format', 'json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.principal, roleArn('structural-no-delete', '/data/'));
    assert.deepEqual(report.results.filter((x: { decision: string }) => x.decision !== 'allowed').map((x: { action: string }) => x.action), ['s3:DeleteObject']);
  });

  test('with a GrantCheck profile instead of a file', async () => {
    const r = await runCli(['--principal', roleArn('structural-no-delete', '/data/'), '--endpoint', server.url, '--profile', 'structural/dynamodb-source-s3', '--set', 'sourceBucket=acme-src']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout.split('\n').filter((l) => /DENIED/.test(l)).length, 1);
    assert.match(r.stdout, /DENIED\s+s3:DeleteObject/);
  });

  test('errors exit 2 with an actionable message: unknown principal, AccessDenied, bad usage', async () => {
    const file = policyFile(STRUCTURAL_SOURCE_S3_POLICY);
    const missing = await runCli(['--principal', roleArn('nobody'), '--endpoint', server.url, file]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Not found: The entity arn:aws:iam::111122223333:role\/nobody cannot be found/);
    server.behaviour = { denyActions: ['SimulatePrincipalPolicy'] };
    try {
      const denied = await runCli(['--principal', roleArn('structural-full'), '--endpoint', server.url, file]);
      assert.equal(denied.code, 2);
      assert.match(denied.stderr, /lacks iam:SimulatePrincipalPolicy/);
    } finally {
      server.behaviour = {};
    }
    server.behaviour = { signatureMismatch: true };
    try {
      const echoed = await runCli(['--principal', roleArn('structural-full'), '--endpoint', server.url, file]);
      assert.equal(echoed.code, 2);
      assert.match(echoed.stderr, /AWS rejected the credentials \(SignatureDoesNotMatch\)/);
      assert.match(String(server.requests.at(-1)!.headers['x-amz-security-token']), /DoNotLeak/, 'the server saw the token it echoed');
      assert.equal(leaksSecret(echoed.stdout + echoed.stderr), undefined);
    } finally {
      server.behaviour = {};
    }
    assert.equal((await runCli([file])).code, 2);
    assert.equal((await runCli(['--principal', roleArn('x'), '--endpoint', server.url, policyFile(STRUCTURAL_SOURCE_S3_TEMPLATE)])).code, 2);
  });

  test('--context values reach the simulation, typed from the AWS data; without them the missing key is reported', async () => {
    const file = policyFile(STRUCTURAL_SOURCE_S3_POLICY);
    const run = async (extra: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const code = await runVerify(['--principal', roleArn('structural-office'), '--format', 'json', ...extra, file], { stdout: (t) => (out += t), stderr: (t) => (out += t), color: false }, () => reader());
      return { code, out };
    };
    const inside = await run(['--context', 'aws:SourceIp=203.0.113.5']);
    assert.equal(inside.code, 0, inside.out);
    const entry = server.requests.at(-1)!.params;
    assert.equal(entry.get('ContextEntries.member.1.ContextKeyName'), 'aws:SourceIp');
    assert.equal(entry.get('ContextEntries.member.1.ContextKeyType'), 'ip');
    const without = await run([]);
    assert.equal(without.code, 1);
    const report = JSON.parse(without.out);
    assert.deepEqual(report.results[0].missingContextValues, ['aws:SourceIp']);
    assert.match(report.results[0].reason, /the simulation lacked context values: aws:SourceIp/);
  });

  test('profile problems are usage errors (exit 2) before any AWS call', async () => {
    const run = async (args: string[]): Promise<{ code: number; err: string }> => {
      let err = '';
      const code = await runVerify(['--principal', roleArn('structural-full'), ...args], { stdout: () => undefined, stderr: (t) => (err += t), color: false }, () => assert.fail('no AWS call expected'));
      return { code, err };
    };
    assert.match((await run(['--profile', 'no/such-profile'])).err, /unknown profile "no\/such-profile"/);
    assert.match((await run(['--profile', 'dbt/redshift-user'])).err, /is a Redshift profile/);
    assert.match((await run(['--profile', 'structural/dynamodb-source-s3', '--set', 'sourceBucket=Not_A_Bucket!'])).err, /sourceBucket="Not_A_Bucket!"/);
    assert.equal((await run(['--profile', 'structural/dynamodb-source-s3', '--context', 'novalue'])).code, 2);
  });

  test('contextEntriesFor types keys from the AWS data', () => {
    assert.deepEqual(
      contextEntriesFor({ 'aws:SourceIp': '1.2.3.4', 'aws:TagKeys': ['a', 'b'], 'aws:SecureTransport': 'true', 's3:max-keys': '5', 'aws:PrincipalAccount': '111122223333', 'aws:CurrentTime': '2026-01-01T00:00:00Z', 'x:unknown': ['1', '2'] }, testData()).map((e) => `${e.key}:${e.type}`),
      ['aws:SourceIp:ip', 'aws:TagKeys:stringList', 'aws:SecureTransport:boolean', 's3:max-keys:numeric', 'aws:PrincipalAccount:string', 'aws:CurrentTime:date', 'x:unknown:stringList'],
    );
  });

  test('in-process runVerify with an injected reader gives the same answer', async () => {
    let out = '';
    const code = await runVerify(
      ['--principal', roleArn('structural-full'), '--format', 'json', policyFile(STRUCTURAL_SOURCE_S3_POLICY)],
      { stdout: (t) => (out += t), stderr: () => undefined, color: false },
      () => reader(),
    );
    assert.equal(code, 0);
    assert.equal(JSON.parse(out).results.length, 7);
  });
});

test('the CLI and the language server do not load the AWS SDK until verify runs', () => {
  const probe = "require('./server/src/cli/main.ts'); require('./server/src/lsp/server.ts'); process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes('@aws-sdk')).length));";
  const result = spawnSync(process.execPath, nodeEvalArgs(probe), { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.stdout, '0', result.stderr);
});
