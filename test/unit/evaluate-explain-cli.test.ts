// `grantcheck explain`: the CLI front of the offline evaluator (exit codes, text and JSON output, context parsing).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseContextPairs } from '../../server/src/cli/explain';
import { runCli } from '../../server/src/cli/main';

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadSource', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-src', 'arn:aws:s3:::acme-src/*'] },
    { Sid: 'OfficeOnly', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
  ],
};

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), color: false });
  return { code, out, err };
}

function policyFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gc-explain-'));
  const file = path.join(dir, 'reader.policy.json');
  fs.writeFileSync(file, JSON.stringify(POLICY, null, 2));
  return file;
}

test('allowed: exit 0 and names the allowing statement', async () => {
  const r = await cli(['explain', policyFile(), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::acme-src/a.csv', '--context', 'aws:SourceIp=203.0.113.5']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Allowed: s3:GetObject on arn:aws:s3:::acme-src\/a.csv is allowed by statement 1 \("ReadSource"\)\./);
});

test('explicit deny: exit 1 and names the Deny and its condition', async () => {
  const r = await cli(['explain', policyFile(), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::acme-src/a.csv', '--context', 'aws:SourceIp=198.51.100.1']);
  assert.equal(r.code, 1);
  assert.match(r.out, /Explicitly denied: .* by statement 2 \("OfficeOnly"\)/);
  assert.match(r.out, /NotIpAddress aws:SourceIp/);
});

test('implicit deny in JSON', async () => {
  const r = await cli(['explain', policyFile(), '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::acme-src/a.csv', '--context', 'aws:SourceIp=203.0.113.5', '--format', 'json']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.equal(json.decision, 'implicitDeny');
  assert.deepEqual(json.notApplicable, ['statement 1 ("ReadSource") (Allow): no Action value matches.']);
  assert.deepEqual(json.missingContextKeys, []);
});

test('a missing key makes a negated Deny condition hold, and is reported', async () => {
  const r = await cli(['explain', policyFile(), '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::acme-src/a.csv', '--format', 'json']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out);
  assert.equal(json.decision, 'explicitDeny');
  assert.deepEqual(json.missingContextKeys, ['aws:SourceIp']);
});

test('usage errors exit 2', async () => {
  assert.equal((await cli(['explain', policyFile()])).code, 2);
  assert.equal((await cli(['explain', '--action', 's3:GetObject'])).code, 2);
  assert.equal((await cli(['explain', '/nonexistent/file.json', '--action', 's3:GetObject'])).code, 2);
  assert.equal((await cli(['explain', policyFile(), '--action', 's3:GetObject', '--context', 'novalue'])).code, 2);
});

test('parseContextPairs: repeated keys become multivalued, "=" inside values is kept', () => {
  assert.deepEqual(parseContextPairs(['aws:TagKeys=a', 'aws:TagKeys=b', 'x=1=2']), { 'aws:TagKeys': ['a', 'b'], x: '1=2' });
});
