// Fixtures for iam/resource-type-mismatch.

import { resourceTypeMismatch } from '../../server/src/engine/rules/iam/resourceTypeMismatch';
import { lintCode, runRuleTests } from '../support/ruleTester';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spanOf } from '../support/positions';

/** The same text with CRLF line breaks. */
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
// Terraform: the object ARN is built from an interpolation; no fix may invent a bucket name or copy the principal.
const terraform =
  'resource "aws_s3_bucket_policy" "b" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Principal = { AWS = aws_iam_role.r.arn }\n      Action = ["s3:GetObject", "s3:ListBucket"]\n      Resource = "arn:aws:s3:::${var.bucket}/*"\n    }]\n  })\n}\n';

// Access Analyzer UNSUPPORTED_ACTION_IN_POLICY / UNSUPPORTED_RESOURCE_ARN_IN_POLICY: a bucket policy (the host says
// which resource the policy is attached to) granting a KMS action on a KMS key.
const kmsInBucketPolicy =
  'resource "aws_s3_bucket_policy" "b" {\n  bucket = aws_s3_bucket.b.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Principal = { AWS = "arn:aws:iam::111122223333:root" }\n      Action = ["kms:Decrypt"]\n      Resource = "arn:aws:kms:us-east-1:111122223333:key/k"\n    }]\n  })\n}\n';
const queuePolicyOk =
  'resource "aws_sqs_queue_policy" "q" {\n  queue_url = aws_sqs_queue.q.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Principal = { Service = "sns.amazonaws.com" }\n      Action = "SQS:SendMessage"\n      Resource = "arn:aws:sqs:us-east-1:111122223333:q"\n    }]\n  })\n}\n';
const oneLine = (statements: string) => `{"Version":"2012-10-17","Statement":[${statements}]}`;

// Issue #16: wildcards in the region and account fields must not hide a mismatch the concrete ARN shows.
const streamOnTableWild = oneLine('{"Effect":"Allow","Action":"dynamodb:DescribeStream","Resource":"arn:aws:dynamodb:*:*:table/Orders"}');
const streamOnTable = oneLine('{"Effect":"Allow","Action":"dynamodb:DescribeStream","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/Orders"}');
// Issue #16: wildcard-only actions on type-level ARNs: documented (valid), documented as needing "*" (warning),
// undocumented (info).
const listStreams = oneLine('{"Effect":"Allow","Action":"kinesis:ListStreams","Resource":"arn:aws:kinesis:us-east-1:123456789012:stream/*"}');
const listEndpoints = oneLine('{"Effect":"Allow","Action":"sagemaker:ListEndpoints","Resource":"arn:aws:sagemaker:*:*:endpoint/*"}');
const indexOnTableWild = oneLine('{"Effect":"Allow","Action":"dynamodb:Query","Resource":"arn:aws:dynamodb:*:*:table/Orders/stream/*"}');

