// Tonic Structural: the DynamoDB and Amazon Redshift data connectors' documented IAM policies and Redshift grants.

import { accountIdPlaceholder, bucketPlaceholder, REDSHIFT_PASSWORD, redshiftNamePlaceholder, redshiftUserPlaceholder, REGION } from './placeholderSpecs';
import type { PlaceholderSpec, Profile, ProfileSource } from './types';

const VENDOR = { vendor: 'structural', vendorTitle: 'Tonic Structural' } as const;

const DYNAMODB_SOURCE: ProfileSource = { seed: '000_11ce08844124b943.txt', title: 'Structural — DynamoDB: required permissions and S3 buckets' };
const REDSHIFT_SOURCE: ProfileSource = {
  seed: '001_53b6a65d558dbdcb.txt',
  url: 'https://docs.tonic.ai/app/setting-up-your-database/amazon-redshift',
  title: 'Structural — before you create an Amazon Redshift workspace',
};
const REDSHIFT_SERVER_SOURCE: ProfileSource = {
  ...REDSHIFT_SOURCE,
  url: 'https://docs.tonic.ai/app/setting-up-your-database/amazon-redshift/initial-tonic-setup/redshift-aws-instance-profile-permissions',
  title: 'Structural — required AWS instance profile permissions for Amazon Redshift',
};

const SEPARATE_BUCKETS = 'Structural requires a separate S3 bucket for each database: the source and destination buckets cannot be the same.';

