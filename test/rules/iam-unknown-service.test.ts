// Fixtures for iam/unknown-service.

import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const policy = (actions: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":${actions},"Resource":"*"}]}`;

const s3x = policy('["s3x:GetObject"]');
const dynamo = policy('"dynamo:GetItem"');
const doubleColon = policy('["sagemaker::CreateModel"]');
const noService = policy('["GetObject"]');
const wildService = policy('["zz*:Get*"]');
const retired = policy('["deepracer:ListModels", "s3:GetObject"]');
const escaped = policy('["s3x:Get\\u004fbject"]');
const emptyName = policy('["s3:", "s3:GetObject"]');
const innerSpace = policy('["s3:Get Object"]');
const serviceSpace = policy('["s 3:GetObject"]');
const accent = policy('["s3:GetObjéct"]');
const zeroWidth = policy('["s3:GetObject\u200b"]');
const secondColon = policy('["s3:Get:Object"]');
const emptyString = policy('[""]');
const unknownWithSpace = policy('["s3:Get Objects"]');

runRuleTests('iam/unknown-service', {
  kind: 'iam-policy',
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
      errors: [{ message: '"deepracer" is the prefix of AWS DeepRacer console (removed from the reference), which the Service Authorization Reference does not list', severity: 'warning', ...spanOf(retired, 'deepracer'), fixes: [] }],
    },
    {
      name: 's3x → s3, only the prefix is replaced',
      code: s3x,
      errors: [{ message: '"s3x" is not an AWS service prefix. Did you mean "s3"', ...spanOf(s3x, 's3x'), fixes: [s3x.replace('s3x:', 's3:')] }],
    },
    {
      name: 'product name dynamo → dynamodb (curated alias, preferred)',
      code: dynamo,
      errors: [{ message: 'Did you mean "dynamodb"?', ...spanOf(dynamo, 'dynamo'), fixes: [dynamo.replace('dynamo:', 'dynamodb:')] }],
    },
    {
      name: 'double colon',
      code: doubleColon,
      errors: [{ message: 'double colon', ...spanOf(doubleColon, '::'), fixes: [doubleColon.replace('::', ':')] }],
    },
    {
      name: 'no service prefix',
      code: noService,
      errors: [{ message: 'not of the form service:Action', ...spanOf(noService, '"GetObject"'), fixes: [] }],
    },
    {
      name: 'service wildcard that matches nothing',
      code: wildService,
      errors: [{ message: 'matches no AWS service prefix', ...spanOf(wildService, 'zz*') }],
    },
    {
      name: 'nothing after the colon',
      code: emptyName,
      errors: [{ message: '"s3:" has no action name after the colon', ...spanOf(emptyName, '"s3:"'), fixes: [] }],
    },
    {
      name: 'a space inside the name: removing it gives a known action, so that is the fix',
      code: innerSpace,
      errors: [{ message: '"s3:Get Object" contains a space', ...spanOf(innerSpace, '"s3:Get Object"'), fixes: [policy('["s3:GetObject"]')] }],
    },
    {
      name: 'a space inside the service prefix',
      code: serviceSpace,
      errors: [{ message: '"s 3:GetObject" contains a space', ...spanOf(serviceSpace, '"s 3:GetObject"'), fixes: [policy('["s3:GetObject"]')] }],
    },
    {
      name: 'an invisible character (zero-width space) from copy-paste',
      code: zeroWidth,
      errors: [{ message: 'contains an invisible character (U+200B)', fixes: [policy('["s3:GetObject"]')] }],
    },
    {
      name: 'an accented letter: named, not fixed (a guess)',
      code: accent,
      errors: [{ message: '"s3:GetObjéct" contains "é" (U+00E9), which no action has: an action is service:Action, with letters, digits and - in the service and also _ and . in the action name. Did you mean "s3:GetObject"?', fixes: [] }],
    },
    {
      name: 'removing the space gives no known action: reported, no fix',
      code: unknownWithSpace,
      errors: [{ message: '"s3:Get Objects" contains a space', fixes: [] }],
    },
    {
      name: 'a second colon',
      code: secondColon,
      errors: [{ message: '"s3:Get:Object" has a second colon', fixes: [] }],
    },
    {
      name: 'an empty string',
      code: emptyString,
      errors: [{ message: 'An empty string is not an action', ...spanOf(emptyString, '""'), fixes: [] }],
    },
    {
      name: 'escaped token: whole token reported, no fix (offsets would be wrong)',
      code: escaped,
      errors: [{ message: '"s3x" is not an AWS service prefix', ...spanOf(escaped, '"s3x:Get\\u004fbject"'), fixes: [] }],
    },
  ],
});
