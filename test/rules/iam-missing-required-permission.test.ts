// Fixtures for iam/missing-required-permission: published seed policies bound to their profiles, wildcards, NotAction, Deny, principals, fixes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/engine/text';
import { missingRequiredPermission } from '../../server/src/engine/rules/iam/missingRequiredPermission';
import { runRuleTests } from '../support/ruleTester';
import { testData } from '../support/data';

const RULE = 'iam/missing-required-permission';

/** Lints a policy bound to a profile (as .grantcheck.json would) and returns this rule's findings. */
function bound(text: string, profile: string, values: Record<string, string> = {}) {
  return lintText(text, { data: testData(), kind: 'iam-policy', profile: { id: profile, values } }).findings.filter((f) => f.ruleId === RULE);
}

// Seed 000, source user S3 policy, with the bucket placeholder filled.
const SEED_000_SOURCE_S3 = `{
"Version": "2012-10-17",
"Statement": [
{
"Sid": "VisualEditor0",
"Effect": "Allow",
"Action": [
"s3:PutObject",
"s3:GetObjectAcl",
"s3:GetObject",
"s3:AbortMultipartUpload",
"s3:DeleteObject",
"s3:PutObjectAcl"
],
"Resource": [
"arn:aws:s3:::acme-src/*"
]
},
{
"Sid": "Statement1",
"Effect": "Allow",
"Action": [
"s3:ListBucket"
],
"Resource": [
"arn:aws:s3:::acme-src"
]
}
]
}`;

// Seed 003, the cross-account bucket policy with its placeholders filled.
const SEED_003 = `{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Bucket Permissions",
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111122223333:role/agent" },
            "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
            "Resource": "arn:aws:s3:::acme-stream"
        },
        {
            "Sid": "Bucket Content Permissions",
            "Effect": "Allow",
            "Principal": { "AWS": "arn:aws:iam::111122223333:role/agent" },
            "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
            "Resource": "arn:aws:s3:::acme-stream/*"
        }
    ]
}`;

// Seed 004 with the missing comma restored.
const SEED_004 = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::467398596935:root" },
      "Action": ["s3:PutObject*", "s3:GetObject*"],
      "Resource": "arn:aws:s3:::my-backups-oregon/467398596935/*"
    },
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::467398596935:root" },
      "Action": "s3:DeleteObject",
      "Resource": [
        "arn:aws:s3:::my-backups-oregon/467398596935/*/logs/*",
        "arn:aws:s3:::my-backups-oregon/467398596935/*_$folder$",
        "arn:aws:s3:::my-backups-oregon/467398596935/*.instruction"
      ]
    },
    {
      "Effect": "Allow",
      "Principal": { "AWS": ["arn:aws:iam::467398596935:root"] },
      "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
      "Resource": "arn:aws:s3:::my-backups-oregon"
    }
  ]
}`;

// Seed 001, Lambda role policy: one statement mixing SQS, S3 and Logs resources (account filled in).
const SEED_001_LAMBDA = `{
"Version": "2012-10-17",
"Statement": [{
"Sid": "VisualEditor0",
"Effect": "Allow",
"Action": [
"s3:PutObject", "s3:GetObject", "s3:ListBucket",
"sqs:ReceiveMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage", "sqs:DeleteMessage",
"logs:CreateLogGroup", "logs:PutLogEvents", "logs:CreateLogStream"
],
"Resource": [
"arn:aws:sqs:*:111122223333:tonic-*",
"arn:aws:s3:::tonic-*",
"arn:aws:logs:*:*:*"
]
}]
}`;

// Seed 002 as JSON: GetBucketLocation sits in the object statement, where it never applies.
const SEED_002 = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:ListStreams",
        "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTable", "dynamodb:ListExports", "dynamodb:DescribeExport",
        "dynamodb:ExportTableToPointInTime"],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": ["s3:ListBucket"],
      "Resource": "arn:aws:s3:::artie-transfer-test"
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:GetBucketLocation"],
      "Resource": "arn:aws:s3:::artie-transfer-test/*"
    }
  ]
}`;