const SOURCE_BUCKET: PlaceholderSpec = {
  ...bucketPlaceholder('sourceBucket', 'source-bucket', 'The S3 bucket Structural stages the source database\'s exports in.', 'example-structural-source'),
  mustDifferFrom: [{ profile: 'structural/dynamodb-destination-s3', placeholder: 'destinationBucket', why: SEPARATE_BUCKETS }],
};
const DESTINATION_BUCKET: PlaceholderSpec = {
  ...bucketPlaceholder('destinationBucket', 'destination-bucket', 'The S3 bucket Structural stages imports into the destination database in.', 'example-structural-destination'),
  mustDifferFrom: [{ profile: 'structural/dynamodb-source-s3', placeholder: 'sourceBucket', why: SEPARATE_BUCKETS }],
};
const NAME_PREFIX: PlaceholderSpec = {
  name: 'namePrefix',
  label: 'name-prefix',
  description: 'Prefix of the S3 buckets, SQS queues and Lambda functions Structural uses (the page assumes the default, tonic-).',
  validation: 'name-prefix',
  default: 'tonic-',
  example: 'tonic-',
};
const LAMBDA_ROLE_ARN: PlaceholderSpec = {
  name: 'lambdaRoleArn',
  label: 'lambda-role-arn',
  description: 'ARN of the role the Structural Lambda function runs as (the TONIC_LAMBDA_ROLE setting).',
  validation: 'iam-role-arn',
  example: 'arn:aws:iam::111122223333:role/tonic-lambda-role',
};
const KMS_KEY_ARN: PlaceholderSpec = {
  name: 'kmsKeyArn',
  label: 'kms-key-arn',
  description: 'ARN of the KMS key that encrypts the SQS messages (TONIC_LAMBDA_KMS_MASTER_KEY).',
  validation: 'kms-key-arn',
  example: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

const PITR_NOTE = 'Point-in-time recovery must be enabled on every source table; if it is not, data generation fails.';
const LIFECYCLE_NOTE = 'Structural deletes its files after each job; add an S3 lifecycle rule that empties the bucket so that nothing accumulates.';
const QUOTED_PLACEHOLDER_CORRECTION = {
  published: 'an unquoted <ARN to Structural Lambda Role> in the iam:PassRole Resource (invalid JSON)',
  corrected: 'a quoted "${lambdaRoleArn}" value',
  why: 'JSON strings need quotes; the page\'s policy cannot be pasted as published.',
};

export const structuralProfiles: Profile[] = [
  {
    ...VENDOR,
    id: 'structural/dynamodb-source',
    title: 'DynamoDB source user — DynamoDB policy',
    kind: 'identity',
    source: DYNAMODB_SOURCE,
    placeholders: [],
    statements: [
      {
        sid: 'StructuralSourceDynamoDB',
        actions: [
          'dynamodb:DescribeTable',
          'dynamodb:ListTables',
          'dynamodb:Scan',
          'dynamodb:Query',
          'dynamodb:ExportTableToPointInTime',
          'dynamodb:DescribeExport',
          'dynamodb:ListExports',
          'dynamodb:DescribeContinuousBackups',
        ],
        resources: ['*'],
        why: 'Reads the source tables and exports them to S3 with point-in-time exports.',
      },
    ],
    notes: [PITR_NOTE, 'The source user also needs the S3 policy of structural/dynamodb-source-s3 on the source bucket.'],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/dynamodb-source-s3',
    title: 'DynamoDB source user — S3 policy',
    kind: 'identity',
    source: DYNAMODB_SOURCE,
    placeholders: [SOURCE_BUCKET],
    statements: [
      {
        sid: 'StructuralSourceObjects',
        actions: ['s3:PutObject', 's3:GetObjectAcl', 's3:GetObject', 's3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObjectAcl'],
        resources: ['arn:aws:s3:::${sourceBucket}/*'],
        why: 'DynamoDB exports are written to, read from and removed from the source bucket.',
      },
      {
        sid: 'StructuralSourceBucket',
        actions: ['s3:ListBucket'],
        resources: ['arn:aws:s3:::${sourceBucket}'],
      },
    ],
    notes: [SEPARATE_BUCKETS, LIFECYCLE_NOTE],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/dynamodb-destination',
    title: 'DynamoDB destination user — DynamoDB policy',
    kind: 'identity',
    source: DYNAMODB_SOURCE,
    placeholders: [],
    statements: [
      {
        sid: 'StructuralDestinationDynamoDB',
        actions: [
          'dynamodb:CreateTable',
          'dynamodb:BatchGetItem',
          'dynamodb:DescribeImport',
          'dynamodb:BatchWriteItem',
          'dynamodb:PutItem',
          'dynamodb:ListTables',
          'dynamodb:ListImports',
          'dynamodb:DeleteTable',
          'dynamodb:ImportTable',
          'dynamodb:UpdateContinuousBackups',
          'dynamodb:DescribeTable',
          'dynamodb:DescribeContinuousBackups',
        ],
        resources: ['*'],
        why: 'Creates the destination tables by S3 import and enables point-in-time recovery on them.',
      },
    ],
    notes: ['Structural enables point-in-time recovery itself on the destination tables it creates (hence UpdateContinuousBackups).'],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/dynamodb-destination-s3',
    title: 'DynamoDB destination user — S3 policy',
    kind: 'identity',
    source: DYNAMODB_SOURCE,
    placeholders: [DESTINATION_BUCKET],
    statements: [
      {
        sid: 'StructuralDestinationBucket',
        actions: ['s3:PutObject', 's3:ListBucket', 's3:DeleteObject', 's3:PutObjectAcl', 's3:GetObject', 's3:GetObjectAcl'],
        resources: ['arn:aws:s3:::${destinationBucket}/*', 'arn:aws:s3:::${destinationBucket}'],
      },
      { sid: 'StructuralListBuckets', actions: ['s3:ListAllMyBuckets'], resources: ['*'] },
    ],
    notes: [SEPARATE_BUCKETS, LIFECYCLE_NOTE],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/dynamodb-destination-logs',
    title: 'DynamoDB destination user — CloudWatch Logs policy',
    kind: 'identity',
    source: DYNAMODB_SOURCE,
    placeholders: [{ ...REGION, description: 'The Region of the destination tables.' }, accountIdPlaceholder('accountId', 'The destination account id.')],
    statements: [
      {
        sid: 'StructuralImportLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:PutRetentionPolicy', 'logs:DescribeLogStreams', 'logs:CreateLogGroup'],
        resources: ['arn:aws:logs:${region}:${accountId}:log-group:/aws-dynamodb/*'],
        why: 'DynamoDB import jobs write their logs to /aws-dynamodb/ log groups.',
      },
      { sid: 'StructuralDescribeLogGroups', actions: ['logs:DescribeLogGroups'], resources: ['arn:aws:logs:${region}:${accountId}:log-group:*'] },
    ],
    notes: [],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-lambda-role',
    title: 'Redshift — Lambda role policy (SQS/Lambda process)',
    kind: 'identity',
    source: REDSHIFT_SOURCE,
    placeholders: [accountIdPlaceholder(), NAME_PREFIX],
    statements: [
      {
        sid: 'StructuralLambdaQueues',
        actions: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage', 'sqs:DeleteMessage'],
        resources: ['arn:aws:sqs:*:${accountId}:${namePrefix}*'],
      },
      { sid: 'StructuralLambdaObjects', actions: ['s3:PutObject', 's3:GetObject'], resources: ['arn:aws:s3:::${namePrefix}*/*'] },
      { sid: 'StructuralLambdaBuckets', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::${namePrefix}*'] },
      {
        sid: 'StructuralLambdaLogs',
        actions: ['logs:CreateLogGroup', 'logs:PutLogEvents', 'logs:CreateLogStream'],
        resources: ['arn:aws:logs:*:${accountId}:log-group:/aws/lambda/${namePrefix}*'],
        why: 'The function logs to its own /aws/lambda/<function> group; the page grants arn:aws:logs:*:*:*, which also satisfies this.',
      },
    ],
    notes: [
      'The role is named by the TONIC_LAMBDA_ROLE worker setting and must trust lambda.amazonaws.com (structural/redshift-lambda-trust).',
      'Only the previous (SQS + Lambda) data generation process uses this role; Data Pipeline V2 does not.',
      'TONIC_LAMBDA_TIMEOUT is at most 15 minutes and TONIC_LAMBDA_MEMORY_SIZE at most 10240 MB (Lambda limits).',
      'The SQS visibility timeout (TONIC_LAMBDA_SQS_VISIBILITY_TIMEOUT) must be ≥ the Lambda timeout (TONIC_LAMBDA_TIMEOUT).',
      'The page assumes bucket and queue names start with tonic-; set namePrefix if yours differ.',
    ],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-lambda-trust',
    title: 'Redshift — Lambda role trust policy',
    kind: 'trust',
    source: REDSHIFT_SOURCE,
    placeholders: [],
    statements: [{ principal: { type: 'Service', value: 'lambda.amazonaws.com' }, actions: ['sts:AssumeRole'], resources: [], why: 'Lets the Lambda service assume the Structural Lambda role.' }],
    notes: ['Attach to the role named by TONIC_LAMBDA_ROLE.'],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-kms-key-policy',
    title: 'Redshift — KMS key policy for S3 event notifications to SQS',
    kind: 'kms-key',
    source: REDSHIFT_SOURCE,
    placeholders: [accountIdPlaceholder('accountId', 'The account that owns the KMS key.')],
    statements: [
      {
        sid: 'EnableIamUserPermissions',
        principal: { type: 'AWS', value: 'arn:aws:iam::${accountId}:root' },
        actions: ['kms:*'],
        resources: ['*'],
        optional: true,
        why: 'AWS\'s default key-policy statement: without a statement like it, PutKeyPolicy\'s lockout safety check rejects the policy and IAM policies cannot grant use of the key.',
      },
      {
        sid: 'AllowS3EventNotificationsToSqs',
        principal: { type: 'Service', value: 's3.amazonaws.com' },
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        why: 'S3 encrypts the event notifications it sends to the KMS-encrypted SQS queues.',
      },
    ],
    notes: [
      'Needed only if the SQS queues use KMS encryption: set TONIC_LAMBDA_KMS_MASTER_KEY to this key\'s id.',
      'The EC2 (server) and Lambda roles also need kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on the key (structural/redshift-kms-role-permissions).',
    ],
    corrections: [
      {
        published: 'a lone statement to add to an existing key policy',
        corrected: 'a complete key policy: the same statement plus AWS\'s default account-root statement (optional)',
        why: 'A key policy is a whole document; the root statement keeps the key manageable. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html',
      },
    ],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-kms-role-permissions',
    title: 'Redshift — KMS permissions for the EC2 and Lambda roles',
    kind: 'identity',
    source: REDSHIFT_SOURCE,
    placeholders: [KMS_KEY_ARN],
    statements: [{ sid: 'StructuralSqsKmsKey', actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: ['${kmsKeyArn}'] }],
    notes: ['Add to both the server\'s instance profile role and the Lambda role when the SQS queues use KMS encryption.'],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-server-pipeline-v2',
    title: 'Redshift — server (EC2 instance profile) role, Data Pipeline V2',
    kind: 'identity',
    source: REDSHIFT_SERVER_SOURCE,
    placeholders: [NAME_PREFIX],
    statements: [
      { sid: 'StructuralBuckets', actions: ['s3:ListBucket', 's3:GetBucketNotification', 's3:PutBucketNotification'], resources: ['arn:aws:s3:::${namePrefix}*'] },
      {
        sid: 'StructuralObjects',
        actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: ['arn:aws:s3:::${namePrefix}*/*'],
      },
    ],
    notes: [
      'Data Pipeline V2 is the default data generation process for Redshift workspaces.',
      'The page assumes the source and destination buckets start with tonic-; set namePrefix if yours differ.',
      'If the buckets use KMS encryption, the role may also need KMS access to their key.',
    ],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-server-sqs-lambda',
    title: 'Redshift — server (EC2 instance profile) role, previous SQS + Lambda process',
    kind: 'identity',
    source: REDSHIFT_SERVER_SOURCE,
    placeholders: [REGION, accountIdPlaceholder(), NAME_PREFIX, LAMBDA_ROLE_ARN],
    statements: [
      {
        sid: 'StructuralListAndMappings',
        actions: [
          'sqs:ListQueues',
          'lambda:CreateEventSourceMapping',
          'lambda:DeleteEventSourceMapping',
          'lambda:GetEventSourceMapping',
          'lambda:ListFunctions',
          'ecr:DescribeRepositories',
          'ecr:ListImages',
          'logs:StopQuery',
        ],
        resources: ['*'],
      },
      {
        sid: 'StructuralQueues',
        actions: [
          'sqs:ChangeMessageVisibility',
          'sqs:CreateQueue',
          'sqs:DeleteMessage',
          'sqs:DeleteQueue',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ListDeadLetterSourceQueues',
          'sqs:ListQueueTags',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
          'sqs:SetQueueAttributes',
        ],
        resources: ['arn:aws:sqs:*:*:${namePrefix}*'],
      },
      { sid: 'StructuralBuckets', actions: ['s3:ListBucket', 's3:GetBucketNotification', 's3:PutBucketNotification'], resources: ['arn:aws:s3:::${namePrefix}*'] },
      {
        sid: 'StructuralFunctions',
        actions: ['lambda:CreateFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration'],
        resources: ['arn:aws:lambda:*:*:function:${namePrefix}*'],
      },
      { sid: 'StructuralPassLambdaRole', actions: ['iam:PassRole'], resources: ['${lambdaRoleArn}'], why: 'Structural creates the Lambda function with the TONIC_LAMBDA_ROLE role.' },
      {
        sid: 'StructuralObjects',
        actions: ['s3:PutObject', 's3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: ['arn:aws:s3:::${namePrefix}*/*'],
      },
      {
        sid: 'StructuralLambdaLogs',
        actions: ['logs:DescribeLogStreams', 'logs:GetQueryResults', 'logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:StartQuery'],
        resources: ['arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${namePrefix}*'],
      },
    ],
    notes: [
      'Only workspaces on the previous data generation process (SQS + Lambda) need this; Data Pipeline V2 needs structural/redshift-server-pipeline-v2.',
      'These permissions are the vendor\'s starting point; your setup may need more (e.g. KMS access to encrypted buckets).',
    ],
    corrections: [
      QUOTED_PLACEHOLDER_CORRECTION,
      {
        published: '${region} and ${account_id} in the CloudWatch Logs ARN',
        corrected: 'the profile\'s region and accountId values',
        why: 'They are template variables for the reader to replace, not IAM policy variables: IAM would compare them literally and never match.',
      },
      {
        published: 'sqs, s3 and lambda actions on one mixed resource list',
        corrected: 'one statement per service, each on its own resource shape',
        why: 'Same grants, but each action is listed only on resources it can apply to.',
      },
      {
        published: 'logs:StopQuery on the /aws/lambda/tonic-* log-group ARN',
        corrected: 'logs:StopQuery on "*" (with the other account-wide actions)',
        why: 'StopQuery supports no resource-level permissions, so a statement naming a log group never grants it. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html',
      },
      {
        published: 'a second s3:ListBucket statement with a StringLike "s3:prefix": "*" condition',
        corrected: 'left out',
        why: 's3:ListBucket is already allowed on the same buckets without a condition; the extra statement grants nothing more.',
      },
    ],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-source',
    title: 'Redshift — source database user',
    kind: 'redshift-sql',
    source: REDSHIFT_SOURCE,
    placeholders: [redshiftUserPlaceholder('tonic_user'), REDSHIFT_PASSWORD, redshiftNamePlaceholder('schema', 'A source schema to read (repeat the two schema grants for every schema).', 'public')],
    user: { name: '${user}', password: '${password}', options: [] },
    grants: [
      { privileges: ['USAGE'], objectKind: 'schema', object: '${schema}', grantee: '${user}', why: 'Reach the objects of each source schema.' },
      { privileges: ['SELECT'], objectKind: 'all-tables', object: '${schema}', grantee: '${user}', why: 'Read every table of each source schema.' },
      { privileges: ['SELECT'], objectKind: 'table', object: 'pg_catalog.svv_table_info', grantee: '${user}', why: 'Table metadata (superuser-only unless granted).' },
    ],
    notes: [
      'Repeat the USAGE and SELECT grants for every source schema.',
      'GRANT SELECT ON ALL TABLES IN SCHEMA covers only existing tables; tables created later need ALTER DEFAULT PRIVILEGES.',
      'The vendor recommends a backup rather than the production database as the source.',
    ],
    corrections: [],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-source-superuser',
    title: 'Redshift — superuser (preserve source ownership)',
    kind: 'redshift-sql',
    source: REDSHIFT_SOURCE,
    placeholders: [redshiftUserPlaceholder('tonic_user'), REDSHIFT_PASSWORD],
    user: { name: '${user}', password: '${password}', options: ['CREATEUSER'], why: 'CREATEUSER makes the user a superuser.' },
    grants: [],
    notes: ['Needed only when the workspace preserves source ownership in the destination: the user must own every schema and table.'],
    corrections: [
      {
        published: 'CREATE USER tonic_user createuser PASSWORD \'…\'',
        corrected: 'CREATE USER … PASSWORD \'…\' CREATEUSER',
        why: 'The documented syntax puts options after the password; Redshift accepts both orders.',
      },
    ],
  },
  {
    ...VENDOR,
    id: 'structural/redshift-destination',
    title: 'Redshift — destination database user',
    kind: 'redshift-sql',
    source: REDSHIFT_SOURCE,
    placeholders: [
      redshiftUserPlaceholder('tonic_destination_user'),
      REDSHIFT_PASSWORD,
      redshiftNamePlaceholder('database', 'The destination database (it must exist before Structural connects).', 'tonic_destination_database'),
      redshiftNamePlaceholder('schema', 'A schema from the source that already exists in the destination and that the user does not own.', 'schema_name'),
    ],
    user: { name: '${user}', password: '${password}', options: [] },
    grants: [
      { privileges: ['SELECT'], objectKind: 'table', object: 'pg_catalog.svv_table_info', grantee: '${user}', why: 'View table metadata.' },
      { privileges: ['TEMPORARY'], objectKind: 'database', object: '${database}', grantee: '${user}', why: 'Temporary tables during a session.' },
      { privileges: ['CREATE'], objectKind: 'database', object: '${database}', grantee: '${user}', why: 'Create schemas and permanent objects.' },
      {
        privileges: ['DROP'],
        objectKind: 'schema',
        object: '${schema}',
        grantee: '${user}',
        optional: true,
        why: 'Only for source schemas that already exist in the destination and are owned by another user.',
      },
    ],
    notes: [
      'The destination database must exist before Structural connects to it.',
      'When the workspace preserves source ownership, use a superuser instead (structural/redshift-source-superuser).',
    ],
    corrections: [],
  },
];