const seed002 = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::artie-transfer-test/*"
    }
  ]
}`;
const seed002Added = seed002.replace(
  '"Resource": "arn:aws:s3:::artie-transfer-test/*"',
  '"Resource": [\n        "arn:aws:s3:::artie-transfer-test/*",\n        "arn:aws:s3:::artie-transfer-test"\n      ]',
);
const seed002Split = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject"
      ],
      "Resource": "arn:aws:s3:::artie-transfer-test/*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetBucketLocation",
      "Resource": "arn:aws:s3:::artie-transfer-test"
    }
  ]
}`;

const listOnObjects = oneLine('{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::b/*"]}');
const getOnBucket = oneLine('{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b"}');

const listTables = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "dynamodb:GetItem",
        "dynamodb:ListTables"
      ],
      "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    }
  ]
}`;
const listTablesMoved = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "dynamodb:GetItem"
      ],
      "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    },
    {
      "Effect": "Allow",
      "Action": "dynamodb:ListTables",
      "Resource": "*"
    }
  ]
}`;

const singleObject = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:ListTables"],"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/t"}}';
const listQueues = oneLine('{"Effect":"Allow","Action":["sqs:ListQueues"],"Resource":["arn:aws:sqs:*:*:tonic-*"]}');
const otherService = oneLine('{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:s3:::tonic-bucket"}');
const unusedResource = oneLine('{"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::b/*","arn:aws:sqs:us-east-1:123456789012:q"]}');
const wildcardAction = oneLine('{"Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:sqs:us-east-1:123456789012:q"}');
// AWSElasticBeanstalkWebTier (AWS managed): the reference lists no resource type for logs:DescribeLogGroups, yet
// AWS pairs it with a named log group. "No resource types" is not proof, so this is a warning, not an error.
const beanstalkLogs = oneLine('{"Action":["logs:PutLogEvents","logs:CreateLogStream","logs:DescribeLogGroups"],"Effect":"Allow","Resource":["arn:aws:logs:*:*:log-group:/aws/elasticbeanstalk*"]}');
const bucketPolicy = oneLine(
  '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["s3:GetObject","s3:ListBucket"],"Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}',
);

runRuleTests(resourceTypeMismatch, {
  valid: [
    { name: 'bucket and objects split correctly', code: oneLine('{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Action":["s3:ListBucket","s3:GetBucketLocation"],"Resource":"arn:aws:s3:::b"}') },
    { name: 'tonic-* matches buckets and objects (seed 001)', code: oneLine('{"Effect":"Allow","Action":["s3:PutObject","s3:ListBucket","sqs:SendMessage","logs:PutLogEvents"],"Resource":["arn:aws:sqs:*:<aws account id>:tonic-*","arn:aws:s3:::tonic-*","arn:aws:logs:*:*:*"]}') },
    { name: 'wildcard-only actions on *', code: oneLine('{"Effect":"Allow","Action":["dynamodb:ListTables","s3:ListAllMyBuckets","sqs:ListQueues"],"Resource":"*"}') },
    { name: 'DescribeLogGroups on log-group:* (documented by AWS; seed 000)', code: oneLine('{"Effect":"Allow","Action":"logs:DescribeLogGroups","Resource":"arn:aws:logs:<destination-region>:<destination-account>:log-group:*"}') },
    { name: 'a wildcard action is fine when one of its actions applies', code: oneLine('{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b"}') },
    { name: 'NotAction and NotResource are skipped', code: oneLine('{"Effect":"Deny","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Action":"s3:ListBucket","NotResource":"arn:aws:s3:::b/*"}') },
    { name: 'a whole-value placeholder can be anything', code: oneLine('{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"<ARN to AWS KMS key>"}') },
    { name: 'a malformed ARN is iam/resource-arn-malformed’s', code: oneLine('{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"arn:aws:dynamodb:us-east-1:12345678901:table/t"}') },
    { name: 'unknown actions are iam/unknown-action’s', code: oneLine('{"Effect":"Allow","Action":["s3:GetObjects"],"Resource":"arn:aws:s3:::b"}') },
    { name: 'policy variables match any value', code: oneLine('{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::${aws:username}"}') },
    {
      // AWSCodeBuildAdminAccess (AWS managed): CodeStar Connections was renamed CodeConnections; its actions apply to both ARN namespaces.
      name: 'codestar-connections actions on codeconnections ARNs (renamed service)',
      code: oneLine('{"Effect":"Allow","Action":["codestar-connections:UseConnection","codestar-connections:GetConnection"],"Resource":["arn:aws:codestar-connections:*:*:connection/*","arn:aws:codeconnections:*:*:connection/*"]}'),
    },
    { name: 'codeconnections actions on a codestar-connections ARN', code: oneLine('{"Effect":"Allow","Action":"codeconnections:UseConnection","Resource":"arn:aws:codestar-connections:us-east-1:123456789012:connection/abc"}') },
    { name: 'a queue policy granting an SQS action (upper-case prefix) on the queue', host: 'terraform', code: queuePolicyOk },
    { name: 'documented type-level ARNs of wildcard-only actions (log-group:*, table/*)', code: oneLine('{"Effect":"Allow","Action":["logs:DescribeLogGroups","dynamodb:ListTables"],"Resource":["arn:aws:logs:us-east-1:123456789012:log-group:*","arn:aws:dynamodb:us-east-1:123456789012:table/*"]}') },
    { name: 'service-level ARNs of wildcard-only actions', code: oneLine('{"Effect":"Allow","Action":["s3:ListAllMyBuckets","kinesis:ListStreams","sqs:ListQueues"],"Resource":["arn:aws:s3:::*","arn:aws:kinesis:*:*:*","arn:aws:sqs:*:*:*"]}') },
    { name: 'a stream label is a timestamp (with colons)', code: oneLine('{"Effect":"Allow","Action":"dynamodb:DescribeStream","Resource":"arn:aws:dynamodb:*:*:table/Orders/stream/2015-05-11T21:21:33.291"}') },
    { name: 'table and its stream', code: oneLine('{"Effect":"Allow","Action":["dynamodb:GetRecords","dynamodb:GetItem"],"Resource":["arn:aws:dynamodb:*:*:table/t","arn:aws:dynamodb:*:*:table/t/stream/*"]}') },
  ],
  invalid: [
    {
      name: 'bucket-level action on bucket/* (seed 002): add the bucket ARN or split',
      code: seed002,
      errors: [
        {
          messageId: 'neverApplies',
          message: '"s3:GetBucketLocation" needs a bucket ARN such as arn:aws:s3:::my-bucket (or an accesspoint ARN): it can never apply to a Resource of this statement.',
          ...spanOf(seed002, '"s3:GetBucketLocation"'),
          severity: 'error',
          output: null,
          suggestions: [
            { title: 'Add "arn:aws:s3:::artie-transfer-test" to Resource', output: seed002Added },
            { title: 'Move "s3:GetBucketLocation" into its own statement with Resource "arn:aws:s3:::artie-transfer-test"', output: seed002Split },
          ],
        },
      ],
    },
    {
      // Regression: the split wrote "\n" into CRLF files.
      name: 'seed 002 with CRLF line breaks: both suggestions keep CRLF',
      code: crlf(seed002),
      errors: [
        {
          messageId: 'neverApplies',
          ...spanOf(crlf(seed002), '"s3:GetBucketLocation"'),
          output: null,
          suggestions: [
            { title: 'Add "arn:aws:s3:::artie-transfer-test" to Resource', output: crlf(seed002Added) },
            { title: 'Move "s3:GetBucketLocation" into its own statement with Resource "arn:aws:s3:::artie-transfer-test"', output: crlf(seed002Split) },
          ],
        },
      ],
    },
    {
      name: 'Terraform: an interpolated object ARN is reported, with no fix',
      host: 'terraform',
      code: terraform,
      errors: [{ messageId: 'neverApplies', ...spanOf(terraform, '"s3:ListBucket"'), output: null }],
    },
    {
      name: 'single bucket-level action on objects: only the add fix',
      code: listOnObjects,
      errors: [
        {
          messageId: 'neverApplies',
          message: '"s3:ListBucket" needs a bucket ARN such as arn:aws:s3:::my-bucket (or an accesspoint ARN)',
          ...spanOf(listOnObjects, '"s3:ListBucket"'),
          output: null,
          suggestions: [{ title: 'Add "arn:aws:s3:::b" to Resource', output: listOnObjects.replace('["arn:aws:s3:::b/*"]', '["arn:aws:s3:::b/*", "arn:aws:s3:::b"]') }],
        },
      ],
    },
    {
      name: 'object action on the bucket ARN: add bucket/*',
      code: getOnBucket,
      errors: [
        {
          messageId: 'neverApplies',
          message: '"s3:GetObject" needs an object ARN such as arn:aws:s3:::my-bucket/* (or an accesspointobject ARN)',
          ...spanOf(getOnBucket, '"s3:GetObject"'),
          output: null,
          suggestions: [{ title: 'Add "arn:aws:s3:::b/*" to Resource', output: getOnBucket.replace('"arn:aws:s3:::b"', '["arn:aws:s3:::b", "arn:aws:s3:::b/*"]') }],
        },
      ],
    },
    {
      name: 'wildcard-only action next to a resource-level one: moved to its own statement',
      code: listTables,
      errors: [
        {
          messageId: 'wildcardOnlyAction',
          message: '"dynamodb:ListTables" does not support resource-level permissions',
          ...spanOf(listTables, '"dynamodb:ListTables"'),
          output: null,
          suggestions: [{ title: 'Move dynamodb:ListTables into a statement of its own with "Resource": "*"', output: listTablesMoved }],
        },
      ],
    },
    {
      name: 'wildcard-only per the reference, on a named log group (AWSElasticBeanstalkWebTier): a warning, with the split fix',
      code: beanstalkLogs,
      errors: [
        {
          messageId: 'wildcardOnlyAction',
          message: '"logs:DescribeLogGroups" does not support resource-level permissions: the Service Authorization Reference lists no resource type for it',
          ...spanOf(beanstalkLogs, '"logs:DescribeLogGroups"'),
          severity: 'warning',
          output: null,
          suggestions: [
            { title: 'Move logs:DescribeLogGroups into a statement of its own with "Resource": "*"', output: '{"Version":"2012-10-17","Statement":[{"Action":["logs:PutLogEvents","logs:CreateLogStream"],"Effect":"Allow","Resource":["arn:aws:logs:*:*:log-group:/aws/elasticbeanstalk*"]}, {"Effect": "Allow", "Action": "logs:DescribeLogGroups", "Resource": "*"}]}' },
          ],
        },
      ],
    },
    {
      name: 'a single-object Statement gets no split fix (no room for a sibling statement)',
      code: singleObject,
      errors: [
        {
          messageId: 'wildcardOnlyAction',
          message: '"dynamodb:ListTables" does not support resource-level permissions',
          ...spanOf(singleObject, '"dynamodb:ListTables"'),
          output: null,
        },
      ],
    },
    {
      name: 'only wildcard-only actions: Resource becomes *',
      code: listQueues,
      errors: [
        {
          messageId: 'wildcardOnlyAction',
          message: '"sqs:ListQueues" does not support resource-level permissions',
          ...spanOf(listQueues, '"sqs:ListQueues"'),
          output: null,
          suggestions: [
            { title: 'Use "Resource": "*" (sqs:ListQueues supports no resource-level permissions)', output: listQueues.replace('["arn:aws:sqs:*:*:tonic-*"]', '"*"') },
          ],
        },
      ],
    },
    {
      name: 'a KMS action on a KMS key inside a bucket policy',
      host: 'terraform',
      code: kmsInBucketPolicy,
      errors: [
        { messageId: 'unsupportedActionInPolicy', message: '"kms:Decrypt" is not an action of the S3 bucket policy', ...spanOf(kmsInBucketPolicy, '"kms:Decrypt"'), output: null },
        {
          messageId: 'unsupportedResourceInPolicy',
          message: 'is not an ARN the S3 bucket policy can name',
          ...spanOf(kmsInBucketPolicy, '"arn:aws:kms:us-east-1:111122223333:key/k"'),
          output: null,
        },
      ],
    },
    {
      name: 'kinesis:ListStreams on stream/*: Kinesis documents "Resource": "*"',
      code: listStreams,
      errors: [
        {
          messageId: 'wildcardOnlyAction',
          message: '"kinesis:ListStreams" does not support resource-level permissions',
          ...spanOf(listStreams, '"kinesis:ListStreams"'),
          severity: 'warning',
          output: null,
          suggestions: [{ title: 'Use "Resource": "*" (kinesis:ListStreams supports no resource-level permissions)', output: listStreams.replace('"arn:aws:kinesis:us-east-1:123456789012:stream/*"', '"*"') }],
        },
      ],
    },
    {
      name: 'an undocumented type-level ARN for a wildcard-only action: info',
      code: listEndpoints,
      errors: [
        {
          messageId: 'typeLevelArn',
          message: '"sagemaker:ListEndpoints" has no resource types in the Service Authorization Reference',
          ...spanOf(listEndpoints, '"sagemaker:ListEndpoints"'),
          severity: 'info',
          output: null,
          suggestions: [{ title: 'Use "Resource": "*" (sagemaker:ListEndpoints supports no resource-level permissions)', output: listEndpoints.replace('"arn:aws:sagemaker:*:*:endpoint/*"', '"*"') }],
        },
      ],
    },
    {
      name: 'DescribeStream on a table ARN with wildcard region and account (issue #16)',
      code: streamOnTableWild,
      errors: [{ messageId: 'neverApplies', message: 'needs a stream ARN such as arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/my-stream-label:', ...spanOf(streamOnTableWild, '"dynamodb:DescribeStream"'), output: null }],
    },
    {
      name: 'DescribeStream on a concrete table ARN',
      code: streamOnTable,
      errors: [{ messageId: 'neverApplies', message: 'needs a stream ARN such as arn:aws:dynamodb:us-east-1:123456789012:table/my-table/stream/my-stream-label:', ...spanOf(streamOnTable, '"dynamodb:DescribeStream"'), output: null }],
    },
    {
      name: 'Query on a stream ARN with wildcard region and account',
      code: indexOnTableWild,
      errors: [{ messageId: 'neverApplies', message: /^"dynamodb:Query" needs a table ARN such as arn:aws:dynamodb:us-east-1:123456789012:table\/my-table \(or an index ARN\): it can never apply/, ...spanOf(indexOnTableWild, '"dynamodb:Query"'), output: null }],
    },
    {
      name: 'ARN of another service',
      code: otherService,
      errors: [
        {
          messageId: 'neverApplies',
          message: 'needs a queue ARN such as arn:aws:sqs:us-east-1:123456789012:my-queue: it can never apply',
          ...spanOf(otherService, '"sqs:SendMessage"'),
          output: null,
        },
      ],
    },
    {
      name: 'a Resource no action can use is a warning, with a removal fix',
      code: unusedResource,
      errors: [
        {
          messageId: 'unusedResource',
          message: 'No action of this statement can use "arn:aws:sqs:us-east-1:123456789012:q"',
          ...spanOf(unusedResource, '"arn:aws:sqs:us-east-1:123456789012:q"'),
          severity: 'warning',
          output: null,
          suggestions: [
            { title: 'Remove "arn:aws:sqs:us-east-1:123456789012:q" from Resource', output: unusedResource.replace(',"arn:aws:sqs:us-east-1:123456789012:q"', '') },
          ],
        },
      ],
    },
    {
      name: 'a wildcard action none of whose actions applies',
      code: wildcardAction,
      errors: [
        {
          messageId: 'noneApply',
          message: /^The \d+ actions matched by "s3:Get\*" need a bucket ARN such as arn:aws:s3:::my-bucket \(or .* other resource types\): none of them can apply to a Resource of this statement\.$/,
          ...spanOf(wildcardAction, '"s3:Get*"'),
          output: null,
        },
      ],
    },
    {
      name: 'split keeps Principal and Condition (bucket policy)',
      code: bucketPolicy,
      errors: [
        {
          messageId: 'neverApplies',
          message: '"s3:ListBucket" needs a bucket ARN such as arn:aws:s3:::my-bucket (or an accesspoint ARN)',
          ...spanOf(bucketPolicy, '"s3:ListBucket"'),
          output: null,
          suggestions: [
            { title: 'Add "arn:aws:s3:::b" to Resource', output: bucketPolicy.replace('"Resource":"arn:aws:s3:::b/*"', '"Resource":["arn:aws:s3:::b/*", "arn:aws:s3:::b"]') },
            { title: 'Move "s3:ListBucket" into its own statement with Resource "arn:aws:s3:::b"', output: bucketPolicy
              .replace('"s3:GetObject","s3:ListBucket"', '"s3:GetObject"')
              .replace(
                '"true"}}}',
                '"true"}}}, {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}',
              ) },
          ],
        },
      ],
    },
  ],
});

// Issue 21 item 6: the Problems panel cuts long messages, so the useful part comes first, in plain words, and no
// raw ARN template (`arn:${Partition}:s3:…`) reaches the reader.
describe('iam/resource-type-mismatch messages lead with plain words', () => {
  const cases: [string, string][] = [
    ['"s3:ListBucket"', '"arn:aws:s3:::b/*"'],
    ['"s3:GetObject"', '"arn:aws:s3:::b"'],
    ['"s3:Get*"', '"arn:aws:sqs:us-east-1:123456789012:q"'],
    ['"sqs:SendMessage"', '"arn:aws:s3:::b"'],
    ['"kms:Decrypt"', '"arn:aws:s3:::b"'],
    ['"ec2:StartInstances"', '"arn:aws:s3:::b"'],
    ['"lambda:InvokeFunction"', '"arn:aws:s3:::b"'],
  ];
  it('names the resource type and an example ARN before anything else, without templates', () => {
    for (const [action, resource] of cases) {
      const code = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${action},"Resource":${resource}}]}`;
      const findings = lintCode(code, 'iam-policy').filter((f) => f.messageId === 'neverApplies' || f.messageId === 'noneApply');
      assert.equal(findings.length, 1, `${action} on ${resource}`);
      const message = findings[0]!.message;
      assert.doesNotMatch(message, /\$\{/, message);
      assert.match(message.slice(0, 120), /needs? an? [a-z-]+ ARN such as arn:aws:[a-z0-9-]+:/, message);
    }
  });
});

// Issue 21 item 7: an ARN written with a substitution is judged like the literal ARN where the substitution fills a
// whole segment (a bucket name, a table name): it cannot change the resource type. Elsewhere it stays "any text".
const tfJsonencode = (action: string, resource: string): string =>
  `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = ${action}\n      Resource = ${resource}\n    }]\n  })\n}\n`;
const tfDocument = (action: string, resources: string): string =>
  `data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = [${action}]\n    resources = [${resources}]\n  }\n}\n`;
const tfHeredoc = (action: string, resource: string): string =>
  `resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": ${resource}}]\n}\nEOF\n}\n`;
const cfnYaml = (action: string, resource: string): string =>
  `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: ${action}\n            Resource: ${resource}\n`;
const cfnJson = (action: string, resource: string): string =>
  `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "P": {\n      "Type": "AWS::IAM::ManagedPolicy",\n      "Properties": {\n        "PolicyDocument": {\n          "Version": "2012-10-17",\n          "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": ${resource}}]\n        }\n      }\n    }\n  }\n}\n`;

const putAclOnBucket: [string, 'terraform' | 'cloudformation', string][] = [
  ['Terraform jsonencode', 'terraform', tfJsonencode('"s3:PutObjectAcl"', '"arn:aws:s3:::${var.bucket}"')],
  ['Terraform aws_iam_policy_document', 'terraform', tfDocument('"s3:PutObjectAcl"', '"arn:aws:s3:::${var.bucket}"')],
  ['Terraform heredoc', 'terraform', tfHeredoc('"s3:PutObjectAcl"', '"arn:aws:s3:::${aws_s3_bucket.b.bucket}"')],
  ['CloudFormation YAML !Sub', 'cloudformation', cfnYaml('s3:PutObjectAcl', "!Sub 'arn:aws:s3:::${BucketName}'")],
  ['CloudFormation YAML !Sub with the partition', 'cloudformation', cfnYaml('s3:PutObjectAcl', "!Sub 'arn:${AWS::Partition}:s3:::${BucketName}'")],
  ['CloudFormation YAML Fn::Sub', 'cloudformation', cfnYaml('s3:PutObjectAcl', "\n              Fn::Sub: 'arn:aws:s3:::${BucketName}'")],
  ['CloudFormation YAML !Join with !Ref', 'cloudformation', cfnYaml('s3:PutObjectAcl', "!Join ['', ['arn:aws:s3:::', !Ref Bucket]]")],
  ['CloudFormation JSON Fn::Sub', 'cloudformation', cfnJson('"s3:PutObjectAcl"', '{"Fn::Sub": "arn:aws:s3:::${BucketName}"}')],
];

runRuleTests(resourceTypeMismatch, {
  valid: [
    // The object forms of the same ARNs.
    { name: 'Terraform: object ARN with a bucket substitution', host: 'terraform', code: tfJsonencode('"s3:PutObjectAcl"', '"arn:aws:s3:::${var.bucket}/*"') },
    { name: 'Terraform: bucket and key substitutions', host: 'terraform', code: tfDocument('"s3:PutObjectAcl"', '"arn:aws:s3:::${var.bucket}/${var.key}"') },
    { name: 'Terraform: an ARN attribute plus /*', host: 'terraform', code: tfDocument('"s3:PutObjectAcl"', '"${aws_s3_bucket.b.arn}/*"') },
    { name: 'Terraform: a whole ARN from an expression', host: 'terraform', code: tfDocument('"s3:PutObjectAcl"', 'aws_s3_bucket.b.arn') },
    { name: 'CloudFormation: !Sub object ARN', host: 'cloudformation', code: cfnYaml('s3:PutObjectAcl', "!Sub 'arn:aws:s3:::${BucketName}/*'") },
    { name: 'CloudFormation: !Sub of an ARN attribute plus /*', host: 'cloudformation', code: cfnYaml('s3:PutObjectAcl', "!Sub '${Bucket.Arn}/*'") },
    { name: 'CloudFormation JSON: Fn::Sub object ARN', host: 'cloudformation', code: cfnJson('"s3:PutObjectAcl"', '{"Fn::Sub": "arn:aws:s3:::${BucketName}/*"}') },
    // A substitution that is only part of a segment may hold a `/`: not judged.
    { name: 'Terraform: a substitution inside a segment stays any text', host: 'terraform', code: tfJsonencode('"s3:PutObjectAcl"', '"arn:aws:s3:::${var.env}-data"') },
    { name: 'Terraform: two substitutions side by side stay any text', host: 'terraform', code: tfJsonencode('"s3:PutObjectAcl"', '"arn:aws:s3:::${var.bucket}${var.suffix}"') },
    // An expression before the resource part that is not one whole field: the fields cannot be told apart.
    { name: 'Terraform: an ARN prefix from an expression', host: 'terraform', code: tfJsonencode('"s3:PutObjectAcl"', '"${var.arn_prefix}:::${var.bucket}"') },
    // Whole-segment substitutions where the resource type allows more than one segment.
    { name: 'CloudFormation: a log group name before :log-stream (PutLogEvents)', host: 'cloudformation', code: cfnYaml('logs:PutLogEvents', "!Sub 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:*'") },
    { name: 'CloudFormation: a role by name (PassRole)', host: 'cloudformation', code: cfnYaml('iam:PassRole', "!Sub 'arn:aws:iam::${AWS::AccountId}:role/${RoleName}'") },
    { name: 'CloudFormation: an API id then a path (execute-api:Invoke)', host: 'cloudformation', code: cfnYaml('execute-api:Invoke', "!Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*'") },
    { name: 'Terraform: a table by name (GetItem)', host: 'terraform', code: tfJsonencode('"dynamodb:GetItem"', '"arn:aws:dynamodb:${var.region}:${var.account}:table/${var.table}"') },
    { name: 'Terraform: a backup action on backups of a table substitution', host: 'terraform', code: tfJsonencode('"dynamodb:DeleteBackup"', '"arn:aws:dynamodb:${var.region}:${var.account}:table/${var.table}/backup/*"') },
    { name: 'Terraform: a region substitution that is part of a field stays any text', host: 'terraform', code: tfJsonencode('"dynamodb:DeleteBackup"', '"arn:aws:dynamodb:${var.region}x:${var.account}:table/${var.table}"') },
    { name: 'Terraform: a bucket-level action on the bucket', host: 'terraform', code: tfDocument('"s3:ListBucket"', '"arn:aws:s3:::${var.bucket}"') },
    { name: 'Terraform: a wildcard-only action on the bucket substitution (service-level reading kept)', host: 'terraform', code: tfDocument('"s3:ListAllMyBuckets"', '"arn:aws:s3:::${var.bucket}"') },
  ],
  invalid: [
    ...putAclOnBucket.map(([name, host, code]) => ({
      name: `${name}: s3:PutObjectAcl on a bucket ARN with a substitution is reported like the literal ARN`,
      host,
      code,
      errors: [
        {
          messageId: 'neverApplies',
          message: '"s3:PutObjectAcl" needs an object ARN such as arn:aws:s3:::my-bucket/*',
          ...spanOf(code, code.includes('"s3:PutObjectAcl"') ? '"s3:PutObjectAcl"' : 's3:PutObjectAcl'),
          output: null,
        },
      ],
    })),
    {
      name: 'Terraform: a stream action on a table substitution',
      host: 'terraform',
      code: tfJsonencode('"dynamodb:GetRecords"', '"arn:aws:dynamodb:${var.region}:${var.account}:table/${var.table}"'),
      errors: [
        {
          messageId: 'neverApplies',
          message: '"dynamodb:GetRecords" needs a stream ARN',
          ...spanOf(tfJsonencode('"dynamodb:GetRecords"', '"arn:aws:dynamodb:${var.region}:${var.account}:table/${var.table}"'), '"dynamodb:GetRecords"'),
          output: null,
        },
      ],
    },
    {
      // The region and account substitutions hold no `:`, so the table name cannot run on into a backup ARN.
      name: 'Terraform: a backup action on a table ARN whose region and account are substitutions',
      host: 'terraform',
      code: tfJsonencode('"dynamodb:DeleteBackup"', '"arn:aws:dynamodb:${var.region}:${var.account}:table/${var.table}"'),
      errors: [
        {
          messageId: 'neverApplies',
          message: '"dynamodb:DeleteBackup" needs a backup ARN',
          ...spanOf(tfJsonencode('"dynamodb:DeleteBackup"', '"arn:aws:dynamodb:${var.region}:${var.account}:table/${var.table}"'), '"dynamodb:DeleteBackup"'),
          output: null,
        },
      ],
    },
    {
      // The message names the ARN as written, not its stand-in; no fix copies an expression.
      name: 'Terraform: a bucket ARN no action of the statement can use (message shows the substitution)',
      host: 'terraform',
      code: tfDocument('"s3:GetObject"', '"arn:aws:s3:::${var.bucket}/*", "arn:aws:s3:::${var.bucket}"'),
      errors: [
        {
          messageId: 'unusedResource',
          message: 'No action of this statement can use "arn:aws:s3:::${var.bucket}"',
          ...spanOf(tfDocument('"s3:GetObject"', '"arn:aws:s3:::${var.bucket}/*", "arn:aws:s3:::${var.bucket}"'), '"arn:aws:s3:::${var.bucket}"'),
          severity: 'warning',
          output: null,
          suggestions: [
            {
              title: 'Remove "arn:aws:s3:::${var.bucket}" from Resource',
              output: tfDocument('"s3:GetObject"', '"arn:aws:s3:::${var.bucket}/*"'),
            },
          ],
        },
      ],
    },
  ],
});
