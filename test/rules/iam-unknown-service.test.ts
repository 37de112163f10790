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
const emptyName = policy('["s3:", "s3:GetObject"]');
const innerSpace = policy('["s3:Get Object"]');
const serviceSpace = policy('["s 3:GetObject"]');
const accent = policy('["s3:GetObjéct"]');
const zeroWidth = policy('["s3:GetObject\u200b"]');
const secondColon = policy('["s3:Get:Object"]');
const emptyString = policy('[""]');
const unknownWithSpace = policy('["s3:Get Objects"]');

runRuleTests(unknownService, {
  valid: [
    { code: policy('["s3:GetObject", "dynamodb:GetItem", "logs:CreateLogGroup"]') },
    { name: 'prefixes are case-insensitive', code: policy('["S3:GetObject", "DynamoDB:GetItem"]') },
    { name: 'service wildcards that match a service', code: policy('["s3*:Get*", "*:Describe*"]') },
    { name: '* alone', code: policy('"*"') },
    { name: 'placeholders are iam/placeholder’s', code: policy('["<service>:GetObject"]') },
    { name: 'unknown action in a known service is iam/unknown-action’s', code: policy('["s3:GetObjects"]') },
    { name: 'every character AWS uses in actions (digits, -, _, .)', code: policy('["ec2-instance-connect:SendSSHPublicKey", "s3:Get*", "sqs:?etQueueUrl", "s3:Get_Object", "s3:Get.Object"]') },
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
    {
      name: 'nothing after the colon',
      code: emptyName,
      errors: [{ messageId: 'emptyActionName', message: '"s3:" has no action name after the colon', ...spanOf(emptyName, '"s3:"'), output: null }],
    },
    {
      name: 'a space inside the name: removing it gives a known action, so that is the (safe) fix',
      code: innerSpace,
      errors: [{ messageId: 'blankInAction', message: '"s3:Get Object" contains a space', ...spanOf(innerSpace, '"s3:Get Object"'), output: policy('["s3:GetObject"]') }],
    },
    {
      name: 'a space inside the service prefix',
      code: serviceSpace,
      errors: [{ messageId: 'blankInAction', message: '"s 3:GetObject" contains a space', ...spanOf(serviceSpace, '"s 3:GetObject"'), output: policy('["s3:GetObject"]') }],
    },
    {
      name: 'an invisible character (zero-width space) from copy-paste',
      code: zeroWidth,
      errors: [{ messageId: 'blankInAction', message: 'contains an invisible character (U+200B)', line: 1, column: 66, endLine: 1, endColumn: 81, output: policy('["s3:GetObject"]') }],
    },
    {
      name: 'an accented letter: named, not fixed (a guess)',
      code: accent,
      errors: [
        {
          messageId: 'invalidCharacter',
          message:
            '"s3:GetObjéct" contains "é" (U+00E9), which no action has: an action is service:Action, with letters, digits and - in the service and also _ and . in the action name. Did you mean "s3:GetObject"?',
          line: 1, column: 66, endLine: 1, endColumn: 80,
          output: null,
        },
      ],
    },
    {
      name: 'removing the space gives no known action: reported, no fix',
      code: unknownWithSpace,
      errors: [{ messageId: 'blankInAction', message: '"s3:Get Objects" contains a space', line: 1, column: 66, endLine: 1, endColumn: 82, output: null }],
    },
    {
      name: 'a second colon',
      code: secondColon,
      errors: [{ messageId: 'secondColon', message: '"s3:Get:Object" has a second colon', line: 1, column: 66, endLine: 1, endColumn: 81, output: null }],
    },
    {
      name: 'an empty string',
      code: emptyString,
      errors: [{ messageId: 'emptyAction', message: 'An empty string is not an action', ...spanOf(emptyString, '""'), output: null }],
    },
  ],
});
