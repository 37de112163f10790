// Unit tests of the local IAM evaluator (server/src/engine/iam/evaluate.ts): decisions, conditions, variables, explanations.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { evaluateRequest, evaluateStatements, explainRequest, ipInCidr, parseDate, type RequestContext } from '../../server/src/engine/iam/evaluate';

function policy(...statements: object[]): ReturnType<typeof parseIamDocument> {
  return parseIamDocument(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
}

function decide(doc: ReturnType<typeof parseIamDocument>, action: string, resource: string, context?: RequestContext): string {
  return evaluateRequest(doc, action, resource, context).decision;
}

/** One Allow statement for s3:GetObject on any object with a single condition. */
function conditional(operator: string, key: string, values: unknown): ReturnType<typeof parseIamDocument> {
  return policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { [operator]: { [key]: values } } });
}

const OBJ = 'arn:aws:s3:::acme-src/data/file.csv';

describe('decisions', () => {
  const doc = policy(
    { Sid: 'Read', Effect: 'Allow', Action: ['s3:Get*', 's3:ListBucket'], Resource: ['arn:aws:s3:::acme-src', 'arn:aws:s3:::acme-src/*'] },
    { Sid: 'NoSecrets', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::acme-src/secret/*' },
  );

  test('Allow matches with action wildcard (case-insensitive) and resource wildcard crossing "/"', () => {
    const r = evaluateRequest(doc, 'S3:getobject', OBJ);
    assert.equal(r.decision, 'allowed');
    assert.deepEqual(r.matchedStatements, [{ index: 0, sid: 'Read', effect: 'Allow' }]);
    assert.deepEqual(r.missingContextKeys, []);
  });

  test('explicit Deny overrides Allow', () => {
    const r = evaluateRequest(doc, 's3:GetObject', 'arn:aws:s3:::acme-src/secret/key.pem');
    assert.equal(r.decision, 'explicitDeny');
    assert.deepEqual(r.matchedStatements.map((m) => m.effect), ['Allow', 'Deny']);
  });

  test('nothing matching is an implicit deny', () => {
    assert.equal(decide(doc, 's3:PutObject', OBJ), 'implicitDeny');
    assert.equal(decide(doc, 's3:GetObject', 'arn:aws:s3:::other/x'), 'implicitDeny');
  });

  test('resources compare case-sensitively', () => {
    assert.equal(decide(doc, 's3:GetObject', 'arn:aws:s3:::ACME-SRC/x'), 'implicitDeny');
  });

  test('"?" matches exactly one character', () => {
    const d = policy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:queue-?' });
    assert.equal(decide(d, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:queue-a'), 'allowed');
    assert.equal(decide(d, 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:queue-ab'), 'implicitDeny');
  });

  test('NotAction and NotResource', () => {
    const d = policy(
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: '*', NotResource: ['arn:aws:s3:::acme-src', 'arn:aws:s3:::acme-src/*'] },
    );
    assert.equal(decide(d, 's3:GetObject', OBJ), 'allowed');
    assert.equal(decide(d, 'iam:CreateUser', '*'), 'explicitDeny');
    assert.equal(decide(d, 'iam:CreateUser', 'arn:aws:s3:::acme-src'), 'implicitDeny');
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::elsewhere/x'), 'explicitDeny');
  });

  test('request resource "*" matches only a "*" pattern', () => {
    assert.equal(decide(policy({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }), 'ec2:DescribeInstances', '*'), 'allowed');
    assert.equal(decide(policy({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: 'arn:aws:ec2:*:*:instance/*' }), 'ec2:DescribeInstances', '*'), 'implicitDeny');
  });

  test('statements without Resource, Action or a valid Effect never match', () => {
    assert.equal(decide(policy({ Effect: 'Allow', Action: 's3:GetObject' }), 's3:GetObject', OBJ), 'implicitDeny');
    assert.equal(decide(policy({ Effect: 'Allow', Resource: '*' }), 's3:GetObject', OBJ), 'implicitDeny');
    assert.equal(decide(policy({ Effect: 'allow', Action: '*', Resource: '*' }), 's3:GetObject', OBJ), 'implicitDeny');
  });

  test('a statement without Resource (trust policy) never matches, but its conditions are still evaluated', () => {
    const trust = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc' } } });
    const [e] = evaluateStatements(trust, 'sts:AssumeRole', '*', { 'sts:ExternalId': 'abc' });
    assert.equal(e!.matched, false);
    assert.deepEqual(e!.conditions.map((c) => [c.key, c.holds]), [['sts:ExternalId', true]]);
    const r = evaluateRequest(trust, 'sts:AssumeRole', '*');
    assert.deepEqual([r.decision, r.missingContextKeys], ['implicitDeny', []]);
  });

  test('Principal is ignored (identity evaluation)', () => {
    const d = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: '*' });
    assert.equal(decide(d, 's3:GetObject', OBJ), 'allowed');
  });
});

describe('policy variables', () => {
  const doc = policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}/*' });

  test('substituted from the context (key case-insensitive)', () => {
    assert.equal(decide(doc, 's3:GetObject', 'arn:aws:s3:::home/alice/a.txt', { 'AWS:UserName': 'alice' }), 'allowed');
    assert.equal(decide(doc, 's3:GetObject', 'arn:aws:s3:::home/bob/a.txt', { 'aws:username': 'alice' }), 'implicitDeny');
  });

  test('a substituted value matches literally, not as a wildcard', () => {
    assert.equal(decide(doc, 's3:GetObject', 'arn:aws:s3:::home/alice/a.txt', { 'aws:username': '*' }), 'implicitDeny');
  });

  test('an unresolved variable: the statement does not match and the key is reported missing', () => {
    const r = evaluateRequest(doc, 's3:GetObject', 'arn:aws:s3:::home/alice/a.txt');
    assert.equal(r.decision, 'implicitDeny');
    assert.deepEqual(r.missingContextKeys, ['aws:username']);
  });

  test('an unresolved variable under NotResource: undecidable unless no value could match', () => {
    const d = policy({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::home/${aws:username}/*' });
    const r = evaluateRequest(d, 's3:GetObject', 'arn:aws:s3:::home/alice/a.txt');
    assert.equal(r.decision, 'implicitDeny');
    assert.deepEqual(r.missingContextKeys, ['aws:username']);
    // Only a different partition/service/region/account proves the request is outside the NotResource.
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::other/a.txt'), 'implicitDeny');
    assert.equal(decide(d, 's3:GetObject', 'arn:aws-cn:s3:::home/alice/a.txt'), 'explicitDeny');
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::home/alice/a.txt', { 'aws:username': 'bob' }), 'explicitDeny');
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::home/alice/a.txt', { 'aws:username': 'alice' }), 'implicitDeny');
  });

  test('defaults and escapes', () => {
    const d = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::b/${aws:username, 'guest'}/${*}" });
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::b/guest/*'), 'allowed');
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::b/guest/x'), 'implicitDeny');
  });

  test('Version 2008-10-17 treats ${…} as literal text', () => {
    const d = parseIamDocument(JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::home/${aws:username}' }] }));
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::home/alice', { 'aws:username': 'alice' }), 'implicitDeny');
    assert.equal(decide(d, 's3:GetObject', 'arn:aws:s3:::home/${aws:username}'), 'allowed');
  });

  test('variables in condition values', () => {
    const d = conditional('StringEquals', 's3:prefix', 'home/${aws:username}');
    assert.equal(decide(d, 's3:GetObject', OBJ, { 's3:prefix': 'home/alice', 'aws:username': 'alice' }), 'allowed');
    assert.equal(decide(d, 's3:GetObject', OBJ, { 's3:prefix': 'home/bob', 'aws:username': 'alice' }), 'implicitDeny');
  });
});

describe('condition operators', () => {
  const cases: Array<[string, string, unknown, RequestContext, boolean]> = [
    ['StringEquals', 'aws:PrincipalTag/team', 'data', { 'aws:PrincipalTag/team': 'data' }, true],
    ['StringEquals', 'aws:PrincipalTag/team', 'data', { 'aws:PrincipalTag/team': 'Data' }, false],
    ['StringEquals', 'aws:PrincipalTag/team', 'd*', { 'aws:PrincipalTag/team': 'data' }, false],
    ['StringEquals', 'aws:PrincipalTag/team', ['ops', 'data'], { 'aws:PrincipalTag/team': 'data' }, true],
    ['StringNotEquals', 'aws:PrincipalTag/team', ['ops', 'data'], { 'aws:PrincipalTag/team': 'data' }, false],
    ['StringNotEquals', 'aws:PrincipalTag/team', ['ops', 'data'], { 'aws:PrincipalTag/team': 'web' }, true],
    ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'DATA', { 'aws:PrincipalTag/team': 'data' }, true],
    ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'DATA', { 'aws:PrincipalTag/team': 'data' }, false],
    ['StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'home/a/b' }, true],
    ['StringLike', 's3:prefix', 'home/?', { 's3:prefix': 'home/ab' }, false],
    ['StringNotLike', 's3:prefix', 'home/*', { 's3:prefix': 'tmp/a' }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:topic-*', { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:topic-a' }, true],
    ['ArnEquals', 'aws:SourceArn', 'arn:aws:sns:*:123456789012:*', { 'aws:SourceArn': 'arn:aws:sns:us-east-1:999999999999:x' }, false],
    // `*` in one ARN part does not swallow the colon-separated parts after it.
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-*:123456789012:*', { 'aws:SourceArn': 'arn:aws:sns:us-east-1:999:123456789012:x' }, false],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns', { 'aws:SourceArn': 'arn:aws:sns' }, false],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:*:*', { 'aws:SourceArn': 'arn:aws:sqs:us-east-1:1:q' }, true],
    ['NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': '9' }, true],
    ['NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': '10' }, false],
    ['NumericLessThanEquals', 's3:max-keys', 10, { 's3:max-keys': '10' }, true],
    ['NumericGreaterThan', 's3:max-keys', '10', { 's3:max-keys': 'ten' }, false],
    ['NumericNotEquals', 's3:max-keys', ['1', '2'], { 's3:max-keys': '3' }, true],
    ['DateLessThan', 'aws:CurrentTime', '2027-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-11-21T00:00:00Z' }, true],
    ['DateGreaterThan', 'aws:CurrentTime', '2027-01-01T00:00:00Z', { 'aws:CurrentTime': '2026-11-21T00:00:00Z' }, false],
    ['DateEquals', 'aws:EpochTime', '1700000000', { 'aws:EpochTime': '2023-11-14T22:13:20Z' }, true],
    ['Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'FALSE' }, true],
    ['Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'false' }, false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.77' }, true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.114.1' }, false],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db8:1::5' }, true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '203.0.113.1' }, false],
    ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16'], { 'aws:SourceIp': '192.168.3.4' }, false],
    ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16'], { 'aws:SourceIp': '172.16.0.1' }, true],
    ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'data', {}, true],
    ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'data', { 'aws:PrincipalTag/team': 'ops' }, false],
    ['StringEquals', 'aws:PrincipalTag/team', 'data', {}, false],
    // Negated operators hold when the key is absent (AWS condition operator reference).
    ['StringNotEquals', 'aws:PrincipalTag/team', 'data', {}, true],
    ['Null', 'aws:PrincipalTag/team', 'true', {}, true],
    ['Null', 'aws:PrincipalTag/team', 'true', { 'aws:PrincipalTag/team': 'x' }, false],
    ['Null', 'aws:PrincipalTag/team', 'false', { 'aws:PrincipalTag/team': 'x' }, true],
    // A single-valued operator never matches a multivalued key.
    ['StringEquals', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['env'] }, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['owner', 'team'] }, true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['owner'] }, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', 'env', {}, false],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'team'] }, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'owner'] }, false],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {}, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': [] }, true],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['env', 'team'] }, true],
    ['ForAnyValue:StringLike', 'aws:TagKeys', 'team*', { 'aws:TagKeys': ['env', 'team-x'] }, true],
    ['StringEqualsWhatever', 'aws:PrincipalTag/team', 'data', { 'aws:PrincipalTag/team': 'data' }, false],
    // IAM refuses operator names in another letter case ("Invalid Condition type : stringEquals") and NullIfExists:
    // no request meets such a condition.
    ['stringEquals', 'aws:PrincipalTag/team', 'data', { 'aws:PrincipalTag/team': 'data' }, false],
    ['forAnyValue:StringEquals', 'aws:TagKeys', 'env', { 'aws:TagKeys': ['env'] }, false],
    ['StringEqualsifexists', 'aws:PrincipalTag/team', 'data', {}, false],
    ['NullIfExists', 'aws:PrincipalTag/team', 'true', {}, false],
  ];
  for (const [operator, key, values, context, expected] of cases) {
    test(`${operator} ${key} ${JSON.stringify(values)} with ${JSON.stringify(context)} → ${expected}`, () => {
      assert.equal(decide(conditional(operator, key, values), 's3:GetObject', OBJ, context), expected ? 'allowed' : 'implicitDeny');
    });
  }

  test('several keys in a block AND, several blocks AND', () => {
    const d = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data', 'aws:PrincipalTag/env': 'prod' }, Bool: { 'aws:SecureTransport': 'true' } },
    });
    const all = { 'aws:PrincipalTag/team': 'data', 'aws:PrincipalTag/env': 'prod', 'aws:SecureTransport': 'true' };
    assert.equal(decide(d, 's3:GetObject', OBJ, all), 'allowed');
    assert.equal(decide(d, 's3:GetObject', OBJ, { ...all, 'aws:PrincipalTag/env': 'dev' }), 'implicitDeny');
    assert.equal(decide(d, 's3:GetObject', OBJ, { ...all, 'aws:SecureTransport': 'false' }), 'implicitDeny');
  });

  test('missing keys are recorded (even when IfExists lets the condition hold), Null keys are not', () => {
    const d = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'data' }, Null: { 'aws:TokenIssueTime': 'true' }, Bool: { 'aws:SecureTransport': 'true' } },
    });
    const r = evaluateRequest(d, 's3:GetObject', OBJ);
    assert.equal(r.decision, 'implicitDeny');
    assert.deepEqual(r.missingContextKeys, ['aws:PrincipalTag/team', 'aws:SecureTransport']);
  });

  test('a Deny with a failing condition does not deny', () => {
    const d = policy(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    );
    assert.equal(decide(d, 's3:GetObject', OBJ, { 'aws:SecureTransport': 'true' }), 'allowed');
    assert.equal(decide(d, 's3:GetObject', OBJ, { 'aws:SecureTransport': 'false' }), 'explicitDeny');
  });
});

describe('helpers', () => {
  test('ipInCidr', () => {
    assert.ok(ipInCidr('10.1.2.3', '10.0.0.0/8'));
    assert.ok(ipInCidr('10.1.2.3', '10.1.2.3'));
    assert.ok(!ipInCidr('10.1.2.4', '10.1.2.3'));
    assert.ok(ipInCidr('::ffff:10.0.0.1', '::ffff:10.0.0.0/120'));
    assert.ok(ipInCidr('2001:db8::1', '::/0'));
    assert.ok(!ipInCidr('999.1.1.1', '0.0.0.0/0'));
    assert.ok(!ipInCidr('10.0.0.1', '10.0.0.0/33'));
  });

  test('parseDate: ISO 8601 and epoch seconds', () => {
    assert.equal(parseDate('1700000000'), Date.UTC(2023, 10, 14, 22, 13, 20));
    assert.equal(parseDate('2023-11-14T22:13:20Z'), Date.UTC(2023, 10, 14, 22, 13, 20));
    assert.equal(parseDate('yesterday'), undefined);
  });
});

describe('explainRequest', () => {
  const doc = policy(
    { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-src/*' },
    { Sid: 'TlsOnly', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Effect: 'Allow', Action: 's3:PutObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'data' } } },
  );

  test('allowed: names the allowing statement and what matched', () => {
    const e = explainRequest(doc, 's3:GetObject', OBJ, { 'aws:SecureTransport': 'true' });
    assert.equal(e.decision, 'allowed');
    assert.match(e.summary, /allowed by statement 1 \("Read"\)/);
    assert.deepEqual(e.deciding, ['statement 1 ("Read") (Allow): Action "s3:GetObject" matches, Resource "arn:aws:s3:::acme-src/*" matches.']);
  });

  test('explicit deny: names the Deny', () => {
    const e = explainRequest(doc, 's3:GetObject', OBJ, { 'aws:SecureTransport': 'false' });
    assert.equal(e.decision, 'explicitDeny');
    assert.match(e.summary, /denied by statement 2 \("TlsOnly"\)/);
    assert.match(e.deciding[0]!, /Bool aws:SecureTransport/);
  });

  test('implicit deny: says why each Allow did not apply, and which keys were missing', () => {
    const e = explainRequest(doc, 's3:PutObject', OBJ, { 'aws:SecureTransport': 'true' });
    assert.equal(e.decision, 'implicitDeny');
    assert.deepEqual(e.notApplicable, [
      'statement 1 ("Read") (Allow): no Action value matches.',
      'statement 3 (Allow): condition StringEquals on aws:PrincipalTag/team fails because the key is absent from the request.',
    ]);
    assert.deepEqual(e.missingContextKeys, ['aws:PrincipalTag/team']);
    assert.match(e.summary, /lacks aws:PrincipalTag\/team/);
  });
});
