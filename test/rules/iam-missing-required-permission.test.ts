// Fixtures for iam/missing-required-permission: published seed policies bound to their profiles, wildcards, NotAction, Deny, principals, fixes.

import type { ProfileBinding } from '../../server/src/engine/profiles/types';
import { missingRequiredPermission } from '../../server/src/engine/rules/iam/missingRequiredPermission';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

/** A binding as .grantcheck.json writes it. */
const bound = (id: string, values: Record<string, string> = {}): ProfileBinding => ({ id, values });

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

const KMS = (resource: string, extra = '') => `// grantcheck-profile: structural/redshift-kms-role-permissions
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt"],"Resource":"${resource}"}${extra}]}`;
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const ARTIE = bound('artie/dynamodb-streams', { exportBucket: 'artie-transfer-test' });
const MATILLION = bound('matillion/streaming-s3-bucket-policy', { destinationBucket: 'acme-stream', agentRoleArn: 'arn:aws:iam::111122223333:role/agent' });
// Seed 002 with s3:GetBucketLocation added to the bucket statement (the first suggestion): the profile is satisfied.
const SEED_002_FIXED = SEED_002.replace('"Action": ["s3:ListBucket"],', '"Action": ["s3:ListBucket", "s3:GetBucketLocation"],');
const SEED_003_OTHER_ROLE = SEED_003.replaceAll('role/agent', 'role/other');

/** A multi-line policy with one more statement (`block`, written out as the suggestion inserts it) after its last one. */
const withLastStatement = (text: string, block: string): string => text.replace(/\n( *)\]\n\}$/, `,\n${block}\n$1]\n}`);
/** The statement seed 002's suggestions add for the `acme-exports` binding (Sid and Resource from the artie profile). */
const artieStatement = (sid: string, action: string, resource: string): string =>
  `    {\n      "Sid": "${sid}",\n      "Effect": "Allow",\n      "Action": "${action}",\n      "Resource": "${resource}"\n    }`;
/** The statement the matillion profile's suggestions add (four-space indentation, like seed 003). */
const matillionStatement = (sid: string, action: string, resource: string): string =>
  `        {\n            "Sid": "${sid}",\n            "Effect": "Allow",\n            "Principal": {\n                "AWS": "arn:aws:iam::111122223333:role/agent"\n            },\n            "Action": "${action}",\n            "Resource": "${resource}"\n        }`;

runRuleTests(missingRequiredPermission, {
  valid: [
    { name: 'seed 000 source S3 policy grants everything structural/dynamodb-source-s3 needs', code: SEED_000_SOURCE_S3, profile: bound('structural/dynamodb-source-s3', { sourceBucket: 'acme-src' }) },
    { name: 'seed 003 bucket policy satisfies matillion/streaming-s3-bucket-policy (role principal)', code: SEED_003, profile: MATILLION },
    {
      name: 'seed 004 (comma restored): s3:PutObject* and s3:GetObject* cover the profile',
      code: SEED_004,
      profile: bound('aws-data-pipeline/dynamodb-export-bucket-policy', { backupBucket: 'my-backups-oregon', exporterAccountId: '467398596935' }),
    },
    {
      name: 'seed 001 Lambda role policy: a bucket pattern ending in * also covers the objects (IAM * crosses /)',
      code: SEED_001_LAMBDA,
      profile: bound('structural/redshift-lambda-role', { accountId: '111122223333' }),
    },
    { name: 'seed 002 after the first suggestion', code: SEED_002_FIXED, profile: ARTIE },
    { name: 'an account-root principal covers the role the profile names', code: SEED_003.replaceAll('arn:aws:iam::111122223333:role/agent', 'arn:aws:iam::111122223333:root'), profile: MATILLION },
    { name: 'unbound documents are never checked', code: SEED_002 },
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
      name: 'seed 002: s3:GetBucketLocation on bucket/* is reported, with a suggestion adding it to the bucket statement',
      code: SEED_002,
      profile: ARTIE,
      errors: [
        {
          messageId: 'notGranted',
          message: /requires s3:GetBucketLocation on arn:aws:s3:::artie-transfer-test; no Allow statement grants it/,
          // On the Action of the statement that grants the sibling requirement (s3:ListBucket).
          ...spanOf(SEED_002, '"Action"', 1),
          output: null,
          suggestions: [
            { title: 'Add s3:GetBucketLocation to statement 2', output: SEED_002_FIXED },
            {
              title: 'Add a statement allowing s3:GetBucketLocation',
              output: withLastStatement(SEED_002, artieStatement('ArtieExportBucket', 's3:GetBucketLocation', 'arn:aws:s3:::artie-transfer-test')),
            },
          ],
        },
      ],
    },
    {
      name: 'a different bound bucket makes every S3 requirement missing; never widen the dynamodb "*" statement',
      code: SEED_002,
      profile: bound('artie/dynamodb-streams', { exportBucket: 'acme-exports' }),
      errors: [
        ['s3:ListBucket', 'ArtieExportBucket', 'arn:aws:s3:::acme-exports'],
        ['s3:GetBucketLocation', 'ArtieExportBucket', 'arn:aws:s3:::acme-exports'],
        ['s3:GetObject', 'ArtieExportObjects', 'arn:aws:s3:::acme-exports/*'],
        ['s3:PutObject', 'ArtieExportObjects', 'arn:aws:s3:::acme-exports/*'],
      ].map(([action, sid, resource]) => ({
        messageId: 'notGranted',
        message: `requires ${action} on ${resource}; no Allow statement grants it.`,
        ...spanOf(SEED_002, '"Statement"'),
        output: null,
        suggestions: [{ title: `Add a statement allowing ${action}`, output: withLastStatement(SEED_002, artieStatement(sid!, action!, resource!)) }],
      })),
    },
    {
      name: 'another role of the account than the bound one',
      code: SEED_003_OTHER_ROLE,
      profile: MATILLION,
      errors: [
        ['s3:GetBucketLocation', 'BucketPermissions', 'arn:aws:s3:::acme-stream'],
        ['s3:ListBucket', 'BucketPermissions', 'arn:aws:s3:::acme-stream'],
        ['s3:PutObject', 'BucketContentPermissions', 'arn:aws:s3:::acme-stream/*'],
        ['s3:GetObject', 'BucketContentPermissions', 'arn:aws:s3:::acme-stream/*'],
        ['s3:DeleteObject', 'BucketContentPermissions', 'arn:aws:s3:::acme-stream/*'],
      ].map(([action, sid, resource]) => ({
        messageId: 'notGranted',
        message: `requires ${action} on ${resource} for AWS principal arn:aws:iam::111122223333:role/agent; no Allow statement grants it.`,
        ...spanOf(SEED_003_OTHER_ROLE, '"Statement"'),
        output: null,
        suggestions: [{ title: `Add a statement allowing ${action}`, output: withLastStatement(SEED_003_OTHER_ROLE, matillionStatement(sid!, action!, resource!)) }],
      })),
    },
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
