// "Compare with deployed policy" against the local IAM test server: listing a principal's policies, fetching managed
// (default version) and inline documents, JSON-content comparison, the unified diff, and the CLI's exit codes.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compareWithDeployed, fetchDeployedPolicy, listPrincipalPolicies, parsePrincipalArn, prettyPolicy, sameJsonContent, unifiedDiff } from '../../server/src/aws/deployed';
import { AwsAccessError } from '../../server/src/aws/errors';
import { isReadOnlyIamOperation } from '../../server/src/aws/readOnlyGuard';
import { createIamReader } from '../../server/src/aws/sdkIamReader';
import { DEPLOYED_POLICY_REQUEST, LIST_PRINCIPAL_POLICIES_REQUEST, registerDeployedHandlers, type DeployedPolicyResult, type ListPrincipalPoliciesResult } from '../../server/src/lsp/deployed';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { startIamTestServer, type IamTestServer } from '../support/iamTestServer';
import { BUILT_CLI, runBuiltCli, type CliRun } from './cliHarness';
import { ACCOUNT_ID, FAKE_CREDENTIALS, FIXTURE_ACCOUNT, leaksSecret, roleArn, STRUCTURAL_SOURCE_S3_POLICY } from './fixtures';

const MANAGED_ARN = `arn:aws:iam::${ACCOUNT_ID}:policy/StructuralSourceS3`;
let server: IamTestServer;
const outputs: string[] = [];

before(async () => {
  server = await startIamTestServer(FIXTURE_ACCOUNT);
});

after(async () => {
  const actions = [...new Set(server.actions)];
  await server.close();
  assert.ok(actions.length > 0);
  assert.deepEqual(actions.filter((a) => !/^(Get|List|Simulate)/.test(a) || !isReadOnlyIamOperation(a)), [], `only Get*/List*/Simulate* were called: ${actions.join(', ')}`);
  for (const o of outputs) assert.equal(leaksSecret(o), undefined, `secret in output: ${o}`);
});

function reader() {
  return createIamReader({ endpoint: server.url, credentials: async () => FAKE_CREDENTIALS });
}

function file(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-deployed-'));
  const f = path.join(dir, 'source-s3.policy.json');
  fs.writeFileSync(f, text);
  return f;
}

describe('pure helpers', () => {
  test('prettyPolicy: 2-space JSON, keys in their original order', () => {
    assert.equal(prettyPolicy('{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'), '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "A",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*"\n    }\n  ]\n}\n');
    assert.equal(prettyPolicy('{"b":1,"a":2}'), '{\n  "b": 1,\n  "a": 2\n}\n');
  });

  test('sameJsonContent: whitespace and key order ignored; array order and string vs one-element array count', () => {
    assert.ok(sameJsonContent('{"a":1,"b":[1,2]}', '{ "b": [1, 2],\n  "a": 1 }'));
    assert.ok(!sameJsonContent('{"b":[1,2]}', '{"b":[2,1]}'));
    assert.ok(!sameJsonContent('{"Action":"s3:GetObject"}', '{"Action":["s3:GetObject"]}'));
    assert.ok(!sameJsonContent('{"a":1}', '{"a":1,"b":null}'));
    assert.ok(!sameJsonContent('{"a":"1"}', '{"a":1}'));
  });

  test('unifiedDiff: hunks with 3 lines of context, separate hunks for distant changes, empty when equal', () => {
    const a = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n') + '\n';
    const b = ['1', '2', 'three', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'].join('\n') + '\n';
    assert.equal(
      unifiedDiff(a, b, 'deployed', 'file'),
      ['--- deployed', '+++ file', '@@ -1,6 +1,6 @@', ' 1', ' 2', '-3', '+three', ' 4', ' 5', ' 6', '@@ -10,3 +10,4 @@', ' 10', ' 11', ' 12', '+13', ''].join('\n'),
    );
    assert.equal(unifiedDiff(a, a, 'x', 'y'), '');
    assert.equal(unifiedDiff('', 'x\n', 'a', 'b'), '--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
  });

  test('parsePrincipalArn: roles and users with paths; groups and sessions refused', () => {
    assert.deepEqual(parsePrincipalArn(roleArn('structural-no-delete', '/data/')), { kind: 'role', name: 'structural-no-delete', arn: roleArn('structural-no-delete', '/data/') });
    assert.equal(parsePrincipalArn(`arn:aws:iam::${ACCOUNT_ID}:user/ana`).kind, 'user');
    assert.throws(() => parsePrincipalArn(`arn:aws:sts::${ACCOUNT_ID}:assumed-role/x/s`), AwsAccessError);
    assert.throws(() => parsePrincipalArn(`arn:aws:iam::${ACCOUNT_ID}:group/devs`), /not the ARN of an IAM role or user/);
  });
});

describe('reading deployed policies', () => {
  test('lists managed then inline policies of a role and of a user', async () => {
    assert.deepEqual(await listPrincipalPolicies(reader(), roleArn('structural-denied')), [
      { kind: 'managed', name: 'StructuralSourceS3', arn: MANAGED_ARN },
      { kind: 'inline', name: 'NoDeletes' },
    ]);
    assert.deepEqual(await listPrincipalPolicies(reader(), `arn:aws:iam::${ACCOUNT_ID}:user/ana`), [{ kind: 'inline', name: 'ana-inline' }]);
  });

  test('a managed policy by name: GetPolicy, then its default version (v3), URL-decoded', async () => {
    const before = server.requests.length;
    const d = await fetchDeployedPolicy(reader(), roleArn('structural-denied'), 'StructuralSourceS3');
    assert.equal(d.kind, 'managed');
    assert.equal(d.versionId, 'v3');
    assert.deepEqual(JSON.parse(d.document), STRUCTURAL_SOURCE_S3_POLICY);
    const calls = server.requests.slice(before);
    const version = calls.find((r) => r.action === 'GetPolicyVersion')!;
    assert.equal(version.params.get('VersionId'), 'v3');
    assert.ok(calls.findIndex((r) => r.action === 'GetPolicy') < calls.indexOf(version));
  });

  test('an inline policy by name (GetRolePolicy), a managed one by ARN, and an unknown name', async () => {
    const inline = await fetchDeployedPolicy(reader(), roleArn('structural-denied'), 'NoDeletes');
    assert.equal(inline.kind, 'inline');
    assert.equal(JSON.parse(inline.document).Statement[0].Sid, 'NoDeletes');
    assert.ok(server.actions.includes('GetRolePolicy'));
    const byArn = await fetchDeployedPolicy(reader(), roleArn('structural-full'), MANAGED_ARN);
    assert.equal(byArn.name, 'StructuralSourceS3');
    await assert.rejects(fetchDeployedPolicy(reader(), roleArn('structural-full'), 'Nope'), /role structural-full has no attached or inline policy named Nope/);
  });

  test('compareWithDeployed: diff of the pretty-printed texts, deployed first', async () => {
    const d = await fetchDeployedPolicy(reader(), roleArn('structural-full'), 'StructuralSourceS3');
    const edited = JSON.parse(JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY)) as typeof STRUCTURAL_SOURCE_S3_POLICY;
    edited.Statement[0]!.Action = edited.Statement[0]!.Action.filter((a) => a !== 's3:DeleteObject');
    const c = compareWithDeployed(d, JSON.stringify(edited), 'local.json');
    assert.equal(c.same, false);
    // The deployed side names the endpoint it was read from (the test server, not AWS).
    assert.ok(c.diff.startsWith(`--- arn:aws:iam::111122223333:policy/StructuralSourceS3 (v3, deployed at ${server.url})\n+++ local.json\n@@ `), c.diff);
    assert.deepEqual(c.diff.split('\n').filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l)), ['-        "s3:DeleteObject",']);
    assert.equal(compareWithDeployed(d, JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY), 'local.json').diff, '');
  });
});

