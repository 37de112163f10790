// Where GrantCheck sends AWS requests: the one endpoint rule (checkIamEndpoint) as the CLI, the language server, the
// reader and the extension apply it, and the endpoint named in every report when it is not AWS's own.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { decideAwsConnection, type SettingInspection } from '../../client/src/awsConnection';
import { checkIamEndpoint, isLoopbackHost } from '../../server/src/aws/endpointPolicy';
import { AwsAccessError } from '../../server/src/aws/errors';
import { createIamReader, type IamReaderOptions } from '../../server/src/aws/sdkIamReader';
import type { IamReader } from '../../server/src/aws/types';
import { runDeployed } from '../../server/src/cli/deployed';
import { runSimulate } from '../../server/src/cli/simulate';
import { runVerify } from '../../server/src/cli/verify';
import { DEPLOYED_POLICY_REQUEST, LIST_PRINCIPAL_POLICIES_REQUEST, registerDeployedHandlers } from '../../server/src/lsp/deployed';
import { LIST_PRINCIPALS_REQUEST, registerVerifyHandlers, VERIFY_REQUEST, verifyReportMarkdown, type VerifyResponse } from '../../server/src/lsp/verify';
import type { CliIo } from '../../server/src/cli/command';
import { testData } from '../support/data';
import { startIamTestServer, type IamTestServer } from '../support/iamTestServer';
import { runBuiltCli } from './cliHarness';
import { FAKE_CREDENTIALS, FIXTURE_ACCOUNT, leaksSecret, roleArn, STRUCTURAL_SOURCE_S3_POLICY } from './fixtures';

const REMOTE_HTTP = 'http://iam.attacker.example:8080';

let server: IamTestServer;
const outputs: string[] = [];

before(async () => {
  server = await startIamTestServer(FIXTURE_ACCOUNT);
});

after(async () => {
  await server.close();
  for (const o of outputs) assert.equal(leaksSecret(o), undefined, `secret in output: ${o}`);
});

function policyFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-endpoint-'));
  const file = path.join(dir, 'source-s3.policy.json');
  fs.writeFileSync(file, JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY, null, 2));
  return file;
}

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (t) => (out += t), stderr: (t) => (err += t), color: false, out: () => out, err: () => err };
}

