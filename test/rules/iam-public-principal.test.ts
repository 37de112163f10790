// Fixtures for iam/public-principal.

import { publicPrincipal } from '../../server/src/engine/rules/iam/publicPrincipal';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
const READ = '"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"';
/** A Terraform bucket policy whose AWS principal is `principal` (HCL). */
const TF = (principal: string): string =>
  `resource "aws_s3_bucket_policy" "b" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { AWS = ${principal} }, Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]\n  })\n}\n`;

runRuleTests(publicPrincipal, {
  valid: [
    { name: 'restricted by aws:SourceArn', code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3:::src"}}}]}` },
    { name: 'restricted by aws:PrincipalOrgID', code: V + `{"Effect":"Allow","Principal":{"AWS":"*"},${READ},"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}` },
    { name: 'restricted by network (aws:SourceVpce, aws:SourceIp)', code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}},{"Effect":"Allow","Principal":"*",${READ},"Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}` },
    { name: 'KMS key policy restricted by kms:CallerAccount', code: V + '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"s3.us-east-1.amazonaws.com"}}}]}' },
    { name: 'organization paths with ForAnyValue', code: V + `{"Effect":"Allow","Principal":"*",${READ},"Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}}]}` },
    { name: 'an interpolated principal ("${var.role_arn}") is unknown, not everyone', host: 'terraform', code: TF('"${var.role_arn}"') },
    { name: 'Deny to everyone', code: V + `{"Effect":"Deny","Principal":"*",${READ},"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}` },
    { name: 'a named account', code: V + `{"Effect":"Allow","Principal":{"AWS":"111122223333"},${READ}}]}` },
    { name: 'a service principal', code: V + `{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},${READ}}]}` },
    { name: '"Principal": "*" as a string in a trust policy is iam/trust-policy\'s error', code: V + '{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}' },
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
      name: 'a literal "*" in Terraform',
      host: 'terraform',
      code: TF('"*"'),
      errors: [{ messageId: 'public', line: 4, column: 58, endLine: 4, endColumn: 61, output: null }],
    },
    {
      name: 'trust policy anyone can assume',
      code: V + '{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}',
      errors: [{ messageId: 'anyoneCanAssume', message: 'Anyone can assume this role', line: 1, column: 75, endLine: 1, endColumn: 78, output: null }],
    },
  ],
});