describe('LSP requests (grantcheck/aws/listPrincipalPolicies, grantcheck/aws/deployedPolicy)', () => {
  type Handler = (params: unknown, token: CancellationToken) => Promise<unknown>;
  const handlers = new Map<string, Handler>();
  const documents = new Map<string, string>();
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) } as unknown as CancellationToken;
  before(() => {
    const connection = { onRequest: (method: string, handler: Handler) => handlers.set(method, handler) } as unknown as Connection;
    registerDeployedHandlers(connection, { documentText: (uri) => documents.get(uri), makeReader: (options) => createIamReader({ ...options, credentials: async () => FAKE_CREDENTIALS }) });
    documents.set('file:///same.json', JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY));
    documents.set('file:///other.json', JSON.stringify({ ...STRUCTURAL_SOURCE_S3_POLICY, Statement: STRUCTURAL_SOURCE_S3_POLICY.Statement.slice(1) }));
  });

  test('lists the policies; an inline policy by kind; the managed one compared with open documents', async () => {
    const aws = { endpoint: server.url };
    const listed = (await handlers.get(LIST_PRINCIPAL_POLICIES_REQUEST)!({ principalArn: roleArn('structural-denied'), aws }, token)) as ListPrincipalPoliciesResult;
    assert.ok('policies' in listed, JSON.stringify(listed));
    assert.deepEqual(listed.policies.map((p) => `${p.kind}:${p.name}`), ['managed:StructuralSourceS3', 'inline:NoDeletes']);
    const inline = (await handlers.get(DEPLOYED_POLICY_REQUEST)!({ principalArn: roleArn('structural-denied'), policy: 'NoDeletes', kind: 'inline', aws }, token)) as DeployedPolicyResult;
    assert.ok('pretty' in inline, JSON.stringify(inline));
    assert.equal(inline.same, undefined);
    assert.equal(inline.pretty, JSON.stringify(FIXTURE_ACCOUNT.roles.find((r) => r.name === 'structural-denied')!.inline![0]!.document, null, 2) + '\n');
    const same = (await handlers.get(DEPLOYED_POLICY_REQUEST)!({ principalArn: roleArn('structural-denied'), policy: MANAGED_ARN, aws, uri: 'file:///same.json' }, token)) as DeployedPolicyResult;
    assert.ok('pretty' in same);
    assert.deepEqual([same.kind, same.versionId, same.same, same.endpoint], ['managed', 'v3', true, server.url]);
    const other = (await handlers.get(DEPLOYED_POLICY_REQUEST)!({ principalArn: roleArn('structural-denied'), policy: MANAGED_ARN, aws, uri: 'file:///other.json' }, token)) as DeployedPolicyResult;
    assert.ok('same' in other && other.same === false);
    const wrongKind = (await handlers.get(DEPLOYED_POLICY_REQUEST)!({ principalArn: roleArn('structural-denied'), policy: 'NoDeletes', kind: 'managed', aws }, token)) as DeployedPolicyResult;
    assert.ok('error' in wrongKind && /no attached or inline policy named NoDeletes/.test(wrongKind.error));
  });
});

