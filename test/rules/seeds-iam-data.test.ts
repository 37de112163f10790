// The seed pages' policies (test/fixtures/seeds, as published) and well-known correct AWS policies, through the data-driven IAM rules.
// Every expected finding is listed; anything else from these rules is a false positive.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseIamDocument } from '../../server/src/engine/iam/document';
import { lintText, runRules } from '../../server/src/engine/lint';
import { iamRules } from '../../server/src/engine/rules';
import { testData } from '../support/data';

const DATA_RULES = new Set([
  'iam/condition-key-unknown',
  'iam/redundant-action',
  'iam/resource-arn-malformed',
  'iam/resource-type-mismatch',
  'iam/unknown-action',
  'iam/unknown-service',
]);

const SEEDS = path.join(__dirname, '..', 'fixtures', 'seeds');

/** `rule severity line:column token` for each finding of the data rules. */
function findings(text: string): string[] {
  return lintText(text, { data: testData(), kind: 'iam-policy' })
    .findings.filter((f) => DATA_RULES.has(f.ruleId))
    .map((f) => `${f.ruleId} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1} ${text.slice(f.start, f.end)}`);
}

/** Expected findings per seed file; files not listed must produce none. */
const EXPECTED: Record<string, string[]> = {
  // s3:GetBucketLocation is bucket-level but only gets `bucket/*`: it is never granted.
  '002-streams-access.json': ['iam/resource-type-mismatch error 31:9 "s3:GetBucketLocation"'],
  // logs:StopQuery has no resource types: with only a log-group ARN it is never granted. (The ${region}
  // placeholder does not matter: any region gives the same mismatch.) A warning: "no resource types" in the
  // reference is not proof (see the AWS managed-policy audit, docs/accuracy.md).
  '001-server-sqs-lambda.json': ['iam/resource-type-mismatch warning 73:1 "logs:StopQuery"'],
};

describe('seed policies through the data rules', () => {
  const files = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.json')).sort();
  it('has one fixture per published policy', () => {
    assert.equal(files.length, 15);
  });
  for (const file of files) {
    it(file, () => {
      const text = fs.readFileSync(path.join(SEEDS, file), 'utf8');
      assert.deepEqual(findings(text), EXPECTED[file] ?? []);
    });
  }
  it('seed 000: logs:DescribeLogGroups on log-group:* is accepted (AWS documents that form), but not on a named group', () => {
    const text = fs.readFileSync(path.join(SEEDS, '000-destination-cloudwatch-logs.json'), 'utf8');
    assert.ok(text.includes('"Action": "logs:DescribeLogGroups"'));
    assert.deepEqual(findings(text), []);
    const named = text.replace('log-group:*"\n}', 'log-group:/aws-dynamodb/*"\n}');
    assert.notEqual(named, text);
    const line = named.slice(0, named.indexOf('"logs:DescribeLogGroups"')).split('\n').length;
    assert.deepEqual(findings(named), [`iam/resource-type-mismatch warning ${line}:11 "logs:DescribeLogGroups"`]);
  });
  it('seed 001: the KMS key-policy statement, wrapped in a policy, is clean', () => {
    const statement = fs.readFileSync(path.join(SEEDS, '001-kms-key-policy-statement.json'), 'utf8');
    assert.deepEqual(findings(`{"Version":"2012-10-17","Statement":[${statement}]}`), []);
  });
});

