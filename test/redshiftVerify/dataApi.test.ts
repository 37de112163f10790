// verify-sql over the Redshift Data API, against a local server speaking its JSON protocol (test/support/
// redshiftDataServer.ts) that answers the catalog queries from recorded rows of a Redshift catalog in the state of the
// PostgreSQL test (three deliberate differences). Every request is recorded: only the three read operations, only the
// catalog's fixed SELECTs. Errors say which: access denied, unknown cluster, failed statement, timeout, no network.
// Fake static credentials; a seeded secret (secret key and session token) never appears in any output.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { BatchExecuteStatementCommand, CancelStatementCommand, ExecuteStatementCommand } from '@aws-sdk/client-redshift-data';
import { classifyDataApiError, createGuardedDataClient, type RedshiftDataCaller } from '../../server/src/aws/redshiftData';
import { runVerifySql, type VerifySqlDependencies } from '../../server/src/cli/verifySql';
import { CATALOG_SQL } from '../../server/src/node/redshiftVerify/catalog';
import { isCatalogStatement, openDataApiSession, resolveDataApiTarget, sdkDataApiCaller, toDataApiStatement, type DataApiTarget } from '../../server/src/node/redshiftVerify/dataApi';
import { verifyDiagnostics, verifyReportMarkdown } from '../../server/src/node/redshiftVerify/report';
import { ReadOnlyViolation } from '../../server/src/node/redshiftVerify/session';
import { verifySqlOverDataApi } from '../../server/src/node/redshiftVerify/verify';
import { dataApiChoice, type GlobalSetting } from '../../client/src/verifySqlDataApi';
import { startRedshiftDataServer, type RedshiftDataServer, type Row } from '../support/redshiftDataServer';
import { VERIFY_SCRIPT } from '../support/verifyScript';

const SECRET_KEY = 'Seeded-Secret-Key-9Wz!dataapi';
const SESSION_TOKEN = 'Seeded-Session-Token-4Kq7ZmataApiToken';
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const CLI = resolve(__dirname, '../../dist/cli.js');
const REDSHIFT_VERSION = 'PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 (Red Hat 3.4.2-6.fc3), Redshift 1.0.77467';

const SCRIPT = VERIFY_SCRIPT;

// ---- A Redshift catalog in the state the PostgreSQL test sets up: sales.late_orders created after ON ALL TABLES,
// USAGE on sales revoked from app_reader, app_writer never created.
const TABLES: Record<string, string[]> = { sales: ['customers', 'late_orders', 'orders'], stage: [], public: [] };
const USER_TABLE_PRIVILEGES = new Set(['app_reader "sales"."orders" SELECT', 'app_reader "sales"."customers" SELECT']);
const USER_SCHEMA_PRIVILEGES = new Set(['etl stage USAGE', 'etl stage CREATE']);
const GROUP_SCHEMA_PRIVILEGES = new Set(['group loaders stage USAGE', 'group loaders stage CREATE']);

const count = (yes: boolean): Row[] => [{ n: yes ? 1 : 0 }];

/** The catalog key of a statement the server received: its text with placeholders back in `$n` form. */
const SKELETONS = new Map(Object.entries(CATALOG_SQL).map(([key, sql]) => [sql.replace(/\$\d+(?:::[a-z]+)?/g, '?'), key]));
function catalogKey(sql: string): string {
  const skeleton = sql.replace(/CAST\((?::p\d+|NULL|'') AS [a-z]+\)/g, '?').replace(/:p\d+/g, '?');
  const key = SKELETONS.get(skeleton);
  if (!key) throw new Error(`not a catalog statement: ${sql}`);
  return key;
}

const asked: string[] = [];

