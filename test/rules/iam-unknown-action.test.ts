// Fixtures for iam/unknown-action.

import { unknownAction } from '../../server/src/engine/rules/iam/unknownAction';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';
import { lintCode } from '../support/ruleTester';
import { fixesOf } from '../support/fixes';
import { applyEdits } from '../../server/src/engine/text';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

const policy = (actions: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${actions},"Resource":"*"}]}`;

/** One statement with the given Action and Resource (JSON values). */
const statement = (action: string, resource: string) =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${action},"Resource":${resource}}]}`;

const listBucketsOnObjects = statement('"s3:ListBuckets"', '"arn:aws:s3:::my-bucket/*"');
const listBucketsOnBucket = statement('"s3:ListBuckets"', '"arn:aws:s3:::my-bucket"');
const listBucketsOnStar = statement('"s3:ListBuckets"', '"*"');
const getObjectsOnBucket = statement('"s3:GetObjects"', '"arn:aws:s3:::my-bucket"');
const getObjectsOnObjects = statement('"s3:GetObjects"', '"arn:aws:s3:::my-bucket/*"');
const headObjectOnBucket = statement('"s3:HeadObject"', '"arn:aws:s3:::my-bucket"');
const headBucketOnObjects = statement('["s3:HeadBucket", "s3:GetObject"]', '"arn:aws:s3:::my-bucket/*"');
const listAllOnBucket = statement('"s3:ListAllMyBucket"', '"arn:aws:s3:::my-bucket"');
const terraformListBuckets = `data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["s3:ListBuckets"]
    resources = ["arn:aws:s3:::\${var.bucket}/*"]
  }
}
`;

