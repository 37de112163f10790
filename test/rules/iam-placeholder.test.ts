// Fixtures for iam/placeholder.

import { placeholder } from '../../server/src/engine/rules/iam/placeholder';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';

runRuleTests(placeholder, {
  valid: [
    {
      name: 'policy variables, $folder$ keys and wildcards are not placeholders',
      code: V + '{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b/${aws:username}/*","arn:aws:s3:::b/_$folder$","arn:aws:s3:::b/${*}","arn:aws:s3:::b/home/${aws:PrincipalTag/team}/*"]}]}',
    },
    { name: 'placeholders in Sid and Id are free text', code: '{"Version":"2012-10-17","Id":"<policy id>","Statement":[{"Sid":"<sid>","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' },
    { name: 'seed 004: real account and bucket names', code: V + '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::467398596935:root"},"Action":"s3:DeleteObject","Resource":"arn:aws:s3:::my-backups-oregon/467398596935/*_$folder$"}]}' },
  ],
  invalid: [
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
