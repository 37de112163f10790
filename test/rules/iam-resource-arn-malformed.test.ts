// Fixtures for iam/resource-arn-malformed.

import { resourceArnMalformed } from '../../server/src/engine/rules/iam/resourceArnMalformed';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const policy = (resource: string, action = 's3:GetObject') =>
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${action}","Resource":${resource}}]}`;

const shortArn = policy('"arn:aws:s3:bucket"');
// Issue #16: a missing colon is not a truncated ARN, even when the value ends in `*`.
const missingColon = policy('"arn:aws:s3::my-bucket/*"');
const missingColonQueue = policy('"arn:aws:sqs:us-east-1:orders-*"', 'sqs:SendMessage');
const truncatedBadService = policy('"arn:aws:s3x:*"');
const notArn = policy('["my-bucket/*"]');
const partition = policy('"arn:amazon:s3:::b/*"');
const service = policy('"arn:aws:s3x:::b/*"');
// The ARN namespace of a retired service (like the action prefixes AWS's managed policies still use, see iam/unknown-service).
const retired = policy('"arn:aws:deeplens:*:*:model/*"', 'deeplens:GetModel');
const upperService = policy('"arn:aws:S3:::b/*"');
const region = policy('"arn:aws:dynamodb:us-east1:123456789012:table/t"', 'dynamodb:GetItem');
const account = policy('"arn:aws:dynamodb:us-east-1:12345678901:table/t"', 'dynamodb:GetItem');
const accountLetters = policy('"arn:aws:sqs:us-east-1:acct:q"', 'sqs:SendMessage');
const s3Region = policy('"arn:aws:s3:us-east-1:123456789012:b/*"');
const s3Account = policy('"arn:aws:s3::123456789012:b"', 's3:ListBucket');
// Issue #16: a role ARN with a Region keeps its account; the fix drops the Region only.
const roleRegion = policy('"arn:aws:iam:us-east-1:123456789012:role/app"', 'iam:GetRole');
// Issue #16: an empty account where the resource type has one matches nothing.
const roleNoAccount = policy('"arn:aws:iam:::role/app"', 'iam:GetRole');
const queueNoAccount = policy('"arn:aws:sqs:us-east-1::orders"', 'sqs:SendMessage');
const tableNoAccount = policy('"arn:aws:dynamodb:us-east-1::table/Orders"', 'dynamodb:GetItem');
const functionNoAccount = policy('"arn:aws:lambda:us-east-1::function:f"', 'lambda:InvokeFunction');
// S3 has types without an account (buckets, objects, tried first) and types with one (access points, jobs).
const accessPointNoAccount = policy('"arn:aws:s3:us-east-1::accesspoint/ap"', 's3:GetObject');
// Access Analyzer MISSING_ARN_REGION, INVALID_ARN_RESOURCE, WILDCARD_IN_SERVICE_NAME.
const tableNoRegion = policy('"arn:aws:dynamodb::123456789012:table/Orders"', 'dynamodb:GetItem');
const tableTypo = policy('"arn:aws:dynamodb:us-east-1:123456789012:tabel/Orders"', 'dynamodb:GetItem');
const wildService = policy('"arn:aws:*code*:us-east-1:123456789012:*"', 'codecommit:GitPull');
const variableInAccount = policy('"arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q"', 'sqs:SendMessage');
// Terraform: a value built from an interpolation is not judged; a literal ARN next to it still is.
const terraform =
  'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect = "Allow"\n      Action = "s3:GetObject"\n      Resource = ["${var.bucket_arn}/*", "arn:aws:s3:us-east-1::b/*"]\n    }]\n  })\n}\n';

