// Fixtures for iam/full-admin.

import { fullAdmin } from '../../server/src/engine/rules/iam/fullAdmin';
import { runRuleTests } from '../support/ruleTester';

const V = '{"Version":"2012-10-17","Statement":[';
/** A Terraform policy whose Resource is `resource` (HCL). */
const TF = (resource: string): string =>
  `resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "*", Resource = ${resource} }]\n  })\n}\n`;

runRuleTests(fullAdmin, {
  valid: [
    { name: 'a service wildcard', code: V + '{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' },
    { name: 'everything on one resource', code: V + '{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}' },
    { name: 'Deny', code: V + '{"Effect":"Deny","Action":"*","Resource":"*"}]}' },
    { name: 'FullAWSAccess SCP', policyType: 'scp', code: V + '{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    { name: 'a Terraform reference is an unknown value, not "*"', host: 'terraform', code: TF('aws_s3_bucket.b.arn') },
    { name: 'KMS key policy root statement (kms:*, not *)', code: V + '{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'AdministratorAccess',
      code: V + '{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      errors: [{ messageId: 'fullAdmin', message: 'full administrator access', line: 1, column: 65, endLine: 1, endColumn: 68, severity: 'warning', output: null }],
    },
    {
      name: '*:* in a list, with a condition',
      code: V + '{"Effect":"Allow","Action":["s3:GetObject","*:*"],"Resource":["arn:aws:s3:::b","*"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}',
      errors: [{ messageId: 'fullAdminWithCondition', message: 'limited only by its condition', line: 1, column: 81, endLine: 1, endColumn: 86, output: null }],
    },
    {
      name: 'a literal "*" Resource in Terraform',
      host: 'terraform',
      code: TF('"*"'),
      errors: [{ messageId: 'fullAdmin', line: 4, column: 47, endLine: 4, endColumn: 50, output: null }],
    },
  ],
});