/** Runs the built CLI's deployed subcommand with fake static credentials in the environment. */
function runCli(args: string[]): Promise<CliRun> {
  return runBuiltCli('deployed', args, outputs);
}

describe('CLI (node dist/cli.js deployed)', () => {
  before(() => {
    assert.ok(fs.existsSync(BUILT_CLI), 'dist/cli.js exists (npm run build)');
  });

  test('without --policy: lists the policies, exit 0', async () => {
    const r = await runCli(['--principal', roleArn('structural-denied'), '--endpoint', server.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^  managed  StructuralSourceS3  arn:aws:iam::111122223333:policy\/StructuralSourceS3$/m);
    assert.match(r.stdout, /^  inline   NoDeletes$/m);
    assert.ok(r.stdout.startsWith(`Policies of ${roleArn('structural-denied')} at ${server.url}:\n`), r.stdout);
    assert.equal(r.stderr, '');
  });

  test('with --policy: prints the deployed document pretty-printed', async () => {
    const r = await runCli(['--principal', roleArn('structural-no-delete', '/data/'), '--endpoint', server.url, '--policy', 'StructuralSourceS3NoDelete']);
    assert.equal(r.code, 0, r.stderr);
    const expected = FIXTURE_ACCOUNT.managedPolicies.find((m) => m.name === 'StructuralSourceS3NoDelete')!.document;
    assert.equal(r.stdout, JSON.stringify(expected, null, 2) + '\n');
    // stdout stays the document; where it came from is said on stderr.
    assert.ok(r.stderr.includes(`IAM endpoint: ${server.url} (not AWS's own endpoint`), r.stderr);
  });

  test('with FILE: same content (compact, keys reordered) exit 0; an action removed exit 1 with a diff; string vs array exit 1', async () => {
    const base = ['--principal', roleArn('structural-full'), '--endpoint', server.url, '--policy', 'StructuralSourceS3'];
    const reordered = { Statement: STRUCTURAL_SOURCE_S3_POLICY.Statement.map(({ Resource, Action, Effect, Sid }) => ({ Resource, Action, Effect, Sid })), Version: '2012-10-17' };
    const same = await runCli([...base, file(JSON.stringify(reordered))]);
    assert.equal(same.code, 0, same.stderr);
    assert.ok(same.stdout.includes(`has the same content as the deployed policy StructuralSourceS3 at ${server.url} (only formatting or key order differs)`), same.stdout);
    const edited = JSON.parse(JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY)) as typeof STRUCTURAL_SOURCE_S3_POLICY;
    edited.Statement[0]!.Action = edited.Statement[0]!.Action.filter((a) => a !== 's3:DeleteObject');
    const differs = await runCli([...base, file(JSON.stringify(edited, null, 2))]);
    assert.equal(differs.code, 1, differs.stderr);
    assert.match(differs.stdout, /^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    assert.match(differs.stdout, /^-        "s3:DeleteObject",$/m);
    const scalar = JSON.parse(JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY)) as { Statement: { Resource: unknown }[] };
    scalar.Statement[1]!.Resource = 'arn:aws:s3:::acme-src';
    const form = await runCli([...base, file(JSON.stringify(scalar, null, 2))]);
    assert.equal(form.code, 1);
    assert.match(form.stdout, /^\+      "Resource": "arn:aws:s3:::acme-src"$/m);
  });

  test('errors exit 2: unknown policy, FILE without --policy, AccessDenied on GetPolicyVersion', async () => {
    const unknown = await runCli(['--principal', roleArn('structural-full'), '--endpoint', server.url, '--policy', 'Nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no attached or inline policy named Nope/);
    const noPolicy = await runCli(['--principal', roleArn('structural-full'), '--endpoint', server.url, file('{}')]);
    assert.equal(noPolicy.code, 2);
    assert.match(noPolicy.stderr, /comparing with FILE needs --policy/);
    server.behaviour = { denyActions: ['GetPolicyVersion'] };
    try {
      const denied = await runCli(['--principal', roleArn('structural-full'), '--endpoint', server.url, '--policy', 'StructuralSourceS3']);
      assert.equal(denied.code, 2);
      assert.match(denied.stderr, /GetPolicyVersion/);
    } finally {
      server.behaviour = {};
    }
  });
});