describe('checkIamEndpoint: the one endpoint rule', () => {
  test('no endpoint: AWS, allowed, nothing to show', () => {
    for (const e of [undefined, '', '   ']) assert.deepEqual(checkIamEndpoint(e), { allowed: true, endpoint: undefined, loopback: false, insecure: false });
  });

  test('plain http:// to this machine (127.0.0.0/8, ::1, localhost) is allowed without the flag', () => {
    for (const [given, normalised] of [
      ['http://127.0.0.1:4566', 'http://127.0.0.1:4566'],
      ['http://127.10.20.30:4566/', 'http://127.10.20.30:4566'],
      ['http://localhost:4566', 'http://localhost:4566'],
      ['HTTP://LOCALHOST:4566', 'http://localhost:4566'],
      ['http://[::1]:4566', 'http://[::1]:4566'],
      ['http://[0:0:0:0:0:0:0:1]:4566', 'http://[::1]:4566'],
      // Other spellings of 127.0.0.1 are normalised, so what is shown is what is called.
      ['http://2130706433:4566', 'http://127.0.0.1:4566'],
      ['http://127.1:4566', 'http://127.0.0.1:4566'],
    ] as const) {
      const v = checkIamEndpoint(given);
      assert.ok(v.allowed, `${given}: ${JSON.stringify(v)}`);
      assert.equal(v.endpoint, normalised, given);
      assert.equal(v.loopback, true, given);
      assert.equal(v.insecure, true, given);
    }
  });

  test('plain http:// to any other host is refused, naming the endpoint, unless explicitly allowed', () => {
    for (const given of [REMOTE_HTTP, 'http://10.0.0.5:4566', 'http://0.0.0.0:4566', 'http://127.0.0.1.attacker.example', 'http://localhost.attacker.example', 'http://128.0.0.1', 'http://[::2]:4566']) {
      const v = checkIamEndpoint(given);
      assert.equal(v.allowed, false, given);
      assert.ok(!v.allowed && v.insecure && !v.loopback, given);
      assert.ok(!v.allowed && v.reason.includes(v.endpoint), `${given}: the reason names the endpoint: ${!v.allowed && v.reason}`);
      const allowed = checkIamEndpoint(given, { allowInsecure: true });
      assert.ok(allowed.allowed && allowed.insecure, given);
    }
  });

  test('https:// is allowed to any host; other schemes, non-URLs and credentials in the URL are refused even when insecure is allowed', () => {
    const v = checkIamEndpoint('https://iam.us-gov.amazonaws.com');
    assert.deepEqual(v, { allowed: true, endpoint: 'https://iam.us-gov.amazonaws.com', loopback: false, insecure: false });
    for (const given of ['ftp://127.0.0.1/', 'file:///etc/passwd', 'localhost:4566', 'iam.example.com', 'http://user:pass@127.0.0.1:4566']) {
      const refused = checkIamEndpoint(given, { allowInsecure: true });
      assert.equal(refused.allowed, false, given);
    }
    // A password in the text is never repeated, with or without a scheme ("user:" parses as one).
    for (const given of ['https://user:s3cretPassw0rd@iam.example.com', 'user:s3cretPassw0rd@iam.example.com']) {
      const withPassword = checkIamEndpoint(given);
      assert.ok(!withPassword.allowed && !withPassword.reason.includes('s3cretPassw0rd') && !withPassword.endpoint.includes('s3cretPassw0rd'), JSON.stringify(withPassword));
      assert.match(!withPassword.allowed ? withPassword.reason : '', /^refusing the IAM endpoint /);
    }
  });

  test('isLoopbackHost takes WHATWG hostnames only', () => {
    assert.ok(isLoopbackHost('127.255.255.255'));
    assert.ok(!isLoopbackHost('127.0.0.256'));
    assert.ok(!isLoopbackHost('127.0.0'));
    assert.ok(!isLoopbackHost('::1'), 'a URL hostname keeps the brackets');
  });
});

describe('the reader refuses what the rule refuses', () => {
  test('createIamReader throws for plain http:// to another host, accepts it when allowed, and knows its endpoint', () => {
    assert.throws(() => createIamReader({ endpoint: REMOTE_HTTP, credentials: async () => FAKE_CREDENTIALS }), (e: unknown) => e instanceof AwsAccessError && e.message.includes(REMOTE_HTTP));
    assert.equal(createIamReader({ endpoint: REMOTE_HTTP, allowInsecureEndpoint: true, credentials: async () => FAKE_CREDENTIALS }).endpoint, REMOTE_HTTP);
    assert.equal(createIamReader({ endpoint: server.url, credentials: async () => FAKE_CREDENTIALS }).endpoint, server.url);
    assert.equal(createIamReader({ credentials: async () => FAKE_CREDENTIALS }).endpoint, undefined);
  });
});