const plural = policy('["s3:GetObjects"]');
const head = policy('["s3:HeadBucket"]');
const listObjects = policy('"s3:ListObjects"');
const headObject = policy('["S3:HeadObject"]');
const wildcardNothing = policy('["s3:Gett*"]');
const multiline = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "logs:PutLogEvent"
      ],
      "Resource": "*"
    }
  ]
}`;

runRuleTests(unknownAction, {
  valid: [
    { code: policy('["s3:GetObject", "s3:ListBucket", "dynamodb:ExportTableToPointInTime", "logs:DescribeLogGroups"]') },
    { name: 'case-insensitive, as IAM', code: policy('["s3:getobject", "S3:LISTBUCKET"]') },
    { name: 'wildcards that match', code: policy('["s3:Get*", "sqs:?etQueueUrl", "s3:*"]') },
    { name: 'unknown service is iam/unknown-service’s', code: policy('["s3x:GetObjects"]') },
    { name: 'placeholder', code: policy('["s3:<action>"]') },
  ],
  invalid: [
    {
      name: 'plural slip: GetObjects → GetObject',
      code: plural,
      errors: [
        {
          messageId: 'unknownAction',
          message: '"s3:GetObjects" is not an action of service "s3". Did you mean "s3:GetObject"',
          ...spanOf(plural, '"s3:GetObjects"'),
          output: plural.replace('GetObjects', 'GetObject'),
        },
      ],
    },
    {
      name: 'API name HeadBucket → s3:ListBucket (curated, with the reason)',
      code: head,
      errors: [
        {
          messageId: 'apiOperation',
          message: 'the HeadBucket API is authorized by s3:ListBucket',
          ...spanOf(head, '"s3:HeadBucket"'),
          output: head.replace('HeadBucket', 'ListBucket'),
        },
      ],
    },
    {
      name: 'ListObjects → s3:ListBucket, single string',
      code: listObjects,
      errors: [
        {
          messageId: 'apiOperation',
          message: 'Use "s3:ListBucket"',
          ...spanOf(listObjects, '"s3:ListObjects"'),
          output: listObjects.replace('ListObjects', 'ListBucket'),
        },
      ],
    },
    {
      name: 'HeadObject → GetObject keeps the prefix as written',
      code: headObject,
      errors: [
        {
          messageId: 'apiOperation',
          message: 'authorized by s3:GetObject',
          ...spanOf(headObject, '"S3:HeadObject"'),
          output: headObject.replace('HeadObject', 'GetObject'),
        },
      ],
    },
    {
      name: 'a wildcard that matches nothing',
      code: wildcardNothing,
      errors: [{ messageId: 'matchesNoAction', message: '"s3:Gett*" matches no action of service "s3"', ...spanOf(wildcardNothing, '"s3:Gett*"'), output: null }],
    },
    {
      name: 'multi-line policy keeps its layout',
      code: multiline,
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "logs:PutLogEvents"',
          ...spanOf(multiline, '"logs:PutLogEvent"'),
          output: multiline.replace('PutLogEvent"', 'PutLogEvents"'),
        },
      ],
    },
    {
      name: 'ListBuckets on objects: not ListBucket (a resource-type error there), but the ListBuckets API’s action',
      code: listBucketsOnObjects,
      errors: [
        {
          messageId: 'unknownAction',
          message:
            '"s3:ListBuckets" is not an action of service "s3". Did you mean "s3:ListAllMyBuckets" (the action for the ListBuckets API)? ("s3:ListBucket" cannot apply to a Resource of this statement.)',
          ...spanOf(listBucketsOnObjects, '"s3:ListBuckets"'),
          output: null,
          suggestions: [{ title: 'Change to "s3:ListAllMyBuckets"', output: listBucketsOnObjects.replace('ListBuckets', 'ListAllMyBuckets') }],
        },
      ],
    },
    {
      name: 'ListBuckets in Terraform on ${var.bucket}/*: the same ranking',
      host: 'terraform',
      code: terraformListBuckets,
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "s3:ListAllMyBuckets" (the action for the ListBuckets API)? ("s3:ListBucket" cannot apply',
          ...spanOf(terraformListBuckets, '"s3:ListBuckets"'),
          output: null,
          suggestions: [{ title: 'Change to "s3:ListAllMyBuckets"', output: terraformListBuckets.replace('ListBuckets', 'ListAllMyBuckets') }],
        },
      ],
    },
    {
      name: 'ListBuckets on a bucket: ListBucket fits and comes first; two readings, so no safe fix',
      code: listBucketsOnBucket,
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "s3:ListBucket" or "s3:ListAllMyBuckets" (the action for the ListBuckets API)?',
          ...spanOf(listBucketsOnBucket, '"s3:ListBuckets"'),
          output: null,
          suggestions: [
            { title: 'Change to "s3:ListBucket"', output: listBucketsOnBucket.replace('ListBuckets', 'ListBucket') },
            { title: 'Change to "s3:ListAllMyBuckets"', output: listBucketsOnBucket.replace('ListBuckets', 'ListAllMyBuckets') },
          ],
        },
      ],
    },
    {
      name: 'ListBuckets on "*": both fit; the documented API action first',
      code: listBucketsOnStar,
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "s3:ListAllMyBuckets" (the action for the ListBuckets API) or "s3:ListBucket"?',
          ...spanOf(listBucketsOnStar, '"s3:ListBuckets"'),
          output: null,
          suggestions: [
            { title: 'Change to "s3:ListAllMyBuckets"', output: listBucketsOnStar.replace('ListBuckets', 'ListAllMyBuckets') },
            { title: 'Change to "s3:ListBucket"', output: listBucketsOnStar.replace('ListBuckets', 'ListBucket') },
          ],
        },
      ],
    },
    {
      name: 'GetObjects on a bucket ARN: the only close action cannot apply there, so nothing is offered',
      code: getObjectsOnBucket,
      errors: [
        {
          messageId: 'unknownAction',
          message: '"s3:GetObjects" is not an action of service "s3". The closest action, "s3:GetObject", cannot apply to a Resource of this statement.',
          ...spanOf(getObjectsOnBucket, '"s3:GetObjects"'),
          output: null,
        },
      ],
    },
    {
      name: 'GetObjects on objects: the single clear candidate, safe',
      code: getObjectsOnObjects,
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "s3:GetObject"?',
          ...spanOf(getObjectsOnObjects, '"s3:GetObjects"'),
          output: getObjectsOnObjects.replace('GetObjects', 'GetObject'),
        },
      ],
    },
    {
      name: 'a typo whose only candidate needs "Resource": "*": a suggestion, not a safe fix',
      code: listAllOnBucket,
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "s3:ListAllMyBuckets"?',
          ...spanOf(listAllOnBucket, '"s3:ListAllMyBucket"'),
          output: null,
          suggestions: [{ title: 'Change to "s3:ListAllMyBuckets"', output: listAllOnBucket.replace('ListAllMyBucket', 'ListAllMyBuckets') }],
        },
      ],
    },
    {
      name: 'an API operation whose action cannot apply to the statement’s Resource: said, not fixed',
      code: headObjectOnBucket,
      errors: [
        {
          messageId: 'apiOperation',
          message: 'Use "s3:GetObject". It cannot apply to a Resource of this statement, so the Resource needs changing too.',
          ...spanOf(headObjectOnBucket, '"s3:HeadObject"'),
          output: null,
        },
      ],
    },
    {
      name: 'HeadBucket next to an object action on objects: ListBucket cannot apply, no fix',
      code: headBucketOnObjects,
      errors: [{ messageId: 'apiOperation', message: 'so the Resource needs changing too', ...spanOf(headBucketOnObjects, '"s3:HeadBucket"'), output: null }],
    },
    {
      name: 'a candidate more than one typo away: a suggestion',
      code: policy('"s3:GetObj"'),
      errors: [
        {
          messageId: 'unknownAction',
          message: 'Did you mean "s3:GetObject"?',
          line: 1, column: 65, endLine: 1, endColumn: 76,
          output: null,
          suggestions: [{ title: 'Change to "s3:GetObject"', output: policy('"s3:GetObject"') }],
        },
      ],
    },
  ],
});

// The promise behind the ranking: no fix or suggestion of this rule leaves the document with an error it did not
// have (any rule's), over typos of real S3 and EC2 actions put on resources of every kind.
describe('iam/unknown-action fixes never create an error', () => {
  const resources = ['"*"', '"arn:aws:s3:::my-bucket"', '"arn:aws:s3:::my-bucket/*"', '["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]', '"arn:aws:ec2:us-east-1:123456789012:instance/*"'];
  const typos = ['s3:ListBuckets', 's3:GetObjects', 's3:PutObjects', 's3:DeleteObjects', 's3:GetBucketPolicys', 's3:ListAllMyBucket', 's3:HeadObject', 's3:HeadBucket', 's3:GetObjectAcls', 'ec2:StartInstance', 'ec2:DescribeInstance', 'ec2:TerminateInstance'];
  it('holds for every fix offered', () => {
    let offered = 0;
    for (const resource of resources) {
      for (const typo of typos) {
        const code = statement(`"${typo}"`, resource);
        const errorsBefore = lintCode(code, 'iam-policy').filter((f) => f.severity === 'error' && f.ruleId !== 'iam/unknown-action').length;
        const finding = lintCode(code, 'iam-policy').find((f) => f.ruleId === 'iam/unknown-action');
        assert.ok(finding, `${typo} on ${resource} is reported`);
        for (const fix of fixesOf(finding)) {
          offered++;
          const after = lintCode(applyEdits(code, fix.edits), 'iam-policy').filter((f) => f.severity === 'error');
          assert.equal(after.length, errorsBefore, `${typo} on ${resource}: "${fix.title}" leaves ${after.map((f) => f.message).join('; ')}`);
        }
      }
    }
    assert.ok(offered > 20, `fixes were offered (${offered})`);
  });
});
