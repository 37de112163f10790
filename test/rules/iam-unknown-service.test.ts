// Fixtures for iam/unknown-service.

import { unknownService } from '../../server/src/engine/rules/iam/unknownService';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const policy = (actions: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${actions},"Resource":"*"}]}`;

const s3x = policy('["s3x:GetObject"]');
const dynamo = policy('"dynamo:GetItem"');
const doubleColon = policy('["sagemaker::CreateModel"]');
const noService = policy('["GetObject"]');
const wildService = policy('["zz*:Get*"]');
const retired = policy('["deepracer:ListModels", "s3:GetObject"]');
const escapedName = policy('["s3x:Get\\u004fbject"]');
const escapedPrefix = policy('["s\\u0033x:GetObject"]');

runRuleTests(unknownService, {
  valid: [
    { code: policy('["s3:GetObject", "dynamodb:GetItem", "logs:CreateLogGroup"]') },
    { name: 'prefixes are case-insensitive', code: policy('["S3:GetObject", "DynamoDB:GetItem"]') },
    { name: 'service wildcards that match a service', code: policy('["s3*:Get*", "*:Describe*"]') },
    { name: '* alone', code: policy('"*"') },
    { name: 'placeholders are iam/placeholder’s', code: policy('["<service>:GetObject"]') },
    { name: 'unknown action in a known service is iam/unknown-action’s', code: policy('["s3:GetObjects"]') },
  ],
  invalid: [
    {
      // ReadOnlyAccess, SecurityAudit (AWS managed policies): a real, retired prefix the reference no longer lists.
      name: 'retired service deepracer: a warning that the data does not know it, no fix',
      code: retired,
      errors: [
        {
          messageId: 'retiredService',
          message: '"deepracer" is the prefix of AWS DeepRacer console (removed from the reference), which the Service Authorization Reference does not list',
          ...spanOf(retired, 'deepracer'),
          severity: 'warning',
          output: null,
        },
      ],
    },
    {
      name: 's3x → s3, only the prefix is replaced',
      code: s3x,
      errors: [
        { messageId: 'unknownService', message: '"s3x" is not an AWS service prefix. Did you mean "s3"', ...spanOf(s3x, 's3x'), output: s3x.replace('s3x:', 's3:') },
      ],
    },
    {
      name: 'product name dynamo → dynamodb (curated alias, preferred)',
      code: dynamo,
      errors: [
        {
          messageId: 'unknownService',
          message: 'Did you mean "dynamodb"?',
          ...spanOf(dynamo, 'dynamo'),
          output: null,
          suggestions: [{ title: 'Change the service prefix to "dynamodb"', output: dynamo.replace('dynamo:', 'dynamodb:') }],
        },
      ],
    },
    {
      name: 'double colon',
      code: doubleColon,
      errors: [{ messageId: 'doubleColon', message: 'double colon', ...spanOf(doubleColon, '::'), output: doubleColon.replace('::', ':') }],
    },
    {
      name: 'no service prefix',
      code: noService,
      errors: [{ messageId: 'notServiceAction', message: 'not of the form service:Action', ...spanOf(noService, '"GetObject"'), output: null }],
    },
    {
      name: 'service wildcard that matches nothing',
      code: wildService,
      errors: [{ messageId: 'unknownServicePattern', message: 'matches no AWS service prefix', ...spanOf(wildService, 'zz*'), output: null }],
    },
    {
      name: 'an escape after the prefix: the prefix is still found and fixed in place',
      code: escapedName,
      errors: [{ messageId: 'unknownService', message: '"s3x" is not an AWS service prefix', ...spanOf(escapedName, 's3x'), output: escapedName.replace('s3x:', 's3:') }],
    },
    {
      name: 'an escape inside the prefix: the whole token is reported, and the fix rewrites the whole string',
      code: escapedPrefix,
      errors: [
        {
          messageId: 'unknownService',
          message: '"s3x" is not an AWS service prefix',
          ...spanOf(escapedPrefix, '"s\\u0033x:GetObject"'),
          output: escapedPrefix.replace('"s\\u0033x:GetObject"', '"s3:GetObject"'),
        },
      ],
    },
  ],
});