describe(`${RULE}: published seed policies bound to their profiles`, () => {
  it('seed 000 source S3 policy grants everything structural/dynamodb-source-s3 needs', () => {
    assert.deepEqual(bound(SEED_000_SOURCE_S3, 'structural/dynamodb-source-s3', { sourceBucket: 'acme-src' }), []);
  });
  it('seed 003 bucket policy satisfies matillion/streaming-s3-bucket-policy (role principal)', () => {
    assert.deepEqual(
      bound(SEED_003, 'matillion/streaming-s3-bucket-policy', { destinationBucket: 'acme-stream', agentRoleArn: 'arn:aws:iam::111122223333:role/agent' }),
      [],
    );
  });
  it('seed 004 (comma restored): s3:PutObject* and s3:GetObject* cover the profile', () => {
    assert.deepEqual(bound(SEED_004, 'aws-data-pipeline/dynamodb-export-bucket-policy', { backupBucket: 'my-backups-oregon', exporterAccountId: '467398596935' }), []);
  });
  it('seed 001 Lambda role policy: a bucket pattern ending in * also covers the objects (IAM * crosses /)', () => {
    assert.deepEqual(bound(SEED_001_LAMBDA, 'structural/redshift-lambda-role', { accountId: '111122223333' }), []);
  });
  it('seed 002: s3:GetBucketLocation on bucket/* is reported, with a fix adding it to the bucket statement', () => {
    const found = bound(SEED_002, 'artie/dynamodb-streams', { exportBucket: 'artie-transfer-test' });
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /requires s3:GetBucketLocation on arn:aws:s3:::artie-transfer-test; no Allow statement grants it/);
    const fix = found[0]!.suggestions[0]!;
    assert.equal(fix.title, 'Add s3:GetBucketLocation to statement 2');
    const fixed = applyEdits(SEED_002, fix.edits);
    assert.match(fixed, /"Action": \["s3:ListBucket", "s3:GetBucketLocation"\],\n {6}"Resource": "arn:aws:s3:::artie-transfer-test"/);
    assert.deepEqual(bound(fixed, 'artie/dynamodb-streams', { exportBucket: 'artie-transfer-test' }), []);
  });
  it('a different bound bucket makes every S3 requirement missing, offering new statements with the bound bucket', () => {
    const found = bound(SEED_002, 'artie/dynamodb-streams', { exportBucket: 'acme-exports' });
    assert.deepEqual(found.map((f) => f.message.split(' ')[3]), ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject', 's3:PutObject']);
    // Never widen the dynamodb "*" statement: the fix is a new statement on the bound bucket.
    assert.deepEqual(found[0]!.suggestions.map((f) => f.title), ['Add a statement allowing s3:ListBucket']);
    assert.match(applyEdits(SEED_002, found[0]!.suggestions[0]!.edits), /"Action": "s3:ListBucket",\n {6}"Resource": "arn:aws:s3:::acme-exports"/);
  });
  it('an account-root principal covers the role the profile names; another role of the account does not', () => {
    const values = { destinationBucket: 'acme-stream', agentRoleArn: 'arn:aws:iam::111122223333:role/agent' };
    assert.deepEqual(bound(SEED_003.replaceAll('arn:aws:iam::111122223333:role/agent', 'arn:aws:iam::111122223333:root'), 'matillion/streaming-s3-bucket-policy', values), []);
    const other = bound(SEED_003.replaceAll('role/agent', 'role/other'), 'matillion/streaming-s3-bucket-policy', values);
    assert.equal(other.length, 5);
    assert.match(other[0]!.message, /for AWS principal arn:aws:iam::111122223333:role\/agent/);
  });
  it('unbound documents are never checked', () => {
    const findings = lintText(SEED_002, { data: testData(), kind: 'iam-policy' }).findings.filter((f) => f.ruleId === RULE);
    assert.deepEqual(findings, []);
  });
});

const KMS = (resource: string, extra = '') => `// grantcheck-profile: structural/redshift-kms-role-permissions
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"${resource}"}${extra}]}`;
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

runRuleTests(missingRequiredPermission, {
  valid: [
    {
      name: 'wildcard action kms:* covers the three key actions',
      code: `// grantcheck-profile: structural/redshift-kms-role-permissions\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"${KEY}"}]}`,
    },
    {
      name: 'NotAction allows everything it does not list',
      code: `// grantcheck-profile: structural/redshift-kms-role-permissions\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`,
    },
    {
      name: 'a conditional Allow still grants the action (conditions depend on the request)',
      code: `// grantcheck-profile: structural/redshift-kms-role-permissions\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKey"],"Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"sqs.us-east-1.amazonaws.com"}}}]}`,
    },
    {
      name: 'a trust policy listing several services includes the required one',
      code: `// grantcheck-profile: structural/redshift-lambda-trust\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`,
    },
  ],
  invalid: [
    {
      name: 'missing action: appended to the statement whose resource already matches',
      code: KMS(KEY),
      errors: [
        {
          messageId: 'notGranted',
          message: 'Profile structural/redshift-kms-role-permissions requires kms:GenerateDataKey on <kms-key-arn>; no Allow statement grants it.',
          line: 2, column: 56, endLine: 2, endColumn: 64,
          output: null,
          suggestions: [
            { title: 'Add kms:GenerateDataKey to statement 1', output: `// grantcheck-profile: structural/redshift-kms-role-permissions\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt", "kms:GenerateDataKey"],"Resource":"${KEY}"}]}` },
            { title: 'Add a statement allowing kms:GenerateDataKey', output: `// grantcheck-profile: structural/redshift-kms-role-permissions\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"${KEY}"}, {"Sid": "StructuralSqsKmsKey", "Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": "<kms-key-arn>"}]}` },
          ],
        },
      ],
    },
    {
      name: 'an explicit Deny removes a granted action (no fix offered)',
      code: KMS('*', ',{"Effect":"Deny","Action":"kms:Encrypt","Resource":"*"}').replace('"kms:Encrypt"]', '"kms:Encrypt","kms:GenerateDataKey"]'),
      errors: [
        {
          messageId: 'denied',
          message: /requires kms:Encrypt on <kms-key-arn>, but statement 2 denies it\./,
          line: 2, column: 56, endLine: 2, endColumn: 64,
          output: null,
        },
      ],
    },
    {
      name: 'trust policy for the wrong service',
      code: `// grantcheck-profile: structural/redshift-lambda-trust\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
      errors: [
        {
          messageId: 'notGranted',
          message: 'requires sts:AssumeRole for Service principal lambda.amazonaws.com; no Allow statement grants it.',
          line: 2, column: 25, endLine: 2, endColumn: 36,
          output: null,
          suggestions: [
            { title: 'Add a statement allowing sts:AssumeRole', output: '// grantcheck-profile: structural/redshift-lambda-trust\n{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}, {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}' },
          ],
        },
      ],
    },
  ],
});