describe('CLI: plain http:// to another host exits 2 before any call', () => {
  const subcommands: [string, string[]][] = [
    ['verify', ['--principal', roleArn('structural-full')]],
    ['simulate', []],
    ['deployed', ['--principal', roleArn('structural-full')]],
  ];

  for (const [subcommand, args] of subcommands) {
    test(`${subcommand} --endpoint ${REMOTE_HTTP}`, async () => {
      const fileArgs = subcommand === 'deployed' ? [] : [policyFile()];
      const r = await runBuiltCli(subcommand, [...args, '--endpoint', REMOTE_HTTP, ...fileArgs], outputs);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.includes(`refusing the IAM endpoint ${REMOTE_HTTP}`), r.stderr);
      assert.match(r.stderr, /--allow-insecure-endpoint/);
    });
  }

  test('no reader is built for a refused endpoint; --allow-insecure-endpoint passes it on', async () => {
    const seen: IamReaderOptions[] = [];
    // The reader the CLI asks for goes to the test server (loopback) whatever endpoint it was given.
    const makeReader = (options: IamReaderOptions): IamReader => {
      seen.push(options);
      return createIamReader({ endpoint: server.url, credentials: async () => FAKE_CREDENTIALS });
    };
    const file = policyFile();
    const runs = [
      (extra: string[], io: CliIo) => runVerify(['--principal', roleArn('structural-full'), ...extra, file], io, makeReader),
      (extra: string[], io: CliIo) => runSimulate([...extra, file], io, makeReader),
      (extra: string[], io: CliIo) => runDeployed(['--principal', roleArn('structural-full'), ...extra], io, makeReader),
    ];
    for (const run of runs) {
      const io = captureIo();
      assert.equal(await run(['--endpoint', REMOTE_HTTP], io), 2);
      assert.ok(io.err().includes(REMOTE_HTTP), io.err());
    }
    assert.deepEqual(seen, [], 'no reader was built');
    for (const run of runs) {
      const io = captureIo();
      assert.equal(await run(['--endpoint', REMOTE_HTTP, '--allow-insecure-endpoint'], io), 0, io.err());
    }
    assert.deepEqual(seen, [1, 2, 3].map(() => ({ endpoint: REMOTE_HTTP, allowInsecureEndpoint: true })));
  });
});

describe('every report names a non-AWS endpoint', () => {
  test('CLI verify and simulate: table and JSON', async () => {
    const file = policyFile();
    for (const [subcommand, args] of [
      ['verify', ['--principal', roleArn('structural-full'), '--endpoint', server.url, file]],
      ['simulate', ['--endpoint', server.url, file]],
    ] as const) {
      const table = await runBuiltCli(subcommand, [...args], outputs);
      assert.equal(table.code, 0, table.stderr);
      assert.ok(table.stdout.includes(`IAM endpoint: ${server.url} (not AWS's own endpoint`), `${subcommand}: ${table.stdout}`);
      const json = await runBuiltCli(subcommand, [...args, '--format', 'json'], outputs);
      assert.equal(json.code, 0, json.stderr);
      assert.equal((JSON.parse(json.stdout) as { endpoint?: string }).endpoint, server.url, subcommand);
    }
  });

  test('AWS itself: no endpoint line in the report', () => {
    const markdown = verifyReportMarkdown({ principal: roleArn('x'), results: [], skipped: [] });
    assert.doesNotMatch(markdown, /endpoint/i);
  });
});