runRuleTests(resourceArnMalformed, {
  valid: [
    // FMSServiceRolePolicy v1 (AWS managed): a trailing `*` matches across the remaining colons.
    { name: 'arn:aws:waf:* (the last segment’s * spans the missing fields)', code: policy('["arn:aws:waf:*", "arn:aws:waf-regional:*"]', 'waf:GetWebACL') },
    { name: 'truncated ARNs whose last field is a wildcard prefix of its field', code: policy('["arn:aws:sqs:us-*", "arn:aws:sqs:us-east-1:1234*", "arn:aws:s3*"]', 'sqs:SendMessage') },
    { name: 'arn:aws:rds:us-east-1:* (NeptuneFullAccess v1 style)', code: policy('"arn:aws:rds:us-east-1:*"', 'rds:DescribeDBClusters') },
    { code: policy('["arn:aws:s3:::b", "arn:aws:s3:::b/*", "*"]') },
    { name: 'wildcards in region and account', code: policy('"arn:aws:sqs:*:*:tonic-*"', 'sqs:SendMessage') },
    { name: 'other partitions', code: policy('["arn:aws-cn:s3:::b/*", "arn:aws-us-gov:s3:::b/*", "arn:aws-*:s3:::c/*"]') },
    { name: 'AWS-managed policy account', code: policy('"arn:aws:iam::aws:policy/ReadOnlyAccess"', 'iam:GetPolicy') },
    { name: 'policy variables in the resource part', code: policy('"arn:aws:s3:::b/home/${aws:username}/*"') },
    { name: 'variables with colons do not shift fields', code: policy('"arn:aws:s3:::b/${aws:userid}/*"') },
    { name: 'placeholders are iam/placeholder’s', code: policy('["arn:aws:logs:<destination-region>:<destination-account>:log-group:*", "arn:aws:logs:${region}:${account_id}:log-group:x"]', 'logs:DescribeLogGroups') },
    { name: 'ARN namespaces that are not IAM prefixes', code: policy('"arn:aws:elastic-inference:us-east-1:123456789012:elastic-inference-accelerator/eia-1"', 'elastic-inference:Connect') },
    { name: 'region present for S3 access points', code: policy('"arn:aws:s3:us-east-1:123456789012:accesspoint/ap/object/*"') },
    { name: 'AWS-owned SSM documents and public parameters have an empty account', code: policy('["arn:aws:ssm:us-east-1::document/AWS-RunShellScript", "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/x", "arn:aws:ssm:*::automation-definition/AWS-RestartEC2Instance:*"]', 'ssm:SendCommand') },
    { name: 'account-less resource types (EC2 images, S3, Bedrock foundation models)', code: policy('["arn:aws:ec2:us-east-1::image/ami-1", "arn:aws:s3:::b", "arn:aws:bedrock:us-east-1::foundation-model/m"]', 'ec2:RunInstances') },
    { name: 'a wildcard account is any account', code: policy('["arn:aws:iam::*:role/app", "arn:aws:sqs:*:*:orders"]', 'iam:GetRole') },
    { name: 'resource parts the reference knows in any region/account form (global tables, S3 Outposts-free ARNs)', code: policy('["arn:aws:dynamodb::123456789012:global-table/g", "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2015-05-11T21:21:33.291"]', 'dynamodb:DescribeGlobalTable') },
    { name: 'the service field "*" is every service', code: policy('"arn:aws:*:us-east-1:123456789012:*"', 's3:GetObject') },
    { name: 'NotResource is checked the same way (valid)', code: '{"Statement":[{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::b/*"}]}' },
  ],
  invalid: [
    {
      name: 'Terraform: the interpolated value is unknown, the literal ARN is checked',
      host: 'terraform',
      code: terraform,
      errors: [
        {
          messageId: 'noRegionOrAccount',
          ...spanOf(terraform, 'us-east-1'),
          output: null,
          suggestions: [{ title: 'Remove the region: "arn:aws:s3:::b/*"', output: terraform.replace('arn:aws:s3:us-east-1::b/*', 'arn:aws:s3:::b/*') }],
        },
      ],
    },
    {
      name: 'too few fields',
      code: shortArn,
      errors: [
        {
          messageId: 'tooFewFields',
          message: 'has 4 colon-separated fields',
          ...spanOf(shortArn, '"arn:aws:s3:bucket"'),
          output: null,
          suggestions: [{ title: 'Add the missing colons: "arn:aws:s3:::bucket"', output: shortArn.replace('arn:aws:s3:bucket', 'arn:aws:s3:::bucket') }],
        },
      ],
    },
    {
      name: 'a missing colon in an ARN ending in * (not a truncated ARN)',
      code: missingColon,
      errors: [
        {
          messageId: 'tooFewFields',
          message: 'has 5 colon-separated fields',
          ...spanOf(missingColon, '"arn:aws:s3::my-bucket/*"'),
          output: null,
          suggestions: [{ title: 'Add the missing colon: "arn:aws:s3:::my-bucket/*"', output: missingColon.replace('arn:aws:s3::my-bucket/*', 'arn:aws:s3:::my-bucket/*') }],
        },
      ],
    },
    {
      name: 'a queue name in the account field (missing account): no suggestion',
      code: missingColonQueue,
      errors: [{ messageId: 'tooFewFields', message: 'has 5 colon-separated fields', ...spanOf(missingColonQueue, '"arn:aws:sqs:us-east-1:orders-*"'), output: null }],
    },
    {
      name: 'a truncated ARN with a trailing * still has its service checked',
      code: truncatedBadService,
      errors: [
        {
          messageId: 'unknownService',
          message: '"s3x" is not an AWS service namespace',
          ...spanOf(truncatedBadService, 's3x'),
          output: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:*"}]}',
        },
      ],
    },
    {
      name: 'not an ARN',
      code: notArn,
      errors: [{ messageId: 'notAnArn', message: 'is not an ARN', ...spanOf(notArn, '"my-bucket/*"'), output: null }],
    },
    {
      name: 'unknown partition',
      code: partition,
      errors: [{ messageId: 'unknownPartition', message: '"amazon" is not an AWS partition', ...spanOf(partition, 'amazon'), output: null }],
    },
    {
      name: 'retired service namespace: a warning that the data does not know it, no fix',
      code: retired,
      errors: [
        {
          messageId: 'retiredService',
          message: '"deeplens" is the namespace of AWS DeepLens (discontinued 2024)',
          ...spanOf(retired, 'deeplens', 1),
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 'unknown service with did-you-mean',
      code: service,
      errors: [
        {
          messageId: 'unknownService',
          message: '"s3x" is not an AWS service namespace. Did you mean "s3"',
          ...spanOf(service, 's3x'),
          output: service.replace('s3x', 's3'),
        },
      ],
    },
    {
      name: 'upper-case service',
      code: upperService,
      errors: [{ messageId: 'unknownService', message: 'Did you mean "s3"', ...spanOf(upperService, 'S3'), output: upperService.replace(':S3:', ':s3:') }],
    },
    {
      name: 'bad region',
      code: region,
      errors: [{ messageId: 'badRegion', message: '"us-east1" is not a region name', ...spanOf(region, 'us-east1'), output: null }],
    },
    {
      name: '11-digit account',
      code: account,
      errors: [{ messageId: 'badAccount', message: 'has 11 digits', ...spanOf(account, '12345678901'), output: null }],
    },
    {
      name: 'account that is not digits',
      code: accountLetters,
      errors: [{ messageId: 'badAccount', message: '"acct" is not an AWS account ID', ...spanOf(accountLetters, 'acct'), output: null }],
    },
    {
      name: 'S3 object ARN with region and account: both removed by the fix',
      code: s3Region,
      errors: [
        {
          messageId: 'noRegionOrAccount',
          message: 'object ARNs have no region and account',
          ...spanOf(s3Region, 'us-east-1:123456789012'),
          output: null,
          suggestions: [{ title: 'Remove the region and account: "arn:aws:s3:::b/*"', output: s3Region.replace('us-east-1:123456789012', ':') }],
        },
      ],
    },
    {
      name: 'S3 bucket ARN with an account',
      code: s3Account,
      errors: [
        {
          messageId: 'noRegionOrAccount',
          message: 'bucket ARNs have no account',
          ...spanOf(s3Account, '123456789012'),
          output: null,
          suggestions: [{ title: 'Remove the account: "arn:aws:s3:::b"', output: s3Account.replace('123456789012', '') }],
        },
      ],
    },
    {
      name: 'IAM role ARN with a Region: the message keeps the account, the fix drops only the Region',
      code: roleRegion,
      errors: [
        {
          messageId: 'noRegionOrAccount',
          message: 'role ARNs have no region (but do have an account)',
          ...spanOf(roleRegion, 'us-east-1'),
          output: null,
          suggestions: [{ title: 'Remove the region: "arn:aws:iam::123456789012:role/app"', output: roleRegion.replace('us-east-1', '') }],
        },
      ],
    },
    {
      name: 'IAM role ARN with no account',
      code: roleNoAccount,
      errors: [{ messageId: 'emptyAccount', message: 'role ARNs have an account ID', ...spanOf(roleNoAccount, '::', 1), output: null }],
    },
    {
      name: 'SQS queue ARN with no account',
      code: queueNoAccount,
      errors: [{ messageId: 'emptyAccount', message: 'queue ARNs have an account ID', ...spanOf(queueNoAccount, '::'), output: null }],
    },
    {
      name: 'DynamoDB table ARN with no account',
      code: tableNoAccount,
      errors: [{ messageId: 'emptyAccount', message: 'table ARNs have an account ID', ...spanOf(tableNoAccount, '::'), output: null }],
    },
    {
      name: 'Lambda function ARN with no account',
      code: functionNoAccount,
      errors: [{ messageId: 'emptyAccount', message: 'function ARNs have an account ID', ...spanOf(functionNoAccount, '::'), output: null }],
    },
    {
      name: 'S3 access point ARN with no account, in a service whose buckets and objects have none',
      code: accessPointNoAccount,
      errors: [{ messageId: 'emptyAccount', message: 'accesspoint ARNs have an account ID', ...spanOf(accessPointNoAccount, '::'), output: null }],
    },
    {
      name: 'DynamoDB table ARN with no Region',
      code: tableNoRegion,
      errors: [{ messageId: 'emptyRegion', message: 'table ARNs have a Region', ...spanOf(tableNoRegion, '::'), output: null }],
    },
    {
      name: 'a resource part no resource type of the service has: a warning',
      code: tableTypo,
      errors: [{ messageId: 'noResourceType', message: '"tabel/Orders" is the resource part of no Amazon DynamoDB resource type', ...spanOf(tableTypo, 'tabel/Orders'), severity: 'warning', output: null }],
    },
    {
      name: 'a wildcard in the service field: information',
      code: wildService,
      errors: [{ messageId: 'wildcardService', message: 'The service field "*code*" has a wildcard', ...spanOf(wildService, '*code*'), severity: 'info', output: null }],
    },
    {
      name: 'policy variable in the account field',
      code: variableInAccount,
      errors: [
        { messageId: 'variableBeforeResource', message: 'only replaced in the resource part', ...spanOf(variableInAccount, '${aws:PrincipalAccount}'), output: null },
      ],
    },
  ],
});