function answer(sql: string, named: Record<string, string>): Row[] {
  const key = catalogKey(sql);
  asked.push(key);
  const p = (n: number): string | null => named[`p${n}`] ?? null;
  switch (key) {
    case 'version':
      return [{ version: REDSHIFT_VERSION, database: 'dev' }];
    case 'users':
      return ['rdsdb', 'verifier', 'app_reader', 'etl'].map((name) => ({ name }));
    case 'groups':
      return [{ name: 'loaders', member: 'etl' }];
    case 'redshiftRoles':
      return [{ name: 'analyst' }];
    case 'schemas':
      return Object.keys(TABLES).map((name) => ({ name }));
    case 'tablesIn':
      return (TABLES[p(1) ?? ''] ?? []).map((name) => ({ name }));
    case 'tableExists':
      return count((TABLES[p(1) ?? 'public'] ?? []).includes(p(2) ?? ''));
    case 'hasTable':
      return [{ ok: USER_TABLE_PRIVILEGES.has(`${p(1)} ${p(2)} ${p(3)}`) }];
    case 'hasSchema':
      return [{ ok: USER_SCHEMA_PRIVILEGES.has(`${p(1)} ${p(2)} ${p(3)}`) }];
    case 'svvSchema':
      return count(GROUP_SCHEMA_PRIVILEGES.has(`${p(3)} ${p(4)} ${p(1)} ${p(2)}`));
    case 'svvUserRole':
      return count(p(1) === 'app_reader' && p(2) === 'analyst');
    case 'svvDefaults':
      // (RELATION, SELECT, user, app_reader, owner NULL, schema sales)
      return count(p(1) === 'RELATION' && p(2) === 'SELECT' && p(3) === 'user' && p(4) === 'app_reader' && p(5) === null && p(6) === 'sales');
    default:
      throw new Error(`no recorded rows for ${key}`);
  }
}

// ---- Helpers.

const outputs: string[] = [];
const fakeCredentials = async (): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> => ({ accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, sessionToken: SESSION_TOKEN });

/** A fake clock: waiting advances it, nothing sleeps. */
function fakeClock(): { now: () => number; wait: (ms: number) => Promise<void>; waited: number[] } {
  let t = 0;
  const waited: number[] = [];
  return { now: () => t, wait: async (ms) => void (waited.push(ms), (t += ms)), waited };
}

function deps(extra: Partial<NonNullable<VerifySqlDependencies['dataApi']>> = {}): VerifySqlDependencies {
  const clock = fakeClock();
  return {
    env: {},
    dataApi: { caller: (target, aws) => sdkDataApiCaller(target, aws, { credentials: fakeCredentials, maxAttempts: 1 }), now: clock.now, wait: clock.wait, ...extra },
  };
}

async function inProcess(args: string[], d: VerifySqlDependencies = deps()): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runVerifySql(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false }, d);
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

function builtCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent', AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN, AWS_EC2_METADATA_DISABLED: 'true' };
    const child = spawn(process.execPath, [CLI, 'verify-sql', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

// ---- Tests.

describe('Data API statements: the catalog texts only, values as parameters', () => {
  it('turns every catalog text into the named-parameter form with no $n or :: left', () => {
    for (const [key, sql] of Object.entries(CATALOG_SQL)) {
      const n = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      const params = Array.from({ length: n }, (_, i) => `v${i + 1}`);
      const out = toDataApiStatement(sql, params);
      assert.ok(!out.sql.includes('$') && !out.sql.includes('::'), `${key}: ${out.sql}`);
      assert.deepEqual(out.parameters.map((p) => p.name).sort(), params.map((_, i) => `p${i + 1}`).sort(), key);
      assert.ok(out.sql.startsWith('SELECT ') && !out.sql.includes(';'), key);
    }
  });

  it('writes NULL and empty values as constants (the Data API takes neither), never a value from the script', () => {
    const out = toDataApiStatement(CATALOG_SQL.svvDefaults, ['RELATION', 'SELECT', 'user', "o'brien", null, '']);
    assert.match(out.sql, /CAST\(NULL AS text\) IS NULL/);
    assert.match(out.sql, /CAST\('' AS text\)/);
    assert.deepEqual(out.parameters, [
      { name: 'p1', value: 'RELATION' },
      { name: 'p2', value: 'SELECT' },
      { name: 'p3', value: 'user' },
      { name: 'p4', value: "o'brien" },
    ]);
    assert.ok(!out.sql.includes("o'brien"));
    assert.ok(isCatalogStatement(CATALOG_SQL.users) && !isCatalogStatement(`${CATALOG_SQL.users} `) && !isCatalogStatement('SELECT 1'));
  });

  it('resolves cluster and workgroup targets and says what is wrong with the options', () => {
    assert.equal(resolveDataApiTarget({}), undefined);
    assert.deepEqual(resolveDataApiTarget({ cluster: 'c1', database: 'dev', dbUser: 'admin' }), { kind: 'cluster', clusterIdentifier: 'c1', database: 'dev', dbUser: 'admin' });
    assert.deepEqual(resolveDataApiTarget({ workgroup: 'wg', database: 'dev' }), { kind: 'workgroup', workgroupName: 'wg', database: 'dev' });
    const error = (s: Parameters<typeof resolveDataApiTarget>[0]): string => (resolveDataApiTarget(s) as { error: string }).error;
    assert.match(error({ cluster: 'c1' }), /--database is required with --cluster/);
    assert.match(error({ cluster: 'c1', workgroup: 'w', database: 'd' }), /not both/);
    assert.match(error({ cluster: 'c1', database: 'd', dbUser: 'u', secretArn: 'arn:x' }), /either --db-user .* or --secret-arn/);
    assert.match(error({ workgroup: 'w', database: 'd', dbUser: 'u' }), /--db-user applies to provisioned clusters only/);
    assert.match(error({ dbUser: 'u' }), /--db-user needs --cluster/);
  });
});

describe('Data API errors say which', () => {
  const ctx = { operation: 'ExecuteStatement', profile: 'audit', region: 'eu-west-1', endpoint: undefined, timeoutMs: 30_000, timedOut: false, secrets: new Set([SESSION_TOKEN]), targetName: 'workgroup wg', credentialPermission: 'redshift-serverless:GetCredentials' };
  const classify = (error: object, extra: Partial<typeof ctx> = {}): { kind: string; message: string } => classifyDataApiError(error, { ...ctx, ...extra });

  it('credentials, Region, throttling, timeout, unknown workgroup, database connection', () => {
    assert.match(classify({ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }).message, /no usable AWS credentials for profile "audit"/);
    assert.equal(classify({ name: 'ExpiredTokenException', message: `expired ${SESSION_TOKEN}` }).kind, 'expired-credentials');
    assert.match(classify({ name: 'Error', message: 'Region is missing' }).message, /no AWS Region: give --region \(the Region of workgroup wg\)/);
    assert.equal(classify({ name: 'ActiveStatementsExceededException', message: 'too many' }).kind, 'throttled');
    assert.equal(classify({ name: 'AbortError', message: 'aborted' }, { timedOut: true }).kind, 'timeout');
    const missing = classify({ name: 'ValidationException', message: 'Workgroup wg not found.' });
    assert.deepEqual([missing.kind, /workgroup wg was not found in Region eu-west-1/.test(missing.message)], ['not-found', true]);
    assert.equal(classify({ name: 'ValidationException', message: 'Database name is required.' }).kind, 'invalid-input');
    assert.match(classify({ name: 'DatabaseConnectionException', message: `FATAL: password authentication failed (${SESSION_TOKEN})` }).message, /could not connect to the database of workgroup wg: .*\[redacted\]/);
    assert.match(classify({ name: 'AccessDeniedException', message: 'no' }).message, /needs .*redshift-serverless:GetCredentials$/);
  });
});

describe('the editor: user settings choose the Data API', () => {
  const settings = (values: Record<string, unknown>): GlobalSetting => (section, key) => values[`${section}.${key}`];

  it('uses the Data API only when a cluster or workgroup is named, with the profile, region and endpoint', () => {
    assert.equal(dataApiChoice(settings({ 'grantcheck.redshift.host': 'db.example.com', 'grantcheck.redshift.database': 'dev' })), undefined);
    assert.deepEqual(
      dataApiChoice(
        settings({
          'grantcheck.redshift.clusterIdentifier': 'analytics-prod',
          'grantcheck.redshift.database': 'dev',
          'grantcheck.redshift.dbUser': 'verifier',
          'grantcheck.redshift.region': 'eu-west-1',
          'grantcheck.redshift.dataApiEndpoint': 'https://redshift-data.eu-west-1.amazonaws.com/',
          'grantcheck.aws.profile': 'audit',
        }),
      ),
      {
        target: { kind: 'cluster', clusterIdentifier: 'analytics-prod', database: 'dev', dbUser: 'verifier' },
        aws: { profile: 'audit', region: 'eu-west-1', endpoint: 'https://redshift-data.eu-west-1.amazonaws.com' },
      },
    );
    assert.deepEqual(dataApiChoice(settings({ 'grantcheck.redshift.workgroupName': 'wg', 'grantcheck.redshift.database': 'dev' })), { target: { kind: 'workgroup', workgroupName: 'wg', database: 'dev' }, aws: {} });
  });

  it('names the settings in its messages and applies the endpoint rule', () => {
    const error = (values: Record<string, unknown>): string => (dataApiChoice(settings(values)) as { error: string }).error;
    assert.match(error({ 'grantcheck.redshift.workgroupName': 'wg' }), /^grantcheck\.redshift\.database is required with grantcheck\.redshift\.workgroupName/);
    assert.match(error({ 'grantcheck.redshift.workgroupName': 'wg', 'grantcheck.redshift.database': 'dev', 'grantcheck.redshift.dbUser': 'u' }), /grantcheck\.redshift\.dbUser applies to provisioned clusters only/);
    const http = { 'grantcheck.redshift.clusterIdentifier': 'c', 'grantcheck.redshift.database': 'd', 'grantcheck.redshift.dataApiEndpoint': 'http://10.0.0.8:8080' };
    assert.match(error(http), /refusing the Redshift Data API endpoint http:\/\/10\.0\.0\.8:8080: plain http:\/\/.*grantcheck\.aws\.allowInsecureEndpoint/);
    assert.equal((dataApiChoice(settings({ ...http, 'grantcheck.aws.allowInsecureEndpoint': true })) as { aws: { endpoint?: string } }).aws.endpoint, 'http://10.0.0.8:8080');
  });
});

describe('verify-sql over the Redshift Data API (local JSON-protocol server)', () => {
  let server: RedshiftDataServer;
  let dir: string;
  let file: string;
  const base = (): string[] => ['--cluster', 'analytics-prod', '--database', 'dev', '--db-user', 'verifier', '--region', 'us-east-1', '--endpoint', server.url];

  before(async () => {
    server = await startRedshiftDataServer(answer);
    dir = mkdtempSync(join(tmpdir(), 'grantcheck-verify-data-api-'));
    file = join(dir, 'setup.sql');
    writeFileSync(file, SCRIPT);
  });

  beforeEach(() => {
    server.requests.length = 0;
    asked.length = 0;
    for (const key of Object.keys(server.behaviour)) delete server.behaviour[key as keyof typeof server.behaviour];
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports exactly the three differences on their lines (JSON), reading the Redshift svv_* views', async () => {
    server.behaviour.pendingPolls = 2;
    const out = await inProcess([...base(), '--format', 'json', file]);
    assert.equal(out.code, 1, out.stderr);
    const report = JSON.parse(out.stdout) as { database: string; dialect: string; via: string; results: { line: number; inEffect: boolean; missing: string[] }[] };
    assert.equal(report.database, 'cluster analytics-prod/dev');
    assert.equal(report.dialect, 'redshift');
    assert.equal(report.via, 'data-api');
    assert.deepEqual(report.results.map((r) => r.line), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.deepEqual(
      report.results.filter((r) => !r.inEffect).map((r) => [r.line, r.missing]),
      [
        [3, ['user app_writer does not exist']],
        [6, ['USAGE on schema sales for app_reader']],
        [7, ['SELECT on table sales.late_orders for app_reader (in schema sales: created, or its grant revoked, after this statement ran)']],
      ],
    );
    assert.ok(asked.includes('svvSchema') && asked.includes('svvUserRole') && asked.includes('svvDefaults') && asked.includes('redshiftRoles'));
    // Polling: STARTED twice, then FINISHED, for every statement.
    const executes = server.requests.filter((r) => r.operation === 'ExecuteStatement').length;
    assert.equal(server.requests.filter((r) => r.operation === 'DescribeStatement').length, executes * 3);
  });

  it('sends only ExecuteStatement/DescribeStatement/GetStatementResult, only catalog SELECTs, as the db user', async () => {
    const out = await inProcess([...base(), file]);
    assert.equal(out.code, 1, out.stderr);
    const operations = new Set(server.requests.map((r) => r.target));
    assert.deepEqual([...operations].sort(), ['RedshiftData.DescribeStatement', 'RedshiftData.ExecuteStatement', 'RedshiftData.GetStatementResult']);
    const executes = server.requests.filter((r) => r.operation === 'ExecuteStatement');
    assert.ok(executes.length > 10, `statements: ${executes.length}`);
    for (const r of executes) {
      const sql = String(r.body.Sql);
      assert.ok(sql.startsWith('SELECT ') && !sql.includes(';'), sql);
      assert.ok(Object.keys(CATALOG_SQL).includes(catalogKey(sql)), sql);
      assert.equal(r.body.ClusterIdentifier, 'analytics-prod');
      assert.equal(r.body.Database, 'dev');
      assert.equal(r.body.DbUser, 'verifier');
      assert.equal(r.body.SecretArn, undefined);
      // Values only as parameters: the script's names never appear in the text.
      assert.ok(!/app_reader|loaders|sales/.test(sql), sql);
    }
    assert.ok(executes.some((r) => (JSON.stringify(r.body.Parameters) ?? '').includes('app_reader')));
    // Results are read page by page (the server gives two rows a page; pg_user has four).
    assert.ok(server.requests.some((r) => r.operation === 'GetStatementResult' && r.body.NextToken !== undefined));
    // Signed with the fake credentials; the secret key itself never travels.
    assert.ok(server.requests.every((r) => String(r.headers.authorization).includes(ACCESS_KEY) && r.headers['x-amz-security-token'] === SESSION_TOKEN));
    assert.ok(server.requests.every((r) => !JSON.stringify(r).includes(SECRET_KEY)));
    assert.match(out.stdout, /^Database: cluster analytics-prod\/dev \(Amazon Redshift, through the Redshift Data API\)/);
    assert.match(out.stdout, /line  6  NOT IN EFFECT  GRANT USAGE ON SCHEMA sales TO app_reader;/);
    assert.match(out.stderr, /Redshift Data API endpoint http:\/\/127\.0\.0\.1:\d+ \(not AWS's own/);
  });

  it('passes a secret ARN, or a serverless workgroup, as the Data API expects', async () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:redshift-verifier-AbCdEf';
    let out = await inProcess(['--cluster', 'analytics-prod', '--database', 'dev', '--secret-arn', secretArn, '--region', 'us-east-1', '--endpoint', server.url, file]);
    assert.equal(out.code, 1, out.stderr);
    let first = server.requests.find((r) => r.operation === 'ExecuteStatement')!;
    assert.deepEqual([first.body.ClusterIdentifier, first.body.SecretArn, first.body.DbUser], ['analytics-prod', secretArn, undefined]);
    server.requests.length = 0;
    out = await inProcess(['--workgroup', 'analytics', '--database', 'dev', '--region', 'us-east-1', '--endpoint', server.url, file]);
    assert.equal(out.code, 1, out.stderr);
    first = server.requests.find((r) => r.operation === 'ExecuteStatement')!;
    assert.deepEqual([first.body.WorkgroupName, first.body.ClusterIdentifier, first.body.DbUser], ['analytics', undefined, undefined]);
    assert.match(out.stdout, /^Database: workgroup analytics\/dev /);
  });

  it('the built CLI runs the Data API path with credentials from the environment', async () => {
    const out = await builtCli([...base(), '--format', 'json', file]);
    assert.equal(out.code, 1, out.stderr);
    const report = JSON.parse(out.stdout) as { results: { line: number; inEffect: boolean }[] };
    assert.deepEqual(report.results.filter((r) => !r.inEffect).map((r) => r.line), [3, 6, 7]);
  });

  it('gives the editor one diagnostic per statement not in effect, and a markdown report naming the Data API', async () => {
    const target = resolveDataApiTarget({ workgroup: 'analytics', database: 'dev' }) as DataApiTarget;
    const caller = await sdkDataApiCaller(target, { region: 'us-east-1', endpoint: server.url }, { credentials: fakeCredentials, maxAttempts: 1 });
    const clock = fakeClock();
    const report = await verifySqlOverDataApi(SCRIPT, target, { caller, now: clock.now, wait: clock.wait });
    const diagnostics = verifyDiagnostics(SCRIPT, report);
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), [2, 5, 6]);
    assert.equal(diagnostics[1]!.message, 'Not in effect in workgroup analytics/dev: USAGE on schema sales for app_reader.');
    const markdown = verifyReportMarkdown(report, 'setup.sql');
    assert.match(markdown, /read through the Redshift Data API: only the fixed catalog SELECTs/);
    assert.match(markdown, /\*\*3 of 11 permission statements are not in effect\.\*\*/);
    // Polling started short and grew (50, 100, …), never longer than the cap.
    assert.equal(clock.waited[0], 50);
    outputs.push(markdown, ...diagnostics.map((d) => d.message));
  });

  it('access denied: exit 2, names the permission, and never repeats the session token AWS echoed', async () => {
    server.behaviour.deny = true;
    server.behaviour.echoToken = true;
    const out = await inProcess([...base(), file]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /access denied calling redshift-data:ExecuteStatement on cluster analytics-prod .*needs redshift-data:ExecuteStatement, redshift-data:DescribeStatement, redshift-data:GetStatementResult, redshift:GetClusterCredentials/);
    assert.ok(!out.stderr.includes(SESSION_TOKEN), out.stderr);
    assert.match(out.stderr, /\[redacted\]/);
  });

  it('unknown cluster: exit 2, says the cluster was not found in the Region', async () => {
    server.behaviour.unknownCluster = true;
    const out = await inProcess([...base(), file]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /cluster analytics-prod was not found in Region us-east-1 at http:\/\/127\.0\.0\.1:\d+ \(AWS said: Redshift endpoint doesn't exist in this region\.\): check the identifier and --region/);
  });

  it('a statement that FAILs: exit 2 with the database error; a "does not exist" in a privilege check reads as not held', async () => {
    server.behaviour.fail = (sql) => (catalogKey(sql) === 'users' ? 'ERROR: permission denied for relation pg_user' : undefined);
    let out = await inProcess([...base(), file]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /a catalog query failed on cluster analytics-prod\/dev: ERROR: permission denied for relation pg_user/);
    server.behaviour.fail = (sql) => (catalogKey(sql) === 'hasSchema' ? 'ERROR: schema "sales" does not exist' : undefined);
    out = await inProcess([...base(), '--format', 'json', file]);
    assert.equal(out.code, 1, out.stderr);
    const report = JSON.parse(out.stdout) as { results: { line: number; missing: string[] }[] };
    assert.deepEqual(report.results.find((r) => r.line === 6)!.missing, ['USAGE on schema sales for app_reader']);
  });

  it('a statement that never finishes: exit 2 after the bounded wait (fake clock, no sleeping)', async () => {
    server.behaviour.neverFinish = true;
    const out = await inProcess([...base(), file], deps({ statementTimeoutMs: 5000 }));
    assert.equal(out.code, 2);
    assert.match(out.stderr, /timed out after 5 s waiting for a catalog query on cluster analytics-prod\/dev \(status STARTED\)/);
    const polls = server.requests.filter((r) => r.operation === 'DescribeStatement').length;
    assert.ok(polls >= 5 && polls <= 12, `polls: ${polls}`);
    assert.equal(server.requests.filter((r) => r.operation === 'ExecuteStatement').length, 1);
  });

  it('no network: exit 2, says the endpoint cannot be reached', async () => {
    const port = await closedPort();
    const out = await inProcess(['--cluster', 'c1', '--database', 'dev', '--region', 'us-east-1', '--endpoint', `http://127.0.0.1:${port}`, file]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED.*\\)`));
  });

  it('usage errors exit 2 with a clear message before any request', async () => {
    const cases: [string[], RegExp][] = [
      [['--cluster', 'c1', file], /--database is required with --cluster/],
      [['--cluster', 'c1', '--workgroup', 'w', '--database', 'd', file], /either --cluster .* or --workgroup .*, not both/],
      [['--workgroup', 'w', '--database', 'd', '--db-user', 'u', file], /--db-user applies to provisioned clusters only/],
      [['--cluster', 'c1', '--database', 'd', '--connection', 'postgres://u@h/d', file], /either --connection .* or --cluster\/--workgroup/],
      [['--region', 'us-east-1', file], /--region goes with --cluster or --workgroup/],
      [['--cluster', 'c1', '--database', 'd', '--endpoint', 'http://data.attacker.example', file], /refusing the Redshift Data API endpoint http:\/\/data\.attacker\.example: plain http:\/\//],
    ];
    for (const [args, message] of cases) {
      const out = await inProcess(args);
      assert.equal(out.code, 2, args.join(' '));
      assert.match(out.stderr, message);
    }
    assert.equal(server.requests.length, 0);
  });

  it('the read-only guards refuse other SQL and other operations before anything is sent', async () => {
    const target = resolveDataApiTarget({ cluster: 'c1', database: 'dev', dbUser: 'u' }) as DataApiTarget;
    const caller: RedshiftDataCaller = await sdkDataApiCaller(target, { region: 'us-east-1', endpoint: server.url }, { credentials: fakeCredentials, maxAttempts: 1 });
    const session = openDataApiSession(target, { caller, ...fakeClock() });
    for (const bad of ['DELETE FROM t', 'SELECT 1; DROP TABLE t', 'GRANT SELECT ON t TO u', `${CATALOG_SQL.users}; DROP TABLE t`, 'SELECT 1']) {
      await assert.rejects(session.query(bad), ReadOnlyViolation, bad);
    }
    const { client } = createGuardedDataClient({ region: 'us-east-1', endpoint: server.url, credentials: fakeCredentials, maxAttempts: 1 }, new Set());
    await assert.rejects(client.send(new CancelStatementCommand({ Id: 'stmt-1' })), /refused to call redshift-data:CancelStatement/);
    await assert.rejects(client.send(new BatchExecuteStatementCommand({ Sqls: ['SELECT 1'], Database: 'dev', ClusterIdentifier: 'c1' })), /refused to call redshift-data:BatchExecuteStatement/);
    assert.equal(server.requests.length, 0);
    // The guard lets the allowed operations through (this one reaches the server).
    await client.send(new ExecuteStatementCommand({ Sql: CATALOG_SQL.version, Database: 'dev', ClusterIdentifier: 'c1' }));
    assert.deepEqual(server.requests.map((r) => r.operation), ['ExecuteStatement']);
  });

  it('never prints the seeded secret key or session token', () => {
    assert.ok(outputs.length > 10);
    for (const text of outputs) assert.ok(!text.includes(SECRET_KEY) && !text.includes(SESSION_TOKEN), text);
  });
});
