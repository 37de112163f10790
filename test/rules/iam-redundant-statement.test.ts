// Fixtures for iam/redundant-statement.

import { redundantStatement } from '../../server/src/engine/rules/iam/redundantStatement';
import { runRuleTests } from '../support/ruleTester';

const policy = (...statements: string[]): string => `{"Version":"2012-10-17","Statement":[\n${statements.join(',\n')}\n]}`;
const READ = '{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}';
const SECOND = { line: 3, column: 1, endLine: 3, endColumn: 2 };

runRuleTests(redundantStatement, {
  valid: [
    { name: 'different actions', code: policy(READ, '{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}') },
    { name: 'different effect', code: policy(READ, '{"Effect":"Deny","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}') },
    { name: 'resources differ in case', code: policy('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::B/*"}', '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}') },
    {
      name: 'different condition values',
      code: policy(
        '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"}}}',
        '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"b"}}}',
      ),
    },
    { name: 'Action vs NotAction', code: policy('{"Effect":"Deny","Action":"s3:*","Resource":"*"}', '{"Effect":"Deny","NotAction":"s3:*","Resource":"*"}') },
    { name: 'an unknown element is not compared', code: policy('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Foo":1}', '{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Foo":2}') },
    {
      name: 'Terraform references are unknown, not equal',
      host: 'terraform',
      code: 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      { Effect = "Allow", Action = "s3:GetObject", Resource = var.a },\n      { Effect = "Allow", Action = "s3:GetObject", Resource = var.b },\n    ]\n  })\n}\n',
    },
    { name: 'a single statement object', code: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}' },
  ],
  invalid: [
    {
      name: 'same statement, other Sid, other order, other case, string vs list',
      code: policy(READ, '{"Sid":"Again","Effect":"Allow","Action":["s3:listbucket","s3:GetObject","s3:GetObject"],"Resource":["*"]}'),
      errors: [
        {
          messageId: 'repeats',
          message: 'This statement repeats the statement on line 2',
          ...SECOND,
          severity: 'info',
          output: null,
          suggestions: [{ title: 'Remove this statement', output: policy(READ) }],
        },
      ],
    },
    {
      name: 'resource policy statements with principals and conditions in another order',
      code: policy(
        '{"Effect":"Allow","Principal":{"AWS":["111122223333","444455556666"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}',
        '{"Condition":{"StringEquals":{"AWS:SourceVpce":["vpce-1a2b3c4d"]},"Bool":{"aws:SecureTransport":true}},"Effect":"Allow","Principal":{"AWS":["444455556666","111122223333"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}',
      ),
      errors: [
        {
          messageId: 'repeats',
          ...SECOND,
          output: null,
          suggestions: [
            {
              title: 'Remove this statement',
              output: policy('{"Effect":"Allow","Principal":{"AWS":["111122223333","444455556666"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}'),
            },
          ],
        },
      ],
    },
  ],
});
