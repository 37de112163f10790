// Fixtures for iam/public-principal.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lintText } from '../../server/src/engine/lint';
import { testData } from '../support/data';
import { publicPrincipal } from '../../server/src/engine/rules/iam/publicPrincipal';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
const READ = '"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"';

runRuleTests(publicPrincipal, {
  valid: [
    { name: 'restricted by aws:SourceArn', code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::src"}}}]}` },
    { name: 'restricted by aws:PrincipalOrgID', code: V + `{"Effect":"Allow","Principal":{"AWS":"*"},${READ},"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}` },
    { name: 'restricted by network (aws:SourceVpce, aws:SourceIp)', code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}},{"Effect":"Allow","Principal":"*",${READ},"Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}` },
    { name: 'KMS key policy restricted by kms:CallerAccount', code: V + '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}' },
    { name: 'organization paths with ForAnyValue', code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}}]}` },
    { name: 'Deny to everyone', code: V + `{"Effect":"Deny","Principal":"*",${READ},"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}` },
    { name: 'a named account', code: V + `{"Effect":"Allow","Principal":{"AWS":"111122223333"},${READ}}]}` },
    { name: 'a service principal', code: V + `{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},${READ}}]}` },
  ],
  invalid: [
    {
      name: 'public read bucket policy',
      code: V + `{"Effect":"Allow","Principal":"*",${READ}}]}`,
      errors: [
        { messageId: 'public', message: 'allows everyone, anonymous users included', line: 1, column: 68, endLine: 1, endColumn: 71, severity: 'warning', output: null },
      ],
    },
    {
      name: '{"AWS": "*"} among others, aws:Referer restricts nothing',
      code: V + `{"Effect":"Allow","Principal":{"AWS":["111122223333","*"]},${READ},"Condition":{"StringLike":{"aws:Referer":"https://example.com/*"}}}]}`,
      errors: [{ messageId: 'public', message: 'allows everyone', line: 1, column: 91, endLine: 1, endColumn: 94, output: null }],
    },
    {
      name: 'a bare Null test restricts nothing',
      code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"Null":{"aws:SourceArn":"false"}}}]}`,
      errors: [{ messageId: 'public', message: 'allows everyone', line: 1, column: 68, endLine: 1, endColumn: 71, output: null }],
    },
    {
      name: 'negated and IfExists conditions do not narrow an Allow',
      code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"StringNotEquals":{"aws:SourceAccount":"111122223333"}}},{"Effect":"Allow","Principal":"*",${READ},"Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}]}`,
      errors: [
        { messageId: 'public', message: 'allows everyone', line: 1, column: 68, endLine: 1, endColumn: 71, output: null },
        { messageId: 'public', message: 'allows everyone', line: 1, column: 226, endLine: 1, endColumn: 229, output: null },
      ],
    },
    {
      name: 'an external id alone does not restrict who assumes the role',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"12345"}}}]}',
      errors: [{ messageId: 'anyoneCanAssume', message: 'Anyone can assume this role', line: 1, column: 75, endLine: 1, endColumn: 78, output: null }],
    },
    {
      name: 'trust policy anyone can assume',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}',
      errors: [{ messageId: 'anyoneCanAssume', message: 'Anyone can assume this role', line: 1, column: 75, endLine: 1, endColumn: 78, output: null }],
    },
  ],
});

it('iam/public-principal: an interpolated principal ("${var.role_arn}") is unknown, not everyone', () => {
  const tf = 'resource "aws_s3_bucket_policy" "b" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { AWS = "${var.role_arn}" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]\n  })\n}\n';
  const lint = (text: string) => lintText(text, { data: testData(), kind: 'iam-policy', host: 'terraform' }).findings.filter((f) => f.ruleId === 'iam/public-principal' || f.ruleId === 'iam/principal-invalid');
  assert.deepEqual(lint(tf).map((f) => f.message), []);
  assert.deepEqual(lint(tf.replace('"${var.role_arn}"', '"*"')).map((f) => f.ruleId), ['iam/public-principal']);
});
