// Fixtures for iam/placeholder.

import { placeholder } from '../../server/src/engine/rules/iam/placeholder';
import { runRuleTests } from '../support/ruleTester';
import { spanOf } from '../support/positions';

const V = '{"Version":"2012-10-17","Statement":[';

/** A plain JSON policy with the template leftovers of a CloudFormation `Fn::Sub` and of Terraform interpolations. */
const leftovers =
  V +
  '{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:${AWS::Partition}:s3:::b-${AWS::AccountId}-${AWS::Region}/*","arn:aws:s3:::${var.bucket}/${local.prefix}/*","arn:aws:s3:::b/${data.aws_caller_identity.current.account_id}/*"]}]}';

/** The same values where they belong: in a CloudFormation `!Sub` and in Terraform interpolations (deploy-time values). */
const CFN =
  'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource:\n              - !Sub "arn:${AWS::Partition}:s3:::b-${AWS::AccountId}-${AWS::Region}/${!aws:username}/*"\n              - Fn::Sub: arn:aws:s3:::${Bucket}/*\n';
/** A pseudo parameter in a plain string of a template (no `!Sub`): CloudFormation passes it to IAM as written. */
const cfnWithoutSub =
  'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: "arn:aws:s3:::b-${AWS::AccountId}/*"\n';
const TF =
  'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = ["arn:aws:s3:::${var.bucket}/${local.prefix}/*", "arn:aws:s3:::b/${data.aws_caller_identity.current.account_id}/$${aws:username}/*", "<${var.x}>"] }]\n  })\n}\n';

runRuleTests(placeholder, {
  valid: [
    {
      name: 'policy variables, $folder$ keys and wildcards are not placeholders',
      code: V + '{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b/${aws:username}/*","arn:aws:s3:::b/_$folder$","arn:aws:s3:::b/${*}","arn:aws:s3:::b/home/${aws:PrincipalTag/team}/*"]}]}',
    },
    { name: 'placeholders in Sid and Id are free text', code: '{"Version":"2012-10-17","Id":"<policy id>","Statement":[{"Sid":"<sid>","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'CloudFormation pseudo parameters in !Sub are deploy-time values, not findings', host: 'cloudformation', code: CFN },
    { name: 'Terraform interpolations are deploy-time values, not findings (nor text around them)', host: 'terraform', code: TF },
    {
      name: 'web identity and SAML variables are policy variables',
      code: V + '{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b/${www.amazon.com:user_id}/*","arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*","arn:aws:s3:::b/${saml:sub}/*"]}]}',
    },
    { name: 'an empty ${} is iam/policy-variable\'s, not a placeholder', code: V + '{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${}/*"}]}' },
    { name: 'seed 004: real account and bucket names', code: V + '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::467398596935:root"},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::my-backups-oregon/467398596935/*_$folder$"}]}' },
  ],
  invalid: [
    {
      name: 'the document model decides: a pseudo parameter written literally in a template (no !Sub) reaches IAM as text',
      host: 'cloudformation',
      code: cfnWithoutSub,
      errors: [{ messageId: 'templateLeftover', message: 'or have the template substitute it', ...spanOf(cfnWithoutSub, '${AWS::AccountId}'), output: null }],
    },
    {
      name: 'template leftovers in a plain JSON policy are placeholders named by their template syntax, not policy variables',
      code: leftovers,
      errors: [
        { messageId: 'templateLeftover', message: '${AWS::Partition} is a CloudFormation pseudo parameter left from a template', ...spanOf(leftovers, '${AWS::Partition}'), output: null },
        { messageId: 'templateLeftover', message: '${AWS::AccountId} is a CloudFormation pseudo parameter', ...spanOf(leftovers, '${AWS::AccountId}'), output: null },
        { messageId: 'templateLeftover', message: '${AWS::Region} is a CloudFormation pseudo parameter', ...spanOf(leftovers, '${AWS::Region}'), output: null },
        { messageId: 'templateLeftover', message: '${var.bucket} is a Terraform input variable left from a template', ...spanOf(leftovers, '${var.bucket}'), output: null },
        { messageId: 'templateLeftover', message: '${local.prefix} is a Terraform local value', ...spanOf(leftovers, '${local.prefix}'), output: null },
        { messageId: 'templateLeftover', message: 'is a Terraform data source attribute', ...spanOf(leftovers, '${data.aws_caller_identity.current.account_id}'), output: null },
      ],
    },
    {
      name: 'seed 000: <S3-source-bucket-name> inside an ARN (range = the placeholder only)',
      code: V + '{"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::<S3-source-bucket-name>"]}]}',
      errors: [
        {
          messageId: 'angle',
          message: 'Unfilled placeholder <S3-source-bucket-name>',
          line: 1, column: 107, endLine: 1, endColumn: 130,
          severity: 'error',
          output: null,
        },
      ],
    },
    {
      name: 'seed 001: ${region} and ${account_id} template variables',
      code: V + '{"Effect":"Allow","Action":"logs:GetLogEvents","Resource":"arn:aws:logs:${region}:${account_id}:log-group:/aws/lambda/tonic-*"}]}',
      errors: [
        { messageId: 'templateVariable', message: 'Unfilled template variable ${region}', line: 1, column: 110, endLine: 1, endColumn: 119, output: null },
        { messageId: 'templateVariable', message: 'Unfilled template variable ${account_id}', line: 1, column: 120, endLine: 1, endColumn: 133, output: null },
      ],
    },
    {
      name: 'seed 003: placeholder principal and bucket ARN',
      code: V + '{"Sid":"Bucket Permissions","Effect":"Allow","Principal":{"AWS":"<account-a-agent-task-role-arn>"},"Action":"s3:ListBucket","Resource":"<account-b-bucket-arn>"}]}',
      errors: [
        { messageId: 'angle', message: '<account-a-agent-task-role-arn>', line: 1, column: 103, endLine: 1, endColumn: 134, output: null },
        { messageId: 'angle', message: '<account-b-bucket-arn>', line: 1, column: 174, endLine: 1, endColumn: 196, output: null },
      ],
    },
    {
      name: 'sample words, mustache variables and placeholder condition keys',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::YOUR_ACCOUNT_ID:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::your-bucket-name/*","Condition":{"StringEquals":{"aws:SourceVpce":"{{vpce_id}}","aws:ResourceTag/${TagKey}":"x"}}}]}',
      errors: [
        { messageId: 'sampleValue', message: 'Placeholder YOUR_ACCOUNT_ID', line: 1, column: 89, endLine: 1, endColumn: 104, output: null },
        { messageId: 'sampleValue', message: 'Placeholder your-bucket-name', line: 1, column: 161, endLine: 1, endColumn: 177, output: null },
        { messageId: 'templateVariable', message: 'Unfilled template variable {{vpce_id}}', line: 1, column: 228, endLine: 1, endColumn: 239, output: null },
        { messageId: 'templateVariable', message: 'Unfilled template variable ${TagKey}', line: 1, column: 258, endLine: 1, endColumn: 267, output: null },
      ],
    },
    {
      name: 'an escape earlier in the string does not shift the range',
      code: V + '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/\\u0041/<prefix>"}]}',
      errors: [{ messageId: 'angle', message: '<prefix>', line: 1, column: 114, endLine: 1, endColumn: 122, output: null }],
    },
  ],
});
