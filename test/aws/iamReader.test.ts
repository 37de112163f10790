// The SDK-based IamReader against the local IAM test server: paging, simulation, throttling, errors, cancellation,
// timeouts, credentials problems, the read-only guard and secret-free messages.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AwsAccessError, classifyAwsError, redactSecrets } from '../../server/src/aws/errors';
import { installReadOnlyGuard, isReadOnlyIamOperation } from '../../server/src/aws/readOnlyGuard';
import { createIamReader, simulationBatches, type IamReaderOptions } from '../../server/src/aws/sdkIamReader';
import type { IamReader } from '../../server/src/aws/types';
import { startIamTestServer, type IamTestServer } from '../support/iamTestServer';
import { ACCOUNT_ID, FAKE_CREDENTIALS, FIXTURE_ACCOUNT, leaksSecret, roleArn } from './fixtures';

let server: IamTestServer;
const messages: string[] = [];

function reader(extra: Partial<IamReaderOptions> = {}): IamReader {
  return createIamReader({ endpoint: server.url, credentials: async () => FAKE_CREDENTIALS, timeoutMs: 5000, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<AwsAccessError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AwsAccessError, `expected AwsAccessError, got ${String(error)}`);
    messages.push(error.message);
    return error;
  }
  assert.fail('expected the call to fail');
}

before(async () => {
  server = await startIamTestServer(FIXTURE_ACCOUNT);
});

beforeEach(() => {
  server.behaviour = {};
});

after(async () => {
  // Whatever happened, nothing but reads ever reached the server.
  const writes = server.actions.filter((a) => !isReadOnlyIamOperation(a));
  await server.close();
  assert.deepEqual(writes, []);
  for (const m of messages) assert.equal(leaksSecret(m), undefined, `secret in message: ${m}`);
});

describe('reads', () => {
  test('listUsers follows Marker/IsTruncated across pages', async () => {
    server.behaviour = { pageSize: 2 };
    const before = server.requests.length;
    const users = await reader().listUsers();
    assert.deepEqual(users.map((u) => u.name), ['ana', 'ben', 'chloe', 'dev', 'eve']);
    const calls = server.requests.slice(before);
    assert.deepEqual(calls.map((r) => r.params.get('Marker') !== null), [false, true, true]);
    assert.equal(users[0]!.arn, `arn:aws:iam::${ACCOUNT_ID}:user/ana`);
  });

  test('listRoles, getRole (boundary, decoded trust policy), attached and inline policies, policy versions', async () => {
    const r = reader();
    assert.deepEqual((await r.listRoles()).map((x) => x.name), ['structural-full', 'structural-no-delete', 'structural-denied', 'structural-bounded', 'structural-office']);
    const bounded = await r.getRole('structural-bounded');
    assert.equal(bounded.permissionsBoundaryArn, `arn:aws:iam::${ACCOUNT_ID}:policy/ReadOnlyBoundary`);
    const full = await r.getRole('structural-full');
    assert.equal(JSON.parse(full.assumeRolePolicyDocument!).Statement[0].Principal.Service, 'ec2.amazonaws.com');
    const attached = await r.listAttachedRolePolicies('structural-full');
    assert.deepEqual(attached, [{ name: 'StructuralSourceS3', arn: `arn:aws:iam::${ACCOUNT_ID}:policy/StructuralSourceS3` }]);
    assert.deepEqual(await r.listRolePolicies('structural-denied'), ['NoDeletes']);
    const inline = await r.getRolePolicy('structural-denied', 'NoDeletes');
    assert.equal(JSON.parse(inline.document).Statement[0].Effect, 'Deny');
    const policy = await r.getPolicy(attached[0]!.arn);
    assert.equal(policy.defaultVersionId, 'v3');
    const doc = JSON.parse(await r.getPolicyVersion(policy.arn, policy.defaultVersionId));
    assert.equal(doc.Statement[0].Resource[0], 'arn:aws:s3:::acme-src/*');
    assert.deepEqual(await r.listUserPolicies('ana'), ['ana-inline']);
    assert.match((await r.getUserPolicy('ana', 'ana-inline')).document, /s3:ListBucket/);
    assert.deepEqual(await r.listAttachedUserPolicies('ana'), []);
    assert.equal((await r.getUser('eve')).kind, 'user');
  });

  test('simulatePrincipalPolicy: allowed, implicit deny, explicit deny, boundary', async () => {
    const r = reader();
    const resource = 'arn:aws:s3:::acme-src/key';
    const decide = async (role: string, path = '/'): Promise<Record<string, string>> =>
      Object.fromEntries(
        (await r.simulatePrincipalPolicy({ principalArn: roleArn(role, path), actions: ['s3:GetObject', 's3:DeleteObject', 's3:PutObject'], resources: [resource] })).map((x) => [x.action, x.decision]),
      );
    assert.deepEqual(await decide('structural-full'), { 's3:GetObject': 'allowed', 's3:DeleteObject': 'allowed', 's3:PutObject': 'allowed' });
    assert.deepEqual(await decide('structural-no-delete', '/data/'), { 's3:GetObject': 'allowed', 's3:DeleteObject': 'implicitDeny', 's3:PutObject': 'allowed' });
    assert.deepEqual(await decide('structural-denied'), { 's3:GetObject': 'allowed', 's3:DeleteObject': 'explicitDeny', 's3:PutObject': 'allowed' });
    const bounded = await r.simulatePrincipalPolicy({ principalArn: roleArn('structural-bounded'), actions: ['s3:PutObject'], resources: [resource] });
    assert.equal(bounded[0]!.decision, 'implicitDeny');
    assert.equal(bounded[0]!.allowedByPermissionsBoundary, false);
    const denied = await r.simulatePrincipalPolicy({ principalArn: roleArn('structural-denied'), actions: ['s3:DeleteObject'], resources: [resource] });
    assert.deepEqual(denied[0]!.matchedStatements.map((s) => s.sourcePolicyId), ['NoDeletes']);
  });

  test('simulation is batched within limits and result pages are followed', async () => {
    server.behaviour = { pageSize: 7 };
    const actions = Array.from({ length: 45 }, (_, i) => `s3:Action${i}`);
    const before = server.requests.length;
    const results = await reader().simulatePrincipalPolicy({ principalArn: roleArn('structural-full'), actions, resources: ['arn:aws:s3:::acme-src/a'] });
    assert.equal(results.length, 45);
    const calls = server.requests.slice(before);
    for (const c of calls) {
      let n = 0;
      while (c.params.has(`ActionNames.member.${n + 1}`)) n++;
      assert.ok(n <= 20, `batch of ${n} actions`);
    }
    assert.ok(calls.some((c) => c.params.has('Marker')), 'paged');
    assert.deepEqual(simulationBatches(['a', 'b', 'c'], undefined), [{ actions: ['a', 'b', 'c'], resources: [] }]);
  });

  test('simulateCustomPolicy with a permissions boundary', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    const boundary = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] });
    const results = await reader().simulateCustomPolicy({ policies: [policy], permissionsBoundaryPolicies: [boundary], actions: ['s3:GetObject', 's3:PutObject'] });
    assert.deepEqual(results.map((x) => x.decision), ['allowed', 'implicitDeny']);
  });
});