/** Well-known correct policies from AWS documentation: no error or warning from the data rules. */
const CORRECT_AWS_POLICIES: Record<string, unknown> = {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport_Requesting.html
  'DynamoDB export to S3': {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowDynamoDBExportAction', Effect: 'Allow', Action: 'dynamodb:ExportTableToPointInTime', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/my-table' },
      { Sid: 'AllowDescribeExport', Effect: 'Allow', Action: 'dynamodb:DescribeExport', Resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/my-table/export/*' },
      { Sid: 'AllowListExports', Effect: 'Allow', Action: 'dynamodb:ListExports', Resource: '*' },
      { Sid: 'AllowWriteToDestinationBucket', Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:PutObject', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*' },
    ],
  },
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_s3_rw-bucket.html
  'S3 read/write bucket and objects': {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListObjectsInBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: ['arn:aws:s3:::amzn-s3-demo-bucket'] },
      { Sid: 'AllObjectActions', Effect: 'Allow', Action: 's3:*Object', Resource: ['arn:aws:s3:::amzn-s3-demo-bucket/*'] },
    ],
  },
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_s3_home-directory-console.html (shape)
  'S3 home folder with policy variables': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'], Resource: '*' },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::amzn-s3-demo-bucket', Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } } },
      { Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}', 'arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*'] },
    ],
  },
  // AWSLambdaBasicExecutionRole, and the scoped form the Lambda console creates.
  'Lambda basic execution role': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
  'Lambda basic execution role (console, scoped)': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: 'arn:aws:logs:us-east-1:111122223333:*' },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/my-function:*'] },
    ],
  },
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  'KMS default key policy': {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Allow use of the key',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/ExampleRole' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
      },
      {
        Sid: 'Allow attachment of persistent resources',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:role/ExampleRole' },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ],
  },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ways-to-add-notification-config-to-bucket.html (upper-case SQS prefix as published)
  'SQS queue policy for S3 event notifications': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: ['SQS:SendMessage'],
        Resource: 'arn:aws:sqs:us-west-2:111122223333:s3-notification-queue',
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:*:*:amzn-s3-demo-bucket' }, StringEquals: { 'aws:SourceAccount': '111122223333' } },
      },
    ],
  },
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_passrole.html (shape)
  'PassRole to Lambda only': {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/service-role/lambda-*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: ['arn:aws:lambda:us-east-1:111122223333:function:my-*', 'arn:aws:lambda:us-east-1:111122223333:function:my-*:*'] },
    ],
  },
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html (fine-grained access)
  'DynamoDB fine-grained access with LeadingKeys': {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Resource: ['arn:aws:dynamodb:*:*:table/GameScores', 'arn:aws:dynamodb:*:*:table/GameScores/index/*'],
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${www.amazon.com:user_id}'] } },
      },
    ],
  },
};

describe('well-known correct AWS policies: no error or warning from the data rules', () => {
  for (const [name, policy] of Object.entries(CORRECT_AWS_POLICIES)) {
    it(name, () => {
      const text = JSON.stringify(policy, null, 2);
      const serious = lintText(text, { data: testData(), kind: 'iam-policy' }).findings.filter(
        (f) => DATA_RULES.has(f.ruleId) && (f.severity === 'error' || f.severity === 'warning'),
      );
      assert.deepEqual(serious.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
});

describe('performance', () => {
  it('the data rules check a ~5 KB policy in a few milliseconds once data and caches are warm', () => {
    const statements = [];
    for (let i = 0; i < 24; i++) {
      statements.push({
        Sid: `S${i}`,
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'dynamodb:Query', `sqs:${i % 2 ? 'SendMessage' : 'ReceiveMessage'}`],
        Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:us-east-1:111122223333:table/t${i}`, `arn:aws:sqs:us-east-1:111122223333:q${i}`],
      });
    }
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    assert.ok(text.length > 5000);
    const rules = iamRules.filter((r) => DATA_RULES.has(r.id));
    assert.equal(rules.length, DATA_RULES.size);
    const texts = [text, text.replace('bucket-3/*', 'bucket-x/*')]; // a keystroke changes one statement
    const docs = texts.map((t) => parseIamDocument(t));
    for (let i = 0; i < 100; i++) runRules(rules, docs[i % 2]!, texts[i % 2]!, { data: testData(), kind: 'iam-policy' }); // JIT and caches
    const times: number[] = [];
    for (let i = 0; i < 41; i++) {
      const start = performance.now();
      runRules(rules, docs[i % 2]!, texts[i % 2]!, { data: testData(), kind: 'iam-policy' });
      times.push(performance.now() - start);
    }
    const median = times.sort((a, b) => a - b)[20]!;
    assert.ok(median < 5, `median ${median.toFixed(2)} ms per run of the data rules`);
  });
});
