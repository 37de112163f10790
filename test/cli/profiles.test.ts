// CLI: `grantcheck profiles`, `profiles show`, `new` (value validation, exit 2) and `--profile` / config bindings on a lint run.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { allProfiles, profileById } from '../../server/src/engine/profiles';
import { renderDocument } from '../../server/src/engine/profiles/render';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grantcheck-profiles-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Seed 002's policy as JSON (GetBucketLocation on bucket/*, which never applies).
const SEED_002 = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:ListStreams', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTable', 'dynamodb:ListExports', 'dynamodb:DescribeExport', 'dynamodb:ExportTableToPointInTime'], Resource: '*' },
      { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::artie-transfer-test' },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::artie-transfer-test/*' },
    ],
  },
  null,
  2,
);

/** Internal file names a user cannot open: research seeds (000_11ce08844124b943.txt) and notes. */
const INTERNAL_FILE = /\b\d{3}_[0-9a-f]{16}\.txt\b|\bseed\b|notes\/redshift\.md/i;

describe('no user-facing output names an internal file', () => {
  it('profiles, profiles show, new and the snippets', async () => {
    const list = await cli('profiles');
    assert.doesNotMatch(list.stdout, INTERNAL_FILE);
    for (const p of allProfiles) {
      assert.match(list.stdout, new RegExp(`source: ${p.source.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `${p.id} is listed with its source URL`);
      const shown = await cli('profiles', 'show', p.id);
      assert.equal(shown.code, 0);
      assert.doesNotMatch(shown.stdout, INTERNAL_FILE, p.id);
      assert.match(shown.stdout, /Source: .+ <https:\/\/[^>]+> \(checked \d{4}-\d{2}-\d{2}\)/, p.id);
      const created = await cli('new', p.id);
      assert.doesNotMatch(created.stdout + created.stderr, INTERNAL_FILE, p.id);
    }
    for (const file of fs.readdirSync(path.join(__dirname, '..', '..', 'snippets'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(__dirname, '..', '..', 'snippets', file), 'utf8'), INTERNAL_FILE, file);
    }
  });
});

describe('grantcheck profiles', () => {
  it('lists every profile, grouped under its vendor', async () => {
    const { code, stdout } = await cli('profiles');
    assert.equal(code, 0);
    for (const p of allProfiles) assert.ok(stdout.includes(p.id), p.id);
    const structural = stdout.indexOf('Tonic Structural\n');
    assert.ok(structural >= 0 && stdout.indexOf('structural/redshift-source', structural) > structural);
  });
  it('show: placeholders, requirements, notes, corrections and the source', async () => {
    const { code, stdout } = await cli('profiles', 'show', 'structural/redshift-server-sqs-lambda');
    assert.equal(code, 0);
    assert.match(stdout, /lambdaRoleArn \(iam-role-arn/);
    assert.match(stdout, /iam:PassRole on <lambda-role-arn>/);
    assert.match(stdout, /Corrections to the published page:[\s\S]*unquoted <ARN to Structural Lambda Role>/);
    assert.match(stdout, /logs:StopQuery/);
    assert.match(stdout, /Source: .*<https:\/\/docs\.tonic\.ai\/[^>]+> \(checked \d{4}-\d{2}-\d{2}\)/);
    const dynamo = await cli('profiles', 'show', 'structural/dynamodb-source');
    assert.match(dynamo.stdout, /point-in-time recovery must be enabled on every source table/i);
  });
  it('show: an unknown id exits 2 with a suggestion', async () => {
    const { code, stderr } = await cli('profiles', 'show', 'artie/dynamodb-stream');
    assert.equal(code, 2);
    assert.match(stderr, /unknown profile "artie\/dynamodb-stream" \(did you mean artie\/dynamodb-streams/);
  });
});

describe('grantcheck new', () => {
  it('prints the filled document (the same text the snippet gives)', async () => {
    const { code, stdout } = await cli('new', 'structural/dynamodb-source-s3', '--set', 'sourceBucket=acme-src');
    assert.equal(code, 0);
    assert.equal(stdout, renderDocument(profileById('structural/dynamodb-source-s3')!, { sourceBucket: 'acme-src' }));
    assert.match(stdout, /"arn:aws:s3:::acme-src\/\*"/);
  });
  it('writes a Redshift password as its md5 hash, never in clear text', async () => {
    const { code, stdout } = await cli('new', 'structural/redshift-source', '--set', 'user=tonic_user', '--set', 'password=Secret-Passw0rd', '--set', 'schema=sales');
    assert.equal(code, 0);
    assert.ok(!stdout.includes('Secret-Passw0rd'));
    assert.match(stdout, /CREATE USER tonic_user PASSWORD 'md5[0-9a-f]{32}';/);
    assert.match(stdout, /^-- grantcheck-profile: structural\/redshift-source user=tonic_user schema=sales$/m);
  });
  it('exits 2 naming each invalid or missing value', async () => {
    const bad = await cli('new', 'matillion/streaming-s3-bucket-policy', '--set', 'destinationBucket=Bad_Name', '--set', 'color=blue');
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /destinationBucket="Bad_Name": an S3 bucket name uses lowercase letters/);
    assert.match(bad.stderr, /unknown placeholder "color"/);
    assert.match(bad.stderr, /missing --set agentRoleArn=/);
    const account = await cli('new', 'structural/redshift-lambda-role', '--set', 'accountId=12345');
    assert.equal(account.code, 2);
    assert.match(account.stderr, /accountId="12345": an AWS account id is exactly 12 digits/);
    const malformed = await cli('new', 'structural/dynamodb-source-s3', '--set', 'sourceBucket');
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /--set needs key=value/);
  });
  it('defaults fill placeholders that have one (tonic- name prefix)', async () => {
    const { code, stdout } = await cli('new', 'structural/redshift-server-pipeline-v2');
    assert.equal(code, 0);
    assert.match(stdout, /"arn:aws:s3:::tonic-\*\/\*"/);
  });
});

describe('binding files on a lint run', () => {
  const policy = path.join(tmp, 'artie.json');
  fs.writeFileSync(policy, SEED_002);

  it('--profile binds every file given (values with --set)', async () => {
    const { stdout } = await cli('--format', 'json', '--profile', 'artie/dynamodb-streams', '--set', 'exportBucket=artie-transfer-test', policy);
    const findings = (JSON.parse(stdout) as { diagnostics: { rule: string; message: string }[] }[]).flatMap((r) => r.diagnostics);
    const missing = findings.filter((f) => f.rule === 'iam/missing-required-permission');
    assert.deepEqual(missing.map((f) => f.message.split(' ')[3]), ['s3:GetBucketLocation']);
  });
  it('--profile with an invalid value or --set alone exits 2', async () => {
    assert.equal((await cli('--profile', 'artie/dynamodb-streams', '--set', 'exportBucket=NO', policy)).code, 2);
    assert.equal((await cli('--set', 'exportBucket=x', policy)).code, 2);
    assert.equal((await cli('--profile', 'nobody/nothing', policy)).code, 2);
  });
  it('.grantcheck.json "profiles" binds the files its globs match', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'cfg-'));
    fs.writeFileSync(path.join(dir, 'streams.json'), SEED_002);
    fs.writeFileSync(path.join(dir, 'other.json'), SEED_002);
    fs.writeFileSync(
      path.join(dir, '.grantcheck.json'),
      JSON.stringify({ profiles: [{ files: 'streams.json', profile: 'artie/dynamodb-streams', values: { exportBucket: 'artie-transfer-test' } }] }),
    );
    const { stdout } = await cli('--format', 'json', dir);
    const results = JSON.parse(stdout) as { file: string; diagnostics: { rule: string }[] }[];
    const of = (name: string) => results.find((r) => r.file.endsWith(name))!.diagnostics.filter((f) => f.rule === 'iam/missing-required-permission').length;
    assert.equal(of('streams.json'), 1);
    assert.equal(of('other.json'), 0);
  });
});

describe('workspace profiles (.grantcheck/profiles/*.json)', () => {
  const repo = path.join(tmp, 'team-repo');
  const ACME = {
    $schema: 'https://example.invalid/ignored.json',
    vendor: 'acme',
    vendorTitle: 'Acme Loader',
    profiles: [
      {
        id: 'acme/loader',
        title: 'Loader role',
        kind: 'identity',
        source: { url: 'https://docs.example.com/acme/aws', title: 'Acme — AWS setup', checked: '2026-12-01' },
        placeholders: [{ name: 'bucket', label: 'bucket', description: 'The landing bucket.', validation: 's3-bucket', example: 'acme-landing' }],
        statements: [
          { sid: 'AcmeObjects', actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::${bucket}/*'] },
          { sid: 'AcmeBucket', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::${bucket}'] },
        ],
        notes: ['Team-specific.'],
        corrections: [],
      },
    ],
  };
  const cwd = process.cwd();
  after(() => process.chdir(cwd));
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(path.join(repo, '.grantcheck', 'profiles'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.grantcheck', 'profiles', 'acme.json'), JSON.stringify(ACME, null, 2));
  fs.writeFileSync(path.join(repo, '.grantcheck.json'), JSON.stringify({ profiles: [{ files: 'loader.policy.json', profile: 'acme/loader', values: { bucket: 'acme-landing' } }] }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-landing/*', 'arn:aws:s3:::acme-landing'] }] };
  fs.writeFileSync(path.join(repo, 'loader.policy.json'), JSON.stringify(policy, null, 2));

  it('profiles lists it with its source; show and new work as for a built-in', async () => {
    process.chdir(repo);
    const list = await cli('profiles');
    assert.match(list.stdout, /Acme Loader\n {2}acme\/loader +identity +Loader role\n +source: https:\/\/docs\.example\.com\/acme\/aws/);
    const shown = await cli('profiles', 'show', 'acme/loader');
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /s3:PutObject on arn:aws:s3:::<bucket>\/\*/);
    const created = await cli('new', 'acme/loader', '--set', 'bucket=acme-landing');
    assert.equal(created.code, 0);
    assert.match(created.stdout, /"arn:aws:s3:::acme-landing\/\*"/);
  });
  it('a bound document is checked against it: the missing action is named', async () => {
    process.chdir(repo);
    const run = await cli('--format', 'json', 'loader.policy.json');
    const findings = (JSON.parse(run.stdout) as { diagnostics: { rule: string; message: string }[] }[])[0]!.diagnostics;
    const missing = findings.filter((f) => f.rule === 'iam/missing-required-permission');
    assert.equal(missing.length, 1, JSON.stringify(findings));
    assert.match(missing[0]!.message, /s3:PutObject/);
    // Outside the repository the profile does not exist.
    process.chdir(tmp);
    const elsewhere = await cli('profiles', 'show', 'acme/loader');
    assert.equal(elsewhere.code, 2);
  });
  it('a broken profile file is reported on its own line; a built-in id cannot be taken', async () => {
    process.chdir(repo);
    const broken = JSON.stringify({ ...ACME, profiles: [{ ...ACME.profiles[0], id: 'structural/dynamodb-source' }] }, null, 2);
    const file = path.join(repo, '.grantcheck', 'profiles', 'broken.json');
    fs.writeFileSync(file, broken);
    try {
      const list = await cli('profiles');
      const line = broken.split('\n').findIndex((l) => l.includes('"structural/dynamodb-source"')) + 1;
      assert.match(list.stderr, new RegExp(`\\.grantcheck[/\\\\]profiles[/\\\\]broken\\.json:${line}:\\d+: Profile id "structural/dynamodb-source" is a built-in profile's`));
      const run = await cli('loader.policy.json');
      assert.match(run.stdout + run.stderr, /broken\.json/);
    } finally {
      fs.rmSync(file);
    }
  });
});