describe('failures', () => {
  test('throttling is retried with backoff, then succeeds', async () => {
    server.behaviour = { throttleNext: 2 };
    const before = server.requests.length;
    const roles = await reader().listRoles();
    assert.equal(roles.length, 5);
    assert.deepEqual(server.actions.slice(before), ['ListRoles', 'ListRoles', 'ListRoles']);
  });

  test('throttling beyond the attempts gives an actionable error', async () => {
    server.behaviour = { throttleNext: 10 };
    const e = await failure(reader({ maxAttempts: 2 }).listRoles());
    assert.equal(e.kind, 'throttled');
    assert.match(e.message, /AWS throttled iam:ListRoles \(Throttling\).*try again/);
  });

  test('AccessDenied names the missing IAM permission', async () => {
    server.behaviour = { denyActions: ['SimulatePrincipalPolicy'] };
    const e = await failure(reader().simulatePrincipalPolicy({ principalArn: roleArn('structural-full'), actions: ['s3:GetObject'] }));
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.permission, 'iam:SimulatePrincipalPolicy');
    assert.match(e.message, /lacks iam:SimulatePrincipalPolicy/);
  });

  test('NoSuchEntity says what was not found', async () => {
    const e = await failure(reader().getRole('no-such-role'));
    assert.equal(e.kind, 'not-found');
    assert.match(e.code ?? '', /^NoSuchEntity/);
    assert.match(e.message, /The role with name no-such-role cannot be found/);
    assert.ok(e.requestId);
  });

  test('a slow server: cancelling stops the call promptly', async () => {
    server.behaviour = { delayMs: 4000 };
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const e = await failure(reader().listRoles({ signal: controller.signal }));
    assert.equal(e.kind, 'cancelled');
    assert.ok(Date.now() - started < 2000, 'returned before the server answered');
  });

  test('a slow server: the timeout gives an actionable error', async () => {
    server.behaviour = { delayMs: 3000 };
    const e = await failure(reader({ timeoutMs: 200 }).listUsers());
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /did not answer iam:ListUsers within/);
  });

  test('expired credentials', async () => {
    server.behaviour = { expiredToken: true };
    const e = await failure(reader({ maxAttempts: 1 }).listRoles());
    assert.equal(e.kind, 'expired-credentials');
    assert.match(e.message, /credentials have expired \(ExpiredToken\)/);
  });

  test('network failure (nothing listening)', async () => {
    const closed = await startIamTestServer(FIXTURE_ACCOUNT);
    const url = closed.url;
    await closed.close();
    const e = await failure(createIamReader({ endpoint: url, credentials: async () => FAKE_CREDENTIALS, maxAttempts: 1 }).listRoles());
    assert.equal(e.kind, 'network');
    assert.match(e.message, /Cannot reach IAM at http:\/\/127\.0\.0\.1:\d+/);
  });

  test('no credentials for a profile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-aws-'));
    const config = path.join(dir, 'config');
    fs.writeFileSync(config, '[profile other]\nregion = us-east-1\n');
    const saved = { config: process.env.AWS_CONFIG_FILE, creds: process.env.AWS_SHARED_CREDENTIALS_FILE };
    process.env.AWS_CONFIG_FILE = config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    try {
      const e = await failure(createIamReader({ endpoint: server.url, profile: 'missing-profile' }).listRoles());
      assert.equal(e.kind, 'no-credentials');
      assert.match(e.message, /profile "missing-profile"/);
    } finally {
      process.env.AWS_CONFIG_FILE = saved.config;
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved.creds;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
      if (saved.creds === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    }
  });

  test('an expired SSO session says to run aws sso login', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-sso-'));
    const config = path.join(dir, 'config');
    fs.writeFileSync(
      config,
      '[profile dev-sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-east-1\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const saved = { config: process.env.AWS_CONFIG_FILE, home: process.env.HOME };
    process.env.AWS_CONFIG_FILE = config;
    process.env.HOME = dir; // no cached SSO token under ~/.aws/sso/cache: as after the session expired
    try {
      const e = await failure(createIamReader({ endpoint: server.url, profile: 'dev-sso' }).listRoles());
      assert.equal(e.kind, 'sso-expired', e.message);
      assert.match(e.message, /run `aws sso login --profile dev-sso`/);
    } finally {
      process.env.AWS_CONFIG_FILE = saved.config;
      process.env.HOME = saved.home;
      if (saved.config === undefined) delete process.env.AWS_CONFIG_FILE;
    }
  });

  test('secrets never appear in messages, even when AWS echoes the signed request', async () => {
    server.behaviour = { signatureMismatch: true };
    const e = await failure(reader({ maxAttempts: 1 }).listRoles());
    assert.equal(e.kind, 'invalid-credentials');
    const echoed = server.requests.at(-1)!;
    assert.match(String(echoed.headers.authorization), /AKIAH6FAKELEAKTEST01/, 'the server did see the key id');
    assert.equal(leaksSecret(e.message), undefined);
    assert.equal(leaksSecret(`${e.stack ?? ''}`), undefined);
  });

  test('AccessDenied without the permission in its message falls back to the operation called', () => {
    const e = classifyAwsError(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }), {
      operation: 'GetPolicyVersionCommand', profile: 'audit', endpoint: undefined, timeoutMs: 1000, timedOut: false, cancelled: false, attempts: undefined, secrets: new Set(),
    });
    assert.equal(e.kind, 'access-denied');
    assert.equal(e.permission, 'iam:GetPolicyVersion');
  });

  test('redactSecrets and classification of an unknown error keep secrets out', () => {
    const secrets = new Set([FAKE_CREDENTIALS.secretAccessKey, FAKE_CREDENTIALS.sessionToken]);
    const text = `key ${FAKE_CREDENTIALS.accessKeyId} secret ${FAKE_CREDENTIALS.secretAccessKey} X-Amz-Security-Token=${FAKE_CREDENTIALS.sessionToken}`;
    assert.equal(leaksSecret(redactSecrets(text, secrets)), undefined);
    const e = classifyAwsError(Object.assign(new Error(text), { name: 'WeirdError' }), {
      operation: 'ListRoles', profile: undefined, endpoint: undefined, timeoutMs: 1000, timedOut: false, cancelled: false, attempts: undefined, secrets,
    });
    assert.equal(leaksSecret(e.message), undefined);
    assert.match(e.message, /iam:ListRoles failed \(WeirdError\)/);
  });
});

