// Differential test: GrantCheck's evaluator must decide generated requests exactly like @cloud-copilot/iam-simulate
// (an independent AGPL implementation, used here as a test oracle only — never imported by shipped code).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { evaluateRequest, type Decision, type RequestContext } from '../../server/src/engine/iam/evaluate';
import { prng as rng } from '../support/prng';


const ACCOUNT = '123456789012';
const REQUESTS: Array<[string, string]> = [
  ['s3:GetObject', 'arn:aws:s3:::acme-src/data/file.csv'],
  ['s3:GetObject', 'arn:aws:s3:::acme-src/alice/notes.txt'],
  ['s3:PutObject', 'arn:aws:s3:::acme-src/alice/out.csv'],
  ['s3:DeleteObject', 'arn:aws:s3:::acme-dst/x'],
  ['s3:ListBucket', 'arn:aws:s3:::acme-src'],
  ['ec2:DescribeInstances', '*'],
  ['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/alice`],
  ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`],
  ['dynamodb:PutItem', `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/Orders`],
  ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-a`],
];
const ACTION_PATTERNS = ['*', 's3:*', 's3:Get*', 's3:GetObject', 'S3:getobject', 's3:*Object', 's3:?etObject', 's3:List*', 'ec2:Describe*', 'iam:*', 'dynamodb:*Item', 'dynamodb:GetItem', 'sqs:SendMessage'];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::acme-src',
  'arn:aws:s3:::acme-src/*',
  'arn:aws:s3:::acme-*',
  'arn:aws:s3:::ACME-SRC/*',
  'arn:aws:s3:::acme-src/${aws:username}/*',
  'arn:aws:s3:::acme-???/*',
  `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`,
  'arn:aws:dynamodb:*:*:table/*',
  `arn:aws:iam::${ACCOUNT}:user/*`,
  `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
  `arn:aws:sqs:*:${ACCOUNT}:queue-?`,
];
const CONDITIONS: Array<[string, string, string | string[]]> = [
  ['StringEquals', 'aws:PrincipalTag/team', 'data'],
  ['StringEquals', 'aws:PrincipalTag/team', ['ops', 'data']],
  ['StringNotEquals', 'aws:PrincipalTag/team', 'ops'],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'DATA'],
  ['StringLike', 'aws:PrincipalTag/team', 'd*'],
  ['StringNotLike', 'aws:PrincipalTag/team', ['o?s', 'x*']],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'data'],
  ['StringLike', 'aws:PrincipalTag/project', '${aws:username}-*'],
  ['Bool', 'aws:SecureTransport', 'true'],
  ['Bool', 'aws:SecureTransport', 'false'],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true'],
  ['Null', 'aws:MultiFactorAuthPresent', 'true'],
  ['Null', 'aws:PrincipalTag/team', 'false'],
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:db8::/32']],
  ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8'],
  ['IpAddress', 'aws:SourceIp', '198.51.100.7'],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600'],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '60'],
  ['DateLessThan', 'aws:CurrentTime', '2027-01-01T00:00:00Z'],
  ['DateGreaterThan', 'aws:CurrentTime', '2026-06-01T00:00:00Z'],
  ['ArnLike', 'aws:PrincipalTag/source', `arn:aws:sns:*:${ACCOUNT}:topic-*`],
  ['ArnNotLike', 'aws:PrincipalTag/source', 'arn:aws:sqs:*:*:*'],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team']],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team']],
  ['ForAllValues:StringLike', 'aws:TagKeys', 'e*'],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', 'env'],
  ['ArnEquals', 'aws:PrincipalTag/source', `arn:aws:sns:us-east-1:${ACCOUNT}:topic-a`],
  ['ArnNotEquals', 'aws:PrincipalTag/source', `arn:aws:sns:*:${ACCOUNT}:*`],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', ['OPS', 'x']],
  ['NumericEquals', 'aws:MultiFactorAuthAge', ['30', '600']],
  ['NumericNotEquals', 'aws:MultiFactorAuthAge', '600'],
  ['DateNotEquals', 'aws:CurrentTime', '2025-01-01T00:00:00Z'],
  ['DateLessThanEquals', 'aws:CurrentTime', '2025-01-01T00:00:00Z'],
  ['NotIpAddressIfExists', 'aws:SourceIp', '2001:db8::/48'],
  ['ForAllValues:StringNotLike', 'aws:TagKeys', 'o*'],
  ['ArnLikeIfExists', 'aws:PrincipalTag/source', 'arn:aws:sns:*:*:*'],
];
const CONTEXT_VALUES: Record<string, Array<string | string[]>> = {
  'aws:PrincipalTag/team': ['data', 'ops', 'Data'],
  'aws:PrincipalTag/project': ['alice-x', 'bob-x'],
  'aws:PrincipalTag/source': [`arn:aws:sns:us-east-1:${ACCOUNT}:topic-a`, `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, 'not-an-arn'],
  'aws:username': ['alice', 'bob'],
  'aws:SecureTransport': ['true', 'false'],
  'aws:MultiFactorAuthPresent': ['true', 'false'],
  'aws:SourceIp': ['203.0.113.9', '10.1.2.3', '198.51.100.7', '2001:db8::5'],
  'aws:MultiFactorAuthAge': ['30', '600', '7200'],
  'aws:CurrentTime': ['2026-11-21T23:00:00Z', '2025-01-01T00:00:00Z'],
  'aws:TagKeys': [['env'], ['env', 'team'], ['owner'], []],
};

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function someOf<T>(r: () => number, items: readonly T[], max: number): T[] {
  const n = 1 + Math.floor(r() * max);
  return Array.from({ length: n }, () => pick(r, items));
}