describe('language server: the same rule, and the endpoint in the verify result', () => {
  type Handler = (params: unknown, token: CancellationToken) => Promise<unknown>;
  const handlers = new Map<string, Handler>();
  const built: IamReaderOptions[] = [];
  const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) } as unknown as CancellationToken;

  before(() => {
    const connection = { onRequest: (method: string, handler: Handler) => handlers.set(method, handler) } as unknown as Connection;
    const makeReader = (options: IamReaderOptions): IamReader => {
      built.push(options);
      return createIamReader({ ...options, credentials: async () => FAKE_CREDENTIALS });
    };
    registerVerifyHandlers(connection, { documentText: () => JSON.stringify(STRUCTURAL_SOURCE_S3_POLICY, null, 2), data: testData(), makeReader });
    registerDeployedHandlers(connection, { documentText: () => undefined, makeReader });
  });

  test('every AWS request refuses plain http:// to another host without building a reader', async () => {
    const aws = { endpoint: REMOTE_HTTP };
    const principalArn = roleArn('structural-full');
    for (const [method, params] of [
      [LIST_PRINCIPALS_REQUEST, { aws }],
      [VERIFY_REQUEST, { uri: 'file:///p.json', principalArn, aws }],
      [LIST_PRINCIPAL_POLICIES_REQUEST, { principalArn, aws }],
      [DEPLOYED_POLICY_REQUEST, { principalArn, policy: 'StructuralSourceS3', aws }],
    ] as const) {
      const r = (await handlers.get(method)!(params, token)) as { error?: string };
      assert.ok(r.error?.includes(`refusing the IAM endpoint ${REMOTE_HTTP}`), `${method}: ${JSON.stringify(r)}`);
      assert.match(r.error!, /grantcheck\.aws\.allowInsecureEndpoint/);
    }
    assert.deepEqual(built, []);
  });

  test('the verify report, its markdown and the denied diagnostics name the endpoint', async () => {
    const r = (await handlers.get(VERIFY_REQUEST)!({ uri: 'file:///p.json', principalArn: roleArn('structural-no-delete', '/data/'), aws: { endpoint: server.url } }, token)) as VerifyResponse;
    assert.ok('report' in r, JSON.stringify(r));
    assert.equal(r.report.endpoint, server.url);
    assert.ok(r.markdown.includes(`**IAM endpoint: \`${server.url}\`**`), r.markdown);
    assert.equal(r.denied.length, 1);
    assert.ok(r.denied[0]!.message.endsWith(`(Answer of the IAM endpoint ${server.url}.)`), r.denied[0]!.message);
  });
});

describe('extension: which grantcheck.aws.* values are used (decideAwsConnection)', () => {
  const inspectOf = (settings: Record<string, SettingInspection>) => (key: string): SettingInspection | undefined => settings[key];

  test('user settings are used as they are, without a question', () => {
    const d = decideAwsConnection(inspectOf({ endpoint: { globalValue: ' http://localhost:4566 ' }, profile: { globalValue: 'audit' } }));
    assert.deepEqual(d, { kind: 'use', aws: { endpoint: 'http://localhost:4566', profile: 'audit' }, fromWorkspace: [] });
  });

  test('a value from the workspace or a folder needs a confirmation that names the endpoint', () => {
    for (const where of ['workspaceValue', 'workspaceFolderValue'] as const) {
      const d = decideAwsConnection(inspectOf({ endpoint: { globalValue: 'http://localhost:4566', [where]: 'https://iam.attacker.example' } }));
      assert.equal(d.kind, 'use');
      assert.ok(d.kind === 'use' && d.aws.endpoint === 'https://iam.attacker.example');
      assert.ok(d.kind === 'use' && d.confirmation?.includes('to https://iam.attacker.example'), JSON.stringify(d));
      assert.deepEqual(d.kind === 'use' && d.fromWorkspace, ['grantcheck.aws.endpoint']);
    }
    // A workspace profile (someone else's credentials) is asked about too, naming the AWS endpoint.
    const profile = decideAwsConnection(inspectOf({ profile: { workspaceValue: 'prod-admin' } }));
    assert.ok(profile.kind === 'use' && profile.confirmation?.includes("AWS's own IAM endpoint") && profile.confirmation.includes('"prod-admin"'));
  });

  test('plain http:// to another host is refused; only the user can allow it, a workspace never', () => {
    const refused = decideAwsConnection(inspectOf({ endpoint: { workspaceValue: REMOTE_HTTP }, allowInsecureEndpoint: { workspaceValue: true, workspaceFolderValue: true } }));
    assert.equal(refused.kind, 'refuse');
    assert.ok(refused.kind === 'refuse' && refused.message.includes(REMOTE_HTTP) && refused.message.includes('set by this workspace'), JSON.stringify(refused));
    const allowed = decideAwsConnection(inspectOf({ endpoint: { globalValue: REMOTE_HTTP }, allowInsecureEndpoint: { globalValue: true } }));
    assert.deepEqual(allowed, { kind: 'use', aws: { endpoint: REMOTE_HTTP, allowInsecureEndpoint: true }, fromWorkspace: [] });
  });
});
