// Fixtures for iam/condition-key-support.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { conditionKeySupport } from '../../server/src/engine/rules/iam/conditionKeySupport';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const statement = (effect: string, action: string, condition: string, resource = '"*"', actionKey = 'Action') =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"${effect}","${actionKey}":${action},"Resource":${resource},"Condition":${condition}}]}`;

const partial = statement('Allow', '["s3:ListBucket","s3:GetObject"]', '{"StringLike":{"s3:prefix":"home/*"}}');
const partialDeny = statement('Deny', '["s3:ListBucket","s3:GetObject"]', '{"StringLike":{"s3:prefix":"home/*"}}');
const partialNegated = statement('Allow', '["s3:ListBucket","s3:GetObject"]', '{"StringNotLike":{"s3:prefix":"secret/*"}}');
const tagDeny = statement('Deny', '["appmesh:DeleteMesh","route53:DeleteHostedZone","sqs:ListQueues"]', '{"StringEquals":{"aws:ResourceTag/status":"Confidential"}}');
const tagAllow = statement('Allow', '["appmesh:DescribeMesh","route53:Get*"]', '{"StringEquals":{"aws:ResourceTag/team":"a"}}');
const tagDenyIfExists = statement('Deny', '["appmesh:DeleteMesh","route53:DeleteHostedZone"]', '{"StringEqualsIfExists":{"aws:ResourceTag/status":"Confidential"}}');
const denyNotAction = statement('Deny', '["iam:*"]', '{"StringEquals":{"aws:ResourceTag/status":"Confidential"}}', '"*"', 'NotAction');
const allowNotAction = statement('Allow', '"iam:*"', '{"ForAnyValue:StringEquals":{"aws:TagKeys":"team"}}', '"*"', 'NotAction');
const vpcSourceIp = statement('Allow', '"s3:GetObject"', '{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"}}');
/** `count` unconditional Allow statements of one wildcard pattern, then `last`'s, then a conditional statement. */
const manyGrants = (count: number, last: string): string =>
  `{"Version":"2012-10-17","Statement":[${Array.from({ length: count }, () => '{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}').join(',')},` +
  `{"Effect":"Allow","Action":"${last}","Resource":"*"},` +
  '{"Effect":"Allow","Action":["ec2:TerminateInstances","ec2:DescribeInstances"],"Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"a"}}}]}';
// The grants read the first 200 pattern occurrences (not 200 distinct patterns): a 200th copy of s3:Get* leaves ec2:Describe* out.
const grantedWithinCap = manyGrants(199, 'ec2:Describe*');
const grantedPastCap = manyGrants(200, 'ec2:Describe*');
const bucketPolicy =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"s3:ResourceAccount":"444455556666"}}}]}';