function generateStatement(r: () => number): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: r() < 0.7 ? 'Allow' : 'Deny' };
  const actions = someOf(r, ACTION_PATTERNS, 3);
  s[r() < 0.15 ? 'NotAction' : 'Action'] = actions.length === 1 ? actions[0] : actions;
  const resources = someOf(r, RESOURCE_PATTERNS, 3);
  s[r() < 0.15 ? 'NotResource' : 'Resource'] = resources.length === 1 ? resources[0] : resources;
  const conditionCount = Math.floor(r() * 3);
  if (conditionCount > 0) {
    const condition: Record<string, Record<string, string | string[]>> = {};
    for (let i = 0; i < conditionCount; i++) {
      const [operator, key, values] = pick(r, CONDITIONS);
      (condition[operator] ??= {})[key] = values;
    }
    s.Condition = condition;
  }
  return s;
}

function generateContext(r: () => number): RequestContext {
  const context: RequestContext = {};
  for (const [key, values] of Object.entries(CONTEXT_VALUES)) if (r() < 0.6) context[key] = pick(r, values);
  return context;
}

const ORACLE: Record<string, Decision> = { Allowed: 'allowed', ImplicitlyDenied: 'implicitDeny', ExplicitlyDenied: 'explicitDeny' };

test('decisions match @cloud-copilot/iam-simulate on generated policies and requests', async () => {
  const r = rng(20261121);
  const mismatches: string[] = [];
  const seen = new Set<Decision>();
  let compared = 0;
  for (let i = 0; i < 600; i++) {
    const policy = { Version: '2012-10-17', Statement: Array.from({ length: 1 + Math.floor(r() * 3) }, () => generateStatement(r)) };
    const [action, resource] = pick(r, REQUESTS);
    const context = generateContext(r);
    const result = await runSimulation(
      {
        request: { principal: `arn:aws:iam::${ACCOUNT}:user/alice`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
        identityPolicies: [{ name: 'generated', policy }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (result.resultType !== 'single') {
      mismatches.push(`#${i}: oracle returned ${result.resultType}: ${JSON.stringify(result).slice(0, 300)}`);
      continue;
    }
    // The oracle drops context keys that are not valid for the action; evaluate with the same context.
    const ours: RequestContext = { ...context };
    for (const key of result.result.ignoredContextKeys ?? []) {
      for (const k of Object.keys(ours)) if (k.toLowerCase() === key.toLowerCase()) delete ours[k];
    }
    const expected = ORACLE[result.overallResult];
    const actual = evaluateRequest(parseIamDocument(JSON.stringify(policy)), action, resource, ours).decision;
    compared++;
    if (expected) seen.add(expected);
    if (actual !== expected) {
      mismatches.push(`#${i}: ${action} on ${resource} with ${JSON.stringify(ours)}: ours ${actual}, oracle ${result.overallResult}\n${JSON.stringify(policy)}`);
    }
  }
  assert.deepEqual(mismatches, []);
  assert.equal(compared, 600);
  assert.deepEqual([...seen].sort(), ['allowed', 'explicitDeny', 'implicitDeny'], 'the generator covers every decision');
});