describe('read-only guard', () => {
  test('only List*, Get* and Simulate* operations are read-only', () => {
    for (const op of ['ListRoles', 'GetRoleCommand', 'SimulatePrincipalPolicy', 'GetPolicyVersion']) assert.ok(isReadOnlyIamOperation(op), op);
    for (const op of ['CreateUser', 'DeleteRoleCommand', 'PutRolePolicy', 'AttachRolePolicy', 'UpdateAssumeRolePolicy', 'Listing', 'Getaway', '']) assert.ok(!isReadOnlyIamOperation(op), op);
  });

  test('a write through a guarded client is refused before it is sent', async () => {
    const client = new IAMClient({ region: 'us-east-1', endpoint: server.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    installReadOnlyGuard(client.middlewareStack);
    const before = server.requests.length;
    await assert.rejects(client.send(new CreateUserCommand({ UserName: 'intruder' })), (e: unknown) => e instanceof AwsAccessError && e.kind === 'read-only' && /refused to call iam:CreateUser/.test(e.message));
    assert.equal(server.requests.length, before, 'nothing reached the server');
  });

  test('without the guard the same write would reach the server (the guard is what stops it)', async () => {
    const probe = await startIamTestServer(FIXTURE_ACCOUNT);
    try {
      const client = new IAMClient({ region: 'us-east-1', endpoint: probe.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
      await assert.rejects(client.send(new CreateUserCommand({ UserName: 'intruder' })));
      assert.deepEqual(probe.actions, ['CreateUser']);
    } finally {
      await probe.close();
    }
  });
});