runRuleTests(conditionKeySupport, {
  valid: [
    { name: 'every action supports the key', code: statement('Allow', '["s3:ListBucket","s3:ListBucketVersions"]', '{"StringLike":{"s3:prefix":"home/*"}}') },
    { name: 'wildcard actions are not judged for service keys', code: statement('Allow', '["s3:ListBucket","s3:Get*"]', '{"StringLike":{"s3:prefix":"home/*"}}') },
    { name: 'global keys apply to every action', code: statement('Allow', '["s3:ListBucket","ec2:DescribeInstances"]', '{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"},"StringEquals":{"aws:PrincipalTag/team":"a"}}') },
    { name: 'cross-service keys', code: statement('Allow', '["s3:GetObject","ec2:CreateSnapshots"]', '{"ArnLike":{"ec2:SourceInstanceArn":"arn:aws:ec2:*:*:instance/*"}}') },
    { name: 'no action supports it: iam/condition-key-unknown reports that', code: statement('Allow', '"s3:GetObject"', '{"StringLike":{"s3:prefix":"a"}}') },
    { name: 'NotAction with a service key', code: statement('Deny', '"s3:GetObject"', '{"StringLike":{"s3:prefix":"a"}}', '"*"', 'NotAction') },
    { name: '* with a tag key', code: statement('Deny', '"*"', '{"StringEquals":{"aws:ResourceTag/team":"a"}}') },
    { name: 'tag key every action supports', code: statement('Deny', '["ec2:StopInstances","ec2:TerminateInstances"]', '{"StringEquals":{"aws:ResourceTag/team":"a"}}') },
    { name: 'a wildcard some of whose actions support the tag key', code: statement('Deny', '"ec2:*"', '{"StringEquals":{"aws:ResourceTag/team":"a"}}') },
    {
      name: 'an Allow whose other actions another statement grants unconditionally',
      code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:TerminateInstances","ec2:DescribeInstances"],"Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"a"}}},{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}',
    },
    { name: 'a grant among the first 200 pattern occurrences counts, however often one pattern repeats', code: grantedWithinCap },
    {
      name: 'trust policy: sts:TagSession next to sts:AssumeRole sees the assumption\'s keys',
      policyType: 'trust',
      code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"],"Condition":{"StringEquals":{"sts:ExternalId":"x","aws:RequestTag/team":"a"},"StringLike":{"sts:SourceIdentity":"u-*"}}}]}',
    },
    { name: 'aws:VpcSourceIp with aws:SourceVpc', code: statement('Allow', '"s3:GetObject"', '{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"},"StringEquals":{"aws:SourceVpc":"vpc-1a2b3c4d"}}') },
    { name: 'aws:VpcSourceIp with aws:SourceVpce', code: statement('Allow', '"s3:GetObject"', '{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/16"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}') },
    { name: 's3:ResourceAccount in an identity policy', code: statement('Allow', '"s3:GetObject"', '{"StringEquals":{"s3:ResourceAccount":"111122223333"}}', '"arn:aws:s3:::b/*"') },
    { name: 'unknown or retired actions are not judged', code: statement('Allow', '["s3:ListBucket","s3:GetObjects","deepracer:ListModels"]', '{"StringLike":{"s3:prefix":"a"}}') },
    { name: 'an Effect that is not Allow or Deny', code: statement('Allw', '["s3:ListBucket","s3:GetObject"]', '{"StringLike":{"s3:prefix":"a"}}') },
    { name: 'odd JSON types everywhere', code: '{"Statement":[{"Effect":"Allow","Action":[1,{"a":2},"s3:GetObject"],"Resource":"*","Condition":{"StringLike":[1],"Bool":{"aws:SourceIp":[[1]],"s3:prefix":{"x":1}}}},{"Effect":"Deny","NotAction":true,"Condition":"x"}]}' },
    {
      name: 'Terraform: a key from an expression',
      host: 'terraform',
      code: 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Deny", Action = ["sqs:ListQueues", "ec2:StopInstances"], Resource = "*", Condition = { StringEquals = { (var.key) = "a" } } }]\n  })\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a grant past the first 200 pattern occurrences does not count (repeats of one pattern count each)',
      code: grantedPastCap,
      errors: [{ messageId: 'unsupportedBySomeActions', message: 'but not for ec2:DescribeInstances', ...spanOf(grantedPastCap, '"ec2:ResourceTag/team"'), severity: 'warning', output: null }],
    },
    {
      name: 'a key some actions lack: an Allow never grants them',
      code: partial,
      errors: [
        {
          messageId: 'unsupportedBySomeActions',
          message: 'The AWS Service Authorization Reference lists "s3:prefix" for other actions of this statement but not for s3:GetObject: their requests do not carry it, so for them the condition is false and this statement never allows them.',
          ...spanOf(partial, '"s3:prefix"'),
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 'a Deny never denies them',
      code: partialDeny,
      errors: [{ messageId: 'unsupportedBySomeActions', message: 'this statement never denies them', ...spanOf(partialDeny, '"s3:prefix"'), severity: 'warning', output: null }],
    },
    {
      name: 'a negated operator does not restrict them: information',
      code: partialNegated,
      errors: [{ messageId: 'unsupportedBySomeActions', message: 'the condition is always true and does not restrict them', ...spanOf(partialNegated, '"s3:prefix"'), severity: 'info', output: null }],
    },
    {
      name: 'Deny with a tag key some services lack',
      code: tagDeny,
      errors: [
        {
          messageId: 'tagKeyUnsupported',
          message: 'The AWS Service Authorization Reference does not list the tag key "aws:ResourceTag/status" for route53:DeleteHostedZone, sqs:ListQueues (route53, sqs): for them the condition is false and this statement never denies them.',
          ...spanOf(tagDeny, '"aws:ResourceTag/status"'),
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 'Allow with a tag key: a wildcard none of whose actions supports it',
      code: tagAllow,
      errors: [{ messageId: 'tagKeyUnsupported', message: 'the tag key "aws:ResourceTag/team" for route53:Get* (route53)', ...spanOf(tagAllow, '"aws:ResourceTag/team"'), severity: 'info', output: null }],
    },
    {
      name: 'Deny …IfExists: always denied, information',
      code: tagDenyIfExists,
      errors: [{ messageId: 'tagKeyUnsupported', message: 'this statement denies them whatever their tags', ...spanOf(tagDenyIfExists, '"aws:ResourceTag/status"'), severity: 'info', output: null }],
    },
    {
      name: 'Deny with NotAction and a tag key',
      code: denyNotAction,
      errors: [{ messageId: 'tagKeyNotAction', message: 'never denies them', ...spanOf(denyNotAction, '"aws:ResourceTag/status"'), severity: 'warning', output: null }],
    },
    {
      name: 'Allow with NotAction and a tag key',
      code: allowNotAction,
      errors: [{ messageId: 'tagKeyNotAction', message: 'never allows them', ...spanOf(allowNotAction, '"aws:TagKeys"'), severity: 'info', output: null }],
    },
    {
      name: 'aws:VpcSourceIp alone',
      code: vpcSourceIp,
      errors: [{ messageId: 'missingPairedKey', message: 'only meaningful together with aws:SourceVpc', ...spanOf(vpcSourceIp, '"aws:VpcSourceIp"'), severity: 'warning', output: null }],
    },
    {
      name: 's3:ResourceAccount in a bucket policy',
      code: bucketPolicy,
      policyType: 'resource',
      errors: [{ messageId: 'irrelevantInResourcePolicy', ...spanOf(bucketPolicy, '"s3:ResourceAccount"'), severity: 'info', output: null }],
    },
  ],
});

test('the statement scope\'s document key names the unconditional grants: equal for equal grants, different otherwise', () => {
  const key = (text: string): string | undefined => conditionKeySupport.statementScope!.documentKey!(parseIamDocument(text), undefined);
  const grant = (actions: string, more = ''): string =>
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${actions},"Resource":"*"}${more},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"s3:prefix":"a"}}}]}`;
  // The key is the grants as JSON: every, the literal actions in lower case (sorted), the patterns as written.
  assert.equal(key(grant('["s3:ListBucket","S3:GetObject","sqs:Send*"]')), JSON.stringify([false, ['s3:getobject', 's3:listbucket'], ['sqs:Send*']]));
  assert.equal(key(grant('["S3:GetObject","s3:ListBucket"]')), key(grant('["s3:listbucket","s3:getobject"]')));
  assert.notEqual(key(grant('["s3:GetObject"]')), key(grant('["s3:PutObject"]')));
  assert.notEqual(key(grant('"s3:GetObject"')), key(grant('"*"')));
  // A conditional or Deny statement grants nothing unconditionally.
  assert.equal(key(grant('"s3:GetObject"', ',{"Effect":"Deny","Action":"sqs:*","Resource":"*"}')), key(grant('"s3:GetObject"')));
});
